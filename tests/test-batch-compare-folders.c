/* test-batch-compare-folders.c — the Compare Folders mode in a batch, without GTK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two folders dropped in FW_BATCH_MODE_COMPARE_FOLDERS make one finished
 * FW_JOB_COMPARE_ENTRY row per relative path, in diff's order. Each row's
 * data, written out in diff's words, must be what `diff -rq A B` prints
 * (LC_ALL=C, as this test runs), line for line and in the same order, and
 * what `fileworks-cli compare -r --exclude=…` prints with the batch's
 * exclude patterns.
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fw-batch-private.h"
#include "fw-export.h"
#include "fw-job-compare-entry.h"
#include "fw-test-util.h"

typedef struct {
  char    *dir;
  char    *a;
  char    *b;
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
put (Fixture    *f,
     const char *rel,
     const char *data)
{
  g_autofree char *path = g_build_filename (f->dir, rel, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_no_errno (g_mkdir_with_parents (parent, 0755));
  fw_test_write (path, data, strlen (data));
}

static void
folder (Fixture    *f,
        const char *rel)
{
  g_autofree char *path = g_build_filename (f->dir, rel, NULL);

  g_assert_no_errno (g_mkdir_with_parents (path, 0755));
}

/* Every kind of verdict, and names that sort and print awkwardly. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *dangling = NULL;

  f->dir = fw_test_mkdtemp ();
  f->a = g_build_filename (f->dir, "A", NULL);
  f->b = g_build_filename (f->dir, "B", NULL);
  put (f, "A/same", "same\n");
  put (f, "B/same", "same\n");
  put (f, "A/sub/same size", "1234\n");           /* different content, same size */
  put (f, "B/sub/same size", "1243\n");
  put (f, "A/sub/grown", "short\n");              /* different size */
  put (f, "B/sub/grown", "longer one\n");
  put (f, "A/only/in a/deep/x", "x\n");           /* only in A, a nested folder */
  put (f, "B/sub/only b", "b\n");                 /* only in B */
  put (f, "A/kind", "a file\n");                  /* a file against a folder */
  folder (f, "B/kind");
  put (f, "A/empty", "");
  put (f, "B/empty", "");
  put (f, "A/\xc3\xa9t\xc3\xa9 \xe2\x80\x94 'q'", "u\n");  /* UTF-8, quotes */
  put (f, "B/\xc3\xa9t\xc3\xa9 \xe2\x80\x94 'q'", "v\n");
  put (f, "A/raw\xff", "r\n");                    /* not UTF-8 */
  put (f, "B/raw\xff", "r\n");
  put (f, "A/B_upper", "1\n");                    /* C order: upper case first */
  put (f, "B/B_upper", "2\n");
  put (f, "A/node_modules/m", "a\n");
  put (f, "B/node_modules/m", "b\n");
  put (f, "B/sub/trace~", "t\n");
  dangling = g_build_filename (f->dir, "A", "sub", "broken", NULL);
  g_assert_no_errno (symlink ("nowhere", dangling));
  g_clear_pointer (&dangling, g_free);
  dangling = g_build_filename (f->dir, "B", "sub", "broken", NULL);
  g_assert_no_errno (symlink ("nowhere", dangling));

  f->batch = fw_batch_new ();
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  while (fw_batch_get_scanning (f->batch) || fw_batch_get_running (f->batch))
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&f->batch);
  fw_test_rmtree (f->dir);
  g_free (f->dir);
  g_free (f->a);
  g_free (f->b);
}

/* The rows, in diff's words: what goes to standard output and error. */
static void
rows_as_diff (Fixture  *f,
              GString  *out,
              GString  *err,
              guint    *n_identical)
{
  GListModel *jobs = fw_batch_get_jobs (f->batch);

  *n_identical = 0;
  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (jobs, i);
      const FwJobCompareEntry *entry = fw_job_get_compare_entry (job);
      const char *path = fw_job_get_path (job);
      g_autoptr(GFile) other = NULL;
      g_autofree char *other_path = NULL;

      g_assert_cmpint (fw_job_get_kind (job), ==, FW_JOB_COMPARE_ENTRY);
      g_assert_nonnull (entry);
      if (fw_job_get_other_file (job) != NULL)
        other_path = g_file_get_path (fw_job_get_other_file (job));

      switch (entry->verdict)
        {
        case FW_COMPARE_TREE_IDENTICAL:
          g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_DONE);
          g_assert_cmpint (fw_job_get_status (job), ==, FW_JOB_STATUS_OK);
          (*n_identical)++;
          break;
        case FW_COMPARE_TREE_DIFFERENT:
          g_assert_cmpint (fw_job_get_status (job), ==, FW_JOB_STATUS_CHANGED);
          g_string_append_printf (out, "Files %s and %s differ\n", path, other_path);
          break;
        case FW_COMPARE_TREE_ONLY_IN:
          {
            g_autofree char *dir = g_path_get_dirname (path);
            g_autofree char *name = g_path_get_basename (path);

            g_assert_cmpint (fw_job_get_status (job), ==, FW_JOB_STATUS_CHANGED);
            g_assert_null (other_path);
            g_assert_true (g_str_has_prefix (path, entry->side == 0 ? f->a : f->b));
            g_string_append_printf (out, "Only in %s: %s\n", dir, name);
          }
          break;
        case FW_COMPARE_TREE_TYPES_DIFFER:
          g_assert_cmpint (fw_job_get_status (job), ==, FW_JOB_STATUS_CHANGED);
          g_string_append_printf (out, "File %s is a %s while file %s is a %s\n",
                                  path, entry->type[0], other_path, entry->type[1]);
          break;
        case FW_COMPARE_TREE_ERROR:
          g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_FAILED);
          g_assert_nonnull (fw_job_get_error (job));
          g_string_append_printf (err, "diff: %s: %s\n", path, fw_job_get_error (job)->message);
          break;
        case FW_COMPARE_TREE_LOOP:
        default:
          g_assert_not_reached ();
        }
    }
}

