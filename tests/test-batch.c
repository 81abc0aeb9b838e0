/* test-batch.c — FwBatch and FwJob without GTK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fw-batch-private.h"
#include "fw-job-list.h"
#include "fw-digest-private.h"
#include "fw-job-size.h"
#include "fw-test-batch.h"
#include "fw-test-gate.h"
#include "fw-test-util.h"

/* Helpers ------------------------------------------------------------------ */

typedef struct {
  char      *dir;
  FwBatch   *batch;
  guint      n_finished_signals;
  gboolean   saw_stopping;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("fw-test-batch-XXXXXX", &error);
  g_assert_no_error (error);
  f->batch = fw_batch_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* Let expansion threads finish before the batch goes. */
  while (fw_batch_get_scanning (f->batch) || fw_batch_get_running (f->batch))
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&f->batch);
  fw_test_rmtree (f->dir);
  g_free (f->dir);
  fw_digest_set_io_hooks (NULL);
  fw_batch_set_chunk_end_hook (NULL, NULL);
}

/* The message of @job's error, or NULL. */
static const char *
error_message (FwJob *job)
{
  return fw_job_get_error (job) != NULL ? fw_job_get_error (job)->message : NULL;
}

/* @n files PREFIX0, PREFIX1, … of @size bytes each. */
static void
write_files (const char *dir,
             const char *prefix,
             guint       n,
             gsize       size)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s%u", prefix, i);

      g_bytes_unref (fw_test_write_random (dir, name, size, i));
    }
}

static void
finished_cb (FwBatch *batch,
             Fixture *f)
{
  f->n_finished_signals++;
}

/* Iterates the main context until @n "finished" signals were seen. No
 * sleeps: the batch's tick and the stream's deliveries wake the loop. */
static void
wait_finished (Fixture *f,
               guint    n)
{
  while (f->n_finished_signals < n)
    g_main_context_iteration (NULL, TRUE);
  /* The last rows may join the list just after the run ended. */
  while (fw_batch_get_scanning (f->batch))
    g_main_context_iteration (NULL, TRUE);
}

static void
add_path (Fixture     *f,
          const char  *path,
          FwBatchMode  mode)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  fw_batch_add_files (f->batch, &file, 1, mode);
}

/* Adds @path with auto-start off and waits for its scan: its jobs wait
 * for fw_batch_start(), which queues them all at once. */
static void
add_path_held (Fixture     *f,
               const char  *path,
               FwBatchMode  mode)
{
  fw_batch_set_auto_start (f->batch, FALSE);
  add_path (f, path, mode);
  while (fw_batch_get_scanning (f->batch))
    g_main_context_iteration (NULL, TRUE);
}

/* Tests -------------------------------------------------------------------- */

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* A hash job's outcome is data: each digest under its own algorithm (one
 * kept in the job itself, several or a long one in a result); each
 * outcome is notified (its state, notified last) and a reset clears it.
 * The words shown for it are the UI's: tests/test-job-text.c. */
static void
test_job_digests (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) contents = fw_test_write_random (f->dir, "one", 5000, 7);
  g_autofree char *path = g_build_filename (f->dir, "one", NULL);
  FwAlgorithmSet two = FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) | FW_ALGORITHM_BIT (FW_ALGORITHM_MD5);
  /* GLib's own digests, not the engine under test. */
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, contents);
  g_autofree char *md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, contents);
  FwJobConfig config = { 65536, FALSE, NULL };
  g_autoptr(FwJob) job = fw_job_new_for_path (FW_JOB_HASH, path, 5000);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) property = NULL;
  FwJobOutcome *outcome;
  guint n_notify = 0;

  g_assert_cmpstr (fw_job_get_name (job), ==, "one");
  g_assert_cmpstr (fw_job_get_path (job), ==, path);
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);

    g_assert_true (g_file_equal (fw_job_get_file (job), file));
  }
  g_signal_connect (job, "notify::state", G_CALLBACK (count_notify), &n_notify);

  fw_job_set_algorithms (job, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256));
  outcome = fw_job_execute (job, &config, NULL, &error);
  g_assert_no_error (error);
  fw_job_apply_outcome (job, outcome, NULL);
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_DONE);
  g_assert_null (fw_job_get_error (job));
  g_object_get (job, "error", &property, NULL);
  g_assert_null (property);
  g_assert_cmpuint (n_notify, ==, 1);
  /* One digest is kept in the job itself: under its own algorithm only. */
  g_assert_true (fw_job_has_digests (job));
  g_assert_cmpstr (fw_job_get_digest (job, FW_ALGORITHM_SHA256), ==, sha256);
  g_assert_null (fw_job_get_digest (job, FW_ALGORITHM_MD5));

  fw_job_reset (job);
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_QUEUED);
  g_assert_false (fw_job_has_digests (job));
  g_assert_null (fw_job_get_digest (job, FW_ALGORITHM_SHA256));
  g_assert_cmpuint (n_notify, ==, 2);

  fw_job_set_algorithms (job, two);
  outcome = fw_job_execute (job, &config, NULL, &error);
  g_assert_no_error (error);
  fw_job_apply_outcome (job, outcome, NULL);
  g_assert_cmpuint (n_notify, ==, 3);
  g_assert_cmpstr (fw_job_get_digest (job, FW_ALGORITHM_MD5), ==, md5);
  g_assert_cmpstr (fw_job_get_digest (job, FW_ALGORITHM_SHA256), ==, sha256);

  /* Back to one: the kept digests of the last run are gone. */
  fw_job_reset (job);
  fw_job_set_algorithms (job, FW_ALGORITHM_BIT (FW_ALGORITHM_MD5));
  outcome = fw_job_execute (job, &config, NULL, &error);
  g_assert_no_error (error);
  fw_job_apply_outcome (job, outcome, NULL);
  g_assert_cmpstr (fw_job_get_digest (job, FW_ALGORITHM_MD5), ==, md5);
  g_assert_null (fw_job_get_digest (job, FW_ALGORITHM_SHA256));

  /* One digest longer than the job keeps in itself (128 hex digits). */
  {
    g_autofree char *sha512 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA512, contents);

    fw_job_reset (job);
    fw_job_set_algorithms (job, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA512));
    outcome = fw_job_execute (job, &config, NULL, &error);
    g_assert_no_error (error);
    fw_job_apply_outcome (job, outcome, NULL);
    g_assert_true (fw_job_has_digests (job));
    g_assert_cmpstr (fw_job_get_digest (job, FW_ALGORITHM_SHA512), ==, sha512);
    g_assert_null (fw_job_get_digest (job, FW_ALGORITHM_MD5));
  }
}

/* The nice value of thread @tid of this process, from /proc, or -100. */
static int
thread_nice (const char *tid)
{
  g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/stat", tid);
  g_autofree char *contents = NULL;
  const char *p;
  int field = 2;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return -100;
  /* "pid (comm) state ppid …": nice is field 19; comm may hold spaces. */
  p = strrchr (contents, ')');
  g_assert_nonnull (p);
  for (p++; *p != '\0' && field < 19; p++)
    if (*p == ' ')
      field++;
  return atoi (p);
}

/* The threads of this process, by id. */
static GHashTable *
thread_ids (void)
{
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *tid;

  g_assert_nonnull (tasks);
  while ((tid = g_dir_read_name (tasks)) != NULL)
    g_hash_table_add (ids, g_strdup (tid));
  return ids;
}

/* The nice value of each thread that opened a file to hash it. */
static GMutex opener_lock;
static GArray *opener_nice;

static int
record_nice_open (const char *path,
                  int         flags,
                  gpointer    user_data)
{
  g_autofree char *tid = g_strdup_printf ("%ld", (long) syscall (SYS_gettid));
  int nice = thread_nice (tid);

  g_mutex_lock (&opener_lock);
  g_array_append_val (opener_nice, nice);
  g_mutex_unlock (&opener_lock);
  return open (path, flags);
}

/* The workers run below the main loop's priority (nice 10), so the window
 * gets a processor at once while every core hashes; the main thread
 * itself is left as it was. Checked on the threads that do the work, when
 * they do it: the hashing worker as it opens each file, and a size
 * scan's one worker after the scan. (Counting lowered threads says
 * nothing on GLib 2.84, which starts a pool thread at the nice value of
 * the thread that made it.) */
static void
test_worker_priority (Fixture       *f,
                      gconstpointer  data)
{
  FwDigestIoHooks hooks = { record_nice_open, NULL, NULL, NULL };
  g_autofree char *self_tid = g_strdup_printf ("%d", (int) getpid ());
  g_autofree char *sub = g_build_filename (f->dir, "sub", NULL);
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(FwPool) pool = NULL;
  g_autoptr(GError) error = NULL;
  FwSizeResult *result;
  GHashTableIter iter;
  gpointer tid;
  guint64 bytes_done = 0;
  guint n_new = 0;   /* new threads at nice 10 */

  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *name = g_strdup_printf ("sub/sub%u/f%u", i % 2, i);
      g_bytes_unref (fw_test_write_random (f->dir, name, 100000, i));
    }

  opener_nice = g_array_new (FALSE, FALSE, sizeof (int));
  fw_digest_set_io_hooks (&hooks);
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  add_path (f, sub, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  fw_digest_set_io_hooks (NULL);
  g_assert_cmpuint (opener_nice->len, ==, 8);
  for (guint i = 0; i < opener_nice->len; i++)
    g_assert_cmpint (g_array_index (opener_nice, int, i), ==, 10);
  g_clear_pointer (&opener_nice, g_array_unref);
  g_assert_cmpint (thread_nice (self_tid), ==, 0);

  /* A size job's scan (fw_job_size_run(), as the batch runs it) works on
   * a size pool's threads: here a new pool's, made at nice 0 by this
   * thread; the one that scans is lowered by the scan. */
  before = thread_ids ();
  pool = fw_pool_new (1);
  result = fw_job_size_run (sub, FALSE, NULL, pool, NULL, &bytes_done, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_files, ==, 8);
  fw_size_result_free (result);
  after = thread_ids ();
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &tid, NULL))
    if (!g_hash_table_contains (before, tid) && thread_nice (tid) == 10)
      n_new++;
  g_assert_cmpuint (n_new, >=, 1);
  g_assert_cmpint (thread_nice (self_tid), ==, 0);
}

