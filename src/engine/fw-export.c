/* fw-export.c — the export formats: checksum lines and the CSV of a job list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fw-checksum-write.h"
#include "fw-export.h"
#include "fw-job-compare-entry.h"
#include "fw-job.h"

int
fw_export_append_digests (GString            *out,
                          FwExportFormat      format,
                          const char * const *hex,
                          const FwAlgorithm  *order,
                          guint               n_order,
                          const char         *name,
                          GError            **error)
{
  gsize start;
  guint n_digests = 0;
  int n_lines = 0;

  g_return_val_if_fail (out != NULL, -1);
  g_return_val_if_fail (format != FW_EXPORT_CSV, -1);
  g_return_val_if_fail (hex != NULL, -1);
  g_return_val_if_fail (order != NULL || n_order == 0, -1);
  g_return_val_if_fail (name != NULL, -1);

  if (order == NULL)
    n_order = FW_N_ALGORITHMS;
  for (guint i = 0; i < n_order; i++)
    if (hex[order != NULL ? order[i] : i] != NULL)
      n_digests++;

  start = out->len;
  for (guint i = 0; i < n_order; i++)
    {
      FwAlgorithm a = order != NULL ? order[i] : (FwAlgorithm) i;
      FwChecksumFormat f;

      if (hex[a] == NULL)
        continue;
      if (format == FW_EXPORT_SFV)
        {
          if (a != FW_ALGORITHM_CRC32)
            continue;
          f = FW_CHECKSUM_SFV;
        }
      else if (format == FW_EXPORT_BSD || n_digests > 1)
        f = FW_CHECKSUM_BSD;
      else
        f = FW_CHECKSUM_GNU;
      if (!fw_checksum_append_line (out, f, a, hex[a], name, -1))
        {
          /* Only SFV has no way to write a line break. */
          g_string_truncate (out, start);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                       _("“%s” cannot be written in this format (its name holds a line break)"), name);
          return -1;
        }
      n_lines++;
    }
  return n_lines;
}

/* @path relative to @base_dir when it is under it, else @path. */
static char *
relative_name (const char *path,
               const char *base_dir)
{
  gsize n;

  if (base_dir == NULL)
    return g_strdup (path);
  n = strlen (base_dir);
  while (n > 1 && base_dir[n - 1] == '/')
    n--;
  if (strncmp (path, base_dir, n) == 0 && path[n] == '/')
    return g_strdup (path + n + 1);
  if (n == 1 && base_dir[0] == '/' && path[0] == '/')
    return g_strdup (path + 1);
  return g_strdup (path);
}

static void
csv_field (GString    *out,
           const char *value,
           gboolean    last)
{
  if (value == NULL)
    value = "";
  if (strpbrk (value, ",\"\n\r") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = value; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, value);
  g_string_append (out, last ? "\r\n" : ",");
}

/* The CSV's tokens: the same in every language (see fw-export.h). */
static const char *
kind_token (FwJobKind kind)
{
  switch (kind)
    {
    case FW_JOB_HASH: return "hash";
    case FW_JOB_SIZE: return "size";
    case FW_JOB_VERIFY: return "verify";
    case FW_JOB_COMPARE: return "compare";
    case FW_JOB_COMPARE_ENTRY: return "compare-folders";
    default: g_assert_not_reached ();
    }
}

static const char *
state_token (FwJobState state)
{
  switch (state)
    {
    case FW_JOB_QUEUED: return "queued";
    case FW_JOB_RUNNING: return "running";
    case FW_JOB_DONE: return "done";
    case FW_JOB_FAILED: return "failed";
    case FW_JOB_SKIPPED: return "skipped";
    case FW_JOB_CANCELLED: return "cancelled";
    default: g_assert_not_reached ();
    }
}

