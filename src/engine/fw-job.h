/* fw-job.h — one unit of work of a batch: hash, size or verify one item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-audit.h"
#include "fw-checksum-read.h"
#include "fw-compare.h"
#include "fw-digest.h"
#include "fw-expected.h"
#include "fw-size.h"   /* FwSizeChild, the largest children of a size row */

G_BEGIN_DECLS

/**
 * SECTION:fw-job
 * @title: FwJob
 * @short_description: one file or folder to hash, size or verify
 *
 * An #FwJob is a row of the job list. It is made and changed in the main
 * thread (the one that owns the #FwBatch it belongs to); its properties are
 * notified there only. While it runs, a worker of the batch's pool writes
 * only its atomic byte counter (read with fw_job_get_bytes_done() from any
 * thread); the main thread copies it into #FwJob:progress on its tick, for
 * the running jobs only.
 *
 * A finished job's outcome is data, not text: its #FwJobState, and
 *
 * - a hash job that is done: its digests (fw_job_get_digest());
 * - a size job that is done: fw_job_get_size() (the disk usage),
 *   fw_job_get_apparent_size(), fw_job_get_n_files(), fw_job_get_n_dirs()
 *   and fw_job_get_largest();
 * - a verify job: its #FwJobVerdict, and for a mismatch the digest read
 *   (fw_job_get_actual()) beside the one expected (fw_job_get_expected());
 * - a compare job that is done: its #FwCompareResult
 *   (fw_job_get_compare_result());
 * - a failed job: why, as a #GError (fw_job_get_error()): %G_IO_ERROR with
 *   the errno's code where there was one; the message is GIO's or the
 *   engine's, translated, without the file's name.
 *
 * A cancelled job has none of them. The words the user reads ("OK",
 * "Missing: …", "1.2 MB · 3 files, 1 folder") are made in src/ui
 * (fw-job-text.h); the CSV export writes the data (fw-export.h).
 */

typedef enum {
  FW_JOB_HASH,
  FW_JOB_SIZE,
  FW_JOB_VERIFY,
  FW_JOB_COMPARE,
  FW_JOB_COMPARE_ENTRY,
} FwJobKind;

/**
 * FwJobState:
 * @FW_JOB_QUEUED: waiting for a worker (or for Start)
 * @FW_JOB_RUNNING: a worker has it
 * @FW_JOB_DONE: finished with an outcome (a verify's may be a mismatch)
 * @FW_JOB_FAILED: finished without one; fw_job_get_error() says why
 * @FW_JOB_SKIPPED: never read, and not a failure: the item is not a
 *   regular file (a FIFO, socket or device); its error is
 *   %FW_ENGINE_ERROR_SKIPPED
 * @FW_JOB_CANCELLED: cancelled before it finished
 */
typedef enum {
  FW_JOB_QUEUED,
  FW_JOB_RUNNING,
  FW_JOB_DONE,
  FW_JOB_FAILED,
  FW_JOB_SKIPPED,
  FW_JOB_CANCELLED,
} FwJobState;

/**
 * FwJobVerdict:
 * @FW_JOB_VERDICT_NONE: not a verify job, not finished, or the listed file
 *   was opened but could not be read (the job failed)
 * @FW_JOB_VERDICT_OK: the digest matches the checksum file
 * @FW_JOB_VERDICT_MISMATCH: the digest differs (sha256sum's "FAILED")
 * @FW_JOB_VERDICT_MISSING: the listed file could not be opened
 */
typedef enum {
  FW_JOB_VERDICT_NONE,
  FW_JOB_VERDICT_OK,
  FW_JOB_VERDICT_MISMATCH,
  FW_JOB_VERDICT_MISSING,
} FwJobVerdict;

/**
 * FwJobStatus:
 * @FW_JOB_STATUS_QUEUED: queued
 * @FW_JOB_STATUS_RUNNING: running
 * @FW_JOB_STATUS_DONE: a hash or size job that is done
 * @FW_JOB_STATUS_OK: a verify job whose digest matches
 * @FW_JOB_STATUS_CHANGED: a verify job whose digest differs
 *   (%FW_JOB_VERDICT_MISMATCH)
 * @FW_JOB_STATUS_MISSING: a verify job whose file does not exist
 *   (%FW_JOB_VERDICT_MISSING with %G_IO_ERROR_NOT_FOUND)
 * @FW_JOB_STATUS_FAILED: any other failure
 * @FW_JOB_STATUS_SKIPPED: %FW_JOB_SKIPPED
 * @FW_JOB_STATUS_CANCELLED: cancelled
 * @FW_JOB_STATUS_MOVED: an audit's move (fw_job_set_audit()): a listed
 *   file found under another name, or that file's row
 * @FW_JOB_STATUS_NEW: an audit's new file: under the list's folder, not
 *   listed
 * @FW_JOB_N_STATUSES: how many there are
 *
 * A row's state and outcome in one value: what the window names in the
 * State column and counts in its footer, title and summaries (the batch
 * counts its rows by it: fw_batch_get_counts()). Ordered as a run goes,
 * the outcomes after the work.
 */