#define N_FILES 60

static void
test_hash_folder (Fixture       *f,
                  gconstpointer  data)
{
  GBytes *contents[N_FILES];
  FwBatchProgress p;
  GListModel *model = fw_batch_get_jobs (f->batch);
  guint64 total = 0;

  for (guint i = 0; i < N_FILES; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/file-%02u.bin", i % 3 ? "a" : "b/c", i);

      contents[i] = fw_test_write_random (f->dir, name, (i * 7919) % 200000, i);
      total += g_bytes_get_size (contents[i]);
    }
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  fw_batch_set_algorithms (f->batch, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) | FW_ALGORITHM_BIT (FW_ALGORITHM_MD5));
  add_path (f, f->dir, FW_BATCH_MODE_HASH);
  g_assert_true (fw_batch_get_scanning (f->batch));
  wait_finished (f, 1);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_FILES);
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_total, ==, N_FILES);
  g_assert_cmpuint (p.n_finished, ==, N_FILES);
  g_assert_cmpuint (p.n_failed, ==, 0);
  g_assert_cmpuint (p.n_cancelled, ==, 0);
  g_assert_cmpuint (p.bytes_total, ==, total);
  g_assert_cmpuint (p.bytes_done, ==, total);
  g_assert_false (fw_batch_get_running (f->batch));

  for (guint i = 0; i < N_FILES; i++)
    {
      /* Named by its path under the dropped folder (issue 20, item 5). */
      g_autofree char *name = g_strdup_printf ("%s/file-%02u.bin", i % 3 ? "a" : "b/c", i);
      FwJob *job = find_job (f->batch, name);
      /* GLib's own digests, not the engine under test. */
      g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, contents[i]);
      g_autofree char *md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, contents[i]);

      g_assert_nonnull (job);
      g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_DONE);
      g_assert_cmpstr (fw_job_get_digest (job, FW_ALGORITHM_SHA256), ==, sha256);
      g_assert_cmpstr (fw_job_get_digest (job, FW_ALGORITHM_MD5), ==, md5);
      g_assert_cmpfloat (fw_job_get_progress (job), ==, g_bytes_get_size (contents[i]) ? 1.0 : 0.0);
      g_bytes_unref (contents[i]);
    }

  /* The walk's order (byte-wise by full path, as the CLI): a/… before b/c/…. */
  {
    g_autoptr(FwJob) first = g_list_model_get_item (model, 0);
    g_autoptr(FwJob) last = g_list_model_get_item (model, N_FILES - 1);

    g_assert_true (strstr (fw_job_get_path (first), "/a/") != NULL);
    g_assert_true (strstr (fw_job_get_path (last), "/b/c/") != NULL);
  }
  g_assert_cmpuint (f->n_finished_signals, ==, 1);
}

static gboolean
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The tick does not keep the workers, or the end of a batch, waiting for
 * its interval: the scan's first files, the scan's end and the pool
 * running dry each bring it forward. With an interval of an hour, a batch
 * of small files still starts and ends at once. */
static void
test_tick_brought_forward (Fixture       *f,
                           gconstpointer  data)
{
  const guint n_files = 40;   /* their rows join in one tick */
  gboolean too_long = FALSE;
  guint guard;
  FwBatchProgress p;

  write_files (f->dir, "f", n_files, 1000);
  fw_batch_set_tick_interval (f->batch, 3600 * 1000);
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  guard = g_timeout_add_seconds (60, set_true, &too_long);

  add_path (f, f->dir, FW_BATCH_MODE_HASH);
  while ((f->n_finished_signals < 1 || fw_batch_get_scanning (f->batch)) && !too_long)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (too_long);
  g_source_remove (guard);

  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_finished, ==, n_files);
  g_assert_cmpuint (p.n_failed, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, n_files);
  g_assert_false (fw_batch_get_running (f->batch));

  /* Again in the same batch: the tick stopped with the first run and
   * starts anew. */
  write_files (f->dir, "g", 3, 1000);
  {
    g_autofree char *path = g_build_filename (f->dir, "g1", NULL);

    guard = g_timeout_add_seconds (60, set_true, &too_long);
    add_path (f, path, FW_BATCH_MODE_HASH);
    while ((f->n_finished_signals < 2 || fw_batch_get_scanning (f->batch)) && !too_long)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (too_long);
    g_source_remove (guard);
  }
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_finished, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, n_files + 1);
}

/* Small files reach the pool in chunks (one hand-off for many files), a
 * large one alone; every file still gets its own result. */
static void
test_chunks (Fixture       *f,
             gconstpointer  data)
{
  const guint n_small = 2000;
  GListModel *model = fw_batch_get_jobs (f->batch);
  FwPoolCounters counters;
  FwBatchProgress p;

  write_files (f->dir, "small-", n_small, 100);
  g_bytes_unref (fw_test_write_random (f->dir, "zz-large", 300 * 1024, 7));
  fw_batch_set_n_workers (f->batch, 2);
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);

  /* All queued at once: Start hands the whole backlog to the feeder. */
  add_path_held (f, f->dir, FW_BATCH_MODE_HASH);
  g_assert_cmpuint (fw_batch_get_n_waiting (f->batch), ==, n_small + 1);
  fw_batch_start (f->batch);
  wait_finished (f, 1);

  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_finished, ==, n_small + 1);
  g_assert_cmpuint (p.n_failed, ==, 0);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (model, i);
      g_autofree char *contents = NULL;
      gsize length;
      g_autofree char *expected = NULL;

      g_assert_true (g_file_get_contents (fw_job_get_path (job), &contents, &length, NULL));
      /* GLib's own SHA-256, not the engine under test. */
      expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
      g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_DONE);
      g_assert_cmpstr (fw_job_get_digest (job, FW_ALGORITHM_SHA256), ==, expected);
    }

  /* 2001 jobs, far fewer hand-offs: chunks of up to 256 / 8 = 32 small
   * files while the backlog is long, smaller at its end, and the large
   * file alone. */
  fw_pool_get_counters (fw_batch_get_pool (f->batch), &counters);
  g_test_message ("%u jobs in %" G_GUINT64_FORMAT " pool items", n_small + 1, (guint64) counters.completed);
  g_assert_cmpuint (counters.completed, >=, 1 + n_small / 32);
  g_assert_cmpuint (counters.completed, <, n_small / 8);
}

static void
test_no_duplicates (Fixture       *f,
                    gconstpointer  data)
{
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("f%u", i);
      g_bytes_unref (fw_test_write_random (f->dir, name, 1000 + i, i));
    }
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);

  /* Held back (auto-start off): everything stays queued, so the second add
   * of the same folder, and of one of its files, must add nothing. */
  add_path_held (f, f->dir, FW_BATCH_MODE_HASH);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 10);
  g_assert_cmpuint (fw_batch_get_n_waiting (f->batch), ==, 10);

  add_path (f, f->dir, FW_BATCH_MODE_HASH);
  {
    g_autofree char *one = g_build_filename (f->dir, "f3", NULL);
    add_path (f, one, FW_BATCH_MODE_HASH);
  }
  while (fw_batch_get_scanning (f->batch))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 10);
  g_assert_false (fw_batch_get_running (f->batch));

  /* A size job of the same folder is another job: it is added. */
  add_path (f, f->dir, FW_BATCH_MODE_SIZE);
  while (fw_batch_get_scanning (f->batch))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 11);

  fw_batch_start (f->batch);
  g_assert_true (fw_batch_get_running (f->batch));
  wait_finished (f, 1);
  {
    FwBatchProgress p;

    fw_batch_get_progress (f->batch, &p);
    g_assert_cmpuint (p.n_finished, ==, 11);
    g_assert_cmpuint (p.n_failed, ==, 0);
  }

  /* Once finished, the same files may be queued again. */
  fw_batch_set_auto_start (f->batch, TRUE);
  add_path (f, f->dir, FW_BATCH_MODE_HASH);
  wait_finished (f, 2);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 21);
}

/* Endless files: "endless-*" opens /dev/zero and claims to be a regular
 * file of 1 TB, so its job runs until cancelled (tests/fw-test-batch.h). */
static guint flaky_opens;
/* "gate-*" files open once the test opens it (tests/fw-test-gate.h). */
static FwTestGate gate;

static int
hook_open (const char *path,
           int         flags,
           gpointer    user_data)
{
  int fd = fw_test_open_endless (path);

  if (fd >= 0)
    return fd;
  /* Opens when the test says so. */
  if (strstr (path, "gate-") != NULL)
    fw_test_gate_pass (&gate);
  if (strstr (path, "flaky") != NULL && g_atomic_int_add (&flaky_opens, 1) == 0)
    {
      errno = EIO;
      return -1;
    }
  return open (path, flags);
}

static void
install_hooks (void)
{
  FwDigestIoHooks hooks = { hook_open, NULL, hook_fstat, NULL };

  n_endless_fds = 0;
  flaky_opens = 0;
  fw_test_gate_reset (&gate);
  fw_digest_set_io_hooks (&hooks);
}


/* One row cancelled (the context menu) while it runs, one removed while it
 * runs (Delete), one cancelled while still queued: each ends alone, the
 * others go on and finish. */
