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

#include <glib/gstdio.h>

#include "fw-job-text.h"
#include "fw-test-env.h"
#include "fw-test-util.h"
#include "fw-pool.h"

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
  g_autofree char *both = g_strdup_printf ("md5:%s sha256:%s", md5, sha256);
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

/* A verify job's words: OK, FAILED with the digest read, Missing and
 * Cannot read with the reason; the State column says Mismatch and Missing. */
static void
test_verify_texts (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) contents = fw_test_write_random (f->dir, "good.bin", 3000, 1);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, contents);
  g_autofree char *folder = g_build_filename (f->dir, "folder", NULL);
  const char *zeros = "0000000000000000000000000000000000000000000000000000000000000000";
  g_autofree char *failed = g_strdup_printf ("FAILED: digest is %s", sha256);
  g_autofree char *missing = g_strdup_printf ("Missing: %s", g_strerror (ENOENT));
  g_autofree char *unreadable = g_strdup_printf ("Cannot read: %s", g_strerror (EISDIR));
  g_autoptr(FwJob) ok = new_verify_job (f->dir, "good.bin", sha256);
  g_autoptr(FwJob) mismatch = new_verify_job (f->dir, "good.bin", zeros);
  g_autoptr(FwJob) gone = new_verify_job (f->dir, "gone.bin", zeros);
  g_autoptr(FwJob) dir = new_verify_job (f->dir, "folder", zeros);

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_cmpstr (fw_job_text_kind (fw_job_get_kind (ok)), ==, "Verify");

  run_job (f, ok);
  assert_result (ok, "OK");
  g_assert_cmpstr (fw_job_text_status (ok), ==, "Done");

  run_job (f, mismatch);
  assert_result (mismatch, failed);
  g_assert_cmpstr (fw_job_text_status (mismatch), ==, "Mismatch");

  run_job (f, gone);
  assert_result (gone, missing);
  g_assert_cmpstr (fw_job_text_status (gone), ==, "Missing");

  /* Opened, but a folder: a failure, not a missing file. */
  run_job (f, dir);
  assert_result (dir, unreadable);
  g_assert_cmpstr (fw_job_text_status (dir), ==, "Failed");
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
  assert_result (unread, fw_job_get_error (unread)->message);
  g_assert_nonnull (strstr (fw_job_get_error (unread)->message, g_strerror (ENOENT)));

  fw_job_apply_outcome (cancelled, NULL, cancel);
  assert_result (cancelled, NULL);
  g_assert_cmpstr (fw_job_text_status (cancelled), ==, "Cancelled");
  g_assert_cmpstr (fw_job_text_state (FW_JOB_RUNNING), ==, "Running");
}

int
main (int    argc,
      char **argv)
{
  fw_test_env_setup ();
  g_test_init (&argc, &argv, NULL);
  fw_test_env_fatal_logs ();

  g_test_add ("/job-text/hash", Fixture, NULL, fixture_setup, test_hash_texts, fixture_teardown);
  g_test_add ("/job-text/verify", Fixture, NULL, fixture_setup, test_verify_texts, fixture_teardown);
  g_test_add ("/job-text/size", Fixture, NULL, fixture_setup, test_size_text, fixture_teardown);
  g_test_add ("/job-text/failed-and-cancelled", Fixture, NULL, fixture_setup, test_failed_and_cancelled, fixture_teardown);
  return g_test_run ();
}