/* The result column: data, not the words the window shows. */
static char *
csv_result (FwJob *job)
{
  /* An audit's verdict (issue 20): tokens, and the other name. */
  if (fw_job_get_audit (job) == FW_AUDIT_NEW)
    return g_strdup ("new");
  if (fw_job_get_audit (job) == FW_AUDIT_MOVED)
    return g_strdup_printf (fw_job_get_audit_found (job) ? "moved from %s" : "moved to %s",
                            fw_job_get_audit_other (job));
  switch (fw_job_get_state (job))
    {
    case FW_JOB_DONE:
      break;
    case FW_JOB_FAILED:
    case FW_JOB_SKIPPED:
      return fw_job_get_error (job) != NULL ? g_strdup (fw_job_get_error (job)->message) : NULL;
    case FW_JOB_QUEUED:
    case FW_JOB_RUNNING:
    case FW_JOB_CANCELLED:
    default:
      return NULL;
    }

  switch (fw_job_get_kind (job))
    {
    case FW_JOB_HASH:
      {
        GString *s = g_string_new (NULL);
        guint n = 0;

        for (guint a = 0; a < FW_N_ALGORITHMS; a++)
          if (fw_job_get_digest (job, (FwAlgorithm) a) != NULL)
            n++;
        for (guint a = 0; a < FW_N_ALGORITHMS; a++)
          {
            const char *hex = fw_job_get_digest (job, (FwAlgorithm) a);

            if (hex == NULL)
              continue;
            if (s->len > 0)
              g_string_append_c (s, ' ');
            if (n > 1)
              g_string_append_printf (s, "%s:", fw_algorithm_get_name ((FwAlgorithm) a));
            g_string_append (s, hex);
          }
        return g_string_free (s, FALSE);
      }
    case FW_JOB_SIZE:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, fw_job_get_size (job));
    case FW_JOB_VERIFY:
      return g_strdup (fw_job_get_verdict (job) == FW_JOB_VERDICT_MISMATCH ? "mismatch" : "ok");
    case FW_JOB_COMPARE:
      {
        const FwCompareResult *r = fw_job_get_compare_result (job);
        g_autofree char *other = g_file_get_path (fw_job_get_other_file (job));

        /* cmp's words for a difference, and the second file's path (the
         * path column holds the first's). */
        switch (r->verdict)
          {
          case FW_COMPARE_IDENTICAL:
            return g_strdup_printf ("identical to %s", other);
          case FW_COMPARE_SIZES_DIFFER:
            return g_strdup_printf ("sizes differ from %s", other);
          case FW_COMPARE_DIFFERENT:
            return g_strdup_printf ("differs from %s: byte %" G_GUINT64_FORMAT ", line %" G_GUINT64_FORMAT,
                                    other, r->byte, r->line);
          case FW_COMPARE_EOF:
          default:
            return g_strdup_printf ("EOF on %s after byte %" G_GUINT64_FORMAT,
                                    r->side == 0 ? fw_job_get_path (job) : other, r->byte);
          }
      }
    case FW_JOB_COMPARE_ENTRY:
      {
        const FwJobCompareEntry *e = fw_job_get_compare_entry (job);
        g_autofree char *other = fw_job_get_other_file (job) != NULL
                                 ? g_file_get_path (fw_job_get_other_file (job)) : NULL;

        /* diff -rq's facts, the path column holding A's (B's when only
         * in B); the size column is that side's. */
        switch (e->verdict)
          {
          case FW_COMPARE_TREE_IDENTICAL:
            return g_strdup_printf ("identical to %s", other);
          case FW_COMPARE_TREE_DIFFERENT:
            return g_strdup_printf ("differs from %s (size %" G_GINT64_FORMAT ")", other, e->size[1]);
          case FW_COMPARE_TREE_ONLY_IN:
            return g_strdup (e->side == 0 ? "only in A" : "only in B");
          case FW_COMPARE_TREE_TYPES_DIFFER:
          default:
            return g_strdup_printf ("is a %s while %s is a %s", e->type[0], other, e->type[1]);
          }
      }
    default:
      g_assert_not_reached ();
    }
}

/* A hash row's expected digest (issue 19), or NULL. */
static const FwExpected *
csv_expected (FwJob *job)
{
  return fw_job_get_kind (job) == FW_JOB_HASH ? fw_job_get_expected_digest (job) : NULL;
}

/* The expected digest's columns: `expected,verdict,algorithm,list,line`
 * (see fw-export.h), empty for a row without one. */