static void
test_cancel_one (Fixture       *f,
                 gconstpointer  data)
{
  GListModel *model = fw_batch_get_jobs (f->batch);
  FwJob *first, *second, *queued;
  FwBatchProgress p;

  write_files (f->dir, "endless-", 3, 10);
  write_files (f->dir, "z-small-", 4, 5000);
  install_hooks ();
  fw_batch_set_n_workers (f->batch, 2);
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  add_path (f, f->dir, FW_BATCH_MODE_HASH);

  /* Both workers in an endless file (they sort first), the rest queued. */
  while (g_list_model_get_n_items (model) < 7 ||
         fw_job_get_bytes_done (find_job (f->batch, "endless-0")) == 0 ||
         fw_job_get_bytes_done (find_job (f->batch, "endless-1")) == 0)
    g_main_context_iteration (NULL, TRUE);
  first = find_job (f->batch, "endless-0");
  second = g_object_ref (find_job (f->batch, "endless-1"));
  queued = find_job (f->batch, "endless-2");
  g_assert_cmpint (fw_job_get_state (queued), ==, FW_JOB_QUEUED);

  /* Queued: Cancelled at once, and no worker ever reads it. */
  fw_batch_cancel_job (f->batch, queued);
  g_assert_cmpint (fw_job_get_state (queued), ==, FW_JOB_CANCELLED);
  /* Its chunk may still be in a worker's hands: Run Again waits for the
   * end of the run, or the job would run twice. */
  g_assert_cmpuint (fw_batch_run_again (f->batch), ==, 0);
  g_assert_cmpint (fw_job_get_state (queued), ==, FW_JOB_CANCELLED);

  /* Running: the worker stops within a read, the row says Cancelled. */
  fw_batch_cancel_job (f->batch, first);
  while (fw_job_get_state (first) != FW_JOB_CANCELLED)
    g_main_context_iteration (NULL, TRUE);

  /* Delete on a running row: cancelled first, then gone from the list. */
  {
    g_autoptr(GPtrArray) doomed = g_ptr_array_new ();

    g_ptr_array_add (doomed, second);
    fw_batch_remove (f->batch, doomed);
  }
  g_assert_null (find_job (f->batch, "endless-1"));

  wait_finished (f, 1);
  g_assert_cmpint (fw_job_get_state (second), ==, FW_JOB_CANCELLED);
  g_object_unref (second);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("z-small-%u", i);

      g_assert_cmpint (fw_job_get_state (find_job (f->batch, name)), ==, FW_JOB_DONE);
    }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 6);
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_cancelled, >=, 2);
  g_assert_false (fw_batch_get_running (f->batch));
  /* Only the two running endless files were ever opened. */
  g_assert_cmpuint (n_endless_fds, ==, 2);
}

/* One job of a chunk cancelled while it runs, one while it waits behind
 * it in the same chunk: the worker goes on with the rest of the chunk,
 * which finishes Done (the cancel does not stick to the worker). */
static void
test_cancel_in_chunk (Fixture       *f,
                      gconstpointer  data)
{
  FwJob *running, *waiting;
  FwPoolCounters counters;

  write_files (f->dir, "endless-", 2, 10);
  write_files (f->dir, "m-small-", 10, 100);
  install_hooks ();
  fw_batch_set_n_workers (f->batch, 1);
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  add_path_held (f, f->dir, FW_BATCH_MODE_HASH);
  g_assert_cmpuint (fw_batch_get_n_waiting (f->batch), ==, 12);

  /* 12 jobs for one worker: the first chunk is endless-0, endless-1 and
   * m-small-0 (a quarter of the 12). */
  fw_batch_start (f->batch);
  running = find_job (f->batch, "endless-0");
  waiting = find_job (f->batch, "endless-1");
  while (fw_job_get_bytes_done (running) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (fw_job_get_state (waiting), ==, FW_JOB_QUEUED);

  fw_batch_cancel_job (f->batch, waiting);
  g_assert_cmpint (fw_job_get_state (waiting), ==, FW_JOB_CANCELLED);
  fw_batch_cancel_job (f->batch, running);
  wait_finished (f, 1);

  g_assert_cmpint (fw_job_get_state (running), ==, FW_JOB_CANCELLED);
  g_assert_cmpint (fw_job_get_state (waiting), ==, FW_JOB_CANCELLED);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("m-small-%u", i);

      g_assert_cmpint (fw_job_get_state (find_job (f->batch, name)), ==, FW_JOB_DONE);
    }
  /* The waiting one was never opened. */
  g_assert_cmpuint (n_endless_fds, ==, 1);
  /* And the jobs did travel in chunks. */
  fw_pool_get_counters (fw_batch_get_pool (f->batch), &counters);
  g_assert_cmpuint (counters.completed, <, 12);
}

static void
stopping_cb (FwBatch    *batch,
             GParamSpec *pspec,
             Fixture    *f)
{
  if (fw_batch_get_stopping (batch))
    f->saw_stopping = TRUE;
}

static void
test_cancel_keeps_finished (Fixture       *f,
                            gconstpointer  data)
{
  GListModel *model = fw_batch_get_jobs (f->batch);
  FwBatchProgress p;
  guint n_done = 0, n_cancelled = 0;

  /* Two workers: both end up in an endless file; the small files sort
   * first and finish before. */
  write_files (f->dir, "a-small-", 8, 5000);
  write_files (f->dir, "endless-", 6, 10);
  install_hooks ();
  fw_batch_set_n_workers (f->batch, 2);
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  g_signal_connect (f->batch, "notify::stopping", G_CALLBACK (stopping_cb), f);
  add_path (f, f->dir, FW_BATCH_MODE_HASH);

  /* Until the small ones are done and two endless ones run. */
  wait_done_and_running (model, 8, 2);

  g_assert_true (fw_batch_get_running (f->batch));
  fw_batch_cancel (f->batch);
  g_assert_true (fw_batch_get_stopping (f->batch));
  g_assert_true (f->saw_stopping);
  /* Queued jobs are Cancelled at once; running ones stay until stopped. */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (model, i);

      g_assert_cmpint (fw_job_get_state (job), !=, FW_JOB_QUEUED);
    }
  wait_finished (f, 1);
  g_assert_false (fw_batch_get_stopping (f->batch));
  g_assert_false (fw_batch_get_running (f->batch));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (model, i);

      if (g_str_has_prefix (fw_job_get_name (job), "a-small-"))
        {
          g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_DONE);
          g_assert_nonnull (fw_job_get_digest (job, FW_ALGORITHM_SHA256));
          n_done++;
        }
      else
        {
          g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_CANCELLED);
          n_cancelled++;
        }
    }
  g_assert_cmpuint (n_done, ==, 8);
  g_assert_cmpuint (n_cancelled, ==, 6);
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_finished, ==, 14);
  g_assert_cmpuint (p.n_cancelled, ==, 6);
  g_assert_cmpuint (p.n_failed, ==, 0);
}

static void
test_run_again (Fixture       *f,
                gconstpointer  data)
{
  FwBatchProgress p;
  FwJob *flaky;

  g_bytes_unref (fw_test_write_random (f->dir, "flaky", 3000, 1));
  g_bytes_unref (fw_test_write_random (f->dir, "good", 3000, 2));
  install_hooks ();
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  add_path (f, f->dir, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);

  flaky = find_job (f->batch, "flaky");
  g_assert_cmpint (fw_job_get_state (flaky), ==, FW_JOB_FAILED);
  g_assert_nonnull (strstr (error_message (flaky), g_strerror (EIO)));
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_failed, ==, 1);

  g_assert_cmpuint (fw_batch_run_again (f->batch), ==, 1);
  g_assert_cmpint (fw_job_get_state (flaky), ==, FW_JOB_QUEUED);
  wait_finished (f, 2);
  g_assert_cmpint (fw_job_get_state (flaky), ==, FW_JOB_DONE);
  g_assert_null (fw_job_get_error (flaky));
  g_assert_cmpint (fw_job_get_state (find_job (f->batch, "good")), ==, FW_JOB_DONE);
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_total, ==, 1);
  g_assert_cmpuint (p.n_failed, ==, 0);
  g_assert_cmpuint (fw_batch_run_again (f->batch), ==, 0);
}

static void
test_size (Fixture       *f,
           gconstpointer  data)
{
  FwJob *job;

  g_bytes_unref (fw_test_write_random (f->dir, "x/one", 10000, 1));
  g_bytes_unref (fw_test_write_random (f->dir, "x/two", 200000, 2));
  g_bytes_unref (fw_test_write_random (f->dir, "x/sub/three", 3000, 3));
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  {
    g_autofree char *x = g_build_filename (f->dir, "x", NULL);
    add_path (f, x, FW_BATCH_MODE_SIZE);
  }
  wait_finished (f, 1);
  job = find_job (f->batch, "x");
  g_assert_nonnull (job);
  g_assert_cmpint (fw_job_get_kind (job), ==, FW_JOB_SIZE);
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_DONE);
  g_assert_cmpuint (fw_job_get_n_files (job), ==, 3);
  g_assert_cmpuint (fw_job_get_n_dirs (job), ==, 2);
  g_assert_cmpuint (fw_job_get_apparent_size (job), >=, 213000);
  g_assert_cmpuint (fw_job_get_size (job), >=, 200000);
  g_assert_nonnull (fw_job_get_largest (job));
  g_assert_cmpuint (fw_job_get_largest (job)->len, ==, 3);
  g_assert_cmpstr (((FwSizeChild *) g_ptr_array_index (fw_job_get_largest (job), 0))->name, ==, "two");
}

