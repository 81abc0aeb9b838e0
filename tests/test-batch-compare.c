/* test-batch-compare.c — the Compare Files mode in a batch, without GTK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two files dropped in FW_BATCH_MODE_COMPARE make one FW_JOB_COMPARE row;
 * its outcome is data (FwCompareResult). The words the window shows for
 * it are tested in tests/test-job-text.c and tests/test-window-compare.c.
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fw-batch-private.h"
#include "fw-export.h"
#include "fw-test-util.h"

typedef struct {
  char    *dir;
  FwBatch *batch;
  guint    n_finished;
} Fixture;

static void
finished_cb (FwBatch *batch,
             Fixture *f)
{
  f->n_finished++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("fw-test-batch-compare-XXXXXX", &error);
  g_assert_no_error (error);
  f->batch = fw_batch_new ();
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  while (fw_batch_get_scanning (f->batch) || fw_batch_get_running (f->batch))
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&f->batch);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_rmdir (path);
      else
        g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents,
            gssize      length)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

/* Adds @a and @b (names in the fixture's folder) in compare mode and
 * waits for the run to end; returns the one row. */
static FwJob *
compare (Fixture    *f,
         const char *a,
         const char *b)
{
  g_autofree char *pa = g_build_filename (f->dir, a, NULL);
  g_autofree char *pb = g_build_filename (f->dir, b, NULL);
  GFile *files[2] = { g_file_new_for_path (pa), g_file_new_for_path (pb) };
  guint n = f->n_finished;
  g_autoptr(FwJob) job = NULL;

  fw_batch_add_files (f->batch, files, 2, FW_BATCH_MODE_COMPARE);
  g_object_unref (files[0]);
  g_object_unref (files[1]);
  while (f->n_finished == n || fw_batch_get_scanning (f->batch))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 1);
  job = g_list_model_get_item (fw_batch_get_jobs (f->batch), 0);
  g_assert_cmpint (fw_job_get_kind (job), ==, FW_JOB_COMPARE);
  return job;   /* the batch's list keeps it */
}

static void
test_identical (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *a = write_file (f, "a.iso", "one\ntwo\nthree\n", -1);
  g_autofree char *b = write_file (f, "b.iso", "one\ntwo\nthree\n", -1);
  FwJob *job = compare (f, "a.iso", "b.iso");
  const FwCompareResult *r = fw_job_get_compare_result (job);

  g_assert_cmpstr (fw_job_get_name (job), ==, "a.iso ↔ b.iso");
  g_assert_cmpstr (fw_job_get_path (job), ==, a);
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_DONE);
  g_assert_nonnull (r);
  g_assert_cmpint (r->verdict, ==, FW_COMPARE_IDENTICAL);
  g_assert_cmpuint (r->bytes_read, ==, 14);
  g_assert_cmpfloat (fw_job_get_progress (job), ==, 1.0);
  {
    g_autofree char *other = g_file_get_path (fw_job_get_other_file (job));
    g_assert_cmpstr (other, ==, b);
  }
}

static void
test_sizes_differ (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *a = write_file (f, "a", "abc", -1);
  g_autofree char *b = write_file (f, "b", "abcd", -1);
  FwJob *job = compare (f, "a", "b");

  /* Told from the sizes: not a byte read; the row is done all the
   * same (the footer counts its bytes). */
  g_assert_cmpuint (fw_job_get_compare_result (job)->bytes_read, ==, 0);
  g_assert_cmpuint (fw_job_get_bytes_done (job), ==, 3);
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_DONE);
  g_assert_cmpint (fw_job_get_compare_result (job)->verdict, ==, FW_COMPARE_SIZES_DIFFER);
}

static void
test_different (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *a = write_file (f, "a", "one\ntwo\nthree\n", -1);
  g_autofree char *b = write_file (f, "b", "one\ntwo\nthrEe\n", -1);
  FwJob *job = compare (f, "a", "b");
  const FwCompareResult *r = fw_job_get_compare_result (job);

  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_DONE);
  g_assert_cmpint (r->verdict, ==, FW_COMPARE_DIFFERENT);
  /* As cmp: "a b differ: byte 12, line 3". */
  g_assert_cmpuint (r->byte, ==, 12);
  g_assert_cmpuint (r->line, ==, 3);
}

/* Large files, one differing only in its last byte: past the two-reader
 * threshold, so the helper thread reads the second side. */
static void
test_different_large (Fixture       *f,
                      gconstpointer  data)
{
  gsize size = 3 * 1024 * 1024 + 17;
  g_autoptr(GBytes) bytes = fw_test_write_random (f->dir, "a", size, 7);
  g_autofree char *copy = g_memdup2 (g_bytes_get_data (bytes, NULL), size);
  guint64 newlines = 0;
  FwJob *job;
  const FwCompareResult *r;

  for (gsize i = 0; i + 1 < size; i++)
    newlines += copy[i] == '\n';
  copy[size - 1] ^= 0x55;
  g_free (write_file (f, "b", copy, size));
  job = compare (f, "a", "b");
  r = fw_job_get_compare_result (job);
  g_assert_cmpint (r->verdict, ==, FW_COMPARE_DIFFERENT);
  g_assert_cmpuint (r->byte, ==, size);
  g_assert_cmpuint (r->line, ==, newlines + 1);
  g_assert_cmpuint (r->bytes_read, ==, size);
}

