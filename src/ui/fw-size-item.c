/* fw-size-item.c — one entry of the size window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See fw-size-item.h. The item is a view on a node of the window's tree
 * (or a copy of one of the largest files): figures are read from the node
 * when asked, so a correction of the tree (fw-size-removal.c) shows as
 * soon as the window bumps the revision.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-size-item.h"

struct _FwSizeItem
{
  GObject         parent_instance;

  FwSizeItemKind  kind;
  FwSizeNode     *node;
  FwSizeFile     *file;
  FwSizeItem     *parent;      /* a reference; fw_size_item_forget() drops it */
  gboolean        complete;
  GListStore     *children;
  guint           revision;

  /* A partial folder's figures. */
  guint64         disk;
  guint64         apparent;
  guint64         n_files;
  guint64         n_dirs;
  gint64          mtime;
};

G_DEFINE_FINAL_TYPE (FwSizeItem, fw_size_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REVISION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fw_size_item_finalize (GObject *object)
{
  FwSizeItem *self = FW_SIZE_ITEM (object);

  g_clear_object (&self->children);
  g_clear_object (&self->parent);
  g_clear_pointer (&self->file, fw_size_file_free);
  G_OBJECT_CLASS (fw_size_item_parent_class)->finalize (object);
}

static void
fw_size_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FwSizeItem *self = FW_SIZE_ITEM (object);

  switch (prop_id)
    {
    case PROP_REVISION:
      g_value_set_uint (value, self->revision);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_size_item_class_init (FwSizeItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fw_size_item_finalize;
  object_class->get_property = fw_size_item_get_property;

  /**
   * FwSizeItem:revision:
   *
   * Bumped whenever the item's figures (or its parent's, which its share
   * depends on) may have changed.
   */
  properties[PROP_REVISION] =
    g_param_spec_uint ("revision", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fw_size_item_init (FwSizeItem *self)
{
}

static void
partial_init (FwSizeItem *self)
{
  FwSizeNode *n = self->node;

  /* A folder whose listing is over: its own entry, its other files and
   * its file nodes are final; its subfolders come as they complete. */
  self->disk = n->disk_usage + n->rest_disk_usage;
  self->apparent = n->apparent_size + n->rest_apparent_size;
  self->n_files = n->n_rest;
  self->n_dirs = 1;
  self->mtime = MAX (n->mtime, n->rest_mtime);
  for (guint i = 0; i < n->n_children; i++)
    if (n->children[i]->kind != FW_SIZE_NODE_DIR)
      {
        self->disk += n->children[i]->total_disk_usage;
        self->apparent += n->children[i]->total_apparent_size;
        self->n_files += n->children[i]->total_files;
        self->mtime = MAX (self->mtime, n->children[i]->latest_mtime);
      }
}

FwSizeItem *
fw_size_item_new_entry (FwSizeNode *node,
                        FwSizeItem *parent,
                        gboolean    complete)
{
  FwSizeItem *self = g_object_new (FW_TYPE_SIZE_ITEM, NULL);

  self->kind = FW_SIZE_ITEM_ENTRY;
  self->node = node;
  self->parent = parent != NULL ? g_object_ref (parent) : NULL;
  self->complete = complete || node->kind != FW_SIZE_NODE_DIR;
  if (!self->complete)
    partial_init (self);
  return self;
}

FwSizeItem *
fw_size_item_new_other_files (FwSizeNode *folder,
                              FwSizeItem *parent)
{
  FwSizeItem *self = g_object_new (FW_TYPE_SIZE_ITEM, NULL);

  self->kind = FW_SIZE_ITEM_OTHER_FILES;
  self->node = folder;
  self->parent = g_object_ref (parent);
  self->complete = TRUE;
  return self;
}

FwSizeItem *
fw_size_item_new_large_file (const FwSizeFile *file)
{
  FwSizeItem *self = g_object_new (FW_TYPE_SIZE_ITEM, NULL);

  self->kind = FW_SIZE_ITEM_LARGE_FILE;
  self->file = fw_size_file_copy (file);
  self->complete = TRUE;
  return self;
}

FwSizeItemKind
fw_size_item_get_kind (FwSizeItem *self)
{
  g_return_val_if_fail (FW_IS_SIZE_ITEM (self), FW_SIZE_ITEM_ENTRY);
  return self->kind;
}

FwSizeNode *
fw_size_item_get_node (FwSizeItem *self)
{
  g_return_val_if_fail (FW_IS_SIZE_ITEM (self), NULL);
  return self->node;
}

const FwSizeFile *
fw_size_item_get_file (FwSizeItem *self)
{
  g_return_val_if_fail (FW_IS_SIZE_ITEM (self), NULL);
  return self->file;
}

FwSizeItem *
fw_size_item_get_parent (FwSizeItem *self)
{
  g_return_val_if_fail (FW_IS_SIZE_ITEM (self), NULL);
  return self->parent;
}

gboolean
fw_size_item_is_folder (FwSizeItem *self)
{
  g_return_val_if_fail (FW_IS_SIZE_ITEM (self), FALSE);
  return self->kind == FW_SIZE_ITEM_ENTRY && self->node != NULL &&
         self->node->kind == FW_SIZE_NODE_DIR;
}

gboolean
fw_size_item_get_complete (FwSizeItem *self)
{
  g_return_val_if_fail (FW_IS_SIZE_ITEM (self), FALSE);
  return self->complete;
}

void
fw_size_item_set_complete (FwSizeItem *self)
{
  g_return_if_fail (FW_IS_SIZE_ITEM (self));
  self->complete = TRUE;
}

void
fw_size_item_forget (FwSizeItem *self)
{
  g_return_if_fail (FW_IS_SIZE_ITEM (self));

  self->node = NULL;
  if (self->file != NULL)
    self->file->folder = NULL;
  if (self->children != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->children));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FwSizeItem) child = g_list_model_get_item (G_LIST_MODEL (self->children), i);

          fw_size_item_forget (child);
        }
      /* The rows hold their parent: no cycle left. */
      g_clear_object (&self->children);
    }
  g_clear_object (&self->parent);
  fw_size_item_bump (self);
}

