/* fw-job-size.h — the window's size job: one row, one fw-size scan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-job-size-tree.h"
#include "fw-size.h"

G_BEGIN_DECLS

/**
 * fw_job_size_run:
 * @path: a file or folder
 * @one_file_system: do not count entries on other file systems (`du -x`)
 * @exclude: (nullable): patterns left out below @path
 *   (fw_size_scan_set_exclude_relative()), borrowed for the call
 * @pool: the pool the scan's folders run on: not the pool the calling
 *   thread is a worker of (the batch passes its size pool,
 *   fw_batch_get_size_pool())
 * @cancellable: (nullable): checked before each folder
 * @bytes_done: (nullable): disk usage counted so far, stored atomically
 *   before each folder is opened, for the row's live progress
 * @error: return location for an error
 *
 * Sizes @path with the engine's parallel scanner (#FwSizeScan), with its
 * own hard-link set, so a row's figure never depends on the other rows,
 * keeping its largest children (%FW_SIZE_KEEP_LARGEST) for the window.
 * Callable from any thread but a worker of @pool, a worker of the batch's
 * pool included: the scan's folders run on @pool, so the calling job never
 * waits on work queued behind it in its own pool. Blocks until the scan is
 * over. With @bytes_done, @pool's threads are also lowered below the
 * window's priority (fw_engine_lower_thread_priority()) as they take the
 * scan's folders.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
FwSizeResult *fw_job_size_run (const char      *path,
                               gboolean         one_file_system,
                               const FwExclude *exclude,
                               FwPool        *pool,
                               GCancellable  *cancellable,
                               guint64       *bytes_done,
                               GError       **error);

/**
 * fw_job_size_run_tree:
 * @path: a file or folder
 * @one_file_system: as for fw_job_size_run()
 * @exclude: (nullable): as for fw_job_size_run()
 * @tree: (nullable): the row's tree: the scan also records the tree
 *   (%FW_SIZE_RECORD_TREE, %FW_SIZE_RECORD_LARGEST_FILES) and streams its
 *   finished folders into @tree (see #FwJobSizeTree); the caller hands
 *   the result to fw_job_size_tree_finish() once it has read its figures
 * @pool: as for fw_job_size_run()
 * @cancellable: (nullable): checked before each folder
 * @bytes_done: (nullable): as for fw_job_size_run()
 * @error: return location for an error
 *
 * fw_job_size_run() with the row's tree (a folder's size row in the
 * window, fw_job_execute()).
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
FwSizeResult *fw_job_size_run_tree (const char      *path,
                                    gboolean         one_file_system,
                                    const FwExclude *exclude,
                                    FwJobSizeTree   *tree,
                                    FwPool         *pool,
                                    GCancellable   *cancellable,
                                    guint64        *bytes_done,
                                    GError        **error);

G_END_DECLS
