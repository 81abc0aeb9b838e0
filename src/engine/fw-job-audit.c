/* fw-job-audit.c — a row's audit verdict: new and moved files (issue 20)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When a checksum list was verified over a folder, the window audits the
 * folder (fw-audit.c) and marks the rows: a listed file found under
 * another name is "moved" (its row, and a new row for the file found),
 * a file no entry names is "new" (a new row). The status follows
 * (fw_job_get_status()), so the batch counts them and the view sorts
 * and filters by them.
 */
#include "config.h"

#include "fw-job-private.h"

void
fw_job_set_audit (FwJob          *self,
                  FwAuditVerdict  verdict,
                  const char     *other)
{
  g_return_if_fail (FW_IS_JOB (self));
  g_return_if_fail (verdict <= FW_AUDIT_N_VERDICTS);

  self->audit = verdict;
  g_free (self->audit_other);
  self->audit_other = g_strdup (other);
}

FwAuditVerdict
fw_job_get_audit (FwJob *self)
{
  g_return_val_if_fail (FW_IS_JOB (self), FW_AUDIT_N_VERDICTS);
  return self->audit;
}

const char *
fw_job_get_audit_other (FwJob *self)
{
  g_return_val_if_fail (FW_IS_JOB (self), NULL);
  return self->audit_other;
}

gboolean
fw_job_get_audit_found (FwJob *self)
{
  g_return_val_if_fail (FW_IS_JOB (self), FALSE);
  return self->audit_found;
}

FwJob *
fw_job_new_audit_found (const char        *base_dir,
                        const FwAuditItem *item)
{
  g_autofree char *root = NULL;
  g_autofree char *path = NULL;
  FwJob *self;

  g_return_val_if_fail (base_dir != NULL && item != NULL && item->name != NULL, NULL);

  root = g_canonicalize_filename (base_dir, NULL);
  path = g_canonicalize_filename (item->name, root);
  self = fw_job_new_for_path (FW_JOB_VERIFY, path, item->size);
  fw_job_set_name_root (self, root);
  self->state = FW_JOB_DONE;
  self->progress = 1.0;
  self->audit_found = TRUE;
  self->audit = item->verdict;
  self->audit_other = g_strdup (item->other);
  self->base_dir = g_strdup (base_dir);
  if (item->hex != NULL)
    self->actual_hex = g_strdup (item->hex);
  return self;
}

const FwChecksumEntry *
fw_job_get_entry (FwJob *self)
{
  g_return_val_if_fail (FW_IS_JOB (self), NULL);
  return self->entry;
}

const char *
fw_job_get_base_dir (FwJob *self)
{
  g_return_val_if_fail (FW_IS_JOB (self), NULL);
  return self->base_dir;
}
