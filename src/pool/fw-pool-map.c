/* fw-pool-map.c — keyed calls: a hash table in, a hash table of results out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An ordered call (fw-pool-process.c) over the table's values, with the
 * keys kept aside in the same order; its outcome is turned back into
 * tables under copies of the keys, in the caller's main context.
 */
#include "config.h"

#include "fw-pool-private.h"


typedef struct {
  GPtrArray      *keys;
  GHashFunc       key_hash;
  GEqualFunc      key_equal;
  GBoxedCopyFunc  key_copy;
  GDestroyNotify  key_free;
  GDestroyNotify  result_destroy;
} MapData;

static void
map_data_free (MapData *map)
{
  g_ptr_array_unref (map->keys);
  g_free (map);
}

static void
map_task_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MapData *map = g_task_get_task_data (task);
  FwPoolOutcome *outcome = fw_pool_outcome_from_task (G_TASK (result));
  GHashTable *tables[3];   /* results, errors, partial */

  tables[0] = g_hash_table_new_full (map->key_hash, map->key_equal, map->key_free, map->result_destroy);
  tables[1] = g_hash_table_new_full (map->key_hash, map->key_equal, map->key_free, (GDestroyNotify) g_error_free);
  for (guint i = 0; i < map->keys->len; i++)
    {
      gpointer key = map->keys->pdata[i];
      GError *item_error = g_steal_pointer (&outcome->errors->pdata[i]);
      gpointer res = g_steal_pointer (&outcome->results->pdata[i]);

      if (item_error != NULL)
        g_hash_table_insert (tables[1], map->key_copy (key), item_error);
      else
        g_hash_table_insert (tables[0], map->key_copy (key), res);
    }
  g_object_set_data_full (G_OBJECT (task), "fw-map-errors", tables[1], (GDestroyNotify) g_hash_table_unref);
  if (outcome->error != NULL)
    {
      g_object_set_data_full (G_OBJECT (task), "fw-map-partial", tables[0], (GDestroyNotify) g_hash_table_unref);
      g_task_return_error (task, g_steal_pointer (&outcome->error));
    }
  else
    g_task_return_pointer (task, tables[0], (GDestroyNotify) g_hash_table_unref);
  fw_pool_outcome_free (outcome);
}

void
fw_pool_process_map_async (FwPool              *self,
                           GHashTable          *items,
                           GHashFunc            key_hash,
                           GEqualFunc           key_equal,
                           GBoxedCopyFunc       key_copy,
                           GDestroyNotify       key_free,
                           FwPoolFunc           func,
                           gpointer             func_data,
                           GDestroyNotify       func_data_destroy,
                           GDestroyNotify       result_destroy,
                           FwPoolErrorPolicy    policy,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  MapData *map;
  g_autoptr(GPtrArray) values = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (FW_IS_POOL (self));
  g_return_if_fail (items != NULL);
  g_return_if_fail (key_hash != NULL && key_equal != NULL && key_copy != NULL);
  g_return_if_fail (func != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fw_pool_process_map_async);
  g_task_set_check_cancellable (task, FALSE);

  map = g_new0 (MapData, 1);
  map->keys = g_ptr_array_new_full (g_hash_table_size (items), key_free);
  map->key_hash = key_hash;
  map->key_equal = key_equal;
  map->key_copy = key_copy;
  map->key_free = key_free;
  map->result_destroy = result_destroy;
  values = g_ptr_array_sized_new (g_hash_table_size (items));
  g_hash_table_iter_init (&iter, items);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_ptr_array_add (map->keys, key_copy (key));
      g_ptr_array_add (values, value);
    }
  g_task_set_task_data (task, map, (GDestroyNotify) map_data_free);

  fw_pool_process_async (self, values, func, func_data, func_data_destroy, result_destroy,
                         policy, cancellable, map_task_done, task);
}

GHashTable *
fw_pool_process_map_finish (FwPool        *self,
                            GAsyncResult  *result,
                            GHashTable   **out_errors,
                            GHashTable   **out_partial,
                            GError       **error)
{
  GHashTable *table;

  g_return_val_if_fail (FW_IS_POOL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fw_pool_process_map_async, NULL);

  if (out_errors != NULL)
    *out_errors = g_hash_table_ref (g_object_get_data (G_OBJECT (result), "fw-map-errors"));
  table = g_task_propagate_pointer (G_TASK (result), error);
  if (out_partial != NULL)
    {
      GHashTable *partial = g_object_get_data (G_OBJECT (result), "fw-map-partial");
      *out_partial = partial ? g_hash_table_ref (partial) : NULL;
    }
  return table;
}