static void
test_verify (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GBytes) good = fw_test_write_random (f->dir, "good.bin", 4000, 1);
  g_autoptr(GBytes) changed = fw_test_write_random (f->dir, "changed.bin", 4000, 2);
  /* GLib's own SHA-256, not the engine under test. */
  g_autofree char *dg = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, good);
  g_autofree char *dc = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, changed);
  g_autofree char *sums = g_build_filename (f->dir, "SHA256SUMS", NULL);
  g_autofree char *text = NULL;
  FwBatchProgress p;

  text = g_strdup_printf ("%s  good.bin\n%s  changed.bin\n%s  missing.bin\n",
                          dg, dc, dg);
  g_file_set_contents (sums, text, -1, NULL);
  /* Change one byte after the list was written. */
  {
    g_autofree char *path = g_build_filename (f->dir, "changed.bin", NULL);
    g_autofree char *data2 = g_memdup2 (g_bytes_get_data (changed, NULL), 4000);

    data2[100] ^= 1;
    g_file_set_contents (path, data2, 4000, NULL);
  }
  {
    g_autoptr(GFile) file = g_file_new_for_path (sums);
    g_assert_true (fw_batch_is_checksum_file (file));
  }

  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  add_path (f, sums, FW_BATCH_MODE_VERIFY);
  wait_finished (f, 1);

  g_assert_cmpint (fw_job_get_verdict (find_job (f->batch, "good.bin")), ==, FW_JOB_VERDICT_OK);
  g_assert_cmpint (fw_job_get_verdict (find_job (f->batch, "changed.bin")), ==, FW_JOB_VERDICT_MISMATCH);
  g_assert_cmpint (fw_job_get_verdict (find_job (f->batch, "missing.bin")), ==, FW_JOB_VERDICT_MISSING);
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_total, ==, 3);
  g_assert_cmpuint (p.n_mismatched, ==, 1);
  g_assert_cmpuint (p.n_missing, ==, 1);
}

static void
test_odd_items (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *fifo = g_build_filename (f->dir, "d/pipe", NULL);
  g_autofree char *d = g_build_filename (f->dir, "d", NULL);
  g_autofree char *link = g_build_filename (f->dir, "d/link", NULL);
  g_autoptr(GFile) remote = g_file_new_for_uri ("sftp://example.invalid/home/x.iso");
  FwJob *job;

  g_bytes_unref (fw_test_write_random (f->dir, "d/real", 100, 1));
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("real", link), ==, 0);
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);

  add_path (f, d, FW_BATCH_MODE_HASH);
  fw_batch_add_files (f->batch, &remote, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  while (fw_batch_get_scanning (f->batch))
    g_main_context_iteration (NULL, TRUE);

  /* The FIFO and the link are skipped and counted; the remote location is a
   * row that says why it cannot be read. */
  g_assert_cmpuint (fw_batch_get_n_skipped (f->batch), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 2);
  g_assert_cmpint (fw_job_get_state (find_job (f->batch, "real")), ==, FW_JOB_DONE);
  job = find_job (f->batch, "x.iso");
  g_assert_nonnull (job);
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_FAILED);
  g_assert_nonnull (strstr (error_message (job), "No local path"));
}

/* Lines and entries a checksum file can hold that cannot be verified: each
 * gets a failed row that says why (a FIFO a skipped one), and nothing
 * stops the batch. A FIFO once held a worker in open() for good, past
 * Cancel. */
static void
test_verify_bad_entries (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GBytes) good = fw_test_write_random (f->dir, "good.bin", 3000, 3);
  g_autofree char *hex = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, good);
  g_autofree char *fifo = g_build_filename (f->dir, "pipe", NULL);
  g_autofree char *sub = g_build_filename (f->dir, "sub", NULL);
  g_autofree char *sums = g_build_filename (f->dir, "SHA256SUMS", NULL);
  g_autofree char *text = NULL;
  FwBatchProgress p;
  FwJob *job;

  g_assert_no_errno (mkfifo (fifo, 0600));
  g_assert_no_errno (g_mkdir (sub, 0700));
  text = g_strdup_printf ("%s  good.bin\n"
                          "this is not a checksum line\n"
                          "%s  pipe\n"
                          "%s  sub\n"
                          "%.20s  short.bin\n",
                          hex, hex, hex, hex);
  g_assert_true (g_file_set_contents (sums, text, -1, NULL));

  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  add_path (f, sums, FW_BATCH_MODE_VERIFY);
  wait_finished (f, 1);

  g_assert_cmpint (fw_job_get_verdict (find_job (f->batch, "good.bin")), ==, FW_JOB_VERDICT_OK);

  /* Not a regular file: skipped, not failed. */
  job = find_job (f->batch, "pipe");
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_SKIPPED);
  g_assert_cmpint (fw_job_get_status (job), ==, FW_JOB_STATUS_SKIPPED);
  g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_NONE);
  g_assert_true (g_error_matches (fw_job_get_error (job), FW_ENGINE_ERROR, FW_ENGINE_ERROR_SKIPPED));
  g_assert_nonnull (strstr (error_message (job), "FIFO"));

  /* Opened, but a folder: a failure, not a missing file. */
  job = find_job (f->batch, "sub");
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_FAILED);
  g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_NONE);
  g_assert_nonnull (strstr (error_message (job), g_strerror (EISDIR)));

  /* Lines 2 and 5 are malformed: the checksum file's own row says so. */
  job = find_job (f->batch, "SHA256SUMS");
  g_assert_nonnull (job);
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_FAILED);
  g_assert_cmpstr (error_message (job), ==, "Lines 2, 5 are not checksum lines");

  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_total, ==, 4);
  g_assert_cmpuint (p.n_finished, ==, 4);
  g_assert_cmpuint (p.n_failed, ==, 2);
  g_assert_cmpuint (p.n_missing, ==, 0);
  g_assert_cmpuint (p.n_mismatched, ==, 0);

  /* Run Again takes the folder, not the FIFO (skipped is no failure) nor
   * the checksum file's own row: it has no entry to verify. */
  g_assert_cmpuint (fw_batch_run_again (f->batch), ==, 1);
  wait_finished (f, 2);
  job = find_job (f->batch, "SHA256SUMS");
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_FAILED);
  g_assert_cmpstr (error_message (job), ==, "Lines 2, 5 are not checksum lines");
  g_assert_cmpint (fw_job_get_state (find_job (f->batch, "pipe")), ==, FW_JOB_SKIPPED);
  g_assert_cmpint (fw_job_get_state (find_job (f->batch, "sub")), ==, FW_JOB_FAILED);
}

/* Pause holds the files being read too, not only those not started: the
 * workers wait between two reads, and go on, or stop, from there. */
static guint
held_workers (Fixture *f)
{
  FwPoolCounters counters;

  fw_pool_get_counters (fw_batch_get_pool (f->batch), &counters);
  return counters.held;
}

static void
wait_held (Fixture *f,
           guint    n)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  /* The batch's tick wakes the loop while the workers settle. */
  while (held_workers (f) != n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
test_pause_holds_running (Fixture       *f,
                          gconstpointer  data)
{
  FwJob *first, *second;
  guint64 done_first, done_second;

  write_files (f->dir, "endless-", 2, 10);
  install_hooks ();
  fw_batch_set_n_workers (f->batch, 2);
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  add_path (f, f->dir, FW_BATCH_MODE_HASH);
  while (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)) < 2 ||
         fw_job_get_bytes_done (find_job (f->batch, "endless-0")) == 0 ||
         fw_job_get_bytes_done (find_job (f->batch, "endless-1")) == 0)
    g_main_context_iteration (NULL, TRUE);
  first = find_job (f->batch, "endless-0");
  second = find_job (f->batch, "endless-1");

  fw_batch_pause (f->batch);
  wait_held (f, 2);
  /* Held: not a byte more, over several ticks. */
  done_first = fw_job_get_bytes_done (first);
  done_second = fw_job_get_bytes_done (second);
  for (guint i = 0; i < 5; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fw_job_get_bytes_done (first), ==, done_first);
  g_assert_cmpuint (fw_job_get_bytes_done (second), ==, done_second);
  g_assert_cmpint (fw_job_get_state (first), ==, FW_JOB_RUNNING);

  /* Resumed: both read on. */
  fw_batch_resume (f->batch);
  while (fw_job_get_bytes_done (first) == done_first ||
         fw_job_get_bytes_done (second) == done_second)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (held_workers (f), ==, 0);

  /* Cancel while held: the wait ends, and so do the jobs. */
  fw_batch_pause (f->batch);
  wait_held (f, 2);
  fw_batch_cancel (f->batch);
  wait_finished (f, 1);
  g_assert_cmpint (fw_job_get_state (first), ==, FW_JOB_CANCELLED);
  g_assert_cmpint (fw_job_get_state (second), ==, FW_JOB_CANCELLED);
  g_assert_cmpuint (held_workers (f), ==, 0);
  fw_batch_resume (f->batch);
}

/* The worker of /batch/cancel-keeps-dropped waits at the gate at the end
 * of its chunk, until the test has cancelled the run. */
static void
chunk_end_gate (gpointer user_data)
{
  fw_test_gate_pass (&gate);
}

/* A file read to the end whose worker found the run not cancelled, with
 * the Cancel coming before the pool has its chunk back: the pool drops
 * that chunk, and its result is kept all the same. */
static void
test_cancel_keeps_dropped (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GBytes) bytes = fw_test_write_random (f->dir, "dropped.bin", 3000, 7);
  g_autofree char *path = g_build_filename (f->dir, "dropped.bin", NULL);
  g_autoptr(FwDigestResult) expected = fw_digest_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                                      FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256));
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  FwJob *job;

  fw_batch_set_algorithms (f->batch, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256));
  install_hooks ();   /* the gate closed */
  fw_batch_set_chunk_end_hook (chunk_end_gate, NULL);
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  add_path (f, path, FW_BATCH_MODE_HASH);

  /* The main loop is not blocked: the worker waits at the gate with no
   * source to wake it. */
  while (fw_test_gate_get_started (&gate) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_thread_yield ();
    }
  job = find_job (f->batch, "dropped.bin");
  g_assert_cmpint (fw_job_get_state (job), !=, FW_JOB_DONE);

  fw_batch_cancel (f->batch);
  fw_test_gate_open (&gate);
  wait_finished (f, 1);
  fw_batch_set_chunk_end_hook (NULL, NULL);

  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_DONE);
  g_assert_cmpstr (fw_job_get_digest (job, FW_ALGORITHM_SHA256), ==, expected->hex[FW_ALGORITHM_SHA256]);
}

