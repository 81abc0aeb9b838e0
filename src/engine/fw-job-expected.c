/* fw-job-expected.c — a hash job's expected digest and its verdict
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19: the digest a hash row should have (pasted, copied, or a line
 * of the checksum file beside the file: FwExpected says which), compared
 * with the digests the row has once it is done. See fw_job_set_expected()
 * in fw-job.h. Main thread, but for @find_sibling (fw-job-private.h).
 */
#include "config.h"

#include <string.h>

#include "fw-job-private.h"

void
fw_job_expect_init (FwJobExpect *expect)
{
  expect->match = FW_ALGORITHM_INVALID;
  expect->sibling_status = -1;
}

void
fw_job_expect_clear (FwJobExpect *expect)
{
  g_clear_pointer (&expect->expected, fw_expected_free);
}

void
fw_job_expect_check (FwJob    *self,
                     gboolean  done)
{
  FwJobExpect *e = fw_job_get_expect (self);
  FwJobVerdict verdict = FW_JOB_VERDICT_NONE;
  const char *hex[FW_N_ALGORITHMS];

  e->match = FW_ALGORITHM_INVALID;
  e->tried = 0;
  if (fw_job_get_kind (self) != FW_JOB_HASH)
    return;
  if (e->expected != NULL && done && fw_job_has_digests (self))
    {
      for (guint a = 0; a < FW_N_ALGORITHMS; a++)
        hex[a] = fw_job_get_digest (self, (FwAlgorithm) a);
      e->match = fw_expected_match (e->expected, hex, &e->tried);
      if (e->match != FW_ALGORITHM_INVALID)
        verdict = FW_JOB_VERDICT_OK;
      else if (e->tried == e->expected->algorithms)
        verdict = FW_JOB_VERDICT_MISMATCH;
    }
  fw_job_set_hash_verdict (self, verdict);
}

void
fw_job_expect_take_sibling (FwJob     *self,
                            FwSibling *sibling)
{
  FwJobExpect *e = fw_job_get_expect (self);
  FwAlgorithmSet of_length;
  FwExpected *expected;

  e->sibling_status = (int) sibling->status;
  if (sibling->status != FW_SIBLING_FOUND || sibling->hex == NULL ||
      (e->expected != NULL && e->expected->source != FW_EXPECTED_LIST))
    return;
  /* A truncated line (`b2sum -l 256`) is not compared. */
  of_length = fw_expected_algorithms_for_length (strlen (sibling->hex) / 2);
  if ((of_length & sibling->algorithms) == 0)
    return;
  expected = fw_expected_new (sibling->hex, sibling->algorithms & of_length);
  expected->source = FW_EXPECTED_LIST;
  expected->list_path = g_strdup (sibling->list_path);
  expected->line = sibling->line;
  expected->clear_signed = sibling->clear_signed;
  fw_job_expect_clear (e);
  e->expected = expected;
}

void
fw_job_set_expected (FwJob      *self,
                     FwExpected *expected)
{
  FwJobExpect *e;

  g_return_if_fail (FW_IS_JOB (self));

  e = fw_job_get_expect (self);
  fw_job_expect_clear (e);
  e->expected = expected;
  fw_job_expect_check (self, fw_job_get_state (self) == FW_JOB_DONE);
}

const FwExpected *
fw_job_get_expected_digest (FwJob *self)
{
  g_return_val_if_fail (FW_IS_JOB (self), NULL);
  return fw_job_get_expect (self)->expected;
}

FwAlgorithm
fw_job_get_expected_match (FwJob *self)
{
  g_return_val_if_fail (FW_IS_JOB (self), FW_ALGORITHM_INVALID);
  return fw_job_get_expect (self)->match;
}

FwAlgorithmSet
fw_job_get_expected_tried (FwJob *self)
{
  g_return_val_if_fail (FW_IS_JOB (self), 0);
  return fw_job_get_expect (self)->tried;
}

FwAlgorithmSet
fw_job_get_expected_missing (FwJob *self)
{
  FwJobExpect *e;

  g_return_val_if_fail (FW_IS_JOB (self), 0);

  e = fw_job_get_expect (self);
  if (e->expected == NULL || fw_job_get_state (self) != FW_JOB_DONE ||
      fw_job_get_kind (self) != FW_JOB_HASH || fw_job_get_verdict (self) != FW_JOB_VERDICT_NONE)
    return 0;
  return e->expected->algorithms & ~e->tried;
}

void
fw_job_set_find_sibling (FwJob    *self,
                         gboolean  find_sibling)
{
  g_return_if_fail (FW_IS_JOB (self));
  fw_job_get_expect (self)->find_sibling = !!find_sibling;
}

int
fw_job_get_sibling_status (FwJob *self)
{
  g_return_val_if_fail (FW_IS_JOB (self), -1);
  return fw_job_get_expect (self)->sibling_status;
}
