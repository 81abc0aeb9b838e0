/* fw-job-size.c — the window's size job over the engine's scanner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-engine.h"
#include "fw-job-size.h"

static void
progress_hook (FwSizeScan  *scan,
               const char  *path,
               guint64      n_opened,
               gpointer     user_data)
{
  guint64 *bytes_done = user_data;
  FwSizeProgress progress;

  /* This runs on the size pool's threads: they work below the window's
   * priority, as the batch's workers do (lowered once per thread). */
  fw_engine_lower_thread_priority ();
  fw_size_scan_get_progress (scan, &progress);
  __atomic_store_n (bytes_done, progress.disk_usage, __ATOMIC_RELAXED);
}

FwSizeResult *
fw_job_size_run (const char      *path,
                 gboolean         one_file_system,
                 const FwExclude *exclude,
                 FwPool        *pool,
                 GCancellable  *cancellable,
                 guint64       *bytes_done,
                 GError       **error)
{
  return fw_job_size_run_tree (path, one_file_system, exclude, NULL, pool, cancellable, bytes_done, error);
}

FwSizeResult *
fw_job_size_run_tree (const char      *path,
                      gboolean         one_file_system,
                      const FwExclude *exclude,
                      FwJobSizeTree   *tree,
                      FwPool         *pool,
                      GCancellable   *cancellable,
                      guint64        *bytes_done,
                      GError        **error)
{
  g_autoptr(FwSizeScan) scan = NULL;
  g_autoptr(FwJobSizeTree) held = tree != NULL ? fw_job_size_tree_ref (tree) : NULL;
  FwSizeResult *result;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (FW_IS_POOL (pool), NULL);

  /* The window shows the largest children (its Largest Items) and, with
   * @tree, the row's tree (Browse Sizes): its own scan, not a second. */
  scan = fw_size_scan_new (path, FW_SIZE_KEEP_LARGEST |
                                 (tree != NULL ? FW_SIZE_RECORD_TREE | FW_SIZE_RECORD_LARGEST_FILES
                                               : FW_SIZE_FLAGS_NONE) |
                                 (one_file_system ? FW_SIZE_ONE_FILE_SYSTEM : FW_SIZE_FLAGS_NONE));
  if (tree != NULL)
    fw_job_size_tree_attach (tree, scan);
  /* The window's patterns, below the item: `.*` keeps ~/.local/x's files. */
  fw_size_scan_set_exclude_relative (scan, exclude);
  if (bytes_done != NULL)
    fw_size_scan_set_folder_hook (scan, progress_hook, bytes_done, NULL);
  result = fw_size_scan_run (scan, pool, cancellable, error);
  if (result != NULL && bytes_done != NULL)
    __atomic_store_n (bytes_done, result->disk_usage, __ATOMIC_RELAXED);
  return result;
}