/* A result that came in after the last tick, when Cancel is pressed, is
 * kept: the file was read to its end. */
static void
test_cancel_keeps_untaken (Fixture       *f,
                           gconstpointer  data)
{
  FwPool *pool = fw_batch_get_pool (f->batch);
  FwPoolCounters counters;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  FwJob *gated;

  write_files (f->dir, "endless-", 1, 10);
  write_files (f->dir, "gate-", 1, 5000);
  install_hooks ();
  fw_batch_set_n_workers (f->batch, 2);
  /* No tick but those brought forward: none comes while the endless file
   * runs, once the scan is over. */
  fw_batch_set_tick_interval (f->batch, 3600 * 1000);
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  add_path (f, f->dir, FW_BATCH_MODE_HASH);
  /* Not blocking: with an hour between ticks, the loop may have nothing
   * left to wake it while the workers get there. */
  while (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)) < 2 || fw_test_gate_get_started (&gate) == 0 ||
         fw_job_get_bytes_done (find_job (f->batch, "endless-0")) == 0 ||
         fw_batch_get_scanning (f->batch))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_thread_yield ();
    }
  gated = find_job (f->batch, "gate-0");

  /* The gated file is read, and its chunk's result waits in the stream. */
  fw_pool_get_counters (pool, &counters);
  g_assert_cmpuint (counters.completed, ==, 0);
  fw_test_gate_open (&gate);
  do
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_thread_yield ();
      fw_pool_get_counters (pool, &counters);
    }
  while (counters.completed == 0);
  g_assert_cmpint (fw_job_get_state (gated), !=, FW_JOB_DONE);

  fw_batch_cancel (f->batch);
  wait_finished (f, 1);
  g_assert_cmpint (fw_job_get_state (gated), ==, FW_JOB_DONE);
  g_assert_true (fw_job_has_digests (gated));
  g_assert_cmpint (fw_job_get_state (find_job (f->batch, "endless-0")), ==, FW_JOB_CANCELLED);
}

/* Cancelling many jobs waiting for Start at once (a selection, in any
 * order): those go, the rest keep their order and run. */
static void
test_cancel_waiting_many (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();
  FwBatchProgress p;

  write_files (f->dir, "w-", 20, 100);
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  add_path_held (f, f->dir, FW_BATCH_MODE_HASH);
  g_assert_cmpuint (fw_batch_get_n_waiting (f->batch), ==, 20);

  for (int i = 19; i >= 0; i -= 2)
    {
      g_autofree char *name = g_strdup_printf ("w-%d", i);

      g_ptr_array_add (doomed, find_job (f->batch, name));
    }
  fw_batch_cancel_jobs (f->batch, doomed);
  g_assert_cmpuint (fw_batch_get_n_waiting (f->batch), ==, 10);

  fw_batch_start (f->batch);
  wait_finished (f, 1);
  for (int i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("w-%d", i);

      g_assert_cmpint (fw_job_get_state (find_job (f->batch, name)), ==,
                       i % 2 == 1 ? FW_JOB_CANCELLED : FW_JOB_DONE);
    }
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_total, ==, 10);
  g_assert_cmpuint (p.n_cancelled, ==, 0);
}

/* A file that was not there: its row says why, Run Again says it again,
 * and once the file is there Run Again hashes it. */
static void
test_run_again_missing (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "gone.bin", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *hex = NULL;
  FwJob *job;

  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  add_path (f, path, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  job = find_job (f->batch, "gone.bin");
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_FAILED);
  g_assert_cmpstr (error_message (job), ==, g_strerror (ENOENT));

  g_assert_cmpuint (fw_batch_run_again (f->batch), ==, 1);
  wait_finished (f, 2);
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_FAILED);
  g_assert_nonnull (strstr (error_message (job), g_strerror (ENOENT)));

  bytes = fw_test_write_random (f->dir, "gone.bin", 2000, 4);
  hex = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_assert_cmpuint (fw_batch_run_again (f->batch), ==, 1);
  wait_finished (f, 3);
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_DONE);
  g_assert_cmpstr (fw_job_get_digest (job, FW_ALGORITHM_SHA256), ==, hex);
}

/* Sizing a symlink that leads nowhere: sized as itself, like du. */
static void
test_size_dangling_link (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *link = g_build_filename (f->dir, "dangling", NULL);
  struct stat st;
  FwJob *job;

  g_assert_no_errno (symlink ("nowhere", link));
  g_assert_no_errno (lstat (link, &st));
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  add_path (f, link, FW_BATCH_MODE_SIZE);
  wait_finished (f, 1);
  job = find_job (f->batch, "dangling");
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_DONE);
  g_assert_cmpuint (fw_job_get_size (job), ==, (guint64) st.st_blocks * 512);
}

/* Clear List while a run stops: the counts it ends with are of no row. */
static void
test_clear_while_running (Fixture       *f,
                          gconstpointer  data)
{
  FwBatchProgress p;

  write_files (f->dir, "endless-", 1, 10);
  write_files (f->dir, "s-", 3, 100);
  install_hooks ();
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  add_path (f, f->dir, FW_BATCH_MODE_HASH);
  while (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)) < 4 ||
         fw_job_get_bytes_done (find_job (f->batch, "endless-0")) == 0)
    g_main_context_iteration (NULL, TRUE);

  fw_batch_clear (f->batch);
  wait_finished (f, 1);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 0);
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_total, ==, 0);
  g_assert_cmpuint (p.n_finished, ==, 0);
  g_assert_cmpuint (p.n_cancelled, ==, 0);
  g_assert_cmpuint (p.bytes_total, ==, 0);
  /* The rows cancelled as the run stopped are gone with the list. */
  g_assert_false (fw_batch_can_run_again (f->batch));
  g_assert_cmpuint (fw_batch_run_again (f->batch), ==, 0);
}

/* Run Again takes the rows that failed or were cancelled and are still in
 * the list: not those removed or cleared, not those that went well when
 * run again. */
static void
test_run_again_candidates (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  g_autofree char *path = NULL;

  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("gone-%u.bin", i);
      g_autofree char *missing = g_build_filename (f->dir, name, NULL);

      add_path (f, missing, FW_BATCH_MODE_HASH);
    }
  g_bytes_unref (fw_test_write_random (f->dir, "good.bin", 1000, 1));
  path = g_build_filename (f->dir, "good.bin", NULL);
  add_path (f, path, FW_BATCH_MODE_HASH);
  while (fw_batch_get_running (f->batch) || fw_batch_get_scanning (f->batch) ||
         g_list_model_get_n_items (fw_batch_get_jobs (f->batch)) < 4)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (fw_job_get_state (find_job (f->batch, "good.bin")), ==, FW_JOB_DONE);
  g_assert_true (fw_batch_can_run_again (f->batch));

  /* Two of the three failed rows removed: the third is left. */
  g_ptr_array_add (gone, find_job (f->batch, "gone-0.bin"));
  g_ptr_array_add (gone, find_job (f->batch, "gone-2.bin"));
  fw_batch_remove (f->batch, gone);
  g_assert_true (fw_batch_can_run_again (f->batch));

  /* The third now exists: run again, it is done, nothing is left. */
  g_bytes_unref (fw_test_write_random (f->dir, "gone-1.bin", 1000, 2));
  g_assert_cmpuint (fw_batch_run_again (f->batch), ==, 1);
  g_assert_false (fw_batch_can_run_again (f->batch));   /* a run goes on */
  while (fw_batch_get_running (f->batch))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (fw_job_get_state (find_job (f->batch, "gone-1.bin")), ==, FW_JOB_DONE);
  g_assert_false (fw_batch_can_run_again (f->batch));
  g_assert_cmpuint (fw_batch_run_again (f->batch), ==, 0);
  g_assert_null (find_job (f->batch, "gone-0.bin"));

  /* A failed row removed alone, and one cleared. */
  g_free (path);
  path = g_build_filename (f->dir, "gone-3.bin", NULL);
  add_path (f, path, FW_BATCH_MODE_HASH);
  while (fw_batch_get_running (f->batch) || fw_batch_get_scanning (f->batch) ||
         find_job (f->batch, "gone-3.bin") == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (fw_batch_can_run_again (f->batch));
  g_ptr_array_add (one, find_job (f->batch, "gone-3.bin"));
  fw_batch_remove (f->batch, one);
  g_assert_false (fw_batch_can_run_again (f->batch));

  g_free (path);
  path = g_build_filename (f->dir, "gone-4.bin", NULL);
  add_path (f, path, FW_BATCH_MODE_HASH);
  while (fw_batch_get_running (f->batch) || fw_batch_get_scanning (f->batch) ||
         find_job (f->batch, "gone-4.bin") == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (fw_batch_can_run_again (f->batch));
  fw_batch_clear (f->batch);
  g_assert_false (fw_batch_can_run_again (f->batch));
  g_assert_cmpuint (fw_batch_run_again (f->batch), ==, 0);
}

/* #FwBatch:scanning is notified when it changes, not on every tick while
 * the rows of a finished scan join the list (the window redraws on each
 * notify). */
static void
scanning_changed (FwBatch    *batch,
                  GParamSpec *pspec,
                  GString    *seen)
{
  g_string_append_c (seen, fw_batch_get_scanning (batch) ? 'T' : 'F');
}

static void
test_scanning_notified (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GString) seen = g_string_new (NULL);

  /* Files found over several ticks: their rows join the list on each;
   * #FwBatch:scanning goes TRUE once, and FALSE once, after the last. */
  write_files (f->dir, "f-", 600, 100);
  g_signal_connect (f->batch, "notify::scanning", G_CALLBACK (scanning_changed), seen);
  add_path (f, f->dir, FW_BATCH_MODE_HASH);
  while (fw_batch_get_running (f->batch) || fw_batch_get_scanning (f->batch))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 600);
  g_assert_cmpstr (seen->str, ==, "TF");
}

