/* test-job-text.c — the words the window shows for a job's outcome
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine hands a job's outcome over as data (tests/test-batch.c checks
 * it); src/ui/fw-job-text.c words it. These are the words, checked on real
 * jobs run without a batch (and without a display: no GTK is started).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <stdarg.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "fw-engine.h"
#include "fw-job-text.h"
#include "fw-test-env.h"
#include "fw-test-util.h"
#include "fw-pool.h"
#include "fw-sibling.h"

typedef struct {
  char   *dir;
  FwPool *size_pool;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("fw-test-job-text-XXXXXX", &error);
  g_assert_no_error (error);
  f->size_pool = fw_pool_new (2);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->size_pool);
  fw_test_rmtree (f->dir);
  g_free (f->dir);
}

/* Runs @job in this thread and applies its outcome, as a batch would. */
static void
run_job (Fixture *f,
         FwJob   *job)
{
  FwJobConfig config = { 65536, FALSE, NULL, f->size_pool };
  g_autoptr(GError) error = NULL;
  FwJobOutcome *outcome = fw_job_execute (job, &config, NULL, &error);

  fw_job_apply_outcome (job, outcome, error);
}

static void
assert_result (FwJob      *job,
               const char *expected)
{
  g_autofree char *result = fw_job_text_result (job);

  g_assert_cmpstr (result, ==, expected);
}

/* A hash job's result: one digest is shown as itself, several as
 * "ALGO:hex …"; a reset clears it. (Moved from test-batch's
 * /batch/job-result-texts, which now checks the digests as data.) */
static void
test_hash_texts (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GBytes) contents = fw_test_write_random (f->dir, "one", 5000, 7);
  g_autofree char *path = g_build_filename (f->dir, "one", NULL);
  FwAlgorithmSet two = FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) | FW_ALGORITHM_BIT (FW_ALGORITHM_MD5);
  /* GLib's own digests, not the engine under test. */
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, contents);
  g_autofree char *md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, contents);
  g_autofree char *sha512 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA512, contents);
  /* The algorithms' standard names, not their BSD tags. */
  g_autofree char *both = g_strdup_printf ("MD5:%s SHA-256:%s", md5, sha256);
  g_autoptr(FwJob) job = fw_job_new_for_path (FW_JOB_HASH, path, 5000);

  g_assert_cmpstr (fw_job_text_kind (fw_job_get_kind (job)), ==, "Hash");
  g_assert_cmpstr (fw_job_text_status (job), ==, "Queued");
  assert_result (job, NULL);

  fw_job_set_algorithms (job, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256));
  run_job (f, job);
  g_assert_cmpstr (fw_job_text_status (job), ==, "Done");
  assert_result (job, sha256);

  fw_job_reset (job);
  assert_result (job, NULL);

  fw_job_set_algorithms (job, two);
  run_job (f, job);
  assert_result (job, both);

  /* Back to one: the kept digests of the last run are gone. */
  fw_job_reset (job);
  fw_job_set_algorithms (job, FW_ALGORITHM_BIT (FW_ALGORITHM_MD5));
  run_job (f, job);
  assert_result (job, md5);

  /* One digest longer than the job keeps in itself (128 hex digits). */
  fw_job_reset (job);
  fw_job_set_algorithms (job, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA512));
  run_job (f, job);
  assert_result (job, sha512);
}

/* A hash row's verdict against an expected digest (issue 19): the words
 * for each source, the algorithms tried, the State column's word. */