typedef enum {
  FW_JOB_STATUS_QUEUED,
  FW_JOB_STATUS_RUNNING,
  FW_JOB_STATUS_DONE,
  FW_JOB_STATUS_OK,
  FW_JOB_STATUS_CHANGED,
  FW_JOB_STATUS_MISSING,
  FW_JOB_STATUS_FAILED,
  FW_JOB_STATUS_SKIPPED,
  FW_JOB_STATUS_CANCELLED,
  FW_JOB_STATUS_MOVED,
  FW_JOB_STATUS_NEW,
  FW_JOB_N_STATUSES
} FwJobStatus;

#define FW_TYPE_JOB (fw_job_get_type ())

G_DECLARE_FINAL_TYPE (FwJob, fw_job, FW, JOB, GObject)

FwJob          *fw_job_new               (FwJobKind       kind,
                                          GFile          *file,
                                          guint64         size);
FwJob          *fw_job_new_for_path      (FwJobKind       kind,
                                          const char     *path,
                                          guint64         size);
FwJob          *fw_job_new_failed        (FwJobKind       kind,
                                          GFile          *file,
                                          const char     *message);
/* A job that failed before it ran with the system error @errsv: its
 * error is a G_IO_ERROR of the matching code (g_io_error_from_errno()),
 * so that the window words it plainly. */
FwJob          *fw_job_new_failed_errno  (FwJobKind       kind,
                                          GFile          *file,
                                          int             errsv);
/* A job that is not run: @message (translated) says why; its error is a
 * %FW_ENGINE_ERROR_SKIPPED. */
FwJob          *fw_job_new_skipped       (FwJobKind       kind,
                                          GFile          *file,
                                          const char     *message);
/* A comparison of @file_a with @file_b (the Compare Files mode): one row
 * named "a ↔ b", its file @file_a, its size @file_a's. */
FwJob          *fw_job_new_compare       (GFile          *file_a,
                                          GFile          *file_b,
                                          guint64         size);
/* A compare job's second file, or %NULL (another kind). */
GFile          *fw_job_get_other_file    (FwJob          *self);
/* A compare job's outcome when it is done (%FW_JOB_DONE), or when it
 * failed (%FW_JOB_FAILED: only its side, the file that could not be
 * opened or read, is meaningful); else %NULL. */
const FwCompareResult *fw_job_get_compare_result (FwJob  *self);
FwJob          *fw_job_new_verify        (FwChecksumEntry *entry,
                                          const char     *base_dir);
void            fw_job_set_regular_only  (FwJob          *self,
                                          gboolean        regular_only);
/* A verify job (or a malformed lines' row) from a PGP clear-signed
 * checksum list, whose signature is not checked: the window says so. Set
 * when the job is made. */
void            fw_job_set_clear_signed  (FwJob          *self,
                                          gboolean        clear_signed);
gboolean        fw_job_get_clear_signed  (FwJob          *self);
/* A size job of a folder (not of a file or a link, which are sized as
 * themselves): the footer counts folders. Set when the item was added. */
void            fw_job_set_is_folder     (FwJob          *self,
                                          gboolean        is_folder);
gboolean        fw_job_get_is_folder     (FwJob          *self);
/* A size job's exclude patterns (du's rules, matched below the item:
 * fw_size_scan_set_exclude_relative()), the window's when the item was
 * added; set before the job is queued, read by its worker. %NULL: none. */
void            fw_job_set_exclude_patterns (FwJob              *self,
                                             const char * const *patterns);
const char * const *fw_job_get_exclude_patterns (FwJob          *self);
/* fw-job-audit.c: a verify batch's audit (issue 20). A row's audit
 * verdict: %FW_AUDIT_NEW or %FW_AUDIT_MOVED change its status (to
 * %FW_JOB_STATUS_NEW, %FW_JOB_STATUS_MOVED); @other: for a move, the
 * other name (the entry's for a found file, the found file's for the
 * listed row). Main thread, before the row is added or followed by
 * fw_batch_update_job(). */
