/* fw-size-hardlinks.c — files with several links, counted once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Within a scan, a file (not a folder) with more than one link is counted
 * the first time any of its names is listed: the scan's set of devices and
 * inodes, under the state's lock. Across several items, FwSizeLinkSet
 * credits each entry to the first item that holds it, as `du -s A B …`
 * does for its arguments (the CLI; the window sizes each row alone).
 */
#include "config.h"

#include "fw-size-private.h"

typedef struct {
  guint64 dev;
  guint64 ino;
} FwSizeDevIno;

static guint
devino_hash (gconstpointer key)
{
  const FwSizeDevIno *d = key;
  guint64 h = d->ino * 0x9E3779B97F4A7C15ull ^ d->dev;
  return (guint) (h ^ (h >> 32));
}

static gboolean
devino_equal (gconstpointer a,
              gconstpointer b)
{
  const FwSizeDevIno *x = a, *y = b;
  return x->ino == y->ino && x->dev == y->dev;
}

GHashTable *
fw_size_devino_set_new (void)
{
  return g_hash_table_new_full (devino_hash, devino_equal, g_free, NULL);
}

gboolean
fw_size_link_seen (FwSizeState       *state,
                   const struct stat *st)
{
  FwSizeDevIno key = { st->st_dev, st->st_ino };
  gboolean seen;

  g_mutex_lock (&state->lock);
  seen = g_hash_table_contains (state->links, &key);
  if (!seen)
    g_hash_table_add (state->links, g_memdup2 (&key, sizeof key));
  g_mutex_unlock (&state->lock);
  return seen;
}

/* ---------------------------------------------------------------------- */

struct _FwSizeLinkSet {
  GHashTable *seen;
};

FwSizeLinkSet *
fw_size_link_set_new (void)
{
  FwSizeLinkSet *set = g_new0 (FwSizeLinkSet, 1);

  set->seen = fw_size_devino_set_new ();
  return set;
}

void
fw_size_link_set_free (FwSizeLinkSet *set)
{
  if (set == NULL)
    return;
  g_hash_table_unref (set->seen);
  g_free (set);
}

gboolean
fw_size_link_set_credit (FwSizeLinkSet  *set,
                         FwSizeResult   *result,
                         guint64        *disk_usage,
                         guint64        *apparent_size,
                         GPtrArray     **errors)
{
  FwSizeDevIno root;
  guint64 d = 0, a = 0;

  g_return_val_if_fail (set != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (result->entries != NULL, FALSE);
  g_return_val_if_fail (disk_usage != NULL && apparent_size != NULL && errors != NULL, FALSE);

  *errors = g_ptr_array_new ();
  *disk_usage = *apparent_size = 0;
  root.dev = result->dev;
  root.ino = result->ino;
  if (g_hash_table_contains (set->seen, &root))
    return FALSE;

  /* An error lies in a part an earlier item covered when the folder it
   * belongs to was already counted: du skipped that folder's subtree. */
  for (guint i = 0; i < result->errors->len; i++)
    {
      FwSizeError *e = g_ptr_array_index (result->errors, i);
      FwSizeDevIno key = { e->key_dev, e->key_ino };

      if (!e->has_key || !g_hash_table_contains (set->seen, &key))
        g_ptr_array_add (*errors, e);
    }

  for (guint i = 0; i < result->entries->len; i++)
    {
      FwSizeEntry *e = &g_array_index (result->entries, FwSizeEntry, i);
      FwSizeDevIno key = { e->dev, e->ino };

      if (g_hash_table_contains (set->seen, &key))
        continue;
      g_hash_table_add (set->seen, g_memdup2 (&key, sizeof key));
      d += e->disk;
      a += e->apparent;
    }
  *disk_usage = d;
  *apparent_size = a;
  return TRUE;
}