static void
append_csv_expected (GString *out,
                     FwJob   *job)
{
  const FwExpected *expected = csv_expected (job);
  FwJobVerdict verdict = fw_job_get_verdict (job);
  g_autoptr(GString) algorithms = g_string_new (NULL);
  g_autofree char *line = NULL;
  const char *verdict_token = NULL;

  if (expected == NULL)
    {
      g_string_append (out, ",,,,\r\n");
      return;
    }
  if (verdict == FW_JOB_VERDICT_OK)
    {
      verdict_token = "matches";
      g_string_append (algorithms, fw_algorithm_get_name (fw_job_get_expected_match (job)));
    }
  else if (verdict == FW_JOB_VERDICT_MISMATCH)
    {
      FwAlgorithmSet tried = fw_job_get_expected_tried (job);

      verdict_token = "does not match";
      for (guint a = 0; a < FW_N_ALGORITHMS; a++)
        if (tried & FW_ALGORITHM_BIT (a))
          {
            if (algorithms->len > 0)
              g_string_append_c (algorithms, ' ');
            g_string_append (algorithms, fw_algorithm_get_name ((FwAlgorithm) a));
          }
    }
  if (expected->source == FW_EXPECTED_LIST)
    line = g_strdup_printf ("%u", expected->line);
  csv_field (out, expected->hex, FALSE);
  csv_field (out, verdict_token, FALSE);
  csv_field (out, algorithms->str, FALSE);
  csv_field (out, expected->source == FW_EXPECTED_LIST ? expected->list_path : NULL, FALSE);
  csv_field (out, line, TRUE);
}

static void
append_csv_row (GString  *out,
                FwJob    *job,
                gboolean  with_expected)
{
  g_autofree char *size = g_strdup_printf ("%" G_GUINT64_FORMAT, fw_job_get_size (job));
  g_autofree char *uri = fw_job_get_path (job) ? NULL : g_file_get_uri (fw_job_get_file (job));
  g_autofree char *result = csv_result (job);

  csv_field (out, fw_job_get_path (job) ? fw_job_get_path (job) : uri, FALSE);
  csv_field (out, kind_token (fw_job_get_kind (job)), FALSE);
  csv_field (out, size, FALSE);
  csv_field (out, state_token (fw_job_get_state (job)), FALSE);
  csv_field (out, result, !with_expected);
  if (with_expected)
    append_csv_expected (out, job);
}

/* Whether a hash row of @jobs has an expected digest: the CSV then has
 * its columns. */