void            fw_job_set_audit         (FwJob          *self,
                                          FwAuditVerdict  verdict,
                                          const char     *other);
/* %FW_AUDIT_N_VERDICTS when none was set. */
FwAuditVerdict  fw_job_get_audit         (FwJob          *self);
const char     *fw_job_get_audit_other   (FwJob          *self);
/* Whether the row is an audit's found file (not a listed entry's). */
gboolean        fw_job_get_audit_found   (FwJob          *self);
/* A new row for a file an audit found under @base_dir (its @name
 * relative to it): a finished verify row, named by its relative path. */
FwJob          *fw_job_new_audit_found   (const char     *base_dir,
                                          const FwAuditItem *item);
/* A verify job's entry and the folder its name resolves against, or
 * %NULL (another kind). */
const FwChecksumEntry *fw_job_get_entry  (FwJob          *self);
const char     *fw_job_get_base_dir      (FwJob          *self);

/* A file found in a dropped folder: named by its path relative to @root,
 * the folder as dropped (`2024/IMG_0001.jpg`), not by its last part
 * alone. Nothing happens unless the job's path is under @root. Set when
 * the item is added, before any thread but the adding one sees it. */
void            fw_job_set_name_root     (FwJob          *self,
                                          const char     *root);

FwJobKind       fw_job_get_kind          (FwJob          *self);
GFile          *fw_job_get_file          (FwJob          *self);
const char     *fw_job_get_path          (FwJob          *self);
guint           fw_job_get_path_hash     (FwJob          *self);
const char     *fw_job_get_name          (FwJob          *self);
const char     *fw_job_get_display_path  (FwJob          *self);
void            fw_job_set_display_path  (FwJob          *self,
                                          const char     *display_path);
void            fw_job_set_name          (FwJob          *self,
                                          const char     *name);
guint64         fw_job_get_size          (FwJob          *self);
FwJobState      fw_job_get_state         (FwJob          *self);
FwJobStatus     fw_job_get_status        (FwJob          *self);
gboolean        fw_job_is_finished       (FwJob          *self);
gboolean        fw_job_is_runnable       (FwJob          *self);
double          fw_job_get_progress      (FwJob          *self);
guint64         fw_job_get_bytes_done    (FwJob          *self);
/* Why it failed, or %NULL (not failed). Owned by the job: valid until
 * it changes (#FwJob:error is notified). */
const GError   *fw_job_get_error         (FwJob          *self);
FwJobVerdict    fw_job_get_verdict       (FwJob          *self);
gboolean        fw_job_has_digests       (FwJob          *self);
FwAlgorithmSet  fw_job_get_algorithms    (FwJob          *self);
void            fw_job_set_algorithms    (FwJob          *self,
                                          FwAlgorithmSet  algorithms);
/* A verify job's digest from its checksum file, lowercase hex. */
const char     *fw_job_get_expected      (FwJob          *self);
/* A verify job's digest of the file, lowercase hex, when it differs from
 * the expected one (%FW_JOB_VERDICT_MISMATCH); else %NULL. */
const char     *fw_job_get_actual        (FwJob          *self);
GPtrArray      *fw_job_get_largest       (FwJob          *self);
guint64         fw_job_get_apparent_size (FwJob          *self);
guint64         fw_job_get_n_files       (FwJob          *self);
guint64         fw_job_get_n_dirs        (FwJob          *self);
/* fw-job-run.c: a folder's size row's tree, from its latest run (running
 * or over: see #FwJobSizeTree), or %NULL (another kind, a file, not run
 * yet). Kept until the row runs again or is removed. Main thread. */
struct _FwJobSizeTree *fw_job_dup_size_tree (FwJob       *self);

void            fw_job_request_cancel    (FwJob          *self);
gboolean        fw_job_get_cancel_requested (FwJob       *self);

/* Copies the worker's byte counter into FwJob:progress (main thread). */
void            fw_job_sync_progress     (FwJob          *self);

/* Main thread: state changes made by the batch. */
void            fw_job_set_state         (FwJob          *self,
                                          FwJobState      state);
void            fw_job_reset             (FwJob          *self);

/**
 * FwJobConfig:
 * @buffer_size: read buffer size, bytes
 * @one_file_system: sizing stays on the folder's file system
 * @pool: (nullable): the pool the job runs in (for parallel digests)
 * @size_pool: the pool a size job's scan fans out on (not the job's own
 *   pool, whose worker waits for it); required for size jobs, unused by
 *   the others
 *
 * What a worker needs besides the job; copied by the batch per run.
 */
