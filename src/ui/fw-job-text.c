/* fw-job-text.c — the words the user reads for a job's kind, state and
 * outcome, and for the counts of a batch's rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-engine.h"
#include "fw-job-compare-entry.h"
#include "fw-job-text.h"

const char *
fw_job_text_kind (FwJobKind kind)
{
  switch (kind)
    {
    case FW_JOB_HASH: return _("Hash");
    case FW_JOB_SIZE: return _("Size");
    case FW_JOB_VERIFY: return _("Verify");
    case FW_JOB_COMPARE: return _("Compare");
    case FW_JOB_COMPARE_ENTRY: return _("Compare");
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
fw_job_text_status_word (FwJobStatus status)
{
  switch (status)
    {
    case FW_JOB_STATUS_QUEUED: return _("Queued");
    case FW_JOB_STATUS_RUNNING: return _("Running");
    case FW_JOB_STATUS_DONE: return _("Done");
    /* TRANSLATORS: a verified file whose digest matches the checksum file */
    case FW_JOB_STATUS_OK: return _("OK");
    /* TRANSLATORS: a verified file whose digest differs from the checksum file's */
    case FW_JOB_STATUS_CHANGED: return _("Changed");
    /* TRANSLATORS: a file a checksum file lists, not found */
    case FW_JOB_STATUS_MISSING: return _("Missing");
    case FW_JOB_STATUS_FAILED: return _("Failed");
    /* TRANSLATORS: not read: not a regular file (a FIFO, socket or device) */
    case FW_JOB_STATUS_SKIPPED: return _("Skipped");
    case FW_JOB_STATUS_CANCELLED: return _("Cancelled");
    /* TRANSLATORS: an audit: a listed file now under another name */
    case FW_JOB_STATUS_MOVED: return _("Moved");
    /* TRANSLATORS: an audit: a file in the folder that the list does not name */
    case FW_JOB_STATUS_NEW: return _("New");
    case FW_JOB_N_STATUSES:
    default: g_assert_not_reached ();
    }
}

const char *
fw_job_text_status (FwJob *job)
{
  /* A hash row with an expected digest: its verdict, in the words of the
   * banner (counted as OK and changed, as verified rows are). */
  if (fw_job_get_kind (job) == FW_JOB_HASH && fw_job_get_state (job) == FW_JOB_DONE)
    switch (fw_job_get_verdict (job))
      {
      /* TRANSLATORS: a file whose digest is the one the user expected */
      case FW_JOB_VERDICT_OK: return _("Matches");
      /* TRANSLATORS: a file whose digest is not the one the user expected */
      case FW_JOB_VERDICT_MISMATCH: return _("Does not match");
      case FW_JOB_VERDICT_NONE:
      case FW_JOB_VERDICT_MISSING:
      default: break;
      }
  /* Two files compared: the verdict in one word (the Result says where). */
  if (fw_job_get_kind (job) == FW_JOB_COMPARE && fw_job_get_state (job) == FW_JOB_DONE)
    /* TRANSLATORS: two compared files: the same bytes, or not */
    return fw_job_get_status (job) == FW_JOB_STATUS_OK ? _("Identical") : _("Different");
  if (fw_job_get_kind (job) == FW_JOB_COMPARE_ENTRY && fw_job_get_state (job) == FW_JOB_DONE)
    return fw_job_text_compare_entry_verdict (fw_job_get_compare_entry (job));
  return fw_job_text_status_word (fw_job_get_status (job));
}

const char *
fw_job_text_compare_entry_verdict (const FwJobCompareEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);

  switch (entry->verdict)
    {
    /* TRANSLATORS: Compare Folders: the same content on both sides */
    case FW_COMPARE_TREE_IDENTICAL: return _("Identical");
    /* TRANSLATORS: Compare Folders: two files with different content */
    case FW_COMPARE_TREE_DIFFERENT: return _("Different");
    case FW_COMPARE_TREE_ONLY_IN:
      /* TRANSLATORS: Compare Folders: A is the first folder, B the second */
      return entry->side == 0 ? _("Only in A") : _("Only in B");
    /* TRANSLATORS: Compare Folders: a file on one side, a folder (or a
     * FIFO, a device) on the other */
    case FW_COMPARE_TREE_TYPES_DIFFER: return _("Different type");
    case FW_COMPARE_TREE_ERROR:
    case FW_COMPARE_TREE_LOOP:
    default: return _("Failed");
    }
}

