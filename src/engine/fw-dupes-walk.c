/* fw-dupes-walk.c — the duplicate finder's first stage: operands to files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "fw-dupes-private.h"
#include "fw-pool.h"

static GError *
error_from_errno (int errnum)
{
  return g_error_new_literal (G_IO_ERROR, g_io_error_from_errno (errnum), g_strerror (errnum));
}

static void
add_file (FwDupesRun        *run,
          const char        *path,
          const struct stat *st)
{
  FwDupesEntry entry = { 0 };

  entry.path = g_string_chunk_insert (run->strings, path);
  entry.size = (guint64) st->st_size;
  entry.dev = (guint64) st->st_dev;
  entry.ino = (guint64) st->st_ino;
  entry.mtime_ns = (gint64) st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_mtim.tv_nsec;
  g_array_append_val (run->entries, entry);
  __atomic_fetch_add (&run->files_found, 1, __ATOMIC_RELAXED);
}

static char *
join (const char *dir,
      const char *name)
{
  gsize len = strlen (dir);

  if (len > 0 && dir[len - 1] == '/')
    return g_strconcat (dir, name, NULL);
  return g_strconcat (dir, "/", name, NULL);
}

/* One folder: its files added, its folders pushed on @stack (with -r). */
static void
walk_folder (FwDupesRun *run,
             const char *path,
             GPtrArray  *stack)
{
  DIR *dir;
  struct dirent *d;
  gboolean recursive = (run->flags & FW_DUPES_RECURSIVE) != 0;

  if (run->hook != NULL)
    run->hook (run->scan, FW_DUPES_STAGE_WALK, path, run->hook_data);
  /* The walk runs as one item on the scan's pool (fw_dupes_run_stages()),
   * so that Pause holds it too: here, before each folder. */
  fw_pool_pause_point (run->cancellable);

  dir = opendir (path);
  if (dir == NULL)
    {
      fw_dupes_run_note (run, FW_DUPES_NOTE_ERROR, path, error_from_errno (errno));
      return;
    }

  for (;;)
    {
      struct stat st;
      g_autofree char *child = NULL;

      errno = 0;
      d = readdir (dir);
      if (d == NULL)
        {
          if (errno != 0)
            fw_dupes_run_note (run, FW_DUPES_NOTE_ERROR, path, error_from_errno (errno));
          break;
        }
      if (strcmp (d->d_name, ".") == 0 || strcmp (d->d_name, "..") == 0)
        continue;
      /* A folder needs no lstat() when it is not walked into. */
      if (d->d_type == DT_DIR && !recursive)
        continue;
      if (d->d_type == DT_LNK)
        {
          run->n_symlinks++;
          continue;
        }

      child = join (path, d->d_name);
      if (fstatat (dirfd (dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        {
          fw_dupes_run_note (run, FW_DUPES_NOTE_ERROR, child, error_from_errno (errno));
          continue;
        }
      if (S_ISREG (st.st_mode))
        add_file (run, child, &st);
      else if (S_ISDIR (st.st_mode))
        {
          if (recursive)
            g_ptr_array_add (stack, g_steal_pointer (&child));
        }
      else if (S_ISLNK (st.st_mode))
        run->n_symlinks++;
      else
        fw_dupes_run_note (run, FW_DUPES_NOTE_SPECIAL, child, NULL);
    }
  closedir (dir);
}

gboolean
fw_dupes_walk (FwDupesRun          *run,
               const char * const  *operands)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; operands[i] != NULL; i++)
    {
      struct stat st;

      if (g_cancellable_is_cancelled (run->cancellable))
        return FALSE;
      /* The operand itself is followed, as find -H does. */
      if (stat (operands[i], &st) != 0)
        {
          fw_dupes_run_note (run, FW_DUPES_NOTE_ERROR, operands[i], error_from_errno (errno));
          continue;
        }
      if (S_ISREG (st.st_mode))
        {
          add_file (run, operands[i], &st);
          continue;
        }
      if (!S_ISDIR (st.st_mode))
        {
          fw_dupes_run_note (run, FW_DUPES_NOTE_SPECIAL, operands[i], NULL);
          continue;
        }

      /* Depth first; the order does not matter (the files are sorted). */
      g_ptr_array_add (stack, g_strdup (operands[i]));
      while (stack->len > 0)
        {
          g_autofree char *path = g_ptr_array_steal_index (stack, stack->len - 1);

          if (g_cancellable_is_cancelled (run->cancellable))
            return FALSE;
          walk_folder (run, path, stack);
        }
    }
  return !g_cancellable_is_cancelled (run->cancellable);
}
