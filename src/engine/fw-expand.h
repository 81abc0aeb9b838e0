/* fw-expand.h — dropped files and folders into jobs, off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-batch-mode.h"
#include "fw-digest.h"
#include "fw-engine.h"
#include "fw-pool.h"

G_BEGIN_DECLS

/**
 * FwExpandShared:
 *
 * The hand-off between the expanding threads and the batch's tick: threads
 * append jobs in chunks under a lock, the tick takes them all at once.
 * Reference counted; any thread.
 */
typedef struct _FwExpandShared FwExpandShared;

/* @wake: (nullable): raised when a scan hands over its first files, and
 * when it ends */
FwExpandShared *fw_expand_shared_new          (FwWake         *wake);
FwExpandShared *fw_expand_shared_ref          (FwExpandShared *shared);
void            fw_expand_shared_unref        (FwExpandShared *shared);
/* (transfer full) (nullable): up to @max of the jobs found, oldest first */
GPtrArray      *fw_expand_shared_take         (FwExpandShared *shared,
                                               guint           max);
/* The patterns (du --exclude's) that the expansions started from now on
 * leave out of the folders they walk, matched below each folder
 * (fw_walk_set_exclude_relative()); %NULL: none. */
void            fw_expand_shared_set_exclude  (FwExpandShared     *shared,
                                               const char * const *patterns);
guint           fw_expand_shared_get_active   (FwExpandShared *shared);
guint           fw_expand_shared_get_pending  (FwExpandShared *shared);
guint           fw_expand_shared_get_n_found  (FwExpandShared *shared);
guint           fw_expand_shared_get_n_skipped (FwExpandShared *shared);

/* Issue 19: files named on their own, up to this many in one addition,
 * have their worker look for the checksum file beside them
 * (fw_job_set_find_sibling()); a folder's files never do. */
#define FW_EXPAND_MAX_SIBLING_LOOKS 8

/**
 * fw_expand_start:
 *
 * Starts a thread that turns @files into jobs: in %FW_BATCH_MODE_HASH a
 * folder becomes its regular files (sorted, hidden ones included, symlinks
 * not followed, FIFOs/sockets/devices skipped and counted); in
 * %FW_BATCH_MODE_SIZE each item is one size job; in %FW_BATCH_MODE_VERIFY
 * each checksum file becomes a verify job per listed file. An item without
 * a local path, or that cannot be read, becomes a failed job saying why.
 */
void            fw_expand_start               (FwExpandShared *shared,
                                               GFile         **files,
                                               guint           n_files,
                                               FwBatchMode     mode,
                                               FwAlgorithmSet  algorithms,
                                               const char     *base_dir,
                                               GCancellable   *cancellable);

/**
 * fw_expand_start_compare_folders:
 * @files: (array length=n_files): two folders
 * @pool: where the files' contents are compared (the batch's: pausing it
 *   pauses the comparison)
 * @exclude: (nullable) (array zero-terminated=1): patterns to leave out,
 *   below both folders alike (fw_compare_tree_excluding())
 *
 * Starts a thread that compares the two folders as `fileworks-cli compare
 * -r` does, one finished %FW_JOB_COMPARE_ENTRY row per verdict, handed
 * over in chunks as they come (diff's order). Anything else than two
 * items makes one failed row saying so.
 */
void            fw_expand_start_compare_folders (FwExpandShared      *shared,
                                                 GFile              **files,
                                                 guint                n_files,
                                                 FwPool              *pool,
                                                 const char * const  *exclude,
                                                 GCancellable        *cancellable);

gboolean        fw_expand_is_checksum_file    (GFile          *file);

/* Parses a checksum file into verify jobs, relative names resolved in
 * @base_dir, or in the checksum file's folder when %NULL, plus one failed
 * job for the checksum file itself when some of its lines are malformed.
 * Any thread. */
GPtrArray      *fw_expand_checksum_file       (GFile          *file,
                                               const char     *base_dir,
                                               GError        **error);

G_END_DECLS
