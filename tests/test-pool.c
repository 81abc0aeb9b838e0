/* test-pool.c — FwPool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No test waits a fixed time for something to happen: jobs that must be
 * held block on a Gate the test opens, and the test waits on conditions
 * the jobs signal.
 */
#include "config.h"

#include <dirent.h>
#include <string.h>

#include "fw-pool.h"
#include "fw-test-gate.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

/* The gate (tests/fw-test-gate.h), by the names these tests use. */
typedef FwTestGate Gate;

#define gate_init fw_test_gate_init
#define gate_clear fw_test_gate_clear
#define gate_open fw_test_gate_open
#define gate_close fw_test_gate_close
#define gate_wait_running fw_test_gate_wait_running

/* A job that blocks at the gate until it opens. */
static gpointer
gated_job (gpointer       item,
           GCancellable  *cancellable,
           gpointer       user_data,
           GError       **error)
{
  fw_test_gate_pass (user_data);
  return item;
}

static gint spin_sink;   /* written by every worker: atomically */

static void
spin (guint iterations)
{
  guint x = 0;

  for (guint i = 0; i < iterations; i++)
    x += i;
  g_atomic_int_set (&spin_sink, (gint) x);
}

static gpointer
square_job (gpointer       item,
            GCancellable  *cancellable,
            gpointer       user_data,
            GError       **error)
{
  guint n = GPOINTER_TO_UINT (item);

  /* Items of random duration, so that they finish out of order. */
  spin (g_random_int_range (0, 20000));
  return GUINT_TO_POINTER (n * n + 1);
}

static GMainContext *
push_new_context (void)
{
  GMainContext *context = g_main_context_new ();

  g_main_context_push_thread_default (context);
  return context;
}

static void
pop_context (GMainContext *context)
{
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
}

static void
iterate_until (GMainContext *context,
               gboolean     *flag)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  while (!*flag && g_get_monotonic_time () < deadline)
    g_main_context_iteration (context, TRUE);
  g_assert_true (*flag);
}

static GPtrArray *
uint_items (guint n)
{
  GPtrArray *items = g_ptr_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, GUINT_TO_POINTER (i));
  return items;
}

/* The pool of the call under test, for the _finish calls. */
static FwPool *any_pool;

typedef struct {
  gboolean   done;
  GPtrArray *results;
  GPtrArray *errors;
  GPtrArray *partial;
  GError    *error;
  GThread   *thread;
} ProcessResult;

static void
process_result_clear (ProcessResult *r)
{
  g_clear_pointer (&r->results, g_ptr_array_unref);
  g_clear_pointer (&r->errors, g_ptr_array_unref);
  g_clear_pointer (&r->partial, g_ptr_array_unref);
  g_clear_error (&r->error);
}

static void
process_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ProcessResult *r = user_data;

  g_assert_null (source);
  r->thread = g_thread_self ();
  r->results = fw_pool_process_finish (any_pool, result, &r->errors, &r->partial, &r->error);
  r->done = TRUE;
}


static void
process_async_run (FwPool            *pool,
                   GPtrArray         *items,
                   FwPoolFunc         func,
                   gpointer           func_data,
                   GDestroyNotify     func_data_destroy,
                   FwPoolErrorPolicy  policy,
                   GCancellable      *cancellable,
                   ProcessResult     *r)
{
  GMainContext *context = g_main_context_ref_thread_default ();

  memset (r, 0, sizeof *r);
  any_pool = pool;
  fw_pool_process_async (pool, items, func, func_data, func_data_destroy, NULL, policy,
                         cancellable, process_done_cb, r);
  iterate_until (context, &r->done);
  g_main_context_unref (context);
}

/* ------------------------------------------------------------------ */
/* Ordered                                                              */

static void
test_order (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (4);
  g_autoptr(GPtrArray) items = uint_items (5000);
  ProcessResult r;

  process_async_run (pool, items, square_job, NULL, NULL, FW_POOL_COLLECT, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.results);
  g_assert_cmpuint (r.results->len, ==, 5000);
  g_assert_cmpuint (r.errors->len, ==, 5000);
  for (guint i = 0; i < 5000; i++)
    {
      g_assert_cmpuint (GPOINTER_TO_UINT (r.results->pdata[i]), ==, i * i + 1);
      g_assert_null (r.errors->pdata[i]);
    }
  process_result_clear (&r);
}

static void
test_order_sync (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (2);
  g_autoptr(GPtrArray) items = uint_items (3000);
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) partial = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;

  results = fw_pool_process (pool, items, square_job, NULL, NULL, NULL, FW_POOL_FAIL_FAST,
                             NULL, &errors, &partial, &error);
  g_assert_no_error (error);
  g_assert_null (partial);
  for (guint i = 0; i < 3000; i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (results->pdata[i]), ==, i * i + 1);
}

static void
test_zero_items (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (2);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  ProcessResult r;

  process_async_run (pool, items, square_job, NULL, NULL, FW_POOL_FAIL_FAST, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.results);
  g_assert_cmpuint (r.results->len, ==, 0);
  process_result_clear (&r);
}

static void
test_one_worker (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (1);
  g_autoptr(GPtrArray) items = uint_items (200);
  Gate gate;
  ProcessResult r;

  gate_init (&gate);
  gate_open (&gate);
  process_async_run (pool, items, gated_job, &gate, NULL, FW_POOL_COLLECT, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (gate.finished, ==, 200);
  g_assert_cmpuint (gate.max_running, ==, 1);
  for (guint i = 0; i < 200; i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (r.results->pdata[i]), ==, i);
  process_result_clear (&r);
  gate_clear (&gate);
}

static void
test_more_workers_than_items (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (16);
  g_autoptr(GPtrArray) items = uint_items (3);
  Gate gate;
  ProcessResult r;

  gate_init (&gate);
  memset (&r, 0, sizeof r);
  any_pool = pool;
  fw_pool_process_async (pool, items, gated_job, &gate, NULL, NULL, FW_POOL_COLLECT,
                         NULL, process_done_cb, &r);
  /* All three run at once: there are workers enough. */
  gate_wait_running (&gate, 3);
  gate_open (&gate);
  iterate_until (NULL, &r.done);
  g_assert_no_error (r.error);
  g_assert_cmpuint (r.results->len, ==, 3);
  process_result_clear (&r);
  gate_clear (&gate);
}

/* ------------------------------------------------------------------ */
/* Errors                                                               */

typedef struct {
  guint fail_every;   /* items i with i % fail_every == fail_at fail */
  guint fail_at;
  gint  ran;
} FailData;

static gpointer
failing_job (gpointer       item,
             GCancellable  *cancellable,
             gpointer       user_data,
             GError       **error)
{
  FailData *data = user_data;
  guint n = GPOINTER_TO_UINT (item);

  g_atomic_int_inc (&data->ran);
  if (n % data->fail_every == data->fail_at)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "item %u is bad", n);
      return NULL;
    }
  return GUINT_TO_POINTER (n + 100);
}

