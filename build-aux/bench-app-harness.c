/* bench-app-harness.c — the real Fileworks app, measured from outside
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * build-aux/bench-app runs this instead of `fileworks`: the same
 * FwApplication from the ui library (libfw_ui), started as main.c starts
 * it, with the figures of a batch taken from outside through public API
 * only, so that the shipped app carries no benchmark code:
 *
 * - a heartbeat in the main context (a 5 ms timeout from the start, as
 *   the app's own sources are) records the longest stall;
 * - the window's batch (fw_window_get_batch(), on GtkApplication's
 *   "window-added") marks the start when it first notifies "scanning"
 *   (fw_batch_add_files() for the items on the command line) and the end
 *   on its "finished" signal, after the window's own handler;
 * - the window's GdkFrameClock ("before-paint"/"after-paint") counts the
 *   frames and the main thread's CPU time spent in them.
 *
 * Once every job of the first finished batch is a row of the batch's list
 * (the rows join on the ticks, after the work when it is quick), the
 * figures are written as KEY=VALUE lines to the file FW_BENCH_REPORT names
 * and the app quits. Without FW_BENCH_REPORT it is the plain app.
 */
#include "config.h"

#include <locale.h>
#include <sys/resource.h>
#include <time.h>

#include <glib/gi18n.h>

#include "fw-application.h"
#include "fw-digest.h"
#include "fw-window.h"

#define HEARTBEAT_MS 5

typedef struct {
  GApplication  *app;
  char          *report_path;

  gint64         heartbeat_last;
  gint64         heartbeat_max_gap;

  FwWindow      *window;            /* the first window, not a reference */
  FwBatch       *batch;             /* its batch, not a reference */
  GdkFrameClock *frame_clock;
  guint          n_frames;          /* frames painted during the batch */
  gint64         frame_start;
  double         frame_cpu_start;   /* main thread's CPU seconds as it began */
  double         frames_cpu;        /* main thread's CPU seconds in frames */

  gint64         started;
  double         cpu_start;         /* process CPU seconds at the batch's start */
  long           inblock_start;     /* blocks read from storage by then */
  double         main_cpu_start;    /* main thread's */
  double         seconds;
  guint          n_jobs;
  GListModel    *rows;              /* waiting for every job to be a row */
  gboolean       finished;
} Bench;

static double
process_cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* 512-byte blocks the process has read from storage, not from the page
 * cache: the benchmark shows how warm the cache was for the batch. */
static long
inblock (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_inblock;
}

static double
thread_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
write_report (Bench *bench)
{
  g_autofree char *report = NULL;
  struct rusage usage;
  double rows_seconds = (g_get_monotonic_time () - bench->started) / (double) G_USEC_PER_SEC;
  double cpu = process_cpu_seconds ();

  getrusage (RUSAGE_SELF, &usage);
  report = g_strdup_printf ("jobs=%u\nbatch_seconds=%.3f\nrows_seconds=%.3f\nmax_stall_ms=%.1f\n"
                            "peak_rss_mib=%.1f\nframes=%u\ncpu_seconds=%.3f\n"
                            "batch_cpu_seconds=%.3f\nmain_cpu_seconds=%.3f\nframes_cpu_seconds=%.3f\n"
                            "disk_read_kib=%ld\n",
                            bench->n_jobs, bench->seconds, rows_seconds,
                            bench->heartbeat_max_gap / 1000.0 - HEARTBEAT_MS,
                            usage.ru_maxrss / 1024.0, bench->n_frames, cpu,
                            cpu - bench->cpu_start,
                            thread_cpu_seconds () - bench->main_cpu_start,
                            bench->frames_cpu,
                            (long) ((inblock () - bench->inblock_start) / 2));
  g_file_set_contents (bench->report_path, report, -1, NULL);
  g_application_quit (bench->app);
}