static void
test_expected_texts (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GBytes) contents = fw_test_write_random (f->dir, "dl.iso", 7000, 11);
  g_autofree char *path = g_build_filename (f->dir, "dl.iso", NULL);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, contents);
  g_autofree char *wrong = g_strdup (sha256);
  g_autoptr(FwJob) job = fw_job_new_for_path (FW_JOB_HASH, path, 7000);
  FwAlgorithmSet len32 = fw_expected_algorithms_for_length (32);
  FwExpected *e;

  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  fw_job_set_algorithms (job, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256));
  run_job (f, job);

  /* Pasted, and computed: at once. */
  fw_job_set_expected (job, fw_expected_new (sha256, len32));
  g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_OK);
  assert_result (job, "Matches the SHA-256 digest you pasted");
  g_assert_cmpstr (fw_job_text_status (job), ==, "Matches");
  g_assert_cmpint (fw_job_get_status (job), ==, FW_JOB_STATUS_OK);
  {
    g_autofree char *tooltip = fw_job_text_result_tooltip (job);
    g_autofree char *want = g_strdup_printf ("Matches the SHA-256 digest you pasted\nExpected: %s\nRead: %s",
                                             sha256, sha256);

    g_assert_cmpstr (tooltip, ==, want);
  }

  /* Copied. */
  e = fw_expected_new (sha256, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256));
  e->source = FW_EXPECTED_CLIPBOARD;
  fw_job_set_expected (job, e);
  assert_result (job, "Matches the SHA-256 digest you copied");

  /* Wrong, with candidates not read: no verdict yet, the rest to read. */
  fw_job_set_expected (job, fw_expected_new (wrong, len32));
  g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_NONE);
  g_assert_cmphex (fw_job_get_expected_missing (job), ==, len32 & ~FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256));
  assert_result (job, sha256);
  g_assert_cmpstr (fw_job_text_status (job), ==, "Done");

  /* Read again with them: every one tried. */
  fw_job_reset (job);
  fw_job_set_algorithms (job, len32);
  run_job (f, job);
  g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_MISMATCH);
  assert_result (job, "Does not match: tried SHA-256, SHA3-256, BLAKE2s, BLAKE3");
  g_assert_cmpstr (fw_job_text_status (job), ==, "Does not match");
  g_assert_cmpint (fw_job_get_status (job), ==, FW_JOB_STATUS_CHANGED);

  /* One candidate, named. */
  fw_job_set_expected (job, fw_expected_new (wrong, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256)));
  assert_result (job, "Does not match the SHA-256 digest you pasted");

  /* A checksum file's line. */
  e = fw_expected_new (sha256, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256));
  e->source = FW_EXPECTED_LIST;
  e->list_path = g_build_filename (f->dir, "SHA256SUMS", NULL);
  e->line = 3;
  fw_job_set_expected (job, e);
  assert_result (job, "Matches SHA256SUMS, line 3");
  e = fw_expected_copy (fw_job_get_expected_digest (job));
  e->clear_signed = TRUE;
  g_free (e->hex);
  e->hex = g_strdup (wrong);
  e->algorithms = len32;
  fw_job_set_expected (job, e);
  assert_result (job, "Does not match SHA256SUMS, line 3: tried SHA-256, SHA3-256, BLAKE2s, BLAKE3 (signature not checked)");

  /* Forgotten: the digests again. */
  fw_job_set_expected (job, NULL);
  g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_NONE);
  g_assert_cmpint (fw_job_get_status (job), ==, FW_JOB_STATUS_DONE);
}

/* The checksum file beside the file, found by the job's worker, read in
 * the same read. */
static void
test_sibling_texts (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) contents = fw_test_write_random (f->dir, "img.raw", 9000, 12);
  g_autofree char *path = g_build_filename (f->dir, "img.raw", NULL);
  g_autofree char *md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, contents);
  g_autofree char *list = g_strdup_printf ("# made by hand\n%s *img.raw\n", md5);
  g_autofree char *list_path = g_build_filename (f->dir, "MD5SUMS", NULL);
  g_autoptr(FwJob) job = fw_job_new_for_path (FW_JOB_HASH, path, 9000);

  fw_test_write (list_path, list, strlen (list));
  fw_job_set_algorithms (job, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256));
  fw_job_set_find_sibling (job, TRUE);
  run_job (f, job);
  g_assert_cmpint (fw_job_get_sibling_status (job), ==, FW_SIBLING_FOUND);
  g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_OK);
  g_assert_cmpstr (fw_job_get_digest (job, FW_ALGORITHM_MD5), ==, md5);
  assert_result (job, "Matches MD5SUMS, line 2");

  /* A paste wins over the list, also when read again. */
  fw_job_set_expected (job, fw_expected_new (md5, FW_ALGORITHM_BIT (FW_ALGORITHM_MD5)));
  fw_job_reset (job);
  run_job (f, job);
  assert_result (job, "Matches the MD5 digest you pasted");
}

