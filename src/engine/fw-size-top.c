/* fw-size-top.c — the largest files of a scan, and of each folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With FW_SIZE_RECORD_LARGEST_FILES (the window's tree):
 *
 * - The scan keeps its FW_SIZE_N_LARGEST_FILES largest files in two
 *   min-heaps, one by disk usage and one by apparent size (Largest Files
 *   with Apparent Sizes on: a sparse file is large only by the second),
 *   under the state's lock. Once a heap is full its smallest size is
 *   published as an atomic floor: a file no larger than either floor is
 *   refused without taking the lock (fw_size_top_refuses(), inline), so
 *   a million small files cost two relaxed loads each.
 * - A folder's job keeps its FW_SIZE_N_KEPT_FILES largest files (a small
 *   array of their lstat and name; the smallest kept and its size are
 *   remembered, found again only when a larger file replaces it, so a
 *   file no larger costs one comparison); the others, and those pushed
 *   out, are summed in the folder's "other files" (FwSizeNode.rest_*).
 *   The kept files become nodes once the folder is listed. So a folder
 *   of a million files costs 32 nodes, and no node is made for a file
 *   pushed out.
 */
#include "config.h"

#include <string.h>

#include "fw-size-private.h"

/* The min-heaps ------------------------------------------------------------ */

/* One of the two heaps: by disk usage, or by apparent size. */
typedef struct {
  GPtrArray **heap;
  guint64    *floor;
  gboolean   *full;
  gboolean    apparent;
} Top;

static inline guint64
file_key (const FwSizeFile *file,
          gboolean          apparent)
{
  return apparent ? file->apparent_size : file->disk_usage;
}

static gboolean
file_less (const Top        *top,
           const FwSizeFile *a,
           const FwSizeFile *b)
{
  return file_key (a, top->apparent) < file_key (b, top->apparent);
}

static void
heap_up (const Top *top,
         guint      i)
{
  GPtrArray *heap = *top->heap;

  while (i > 0)
    {
      guint parent = (i - 1) / 2;

      if (!file_less (top, heap->pdata[i], heap->pdata[parent]))
        break;
      gpointer t = heap->pdata[i];
      heap->pdata[i] = heap->pdata[parent];
      heap->pdata[parent] = t;
      i = parent;
    }
}

static void
heap_down (const Top *top,
           guint      i)
{
  GPtrArray *heap = *top->heap;

  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;

      if (l < heap->len && file_less (top, heap->pdata[l], heap->pdata[m]))
        m = l;
      if (r < heap->len && file_less (top, heap->pdata[r], heap->pdata[m]))
        m = r;
      if (m == i)
        return;
      gpointer t = heap->pdata[i];
      heap->pdata[i] = heap->pdata[m];
      heap->pdata[m] = t;
      i = m;
    }
}

static void
top_offer (const Top         *top,
           FwSizeState       *state,
           FwSizeNode        *folder,
           const char        *name,
           const struct stat *st)
{
  FwSizeFile *file;
  GPtrArray *heap;
  guint64 key = top->apparent ? (st->st_size > 0 ? (guint64) st->st_size : 0)
                              : (guint64) st->st_blocks * 512;

  if (__atomic_load_n (top->full, __ATOMIC_RELAXED) &&
      key <= __atomic_load_n (top->floor, __ATOMIC_RELAXED))
    return;

  g_mutex_lock (&state->lock);
  heap = *top->heap;
  if (heap->len >= FW_SIZE_N_LARGEST_FILES &&
      key <= file_key (heap->pdata[0], top->apparent))
    {
      g_mutex_unlock (&state->lock);
      return;
    }
  file = g_new0 (FwSizeFile, 1);
  file->folder = folder;
  file->name = g_strdup (name);
  file->disk_usage = (guint64) st->st_blocks * 512;
  file->apparent_size = st->st_size > 0 ? (guint64) st->st_size : 0;
  file->mtime = st->st_mtime;
  file->mtime_ns = (gint64) st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_mtim.tv_nsec;
  file->nlink = st->st_nlink;
  if (heap->len >= FW_SIZE_N_LARGEST_FILES)
    {
      fw_size_file_free (heap->pdata[0]);
      heap->pdata[0] = file;
      heap_down (top, 0);
    }
  else
    {
      g_ptr_array_add (heap, file);
      heap_up (top, heap->len - 1);
    }
  if (heap->len >= FW_SIZE_N_LARGEST_FILES)
    {
      __atomic_store_n (top->floor, file_key (heap->pdata[0], top->apparent), __ATOMIC_RELAXED);
      __atomic_store_n (top->full, TRUE, __ATOMIC_RELAXED);
    }
  g_mutex_unlock (&state->lock);
}