static gboolean
heartbeat (gpointer user_data)
{
  Bench *bench = user_data;
  gint64 now = g_get_monotonic_time ();

  if (bench->heartbeat_last != 0)
    {
      bench->heartbeat_max_gap = MAX (bench->heartbeat_max_gap, now - bench->heartbeat_last);
      if (now - bench->heartbeat_last > 50000)
        g_debug ("main loop stalled %.1f ms", (now - bench->heartbeat_last) / 1000.0);
    }
  bench->heartbeat_last = now;
  if (bench->rows != NULL && g_list_model_get_n_items (bench->rows) >= bench->n_jobs)
    {
      g_clear_object (&bench->rows);
      write_report (bench);
    }
  return G_SOURCE_CONTINUE;
}

static void
frame_start (Bench *bench)
{
  bench->frame_start = g_get_monotonic_time ();
  bench->frame_cpu_start = thread_cpu_seconds ();
}

static void
count_frame (Bench *bench)
{
  gint64 spent = g_get_monotonic_time () - bench->frame_start;

  bench->n_frames++;
  if (bench->frame_start != 0)
    bench->frames_cpu += thread_cpu_seconds () - bench->frame_cpu_start;
  if (bench->frame_start != 0 && spent > 20000)
    g_debug ("frame: %.1f ms", spent / 1000.0);
}

/* The batch starts scanning the items it was given: the stall, CPU time
 * and frames are measured from here on. */
static void
batch_scanning_cb (FwBatch    *batch,
                   GParamSpec *pspec,
                   Bench      *bench)
{
  GdkFrameClock *clock;

  if (bench->started != 0)
    return;

  bench->heartbeat_max_gap = 0;
  bench->n_frames = 0;
  bench->frames_cpu = 0;
  bench->started = g_get_monotonic_time ();
  /* From the batch's start: the window's first frames count too. */
  bench->heartbeat_last = bench->started;
  bench->cpu_start = process_cpu_seconds ();
  bench->inblock_start = inblock ();
  bench->main_cpu_start = thread_cpu_seconds ();

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->window));
  if (clock != NULL && bench->frame_clock == NULL)
    {
      bench->frame_clock = g_object_ref (clock);
      g_signal_connect_swapped (clock, "before-paint", G_CALLBACK (frame_start), bench);
      g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (count_frame), bench);
    }
}

/* Connected after the window's own handler, so it runs after it. */
static void
batch_finished_cb (FwBatch *batch,
                   Bench   *bench)
{
  FwBatchProgress p;
  GListModel *rows;

  if (bench->started == 0 || bench->finished)
    return;
  bench->finished = TRUE;
  fw_batch_get_progress (batch, &p);
  bench->seconds = (g_get_monotonic_time () - bench->started) / (double) G_USEC_PER_SEC;
  bench->n_jobs = p.n_total;
  rows = fw_batch_get_jobs (batch);
  if (g_list_model_get_n_items (rows) >= bench->n_jobs)
    write_report (bench);
  else
    bench->rows = g_object_ref (rows);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 Bench          *bench)
{
  if (bench->window != NULL || !FW_IS_WINDOW (window))
    return;
  bench->window = FW_WINDOW (window);
  bench->batch = fw_window_get_batch (bench->window);
  g_signal_connect (bench->batch, "notify::scanning", G_CALLBACK (batch_scanning_cb), bench);
  g_signal_connect (bench->batch, "finished", G_CALLBACK (batch_finished_cb), bench);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(FwApplication) app = NULL;
  const char *report = g_getenv ("FW_BENCH_REPORT");
  Bench bench = { 0 };
  guint heartbeat_id = 0;
  int status;

  /* As main.c does. */
  fw_digest_init ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  fw_ui_choose_renderer ();
  app = fw_application_new ();

  if (report != NULL && report[0] != '\0')
    {
      bench.app = G_APPLICATION (app);
      bench.report_path = g_strdup (report);
      heartbeat_id = g_timeout_add (HEARTBEAT_MS, heartbeat, &bench);
      g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), &bench);
    }

  status = g_application_run (G_APPLICATION (app), argc, argv);

  g_clear_handle_id (&heartbeat_id, g_source_remove);
  if (bench.frame_clock != NULL)
    g_signal_handlers_disconnect_by_data (bench.frame_clock, &bench);
  g_clear_object (&bench.frame_clock);
  g_clear_object (&bench.rows);
  g_free (bench.report_path);
  return status;
}