static void
run_batch (Fixture *f)
{
  GFile *files[2] = { g_file_new_for_path (f->a), g_file_new_for_path (f->b) };
  guint n = f->n_finished;

  fw_batch_add_files (f->batch, files, 2, FW_BATCH_MODE_COMPARE_FOLDERS);
  g_object_unref (files[0]);
  g_object_unref (files[1]);
  while (f->n_finished == n || fw_batch_get_scanning (f->batch))
    g_main_context_iteration (NULL, TRUE);
}

static void
run_tool (const char * const *argv,
          char              **out,
          char              **err,
          int                *status)
{
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "LC_ALL", "C", TRUE);
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                out, err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  *status = WEXITSTATUS (wait_status);
}

/* Every verdict, as diff -rq says it, in its order. */
static void
test_as_diff (Fixture       *f,
              gconstpointer  data)
{
  const char *argv[] = { "diff", "-rq", f->a, f->b, NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  g_autofree char *diff_out = NULL;
  g_autofree char *diff_err = NULL;
  guint n_identical = 0;
  int status = 0;

  run_batch (f);
  rows_as_diff (f, out, err, &n_identical);
  run_tool (argv, &diff_out, &diff_err, &status);
  g_test_message ("diff: %s%s", diff_out, diff_err);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out->str, ==, diff_out);
  g_assert_cmpstr (err->str, ==, diff_err);
  /* same, empty, raw\xff (diff prints nothing for them). */
  g_assert_cmpuint (n_identical, ==, 3);
  /* Each kind is there (the comparison above could not miss one). */
  g_assert_nonnull (strstr (out->str, "same size differ"));
  g_assert_nonnull (strstr (out->str, "grown differ"));
  g_assert_nonnull (strstr (out->str, "/A: only\n"));
  g_assert_nonnull (strstr (out->str, "/B/sub: only b\n"));
  g_assert_nonnull (strstr (out->str, "is a regular file while file"));
  g_assert_nonnull (strstr (err->str, "broken: No such file or directory"));

  /* Rows are named below the folders, the same on both sides. */
  {
    GListModel *jobs = fw_batch_get_jobs (f->batch);
    gboolean seen = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
      {
        g_autoptr(FwJob) job = g_list_model_get_item (jobs, i);
        const FwJobCompareEntry *entry = fw_job_get_compare_entry (job);

        if (g_strcmp0 (fw_job_get_name (job), "sub/grown") == 0)
          {
            seen = TRUE;
            g_assert_cmpint (entry->size[0], ==, 6);
            g_assert_cmpint (entry->size[1], ==, 11);
          }
        if (g_strcmp0 (fw_job_get_name (job), "kind") == 0)
          {
            g_assert_false (entry->is_folder[0]);
            g_assert_true (entry->is_folder[1]);
            g_assert_cmpint (entry->size[1], ==, -1);
          }
        /* Nothing to run again. */
        g_assert_false (fw_job_is_runnable (job));
      }
    g_assert_true (seen);
  }
}

/* The batch's exclude patterns leave out the same entries as `compare -r
 * --exclude`, below both folders. */
static void
test_exclude (Fixture       *f,
              gconstpointer  data)
{
  const char *patterns[] = { "node_modules", "*~", "broken", "sub/grown", NULL };
  g_autofree char *cli = fw_test_cli_path ();
  const char *argv[] = { cli, "compare", "-r", "--exclude=node_modules", "--exclude=*~",
                         "--exclude=broken", "--exclude=sub/grown", f->a, f->b, NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  g_autofree char *cli_out = NULL;
  g_autofree char *cli_err = NULL;
  guint n_identical = 0;
  int status = 0;

  fw_batch_set_exclude_patterns (f->batch, patterns);
  run_batch (f);
  rows_as_diff (f, out, err, &n_identical);
  run_tool (argv, &cli_out, &cli_err, &status);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out->str, ==, cli_out);
  g_assert_cmpstr (err->str, ==, "");
  g_assert_cmpstr (cli_err, ==, "");
  g_assert_null (strstr (out->str, "node_modules"));
  g_assert_null (strstr (out->str, "trace~"));
  g_assert_null (strstr (out->str, "grown"));
  g_assert_nonnull (strstr (out->str, "same size differ"));
}