static FwJob *
new_verify_job (const char *base_dir,
                const char *name,
                const char *hex)
{
  FwChecksumEntry *entry = g_new0 (FwChecksumEntry, 1);

  entry->line = 1;
  entry->format = FW_CHECKSUM_GNU;
  entry->algorithm = FW_ALGORITHM_SHA256;
  entry->digest_bits = 256;
  entry->hex = g_strdup (hex);
  entry->name = g_strdup (name);
  return fw_job_new_verify (entry, base_dir);
}

/* A verify job's words: OK, Changed with the digest read, Missing and
 * Failed with the reason in plain words; the system's message and the
 * expected digest in the tooltip. */
static void
test_verify_texts (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) contents = fw_test_write_random (f->dir, "good.bin", 3000, 1);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, contents);
  g_autofree char *folder = g_build_filename (f->dir, "folder", NULL);
  const char *zeros = "0000000000000000000000000000000000000000000000000000000000000000";
  g_autofree char *differs = g_strdup_printf ("Digest differs: %s", sha256);
  g_autofree char *differs_tip = g_strdup_printf ("Digest differs: %s\nExpected: %s", sha256, zeros);
  g_autofree char *missing_tip = g_strdup_printf ("File not found\nSystem message: %s", g_strerror (ENOENT));
  g_autoptr(FwJob) ok = new_verify_job (f->dir, "good.bin", sha256);
  g_autoptr(FwJob) mismatch = new_verify_job (f->dir, "good.bin", zeros);
  g_autoptr(FwJob) gone = new_verify_job (f->dir, "gone.bin", zeros);
  g_autoptr(FwJob) dir = new_verify_job (f->dir, "folder", zeros);

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_cmpstr (fw_job_text_kind (fw_job_get_kind (ok)), ==, "Verify");

  run_job (f, ok);
  assert_result (ok, "Digest matches");
  g_assert_cmpstr (fw_job_text_status (ok), ==, "OK");

  run_job (f, mismatch);
  assert_result (mismatch, differs);
  g_assert_cmpstr (fw_job_text_status (mismatch), ==, "Changed");
  {
    g_autofree char *tip = fw_job_text_result_tooltip (mismatch);

    g_assert_cmpstr (tip, ==, differs_tip);
  }

  run_job (f, gone);
  assert_result (gone, "File not found");
  g_assert_cmpstr (fw_job_text_status (gone), ==, "Missing");
  {
    g_autofree char *tip = fw_job_text_result_tooltip (gone);

    g_assert_cmpstr (tip, ==, missing_tip);
  }

  /* Opened, but a folder: a failure, not a missing file. */
  run_job (f, dir);
  assert_result (dir, "A folder, not a file");
  g_assert_cmpstr (fw_job_text_status (dir), ==, "Failed");
}

/* A verify job from a clear-signed list: the row, its tooltip and the
 * summary say the signature was not checked. */