typedef struct {
  gsize    buffer_size;
  gboolean one_file_system;
  FwPool  *pool;
  FwPool  *size_pool;
} FwJobConfig;

typedef struct _FwJobOutcome FwJobOutcome;

/**
 * fw_job_execute:
 * @self: the job
 * @config: settings of the run
 * @cancellable: (nullable): the batch's cancellable, checked between reads
 * @error: return location for the job's failure
 *
 * Does the job's work. Runs in a worker thread: touches only the job's
 * immutable fields and its atomic byte counter, never its properties.
 *
 * Returns: (transfer full): what the job found, to hand to
 *   fw_job_apply_outcome() in the main thread, or %NULL with @error set
 */
FwJobOutcome   *fw_job_execute           (FwJob              *self,
                                          const FwJobConfig  *config,
                                          GCancellable       *cancellable,
                                          GError            **error);
void            fw_job_outcome_free      (FwJobOutcome       *outcome);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwJobOutcome, fw_job_outcome_free)

/**
 * fw_job_apply_outcome:
 * @self: the job
 * @outcome: (transfer full) (nullable): from fw_job_execute()
 * @error: (nullable): the job's error, when @outcome is %NULL
 *
 * Main thread: records the outcome (or the failure, or the cancellation)
 * and notifies the changed properties, #FwJob:state last: a view that
 * words the outcome updates on #FwJob:state, #FwJob:verdict and
 * #FwJob:error.
 */
void            fw_job_apply_outcome     (FwJob              *self,
                                          FwJobOutcome       *outcome,
                                          const GError       *error);

/* FwBatch's bookkeeping, main thread: the status the batch counts the
 * row under, plus one; 0 while it does not count it (not in its list). */
guint           fw_job_get_tally         (FwJob          *self);
void            fw_job_set_tally         (FwJob          *self,
                                          guint           tally);

/* Bytes the job accounts for in the batch's progress once finished. */
guint64         fw_job_get_weight        (FwJob          *self);

/**
 * fw_job_set_expected:
 * @expected: (transfer full) (nullable): the digest a hash job's file
 *   should have (pasted, from the clipboard, or from a checksum file
 *   beside it); %NULL forgets it
 *
 * Main thread. A hash job with an expected digest has a verdict once it
 * is done (fw_job_get_verdict(): %FW_JOB_VERDICT_OK when a candidate's
 * digest is the expected one, %FW_JOB_VERDICT_MISMATCH when every
 * candidate was computed and none is), and its status is OK or Changed
 * instead of Done. Set on a job that is done, it compares at once with
 * the digests it has; when they lack a candidate and none matches, the
 * verdict stays %FW_JOB_VERDICT_NONE and fw_job_get_expected_missing()
 * says which to read (fw_batch_rehash_job()). Never changes the
 * algorithms a worker reads: put the candidates in them before the job
 * is queued (fw_batch_set_algorithms() before adding the file).
 */
void              fw_job_set_expected        (FwJob          *self,
                                              FwExpected     *expected);
/* The expected digest, or %NULL. Owned by the job. */
const FwExpected *fw_job_get_expected_digest (FwJob          *self);
/* The candidate whose digest matched (%FW_JOB_VERDICT_OK), else
 * %FW_ALGORITHM_INVALID. */
FwAlgorithm       fw_job_get_expected_match  (FwJob          *self);
/* The candidates compared: those computed (any verdict). */
FwAlgorithmSet    fw_job_get_expected_tried  (FwJob          *self);
/* A done hash job whose digests lack candidates, none matching: the
 * candidates to read; else 0. */
FwAlgorithmSet    fw_job_get_expected_missing (FwJob         *self);

/**
 * fw_job_set_find_sibling:
 *
 * Before the job is queued (any thread, as fw_job_set_algorithms()): a
 * hash job's worker first looks for a checksum file beside its file
 * (fw_sibling_find()), reads the file once with the list's candidates
 * added, and the job takes the list's line as its expected digest
 * (%FW_EXPECTED_LIST) unless it has one already (a paste wins).
 */
void              fw_job_set_find_sibling    (FwJob          *self,
                                              gboolean        find_sibling);
/* What the last look found: %FW_SIBLING_FOUND, %FW_SIBLING_NOT_LISTED or
 * %FW_SIBLING_UNREADABLE (the folder cannot be listed: the Flatpak), or
 * -1 when none was made. Main thread. */
int               fw_job_get_sibling_status  (FwJob          *self);

/* Its digest for @algorithm, lowercase hex, or NULL. */
const char     *fw_job_get_digest        (FwJob          *self,
                                          FwAlgorithm     algorithm);

G_END_DECLS
