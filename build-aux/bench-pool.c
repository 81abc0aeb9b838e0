/* bench-pool.c — FwPool's per-item overhead and scaling
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 1. Per-item cost of 1,000,000 trivial items on 2 workers: FwPool
 *    (process and stream) against a raw GThreadPool that is pushed one task
 *    per item.
 * 2. Speed-up of 2 workers over 1 on 10,000 items of ~100 µs of CPU work.
 *
 * Runs are alternated and repeated; medians are printed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "fw-pool.h"

static volatile guint sink;

static gpointer
trivial_job (gpointer item, GCancellable *cancellable, gpointer user_data, GError **error)
{
  return item;
}

static guint spin_iterations;

static void
spin (guint n)
{
  volatile guint x = 0;
  for (guint i = 0; i < n; i++)
    x += i;
  sink = x;
}

static gpointer
work_job (gpointer item, GCancellable *cancellable, gpointer user_data, GError **error)
{
  spin (spin_iterations);
  return item;
}

static void
raw_func (gpointer data, gpointer user_data)
{
  /* The same trivial work as trivial_job. */
  sink = GPOINTER_TO_UINT (data);
}

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static double
run_raw (guint n)
{
  GThreadPool *pool = g_thread_pool_new (raw_func, NULL, 2, TRUE, NULL);
  double t0 = now ();

  for (guint i = 0; i < n; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
  return now () - t0;
}

static double
run_process (FwPool *pool, GPtrArray *items, FwPoolFunc func)
{
  double t0 = now ();
  g_autoptr(GPtrArray) results = fw_pool_process (pool, items, func, NULL, NULL, NULL,
                                                  FW_POOL_COLLECT, NULL, NULL, NULL, NULL);
  double t = now () - t0;

  g_assert (results != NULL && results->len == items->len);
  return t;
}

typedef struct {
  FwPoolStream *stream;
  guint         n;
} Pusher;

static gpointer
pusher_thread (gpointer data)
{
  Pusher *p = data;

  for (guint i = 0; i < p->n; i++)
    fw_pool_stream_push (p->stream, GUINT_TO_POINTER (i + 1));
  fw_pool_stream_close (p->stream);
  return NULL;
}

/* The shape the CLI uses: one thread pushes (blocking when the queue is
 * full), another pops the results. */
static double
run_stream (FwPool *pool, guint n)
{
  g_autoptr(FwPoolStream) stream = fw_pool_stream_new (pool, trivial_job, NULL, NULL, NULL, NULL,
                                                       FW_POOL_COLLECT, FW_POOL_STREAM_PULL, NULL);
  Pusher p = { stream, n };
  double t0 = now ();
  GThread *thread = g_thread_new ("pusher", pusher_thread, &p);
  FwPoolResult *res;
  guint got = 0;

  while ((res = fw_pool_stream_pop (stream, NULL)) != NULL)
    {
      got++;
      fw_pool_result_free (res);
    }
  g_thread_join (thread);
  g_assert (got == n);
  return now () - t0;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v, guint n)
{
  qsort (v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int
main (int argc, char **argv)
{
  gboolean quick = g_strcmp0 (g_getenv ("FW_BENCH_QUICK"), "1") == 0;
  guint n_trivial = quick ? 20000 : 1000000;
  guint n_work = quick ? 200 : 10000;
  guint runs = quick ? 1 : 7;
  double raw[7], proc[7], strm[7], one[7], two[7];
  g_autoptr(GPtrArray) items = g_ptr_array_sized_new (n_trivial);
  g_autoptr(GPtrArray) work_items = g_ptr_array_sized_new (n_work);
  g_autoptr(FwPool) pool = fw_pool_new (2);
  double t0;

  for (guint i = 0; i < n_trivial; i++)
    g_ptr_array_add (items, GUINT_TO_POINTER (i + 1));
  for (guint i = 0; i < n_work; i++)
    g_ptr_array_add (work_items, GUINT_TO_POINTER (i + 1));

  /* Calibrate ~100 µs of work. */
  spin_iterations = 100000;
  t0 = now ();
  spin (spin_iterations);
  spin_iterations = (guint) (spin_iterations * (100e-6 / MAX (now () - t0, 1e-6)));

  for (guint r = 0; r < runs; r++)
    {
      raw[r] = run_raw (n_trivial);
      proc[r] = run_process (pool, items, trivial_job);
      strm[r] = run_stream (pool, n_trivial);
    }

  printf ("pool: %u trivial items, 2 workers, median of %u alternating runs\n", n_trivial, runs);
  {
    double r = median (raw, runs) / n_trivial * 1e9;
    double p = median (proc, runs) / n_trivial * 1e9;
    double s = median (strm, runs) / n_trivial * 1e9;
    printf ("  raw GThreadPool, one push per item: %7.1f ns/item\n", r);
    printf ("  FwPool process:                     %7.1f ns/item  (%.1f%% of raw; target <= 20%%)\n", p, 100 * p / r);
    printf ("  FwPool stream (push/pop threads):   %7.1f ns/item  (%.1f%% of raw)\n", s, 100 * s / r);
  }

  for (guint r = 0; r < runs; r++)
    {
      fw_pool_set_n_workers (pool, 1);
      one[r] = run_process (pool, work_items, work_job);
      fw_pool_set_n_workers (pool, 2);
      two[r] = run_process (pool, work_items, work_job);
    }
  {
    double a = median (one, runs), b = median (two, runs);
    printf ("pool: %u items of ~100 us CPU, median of %u alternating runs\n", n_work, runs);
    printf ("  1 worker %.3f s, 2 workers %.3f s: speed-up %.2fx (target >= 1.9x)\n", a, b, a / b);
  }
  return 0;
}
