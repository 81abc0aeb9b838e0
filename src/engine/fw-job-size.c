/* fw-job-size.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fw-job.h"
#include "fw-job-size.h"

#define N_LARGEST 10

typedef struct {
  gboolean      one_file_system;
  dev_t         dev;
  GHashTable   *seen;          /* (dev, ino) of hard-linked files */
  GCancellable *cancellable;
  guint64      *bytes_done;
  FwSizeScan   *scan;
} Walk;

void
fw_size_child_free (gpointer data)
{
  FwSizeChild *child = data;

  g_free (child->name);
  g_free (child);
}

void
fw_size_scan_free (FwSizeScan *scan)
{
  if (scan == NULL)
    return;
  g_clear_pointer (&scan->largest, g_ptr_array_unref);
  g_free (scan);
}

static guint64
account (Walk              *walk,
         const struct stat *st)
{
  guint64 usage = (guint64) st->st_blocks * 512;

  if (!S_ISDIR (st->st_mode) && st->st_nlink > 1)
    {
      char *key = g_strdup_printf ("%ju:%ju", (uintmax_t) st->st_dev, (uintmax_t) st->st_ino);

      if (!g_hash_table_add (walk->seen, key))
        return 0;
    }
  walk->scan->disk_usage += usage;
  walk->scan->apparent_size += (guint64) st->st_size;
  if (S_ISDIR (st->st_mode))
    walk->scan->n_dirs++;
  else
    walk->scan->n_files++;
  if (walk->bytes_done != NULL)
    __atomic_store_n (walk->bytes_done, walk->scan->disk_usage, __ATOMIC_RELAXED);
  return usage;
}

/* Returns the disk usage under dirfd (not counting the directory itself). */
static guint64
walk_dir (Walk  *walk,
          int    dirfd,
          GArray *top_children)
{
  DIR *dir = fdopendir (dirfd);
  struct dirent *entry;
  guint64 total = 0;

  if (dir == NULL)
    {
      close (dirfd);
      return 0;
    }

  while ((entry = readdir (dir)) != NULL)
    {
      struct stat st;
      guint64 usage;

      if (strcmp (entry->d_name, ".") == 0 || strcmp (entry->d_name, "..") == 0)
        continue;
      if (g_cancellable_is_cancelled (walk->cancellable))
        break;
      if (fstatat (dirfd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        continue;

      usage = account (walk, &st);
      if (S_ISDIR (st.st_mode) && !(walk->one_file_system && st.st_dev != walk->dev))
        {
          int fd = openat (dirfd, entry->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

          if (fd >= 0)
            usage += walk_dir (walk, fd, NULL);
        }
      total += usage;

      if (top_children != NULL)
        {
          FwSizeChild child = { g_strdup (entry->d_name), usage };
          g_array_append_val (top_children, child);
        }
    }
  closedir (dir);
  return total;
}

static int
compare_children (gconstpointer a,
                  gconstpointer b)
{
  const FwSizeChild *ca = a, *cb = b;

  if (ca->disk_usage != cb->disk_usage)
    return ca->disk_usage < cb->disk_usage ? 1 : -1;
  return strcmp (ca->name, cb->name);
}

FwSizeScan *
fw_size_scan (const char    *path,
              gboolean       one_file_system,
              GCancellable  *cancellable,
              guint64       *bytes_done,
              GError       **error)
{
  Walk walk = { 0 };
  struct stat st;
  g_autoptr(GArray) children = g_array_new (FALSE, FALSE, sizeof (FwSizeChild));

  if (lstat (path, &st) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "%s: %s", path, g_strerror (errsv));
      return NULL;
    }

  walk.one_file_system = one_file_system;
  walk.dev = st.st_dev;
  walk.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  walk.cancellable = cancellable;
  walk.bytes_done = bytes_done;
  walk.scan = g_new0 (FwSizeScan, 1);
  walk.scan->largest = g_ptr_array_new_with_free_func (fw_size_child_free);

  account (&walk, &st);
  if (S_ISDIR (st.st_mode))
    {
      int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

      if (fd < 0)
        {
          int errsv = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       "%s: %s", path, g_strerror (errsv));
          g_hash_table_unref (walk.seen);
          fw_size_scan_free (walk.scan);
          return NULL;
        }
      walk_dir (&walk, fd, children);
    }
  g_hash_table_unref (walk.seen);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      for (guint i = 0; i < children->len; i++)
        g_free (g_array_index (children, FwSizeChild, i).name);
      fw_size_scan_free (walk.scan);
      return NULL;
    }

  g_array_sort (children, compare_children);
  for (guint i = 0; i < children->len; i++)
    {
      FwSizeChild *c = &g_array_index (children, FwSizeChild, i);

      if (i < N_LARGEST)
        {
          FwSizeChild *copy = g_new (FwSizeChild, 1);

          *copy = *c;
          g_ptr_array_add (walk.scan->largest, copy);
        }
      else
        g_free (c->name);
    }
  return walk.scan;
}
