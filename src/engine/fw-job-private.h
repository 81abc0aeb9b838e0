/* fw-job-private.h — what fw-job.c shares with fw-job-run.c and fw-job-expected.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-job.h"
#include "fw-sibling.h"

G_BEGIN_DECLS

/* A hash job's expected digest and what it was compared with (issue 19).
 * @find_sibling is set before the job is queued and read by its worker;
 * the rest is the main thread's. */
typedef struct {
  gboolean        find_sibling;   /* the worker looks for a checksum file beside it */
  int             sibling_status; /* what it found (FwSiblingStatus), or -1 */
  FwExpected     *expected;
  FwAlgorithm     match;          /* the candidate that matched, or invalid */
  FwAlgorithmSet  tried;          /* the candidates computed */
} FwJobExpect;

/* The longest digest a job keeps in itself, in hex: 256 bits (SHA-256,
 * the default, and every shorter one). Longer ones (SHA-384, SHA-512,
 * SHA3-512, BLAKE2b) are kept in a FwDigestResult, as several are: 64
 * bytes more in each of 100,000 jobs would cost more than they save. */
#define DIGEST_HEX_MAX 64

struct _FwJob
{
  GObject parent_instance;

  /* What a worker reads (and bytes_done, which it writes) first, in the
   * instance's first 64 bytes: one or two cache lines (instances are not
   * 64-byte aligned), not four; a worker touches a job once, and each
   * further line would be one more miss per file. */
  FwJobKind       kind;
  FwAlgorithmSet  algorithms;
  gboolean        regular_only;
  gint            cancel_requested; /* atomic: see fw_job_request_cancel() */
  char           *path;
  guint64         bytes_done;   /* atomic: written by the worker */
  guint           path_hash;    /* g_str_hash (path), or 0 */
  FwJobState      state;

  GFile          *file;
  char           *name;         /* NULL: the path's last part (see job_name()) */
  char           *display_path; /* the host path of a portal file, or NULL */
  guint           name_offset;  /* where the name starts in path, or 0 (see job_name()) */
  guint64         size;

  double          progress;
  GError         *error;        /* why it failed (FW_JOB_FAILED), or NULL */

  FwDigestResult *digests;

  FwChecksumEntry *entry;      /* verify jobs */
  char           *base_dir;
  char           *expected_hex;
  char           *actual_hex;   /* the digest read, for a mismatch */
  FwJobVerdict    verdict;
  gboolean        is_folder;
  gboolean        clear_signed; /* verify: from a clear-signed list */
  guint           tally;        /* FwBatch's: see fw_job_get_tally() */

  FwJobExpect     expect;       /* a hash job's expected digest: fw-job-expected.c */

  /* The audit's verdict (fw-job-audit.c): FW_AUDIT_N_VERDICTS for none. */
  FwAuditVerdict  audit;
  gboolean        audit_found;  /* a found file's row, not a listed one */
  char           *audit_other;

  guint64         apparent_size;
  guint64         n_files;
  guint64         n_dirs;
  GPtrArray      *largest;      /* FwSizeChild */
  /* A folder's size row: its last run's tree (fw-job-run.c), swapped by
   * the worker as a run starts, under a lock of fw-job-run.c's. */
  struct _FwJobSizeTree *size_tree;
  char          **exclude_patterns; /* a size job's, or NULL: immutable once queued */

  /* Compare jobs: the second file, and the outcome, written by the
   * worker (as digest_hex) and read once the outcome is applied. */
  GFile          *other_file;
  char           *other_path;
  FwCompareResult compare;
  /* Compare Folders rows (fw-job-compare-entry.c): the verdict's data. */
  struct _FwJobCompareEntry *compare_entry;

  /* One digest, the usual case, is kept here, in the job's own memory: the
   * worker copies it in and frees its result itself (fw_job_execute()).
   * A result kept from each of 100,000 files would hold that much of the
   * workers' memory, which glibc grows a page at a time, and every page
   * of it costs a fault and an mprotect (bench-batch: 18 ms of CPU).
   * Read once has_digest is set, by the main thread, when the outcome is
   * applied: the worker has written it by then. Several digests, or one
   * longer than DIGEST_HEX_MAX, are in @digests. */
  gboolean        has_digest;
  FwAlgorithm     digest_algorithm;
  char            digest_hex[DIGEST_HEX_MAX + 1];
};

/* fw-job.c: notifications for fw-job-run.c (main thread). */
void         fw_job_notify_verdict   (FwJob        *self);
void         fw_job_notify_size      (FwJob        *self);
/* @error (owned, or %NULL) is the job's error from now on. */
void         fw_job_take_error       (FwJob        *self,
                                      GError       *error);

/* fw-job.c */
FwJobExpect *fw_job_get_expect       (FwJob        *self);
/* A hash job's verdict, notified when it changes (main thread). */
void         fw_job_set_hash_verdict (FwJob        *self,
                                      FwJobVerdict  verdict);

/* fw-job-expected.c */
void         fw_job_expect_init      (FwJobExpect  *expect);
void         fw_job_expect_clear     (FwJobExpect  *expect);
/* Main thread: the verdict of @self's digests against its expected
 * digest (@done: its digests are in, whatever its state says yet). */
void         fw_job_expect_check     (FwJob        *self,
                                      gboolean      done);
/* Main thread: what the worker found beside the file; a list's line
 * becomes the expected digest unless the user gave one. */
void         fw_job_expect_take_sibling (FwJob     *self,
                                         FwSibling *sibling);

G_END_DECLS
