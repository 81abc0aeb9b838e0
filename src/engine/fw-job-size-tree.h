/* fw-job-size-tree.h — a size row's tree: its own scan's, streamed and kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-size.h"

G_BEGIN_DECLS

/**
 * FwJobSizeTree:
 *
 * The tree of one run of a folder's size row (%FW_JOB_SIZE): the row's
 * scan records it (%FW_SIZE_RECORD_TREE with
 * %FW_SIZE_RECORD_LARGEST_FILES: every folder, each folder's
 * %FW_SIZE_N_KEPT_FILES largest files, the others summed), so that Browse
 * Sizes shows the row's own scan instead of scanning again.
 *
 * - While the scan runs, its tree hook appends each finished folder to a
 *   log (a pointer per folder, under a lock, from the size pool's
 *   threads); a listener (the size window's tick, on the main thread)
 *   takes what came since its last look, in one batch, with
 *   fw_job_size_tree_take_folders(). Any number of listeners, each with
 *   its own cursor, none of them called from another thread.
 * - Once the row's outcome is applied (main thread), the tree holds the
 *   scan's result (fw_job_size_tree_get_result()): the whole tree and the
 *   largest files, no I/O needed to show them.
 *
 * Reference counted: the job keeps one (fw_job_get_size_tree()) until it
 * runs again or is finalized (Remove, Clear List), each window one of its
 * own, so a window outlives the row it came from. The nodes are valid
 * while a reference lives: they belong to the scan while it runs (the
 * tree holds a reference on it), then to the result.
 */
typedef struct _FwJobSizeTree FwJobSizeTree;

FwJobSizeTree *fw_job_size_tree_new            (void);
FwJobSizeTree *fw_job_size_tree_ref            (FwJobSizeTree *self);
void           fw_job_size_tree_unref          (FwJobSizeTree *self);

/* The running scan (any thread; the caller gets a reference), or %NULL
 * before it starts. Its progress and its largest files so far. */
FwSizeScan    *fw_job_size_tree_dup_scan       (FwJobSizeTree *self);

/* Appends to @folders (FwSizeNode) the folders finished since *@cursor,
 * in the order they finished, and moves *@cursor past them (main thread,
 * or any one thread per cursor). Returns whether the tree is over
 * (fw_job_size_tree_finish() was called): nothing more will come. */
gboolean       fw_job_size_tree_take_folders   (FwJobSizeTree *self,
                                                guint         *cursor,
                                                GPtrArray     *folders);

/* The scan's result once it is over, or %NULL (still running, failed or
 * cancelled). Belongs to @self; main thread (the size window corrects its
 * tree after a Move to Trash, which every holder then sees). */
FwSizeResult  *fw_job_size_tree_get_result     (FwJobSizeTree *self);

/* The one window showing the tree (a weak reference), or %NULL: a Move
 * to Trash there frees the nodes it removes, which a second window on the
 * same tree would still show, so the row presents that window again
 * instead of opening another. Main thread. */
GObject       *fw_job_size_tree_dup_viewer     (FwJobSizeTree *self);
void           fw_job_size_tree_set_viewer     (FwJobSizeTree *self,
                                                GObject       *viewer);

/* fw-job-size.c and fw-job-run.c: the scan starts (its tree hook feeds
 * @self), and is over, with @result (taken) or %NULL (main thread; once:
 * a second call frees @result and changes nothing). */
void           fw_job_size_tree_attach         (FwJobSizeTree *self,
                                                FwSizeScan    *scan);
void           fw_job_size_tree_finish         (FwJobSizeTree *self,
                                                FwSizeResult  *result);

/* Tests: how many scans have recorded a row's tree so far, in this
 * process (a window opened on a finished row runs none). */
guint          fw_job_size_tree_get_n_scans    (void);

/* Tests: called in the size pool's thread just after each finished
 * folder is logged (it may hold the scan there). Set while no scan runs. */
typedef void (*FwJobSizeTreeTestHook) (FwSizeNode *folder);
void           fw_job_size_tree_set_test_hook  (FwJobSizeTreeTestHook hook);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwJobSizeTree, fw_job_size_tree_unref)

G_END_DECLS
