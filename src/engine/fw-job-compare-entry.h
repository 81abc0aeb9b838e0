/* fw-job-compare-entry.h — a Compare Folders row: one relative path's verdict
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-compare-tree.h"
#include "fw-job.h"

G_BEGIN_DECLS

/**
 * FwJobCompareEntry:
 * @verdict: what fw_compare_tree() found for the path
 * @side: %FW_COMPARE_TREE_ONLY_IN: the side that has it (0: A, 1: B);
 *   %FW_COMPARE_TREE_ERROR: the side that failed
 * @size: each side's size when it is a regular file (links followed, as
 *   the comparison follows them), else -1
 * @type: %FW_COMPARE_TREE_TYPES_DIFFER: diff's words for each side's type
 *   ("regular file", "directory", …: static strings, not translated; the
 *   window words the type itself from @is_folder)
 * @is_folder: whether each side is a folder (an only-in folder is one row:
 *   it is not entered)
 * @main_side: the side whose path is the row's (fw_job_get_path()); the
 *   other side's is fw_job_get_other_file(), when it has one
 *
 * A Compare Folders row's data (%FW_JOB_COMPARE_ENTRY): the engine's
 * verdict as `fileworks-cli compare -r` prints it, so the window and the
 * command never disagree.
 */
typedef struct _FwJobCompareEntry {
  FwCompareTreeVerdict  verdict;
  guint                 side;
  gint64                size[2];
  const char           *type[2];
  gboolean              is_folder[2];
  guint                 main_side;
} FwJobCompareEntry;

/**
 * fw_job_new_compare_entry:
 * @entry: a verdict handed over by fw_compare_tree()
 * @root_a: the first folder, as given to fw_compare_tree() (absolute)
 * @root_b: the second
 *
 * Any thread (the comparison's): a finished row for @entry, named by its
 * path relative to the folders (`sub/x`), its file the A side's (the B
 * side's for a path only in B or failing in B; fw_job_get_other_file()
 * the other side's). Done for the verdicts; failed for
 * %FW_COMPARE_TREE_ERROR (its error from the errno, as
 * fw_job_new_failed_errno() makes it) and %FW_COMPARE_TREE_LOOP. Looks at
 * each side (stat(), links followed) for the sizes.
 *
 * Returns: (transfer full): a finished job of kind %FW_JOB_COMPARE_ENTRY
 */
FwJob                   *fw_job_new_compare_entry (const FwCompareTreeEntry *entry,
                                                   const char               *root_a,
                                                   const char               *root_b);

/**
 * fw_job_get_compare_entry:
 * @self: a job
 *
 * Returns: (transfer none) (nullable): a %FW_JOB_COMPARE_ENTRY job's data,
 *   %NULL for other kinds
 */
const FwJobCompareEntry *fw_job_get_compare_entry (FwJob                    *self);

G_END_DECLS