/* "12 kB", "folder", "—": one side of a Compare Folders row. */
static char *
compare_entry_side (const FwJobCompareEntry *entry,
                    guint                    f)
{
  if (entry->is_folder[f])
    return g_strdup (_("folder"));
  if (entry->size[f] >= 0)
    return g_format_size ((guint64) entry->size[f]);
  if (entry->type[f] != NULL)
    /* TRANSLATORS: not a regular file nor a folder: a FIFO, a device, … */
    return g_strdup (_("special file"));
  return g_strdup ("—");
}

/* The Result of a Compare Folders row: both sides' sizes. */
static char *
compare_entry_text (FwJob *job)
{
  const FwJobCompareEntry *entry = fw_job_get_compare_entry (job);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (entry == NULL)
    return NULL;
  a = compare_entry_side (entry, 0);
  b = compare_entry_side (entry, 1);
  if (entry->verdict == FW_COMPARE_TREE_ONLY_IN)
    /* TRANSLATORS: Compare Folders: a path on one side only; %s is its
     * size, or "folder" */
    return g_strdup_printf (entry->side == 0 ? _("A: %s · not in B") : _("B: %s · not in A"),
                            entry->side == 0 ? a : b);
  /* TRANSLATORS: Compare Folders: each side's size (or "folder") */
  return g_strdup_printf (_("A: %s · B: %s"), a, b);
}

/* Expected digests ---------------------------------------------------------- */

/* "SHA-256, SHA3-256, BLAKE2s, BLAKE3" */
static char *
algorithm_list (FwAlgorithmSet set)
{
  GString *s = g_string_new (NULL);

  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    if (set & FW_ALGORITHM_BIT (a))
      {
        if (s->len > 0)
          /* TRANSLATORS: between the names in a list of algorithms */
          g_string_append (s, _(", "));
        g_string_append (s, fw_algorithm_get_display_name ((FwAlgorithm) a));
      }
  return g_string_free (s, FALSE);
}

char *
fw_job_text_expected (FwJob *job)
{
  const FwExpected *e = fw_job_get_expected_digest (job);
  FwJobVerdict verdict = fw_job_get_verdict (job);
  FwAlgorithmSet tried = fw_job_get_expected_tried (job);
  g_autofree char *list = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (FW_IS_JOB (job), NULL);

  if (e == NULL || fw_job_get_kind (job) != FW_JOB_HASH || fw_job_get_state (job) != FW_JOB_DONE ||
      (verdict != FW_JOB_VERDICT_OK && verdict != FW_JOB_VERDICT_MISMATCH))
    return NULL;

  if (e->source == FW_EXPECTED_LIST)
    {
      g_autofree char *base = g_path_get_basename (e->list_path != NULL ? e->list_path : "");
      g_autofree char *name = g_filename_display_name (base);

      if (verdict == FW_JOB_VERDICT_OK)
        /* TRANSLATORS: a checksum file's name and the line that lists the file */
        text = g_strdup_printf (_("Matches %s, line %u"), name, e->line);
      else if (fw_algorithm_set_count (tried) > 1)
        {
          list = algorithm_list (tried);
          /* TRANSLATORS: a checksum file's name, its line, then algorithms */
          text = g_strdup_printf (_("Does not match %s, line %u: tried %s"), name, e->line, list);
        }
      else
        text = g_strdup_printf (_("Does not match %s, line %u"), name, e->line);
      if (e->clear_signed)
        /* TRANSLATORS: a verdict, then a note: a PGP clear-signed list's signature was not verified */
        return g_strdup_printf (_("%s (signature not checked)"), text);
      return g_steal_pointer (&text);
    }

  if (verdict == FW_JOB_VERDICT_OK)
    {
      const char *name = fw_algorithm_get_display_name (fw_job_get_expected_match (job));

      return e->source == FW_EXPECTED_CLIPBOARD
             /* TRANSLATORS: an algorithm's name, "SHA-256" */
             ? g_strdup_printf (_("Matches the %s digest you copied"), name)
             : g_strdup_printf (_("Matches the %s digest you pasted"), name);
    }
  if (fw_algorithm_set_count (tried) == 1)
    {
      const char *name = fw_algorithm_get_display_name (fw_algorithm_set_first (tried));

      return e->source == FW_EXPECTED_CLIPBOARD
             ? g_strdup_printf (_("Does not match the %s digest you copied"), name)
             : g_strdup_printf (_("Does not match the %s digest you pasted"), name);
    }
  list = algorithm_list (tried);
  /* TRANSLATORS: a list of algorithms, "SHA-256, SHA3-256, BLAKE3" */
  return g_strdup_printf (_("Does not match: tried %s"), list);
}