static void
test_verify_clear_signed (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GBytes) contents = fw_test_write_random (f->dir, "signed.bin", 3000, 7);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, contents);
  const char *zeros = "0000000000000000000000000000000000000000000000000000000000000000";
  const char *note = "The checksum list is PGP clear-signed: its signature was not checked";
  g_autoptr(FwJob) ok = new_verify_job (f->dir, "signed.bin", sha256);
  g_autoptr(FwJob) mismatch = new_verify_job (f->dir, "signed.bin", zeros);
  g_autofree char *ok_tip = g_strdup_printf ("Digest matches · list signature not checked\n%s", note);
  g_autofree char *mismatch_tip = g_strdup_printf ("Digest differs: %s\nExpected: %s\n%s", sha256, zeros, note);
  FwBatchCounts counts = { 0 };
  g_autofree char *summary = NULL;
  g_autofree char *plain_summary = NULL;

  g_assert_false (fw_job_get_clear_signed (ok));
  fw_job_set_clear_signed (ok, TRUE);
  fw_job_set_clear_signed (mismatch, TRUE);
  run_job (f, ok);
  assert_result (ok, "Digest matches · list signature not checked");
  g_assert_cmpstr (fw_job_text_status (ok), ==, "OK");
  {
    g_autofree char *tip = fw_job_text_result_tooltip (ok);
    g_assert_cmpstr (tip, ==, ok_tip);
  }
  run_job (f, mismatch);
  {
    g_autofree char *tip = fw_job_text_result_tooltip (mismatch);
    g_assert_cmpstr (tip, ==, mismatch_tip);
  }

  counts.n_status[FW_JOB_STATUS_OK] = 2;
  counts.n_rows = 2;
  summary = fw_job_text_summary_full (&counts, 0, TRUE);
  plain_summary = fw_job_text_summary_full (&counts, 0, FALSE);
  g_assert_cmpstr (summary, ==, "2 OK · list signature not checked");
  g_assert_cmpstr (plain_summary, ==, "2 OK");
}

/* A size job's words: its disk usage, its files and folders. */
static void
test_size_text (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *tree = g_build_filename (f->dir, "tree", NULL);
  g_autoptr(FwJob) job = fw_job_new_for_path (FW_JOB_SIZE, tree, 0);
  g_autofree char *usage = NULL;
  g_autofree char *expected = NULL;

  g_bytes_unref (fw_test_write_random (tree, "a", 100, 1));
  g_bytes_unref (fw_test_write_random (tree, "sub/b", 100, 2));
  g_bytes_unref (fw_test_write_random (tree, "sub/c", 100, 3));

  g_assert_cmpstr (fw_job_text_kind (fw_job_get_kind (job)), ==, "Size");
  run_job (f, job);
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_DONE);
  g_assert_cmpuint (fw_job_get_n_files (job), ==, 3);
  usage = g_format_size (fw_job_get_size (job));
  expected = g_strdup_printf ("%s · 3 files, %" G_GUINT64_FORMAT " folders", usage, fw_job_get_n_dirs (job));
  g_assert_cmpuint (fw_job_get_n_dirs (job), >, 1);
  assert_result (job, expected);
}

/* A failed job shows its error's message; a cancelled one nothing. */
static void
test_failed_and_cancelled (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *gone_path = g_build_filename (f->dir, "gone.bin", NULL);
  g_autoptr(GFile) gone = g_file_new_for_path (gone_path);
  g_autoptr(FwJob) failed = fw_job_new_failed (FW_JOB_VERIFY, gone, "Lines 2, 5 are not checksum lines");
  g_autoptr(FwJob) unread = fw_job_new_for_path (FW_JOB_HASH, gone_path, 0);
  g_autoptr(FwJob) cancelled = fw_job_new_for_path (FW_JOB_HASH, gone_path, 0);
  g_autoptr(GError) cancel = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");

  /* A checksum file's own row: the message alone (no "Cannot read:"). */
  assert_result (failed, "Lines 2, 5 are not checksum lines");
  g_assert_cmpstr (fw_job_text_status (failed), ==, "Failed");

  fw_job_set_algorithms (unread, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256));
  run_job (f, unread);
  g_assert_cmpint (fw_job_get_state (unread), ==, FW_JOB_FAILED);
  g_assert_nonnull (fw_job_get_error (unread));
  /* Plain words, without the path the system's message holds. */
  assert_result (unread, "File not found");
  g_assert_nonnull (strstr (fw_job_get_error (unread)->message, g_strerror (ENOENT)));
  g_assert_cmpstr (fw_job_text_status (unread), ==, "Failed");

  fw_job_apply_outcome (cancelled, NULL, cancel);
  assert_result (cancelled, NULL);
  g_assert_cmpstr (fw_job_text_status (cancelled), ==, "Cancelled");
  g_assert_cmpstr (fw_job_text_state (FW_JOB_RUNNING), ==, "Running");
}