static gboolean
csv_has_expected (GListModel *jobs)
{
  guint n = g_list_model_get_n_items (jobs);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (jobs, i);

      if (csv_expected (job) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Whether @job is a hash job that is done, with digests, and a path. */
static gboolean
job_has_lines (FwJob *job)
{
  return fw_job_get_kind (job) == FW_JOB_HASH && fw_job_get_state (job) == FW_JOB_DONE &&
         fw_job_has_digests (job) && fw_job_get_path (job) != NULL;
}

/* The lines of one hash job that is done; 0 for any other job. With
 * @only an algorithm, its digest alone (so one GNU line), else all. */
static int
append_job_digests (GString         *out,
                    FwJob           *job,
                    FwExportFormat   format,
                    FwAlgorithm      only,
                    const char      *base_dir,
                    GError         **error)
{
  const char *hex[FW_N_ALGORITHMS];
  g_autofree char *name = NULL;

  if (!job_has_lines (job))
    return 0;

  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    hex[a] = only == FW_ALGORITHM_INVALID || only == (FwAlgorithm) a
             ? fw_job_get_digest (job, (FwAlgorithm) a) : NULL;
  if (only != FW_ALGORITHM_INVALID && hex[only] == NULL)
    return 0;
  name = relative_name (fw_job_get_path (job), base_dir);
  return fw_export_append_digests (out, format, hex, NULL, 0, name, error);
}

static GBytes *
export_build (GListModel      *jobs,
              FwExportFormat   format,
              FwAlgorithm      only,
              const char      *base_dir,
              GError         **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n, n_lines = 0;
  gboolean with_expected;

  g_return_val_if_fail (G_IS_LIST_MODEL (jobs), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = g_list_model_get_n_items (jobs);
  with_expected = format == FW_EXPORT_CSV && csv_has_expected (jobs);
  if (format == FW_EXPORT_CSV)
    g_string_append (out, with_expected ? "path,kind,size,state,result,expected,verdict,algorithm,list,line\r\n"
                                        : "path,kind,size,state,result\r\n");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (jobs, i);

      if (format == FW_EXPORT_CSV)
        {
          append_csv_row (out, job, with_expected);
          n_lines++;
        }
      else
        {
          int added = append_job_digests (out, job, format, only, base_dir, error);

          if (added < 0)
            return NULL;
          n_lines += (guint) added;
        }
    }

  if (n_lines == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           format == FW_EXPORT_SFV
                           ? _("No finished CRC32 digests to export")
                           : _("No finished hash results to export"));
      return NULL;
    }
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

GBytes *
fw_export_build (GListModel      *jobs,
                 FwExportFormat   format,
                 const char      *base_dir,
                 GError         **error)
{
  return export_build (jobs, format, FW_ALGORITHM_INVALID, base_dir, error);
}

GBytes *
fw_export_build_gnu (GListModel   *jobs,
                     FwAlgorithm   algorithm,
                     const char   *base_dir,
                     GError      **error)
{
  g_return_val_if_fail (G_IS_LIST_MODEL (jobs), NULL);
  g_return_val_if_fail (algorithm < FW_N_ALGORITHMS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return export_build (jobs, FW_EXPORT_GNU, algorithm, base_dir, error);
}

FwAlgorithmSet
fw_export_get_algorithms (GListModel *jobs)
{
  FwAlgorithmSet set = 0;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (jobs), 0);

  n = g_list_model_get_n_items (jobs);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (jobs, i);

      if (!job_has_lines (job))
        continue;
      for (guint a = 0; a < FW_N_ALGORITHMS; a++)
        if (fw_job_get_digest (job, (FwAlgorithm) a) != NULL)
          set |= FW_ALGORITHM_BIT (a);
    }
  return set;
}

char *
fw_export_gnu_file_name (FwAlgorithm algorithm)
{
  g_autofree char *tag = NULL;

  g_return_val_if_fail (algorithm < FW_N_ALGORITHMS, NULL);

  /* coreutils' b2sum is BLAKE2b-512, and its lists are B2SUMS; the
   * others are named as md5sum's and sha*sum's are: the tag, then SUMS. */
  if (algorithm == FW_ALGORITHM_BLAKE2B)
    return g_strdup ("B2SUMS");
  tag = g_ascii_strup (fw_algorithm_get_tag (algorithm), -1);
  return g_strconcat (tag, "SUMS", NULL);
}

GBytes *
fw_export_build_dupes (GPtrArray *groups)
{
  GString *out = g_string_new ("group,size,path,device,inode,linked,mtime\r\n");

  g_return_val_if_fail (groups != NULL, NULL);
  for (guint i = 0; i < groups->len; i++)
    {
      const FwDupesGroup *group = g_ptr_array_index (groups, i);
      char id[24], size[24];

      g_snprintf (id, sizeof id, "%u", i + 1);
      g_snprintf (size, sizeof size, "%" G_GUINT64_FORMAT, group->size);
      for (guint j = 0; j < group->files->len; j++)
        {
          const FwDupesFile *file = g_ptr_array_index (group->files, j);
          gint64 secs = file->mtime_ns / G_GINT64_CONSTANT (1000000000);
          gint64 nanos = file->mtime_ns % G_GINT64_CONSTANT (1000000000);
          g_autoptr(GDateTime) time = NULL;
          g_autofree char *stamp = NULL;
          g_autofree char *when = NULL;
          char dev[24], ino[24];

          if (nanos < 0)
            {
              secs--;
              nanos += G_GINT64_CONSTANT (1000000000);
            }
          time = g_date_time_new_from_unix_utc (secs);
          stamp = time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%S") : NULL;
          when = stamp != NULL ? g_strdup_printf ("%s.%09" G_GINT64_FORMAT "Z", stamp, nanos) : NULL;
          g_snprintf (dev, sizeof dev, "%" G_GUINT64_FORMAT, file->dev);
          g_snprintf (ino, sizeof ino, "%" G_GUINT64_FORMAT, file->ino);
          csv_field (out, id, FALSE);
          csv_field (out, size, FALSE);
          csv_field (out, file->path, FALSE);
          csv_field (out, dev, FALSE);
          csv_field (out, ino, FALSE);
          csv_field (out, file->linked ? "yes" : "no", FALSE);
          csv_field (out, when, TRUE);
        }
    }
  return g_string_free_to_bytes (out);
}