/* Errors ------------------------------------------------------------------ */

/* Plain words for the reasons a file cannot be read, by code; NULL where
 * the error's own message is as plain as it gets. */
static const char *
plain_error (const GError *error)
{
  if (error->domain == FW_ENGINE_ERROR && error->code == FW_ENGINE_ERROR_SKIPPED)
    return _("Not a regular file");
  if (error->domain != G_IO_ERROR)
    return NULL;
  switch (error->code)
    {
    case G_IO_ERROR_NOT_FOUND:
    case G_IO_ERROR_NOT_DIRECTORY:   /* a folder on its path is a file */
      return _("File not found");
    case G_IO_ERROR_PERMISSION_DENIED:
      return _("No permission to read this file");
    case G_IO_ERROR_IS_DIRECTORY:
      return _("A folder, not a file");
    case G_IO_ERROR_NOT_REGULAR_FILE:
      return _("Not a regular file");
    case G_IO_ERROR_TOO_MANY_LINKS:   /* O_NOFOLLOW met a link */
      return _("A symbolic link, not followed");
    case G_IO_ERROR_TOO_MANY_OPEN_FILES:
      return _("Too many files open at once; try again");
    case G_IO_ERROR_BUSY:
      return _("The file is busy; try again");
    default:
      return NULL;
    }
}

char *
fw_job_text_error (const GError *error)
{
  const char *plain;

  g_return_val_if_fail (error != NULL, NULL);

  plain = plain_error (error);
  return g_strdup (plain != NULL ? plain : error->message);
}

/* Results ----------------------------------------------------------------- */

/* One digest as itself; several as "NAME:HEX …", in FwAlgorithm order.
 * (Also the Result column's sort key, made for every row.) */
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
      g_string_append_printf (s, "%s:%s", fw_algorithm_get_display_name ((FwAlgorithm) a), hex[a]);
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

/* The name of a compare job's side @side (0: its file, 1: the other). */
static char *
compare_side_name (FwJob *job,
                   guint  side)
{
  GFile *file = side == 0 ? fw_job_get_file (job) : fw_job_get_other_file (job);

  return file != NULL ? g_file_get_basename (file) : g_strdup ("");
}

