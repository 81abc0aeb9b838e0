/* fw-job-text.c — the words the user reads for a job's kind, state and outcome
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-job-text.h"

const char *
fw_job_text_kind (FwJobKind kind)
{
  switch (kind)
    {
    case FW_JOB_HASH: return _("Hash");
    case FW_JOB_SIZE: return _("Size");
    case FW_JOB_VERIFY: return _("Verify");
    default: g_assert_not_reached ();
    }
}

const char *
fw_job_text_state (FwJobState state)
{
  switch (state)
    {
    case FW_JOB_QUEUED: return _("Queued");
    case FW_JOB_RUNNING: return _("Running");
    case FW_JOB_DONE: return _("Done");
    case FW_JOB_FAILED: return _("Failed");
    case FW_JOB_SKIPPED: return _("Skipped");
    case FW_JOB_CANCELLED: return _("Cancelled");
    default: g_assert_not_reached ();
    }
}

const char *
fw_job_text_status (FwJob *job)
{
  FwJobState state = fw_job_get_state (job);

  if (state == FW_JOB_DONE && fw_job_get_verdict (job) == FW_JOB_VERDICT_MISMATCH)
    return _("Mismatch");
  if (state == FW_JOB_FAILED && fw_job_get_verdict (job) == FW_JOB_VERDICT_MISSING)
    return _("Missing");
  return fw_job_text_state (state);
}

/* One digest as itself; several as "ALGORITHM:HEX …", in FwAlgorithm
 * order. (Also the Result column's sort key, made for every row.) */
static char *
digests_text (FwJob *job)
{
  const char *hex[FW_N_ALGORITHMS];
  GString *s;
  guint n = 0, last = 0;

  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    if ((hex[a] = fw_job_get_digest (job, (FwAlgorithm) a)) != NULL)
      {
        n++;
        last = a;
      }
  if (n <= 1)
    return n == 1 ? g_strdup (hex[last]) : NULL;

  s = g_string_new (NULL);
  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    {
      if (hex[a] == NULL)
        continue;
      if (s->len > 0)
        g_string_append_c (s, ' ');
      g_string_append_printf (s, "%s:%s", fw_algorithm_get_name ((FwAlgorithm) a), hex[a]);
    }
  return g_string_free (s, FALSE);
}

static char *
size_text (FwJob *job)
{
  guint64 n_files = fw_job_get_n_files (job);
  guint64 n_dirs = fw_job_get_n_dirs (job);
  g_autofree char *usage = g_format_size (fw_job_get_size (job));
  g_autofree char *n_files_s = g_strdup_printf ("%" G_GUINT64_FORMAT, n_files);
  g_autofree char *n_dirs_s = g_strdup_printf ("%" G_GUINT64_FORMAT, n_dirs);
  g_autofree char *files = g_strdup_printf (ngettext ("%s file", "%s files", (gulong) MIN (n_files, G_MAXULONG)), n_files_s);
  g_autofree char *dirs = g_strdup_printf (ngettext ("%s folder", "%s folders", (gulong) MIN (n_dirs, G_MAXULONG)), n_dirs_s);

  /* TRANSLATORS: disk usage · file count, folder count */
  return g_strdup_printf (_("%s · %s, %s"), usage, files, dirs);
}

static char *
failure_text (FwJob *job)
{
  const GError *error = fw_job_get_error (job);

  if (error == NULL)
    return NULL;
  /* A file a checksum file lists (the checksum file's own row has no
   * expected digest): missing, or there but unreadable. */
  if (fw_job_get_kind (job) == FW_JOB_VERIFY && fw_job_get_expected (job) != NULL)
    return g_strdup_printf (fw_job_get_verdict (job) == FW_JOB_VERDICT_MISSING
                            ? _("Missing: %s") : _("Cannot read: %s"),
                            error->message);
  return g_strdup (error->message);
}

char *
fw_job_text_result (FwJob *job)
{
  g_return_val_if_fail (FW_IS_JOB (job), NULL);

  switch (fw_job_get_state (job))
    {
    case FW_JOB_DONE:
      break;
    case FW_JOB_FAILED:
    case FW_JOB_SKIPPED:
      return failure_text (job);
    case FW_JOB_QUEUED:
    case FW_JOB_RUNNING:
    case FW_JOB_CANCELLED:
    default:
      return NULL;
    }

  switch (fw_job_get_kind (job))
    {
    case FW_JOB_HASH:
      return fw_job_has_digests (job) ? digests_text (job) : NULL;
    case FW_JOB_SIZE:
      return size_text (job);
    case FW_JOB_VERIFY:
      if (fw_job_get_verdict (job) == FW_JOB_VERDICT_MISMATCH)
        return g_strdup_printf (_("FAILED: digest is %s"), fw_job_get_actual (job));
      return g_strdup (_("OK"));
    default:
      g_assert_not_reached ();
    }
}
