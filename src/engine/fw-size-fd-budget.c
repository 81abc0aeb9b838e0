/* fw-size-fd-budget.c — the descriptors a scan keeps open as anchors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A folder whose subfolders are queued may keep its descriptor open, as
 * their anchor (they open themselves with openat() relative to it), while
 * two budgets allow: the scan's own (fw_size_scan_set_max_open_folders())
 * and the process's default bound, shared by every scan that runs at once
 * (the CLI runs several). Past the budget, a subfolder takes the anchor of
 * its parent instead and opens itself by a relative path from there, in
 * chunks short enough for the kernel however deep the tree
 * (fw_size_dir_open()): a scan never runs out of descriptors and never
 * waits for one.
 */
#define _GNU_SOURCE 1 /* O_PATH */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "fw-size-private.h"

/* The longest relative path given to one openat() past the budget. */
#define CHUNK_PATH_MAX 2048

/* Descriptors kept by every scan of the process, under the default bound:
 * the CLI runs several scans at once. */
static gint kept_in_process;

guint
fw_size_fd_budget_default (void)
{
  struct rlimit rl;
  guint64 n = 256;

  if (getrlimit (RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
    n = rl.rlim_cur / 4;
  return (guint) CLAMP (n, 4, 1024);
}

gboolean
fw_size_fd_budget_try_keep (FwSizeState *state)
{
  int total = g_atomic_int_get (&kept_in_process);
  int n, peak;

  do
    {
      if (total >= (int) state->process_max)
        return FALSE;
    }
  while (!g_atomic_int_compare_and_exchange_full (&kept_in_process, total, total + 1, &total));

  n = g_atomic_int_get (&state->open_kept);

  do
    {
      if (n >= (int) state->max_open)
        {
          g_atomic_int_add (&kept_in_process, -1);
          return FALSE;
        }
    }
  while (!g_atomic_int_compare_and_exchange_full (&state->open_kept, n, n + 1, &n));

  n++;
  peak = g_atomic_int_get (&state->peak_open);
  while (n > peak && !g_atomic_int_compare_and_exchange_full (&state->peak_open, peak, n, &peak))
    ;
  return TRUE;
}

void
fw_size_anchor_release (FwSizeDir *anchor)
{
  if (anchor == NULL)
    return;
  if (g_atomic_int_dec_and_test (&anchor->holds))
    {
      FwSizeState *state = anchor->state;

      closedir (anchor->dirp);
      anchor->dirp = NULL;
      g_atomic_int_add (&state->open_kept, -1);
      g_atomic_int_add (&kept_in_process, -1);
    }
  fw_size_dir_unref (anchor);
}

int
fw_size_dir_open (FwSizeDir *dir)
{
  int flags = O_RDONLY | O_DIRECTORY | O_NOCTTY | O_CLOEXEC;
  FwSizeDir *anchor = dir->anchor;
  int base = anchor != NULL ? dirfd (anchor->dirp) : AT_FDCWD;
  g_autoptr(GPtrArray) names = NULL;
  gboolean first;
  struct stat st;
  FwSizeDir *root;
  int fd, cur;

  if (dir->parent == NULL)
    {
      /* The item itself: its path as given (a trailing slash follows a
       * symlink, as lstat did); check it is still what lstat saw. */
      fd = open (dir->name, flags);
      goto check;
    }
  if (anchor == dir->parent)
    return openat (base, dir->name, flags | O_NOFOLLOW);

  /* Past the descriptor budget: walk from the anchor, in chunks short
   * enough for the kernel however deep the tree. */
  names = g_ptr_array_new ();
  root = dir;
  for (; root != anchor && root->parent != NULL; root = root->parent)
    g_ptr_array_add (names, root->name);
  /* Here root is the anchor, or (anchor NULL) the item, opened by its path
   * from the current directory as the first chunk. */

  cur = base;
  first = TRUE;
  for (guint i = names->len; i > 0;)
    {
      GString *chunk = g_string_new (NULL);
      int next, saved;

      if (first && anchor == NULL)
        g_string_append (chunk, root->name);
      first = FALSE;
      while (i > 0 && (chunk->len == 0 || chunk->len + strlen (g_ptr_array_index (names, i - 1)) + 1 < CHUNK_PATH_MAX))
        {
          if (chunk->len > 0 && chunk->str[chunk->len - 1] != '/')
            g_string_append_c (chunk, '/');
          g_string_append (chunk, g_ptr_array_index (names, i - 1));
          i--;
        }
      next = openat (cur, chunk->str, i == 0 ? flags | O_NOFOLLOW : O_PATH | O_DIRECTORY | O_CLOEXEC);
      saved = errno;
      g_string_free (chunk, TRUE);
      if (cur != base)
        close (cur);
      if (next < 0)
        {
          errno = saved;
          return -1;
        }
      cur = next;
    }
  fd = cur;

check:
  if (fd < 0)
    return -1;
  if (fstat (fd, &st) != 0)
    {
      int saved = errno;
      close (fd);
      errno = saved;
      return -1;
    }
  if ((guint64) st.st_dev != dir->dev || (guint64) st.st_ino != dir->ino)
    {
      /* Replaced meanwhile (by a symlink, or another folder): as if gone. */
      close (fd);
      errno = ENOENT;
      return -1;
    }
  return fd;
}
