/* bench-size-row.c — a folder size row's scan, with its tree or without
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What recording a row's tree costs (issue 23): the row's own scan
 * (fw_job_size_run_tree(), as the batch runs a folder's size row) with
 * the tree recorded, or without it (fw_job_size_run(), the scan the row
 * ran before it kept a tree), so that `perf stat -e instructions` and
 * `/usr/bin/time -v` can measure each apart:
 *
 *   bench-size-row tree|plain [WORKERS [ROUNDS]] PATH
 *
 * Prints KEY=VALUE lines: the entries, the median wall time of the rounds,
 * and the heap the last round's result keeps (mallinfo2's bytes in use
 * with the result held, less before the scan): the memory a finished row
 * holds for Browse Sizes.
 */
#include "config.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "fw-job-size.h"

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FwPool) pool = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean with_tree;
  guint workers = 2, rounds = 1;
  const char *path;
  gsize kept = 0;
  guint64 entries = 0;

  if (argc < 3 || (strcmp (argv[1], "tree") != 0 && strcmp (argv[1], "plain") != 0))
    {
      g_printerr ("usage: %s tree|plain [WORKERS [ROUNDS]] PATH\n", argv[0]);
      return 2;
    }
  with_tree = strcmp (argv[1], "tree") == 0;
  if (argc >= 4)
    workers = (guint) atoi (argv[2]);
  if (argc >= 5)
    rounds = (guint) atoi (argv[3]);
  path = argv[argc - 1];
  pool = fw_pool_new (MAX (workers, 1));

  for (guint r = 0; r < MAX (rounds, 1); r++)
    {
      g_autoptr(GError) error = NULL;
      FwJobSizeTree *tree = with_tree ? fw_job_size_tree_new () : NULL;
      struct mallinfo2 before = mallinfo2 (), after;
      gint64 t0 = g_get_monotonic_time (), t;
      FwSizeResult *result;

      result = fw_job_size_run_tree (path, FALSE, NULL, tree, pool, NULL, NULL, &error);
      t = g_get_monotonic_time () - t0;
      if (result == NULL)
        {
          g_printerr ("bench-size-row: %s: %s\n", path, error->message);
          return 1;
        }
      g_array_append_val (times, t);
      entries = result->n_files + result->n_dirs + result->n_others;
      /* What a finished row keeps: the tree holds the result. */
      if (tree != NULL)
        fw_job_size_tree_finish (tree, g_steal_pointer (&result));
      after = mallinfo2 ();
      kept = after.uordblks > before.uordblks ? after.uordblks - before.uordblks : 0;
      g_clear_pointer (&result, fw_size_result_free);
      g_clear_pointer (&tree, fw_job_size_tree_unref);
    }
  g_array_sort (times, compare_gint64);
  g_print ("mode=%s\nworkers=%u\nrounds=%u\nentries=%" G_GUINT64_FORMAT "\n"
           "median_ms=%.1f\nkept_mib=%.2f\n",
           with_tree ? "tree" : "plain", workers, times->len, entries,
           g_array_index (times, gint64, times->len / 2) / 1000.0,
           kept / (1024.0 * 1024.0));
  return 0;
}