/* Errors in plain words, by domain and code, whatever their message. */
static void
test_plain_errors (Fixture       *f,
                   gconstpointer  data)
{
  static const struct { GQuark domain; int code; const char *text; } table[] = {
    { 0, G_IO_ERROR_NOT_FOUND, "File not found" },
    { 0, G_IO_ERROR_NOT_DIRECTORY, "File not found" },
    { 0, G_IO_ERROR_PERMISSION_DENIED, "No permission to read this file" },
    { 0, G_IO_ERROR_IS_DIRECTORY, "A folder, not a file" },
    { 0, G_IO_ERROR_NOT_REGULAR_FILE, "Not a regular file" },
    { 0, G_IO_ERROR_TOO_MANY_LINKS, "A symbolic link, not followed" },
  };
  g_autofree char *path = g_build_filename (f->dir, "secret.bin", NULL);
  g_autoptr(FwJob) denied = fw_job_new_for_path (FW_JOB_HASH, path, 10);
  g_autoptr(GError) eacces = NULL;
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "Input/output error");
  g_autoptr(GError) skipped = g_error_new_literal (FW_ENGINE_ERROR, FW_ENGINE_ERROR_SKIPPED, "/x: not a regular file");
  g_autofree char *tip = NULL;
  g_autofree char *expected_tip = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, table[i].code, "whatever the system said");
      g_autofree char *text = fw_job_text_error (error);

      g_assert_cmpstr (text, ==, table[i].text);
    }
  {
    g_autofree char *text = fw_job_text_error (other);
    g_autofree char *skip = fw_job_text_error (skipped);

    /* No plainer words: the message itself. */
    g_assert_cmpstr (text, ==, "Input/output error");
    g_assert_cmpstr (skip, ==, "Not a regular file");
  }

  /* A row whose file could not be opened: "Permission denied" with its
   * full path is the tooltip's, for experts. */
  eacces = g_error_new (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "%s: %s", path, g_strerror (EACCES));
  fw_job_apply_outcome (denied, NULL, eacces);
  g_assert_cmpstr (fw_job_text_status (denied), ==, "Failed");
  assert_result (denied, "No permission to read this file");
  tip = fw_job_text_result_tooltip (denied);
  expected_tip = g_strdup_printf ("No permission to read this file\nSystem message: %s: %s", path, g_strerror (EACCES));
  g_assert_cmpstr (tip, ==, expected_tip);
}

/* A special file dropped, or listed in a checksum file: Skipped, with the
 * reason; no "Failed", no "skipped" in the result. */