/* The rows' model: each change is one items-changed over the range it
 * touched, and the items are where it says. */
static void
log_items_changed (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   GString    *log)
{
  g_string_append_printf (log, "%u-%u+%u;", position, removed, added);
}

static char *
list_names (GListModel *model)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (model, i);

      g_string_append (names, fw_job_get_name (job));
    }
  return g_string_free (names, FALSE);
}

static gboolean
not_e_or_d (FwJob *job, gpointer unused)
{
  return strcmp (fw_job_get_name (job), "e") != 0 && strcmp (fw_job_get_name (job), "d") != 0;
}

static void
test_job_list (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(FwJobList) list = fw_job_list_new ();
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(FwJob) e = fw_job_new_for_path (FW_JOB_HASH, "/x/e", 1);
  g_autoptr(FwJob) c = NULL;
  g_autofree char *names = NULL;
  guint pos = 0;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == FW_TYPE_JOB);
  g_signal_connect (list, "items-changed", G_CALLBACK (log_items_changed), log);
  for (const char *n = "abcd"; *n != '\0'; n++)
    {
      g_autofree char *path = g_strdup_printf ("/x/%c", *n);

      g_ptr_array_add (pending, fw_job_new_for_path (FW_JOB_HASH, path, 1));
    }
  c = g_object_ref (g_ptr_array_index (pending, 2));

  fw_job_list_append_take (list, pending, 3);
  g_assert_cmpuint (pending->len, ==, 1);
  g_assert_cmpstr (fw_job_get_name (g_ptr_array_index (pending, 0)), ==, "d");
  fw_job_list_append_take (list, pending, 1);
  g_assert_cmpuint (pending->len, ==, 0);
  fw_job_list_remove (list, 1);
  names = list_names (G_LIST_MODEL (list));
  g_assert_cmpstr (names, ==, "acd");
  g_clear_pointer (&names, g_free);
  g_ptr_array_add (pending, g_object_ref (e));
  fw_job_list_append_take (list, pending, 1);
  names = list_names (G_LIST_MODEL (list));
  g_assert_cmpstr (names, ==, "acde");
  g_clear_pointer (&names, g_free);

  fw_job_list_filter (list, not_e_or_d, NULL);
  names = list_names (G_LIST_MODEL (list));
  g_assert_cmpstr (names, ==, "ac");
  g_assert_true (fw_job_list_find (list, c, &pos));
  g_assert_cmpuint (pos, ==, 1);
  g_assert_false (fw_job_list_find (list, e, &pos));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 2));
  fw_job_list_filter (list, not_e_or_d, NULL);   /* nothing to remove: no signal */

  fw_job_list_remove_all (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpstr (log->str, ==, "0-0+3;3-0+1;1-1+0;3-0+1;2-2+0;0-2+0;");
  /* The list let go of its references: ours are the last. */
  g_assert_cmpuint (G_OBJECT (e)->ref_count, ==, 1);
  g_assert_cmpuint (G_OBJECT (c)->ref_count, ==, 1);
}

/* A row removed while it runs ends after it left the list: Run Again
 * does not bring it back. */
static void
test_run_again_removed_running (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  FwBatchProgress p;

  write_files (f->dir, "endless-", 1, 10);
  write_files (f->dir, "small-", 2, 100);
  install_hooks ();
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  add_path (f, f->dir, FW_BATCH_MODE_HASH);
  while (find_job (f->batch, "endless-0") == NULL ||
         fw_job_get_bytes_done (find_job (f->batch, "endless-0")) == 0)
    g_main_context_iteration (NULL, TRUE);

  g_ptr_array_add (one, find_job (f->batch, "endless-0"));
  fw_batch_remove (f->batch, one);
  wait_finished (f, 1);
  while (fw_batch_get_scanning (f->batch))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 2);
  g_assert_false (fw_batch_can_run_again (f->batch));
  g_assert_cmpuint (fw_batch_run_again (f->batch), ==, 0);
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_total, ==, 2);
}

/* A failed row whose file was added again and waits for Start: Run Again
 * has nothing to queue for it now, and the row stays a candidate. */
static void
test_run_again_path_held (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "late.bin", NULL);
  FwJob *failed;

  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  add_path (f, path, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  failed = find_job (f->batch, "late.bin");
  g_assert_cmpint (fw_job_get_state (failed), ==, FW_JOB_FAILED);

  g_bytes_unref (fw_test_write_random (f->dir, "late.bin", 1000, 3));
  add_path_held (f, path, FW_BATCH_MODE_HASH);
  while (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)) < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fw_batch_get_n_waiting (f->batch), ==, 1);
  g_assert_cmpuint (fw_batch_run_again (f->batch), ==, 0);
  g_assert_true (fw_batch_can_run_again (f->batch));

  fw_batch_start (f->batch);
  wait_finished (f, 2);
  g_assert_cmpint (fw_job_get_state (failed), ==, FW_JOB_FAILED);
  g_assert_true (fw_batch_can_run_again (f->batch));
  g_assert_cmpuint (fw_batch_run_again (f->batch), ==, 1);
  wait_finished (f, 3);
  g_assert_cmpint (fw_job_get_state (failed), ==, FW_JOB_DONE);
}

/* Jobs added directly (no scan) with auto-start off: #FwBatch:scanning
 * goes TRUE while their rows join the list and FALSE once they have. */
static void
test_add_jobs_notifies (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/j%u", f->dir, i);

      g_ptr_array_add (jobs, fw_job_new_for_path (FW_JOB_HASH, path, 1));
    }
  fw_batch_set_auto_start (f->batch, FALSE);
  g_signal_connect (f->batch, "notify::scanning", G_CALLBACK (scanning_changed), seen);
  fw_batch_add_jobs (f->batch, jobs);
  while (fw_batch_get_scanning (f->batch))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 3);
  g_assert_cmpuint (fw_batch_get_n_waiting (f->batch), ==, 3);
  g_assert_cmpstr (seen->str, ==, "TF");
}

/* A dropped file swapped for a FIFO between the scan and the read is
 * skipped at once, like one found in a folder: it does not hold its
 * worker, and it is no failure. */
static void
test_toplevel_swapped_for_fifo (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "gate-top.bin", NULL);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  FwJob *job;

  g_bytes_unref (fw_test_write_random (f->dir, "gate-top.bin", 100, 1));
  install_hooks ();
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  add_path (f, path, FW_BATCH_MODE_HASH);
  /* Running: its worker opens it once the gate is open. */
  while ((job = find_job (f->batch, "gate-top.bin")) == NULL || fw_job_get_state (job) != FW_JOB_RUNNING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  fw_test_gate_open (&gate);

  while (f->n_finished_signals < 1)
    {
      if (g_get_monotonic_time () > deadline)
        {
          /* Blocked in open(): a writer lets it go, then the test fails. */
          int w = open (path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);

          if (w >= 0)
            close (w);
          g_assert_not_reached ();
        }
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_SKIPPED);
  g_assert_true (g_error_matches (fw_job_get_error (job), FW_ENGINE_ERROR, FW_ENGINE_ERROR_SKIPPED));
  g_assert_nonnull (strstr (error_message (job), "not a regular file"));
}

/* With auto-start off, a row that failed as it was added counts in the
 * run that Start begins. */
static void
test_held_failed_counted (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *good = g_build_filename (f->dir, "good.bin", NULL);
  g_autofree char *gone = g_build_filename (f->dir, "gone.bin", NULL);
  GFile *files[2];
  FwBatchProgress p;

  g_bytes_unref (fw_test_write_random (f->dir, "good.bin", 1000, 1));
  files[0] = g_file_new_for_path (good);
  files[1] = g_file_new_for_path (gone);
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  fw_batch_set_auto_start (f->batch, FALSE);
  fw_batch_add_files (f->batch, files, 2, FW_BATCH_MODE_HASH);
  while (fw_batch_get_scanning (f->batch) || g_list_model_get_n_items (fw_batch_get_jobs (f->batch)) < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fw_batch_get_n_waiting (f->batch), ==, 1);

  fw_batch_start (f->batch);
  wait_finished (f, 1);
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_total, ==, 2);
  g_assert_cmpuint (p.n_finished, ==, 2);
  g_assert_cmpuint (p.n_failed, ==, 1);
  g_object_unref (files[0]);
  g_object_unref (files[1]);
}

/* Between runs the counts describe the last run's rows: removing some
 * of them counts again. */
static void
test_remove_recounts (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *gone = g_build_filename (f->dir, "gone.bin", NULL);
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();
  GFile *files[3];
  FwBatchProgress p;

  g_bytes_unref (fw_test_write_random (f->dir, "a.bin", 1000, 1));
  g_bytes_unref (fw_test_write_random (f->dir, "b.bin", 3000, 2));
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_build_filename (f->dir, i == 0 ? "a.bin" : "b.bin", NULL);

      files[i] = g_file_new_for_path (path);
    }
  files[2] = g_file_new_for_path (gone);
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  fw_batch_add_files (f->batch, files, 3, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_total, ==, 3);
  g_assert_cmpuint (p.n_failed, ==, 1);
  g_assert_cmpuint (p.bytes_total, ==, 4000);

  g_ptr_array_add (doomed, find_job (f->batch, "gone.bin"));
  g_ptr_array_add (doomed, find_job (f->batch, "b.bin"));
  fw_batch_remove (f->batch, doomed);
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_total, ==, 1);
  g_assert_cmpuint (p.n_finished, ==, 1);
  g_assert_cmpuint (p.n_failed, ==, 0);
  g_assert_cmpuint (p.bytes_total, ==, 1000);
  g_assert_cmpuint (p.bytes_done, ==, 1000);
  for (guint i = 0; i < 3; i++)
    g_object_unref (files[i]);
}