static void
test_fail_fast (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (1);
  g_autoptr(GPtrArray) items = uint_items (2000);
  FailData data = { 2000, 10, 0 };
  ProcessResult r;
  guint n_done = 0;

  process_async_run (pool, items, failing_job, &data, NULL, FW_POOL_FAIL_FAST, NULL, &r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (r.error->message, ==, "item 10 is bad");
  g_assert_null (r.results);
  /* With one worker the first error stops the rest: far fewer ran. */
  g_assert_cmpint (g_atomic_int_get (&data.ran), <, 2000);
  g_assert_nonnull (r.partial);
  g_assert_cmpuint (r.partial->len, ==, 2000);
  for (guint i = 0; i < 2000; i++)
    {
      GError *e = r.errors->pdata[i];

      if (i < 10)
        {
          g_assert_null (e);
          g_assert_cmpuint (GPOINTER_TO_UINT (r.partial->pdata[i]), ==, i + 100);
          n_done++;
        }
      else if (i == 10)
        g_assert_error (e, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      else if (e == NULL)
        {
          /* Finished before the cancel reached it: a real result. */
          g_assert_cmpuint (GPOINTER_TO_UINT (r.partial->pdata[i]), ==, i + 100);
          n_done++;
        }
      else
        {
          /* Unfinished: told apart from a NULL result by its error. */
          g_assert_error (e, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_assert_null (r.partial->pdata[i]);
        }
    }
  g_assert_cmpuint (n_done + 1, ==, (guint) g_atomic_int_get (&data.ran));
  process_result_clear (&r);
}

static void
test_collect (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (3);
  g_autoptr(GPtrArray) items = uint_items (3000);
  FailData data = { 3, 1, 0 };
  ProcessResult r;
  FwPoolCounters before, after;

  fw_pool_get_counters (pool, &before);
  process_async_run (pool, items, failing_job, &data, NULL, FW_POOL_COLLECT, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_cmpint (data.ran, ==, 3000);
  for (guint i = 0; i < 3000; i++)
    {
      if (i % 3 == 1)
        {
          g_autofree char *msg = g_strdup_printf ("item %u is bad", i);
          g_assert_error ((GError *) r.errors->pdata[i], G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
          g_assert_cmpstr (((GError *) r.errors->pdata[i])->message, ==, msg);
          g_assert_null (r.results->pdata[i]);
        }
      else
        {
          g_assert_null (r.errors->pdata[i]);
          g_assert_cmpuint (GPOINTER_TO_UINT (r.results->pdata[i]), ==, i + 100);
        }
    }
  fw_pool_get_counters (pool, &after);
  g_assert_cmpuint (after.completed - before.completed, ==, 2000);
  g_assert_cmpuint (after.failed - before.failed, ==, 1000);
  g_assert_cmpuint (after.queued, ==, 0);
  g_assert_cmpuint (after.running, ==, 0);
  process_result_clear (&r);
}

/* ------------------------------------------------------------------ */
/* Cancel                                                               */

static gint destroyed_data;
static gint destroyed_results;

static void
count_data_destroy (gpointer data)
{
  g_atomic_int_inc (&destroyed_data);
}

static void
count_result_destroy (gpointer data)
{
  g_atomic_int_inc (&destroyed_results);
}

static void
test_cancel_before_start (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (2);
  g_autoptr(GPtrArray) items = uint_items (100);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  FailData data = { 1000, 999, 0 };
  ProcessResult r;

  g_cancellable_cancel (cancellable);
  destroyed_data = 0;
  process_async_run (pool, items, failing_job, &data, count_data_destroy, FW_POOL_COLLECT,
                     cancellable, &r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (data.ran, ==, 0);
  g_assert_cmpuint (r.partial->len, ==, 100);
  for (guint i = 0; i < 100; i++)
    g_assert_error ((GError *) r.errors->pdata[i], G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (destroyed_data, ==, 1);
  process_result_clear (&r);
}

static void
test_cancel_mid_run (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (2);
  g_autoptr(GPtrArray) items = uint_items (51);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Gate gate;
  ProcessResult r;
  FwPoolCounters counters;
  gboolean idle = FALSE;

  gate_init (&gate);
  memset (&r, 0, sizeof r);
  destroyed_data = 0;
  destroyed_results = 0;
  any_pool = pool;
  g_ptr_array_remove_index (items, 0);   /* items 1..50: no NULL results */
  fw_pool_process_async (pool, items, gated_job, &gate, count_data_destroy,
                         count_result_destroy, FW_POOL_COLLECT, cancellable,
                         process_done_cb, &r);
  gate_wait_running (&gate, 2);
  g_cancellable_cancel (cancellable);

  /* The call finishes promptly, while two items still run. */
  iterate_until (NULL, &r.done);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (gate.running, ==, 2);
  g_assert_cmpint (g_atomic_int_get (&destroyed_data), ==, 0);
  fw_pool_get_counters (pool, &counters);
  g_assert_cmpuint (counters.queued, ==, 0);
  g_assert_cmpuint (counters.running, ==, 2);

  /* The running items return: their late results are freed, not
   * delivered, and only then is the user data released. */
  gate_open (&gate);
  {
    gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;
    while (g_atomic_int_get (&destroyed_data) == 0 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    idle = g_atomic_int_get (&destroyed_data) == 1;
  }
  g_assert_true (idle);
  g_assert_cmpint (g_atomic_int_get (&destroyed_results), ==, 2);
  g_assert_cmpuint (gate.started, ==, 2);
  for (guint i = 0; i < 50; i++)
    g_assert_error ((GError *) r.errors->pdata[i], G_IO_ERROR, G_IO_ERROR_CANCELLED);
  process_result_clear (&r);
  gate_clear (&gate);
}

static void
test_cancel_after_finish (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (2);
  g_autoptr(GPtrArray) items = uint_items (100);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ProcessResult r;

  process_async_run (pool, items, square_job, NULL, NULL, FW_POOL_COLLECT, cancellable, &r);
  g_cancellable_cancel (cancellable);
  g_assert_no_error (r.error);
  g_assert_cmpuint (r.results->len, ==, 100);
  for (guint i = 0; i < 100; i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (r.results->pdata[i]), ==, i * i + 1);
  process_result_clear (&r);

  /* The pool is still fine for the next call, with the same cancellable
   * reset. */
  g_cancellable_reset (cancellable);
  process_async_run (pool, items, square_job, NULL, NULL, FW_POOL_COLLECT, cancellable, &r);
  g_assert_no_error (r.error);
  process_result_clear (&r);
}

static void
wait_idle_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *flag = user_data;

  g_assert_true (fw_pool_wait_idle_finish (FW_POOL (source), result, NULL));
  *flag = TRUE;
}

static void
test_wait_idle (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (2);
  g_autoptr(GPtrArray) items = uint_items (4);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Gate gate;
  ProcessResult r;
  gboolean idle = FALSE;

  gate_init (&gate);
  memset (&r, 0, sizeof r);
  any_pool = pool;
  fw_pool_process_async (pool, items, gated_job, &gate, NULL, NULL, FW_POOL_COLLECT,
                         cancellable, process_done_cb, &r);
  gate_wait_running (&gate, 2);
  g_cancellable_cancel (cancellable);
  fw_pool_wait_idle_async (pool, wait_idle_cb, &idle);
  iterate_until (NULL, &r.done);
  /* Not idle while the two items run, however long we look. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (idle);
  gate_open (&gate);
  iterate_until (NULL, &idle);
  g_assert_cmpuint (gate.running, ==, 0);
  process_result_clear (&r);
  gate_clear (&gate);
}

/* ------------------------------------------------------------------ */
/* Map                                                                  */

static gpointer
strlen_job (gpointer       item,
            GCancellable  *cancellable,
            gpointer       user_data,
            GError       **error)
{
  const char *s = item;

  if (g_str_has_prefix (s, "bad"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "bad value %s", s);
      return NULL;
    }
  return g_strdup_printf ("%zu:%s", strlen (s), s);
}

typedef struct {
  gboolean    done;
  GHashTable *results;
  GHashTable *errors;
  GHashTable *partial;
  GError     *error;
} MapResult;

static void
map_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  MapResult *r = user_data;

  r->results = fw_pool_process_map_finish (any_pool, result, &r->errors, &r->partial, &r->error);
  r->done = TRUE;
}

static void
test_map (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (3);
  g_autoptr(GHashTable) items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  MapResult r = { 0 };

  for (guint i = 0; i < 500; i++)
    g_hash_table_insert (items, g_strdup_printf ("key%u", i),
                         i % 50 == 7 ? g_strdup_printf ("bad%u", i) : g_strdup_printf ("value-%u", i));

  any_pool = pool;
  fw_pool_process_map_async (pool, items, g_str_hash, g_str_equal, (GBoxedCopyFunc) g_strdup, g_free,
                             strlen_job, NULL, NULL, g_free, FW_POOL_COLLECT, NULL, map_done_cb, &r);
  iterate_until (NULL, &r.done);
  g_assert_no_error (r.error);
  g_assert_null (r.partial);
  g_assert_cmpuint (g_hash_table_size (r.results), ==, 490);
  g_assert_cmpuint (g_hash_table_size (r.errors), ==, 10);
  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *key = g_strdup_printf ("key%u", i);

      if (i % 50 == 7)
        {
          g_autofree char *msg = g_strdup_printf ("bad value bad%u", i);
          GError *e = g_hash_table_lookup (r.errors, key);
          g_assert_error (e, G_IO_ERROR, G_IO_ERROR_FAILED);
          g_assert_cmpstr (e->message, ==, msg);
          g_assert_false (g_hash_table_contains (r.results, key));
        }
      else
        {
          g_autofree char *value = g_strdup_printf ("value-%u", i);
          g_autofree char *expect = g_strdup_printf ("%zu:%s", strlen (value), value);
          g_assert_cmpstr (g_hash_table_lookup (r.results, key), ==, expect);
        }
    }
  g_hash_table_unref (r.results);
  g_hash_table_unref (r.errors);

  /* Fail fast: the partial table holds only keys that finished. */
  memset (&r, 0, sizeof r);
  fw_pool_set_n_workers (pool, 1);
  fw_pool_process_map_async (pool, items, g_str_hash, g_str_equal, (GBoxedCopyFunc) g_strdup, g_free,
                             strlen_job, NULL, NULL, g_free, FW_POOL_FAIL_FAST, NULL, map_done_cb, &r);
  iterate_until (NULL, &r.done);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_null (r.results);
  g_assert_nonnull (r.partial);
  g_assert_cmpuint (g_hash_table_size (r.partial), <, 500);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, r.partial);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_assert_true (g_str_has_suffix (value, g_hash_table_lookup (items, key)));
  }
  g_hash_table_unref (r.partial);
  g_hash_table_unref (r.errors);
  g_clear_error (&r.error);
}

/* ------------------------------------------------------------------ */
/* Streams                                                              */

typedef struct {
  FwPoolStream *stream;
  gint          children_left;  /* items that spawn */
} TreeData;

/* An item n >= 1 pushes two children n-1 from inside the pool. */
static gpointer
tree_job (gpointer       item,
          GCancellable  *cancellable,
          gpointer       user_data,
          GError       **error)
{
  TreeData *data = user_data;
  guint depth = GPOINTER_TO_UINT (item);

  g_assert_true (fw_pool_is_worker_thread (fw_pool_stream_get_pool (data->stream)));
  if (depth > 0)
    {
      g_assert_true (fw_pool_stream_push (data->stream, GUINT_TO_POINTER (depth - 1)));
      g_assert_true (fw_pool_stream_push (data->stream, GUINT_TO_POINTER (depth - 1)));
    }
  /* The last item closes the stream: items with depth 0 count down. */
  if (depth == 0 && g_atomic_int_dec_and_test (&data->children_left))
    fw_pool_stream_close (data->stream);
  return GUINT_TO_POINTER (depth + 1);
}

typedef struct {
  guint     n_results;
  guint     n_batches;
  guint64   sum;
  gboolean  done;
  gboolean  stopped;
  GError   *error;
  GThread  *thread;
  gboolean  results_after_done;
  GHashTable *seqs;
} StreamState;

static void
stream_results_cb (FwPoolStream *stream,
                   GPtrArray    *batch,
                   StreamState  *state)
{
  g_assert_true (state->thread == g_thread_self ());
  if (state->done)
    state->results_after_done = TRUE;
  state->n_batches++;
  for (guint i = 0; i < batch->len; i++)
    {
      FwPoolResult *res = batch->pdata[i];

      state->n_results++;
      if (res->error == NULL)
        state->sum += GPOINTER_TO_UINT (res->result);
      if (state->seqs)
        {
          g_assert_false (g_hash_table_contains (state->seqs, &res->seq));
          g_hash_table_add (state->seqs, g_memdup2 (&res->seq, sizeof res->seq));
        }
    }
}

static void
stream_done_cb (FwPoolStream *stream,
                const GError *error,
                StreamState  *state)
{
  g_assert_true (state->thread == g_thread_self ());
  g_assert_false (state->done);
  state->done = TRUE;
  state->error = error ? g_error_copy (error) : NULL;
}

static void
stream_stopped_cb (FwPoolStream *stream,
                   StreamState  *state)
{
  g_assert_true (state->thread == g_thread_self ());
  g_assert_true (state->done);
  state->stopped = TRUE;
}

static void
stream_state_connect (FwPoolStream *stream,
                      StreamState  *state)
{
  memset (state, 0, sizeof *state);
  state->thread = g_thread_self ();
  state->seqs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_signal_connect (stream, "results", G_CALLBACK (stream_results_cb), state);
  g_signal_connect (stream, "done", G_CALLBACK (stream_done_cb), state);
  g_signal_connect (stream, "stopped", G_CALLBACK (stream_stopped_cb), state);
}

static void
stream_state_clear (StreamState *state)
{
  g_clear_error (&state->error);
  g_clear_pointer (&state->seqs, g_hash_table_unref);
}

static void
test_stream_inside_pushes (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (2);
  g_autoptr(FwPoolStream) stream = NULL;
  GMainContext *context = push_new_context ();
  TreeData data;
  StreamState state;
  const guint depth = 10;   /* 2^11 - 1 items */

  /* A tiny queue: inside pushes must go past it rather than deadlock. */
  fw_pool_set_queue_capacity (pool, 2);
  stream = fw_pool_stream_new (pool, tree_job, &data, NULL, NULL, NULL, FW_POOL_COLLECT,
                               FW_POOL_STREAM_NONE, NULL);
  fw_pool_stream_set_batch_interval (stream, 5);
  data.stream = stream;
  data.children_left = 1 << depth;
  stream_state_connect (stream, &state);
  g_assert_true (fw_pool_stream_push (stream, GUINT_TO_POINTER (depth)));
  iterate_until (context, &state.stopped);
  g_assert_no_error (state.error);
  g_assert_cmpuint (state.n_results, ==, (1u << (depth + 1)) - 1);
  stream_state_clear (&state);

  /* Closed from outside at once: jobs still push their children, and the
   * stream ends only when the whole tree is done. */
  g_clear_object (&stream);
  stream = fw_pool_stream_new (pool, tree_job, &data, NULL, NULL, NULL, FW_POOL_COLLECT,
                               FW_POOL_STREAM_NONE, NULL);
  fw_pool_stream_set_batch_interval (stream, 5);
  data.stream = stream;
  data.children_left = G_MAXINT;   /* no job closes it */
  stream_state_connect (stream, &state);
  g_assert_true (fw_pool_stream_push (stream, GUINT_TO_POINTER (depth)));
  fw_pool_stream_close (stream);
  g_assert_false (fw_pool_stream_push (stream, GUINT_TO_POINTER (0)));
  iterate_until (context, &state.stopped);
  g_assert_no_error (state.error);
  g_assert_false (state.results_after_done);
  g_assert_cmpuint (state.n_results, ==, (1u << (depth + 1)) - 1);
  /* Batched: far fewer deliveries than results. */
  g_assert_cmpuint (state.n_batches, <, state.n_results);
  g_assert_cmpuint (g_hash_table_size (state.seqs), ==, state.n_results);
  stream_state_clear (&state);
  pop_context (context);
}

typedef struct {
  FwPoolStream *stream;
  guint         first;
  guint         n;
} PusherData;

static gpointer
pusher_thread (gpointer data)
{
  PusherData *p = data;

  for (guint i = 0; i < p->n; i++)
    g_assert_true (fw_pool_stream_push (p->stream, GUINT_TO_POINTER (p->first + i)));
  return NULL;
}

static gpointer
identity_job (gpointer       item,
              GCancellable  *cancellable,
              gpointer       user_data,
              GError       **error)
{
  return item;
}

static void
test_stream_threads (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (2);
  g_autoptr(FwPoolStream) stream = NULL;
  GMainContext *context = push_new_context ();
  StreamState state;
  PusherData p[4];
  GThread *threads[4];
  guint64 expect = 0;

  fw_pool_set_queue_capacity (pool, 8);
  stream = fw_pool_stream_new (pool, identity_job, NULL, NULL, NULL, NULL, FW_POOL_COLLECT,
                               FW_POOL_STREAM_NONE, NULL);
  fw_pool_stream_set_batch_interval (stream, 1);
  stream_state_connect (stream, &state);
  for (guint t = 0; t < 4; t++)
    {
      p[t] = (PusherData) { stream, t * 10000, 2500 };
      for (guint i = 0; i < 2500; i++)
        expect += t * 10000 + i;
      threads[t] = g_thread_new ("pusher", pusher_thread, &p[t]);
    }
  for (guint t = 0; t < 4; t++)
    g_thread_join (threads[t]);
  fw_pool_stream_close (stream);
  iterate_until (context, &state.stopped);
  g_assert_no_error (state.error);
  g_assert_cmpuint (state.n_results, ==, 10000);
  g_assert_cmpuint (state.sum, ==, expect);
  stream_state_clear (&state);
  pop_context (context);
}

typedef struct {
  FwPoolStream *stream;
  guint         capacity;
  gint          max_queued;
} BackpressureData;

static gpointer
sampling_job (gpointer       item,
              GCancellable  *cancellable,
              gpointer       user_data,
              GError       **error)
{
  BackpressureData *data = user_data;
  FwPoolCounters counters;

  fw_pool_stream_get_counters (data->stream, &counters);
  if ((gint) counters.queued > g_atomic_int_get (&data->max_queued))
    g_atomic_int_set (&data->max_queued, (gint) counters.queued);
  spin (2000);
  return item;
}

static void
test_stream_backpressure (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (2);
  g_autoptr(FwPoolStream) stream = NULL;
  BackpressureData data = { NULL, 16, 0 };
  FwPoolCounters counters;
  guint accepted = 0;
  FwPoolResult *res;
  guint n = 0;

  fw_pool_set_queue_capacity (pool, data.capacity);
  stream = fw_pool_stream_new (pool, sampling_job, &data, NULL, NULL, NULL, FW_POOL_COLLECT,
                               FW_POOL_STREAM_PULL, NULL);
  data.stream = stream;

  /* Paused: try_push fills the queue to exactly its capacity, then refuses. */
  fw_pool_pause (pool);
  while (fw_pool_stream_try_push (stream, GUINT_TO_POINTER (accepted)))
    accepted++;
  g_assert_cmpuint (accepted, ==, data.capacity);
  fw_pool_stream_get_counters (stream, &counters);
  g_assert_cmpuint (counters.queued, ==, data.capacity);
  g_assert_cmpuint (counters.running, ==, 0);
  fw_pool_resume (pool);

  /* Blocking pushes from outside never take the queue past capacity. */
  for (guint i = accepted; i < 5000; i++)
    {
      g_assert_true (fw_pool_stream_push (stream, GUINT_TO_POINTER (i)));
      fw_pool_stream_get_counters (stream, &counters);
      g_assert_cmpuint (counters.queued, <=, data.capacity);
    }
  fw_pool_stream_close (stream);
  while ((res = fw_pool_stream_pop (stream, NULL)) != NULL)
    {
      g_assert_no_error (res->error);
      n++;
      fw_pool_result_free (res);
    }
  g_assert_cmpuint (n, ==, 5000);
  g_assert_cmpint (data.max_queued, <=, (gint) data.capacity);
  g_assert_true (fw_pool_stream_is_done (stream));
}

static void
test_stream_pull_order_and_seq (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (2);
  g_autoptr(FwPoolStream) stream = fw_pool_stream_new (pool, square_job, NULL, NULL, NULL, NULL,
                                                       FW_POOL_COLLECT, FW_POOL_STREAM_PULL, NULL);
  g_autoptr(GError) error = NULL;
  gboolean *seen = g_new0 (gboolean, 1000);
  FwPoolResult *res;
  guint n = 0;

  for (guint i = 0; i < 1000; i++)
    g_assert_true (fw_pool_stream_push (stream, GUINT_TO_POINTER (i)));
  fw_pool_stream_close (stream);
  while ((res = fw_pool_stream_pop (stream, &error)) != NULL)
    {
      guint i = GPOINTER_TO_UINT (res->item);
      g_assert_cmpuint (res->seq, ==, i);
      g_assert_cmpuint (GPOINTER_TO_UINT (res->result), ==, i * i + 1);
      g_assert_false (seen[i]);
      seen[i] = TRUE;
      n++;
      fw_pool_result_free (res);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1000);
  g_free (seen);
}

typedef struct {
  GMutex lock;
  GCond  cond;
  guint  n_calls;
} Drained;

static void
drained_cb (gpointer data)
{
  Drained *d = data;

  g_mutex_lock (&d->lock);
  d->n_calls++;
  g_cond_signal (&d->cond);
  g_mutex_unlock (&d->lock);
}

/* Waits for the drained callback's call number @n; fails after a minute
 * instead of hanging. */
static void
wait_drained (Drained *d,
              guint    n)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;
  gboolean timed_out = FALSE;

  g_mutex_lock (&d->lock);
  while (d->n_calls < n && !timed_out)
    timed_out = !g_cond_wait_until (&d->cond, &d->lock, deadline) && d->n_calls < n;
  g_mutex_unlock (&d->lock);
  g_assert_false (timed_out);
}

/* fw_pool_stream_set_drained_func(): called each time the workers run out
 * of items, once every result is there to pop — never before. */
static void
test_stream_drained (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (2);
  FwPoolStream *stream = fw_pool_stream_new (pool, square_job, NULL, NULL, NULL, NULL,
                                             FW_POOL_COLLECT, FW_POOL_STREAM_PULL, NULL);
  Drained d = { 0 };
  GQueue results = G_QUEUE_INIT;
  guint pushed = 0;

  g_mutex_init (&d.lock);
  g_cond_init (&d.cond);
  fw_pool_stream_set_drained_func (stream, drained_cb, &d, NULL);

  for (guint round = 1; round <= 3; round++)
    {
      guint n = round * 50;

      /* Pushed while paused: the workers cannot run dry half-way. */
      fw_pool_pause (pool);
      for (guint i = 0; i < n; i++)
        g_assert_true (fw_pool_stream_try_push (stream, GUINT_TO_POINTER (pushed++)));
      fw_pool_resume (pool);
      wait_drained (&d, round);
      g_assert_cmpuint (fw_pool_stream_pop_available (stream, &results), ==, n);
      g_queue_clear_full (&results, (GDestroyNotify) fw_pool_result_free);
    }
  g_assert_cmpuint (d.n_calls, ==, 3);

  fw_pool_stream_close (stream);
  g_assert_true (fw_pool_stream_is_done (stream));
  g_object_unref (stream);
  g_mutex_clear (&d.lock);
  g_cond_clear (&d.cond);
}

/* fw_pool_stream_pop_available(): never blocks, takes all there is in one
 * go, appends to what the queue holds already, and together with
 * fw_pool_stream_is_done() sees every result exactly once. */
static void
test_stream_pop_available (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (2);
  g_autoptr(FwPoolStream) stream = fw_pool_stream_new (pool, square_job, NULL, NULL, NULL, NULL,
                                                       FW_POOL_COLLECT, FW_POOL_STREAM_PULL, NULL);
  FwPoolResult sentinel = { 0 };
  GQueue results = G_QUEUE_INIT;
  gboolean *seen = g_new0 (gboolean, 1000);
  FwPoolResult *res;
  guint n_calls = 0;

  /* Paused, nothing has finished: it returns at once with nothing. */
  fw_pool_pause (pool);
  for (guint i = 0; i < 10; i++)
    g_assert_true (fw_pool_stream_try_push (stream, GUINT_TO_POINTER (i)));
  g_queue_push_tail (&results, &sentinel);
  g_assert_cmpuint (fw_pool_stream_pop_available (stream, &results), ==, 0);
  g_assert_cmpuint (results.length, ==, 1);
  g_assert_false (fw_pool_stream_is_done (stream));

  fw_pool_resume (pool);
  for (guint i = 10; i < 1000; i++)
    {
      g_assert_true (fw_pool_stream_push (stream, GUINT_TO_POINTER (i)));
      if (i % 100 == 0)
        fw_pool_stream_pop_available (stream, &results);
    }
  fw_pool_stream_close (stream);
  while (!fw_pool_stream_is_done (stream))
    {
      guint before = results.length;
      guint got = fw_pool_stream_pop_available (stream, &results);

      g_assert_cmpuint (results.length, ==, before + got);
      n_calls++;
      if (got == 0)
        g_thread_yield ();
    }
  /* Done means drained: nothing more comes. */
  g_assert_cmpuint (fw_pool_stream_pop_available (stream, &results), ==, 0);

  g_assert_true (g_queue_pop_head (&results) == &sentinel);
  g_assert_cmpuint (results.length, ==, 1000);
  while ((res = g_queue_pop_head (&results)) != NULL)
    {
      guint i = GPOINTER_TO_UINT (res->item);

      g_assert_cmpuint (res->seq, ==, i);
      g_assert_cmpuint (GPOINTER_TO_UINT (res->result), ==, i * i + 1);
      g_assert_false (seen[i]);
      seen[i] = TRUE;
      fw_pool_result_free (res);
    }
  /* The queue's links stay consistent after the splices. */
  g_assert_null (results.head);
  g_assert_null (results.tail);
  g_assert_cmpuint (n_calls, >=, 1);
  g_free (seen);
}

static void
test_stream_cancel (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (2);
  g_autoptr(FwPoolStream) stream = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GMainContext *context = push_new_context ();
  StreamState state;
  Gate gate;

  gate_init (&gate);
  destroyed_data = 0;
  destroyed_results = 0;
  stream = fw_pool_stream_new (pool, gated_job, &gate, count_data_destroy, NULL,
                               count_result_destroy, FW_POOL_COLLECT, FW_POOL_STREAM_NONE,
                               cancellable);
  stream_state_connect (stream, &state);
  for (guint i = 1; i <= 20; i++)
    g_assert_true (fw_pool_stream_push (stream, GUINT_TO_POINTER (i)));
  gate_wait_running (&gate, 2);
  g_cancellable_cancel (cancellable);

  /* "done" comes at once, while two items still run: no "stopped" yet. */
  iterate_until (context, &state.done);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (state.stopped);
  g_assert_cmpint (g_atomic_int_get (&destroyed_data), ==, 0);
  g_assert_false (fw_pool_stream_push (stream, GUINT_TO_POINTER (99)));

  gate_open (&gate);
  iterate_until (context, &state.stopped);
  g_assert_cmpuint (state.n_results, ==, 0);
  g_assert_false (state.results_after_done);
  g_assert_cmpint (g_atomic_int_get (&destroyed_results), ==, 2);
  g_assert_cmpint (g_atomic_int_get (&destroyed_data), ==, 1);
  g_assert_cmpuint (gate.started, ==, 2);
  stream_state_clear (&state);
  gate_clear (&gate);
  pop_context (context);
}

static void
test_stream_fail_fast (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (1);
  g_autoptr(FwPoolStream) stream = NULL;
  GMainContext *context = push_new_context ();
  FailData data = { 1000000, 5, 0 };
  StreamState state;

  fw_pool_pause (pool);
  stream = fw_pool_stream_new (pool, failing_job, &data, NULL, NULL, NULL, FW_POOL_FAIL_FAST,
                               FW_POOL_STREAM_NONE, NULL);
  stream_state_connect (stream, &state);
  for (guint i = 0; i < 200; i++)
    g_assert_true (fw_pool_stream_push (stream, GUINT_TO_POINTER (i)));
  fw_pool_stream_close (stream);
  fw_pool_resume (pool);
  iterate_until (context, &state.stopped);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpint (data.ran, <, 200);
  g_assert_false (state.results_after_done);
  stream_state_clear (&state);
  pop_context (context);
}

/* Every callback arrives in the caller's main context, on its thread. */
typedef struct {
  FwPool   *pool;
  gboolean  ok;
} ThreadTest;

static gpointer
callbacks_thread (gpointer user_data)
{
  ThreadTest *t = user_data;
  GMainContext *context = push_new_context ();
  g_autoptr(GPtrArray) items = uint_items (300);
  g_autoptr(FwPoolStream) stream = NULL;
  ProcessResult r;
  StreamState state;
  gboolean idle = FALSE;

  process_async_run (t->pool, items, square_job, NULL, NULL, FW_POOL_COLLECT, NULL, &r);
  g_assert_true (r.thread == g_thread_self ());
  process_result_clear (&r);

  stream = fw_pool_stream_new (t->pool, square_job, NULL, NULL, NULL, NULL, FW_POOL_COLLECT,
                               FW_POOL_STREAM_NONE, NULL);
  stream_state_connect (stream, &state);   /* handlers assert the thread */
  for (guint i = 0; i < 300; i++)
    fw_pool_stream_push (stream, GUINT_TO_POINTER (i));
  fw_pool_stream_close (stream);
  iterate_until (context, &state.stopped);
  g_assert_cmpuint (state.n_results, ==, 300);
  stream_state_clear (&state);

  fw_pool_wait_idle_async (t->pool, wait_idle_cb, &idle);
  iterate_until (context, &idle);

  pop_context (context);
  t->ok = TRUE;
  return NULL;
}

static void
test_callbacks_thread (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (2);
  ThreadTest t = { pool, FALSE };
  GThread *thread = g_thread_new ("caller", callbacks_thread, &t);

  g_thread_join (thread);
  g_assert_true (t.ok);
}

/* ------------------------------------------------------------------ */
/* Resize, pause                                                        */

static void
test_resize (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (1);
  g_autoptr(GPtrArray) items = uint_items (12);
  Gate gate;
  ProcessResult r;

  gate_init (&gate);
  memset (&r, 0, sizeof r);
  any_pool = pool;
  fw_pool_process_async (pool, items, gated_job, &gate, NULL, NULL, FW_POOL_COLLECT, NULL,
                         process_done_cb, &r);
  gate_wait_running (&gate, 1);

  /* Up: the new workers go to work at once. */
  fw_pool_set_n_workers (pool, 4);
  g_assert_cmpuint (fw_pool_get_n_workers (pool), ==, 4);
  gate_wait_running (&gate, 4);

  /* Down: the four running finish, then only two run at a time. */
  fw_pool_set_n_workers (pool, 2);
  g_mutex_lock (&gate.mutex);
  gate.max_running = 0;
  g_mutex_unlock (&gate.mutex);
  gate_open (&gate);
  iterate_until (NULL, &r.done);
  g_assert_no_error (r.error);
  g_assert_cmpuint (gate.finished, ==, 12);
  process_result_clear (&r);

  /* A fresh call on the shrunk pool: never more than two at once. */
  gate_close (&gate);
  gate.max_running = 0;
  gate.started = 0;
  memset (&r, 0, sizeof r);
  fw_pool_process_async (pool, items, gated_job, &gate, NULL, NULL, FW_POOL_COLLECT, NULL,
                         process_done_cb, &r);
  gate_wait_running (&gate, 2);
  gate_open (&gate);
  iterate_until (NULL, &r.done);
  g_assert_cmpuint (gate.max_running, ==, 2);
  process_result_clear (&r);
  gate_clear (&gate);
}

static void
test_pause_resume (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (2);
  g_autoptr(GPtrArray) items = uint_items (10);
  Gate gate;
  ProcessResult r;
  FwPoolCounters counters;

  gate_init (&gate);
  gate_open (&gate);
  memset (&r, 0, sizeof r);
  any_pool = pool;
  fw_pool_pause (pool);
  g_assert_true (fw_pool_get_paused (pool));
  fw_pool_process_async (pool, items, gated_job, &gate, NULL, NULL, FW_POOL_COLLECT, NULL,
                         process_done_cb, &r);
  /* Nothing starts while paused: the runner checks under the same lock
   * that queued the items, so no item can have slipped through. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  fw_pool_get_counters (pool, &counters);
  g_assert_cmpuint (counters.queued, ==, 10);
  g_assert_cmpuint (counters.running, ==, 0);
  g_assert_cmpuint (gate.started, ==, 0);
  g_assert_false (r.done);

  fw_pool_resume (pool);
  iterate_until (NULL, &r.done);
  g_assert_cmpuint (gate.finished, ==, 10);
  process_result_clear (&r);

  /* Pause mid-run: running items finish, no new one starts. */
  gate_close (&gate);
  gate.started = 0;
  gate.finished = 0;
  memset (&r, 0, sizeof r);
  fw_pool_process_async (pool, items, gated_job, &gate, NULL, NULL, FW_POOL_COLLECT, NULL,
                         process_done_cb, &r);
  gate_wait_running (&gate, 2);
  fw_pool_pause (pool);
  gate_open (&gate);
  gate_wait_running (&gate, 0);
  {
    gboolean idle = FALSE;
    /* Paused with items queued: the pool is not idle, but nothing runs. */
    fw_pool_get_counters (pool, &counters);
    g_assert_cmpuint (counters.queued, ==, 8);
    fw_pool_resume (pool);
    iterate_until (NULL, &r.done);
    fw_pool_wait_idle_async (pool, wait_idle_cb, &idle);
    iterate_until (NULL, &idle);
  }
  g_assert_cmpuint (gate.finished, ==, 10);
  process_result_clear (&r);
  gate_clear (&gate);
}

/* ------------------------------------------------------------------ */
/* Lifetimes                                                            */

static void
test_reuse (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (2);
  g_autoptr(GPtrArray) items = uint_items (20);

  for (guint round = 0; round < 1000; round++)
    {
      g_autoptr(GPtrArray) results = NULL;
      g_autoptr(GError) error = NULL;

      results = fw_pool_process (pool, items, square_job, NULL, NULL, NULL, FW_POOL_FAIL_FAST,
                                 NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (GPOINTER_TO_UINT (results->pdata[19]), ==, 19 * 19 + 1);
    }
}

static gpointer
cancellable_wait_job (gpointer       item,
                      GCancellable  *cancellable,
                      gpointer       user_data,
                      GError       **error)
{
  Gate *gate = user_data;

  g_mutex_lock (&gate->mutex);
  gate->started++;
  gate->running++;
  g_cond_broadcast (&gate->cond);
  g_mutex_unlock (&gate->mutex);

  /* Wait for the cancel the way file jobs do: check between steps. */
  while (!g_cancellable_is_cancelled (cancellable))
    g_thread_yield ();

  g_mutex_lock (&gate->mutex);
  gate->running--;
  g_mutex_unlock (&gate->mutex);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  return NULL;
}

static void
test_dispose_busy (void)
{
  FwPool *pool = fw_pool_new (2);
  g_autoptr(GPtrArray) items = uint_items (100);
  g_autoptr(FwPoolStream) stream = NULL;
  Gate gate;
  ProcessResult r;
  FwPoolResult *res;
  g_autoptr(GError) error = NULL;

  gate_init (&gate);
  memset (&r, 0, sizeof r);
  destroyed_data = 0;
  any_pool = pool;
  fw_pool_process_async (pool, items, cancellable_wait_job, &gate, count_data_destroy, NULL,
                         FW_POOL_COLLECT, NULL, process_done_cb, &r);
  stream = fw_pool_stream_new (pool, identity_job, NULL, NULL, NULL, NULL, FW_POOL_COLLECT,
                               FW_POOL_STREAM_PULL, NULL);
  gate_wait_running (&gate, 2);

  /* The stream holds a reference: dispose explicitly, as the last unref
   * of an application's pool would. */
  g_object_run_dispose (G_OBJECT (pool));
  /* Dispose waited for the running items. */
  g_assert_cmpuint (gate.running, ==, 0);
  g_assert_cmpint (g_atomic_int_get (&destroyed_data), ==, 1);
  iterate_until (NULL, &r.done);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (gate.started, ==, 2);

  /* The stream was cancelled with it and takes nothing new. */
  g_assert_false (fw_pool_stream_push (stream, GUINT_TO_POINTER (1)));
  res = fw_pool_stream_pop (stream, &error);
  g_assert_null (res);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  any_pool = NULL;
  g_clear_object (&stream);
  g_object_unref (pool);
  process_result_clear (&r);
  gate_clear (&gate);
}

/* ------------------------------------------------------------------ */
/* Streams: the end is not held back by the batch interval              */

/* Item 1 returns at once; any other waits for the cancel. */
static gpointer
first_quick_job (gpointer       item,
                 GCancellable  *cancellable,
                 gpointer       user_data,
                 GError       **error)
{
  if (GPOINTER_TO_UINT (item) == 1)
    return item;
  return cancellable_wait_job (item, cancellable, user_data, error);
}

/* A stream whose first batch was just delivered, so that its next batch
 * slot is a whole (long) batch interval away. */
static FwPoolStream *
stream_after_first_batch (FwPool       *pool,
                          GMainContext *context,
                          Gate         *gate,
                          StreamState  *state)
{
  FwPoolStream *stream = fw_pool_stream_new (pool, first_quick_job, gate, NULL, NULL, NULL,
                                             FW_POOL_COLLECT, FW_POOL_STREAM_NONE, NULL);

  fw_pool_stream_set_batch_interval (stream, 5000);
  stream_state_connect (stream, state);
  g_assert_true (fw_pool_stream_push (stream, GUINT_TO_POINTER (1)));
  while (state->n_results < 1)
    g_main_context_iteration (context, TRUE);
  return stream;
}

/* "done" and "stopped" come as soon as the stream ends, by a cancel or by
 * its last item, not at the next batch slot: with a 5 s interval, well
 * before it. */
static void
test_stream_end_at_once (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (1);
  GMainContext *context = push_new_context ();
  StreamState state;
  Gate gate;
  gint64 t0, elapsed;

  gate_init (&gate);

  /* Cancelled while an item runs. */
  {
    g_autoptr(FwPoolStream) stream = stream_after_first_batch (pool, context, &gate, &state);

    g_assert_true (fw_pool_stream_push (stream, GUINT_TO_POINTER (2)));
    gate_wait_running (&gate, 1);
    t0 = g_get_monotonic_time ();
    fw_pool_stream_cancel (stream);
    iterate_until (context, &state.done);
    elapsed = g_get_monotonic_time () - t0;
    g_test_message ("done %" G_GINT64_FORMAT " ms after the cancel", elapsed / 1000);
    g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpint (elapsed, <, 2 * G_TIME_SPAN_SECOND);
    iterate_until (context, &state.stopped);
    elapsed = g_get_monotonic_time () - t0;
    g_test_message ("stopped %" G_GINT64_FORMAT " ms after the cancel", elapsed / 1000);
    g_assert_cmpint (elapsed, <, 2 * G_TIME_SPAN_SECOND);
    stream_state_clear (&state);
  }

  /* Finished: the last item's result, then "done" and "stopped". */
  {
    g_autoptr(FwPoolStream) stream = stream_after_first_batch (pool, context, &gate, &state);

    t0 = g_get_monotonic_time ();
    g_assert_true (fw_pool_stream_push (stream, GUINT_TO_POINTER (1)));
    fw_pool_stream_close (stream);
    iterate_until (context, &state.stopped);
    elapsed = g_get_monotonic_time () - t0;
    g_test_message ("stopped %" G_GINT64_FORMAT " ms after the close", elapsed / 1000);
    g_assert_no_error (state.error);
    g_assert_cmpuint (state.n_results, ==, 2);
    g_assert_false (state.results_after_done);
    g_assert_cmpint (elapsed, <, 2 * G_TIME_SPAN_SECOND);
    stream_state_clear (&state);
  }

  gate_clear (&gate);
  pop_context (context);
}

/* ------------------------------------------------------------------ */
/* Groups                                                               */

typedef struct {
  guint64 *slot;
  guint    n;
} SumTask;

static void
sum_task (gpointer data)
{
  SumTask *t = data;
  guint64 s = 0;

  for (guint i = 0; i <= t->n; i++)
    s += i;
  *t->slot = s;
}

static gpointer
group_job (gpointer       item,
           GCancellable  *cancellable,
           gpointer       user_data,
           GError       **error)
{
  FwPool *pool = user_data;
  g_autoptr(FwPoolGroup) group = fw_pool_group_new (pool);
  guint64 slots[8];
  SumTask tasks[8];
  guint64 total = 0;

  for (guint i = 0; i < 8; i++)
    {
      tasks[i] = (SumTask) { &slots[i], 1000 * (i + 1) };
      fw_pool_group_add (group, sum_task, &tasks[i]);
    }
  fw_pool_group_wait (group);
  for (guint i = 0; i < 8; i++)
    total += slots[i];
  return GSIZE_TO_POINTER ((gsize) total);
}

static void
test_group (void)
{
  guint64 expect = 0;

  for (guint i = 0; i < 8; i++)
    {
      guint64 n = 1000 * (i + 1);
      expect += n * (n + 1) / 2;
    }

  /* Every worker runs a job that fans out and waits: with waiting jobs
   * running their own unstarted tasks, this never deadlocks, even with
   * one worker. */
  for (guint workers = 1; workers <= 3; workers++)
    {
      g_autoptr(FwPool) pool = fw_pool_new (workers);
      g_autoptr(GPtrArray) items = uint_items (64);
      g_autoptr(GPtrArray) results = NULL;
      g_autoptr(GError) error = NULL;

      results = fw_pool_process (pool, items, group_job, pool, NULL, NULL, FW_POOL_FAIL_FAST,
                                 NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < 64; i++)
        g_assert_cmpuint (GPOINTER_TO_SIZE (results->pdata[i]), ==, expect);
    }
}

typedef struct {
  GMutex   mutex;
  GCond    cond;
  GThread *ran_on;
} HelperTask;

static void
helper_task (gpointer data)
{
  HelperTask *t = data;

  g_mutex_lock (&t->mutex);
  t->ran_on = g_thread_self ();
  g_cond_broadcast (&t->cond);
  g_mutex_unlock (&t->mutex);
}

static gpointer
lone_group_job (gpointer       item,
                GCancellable  *cancellable,
                gpointer       user_data,
                GError       **error)
{
  FwPool *pool = user_data;
  g_autoptr(FwPoolGroup) group = fw_pool_group_new (pool);
  HelperTask t;
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
  gboolean other_thread;

  g_mutex_init (&t.mutex);
  g_cond_init (&t.cond);
  t.ran_on = NULL;
  fw_pool_group_add (group, helper_task, &t);
  /* The idle worker must pick the task up while this job is busy; the
   * deadline is only a safety net (the wait below would run it here). */
  g_mutex_lock (&t.mutex);
  while (t.ran_on == NULL)
    if (!g_cond_wait_until (&t.cond, &t.mutex, deadline))
      break;
  g_mutex_unlock (&t.mutex);
  fw_pool_group_wait (group);
  other_thread = t.ran_on != NULL && t.ran_on != g_thread_self ();
  g_mutex_clear (&t.mutex);
  g_cond_clear (&t.cond);
  return GINT_TO_POINTER (other_thread ? 2 : 1);
}

static void
test_group_uses_idle_worker (void)
{
  g_autoptr(FwPool) pool = fw_pool_new (2);
  g_autoptr(GPtrArray) items = uint_items (1);
  g_autoptr(GPtrArray) results = NULL;

  /* One item, two workers: the one busy job's group task goes to the
   * other worker, not back to the busy job. */
  results = fw_pool_process (pool, items, lone_group_job, pool, NULL, NULL, FW_POOL_FAIL_FAST,
                             NULL, NULL, NULL, NULL);
  g_assert_cmpint (GPOINTER_TO_INT (results->pdata[0]), ==, 2);
}

/* ------------------------------------------------------------------ */
/* Threads                                                              */

static guint
count_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Worker threads that ran a job of /pool/no-thread-leak and have not
 * ended: each marks itself (a GPrivate) as it runs its first job, and
 * the GPrivate's destructor, which runs as the thread ends, counts it out
 * and signals. */
static GMutex live_lock;
static GCond live_cond;
static guint n_live;

static void
live_thread_ended (gpointer data)
{
  g_mutex_lock (&live_lock);
  n_live--;
  g_cond_broadcast (&live_cond);
  g_mutex_unlock (&live_lock);
}

static GPrivate live_mark = G_PRIVATE_INIT (live_thread_ended);

/* Both workers of a pool meet here, so both are marked. */
typedef struct {
  GMutex lock;
  GCond  cond;
  guint  n_in;
} Rendezvous;

static gpointer
marking_job (gpointer       item,
             GCancellable  *cancellable,
             gpointer       user_data,
             GError       **error)
{
  Rendezvous *r = user_data;
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

  if (g_private_get (&live_mark) == NULL)
    {
      g_mutex_lock (&live_lock);
      n_live++;
      g_mutex_unlock (&live_lock);
      g_private_set (&live_mark, GINT_TO_POINTER (1));
    }
  g_mutex_lock (&r->lock);
  r->n_in++;
  g_cond_broadcast (&r->cond);
  /* The deadline only fails the test: two workers never ran at once. */
  while (r->n_in < 2)
    if (!g_cond_wait_until (&r->cond, &r->lock, deadline))
      g_error ("the pool's two workers never ran two jobs at once");
  g_mutex_unlock (&r->lock);
  return square_job (item, cancellable, NULL, error);
}

static void
run_marking_pool (GPtrArray *items)
{
  g_autoptr(FwPool) pool = fw_pool_new (2);
  g_autoptr(GPtrArray) results = NULL;
  Rendezvous r = { 0 };

  g_mutex_init (&r.lock);
  g_cond_init (&r.cond);
  results = fw_pool_process (pool, items, marking_job, &r, NULL, NULL,
                             FW_POOL_COLLECT, NULL, NULL, NULL, NULL);
  g_assert_nonnull (results);
  g_mutex_clear (&r.lock);
  g_cond_clear (&r.cond);
}

/* Every worker thread of 1000 pools, gone: all but the few GLib keeps
 * for reuse (g_thread_pool_get_max_unused_threads()) end once their pool
 * is freed. Each thread says when it ends; the test waits for that, with
 * a deadline that only fails it. */
static void
test_no_thread_leak (void)
{
  g_autoptr(GPtrArray) items = uint_items (8);
  guint kept = (guint) MAX (g_thread_pool_get_max_unused_threads (), 0);
  guint before = count_threads ();
  gint64 deadline;

  for (guint i = 0; i < 1000; i++)
    run_marking_pool (items);

  deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
  g_mutex_lock (&live_lock);
  while (n_live > kept)
    if (!g_cond_wait_until (&live_cond, &live_lock, deadline))
      break;
  g_test_message ("worker threads still alive after 1000 pools: %u (GLib keeps up to %u); "
                  "threads in the process: %u before, %u after", n_live, kept, before, count_threads ());
  g_assert_cmpuint (n_live, <=, kept);
  g_mutex_unlock (&live_lock);
}

/* The count of the process's threads once it is @expect, or after a
 * second. pthread_join() returns when the kernel has woken it as the
 * thread lets go of its memory, a moment before the kernel takes the
 * thread off /proc/self/task: the count may lag a joined thread by that
 * moment (far longer under a debugger), never by a thread still alive. */
static guint
count_threads_settled (guint expect)
{
  gint64 deadline = g_get_monotonic_time () + G_TIME_SPAN_SECOND;
  guint n;

  while ((n = count_threads ()) != expect && g_get_monotonic_time () < deadline)
    g_thread_yield ();
  return n;
}

/* After a busy pool is disposed, none of its threads is left: the count
 * of the process's threads is what it was before the pool was made. */
static void
test_dispose_no_thread_left (void)
{
  guint before;

  /* GLib starts a thread of its own ("gmain") once per process, as the
   * GTask type is made: before the count. */
  g_type_ensure (G_TYPE_TASK);
  before = count_threads ();

  for (guint round = 0; round < 5; round++)
    {
      g_autoptr(GPtrArray) items = uint_items (8);
      FwPool *pool = fw_pool_new (2);
      ProcessResult r;
      Gate gate;

      gate_init (&gate);
      memset (&r, 0, sizeof r);
      any_pool = pool;
      fw_pool_process_async (pool, items, cancellable_wait_job, &gate, NULL, NULL,
                             FW_POOL_COLLECT, NULL, process_done_cb, &r);
      gate_wait_running (&gate, 2);
      g_assert_cmpuint (count_threads (), >, before);

      /* Dispose (as the last unref would) while two items run. */
      g_object_run_dispose (G_OBJECT (pool));
      g_assert_cmpuint (count_threads_settled (before), ==, before);
      iterate_until (NULL, &r.done);
      g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_object_unref (pool);
      g_assert_cmpuint (count_threads_settled (before), ==, before);

      /* An idle pool too. */
      pool = fw_pool_new (3);
      g_object_unref (pool);
      g_assert_cmpuint (count_threads_settled (before), ==, before);

      any_pool = NULL;
      process_result_clear (&r);
      gate_clear (&gate);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pool/order", test_order);
  g_test_add_func ("/pool/order-sync", test_order_sync);
  g_test_add_func ("/pool/zero-items", test_zero_items);
  g_test_add_func ("/pool/one-worker", test_one_worker);
  g_test_add_func ("/pool/more-workers-than-items", test_more_workers_than_items);
  g_test_add_func ("/pool/fail-fast", test_fail_fast);
  g_test_add_func ("/pool/collect", test_collect);
  g_test_add_func ("/pool/cancel/before-start", test_cancel_before_start);
  g_test_add_func ("/pool/cancel/mid-run", test_cancel_mid_run);
  g_test_add_func ("/pool/cancel/after-finish", test_cancel_after_finish);
  g_test_add_func ("/pool/wait-idle", test_wait_idle);
  g_test_add_func ("/pool/map", test_map);
  g_test_add_func ("/pool/stream/inside-pushes", test_stream_inside_pushes);
  g_test_add_func ("/pool/stream/threads", test_stream_threads);
  g_test_add_func ("/pool/stream/backpressure", test_stream_backpressure);
  g_test_add_func ("/pool/stream/pull", test_stream_pull_order_and_seq);
  g_test_add_func ("/pool/stream/pop-available", test_stream_pop_available);
  g_test_add_func ("/pool/stream/drained", test_stream_drained);
  g_test_add_func ("/pool/stream/cancel", test_stream_cancel);
  g_test_add_func ("/pool/stream/fail-fast", test_stream_fail_fast);
  g_test_add_func ("/pool/stream/end-at-once", test_stream_end_at_once);
  g_test_add_func ("/pool/callbacks-thread", test_callbacks_thread);
  g_test_add_func ("/pool/resize", test_resize);
  g_test_add_func ("/pool/pause-resume", test_pause_resume);
  g_test_add_func ("/pool/reuse", test_reuse);
  g_test_add_func ("/pool/dispose-busy", test_dispose_busy);
  g_test_add_func ("/pool/dispose-no-thread-left", test_dispose_no_thread_left);
  g_test_add_func ("/pool/group", test_group);
  g_test_add_func ("/pool/group-uses-idle-worker", test_group_uses_idle_worker);
  g_test_add_func ("/pool/no-thread-leak", test_no_thread_leak);

  return g_test_run ();
}
