/* fw-cli-compare-tree.c — `fileworks-cli compare -r`: GNU diff -rq
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints what `diff -rq A B` (GNU diffutils 3.8) prints, byte for byte,
 * in the same order (names by the locale's collation), with its exit
 * status: 0 no difference, 1 differences, 2 trouble (also when there were
 * differences). Its failures name the command, "fileworks-cli compare:",
 * where diff's say "diff:", as `compare` without -r does for cmp. Names are
 * printed unquoted, as diff 3.8 prints them. The walk and the comparisons
 * are the engine's fw_compare_tree(), contents read on a pool of one
 * worker per processor while the walk goes on.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "fw-cli.h"
#include "fw-compare-tree.h"
#include "fw-pool.h"

#define PREFIX "fileworks-cli compare"

typedef struct {
  int status;
} Report;

static void
print_entry (const FwCompareTreeEntry *entry,
             gpointer                  user_data)
{
  Report *report = user_data;

  switch (entry->verdict)
    {
    case FW_COMPARE_TREE_IDENTICAL:
      return;

    case FW_COMPARE_TREE_DIFFERENT:
      /* diff's messages are the POSIX formats, never translated here. */
      printf ("Files %s and %s differ\n", entry->path_a, entry->path_b);
      break;

    case FW_COMPARE_TREE_ONLY_IN:
      printf ("Only in %s: %s\n", entry->dir, entry->name);
      break;

    case FW_COMPARE_TREE_TYPES_DIFFER:
      printf ("File %s is a %s while file %s is a %s\n",
              entry->path_a, entry->type_a, entry->path_b, entry->type_b);
      break;

    case FW_COMPARE_TREE_ERROR:
      fflush (stdout);
      fprintf (stderr, "%s: %s: %s\n", PREFIX,
               entry->side == 0 ? entry->path_a : entry->path_b,
               entry->error_code != 0 ? strerror (entry->error_code) : entry->message);
      report->status = 2;
      return;

    case FW_COMPARE_TREE_LOOP:
      fflush (stdout);
      fprintf (stderr, _("%s: %s: recursive directory loop\n"), PREFIX, entry->path_a);
      report->status = 2;
      return;

    default:
      g_assert_not_reached ();
    }

  /* diff flushes after each difference: the user sees it at once. A
   * write that fails ends the run in diff's words; _exit(): the pool's
   * workers may still be reading. */
  if (fflush (stdout) != 0)
    {
      int errsv = errno;

      fprintf (stderr, "%s: %s: %s\n", PREFIX, _("standard output"), strerror (errsv));
      fflush (stderr);
      _exit (2);
    }
  report->status = MAX (report->status, 1);
}

int
fw_cli_compare_tree_main (const char      *path_a,
                          const char      *path_b,
                          const FwExclude *exclude)
{
  g_autoptr(FwPool) pool = fw_pool_new (0);
  Report report = { 0 };
  struct rlimit files;

  /* Two folder descriptors stay open per level of the walk (diff opens
   * paths from the top instead): a deep tree may need more than the
   * usual soft limit of 1024, so take what the hard limit allows. */
  if (getrlimit (RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max)
    {
      files.rlim_cur = files.rlim_max;
      setrlimit (RLIMIT_NOFILE, &files);
    }

  fw_compare_tree_excluding (path_a, path_b, exclude, pool, NULL, print_entry, &report, NULL);
  return report.status;
}
