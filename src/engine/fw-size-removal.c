/* fw-size-removal.c — what trashing an entry of a size tree frees, and
 * the tree corrected without a rescan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See fw-size-removal.h. One thread, a complete tree. A file with several
 * links frees nothing; a folder frees its subtree less the files that
 * keep a name outside it (their names inside counted against st_nlink);
 * an entry whose trash folder is inside the scanned tree only moves.
 */
#include "config.h"

#include <string.h>

#include "fw-size-removal.h"

static const FwSizeNode *
tree_root (const FwSizeNode *node)
{
  while (node->parent != NULL)
    node = node->parent;
  return node;
}

static gboolean path_under (const char *top,
                            const char *path);

/* Whether @path is the root's path or lies under it. */
static gboolean
path_in_tree (const FwSizeNode *root,
              const char       *path)
{
  return path_under (root->name, path);
}

typedef struct {
  guint64 names;     /* names in the subtree */
  guint64 nlink;
  guint64 disk;      /* counted at a name in the subtree */
  guint64 apparent;
} Linked;

void
fw_size_removal_plan (const FwSizeNode *node,
                      const char       *trash_dir,
                      FwSizeRemoval    *removal)
{
  g_autoptr(GHashTable) linked = NULL;
  g_autoptr(GPtrArray) stack = NULL;
  GHashTableIter iter;
  Linked *l;

  g_return_if_fail (node != NULL && node->parent != NULL);
  g_return_if_fail (removal != NULL);

  memset (removal, 0, sizeof *removal);
  if (trash_dir != NULL && path_in_tree (tree_root (node), trash_dir))
    {
      removal->kind = FW_SIZE_REMOVAL_MOVES_INSIDE;
      return;
    }
  if (node->kind != FW_SIZE_NODE_DIR)
    {
      if (node->nlink > 1)
        removal->kind = FW_SIZE_REMOVAL_LINKED;
      else
        {
          removal->kind = FW_SIZE_REMOVAL_FREES;
          removal->disk_usage = node->total_disk_usage;
          removal->apparent_size = node->total_apparent_size;
        }
      return;
    }

  /* A folder: its total, less the files with a name left outside. */
  removal->kind = FW_SIZE_REMOVAL_FREES;
  removal->disk_usage = node->total_disk_usage;
  removal->apparent_size = node->total_apparent_size;
  linked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  stack = g_ptr_array_new ();
  g_ptr_array_add (stack, (gpointer) node);
  while (stack->len > 0)
    {
      const FwSizeNode *n = g_ptr_array_steal_index_fast (stack, stack->len - 1);

      for (guint i = 0; i < n->n_children; i++)
        g_ptr_array_add (stack, n->children[i]);
      if (n->kind == FW_SIZE_NODE_DIR || n->nlink <= 1)
        continue;
      /* Keyed by inode and device mixed: a collision only merges counts
       * of two linked files, never frees more than their totals. */
      {
        gint64 key = (gint64) (n->ino ^ (n->dev << 40));

        l = g_hash_table_lookup (linked, &key);
        if (l == NULL)
          {
            l = g_new0 (Linked, 1);
            l->nlink = n->nlink;
            g_hash_table_insert (linked, g_memdup2 (&key, sizeof key), l);
          }
        l->names++;
        l->disk += n->total_disk_usage;
        l->apparent += n->total_apparent_size;
      }
    }
  g_hash_table_iter_init (&iter, linked);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &l))
    if (l->names < l->nlink)
      {
        removal->disk_usage -= MIN (removal->disk_usage, l->disk);
        removal->apparent_size -= MIN (removal->apparent_size, l->apparent);
      }
}

void
fw_size_removal_plan_file (const FwSizeFile *file,
                           const char       *trash_dir,
                           FwSizeRemoval    *removal)
{
  g_return_if_fail (file != NULL && file->folder != NULL);
  g_return_if_fail (removal != NULL);

  memset (removal, 0, sizeof *removal);
  if (trash_dir != NULL && path_in_tree (tree_root (file->folder), trash_dir))
    removal->kind = FW_SIZE_REMOVAL_MOVES_INSIDE;
  else if (file->nlink > 1)
    removal->kind = FW_SIZE_REMOVAL_LINKED;
  else
    {
      removal->kind = FW_SIZE_REMOVAL_FREES;
      removal->disk_usage = file->disk_usage;
      removal->apparent_size = file->apparent_size;
    }
}

/* The deepest folder above @node that also holds @trash_dir (the root at
 * least: the trash is inside the tree). */
static gboolean
path_under (const char *top,
            const char *path)
{
  gsize len = strlen (top);

  while (len > 1 && top[len - 1] == '/')
    len--;
  if (strncmp (path, top, len) != 0)
    return FALSE;
  return path[len] == '\0' || path[len] == '/' || (len == 1 && top[0] == '/');
}

static const FwSizeNode *
common_folder (const FwSizeNode *node,
               const char       *trash_dir)
{
  for (const FwSizeNode *up = node->parent; up != NULL; up = up->parent)
    {
      g_autofree char *path = fw_size_node_get_path (up);

      if (up->parent == NULL || path_under (path, trash_dir))
        return up;
    }
  g_assert_not_reached ();
}