/* A compare job's verdict, or why it failed naming the file at fault. */
static char *
compare_text (FwJob *job)
{
  const FwCompareResult *r = fw_job_get_compare_result (job);
  g_autofree char *name = NULL;

  if (r == NULL)
    return NULL;
  if (fw_job_get_state (job) == FW_JOB_FAILED)
    {
      g_autofree char *why = NULL;

      if (fw_job_get_error (job) == NULL)
        return NULL;
      why = fw_job_text_error (fw_job_get_error (job));
      /* A row that failed before it ran (not two files, a folder) says
       * so in its own words. */
      if (fw_job_get_other_file (job) == NULL)
        return g_steal_pointer (&why);
      name = compare_side_name (job, r->side);
      /* TRANSLATORS: a compare row's error: a file name, then why it
       * could not be read */
      return g_strdup_printf (_("“%s”: %s"), name, why);
    }
  switch (r->verdict)
    {
    /* TRANSLATORS: two compared files have the same bytes */
    case FW_COMPARE_IDENTICAL: return g_strdup (_("Identical"));
    /* TRANSLATORS: told from the sizes, without reading the files */
    case FW_COMPARE_SIZES_DIFFER: return g_strdup (_("Sizes differ"));
    case FW_COMPARE_DIFFERENT:
      /* TRANSLATORS: the first differing byte's position (1-based) and
       * its line, as cmp tells them */
      {
        g_autofree char *byte = g_strdup_printf ("%" G_GUINT64_FORMAT, r->byte);
        g_autofree char *line = g_strdup_printf ("%" G_GUINT64_FORMAT, r->line);

        return g_strdup_printf (_("Different from byte %s (line %s)"), byte, line);
      }
    case FW_COMPARE_EOF:
    default:
      /* The sizes changed while they were read (or not regular files). */
      name = compare_side_name (job, r->side);
      /* TRANSLATORS: %s is a file name; it ended after that many
       * bytes equal to the other file's */
      {
        g_autofree char *byte = g_strdup_printf ("%" G_GUINT64_FORMAT, r->byte);

        return g_strdup_printf (_("Different: “%s” ends after byte %s"), name, byte);
      }
    }
}

char *
fw_job_text_result (FwJob *job)
{
  g_return_val_if_fail (FW_IS_JOB (job), NULL);

  if (fw_job_get_kind (job) == FW_JOB_COMPARE && fw_job_get_state (job) == FW_JOB_FAILED)
    return compare_text (job);
  /* An audit's verdict, in words (not only the State's). */
  if (fw_job_get_audit (job) == FW_AUDIT_MOVED)
    return fw_job_get_audit_found (job)
           /* TRANSLATORS: an audit; %s is the name the checksum list gives */
           ? g_strdup_printf (_("Moved from %s"), fw_job_get_audit_other (job))
           /* TRANSLATORS: an audit; %s is the name the file has now */
           : g_strdup_printf (_("Moved to %s"), fw_job_get_audit_other (job));
  if (fw_job_get_audit (job) == FW_AUDIT_NEW)
    return g_strdup (_("Not in the list"));

  switch (fw_job_get_state (job))
    {
    case FW_JOB_DONE:
      break;
    case FW_JOB_FAILED:
    case FW_JOB_SKIPPED:
      return fw_job_get_error (job) != NULL ? fw_job_text_error (fw_job_get_error (job)) : NULL;
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
        char *verdict = fw_job_text_expected (job);

        if (verdict != NULL)
          return verdict;
        return fw_job_has_digests (job) ? digests_text (job) : NULL;
      }
    case FW_JOB_SIZE:
      return size_text (job);
    case FW_JOB_VERIFY:
      if (fw_job_get_verdict (job) == FW_JOB_VERDICT_MISMATCH)
        /* TRANSLATORS: the digest read, which is not the checksum file's */
        return g_strdup_printf (_("Digest differs: %s"), fw_job_get_actual (job));
      if (fw_job_get_clear_signed (job))
        /* TRANSLATORS: the checksum list is PGP clear-signed (Fedora's
         * CHECKSUM); the app reads it but does not check the signature */
        return g_strdup (_("Digest matches · list signature not checked"));
      return g_strdup (_("Digest matches"));
    case FW_JOB_COMPARE:
      return compare_text (job);
    case FW_JOB_COMPARE_ENTRY:
      return compare_entry_text (job);
    default:
      g_assert_not_reached ();
    }
}

