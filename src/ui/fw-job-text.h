/* fw-job-text.h — the words the user reads for a job's kind, state and
 * outcome, and for the counts of a batch's rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fw-batch.h"
#include "fw-footer.h"
#include "fw-job.h"
#include "fw-job-compare-entry.h"

G_BEGIN_DECLS

/*
 * The engine hands over a job's outcome as data (fw-job.h: a state, and
 * digests, sizes, a verdict or a GError) and counts the rows by status
 * (fw_batch_get_counts()); these functions word them, one vocabulary for
 * the job list's cells, their tooltips, the Copy action, the footer, the
 * window's subtitle and the summaries. Every word the window says about a
 * job or a batch is made here. Translated; main thread (they read the
 * job's properties).
 *
 * The vocabulary: a row is Queued, Running, Done (hashed or sized), OK
 * (a verify that matches), Changed (a verify whose digest differs),
 * Missing (a listed file that is not there), Failed, Skipped (not a
 * regular file) or Cancelled; counts use the same words, lowercase: "2
 * done · 1 changed · 1 skipped".
 */

/* "Hash", "Size" or "Verify". Static. */
const char *fw_job_text_kind        (FwJobKind    kind);
/* "Queued", "Running", "Done", "Failed", "Skipped" or "Cancelled". Static. */
const char *fw_job_text_state       (FwJobState   state);
/* The State column's word for a status: "Queued", "Running", "Done",
 * "OK", "Changed", "Missing", "Failed", "Skipped", "Cancelled". Static. */
const char *fw_job_text_status_word (FwJobStatus  status);
/* The State column's word for @job (fw_job_get_status()). Static. */
const char *fw_job_text_status      (FwJob       *job);
/* Compare Folders: the verdict in words ("Only in A", "Different type"). */
const char *fw_job_text_compare_entry_verdict (const FwJobCompareEntry *entry);

/**
 * fw_job_text_expected:
 * @job: a job
 *
 * The verdict of a hash job against the digest it was expected to have
 * (fw_job_set_expected()): "Matches the SHA-256 digest you pasted",
 * "Matches the BLAKE3 digest you copied", "Matches SHA256SUMS, line 3",
 * "Matches CHECKSUM, line 5 (signature not checked)", "Does not match the
 * SHA-256 digest you pasted", "Does not match: tried SHA-256, SHA3-256,
 * BLAKE2s, BLAKE3", "Does not match SHA256SUMS, line 3". The Result
 * column says it, the banner too, and the State column's word is
 * "Matches" or "Does not match".
 *
 * Returns: (transfer full) (nullable): the text, %NULL without a verdict
 */
char       *fw_job_text_expected    (FwJob       *job);

/**
 * fw_job_text_error:
 * @error: why a job failed or was skipped
 *
 * The reason in plain words, from the error's domain and code (never its
 * message's text): "File not found", "No permission to read this file",
 * "Not a regular file", …; an error with no plainer words keeps its own
 * message (the engine's are translated and name no file).
 *
 * Returns: (transfer full): the text
 */
char       *fw_job_text_error       (const GError *error);

/**
 * fw_job_text_result:
 * @job: a job
 *
 * The Result column's text: a hash job's digest, or "NAME:HEX" pairs
 * separated by spaces when it has several (the algorithms' display
 * names); a size job's "1.2 MB · 3 files, 1 folder"; a verify job's
 * "Digest matches" (with "· list signature not checked" when its list
 * is clear-signed) or "Digest differs: HEX"; a failed or skipped job's
 * reason (fw_job_text_error()); nothing for a job that is queued,
 * running or cancelled.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL for none
 */
char       *fw_job_text_result      (FwJob       *job);

/* The Result column's tooltip: the result, and under it the system's own
 * message when the result words it more plainly (for experts). Free with
 * g_free(); %NULL for none. */
char       *fw_job_text_result_tooltip (FwJob    *job);

/* "47%": a fraction from 0 to 1 as a percentage, as the locale writes
 * one. Free with g_free(). */
char       *fw_job_text_percent     (double       fraction);

/* "12 seconds left", "3 min 05 s left"; %NULL when unknown (negative) or
 * under a second. Free with g_free(). */
char       *fw_job_text_time_left   (double       seconds);

/* "3 of 11 files" (or folders, or items when both are listed): the rows
 * finished of every row. Free with g_free(). */
char       *fw_job_text_progress    (const FwBatchCounts *counts);

/* The finished rows by status, zero counts left out, in the order of
 * #FwJobStatus: "1 OK · 1 changed · 1 missing · 1 skipped"; "" when none
 * has finished. Free with g_free(). */
char       *fw_job_text_tally       (const FwBatchCounts *counts);

/* The footer's status line: "3 of 11 files · 1.2 GB / 4 GB · 300 MB/s ·
 * 12 seconds left · 1 failed · 6 waiting for Start". Free with g_free(). */
char       *fw_job_text_footer      (const FwFooterState *state);

/* The window's subtitle: "47% — 3 of 11 files" while running, "Paused —
 * 47%", "Stopping…", "Finding files… 120", the tally between runs; ""
 * with no rows. Free with g_free(). */
char       *fw_job_text_subtitle    (const FwFooterState *state);

/* The summary a finished batch toasts: its tally, and the special files
 * left out of folders (not rows) since the last summary. Free with
 * g_free(). */
char       *fw_job_text_summary     (const FwBatchCounts *counts,
                                     guint                n_left_out);
/* The same, and "list signature not checked" when @clear_signed (a verify
 * row came from a PGP clear-signed list). */
char       *fw_job_text_summary_full (const FwBatchCounts *counts,
                                      guint                n_left_out,
                                      gboolean             clear_signed);

G_END_DECLS