/* Adds (or takes, @sign < 0) figures to every folder from @from up to,
 * not including, @stop (NULL: the root included). */
static void
adjust_up (FwSizeNode       *from,
           const FwSizeNode *stop,
           int               sign,
           guint64           disk,
           guint64           apparent,
           guint64           files,
           guint64           dirs)
{
  for (FwSizeNode *up = from; up != NULL && up != stop; up = up->parent)
    {
      if (sign < 0)
        {
          up->total_disk_usage -= MIN (up->total_disk_usage, disk);
          up->total_apparent_size -= MIN (up->total_apparent_size, apparent);
          up->total_files -= MIN (up->total_files, files);
          up->total_dirs -= MIN (up->total_dirs, dirs);
        }
      else
        {
          up->total_disk_usage += disk;
          up->total_apparent_size += apparent;
          up->total_files += files;
          up->total_dirs += dirs;
        }
    }
}

/* The trash folder's node, if the tree has every folder on its path. */
static FwSizeNode *
find_path (FwSizeNode *root,
           const char *path)
{
  gsize len = strlen (root->name);
  g_auto(GStrv) parts = NULL;
  FwSizeNode *at = root;

  while (len > 1 && root->name[len - 1] == '/')
    len--;
  if (strlen (path) < len)
    return NULL;
  parts = g_strsplit (path + len, "/", -1);
  for (guint i = 0; parts[i] != NULL && at != NULL; i++)
    if (parts[i][0] != '\0')
      at = fw_size_node_find_child (at, parts[i]);
  return at != NULL && at->kind == FW_SIZE_NODE_DIR ? at : NULL;
}

static void
correct (FwSizeNode          *folder,
         const char          *trash_dir,
         const FwSizeRemoval *removal,
         guint64              disk,
         guint64              apparent,
         guint64              files,
         guint64              dirs,
         const FwSizeNode    *moved)
{
  switch (removal->kind)
    {
    case FW_SIZE_REMOVAL_FREES:
      adjust_up (folder, NULL, -1, removal->disk_usage, removal->apparent_size, files, dirs);
      break;
    case FW_SIZE_REMOVAL_LINKED:
      adjust_up (folder, NULL, -1, 0, 0, files, dirs);
      break;
    case FW_SIZE_REMOVAL_MOVES_INSIDE:
      {
        const FwSizeNode *stop = common_folder (moved, trash_dir);
        FwSizeNode *trash = find_path ((FwSizeNode *) tree_root (folder), trash_dir);

        adjust_up (folder, stop, -1, disk, apparent, files, dirs);
        if (trash != NULL)
          adjust_up (trash, stop, +1, disk, apparent, files, dirs);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

void
fw_size_tree_remove (FwSizeNode          *node,
                     const char          *trash_dir,
                     const FwSizeRemoval *removal)
{
  FwSizeNode *parent;
  guint i;

  g_return_if_fail (node != NULL && node->parent != NULL);
  g_return_if_fail (removal != NULL);
  g_return_if_fail (removal->kind != FW_SIZE_REMOVAL_MOVES_INSIDE || trash_dir != NULL);

  parent = node->parent;
  for (i = 0; i < parent->n_children && parent->children[i] != node; i++)
    ;
  g_return_if_fail (i < parent->n_children);
  memmove (parent->children + i, parent->children + i + 1,
           (parent->n_children - i - 1) * sizeof (FwSizeNode *));
  parent->n_children--;

  correct (parent, trash_dir, removal, node->total_disk_usage, node->total_apparent_size,
           node->total_files, node->total_dirs, node);
  {
    /* fw_size_node_free() lives with the scan's private units; free the
     * subtree here without recursion. */
    g_autoptr(GPtrArray) stack = g_ptr_array_new ();

    g_ptr_array_add (stack, node);
    while (stack->len > 0)
      {
        FwSizeNode *n = g_ptr_array_steal_index_fast (stack, stack->len - 1);

        for (guint k = 0; k < n->n_children; k++)
          g_ptr_array_add (stack, n->children[k]);
        g_free (n->children);
        g_free (n);   /* its name with it (fw-size-tree.c's node_alloc()) */
      }
  }
}

void
fw_size_tree_remove_file (const FwSizeFile    *file,
                          const char          *trash_dir,
                          const FwSizeRemoval *removal)
{
  FwSizeNode *folder;
  FwSizeNode *node;
  FwSizeNode moved = { 0 };

  g_return_if_fail (file != NULL && file->folder != NULL);

  folder = file->folder;
  node = fw_size_node_find_child (folder, file->name);
  if (node != NULL && node->kind == FW_SIZE_NODE_FILE)
    {
      fw_size_tree_remove (node, trash_dir, removal);
      return;
    }
  /* Summed among the folder's other files. */
  folder->rest_disk_usage -= MIN (folder->rest_disk_usage, file->disk_usage);
  folder->rest_apparent_size -= MIN (folder->rest_apparent_size, file->apparent_size);
  if (folder->n_rest > 0)
    folder->n_rest--;
  moved.parent = folder;
  correct (folder, trash_dir, removal, file->disk_usage, file->apparent_size, 1, 0, &moved);
}
