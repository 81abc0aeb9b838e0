/* fw-size-order.c — where du's sequential walk meets an entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Folders are listed in parallel, so errors reach the scan in no set
 * order; du reports them in the order its walk (gnulib's fts, as coreutils
 * 9.1 runs it: no comparison function) meets the entries, and the scan
 * sorts them into that order once it is over.
 *
 * fts walks depth first. It reads a folder in batches of at most
 * FTS_MAX_READDIR_ENTRIES names (`.` and `..` left out) and visits a
 * batch, subtrees included, before it reads the next one. A batch of more
 * than FTS_INODE_SORT_DIR_ENTRIES_THRESHOLD names is sorted by inode
 * number (the `d_ino` readdir gives) unless the folder is on tmpfs, NFS
 * or CIFS (dirent_inode_sort_may_be_useful()); a smaller batch keeps
 * readdir's order. So an entry's place among its folder's entries is a
 * pair (batch, readdir index or inode number), and an entry's place in
 * the walk is the list of the places of its folders from the item down,
 * then its own, compared element by element (a folder before what is in
 * it).
 */
#include "config.h"

#include <sys/vfs.h>

#include "fw-size-private.h"

/* gnulib fts.c */
#define FTS_MAX_READDIR_ENTRIES               100000
#define FTS_INODE_SORT_DIR_ENTRIES_THRESHOLD  10000

/* coreutils' src/fs.h: the file systems on which fts does not sort. */
#define S_MAGIC_CIFS   0xFF534D42
#define S_MAGIC_NFS    0x6969
#define S_MAGIC_TMPFS  0x01021994

void
fw_size_listing_init (FwSizeListing *listing,
                      int            dir_fd,
                      guint64        n_entries)
{
  struct statfs fs;

  listing->n_entries = n_entries;
  listing->fs_may_sort = FALSE;
  if (n_entries <= FTS_INODE_SORT_DIR_ENTRIES_THRESHOLD)
    return;   /* no batch is large enough to be sorted */
  /* As fts: when fstatfs fails, sorting is assumed useful. */
  if (fstatfs (dir_fd, &fs) != 0)
    listing->fs_may_sort = TRUE;
  else
    switch ((guint32) fs.f_type)
      {
      case S_MAGIC_CIFS:
      case S_MAGIC_NFS:
      case S_MAGIC_TMPFS:
        break;
      default:
        listing->fs_may_sort = TRUE;
      }
}

void
fw_size_listing_place (const FwSizeListing *listing,
                       guint64              index,
                       guint64              d_ino,
                       guint64              place[2])
{
  guint64 batch = index / FTS_MAX_READDIR_ENTRIES;
  guint64 first = batch * FTS_MAX_READDIR_ENTRIES;
  guint64 in_batch = MIN (listing->n_entries - first, FTS_MAX_READDIR_ENTRIES);

  place[0] = batch;
  if (listing->fs_may_sort && in_batch > FTS_INODE_SORT_DIR_ENTRIES_THRESHOLD)
    place[1] = d_ino;
  else
    place[1] = index;
}

void
fw_size_error_set_order (FwSizeError   *error,
                         FwSizeDir     *dir,
                         const guint64 *place)
{
  guint n = dir->depth * 2 + (place != NULL ? 2 : 0);
  guint i = dir->depth * 2;

  g_assert (error->order == NULL);
  error->order = g_new (guint64, MAX (n, 1));
  error->n_order = n;
  if (place != NULL)
    {
      error->order[i] = place[0];
      error->order[i + 1] = place[1];
    }
  for (; dir->parent != NULL; dir = dir->parent)
    {
      i -= 2;
      error->order[i] = dir->place[0];
      error->order[i + 1] = dir->place[1];
    }
  g_assert (i == 0);
}

static gint
compare_errors (gconstpointer a,
                gconstpointer b)
{
  const FwSizeError *x = *(FwSizeError * const *) a;
  const FwSizeError *y = *(FwSizeError * const *) b;

  for (guint i = 0; i < x->n_order && i < y->n_order; i++)
    if (x->order[i] != y->order[i])
      return x->order[i] < y->order[i] ? -1 : 1;
  if (x->n_order != y->n_order)
    return x->n_order < y->n_order ? -1 : 1;
  return 0;
}

void
fw_size_errors_sort (GPtrArray *errors)
{
  g_ptr_array_sort (errors, compare_errors);
}