char *
fw_job_text_result_tooltip (FwJob *job)
{
  g_autofree char *result = fw_job_text_result (job);
  const GError *error = fw_job_get_error (job);

  g_return_val_if_fail (FW_IS_JOB (job), NULL);

  if (result == NULL || *result == '\0')
    return NULL;
  if (fw_job_get_clear_signed (job))
    {
      /* TRANSLATORS: a tooltip's second line, under a verify row's result */
      const char *note = _("The checksum list is PGP clear-signed: its signature was not checked");

      if (fw_job_get_verdict (job) == FW_JOB_VERDICT_MISMATCH && fw_job_get_expected (job) != NULL)
        /* TRANSLATORS: the result, the digest the checksum file lists, a note */
        return g_strdup_printf (_("%s\nExpected: %s\n%s"), result, fw_job_get_expected (job), note);
      return g_strdup_printf ("%s\n%s", result, note);
    }
  if (fw_job_get_kind (job) == FW_JOB_HASH && fw_job_get_expected_digest (job) != NULL &&
      fw_job_get_verdict (job) != FW_JOB_VERDICT_NONE)
    {
      g_autofree char *digests = digests_text (job);

      /* TRANSLATORS: the verdict, the digest expected, then those read */
      return g_strdup_printf (_("%s\nExpected: %s\nRead: %s"), result,
                              fw_job_get_expected_digest (job)->hex, digests != NULL ? digests : "");
    }
  if (fw_job_get_verdict (job) == FW_JOB_VERDICT_MISMATCH && fw_job_get_expected (job) != NULL)
    /* TRANSLATORS: the result, then the digest the checksum file lists */
    return g_strdup_printf (_("%s\nExpected: %s"), result, fw_job_get_expected (job));
  if (error != NULL && plain_error (error) != NULL && g_strcmp0 (error->message, result) != 0 &&
      *error->message != '\0')
    /* TRANSLATORS: the reason in plain words, then the system's message */
    return g_strdup_printf (_("%s\nSystem message: %s"), result, error->message);
  return g_steal_pointer (&result);
}

/* Counts ------------------------------------------------------------------ */

char *
fw_job_text_percent (double fraction)
{
  /* TRANSLATORS: a percentage; "%.0f %%" in languages that space it */
  return g_strdup_printf (_("%.0f%%"), CLAMP (fraction, 0, 1) * 100);
}

char *
fw_job_text_time_left (double seconds)
{
  guint s;

  /* Unknown, or about to end: no "0 seconds left". */
  if (seconds < 1)
    return NULL;
  s = (guint) (seconds + 0.5);
  if (s < 60)
    return g_strdup_printf (ngettext ("%u second left", "%u seconds left", s), s);
  if (s < 3600)
    /* TRANSLATORS: minutes and seconds */
    return g_strdup_printf (_("%u min %02u s left"), s / 60, s % 60);
  /* TRANSLATORS: hours and minutes */
  return g_strdup_printf (_("%u h %02u min left"), s / 3600, (s % 3600) / 60);
}

static guint
counts_finished (const FwBatchCounts *c)
{
  return c->n_rows - c->n_status[FW_JOB_STATUS_QUEUED] - c->n_status[FW_JOB_STATUS_RUNNING];
}

char *
fw_job_text_progress (const FwBatchCounts *c)
{
  guint finished;

  g_return_val_if_fail (c != NULL, NULL);

  finished = counts_finished (c);
  if (c->n_folders == 0)
    return g_strdup_printf (ngettext ("%u of %u file", "%u of %u files", c->n_rows), finished, c->n_rows);
  if (c->n_folders == c->n_rows)
    return g_strdup_printf (ngettext ("%u of %u folder", "%u of %u folders", c->n_rows), finished, c->n_rows);
  return g_strdup_printf (ngettext ("%u of %u item", "%u of %u items", c->n_rows), finished, c->n_rows);
}

