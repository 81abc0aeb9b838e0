/* fw-job-private.h — what fw-job.c shares with fw-job-expected.c
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
