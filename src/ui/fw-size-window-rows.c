/* fw-size-window-rows.c — the size window's Largest Files, and rows leaving
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Largest Files is made again from the scan's top 100 (keeping the rows
 * that stay, so that the view keeps its place): the top 100 by disk
 * usage, or with Apparent Sizes on the top 100 by apparent size (the
 * scan keeps both, so switching costs 100 rows and no scan). A trashed
 * entry's rows leave the tree, the table of folders and Largest Files
 * together, and its files leave both of the result's lists.
 */
#include "config.h"

#include <string.h>

#include "fw-size-window-private.h"

/* Whether the rows already show @files, in their order (largest first by
 * the chosen size): then nothing is rebound. */
static gboolean
same_files (FwSizeWindow *self,
            GPtrArray    *files)
{
  GListModel *model = G_LIST_MODEL (self->largest_store);

  if (g_list_model_get_n_items (model) != files->len)
    return FALSE;
  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(FwSizeItem) row = g_list_model_get_item (model, i);
      const FwSizeFile *have = fw_size_item_get_file (row);
      const FwSizeFile *file = g_ptr_array_index (files, i);

      if (have->folder != file->folder || strcmp (have->name, file->name) != 0 ||
          have->disk_usage != file->disk_usage || have->apparent_size != file->apparent_size)
        return FALSE;
    }
  return TRUE;
}

void
fw_size_window_refresh_largest (FwSizeWindow *self)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  self->largest_at = g_get_monotonic_time ();
  if (self->result != NULL)
    files = g_ptr_array_ref (self->apparent ? self->result->largest_files_apparent
                                            : self->result->largest_files);
  else if (self->scan != NULL)
    files = self->apparent ? fw_size_scan_get_largest_files_apparent (self->scan)
                           : fw_size_scan_get_largest_files (self->scan);
  else
    return;
  if (same_files (self, files))
    return;
  {
    /* Largest first already (by the chosen size, ties by name). A file
     * shown already keeps its row: the view moves its cells instead of
     * binding new ones (Apparent Sizes mostly reorders the same files). */
    GListModel *model = G_LIST_MODEL (self->largest_store);
    g_autoptr(GHashTable) shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        FwSizeItem *row = g_list_model_get_item (model, i);

        const FwSizeFile *have = fw_size_item_get_file (row);

        g_hash_table_insert (shown, g_strdup_printf ("%p/%s", (gpointer) have->folder, have->name), row);
        g_object_unref (row);   /* the store holds it */
      }
    for (guint i = 0; i < files->len; i++)
      {
        const FwSizeFile *file = g_ptr_array_index (files, i);
        g_autofree char *key = g_strdup_printf ("%p/%s", (gpointer) file->folder, file->name);
        FwSizeItem *row = g_hash_table_lookup (shown, key);
        const FwSizeFile *have = row != NULL ? fw_size_item_get_file (row) : NULL;

        if (have != NULL && have->folder == file->folder &&
            have->disk_usage == file->disk_usage && have->apparent_size == file->apparent_size)
          g_ptr_array_add (rows, g_object_ref (row));
        else
          g_ptr_array_add (rows, fw_size_item_new_large_file (file));
      }
  }
  g_list_store_splice (self->largest_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->largest_store)),
                       rows->pdata, rows->len);
}

static gboolean
remove_from (GListStore *store,
             FwSizeItem *item)
{
  guint position;

  if (store == NULL || !g_list_store_find (store, item, &position))
    return FALSE;
  g_list_store_remove (store, position);
  return TRUE;
}

/* Whether @node is @folder or lies under it. */
static gboolean
node_under (const FwSizeNode *node,
            const FwSizeNode *folder)
{
  for (; node != NULL; node = node->parent)
    if (node == folder)
      return TRUE;
  return FALSE;
}

/* Whether @file is the entry @node (a tree row's: the file, or a folder
 * it lies under) or the Largest Files row's @dropped. */
static gboolean
file_gone (const FwSizeFile *file,
           const FwSizeNode *node,
           const FwSizeFile *dropped)
{
  if (file->folder == NULL)
    return FALSE;
  if (node != NULL)
    return node->kind == FW_SIZE_NODE_DIR ? node_under (file->folder, node)
         : file->folder == node->parent && strcmp (file->name, node->name) == 0;
  return dropped != NULL && dropped->folder != NULL &&
         file->folder == dropped->folder && strcmp (file->name, dropped->name) == 0;
}

/* The result's list loses the files gone with the entry, so that a
 * later refresh (Apparent Sizes switched) does not bring them back. */
static void
drop_files (GPtrArray        *files,
            const FwSizeNode *node,
            const FwSizeFile *dropped)
{
  if (files == NULL)
    return;
  for (guint i = files->len; i > 0; i--)
    if (file_gone (g_ptr_array_index (files, i - 1), node, dropped))
      g_ptr_array_remove_index (files, i - 1);
}

static guint
row_depth (gpointer row)
{
  return GTK_IS_TREE_LIST_ROW (row) ? gtk_tree_list_row_get_depth (row) : 0;
}

void
fw_size_window_select_next (FwSizeWindow       *self,
                            GtkSingleSelection *selection,
                            FwSizeItem         *leaving,
                            FwSizeNode         *leaving_node)
{
  GListModel *model = G_LIST_MODEL (selection);
  guint n = g_list_model_get_n_items (model);
  guint position = gtk_single_selection_get_selected (selection);
  gpointer selected = gtk_single_selection_get_selected_item (selection);
  FwSizeItem *item;
  guint next, depth;

  if (selected == NULL || position >= n)
    return;
  item = fw_size_window_row_item (selected);
  if (item != leaving && (leaving_node == NULL || fw_size_item_get_node (item) != leaving_node))
    return;
  /* The first row after it that is not under it (its children leave
   * with it), else the row before it. */
  depth = row_depth (selected);
  for (next = position + 1; next < n; next++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (model, next);

      if (row_depth (row) <= depth)
        break;
    }
  if (next < n)
    gtk_single_selection_set_selected (selection, next);
  else if (position > 0)
    gtk_single_selection_set_selected (selection, position - 1);
}

void
fw_size_window_drop_item (FwSizeWindow *self,
                          FwSizeItem   *item)
{
  FwSizeItem *parent = fw_size_item_get_parent (item);
  FwSizeNode *node = fw_size_item_get_node (item);
  const FwSizeFile *dropped = fw_size_item_get_file (item);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->largest_store));

  if (self->result != NULL)
    {
      drop_files (self->result->largest_files, node, dropped);
      drop_files (self->result->largest_files_apparent, node, dropped);
    }
  /* Largest Files loses what was in it (or was it). */
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(FwSizeItem) row = g_list_model_get_item (G_LIST_MODEL (self->largest_store), i - 1);
      const FwSizeFile *file = fw_size_item_get_file (row);
      gboolean gone = row == item;

      if (!gone && node != NULL)
        gone = file_gone (file, node, NULL);
      if (gone)
        {
          fw_size_item_forget (row);
          g_list_store_remove (self->largest_store, i - 1);
        }
    }
  if (parent != NULL)
    remove_from (fw_size_item_peek_children (parent), item);
  if (node != NULL && node->kind == FW_SIZE_NODE_DIR)
    {
      /* Its folders' rows leave the table: their nodes go with it. */
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->items);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (node_under (key, node))
          {
            g_hash_table_remove (self->done, key);
            g_hash_table_iter_remove (&iter);
          }
    }
  fw_size_item_forget (item);
}
