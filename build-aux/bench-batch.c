/* bench-batch.c — the app's engine without its window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs one FwBatch over FOLDER (hash, SHA-256, the default settings, as
 * many workers as processors) in a main loop of its own, with no GTK, and
 * prints how long it took from adding the folder to "finished", and the
 * process's CPU time over that span:
 *
 *   seconds=0.491 cpu_seconds=0.944 jobs=100000
 *
 * build-aux/bench-batch compares it with `fileworks-cli hash -r` on the
 * same files: what the batch's own machinery costs (jobs as objects, the
 * tick, the rows' model, the feeder), apart from what the window adds.
 */
#include "config.h"

#include <stdio.h>
#include <sys/resource.h>

#include "fw-batch.h"

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static void
finished_cb (FwBatch   *batch,
             GMainLoop *loop)
{
  g_main_loop_quit (loop);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(FwBatch) batch = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GFile) folder = NULL;
  FwBatchProgress progress;
  gint64 start;
  double cpu_start;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s FOLDER\n", argv[0]);
      return 2;
    }
  batch = fw_batch_new ();
  loop = g_main_loop_new (NULL, FALSE);
  folder = g_file_new_for_commandline_arg (argv[1]);
  g_signal_connect (batch, "finished", G_CALLBACK (finished_cb), loop);

  start = g_get_monotonic_time ();
  cpu_start = cpu_seconds ();
  fw_batch_add_files (batch, &folder, 1, FW_BATCH_MODE_HASH);
  g_main_loop_run (loop);
  fw_batch_get_progress (batch, &progress);
  printf ("seconds=%.3f cpu_seconds=%.3f jobs=%u\n",
          (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
          cpu_seconds () - cpu_start, progress.n_total);
  return progress.n_finished == progress.n_total && progress.n_failed == 0 ? 0 : 1;
}