char *
fw_size_item_dup_name (FwSizeItem *self)
{
  g_return_val_if_fail (FW_IS_SIZE_ITEM (self), NULL);

  if (self->kind == FW_SIZE_ITEM_LARGE_FILE)
    return g_filename_display_name (self->file->name);
  if (self->node == NULL)
    return g_strdup ("");
  if (self->kind == FW_SIZE_ITEM_OTHER_FILES)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, self->node->n_rest);

      /* TRANSLATORS: a folder's files that are not listed one by one; %s
       * is their number */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s other file", "%s other files",
                                           self->node->n_rest > G_MAXULONG ? G_MAXULONG
                                                                           : (gulong) self->node->n_rest),
                              count);
    }
  if (self->node->parent == NULL)
    return g_filename_display_basename (self->node->name);
  return g_filename_display_name (self->node->name);
}

char *
fw_size_item_dup_path (FwSizeItem *self)
{
  g_return_val_if_fail (FW_IS_SIZE_ITEM (self), NULL);

  if (self->kind == FW_SIZE_ITEM_LARGE_FILE)
    {
      g_autofree char *folder = NULL;

      if (self->file->folder == NULL)
        return NULL;
      folder = fw_size_node_get_path (self->file->folder);
      return g_build_filename (folder, self->file->name, NULL);
    }
  if (self->node == NULL)
    return NULL;
  /* The other files have no one path: their folder's. */
  return fw_size_node_get_path (self->node);
}