/* Counts of every row ------------------------------------------------------ */

/* The batch's counts of every row, the nonzero ones: "rows=4 ok=1 …". */
static char *
counts_text (FwBatch *batch)
{
  static const char * const names[FW_JOB_N_STATUSES] = {
    "queued", "running", "done", "ok", "changed", "missing", "failed", "skipped", "cancelled",
    "moved", "new",
  };
  FwBatchCounts c;
  GString *s = g_string_new (NULL);

  fw_batch_get_counts (batch, &c);
  g_string_append_printf (s, "rows=%u", c.n_rows);
  if (c.n_folders > 0)
    g_string_append_printf (s, " folders=%u", c.n_folders);
  for (guint i = 0; i < FW_JOB_N_STATUSES; i++)
    if (c.n_status[i] > 0)
      g_string_append_printf (s, " %s=%u", names[i], c.n_status[i]);
  return g_string_free (s, FALSE);
}

#define assert_counts(f, expected) \
  G_STMT_START { \
    g_autofree char *counts__ = counts_text ((f)->batch); \
    g_assert_cmpstr (counts__, ==, (expected)); \
  } G_STMT_END

/* The counts cover every row of the list, whichever run it was part of,
 * waiting for Start included, and follow removing and clearing. A FIFO
 * (listed in a checksum file, or dropped) is skipped, not failed; a
 * missing file is missing. */
static void
test_counts_every_row (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GBytes) good = fw_test_write_random (f->dir, "good.bin", 3000, 3);
  g_autoptr(GBytes) bad = fw_test_write_random (f->dir, "bad.bin", 2000, 4);
  g_autofree char *good_hex = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, good);
  g_autofree char *fifo = g_build_filename (f->dir, "pipe", NULL);
  g_autofree char *sums = g_build_filename (f->dir, "SHA256SUMS", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();
  GFile *files[3];
  FwBatchProgress p;

  g_assert_no_errno (mkfifo (fifo, 0600));
  text = g_strdup_printf ("%s  good.bin\n%s  bad.bin\n%s  gone.bin\n%s  pipe\n",
                          good_hex, good_hex, good_hex, good_hex);
  g_assert_true (g_file_set_contents (sums, text, -1, NULL));
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  assert_counts (f, "rows=0");

  add_path (f, sums, FW_BATCH_MODE_VERIFY);
  wait_finished (f, 1);
  assert_counts (f, "rows=4 ok=1 changed=1 missing=1 skipped=1");
  g_assert_cmpint (fw_job_get_status (find_job (f->batch, "gone.bin")), ==, FW_JOB_STATUS_MISSING);
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_failed, ==, 0);

  /* Two files and a FIFO, waiting for Start: counted as rows already. */
  fw_batch_set_auto_start (f->batch, FALSE);
  write_files (f->dir, "h-", 2, 500);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("h-%u", i);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      files[i] = g_file_new_for_path (path);
    }
  files[2] = g_file_new_for_path (fifo);
  fw_batch_add_files (f->batch, files, 3, FW_BATCH_MODE_HASH);
  while (fw_batch_get_scanning (f->batch))
    g_main_context_iteration (NULL, TRUE);
  assert_counts (f, "rows=7 queued=2 ok=1 changed=1 missing=1 skipped=2");
  /* The last run's progress still describes that run alone. */
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_total, ==, 4);

  fw_batch_start (f->batch);
  wait_finished (f, 2);
  assert_counts (f, "rows=7 done=2 ok=1 changed=1 missing=1 skipped=2");

  g_ptr_array_add (doomed, find_job (f->batch, "good.bin"));
  g_ptr_array_add (doomed, find_job (f->batch, "h-0"));
  fw_batch_remove (f->batch, doomed);
  assert_counts (f, "rows=5 done=1 changed=1 missing=1 skipped=2");

  /* The missing file appears: Run Again makes it a mismatch. */
  g_bytes_unref (fw_test_write_random (f->dir, "gone.bin", 10, 5));
  g_assert_cmpuint (fw_batch_run_again (f->batch), ==, 1);
  assert_counts (f, "rows=5 queued=1 done=1 changed=1 skipped=2");
  wait_finished (f, 3);
  assert_counts (f, "rows=5 done=1 changed=2 skipped=2");

  fw_batch_clear (f->batch);
  assert_counts (f, "rows=0");
  for (guint i = 0; i < 3; i++)
    g_object_unref (files[i]);
}

/* A running row counts as running; the rows a Clear takes away while they
 * run are not counted when they end; size rows of folders are counted as
 * folders. */
static void
test_counts_running_cleared (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (f->dir, "sub", NULL);

  write_files (f->dir, "endless-", 1, 10);
  write_files (f->dir, "s-", 3, 100);
  install_hooks ();
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  add_path (f, f->dir, FW_BATCH_MODE_HASH);
  while (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)) < 4 ||
         fw_job_get_state (find_job (f->batch, "endless-0")) != FW_JOB_RUNNING ||
         !fw_job_is_finished (find_job (f->batch, "s-2")))
    g_main_context_iteration (NULL, TRUE);
  assert_counts (f, "rows=4 running=1 done=3");

  fw_batch_clear (f->batch);
  assert_counts (f, "rows=0");
  wait_finished (f, 1);
  assert_counts (f, "rows=0");

  g_assert_no_errno (g_mkdir (sub, 0700));
  add_path (f, sub, FW_BATCH_MODE_SIZE);
  wait_finished (f, 2);
  assert_counts (f, "rows=1 folders=1 done=1");
}

/* Undo of Remove and Clear (fw_batch_restore()): the same rows come back
 * where they were, with their results; counts and Run Again as before. */
static char *
restore_names (FwBatch *batch)
{
  return list_names (fw_batch_get_jobs (batch));
}

/* Every row, and its index. */
static GPtrArray *
restore_jobs (FwBatch *batch,
           GArray  *positions)
{
  GListModel *model = fw_batch_get_jobs (batch);
  GPtrArray *jobs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_ptr_array_add (jobs, g_list_model_get_item (model, i));
      g_array_append_val (positions, i);
    }
  return jobs;
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GArray) all_at = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *counts0 = NULL;
  g_autofree char *counts = NULL;
  guint doomed_at[2];
  GFile *files[4];
  FwBatchProgress p0, p;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("r%u.bin", i);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_bytes_unref (fw_test_write_random (f->dir, name, 1000 * (i + 1), i));
      files[i] = g_file_new_for_path (path);
    }
  {
    g_autofree char *gone = g_build_filename (f->dir, "gone.bin", NULL);

    files[3] = g_file_new_for_path (gone);
  }
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  fw_batch_add_files (f->batch, files, 4, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  while (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)) < 4)
    g_main_context_iteration (NULL, TRUE);
  before = restore_names (f->batch);
  fw_batch_get_progress (f->batch, &p0);
  g_assert_cmpuint (p0.n_total, ==, 4);
  g_assert_cmpuint (p0.n_failed, ==, 1);
  digest = g_strdup (fw_job_get_digest (find_job (f->batch, "r1.bin"), FW_ALGORITHM_SHA256));
  g_assert_nonnull (digest);
  counts0 = counts_text (f->batch);
  g_assert_cmpstr (counts0, ==, "rows=4 done=3 failed=1");

  /* Remove two rows (the failed one among them), then Undo. */
  g_ptr_array_add (doomed, g_object_ref (find_job (f->batch, "r1.bin")));
  g_ptr_array_add (doomed, g_object_ref (find_job (f->batch, "gone.bin")));
  g_assert_true (fw_job_list_find (FW_JOB_LIST (fw_batch_get_jobs (f->batch)), doomed->pdata[0], &doomed_at[0]));
  g_assert_true (fw_job_list_find (FW_JOB_LIST (fw_batch_get_jobs (f->batch)), doomed->pdata[1], &doomed_at[1]));
  fw_batch_remove (f->batch, doomed);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 2);
  g_assert_false (fw_batch_can_run_again (f->batch));
  counts = counts_text (f->batch);
  g_assert_cmpstr (counts, ==, "rows=2 done=2");
  g_clear_pointer (&counts, g_free);
  g_assert_cmpuint (fw_batch_restore (f->batch, doomed, doomed_at), ==, 2);
  counts = counts_text (f->batch);
  g_assert_cmpstr (counts, ==, counts0);
  g_clear_pointer (&counts, g_free);
  after = restore_names (f->batch);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (fw_job_get_digest (find_job (f->batch, "r1.bin"), FW_ALGORITHM_SHA256), ==, digest);
  g_assert_cmpint (fw_job_get_state (find_job (f->batch, "gone.bin")), ==, FW_JOB_FAILED);
  g_assert_nonnull (fw_job_get_error (find_job (f->batch, "gone.bin")));
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_total, ==, p0.n_total);
  g_assert_cmpuint (p.n_failed, ==, p0.n_failed);
  g_assert_cmpuint (p.bytes_total, ==, p0.bytes_total);
  g_assert_true (fw_batch_can_run_again (f->batch));
  /* In the list already: nothing comes twice. */
  g_assert_cmpuint (fw_batch_restore (f->batch, doomed, doomed_at), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 4);

  /* Clear List, then Undo: every row, in its place, counted again. */
  all = restore_jobs (f->batch, all_at);
  fw_batch_clear (f->batch);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 0);
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_total, ==, 0);
  g_assert_cmpuint (fw_batch_restore (f->batch, all, (const guint *) all_at->data), ==, 4);
  counts = counts_text (f->batch);
  g_assert_cmpstr (counts, ==, counts0);
  g_free (after);
  after = restore_names (f->batch);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (fw_job_get_digest (find_job (f->batch, "r1.bin"), FW_ALGORITHM_SHA256), ==, digest);
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_total, ==, p0.n_total);
  g_assert_cmpuint (p.n_failed, ==, p0.n_failed);
  g_assert_cmpuint (p.bytes_done, ==, p0.bytes_done);
  g_assert_true (fw_batch_can_run_again (f->batch));
  for (guint i = 0; i < 4; i++)
    g_object_unref (files[i]);
}