/* "3 done", "1 OK", … for a count of rows in @status. */
static char *
status_count (FwJobStatus status,
              guint       n)
{
  switch (status)
    {
    case FW_JOB_STATUS_DONE: return g_strdup_printf (ngettext ("%u done", "%u done", n), n);
    case FW_JOB_STATUS_OK: return g_strdup_printf (ngettext ("%u OK", "%u OK", n), n);
    case FW_JOB_STATUS_CHANGED: return g_strdup_printf (ngettext ("%u changed", "%u changed", n), n);
    case FW_JOB_STATUS_MISSING: return g_strdup_printf (ngettext ("%u missing", "%u missing", n), n);
    case FW_JOB_STATUS_FAILED: return g_strdup_printf (ngettext ("%u failed", "%u failed", n), n);
    case FW_JOB_STATUS_SKIPPED: return g_strdup_printf (ngettext ("%u skipped", "%u skipped", n), n);
    case FW_JOB_STATUS_CANCELLED: return g_strdup_printf (ngettext ("%u cancelled", "%u cancelled", n), n);
    case FW_JOB_STATUS_MOVED: return g_strdup_printf (ngettext ("%u moved", "%u moved", n), n);
    case FW_JOB_STATUS_NEW: return g_strdup_printf (ngettext ("%u new", "%u new", n), n);
    case FW_JOB_STATUS_QUEUED:
    case FW_JOB_STATUS_RUNNING:
    case FW_JOB_N_STATUSES:
    default: g_assert_not_reached ();
    }
}

/* Appends " · " before each part but the first. */
static void
append_part (GString    *s,
             const char *part)
{
  if (s->len > 0)
    /* TRANSLATORS: between the parts of a status line */
    g_string_append (s, _(" · "));
  g_string_append (s, part);
}

/* "4 different", "2 only in A", …: Compare Folders rows by verdict. */
static char *
compare_count_text (FwBatchCompareCount count,
                    guint               n)
{
  switch (count)
    {
    case FW_BATCH_COMPARE_DIFFERENT: return g_strdup_printf (ngettext ("%u different", "%u different", n), n);
    /* TRANSLATORS: Compare Folders: A is the first folder, B the second */
    case FW_BATCH_COMPARE_ONLY_IN_A: return g_strdup_printf (ngettext ("%u only in A", "%u only in A", n), n);
    case FW_BATCH_COMPARE_ONLY_IN_B: return g_strdup_printf (ngettext ("%u only in B", "%u only in B", n), n);
    case FW_BATCH_COMPARE_TYPES_DIFFER:
      return g_strdup_printf (ngettext ("%u of a different type", "%u of a different type", n), n);
    case FW_BATCH_COMPARE_IDENTICAL: return g_strdup_printf (ngettext ("%u identical", "%u identical", n), n);
    case FW_BATCH_N_COMPARE_COUNTS:
    default: g_assert_not_reached ();
    }
}

static void
append_tally (GString             *s,
              const FwBatchCounts *c)
{
  /* Differences first, then the identical, in Compare Folders' words;
   * those rows are left out of "OK" and "changed". */
  static const FwBatchCompareCount order[] = {
    FW_BATCH_COMPARE_DIFFERENT, FW_BATCH_COMPARE_ONLY_IN_A, FW_BATCH_COMPARE_ONLY_IN_B,
    FW_BATCH_COMPARE_TYPES_DIFFER, FW_BATCH_COMPARE_IDENTICAL,
  };
  guint n_compare_changed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      if (order[i] != FW_BATCH_COMPARE_IDENTICAL)
        n_compare_changed += c->n_compare[order[i]];
      if (c->n_compare[order[i]] > 0)
        {
          g_autofree char *part = compare_count_text (order[i], c->n_compare[order[i]]);

          append_part (s, part);
        }
    }
  for (guint i = FW_JOB_STATUS_DONE; i < FW_JOB_N_STATUSES; i++)
    {
      guint n = c->n_status[i];

      if (i == FW_JOB_STATUS_OK)
        n -= MIN (n, c->n_compare[FW_BATCH_COMPARE_IDENTICAL]);
      else if (i == FW_JOB_STATUS_CHANGED)
        n -= MIN (n, n_compare_changed);
      if (n > 0)
        {
          g_autofree char *part = status_count ((FwJobStatus) i, n);

          append_part (s, part);
        }
    }
}

