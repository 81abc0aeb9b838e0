/* fw-job-text.h — the words the user reads for a job's kind, state and outcome
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fw-job.h"

G_BEGIN_DECLS

/*
 * The engine hands over a job's outcome as data (fw-job.h: a state, and
 * digests, sizes, a verdict or a GError); these functions word it for the
 * job list's cells, their tooltips, the Copy action and toasts. Translated;
 * main thread (they read the job's properties).
 */

/* "Hash", "Size" or "Verify". Static. */
const char *fw_job_text_kind   (FwJobKind   kind);
/* "Queued", "Running", "Done", "Failed" or "Cancelled". Static. */
const char *fw_job_text_state  (FwJobState  state);
/* The State column's word for @job: its state's, or "Mismatch" for a
 * verify that found another digest and "Missing" for one whose file is
 * missing. Static. */
const char *fw_job_text_status (FwJob      *job);

/**
 * fw_job_text_result:
 * @job: a job
 *
 * The Result column's text: a hash job's digest, or "ALGORITHM:HEX" pairs
 * separated by spaces when it has several; a size job's "1.2 MB · 3
 * files, 1 folder"; a verify job's "OK" or "FAILED: digest is HEX"; a
 * failed job's error message ("Missing: …" or "Cannot read: …" for a
 * file a checksum file lists); nothing for a job that is queued, running
 * or cancelled.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL for none
 */
char       *fw_job_text_result (FwJob      *job);

G_END_DECLS
