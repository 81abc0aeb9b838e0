/* fw-batch-mode.h — what the files dropped on a batch become
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * FwBatchMode:
 * @FW_BATCH_MODE_HASH: files are hashed (folders expanded into their files)
 * @FW_BATCH_MODE_SIZE: each item is sized as a whole
 * @FW_BATCH_MODE_VERIFY: each item is a checksum file; its listed files
 *   become verify jobs
 * @FW_BATCH_MODE_COMPARE: exactly two files make one compare job
 *   (#FW_JOB_COMPARE); any other drop makes one failed row saying so
 * @FW_BATCH_MODE_COMPARE_FOLDERS: exactly two folders are compared as
 *   `fileworks-cli compare -r` compares them (fw_compare_tree() on the
 *   batch's pool); every relative path becomes one finished row
 *   (#FW_JOB_COMPARE_ENTRY) as its verdict comes
 * @FW_BATCH_MODE_DUPES: Find Duplicates: every item dropped goes into one
 *   #FwDupesScan that the window runs itself (FwDupesView); the batch
 *   makes no rows in this mode
 *
 * How a batch expands what it is given (fw_batch_add_files(),
 * fw_expand_start()). A mode is not a job kind (#FwJobKind): today each
 * mode makes jobs of one kind, but the modes to come (compare, audit,
 * duplicates) make rows of several kinds from one drop. Its own header, so
 * that the batch and the expansion threads both name it without including
 * each other.
 */
typedef enum {
  FW_BATCH_MODE_HASH,
  FW_BATCH_MODE_SIZE,
  FW_BATCH_MODE_VERIFY,
  FW_BATCH_MODE_COMPARE,
  FW_BATCH_MODE_COMPARE_FOLDERS,
  FW_BATCH_MODE_DUPES,
} FwBatchMode;

G_END_DECLS