char *
fw_size_item_dup_folder (FwSizeItem *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GString *out = g_string_new (NULL);
  const FwSizeNode *at;

  g_return_val_if_fail (FW_IS_SIZE_ITEM (self), NULL);
  at = self->kind == FW_SIZE_ITEM_LARGE_FILE ? self->file->folder
     : self->node != NULL ? self->node->parent : NULL;
  for (; at != NULL && at->parent != NULL; at = at->parent)
    g_ptr_array_add (names, at->name);
  for (guint i = names->len; i > 0; i--)
    {
      g_autofree char *name = g_filename_display_name (g_ptr_array_index (names, i - 1));

      if (out->len > 0)
        g_string_append_c (out, '/');
      g_string_append (out, name);
    }
  return g_string_free (out, FALSE);
}

guint64
fw_size_item_get_size (FwSizeItem *self,
                       gboolean    apparent)
{
  g_return_val_if_fail (FW_IS_SIZE_ITEM (self), 0);

  if (self->kind == FW_SIZE_ITEM_LARGE_FILE)
    return apparent ? self->file->apparent_size : self->file->disk_usage;
  if (self->node == NULL)
    return 0;
  if (self->kind == FW_SIZE_ITEM_OTHER_FILES)
    return apparent ? self->node->rest_apparent_size : self->node->rest_disk_usage;
  if (!self->complete)
    return apparent ? self->apparent : self->disk;
  return apparent ? self->node->total_apparent_size : self->node->total_disk_usage;
}

guint64
fw_size_item_get_n_files (FwSizeItem *self)
{
  g_return_val_if_fail (FW_IS_SIZE_ITEM (self), 0);

  if (self->kind == FW_SIZE_ITEM_LARGE_FILE)
    return 1;
  if (self->node == NULL)
    return 0;
  if (self->kind == FW_SIZE_ITEM_OTHER_FILES)
    return self->node->n_rest;
  return self->complete ? self->node->total_files : self->n_files;
}

guint64
fw_size_item_get_n_dirs (FwSizeItem *self)
{
  g_return_val_if_fail (FW_IS_SIZE_ITEM (self), 0);

  if (self->kind != FW_SIZE_ITEM_ENTRY || self->node == NULL)
    return 0;
  return self->complete ? self->node->total_dirs : self->n_dirs;
}

gint64
fw_size_item_get_mtime (FwSizeItem *self)
{
  g_return_val_if_fail (FW_IS_SIZE_ITEM (self), 0);

  if (self->kind == FW_SIZE_ITEM_LARGE_FILE)
    return self->file->mtime;
  if (self->node == NULL)
    return 0;
  if (self->kind == FW_SIZE_ITEM_OTHER_FILES)
    return self->node->rest_mtime;
  return self->complete ? self->node->latest_mtime : self->mtime;
}

void
fw_size_item_add_partial (FwSizeItem *self,
                          gint64      disk,
                          gint64      apparent,
                          gint64      files,
                          gint64      dirs,
                          gint64      mtime)
{
  g_return_if_fail (FW_IS_SIZE_ITEM (self));

  for (FwSizeItem *at = self; at != NULL && !at->complete; at = at->parent)
    {
      at->disk += disk;
      at->apparent += apparent;
      at->n_files += files;
      at->n_dirs += dirs;
      at->mtime = MAX (at->mtime, mtime);
    }
}

GListStore *
fw_size_item_get_children (FwSizeItem *self)
{
  g_return_val_if_fail (FW_IS_SIZE_ITEM (self), NULL);

  if (self->children == NULL)
    self->children = g_list_store_new (FW_TYPE_SIZE_ITEM);
  return self->children;
}

void
fw_size_item_set_children (FwSizeItem *self,
                           GListStore *children)
{
  g_return_if_fail (FW_IS_SIZE_ITEM (self));
  g_set_object (&self->children, children);
}

GListStore *
fw_size_item_peek_children (FwSizeItem *self)
{
  g_return_val_if_fail (FW_IS_SIZE_ITEM (self), NULL);
  return self->children;
}

guint
fw_size_item_get_revision (FwSizeItem *self)
{
  g_return_val_if_fail (FW_IS_SIZE_ITEM (self), 0);
  return self->revision;
}

void
fw_size_item_bump (FwSizeItem *self)
{
  g_return_if_fail (FW_IS_SIZE_ITEM (self));
  self->revision++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVISION]);
}
