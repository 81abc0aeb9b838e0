/* fw-size-window-rows.c — the size window's Largest Files, and rows leaving
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Largest Files is made again from the scan's top 100 (keeping the rows
 * that stay, so that the view keeps its place); a trashed entry's rows
 * leave the tree, the table of folders and Largest Files together.
 */
#include "config.h"

#include <string.h>

#include "fw-size-window-private.h"

static gint
compare_files (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  FwSizeWindow *self = user_data;
  guint64 x = fw_size_item_get_size ((FwSizeItem *) a, self->apparent);
  guint64 y = fw_size_item_get_size ((FwSizeItem *) b, self->apparent);

  return x > y ? -1 : x < y ? 1 : 0;
}

/* Whether the rows already show @files (largest first, as the scan's):
 * then nothing is rebound. */
static gboolean
same_files (FwSizeWindow *self,
            GPtrArray    *files)
{
  GListModel *model = G_LIST_MODEL (self->largest_store);
  g_autoptr(GHashTable) shown = NULL;

  if (g_list_model_get_n_items (model) != files->len)
    return FALSE;
  shown = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(FwSizeItem) row = g_list_model_get_item (model, i);
      const FwSizeFile *file = fw_size_item_get_file (row);

      if (file->folder == NULL)
        return FALSE;
      g_hash_table_add (shown, (gpointer) file->name);
    }
  for (guint i = 0; i < files->len; i++)
    {
      const FwSizeFile *file = g_ptr_array_index (files, i);
      gboolean found = FALSE;

      if (!g_hash_table_contains (shown, file->name))
        return FALSE;
      /* Same name: same folder and figures too. */
      for (guint k = 0; k < files->len && !found; k++)
        {
          g_autoptr(FwSizeItem) row = g_list_model_get_item (model, k);
          const FwSizeFile *have = fw_size_item_get_file (row);

          found = have->folder == file->folder && strcmp (have->name, file->name) == 0 &&
                  have->disk_usage == file->disk_usage && have->apparent_size == file->apparent_size;
        }
      if (!found)
        return FALSE;
    }
  return TRUE;
}

void
fw_size_window_refresh_largest (FwSizeWindow *self,
                                gboolean      from_scan)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  self->largest_at = g_get_monotonic_time ();
  if (from_scan)
    {
      if (self->result != NULL)
        files = g_ptr_array_ref (self->result->largest_files);
      else if (self->scan != NULL)
        files = fw_size_scan_get_largest_files (self->scan);
      else
        return;
      if (same_files (self, files))
        return;
      for (guint i = 0; i < files->len; i++)
        g_ptr_array_add (rows, fw_size_item_new_large_file (g_ptr_array_index (files, i)));
    }
  else
    {
      /* Re-sorted (Apparent Sizes), the same files. */
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->largest_store));

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (rows, g_list_model_get_item (G_LIST_MODEL (self->largest_store), i));
    }
  {
    g_autoptr(GListStore) sorted = g_list_store_new (FW_TYPE_SIZE_ITEM);

    for (guint i = 0; i < rows->len; i++)
      g_list_store_insert_sorted (sorted, g_ptr_array_index (rows, i), compare_files, self);
    g_ptr_array_set_size (rows, 0);
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (sorted)); i++)
      g_ptr_array_add (rows, g_list_model_get_item (G_LIST_MODEL (sorted), i));
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

void
fw_size_window_drop_item (FwSizeWindow *self,
                          FwSizeItem   *item)
{
  FwSizeItem *parent = fw_size_item_get_parent (item);
  FwSizeNode *node = fw_size_item_get_node (item);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->largest_store));

  /* Largest Files loses what was in it (or was it). */
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(FwSizeItem) row = g_list_model_get_item (G_LIST_MODEL (self->largest_store), i - 1);
      const FwSizeFile *file = fw_size_item_get_file (row);
      gboolean gone = row == item;

      if (!gone && node != NULL && file->folder != NULL)
        gone = node->kind == FW_SIZE_NODE_DIR ? node_under (file->folder, node)
             : file->folder == node->parent && strcmp (file->name, node->name) == 0;
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