void
fw_size_top_offer (FwSizeState       *state,
                   FwSizeNode        *folder,
                   const char        *name,
                   const struct stat *st)
{
  const Top by_disk = { &state->top, &state->top_floor, &state->top_full, FALSE };
  const Top by_apparent = { &state->top_apparent, &state->top_apparent_floor,
                            &state->top_apparent_full, TRUE };

  top_offer (&by_disk, state, folder, name, st);
  top_offer (&by_apparent, state, folder, name, st);
}

static gint
compare_largest_first (gconstpointer a,
                       gconstpointer b)
{
  const FwSizeFile *x = *(FwSizeFile * const *) a, *y = *(FwSizeFile * const *) b;

  if (x->disk_usage != y->disk_usage)
    return x->disk_usage > y->disk_usage ? -1 : 1;
  return strcmp (x->name, y->name);
}

static gint
compare_largest_apparent_first (gconstpointer a,
                                gconstpointer b)
{
  const FwSizeFile *x = *(FwSizeFile * const *) a, *y = *(FwSizeFile * const *) b;

  if (x->apparent_size != y->apparent_size)
    return x->apparent_size > y->apparent_size ? -1 : 1;
  return strcmp (x->name, y->name);
}

static GPtrArray *
snapshot (FwSizeState  *state,
          GPtrArray    *heap,
          GCompareFunc  compare)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) fw_size_file_free);

  g_mutex_lock (&state->lock);
  if (heap != NULL)
    for (guint i = 0; i < heap->len; i++)
      g_ptr_array_add (out, fw_size_file_copy (heap->pdata[i]));
  g_mutex_unlock (&state->lock);
  g_ptr_array_sort (out, compare);
  return out;
}

GPtrArray *
fw_size_top_snapshot (FwSizeState *state)
{
  return snapshot (state, state->top, compare_largest_first);
}

GPtrArray *
fw_size_top_snapshot_apparent (FwSizeState *state)
{
  return snapshot (state, state->top_apparent, compare_largest_apparent_first);
}

/* A folder's kept files ---------------------------------------------------- */

void
fw_size_kept_init (FwSizeKeptFiles *kept)
{
  kept->len = 0;
  kept->smallest = 0;
  kept->floor = 0;
}

static void
add_to_rest (FwSizeNode        *folder,
             guint64            disk,
             guint64            apparent,
             gint64             mtime)
{
  folder->rest_disk_usage += disk;
  folder->rest_apparent_size += apparent;
  folder->rest_mtime = MAX (folder->rest_mtime, mtime);
  folder->n_rest++;
}

/* Once full: the first of the smallest kept, and its disk usage. */
static void
find_smallest (FwSizeKeptFiles *kept)
{
  const FwSizeKeptFile *k = kept->files;
  guint smallest = 0;

  for (guint i = 1; i < kept->len; i++)
    if (k[i].st.st_blocks < k[smallest].st.st_blocks)
      smallest = i;
  kept->smallest = smallest;
  kept->floor = (guint64) k[smallest].st.st_blocks * 512;
}

static void
kept_set (FwSizeKeptFile    *k,
          const char        *name,
          const struct stat *st,
          guint64            index,
          guint64            d_ino)
{
  gsize len = strlen (name);

  k->st = *st;
  k->met[0] = index;
  k->met[1] = d_ino;
  memcpy (k->name, name, MIN (len, sizeof k->name - 1));
  k->name[MIN (len, sizeof k->name - 1)] = '\0';
}

void
fw_size_kept_offer (FwSizeKeptFiles   *kept,
                    FwSizeNode        *folder,
                    const char        *name,
                    const struct stat *st,
                    guint64            index,
                    guint64            d_ino)
{
  guint64 disk = (guint64) st->st_blocks * 512;
  FwSizeKeptFile *out;

  if (kept->len < FW_SIZE_N_KEPT_FILES)
    {
      kept_set (&kept->files[kept->len++], name, st, index, d_ino);
      if (kept->len == FW_SIZE_N_KEPT_FILES)
        find_smallest (kept);
      return;
    }
  /* Most files stop here: no larger than the smallest kept. */
  if (disk <= kept->floor)
    {
      add_to_rest (folder, disk, st->st_size > 0 ? (guint64) st->st_size : 0, st->st_mtime);
      return;
    }
  out = &kept->files[kept->smallest];
  add_to_rest (folder, kept->floor, out->st.st_size > 0 ? (guint64) out->st.st_size : 0,
               out->st.st_mtime);
  kept_set (out, name, st, index, d_ino);
  find_smallest (kept);
}

void
fw_size_kept_finish (FwSizeKeptFiles *kept,
                     FwSizeNode      *folder,
                     GPtrArray       *nodes,
                     GArray          *nodes_met)
{
  for (guint i = 0; i < kept->len; i++)
    {
      FwSizeKeptFile *k = &kept->files[i];

      g_ptr_array_add (nodes, fw_size_node_new (folder, k->name, &k->st));
      g_array_append_vals (nodes_met, k->met, 2);
    }
  kept->len = 0;
}
