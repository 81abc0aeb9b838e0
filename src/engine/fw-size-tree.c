/* fw-size-tree.c — the tree of a size scan (FW_SIZE_RECORD_TREE)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A folder's job makes a node for each entry it keeps (fw-size-folder.c)
 * and, once listed, puts them in du's order (fw-size-order.c's places:
 * readdir's order, or by inode in a batch fts sorts). Each node is written
 * by one job only: its fields by its parent's job before the folder is
 * pushed, its children and sums by its own job. A folder completes once
 * its listing and every subfolder's subtree are over (FwSizeNode.pending:
 * 1 for the listing, plus one per subfolder), which streams the folders in
 * post-order to the tree hook; the window's tree grows from it.
 */
#include "config.h"

#include <string.h>

#include "fw-size-private.h"

/* One block per node: the structure, then its name (freed with it). */
static FwSizeNode *
node_alloc (FwSizeNode *parent,
            const char *name)
{
  gsize len = strlen (name);
  FwSizeNode *node = g_malloc (sizeof (FwSizeNode) + len + 1);

  memset (node, 0, sizeof (FwSizeNode));
  node->name = memcpy ((char *) (node + 1), name, len + 1);
  node->parent = parent;
  node->pending = 1;
  return node;
}

FwSizeNode *
fw_size_node_new (FwSizeNode        *parent,
                  const char        *name,
                  const struct stat *st)
{
  FwSizeNode *node = node_alloc (parent, name);

  node->kind = S_ISDIR (st->st_mode) ? FW_SIZE_NODE_DIR
             : S_ISREG (st->st_mode) ? FW_SIZE_NODE_FILE
             : FW_SIZE_NODE_OTHER;
  node->disk_usage = (guint64) st->st_blocks * 512;
  node->apparent_size = st->st_size > 0 ? (guint64) st->st_size : 0;
  node->mtime = st->st_mtime;
  node->dev = st->st_dev;
  node->ino = st->st_ino;
  node->nlink = st->st_nlink;
  /* Counted until the folder's job says otherwise (a repeated link); a
   * folder's totals are summed again once it completes. */
  node->counted = TRUE;
  node->total_disk_usage = node->disk_usage;
  node->total_apparent_size = node->apparent_size;
  node->total_files = node->kind == FW_SIZE_NODE_DIR ? 0 : 1;
  node->total_dirs = node->kind == FW_SIZE_NODE_DIR ? 1 : 0;
  node->latest_mtime = node->mtime;
  return node;
}

void
fw_size_node_set_uncounted (FwSizeNode *node)
{
  node->counted = FALSE;
  node->total_disk_usage = node->total_apparent_size = 0;
  node->total_files = node->total_dirs = 0;
}

/* A folder's totals, once it and its subfolders are complete. */
static void
node_sum (FwSizeNode *node)
{
  if (node->kind != FW_SIZE_NODE_DIR)
    return;
  node->total_disk_usage = node->disk_usage + node->rest_disk_usage;
  node->total_apparent_size = node->apparent_size + node->rest_apparent_size;
  node->total_files = node->n_rest;
  node->total_dirs = 1;
  node->latest_mtime = MAX (node->mtime, node->rest_mtime);
  for (guint i = 0; i < node->n_children; i++)
    {
      const FwSizeNode *c = node->children[i];

      node->total_disk_usage += c->total_disk_usage;
      node->total_apparent_size += c->total_apparent_size;
      node->total_files += c->total_files;
      node->total_dirs += c->total_dirs;
      node->latest_mtime = MAX (node->latest_mtime, c->latest_mtime);
    }
}

char *
fw_size_node_get_path (const FwSizeNode *node)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);
  for (; node != NULL; node = node->parent)
    g_ptr_array_add (names, node->name);
  for (guint i = names->len; i > 0; i--)
    {
      if (i < names->len && (out->len == 0 || out->str[out->len - 1] != '/'))
        g_string_append_c (out, '/');
      g_string_append (out, g_ptr_array_index (names, i - 1));
    }
  return g_string_free (out, FALSE);
}

FwSizeNode *
fw_size_node_find_child (const FwSizeNode *folder,
                         const char       *name)
{
  g_return_val_if_fail (folder != NULL && name != NULL, NULL);
  for (guint i = 0; i < folder->n_children; i++)
    if (strcmp (folder->children[i]->name, name) == 0)
      return folder->children[i];
  return NULL;
}

void
fw_size_file_free (FwSizeFile *file)
{
  if (file == NULL)
    return;
  g_free (file->name);
  g_free (file);
}

FwSizeFile *
fw_size_file_copy (const FwSizeFile *file)
{
  FwSizeFile *copy = g_memdup2 (file, sizeof *file);

  copy->name = g_strdup (file->name);
  return copy;
}

FwSizeNode *
fw_size_node_new_error (FwSizeNode *parent,
                        const char *name,
                        int         errnum)
{
  FwSizeNode *node = node_alloc (parent, name);

  node->kind = FW_SIZE_NODE_UNKNOWN;
  node->errnum = errnum;
  return node;   /* not counted: every total 0 */
}

typedef struct {
  guint64     place[2];
  FwSizeNode *node;
} Placed;

static gint
compare_placed (gconstpointer a,
                gconstpointer b)
{
  const Placed *x = a, *y = b;

  if (x->place[0] != y->place[0])
    return x->place[0] < y->place[0] ? -1 : 1;
  if (x->place[1] != y->place[1])
    return x->place[1] < y->place[1] ? -1 : 1;
  return 0;
}

void
fw_size_node_set_children (FwSizeNode          *node,
                           GPtrArray           *children,
                           const guint64       *met,
                           const FwSizeListing *listing)
{
  node->n_children = children->len;
  if (children->len == 0)
    return;
  if (listing->fs_may_sort)
    {
      /* fts sorts some batches by inode: sort by place (stable: a place
       * is unique within a folder). */
      g_autofree Placed *placed = g_new (Placed, children->len);

      for (guint i = 0; i < children->len; i++)
        {
          fw_size_listing_place (listing, met[2 * i], met[2 * i + 1], placed[i].place);
          placed[i].node = g_ptr_array_index (children, i);
        }
      qsort (placed, children->len, sizeof (Placed),
             (int (*) (const void *, const void *)) compare_placed);
      for (guint i = 0; i < children->len; i++)
        children->pdata[i] = placed[i].node;
    }
  node->children = (FwSizeNode **) g_ptr_array_steal (children, NULL);
}

void
fw_size_node_done (FwSizeState *state,
                   FwSizeNode  *node)
{
  while (node != NULL && g_atomic_int_dec_and_test (&node->pending))
    {
      node_sum (node);
      if (state->tree_hook != NULL)
        {
          g_autoptr(FwSizeScan) scan = g_weak_ref_get (&state->hook_scan);

          if (scan != NULL)
            state->tree_hook (scan, node, state->tree_hook_data);
        }
      node = node->parent;
    }
}

void
fw_size_node_free (FwSizeNode *node)
{
  g_autoptr(GPtrArray) stack = NULL;

  if (node == NULL)
    return;
  stack = g_ptr_array_new ();
  g_ptr_array_add (stack, node);
  while (stack->len > 0)
    {
      FwSizeNode *n = g_ptr_array_steal_index_fast (stack, stack->len - 1);

      for (guint i = 0; i < n->n_children; i++)
        g_ptr_array_add (stack, n->children[i]);
      g_free (n->children);
      g_free (n);   /* its name with it */
    }
}