/* Anything but two folders: one failed row that says so. */
static void
test_not_two_folders (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->a, "same", NULL);
  GFile *files[2] = { g_file_new_for_path (f->a), g_file_new_for_path (file) };
  g_autoptr(FwJob) job = NULL;
  guint n = f->n_finished;

  fw_batch_add_files (f->batch, files, 2, FW_BATCH_MODE_COMPARE_FOLDERS);
  g_object_unref (files[0]);
  g_object_unref (files[1]);
  while (f->n_finished == n || fw_batch_get_scanning (f->batch))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 1);
  job = g_list_model_get_item (fw_batch_get_jobs (f->batch), 0);
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_FAILED);
  g_assert_null (fw_job_get_compare_entry (job));
}

/* The CSV: one line per row, diff's facts in the result column. */
static void
test_csv (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *line = NULL;

  run_batch (f);
  bytes = fw_export_build (fw_batch_get_jobs (f->batch), FW_EXPORT_CSV, NULL, &error);
  g_assert_no_error (error);
  csv = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  line = g_strdup_printf ("%s/sub/grown,compare-folders,6,done,differs from %s/sub/grown (size 11)\r\n",
                          f->a, f->b);
  g_assert_nonnull (strstr (csv, line));
  g_clear_pointer (&line, g_free);
  line = g_strdup_printf ("%s/sub/only b,compare-folders,2,done,only in B\r\n", f->b);
  g_assert_nonnull (strstr (csv, line));
  g_clear_pointer (&line, g_free);
  line = g_strdup_printf ("%s/same,compare-folders,5,done,identical to %s/same\r\n", f->a, f->b);
  g_assert_nonnull (strstr (csv, line));
  g_clear_pointer (&line, g_free);
  line = g_strdup_printf ("%s/kind,compare-folders,7,done,is a regular file while %s/kind is a directory\r\n",
                          f->a, f->b);
  g_assert_nonnull (strstr (csv, line));
  g_clear_pointer (&line, g_free);
  line = g_strdup_printf ("%s/sub/broken,compare-folders,0,failed,No such file or directory\r\n", f->a);
  g_assert_nonnull (strstr (csv, line));
}

/* Two more folders of identical files, each pair to be read. */
static void
make_equal_trees (Fixture *f,
                  guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *a = g_strdup_printf ("P/A/d%u/f%04u", i / 50, i);
      g_autofree char *b = g_strdup_printf ("P/B/d%u/f%04u", i / 50, i);
      g_autofree char *text = g_strdup_printf ("file %u\n", i);

      put (f, a, text);
      put (f, b, text);
    }
}

/* Paused, the comparison reads nothing and hands over no row (its reads
 * wait in the paused pool's full queue, the walk behind them); resumed,
 * it ends with every row. Cancelled while paused, it stops. */
static void
test_pause (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *pa = g_build_filename (f->dir, "P", "A", NULL);
  g_autofree char *pb = g_build_filename (f->dir, "P", "B", NULL);
  GFile *files[2] = { g_file_new_for_path (pa), g_file_new_for_path (pb) };
  FwPool *pool = fw_batch_get_pool (f->batch);
  GListModel *jobs = fw_batch_get_jobs (f->batch);
  gboolean cancel = GPOINTER_TO_INT (data);
  FwPoolCounters counters = { 0 };

  make_equal_trees (f, 300);
  fw_pool_set_queue_capacity (pool, 4);
  fw_batch_pause (f->batch);
  fw_batch_add_files (f->batch, files, 2, FW_BATCH_MODE_COMPARE_FOLDERS);
  g_object_unref (files[0]);
  g_object_unref (files[1]);
  /* The walk fills the queue, then waits. */
  while (counters.queued < 4)
    {
      g_main_context_iteration (NULL, TRUE);
      fw_pool_get_counters (pool, &counters);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 0);
  g_assert_true (fw_batch_get_scanning (f->batch));

  if (cancel)
    {
      fw_batch_cancel (f->batch);
      while (fw_batch_get_scanning (f->batch))
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (g_list_model_get_n_items (jobs), <, 300);
      fw_batch_resume (f->batch);
      return;
    }
  fw_batch_resume (f->batch);
  while (f->n_finished == 0 || fw_batch_get_scanning (f->batch))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 300);
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (jobs, i);

      g_assert_cmpint (fw_job_get_compare_entry (job)->verdict, ==, FW_COMPARE_TREE_IDENTICAL);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/batch/compare-folders/as-diff", test_as_diff);
  ADD ("/batch/compare-folders/exclude", test_exclude);
  ADD ("/batch/compare-folders/not-two-folders", test_not_two_folders);
  ADD ("/batch/compare-folders/csv", test_csv);
#undef ADD
  g_test_add ("/batch/compare-folders/pause-resume", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_pause, fixture_teardown);
  g_test_add ("/batch/compare-folders/pause-cancel", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_pause, fixture_teardown);
  return g_test_run ();
}