char *
fw_job_text_tally (const FwBatchCounts *c)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (c != NULL, NULL);

  append_tally (s, c);
  return g_string_free (s, FALSE);
}

char *
fw_job_text_footer (const FwFooterState *state)
{
  const FwBatchProgress *p = &state->progress;
  const FwBatchCounts *c = &state->counts;
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (state != NULL, NULL);

  /* Nothing has run yet (auto-start off): only what waits. */
  if (c->n_rows > 0 && (state->running || c->n_status[FW_JOB_STATUS_QUEUED] < c->n_rows))
    {
      g_autofree char *count = fw_job_text_progress (c);

      append_part (s, count);
    }
  /* The bytes of the run going on, or of the last one. */
  if (p->n_sized < p->n_total && p->bytes_total > 0)
    {
      g_autofree char *done = g_format_size (p->bytes_done);
      g_autofree char *total = g_format_size (p->bytes_total);
      /* TRANSLATORS: bytes read / bytes to read */
      g_autofree char *bytes = g_strdup_printf (_("%s / %s"), done, total);

      append_part (s, bytes);
    }
  if (state->running && !state->paused && p->bytes_per_second > 0)
    {
      g_autofree char *size = g_format_size ((guint64) p->bytes_per_second);
      /* TRANSLATORS: a speed, "300 MB/s" */
      g_autofree char *speed = g_strdup_printf (_("%s/s"), size);
      g_autofree char *left = fw_job_text_time_left (p->seconds_left);

      append_part (s, speed);
      if (left != NULL)
        append_part (s, left);
    }
  append_tally (s, c);
  if (state->scanning)
    {
      g_autofree char *found = g_strdup_printf (_("finding files: %u"), state->n_found);

      append_part (s, found);
    }
  if (state->n_waiting > 0)
    {
      g_autofree char *waiting = g_strdup_printf (ngettext ("%u waiting for Start", "%u waiting for Start",
                                                            state->n_waiting),
                                                  state->n_waiting);

      append_part (s, waiting);
    }
  return g_string_free (s, FALSE);
}

char *
fw_job_text_subtitle (const FwFooterState *state)
{
  g_autofree char *percent = NULL;

  g_return_val_if_fail (state != NULL, NULL);

  percent = fw_job_text_percent (state->fraction);
  if (state->stopping)
    return g_strdup (_("Stopping…"));
  if (state->paused && state->running)
    /* TRANSLATORS: a percentage done, "47%" */
    return g_strdup_printf (_("Paused — %s"), percent);
  if (state->running)
    {
      g_autofree char *count = fw_job_text_progress (&state->counts);

      /* TRANSLATORS: percentage done — "3 of 10 files" (or folders, or items) */
      return g_strdup_printf (_("%s — %s"), percent, count);
    }
  if (state->scanning)
    return g_strdup_printf (_("Finding files… %u"), state->n_found);
  return fw_job_text_tally (&state->counts);
}

char *
fw_job_text_summary (const FwBatchCounts *counts,
                     guint                n_left_out)
{
  return fw_job_text_summary_full (counts, n_left_out, FALSE);
}

char *
fw_job_text_summary_full (const FwBatchCounts *counts,
                          guint                n_left_out,
                          gboolean             clear_signed)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (counts != NULL, NULL);

  append_tally (s, counts);
  if (n_left_out > 0)
    {
      g_autofree char *left_out =
        g_strdup_printf (ngettext ("%u special file in folders left out",
                                   "%u special files in folders left out", n_left_out),
                         n_left_out);

      append_part (s, left_out);
    }
  if (clear_signed)
    /* TRANSLATORS: a part of the summary toast, after "3 OK": a checksum
     * list was PGP clear-signed, and its signature was not checked */
    append_part (s, _("list signature not checked"));
  return g_string_free (s, FALSE);
}