static void
test_skipped (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *fifo = g_build_filename (f->dir, "pipe", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (fifo);
  g_autoptr(FwJob) dropped = fw_job_new_skipped (FW_JOB_HASH, file, "Not a regular file (a FIFO, socket or device)");
  g_autoptr(FwJob) listed = new_verify_job (f->dir, "pipe", "0000000000000000000000000000000000000000000000000000000000000000");

  g_assert_no_errno (mkfifo (fifo, 0600));
  g_assert_cmpstr (fw_job_text_status (dropped), ==, "Skipped");
  assert_result (dropped, "Not a regular file");

  run_job (f, listed);
  g_assert_cmpint (fw_job_get_state (listed), ==, FW_JOB_SKIPPED);
  g_assert_cmpstr (fw_job_text_status (listed), ==, "Skipped");
  assert_result (listed, "Not a regular file");
  g_assert_cmpstr (fw_job_text_state (FW_JOB_SKIPPED), ==, "Skipped");
}

static FwBatchCounts
make_counts (guint n_folders,
             ...)
{
  FwBatchCounts c = { 0 };
  va_list args;
  int status;

  c.n_folders = n_folders;
  va_start (args, n_folders);
  while ((status = va_arg (args, int)) >= 0)
    {
      guint n = va_arg (args, guint);

      c.n_status[status] += n;
      c.n_rows += n;
    }
  va_end (args);
  return c;
}

/* Counts: the same words as the rows', lowercase, zero counts left out,
 * over every row ("1 of 7 files" while 6 wait for Start). */
static void
test_counts (Fixture       *f,
             gconstpointer  data)
{
  FwBatchCounts verify = make_counts (0, FW_JOB_STATUS_OK, 1, FW_JOB_STATUS_CHANGED, 1,
                                      FW_JOB_STATUS_MISSING, 1, FW_JOB_STATUS_SKIPPED, 1, -1);
  FwBatchCounts waiting = make_counts (0, FW_JOB_STATUS_DONE, 1, FW_JOB_STATUS_QUEUED, 6, -1);
  FwBatchCounts folders = make_counts (2, FW_JOB_STATUS_DONE, 1, FW_JOB_STATUS_RUNNING, 1, -1);
  FwBatchCounts mixed = make_counts (1, FW_JOB_STATUS_DONE, 2, FW_JOB_STATUS_FAILED, 1,
                                     FW_JOB_STATUS_CANCELLED, 2, -1);
  FwBatchCounts none = { 0 };
  g_autofree char *tally = fw_job_text_tally (&verify);
  g_autofree char *progress = fw_job_text_progress (&verify);
  g_autofree char *waiting_progress = fw_job_text_progress (&waiting);
  g_autofree char *waiting_tally = fw_job_text_tally (&waiting);
  g_autofree char *folders_progress = fw_job_text_progress (&folders);
  g_autofree char *mixed_progress = fw_job_text_progress (&mixed);
  g_autofree char *mixed_tally = fw_job_text_tally (&mixed);
  g_autofree char *none_tally = fw_job_text_tally (&none);
  g_autofree char *summary = fw_job_text_summary (&verify, 0);
  g_autofree char *summary_left_out = fw_job_text_summary (&waiting, 2);

  g_assert_cmpstr (tally, ==, "1 OK · 1 changed · 1 missing · 1 skipped");
  g_assert_cmpstr (progress, ==, "4 of 4 files");
  g_assert_cmpstr (waiting_progress, ==, "1 of 7 files");
  g_assert_cmpstr (waiting_tally, ==, "1 done");
  g_assert_cmpstr (folders_progress, ==, "1 of 2 folders");
  g_assert_cmpstr (mixed_progress, ==, "5 of 5 items");
  g_assert_cmpstr (mixed_tally, ==, "2 done · 1 failed · 2 cancelled");
  g_assert_cmpstr (none_tally, ==, "");
  g_assert_cmpstr (summary, ==, tally);
  g_assert_cmpstr (summary_left_out, ==, "1 done · 2 special files in folders left out");
}

/* The footer and the subtitle: "47%", no "0 seconds left", no workers,
 * the tally in the rows' words. */
static void
test_footer_and_subtitle (Fixture       *f,
                          gconstpointer  data)
{
  FwFooterState state = { 0 };
  g_autofree char *kb = g_format_size (2000);
  g_autofree char *mb = g_format_size (4000000);
  g_autofree char *speed = g_format_size (1000000);
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  g_assert_cmpstr ((text = fw_job_text_percent (0.47)), ==, "47%");
  g_clear_pointer (&text, g_free);
  g_assert_null (fw_job_text_time_left (-1));
  g_assert_null (fw_job_text_time_left (0.4));
  g_assert_cmpstr ((text = fw_job_text_time_left (1)), ==, "1 second left");
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr ((text = fw_job_text_time_left (125)), ==, "2 min 05 s left");
  g_clear_pointer (&text, g_free);

  /* Running, 47% of the bytes, about to end. */
  state.running = TRUE;
  state.fraction = 0.47;
  state.counts = make_counts (0, FW_JOB_STATUS_DONE, 3, FW_JOB_STATUS_FAILED, 1,
                              FW_JOB_STATUS_RUNNING, 1, FW_JOB_STATUS_QUEUED, 5, -1);
  state.progress.n_total = 10;
  state.progress.bytes_total = 4000000;
  state.progress.bytes_done = 2000;
  state.progress.bytes_per_second = 1000000;
  state.progress.seconds_left = 0.3;
  text = fw_job_text_footer (&state);
  expected = g_strdup_printf ("4 of 10 files · %s / %s · %s/s · 3 done · 1 failed", kb, mb, speed);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr ((text = fw_job_text_subtitle (&state)), ==, "47% — 4 of 10 files");
  g_clear_pointer (&text, g_free);

  state.paused = TRUE;
  g_assert_cmpstr ((text = fw_job_text_subtitle (&state)), ==, "Paused — 47%");
  g_clear_pointer (&text, g_free);

  /* Between runs: the tally; rows waiting for Start say so. */
  state.running = state.paused = FALSE;
  state.n_waiting = 5;
  state.counts = make_counts (0, FW_JOB_STATUS_OK, 1, FW_JOB_STATUS_CHANGED, 1,
                              FW_JOB_STATUS_QUEUED, 5, -1);
  state.progress.bytes_done = state.progress.bytes_total = 0;
  text = fw_job_text_footer (&state);
  g_assert_cmpstr (text, ==, "2 of 7 files · 1 OK · 1 changed · 5 waiting for Start");
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr ((text = fw_job_text_subtitle (&state)), ==, "1 OK · 1 changed");
  g_clear_pointer (&text, g_free);

  /* Nothing has run yet: only what waits. */
  state.counts = make_counts (0, FW_JOB_STATUS_QUEUED, 5, -1);
  g_assert_cmpstr ((text = fw_job_text_footer (&state)), ==, "5 waiting for Start");
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr ((text = fw_job_text_subtitle (&state)), ==, "");
}

int
main (int    argc,
      char **argv)
{
  fw_test_env_setup ();
  g_test_init (&argc, &argv, NULL);
  fw_test_env_fatal_logs ();

  g_test_add ("/job-text/hash", Fixture, NULL, fixture_setup, test_hash_texts, fixture_teardown);
  g_test_add ("/job-text/expected", Fixture, NULL, fixture_setup, test_expected_texts, fixture_teardown);
  g_test_add ("/job-text/sibling", Fixture, NULL, fixture_setup, test_sibling_texts, fixture_teardown);
  g_test_add ("/job-text/verify", Fixture, NULL, fixture_setup, test_verify_texts, fixture_teardown);
  g_test_add ("/job-text/verify-clear-signed", Fixture, NULL, fixture_setup, test_verify_clear_signed, fixture_teardown);
  g_test_add ("/job-text/size", Fixture, NULL, fixture_setup, test_size_text, fixture_teardown);
  g_test_add ("/job-text/failed-and-cancelled", Fixture, NULL, fixture_setup, test_failed_and_cancelled, fixture_teardown);
  g_test_add ("/job-text/plain-errors", Fixture, NULL, fixture_setup, test_plain_errors, fixture_teardown);
  g_test_add ("/job-text/skipped", Fixture, NULL, fixture_setup, test_skipped, fixture_teardown);
  g_test_add ("/job-text/counts", Fixture, NULL, fixture_setup, test_counts, fixture_teardown);
  g_test_add ("/job-text/footer-and-subtitle", Fixture, NULL, fixture_setup, test_footer_and_subtitle, fixture_teardown);
  return g_test_run ();
}