static void
test_missing (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *a = write_file (f, "a", "abc", -1);
  FwJob *job = compare (f, "a", "gone");
  const FwCompareResult *r = fw_job_get_compare_result (job);

  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_FAILED);
  g_assert_true (g_error_matches (fw_job_get_error (job), G_IO_ERROR, G_IO_ERROR_NOT_FOUND));
  /* The row knows which file it was. */
  g_assert_nonnull (r);
  g_assert_cmpuint (r->side, ==, 1);
}

/* Not two files: one failed row that says so (the window's toast comes
 * before; this is the batch's own guard). */
static void
test_not_two (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *a = write_file (f, "a", "abc", -1);
  g_autoptr(GFile) file = g_file_new_for_path (a);
  g_autoptr(FwJob) job = NULL;

  fw_batch_add_files (f->batch, &file, 1, FW_BATCH_MODE_COMPARE);
  while (f->n_finished == 0 || fw_batch_get_scanning (f->batch))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 1);
  job = g_list_model_get_item (fw_batch_get_jobs (f->batch), 0);
  g_assert_cmpint (fw_job_get_kind (job), ==, FW_JOB_COMPARE);
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_FAILED);
  g_assert_cmpstr (fw_job_get_error (job)->message, ==, "Compare Files takes exactly two files");
}

static void
test_folder (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *a = write_file (f, "a", "abc", -1);
  g_autofree char *sub = g_build_filename (f->dir, "sub", NULL);
  FwJob *job;

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  job = compare (f, "a", "sub");
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_FAILED);
  g_assert_cmpstr (fw_job_get_error (job)->message, ==, "A folder cannot be compared: choose two files");
}

static guint
held_workers (Fixture *f)
{
  FwPoolCounters counters;

  fw_pool_get_counters (fw_batch_get_pool (f->batch), &counters);
  return counters.held;
}

/* Two identical sparse files far too large to be compared in the test's
 * time: progress shows while it runs, a pause holds it between blocks
 * (no byte more over several ticks), and Cancel ends it. */
static void
test_progress_pause_cancel (Fixture       *f,
                            gconstpointer  data)
{
  const goffset size = G_GINT64_CONSTANT (64) << 30;
  g_autofree char *pa = g_build_filename (f->dir, "big-a", NULL);
  g_autofree char *pb = g_build_filename (f->dir, "big-b", NULL);
  GFile *files[2] = { g_file_new_for_path (pa), g_file_new_for_path (pb) };
  g_autoptr(FwJob) job = NULL;
  guint64 done;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (guint i = 0; i < 2; i++)
    {
      int fd = open (i == 0 ? pa : pb, O_WRONLY | O_CREAT | O_TRUNC, 0644);

      g_assert_cmpint (fd, >=, 0);
      g_assert_cmpint (ftruncate (fd, size), ==, 0);
      close (fd);
    }
  fw_batch_add_files (f->batch, files, 2, FW_BATCH_MODE_COMPARE);
  g_object_unref (files[0]);
  g_object_unref (files[1]);
  while (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)) == 0)
    g_main_context_iteration (NULL, TRUE);
  job = g_list_model_get_item (fw_batch_get_jobs (f->batch), 0);
  g_assert_cmpuint (fw_job_get_size (job), ==, (guint64) size);

  /* Progress: the row's fraction moves with the bytes read. */
  while (fw_job_get_progress (job) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_RUNNING);

  fw_batch_pause (f->batch);
  while (held_workers (f) != 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  done = fw_job_get_bytes_done (job);
  for (guint i = 0; i < 5; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fw_job_get_bytes_done (job), ==, done);
  fw_batch_resume (f->batch);
  while (fw_job_get_bytes_done (job) == done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  fw_batch_cancel (f->batch);
  while (f->n_finished == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_CANCELLED);
  g_assert_cmpuint (fw_job_get_bytes_done (job), <, (guint64) size);
  g_assert_null (fw_job_get_compare_result (job));
}

/* The CSV row: the first file's path, the kind, cmp's words and the
 * second file's path. */
static void
test_csv (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *a = write_file (f, "a", "one\ntwo\n", -1);
  g_autofree char *b = write_file (f, "b", "one\ntwX\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *expected = NULL;

  compare (f, "a", "b");
  bytes = fw_export_build (fw_batch_get_jobs (f->batch), FW_EXPORT_CSV, NULL, &error);
  g_assert_no_error (error);
  csv = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  expected = g_strdup_printf ("%s,compare,8,done,\"differs from %s: byte 7, line 2\"\r\n", a, b);
  g_assert_true (g_str_has_suffix (csv, expected));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/batch-compare/identical", Fixture, NULL, fixture_setup, test_identical, fixture_teardown);
  g_test_add ("/batch-compare/sizes-differ", Fixture, NULL, fixture_setup, test_sizes_differ, fixture_teardown);
  g_test_add ("/batch-compare/different", Fixture, NULL, fixture_setup, test_different, fixture_teardown);
  g_test_add ("/batch-compare/different-large", Fixture, NULL, fixture_setup, test_different_large, fixture_teardown);
  g_test_add ("/batch-compare/missing", Fixture, NULL, fixture_setup, test_missing, fixture_teardown);
  g_test_add ("/batch-compare/not-two", Fixture, NULL, fixture_setup, test_not_two, fixture_teardown);
  g_test_add ("/batch-compare/folder", Fixture, NULL, fixture_setup, test_folder, fixture_teardown);
  g_test_add ("/batch-compare/progress-pause-cancel", Fixture, NULL, fixture_setup, test_progress_pause_cancel, fixture_teardown);
  g_test_add ("/batch-compare/csv", Fixture, NULL, fixture_setup, test_csv, fixture_teardown);
  return g_test_run ();
}