/* A row removed while it runs is being stopped: it does not come back
 * (its worker still has it); once it has ended, Cancelled, it may. */
static void
test_restore_running (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  guint at = 0;

  write_files (f->dir, "endless-", 1, 10);
  install_hooks ();
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  add_path (f, f->dir, FW_BATCH_MODE_HASH);
  /* Running as the main thread sees it (a tick after the worker began). */
  while (find_job (f->batch, "endless-0") == NULL ||
         fw_job_get_bytes_done (find_job (f->batch, "endless-0")) == 0 ||
         fw_job_get_state (find_job (f->batch, "endless-0")) != FW_JOB_RUNNING)
    g_main_context_iteration (NULL, TRUE);
  g_ptr_array_add (one, find_job (f->batch, "endless-0"));
  g_object_ref (one->pdata[0]);
  g_ptr_array_set_free_func (one, g_object_unref);
  fw_batch_remove (f->batch, one);
  g_assert_cmpint (fw_job_get_state (one->pdata[0]), ==, FW_JOB_RUNNING);
  g_assert_cmpuint (fw_batch_restore (f->batch, one, &at), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 0);
  wait_finished (f, 1);
  g_assert_cmpint (fw_job_get_state (one->pdata[0]), ==, FW_JOB_CANCELLED);
  g_assert_cmpuint (fw_batch_restore (f->batch, one, &at), ==, 1);
  g_assert_true (find_job (f->batch, "endless-0") == one->pdata[0]);
  g_assert_true (fw_batch_can_run_again (f->batch));
}

/* Clear List while a run goes on, Undo once it has stopped: the rows come
 * back counted, the one that was running Cancelled. */
static void
test_restore_after_clear_while_running (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GArray) at = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) all = NULL;
  FwBatchProgress p;

  write_files (f->dir, "endless-", 1, 10);
  write_files (f->dir, "s-", 3, 100);
  install_hooks ();
  g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
  add_path (f, f->dir, FW_BATCH_MODE_HASH);
  while (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)) < 4 ||
         fw_job_get_bytes_done (find_job (f->batch, "endless-0")) == 0 ||
         fw_job_get_state (find_job (f->batch, "s-2")) != FW_JOB_DONE)
    g_main_context_iteration (NULL, TRUE);

  all = restore_jobs (f->batch, at);
  fw_batch_clear (f->batch);
  wait_finished (f, 1);
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_total, ==, 0);
  g_assert_cmpuint (fw_batch_restore (f->batch, all, (const guint *) at->data), ==, 4);
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_total, ==, 4);
  g_assert_cmpuint (p.n_finished, ==, 4);
  g_assert_cmpuint (p.n_cancelled, ==, 1);
  g_assert_cmpint (fw_job_get_state (find_job (f->batch, "endless-0")), ==, FW_JOB_CANCELLED);
  /* The counts of every row take them in again too. */
  assert_counts (f, "rows=4 done=3 cancelled=1");
  g_assert_true (fw_batch_can_run_again (f->batch));
}

/* What GLib's default writer shows (G_MESSAGES_DEBUG decides), always on
 * stderr: GLib 2.74 writes debug messages to stdout, newer ones to stderr. */
static GLogWriterOutput
log_to_stderr (GLogLevelFlags   level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  const char *domain = NULL;
  g_autofree char *line = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
      domain = fields[i].value;
  if (g_log_writer_default_would_drop (level, domain))
    return G_LOG_WRITER_HANDLED;
  line = g_log_writer_format_fields (level, fields, n_fields, FALSE);
  fprintf (stderr, "%s\n", line);
  return G_LOG_WRITER_HANDLED;
}

/* A log domain per library (issue 18): G_MESSAGES_DEBUG with the
 * engine's domain shows a tick that ran long (here every tick, with the
 * threshold at 0), in a child process that runs one small batch. */
static void
test_log_domain (Fixture       *f,
                 gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_log_set_writer_func (log_to_stderr, NULL, NULL);
      fw_batch_set_long_tick_us (0);
      write_files (f->dir, "f", 3, 1000);
      g_signal_connect (f->batch, "finished", G_CALLBACK (finished_cb), f);
      add_path (f, f->dir, FW_BATCH_MODE_HASH);
      wait_finished (f, 1);
      return;
    }
  /* In the child's environment from its start: newer GLibs read
   * G_MESSAGES_DEBUG once, before a test could set it. */
  g_setenv ("G_MESSAGES_DEBUG", "fileworks-engine", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("G_MESSAGES_DEBUG");
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*fileworks-engine-DEBUG*tick: *ms*");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* The default worker priority is under test. */
  g_unsetenv ("FW_WORKER_NICE");

  g_test_add ("/batch/hash-folder", Fixture, NULL, fixture_setup, test_hash_folder, fixture_teardown);
  g_test_add ("/batch/log-domain", Fixture, NULL, fixture_setup, test_log_domain, fixture_teardown);
  g_test_add ("/batch/chunks", Fixture, NULL, fixture_setup, test_chunks, fixture_teardown);
  g_test_add ("/batch/tick-brought-forward", Fixture, NULL, fixture_setup, test_tick_brought_forward, fixture_teardown);
  g_test_add ("/batch/no-duplicates", Fixture, NULL, fixture_setup, test_no_duplicates, fixture_teardown);
  g_test_add ("/batch/cancel-keeps-finished", Fixture, NULL, fixture_setup, test_cancel_keeps_finished, fixture_teardown);
  g_test_add ("/batch/cancel-in-chunk", Fixture, NULL, fixture_setup, test_cancel_in_chunk, fixture_teardown);
  g_test_add ("/batch/cancel-one", Fixture, NULL, fixture_setup, test_cancel_one, fixture_teardown);
  g_test_add ("/batch/run-again", Fixture, NULL, fixture_setup, test_run_again, fixture_teardown);
  g_test_add ("/batch/size", Fixture, NULL, fixture_setup, test_size, fixture_teardown);
  g_test_add ("/batch/verify", Fixture, NULL, fixture_setup, test_verify, fixture_teardown);
  g_test_add ("/batch/verify-bad-entries", Fixture, NULL, fixture_setup, test_verify_bad_entries, fixture_teardown);
  g_test_add ("/batch/pause-holds-running", Fixture, NULL, fixture_setup, test_pause_holds_running, fixture_teardown);
  g_test_add ("/batch/cancel-keeps-untaken", Fixture, NULL, fixture_setup, test_cancel_keeps_untaken, fixture_teardown);
  g_test_add ("/batch/cancel-keeps-dropped", Fixture, NULL, fixture_setup, test_cancel_keeps_dropped, fixture_teardown);
  g_test_add ("/batch/cancel-waiting-many", Fixture, NULL, fixture_setup, test_cancel_waiting_many, fixture_teardown);
  g_test_add ("/batch/run-again-missing", Fixture, NULL, fixture_setup, test_run_again_missing, fixture_teardown);
  g_test_add ("/batch/run-again-removed-running", Fixture, NULL, fixture_setup, test_run_again_removed_running, fixture_teardown);
  g_test_add ("/batch/run-again-path-held", Fixture, NULL, fixture_setup, test_run_again_path_held, fixture_teardown);
  g_test_add ("/batch/add-jobs-notifies", Fixture, NULL, fixture_setup, test_add_jobs_notifies, fixture_teardown);
  g_test_add ("/batch/toplevel-swapped-for-fifo", Fixture, NULL, fixture_setup, test_toplevel_swapped_for_fifo, fixture_teardown);
  g_test_add ("/batch/job-list", Fixture, NULL, fixture_setup, test_job_list, fixture_teardown);
  g_test_add ("/batch/scanning-notified", Fixture, NULL, fixture_setup, test_scanning_notified, fixture_teardown);
  g_test_add ("/batch/run-again-candidates", Fixture, NULL, fixture_setup, test_run_again_candidates, fixture_teardown);
  g_test_add ("/batch/size-dangling-link", Fixture, NULL, fixture_setup, test_size_dangling_link, fixture_teardown);
  g_test_add ("/batch/clear-while-running", Fixture, NULL, fixture_setup, test_clear_while_running, fixture_teardown);
  g_test_add ("/batch/held-failed-counted", Fixture, NULL, fixture_setup, test_held_failed_counted, fixture_teardown);
  g_test_add ("/batch/remove-recounts", Fixture, NULL, fixture_setup, test_remove_recounts, fixture_teardown);
  g_test_add ("/batch/counts-every-row", Fixture, NULL, fixture_setup, test_counts_every_row, fixture_teardown);
  g_test_add ("/batch/counts-running-cleared", Fixture, NULL, fixture_setup, test_counts_running_cleared, fixture_teardown);
  g_test_add ("/batch/restore", Fixture, NULL, fixture_setup, test_restore, fixture_teardown);
  g_test_add ("/batch/restore-running", Fixture, NULL, fixture_setup, test_restore_running, fixture_teardown);
  g_test_add ("/batch/restore-after-clear-while-running", Fixture, NULL, fixture_setup, test_restore_after_clear_while_running, fixture_teardown);
  g_test_add ("/batch/odd-items", Fixture, NULL, fixture_setup, test_odd_items, fixture_teardown);
  g_test_add ("/batch/job-digests", Fixture, NULL, fixture_setup, test_job_digests, fixture_teardown);
  g_test_add ("/batch/worker-priority", Fixture, NULL, fixture_setup, test_worker_priority, fixture_teardown);

  return g_test_run ();
}
