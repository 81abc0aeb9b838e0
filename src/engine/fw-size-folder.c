/* fw-size-folder.c — one folder of a size scan: its item and its job
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every folder of the tree is one item (FwSizeDir) of the scan's
 * FwPoolStream. Its job, in a pool thread, opens the folder relative to
 * its anchor (fw-size-fd-budget.c), lists it with readdir() and fstatat(),
 * adds what it counted to the scan's live counters, and pushes its
 * subfolders onto the stream (a push from inside the pool never blocks).
 * A subfolder already on its own path (a cycle) is left out, as du leaves
 * it out. See fw-size-private.h for anchors, holds and slots.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fw-size-private.h"

/* A folder's entries reach the live counters in steps of at most this. */
#define PROGRESS_FLUSH 1024

FwSizeDir *
fw_size_dir_ref (FwSizeDir *dir)
{
  g_atomic_int_inc (&dir->ref_count);
  return dir;
}

void
fw_size_dir_unref (FwSizeDir *dir)
{
  while (dir != NULL && g_atomic_int_dec_and_test (&dir->ref_count))
    {
      FwSizeDir *parent = dir->parent;

      g_assert (dir->anchor == NULL);
      g_assert (dir->dirp == NULL);
      fw_size_state_unref (dir->state);
      g_free (dir->name);
      g_free (dir);
      dir = parent;
    }
}

void
fw_size_dir_item_free (gpointer data)
{
  FwSizeDir *dir = data;
  FwSizeDir *anchor = g_steal_pointer (&dir->anchor);

  fw_size_anchor_release (anchor);
  fw_size_dir_unref (dir);
}

guint64
fw_size_dir_path_bit (guint64 dev,
                      guint64 ino)
{
  guint64 h = (ino ^ (dev << 17)) * 0x9E3779B97F4A7C15ull;

  return G_GUINT64_CONSTANT (1) << (h >> 58);
}

/* Whether the folder @dev, @ino is @dir or one of its ancestors: entering
 * it would go round a cycle (du: fts's FTS_DC, left out silently). */
static gboolean
dir_on_path (FwSizeDir *dir,
             guint64    dev,
             guint64    ino)
{
  if ((dir->path_bits & fw_size_dir_path_bit (dev, ino)) == 0)
    return FALSE;
  for (; dir != NULL; dir = dir->parent)
    if (dir->ino == ino && dir->dev == dev)
      return TRUE;
  return FALSE;
}

static FwSizeDir *
dir_new_child (FwSizeDir  *parent,
               const char *name,
               guint64     dev,
               guint64     ino,
               gboolean    below_mount,
               int         slot,
               FwSizeNode *node)
{
  FwSizeDir *dir = g_new0 (FwSizeDir, 1);

  dir->ref_count = 1;
  dir->state = fw_size_state_ref (parent->state);
  dir->parent = fw_size_dir_ref (parent);
  dir->name = g_strdup (name);
  dir->depth = parent->depth + 1;
  dir->slot = slot;
  dir->dev = dev;
  dir->ino = ino;
  dir->path_bits = parent->path_bits | fw_size_dir_path_bit (dev, ino);
  dir->below_mount = below_mount;
  dir->node = node;
  return dir;
}

/* du's spelling of a folder's path: the item's trimmed path, then names,
 * one trailing slash of the item's path dropped before the first name. */
static void
dir_append_path (FwSizeDir *dir,
                 GString   *out)
{
  if (dir->parent == NULL)
    {
      g_string_append (out, dir->name);
      return;
    }
  dir_append_path (dir->parent, out);
  if (out->len > 0 && out->str[out->len - 1] == '/' && dir->parent->parent == NULL)
    g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '/');
  g_string_append (out, dir->name);
}

static char *
dir_get_path (FwSizeDir *dir)
{
  GString *out = g_string_new (NULL);

  dir_append_path (dir, out);
  return g_string_free (out, FALSE);
}

static char *
dir_child_path (FwSizeDir  *dir,
                const char *name)
{
  GString *out = g_string_new (NULL);

  dir_append_path (dir, out);
  if (out->len > 0 && out->str[out->len - 1] == '/' && dir->parent == NULL)
    g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '/');
  g_string_append (out, name);
  return g_string_free (out, FALSE);
}

static void
flush_counts (FwSizeState *state,
              FwSizeDir   *dir,
              guint64     *entries,
              guint64     *disk,
              guint64     *apparent)
{
  __atomic_fetch_add (&state->entries, *entries, __ATOMIC_RELAXED);
  __atomic_fetch_add (&state->disk, *disk, __ATOMIC_RELAXED);
  __atomic_fetch_add (&state->apparent, *apparent, __ATOMIC_RELAXED);
  if (dir->slot >= 0)
    {
      __atomic_fetch_add (&state->slots[dir->slot].disk, *disk, __ATOMIC_RELAXED);
      __atomic_fetch_add (&state->slots[dir->slot].apparent, *apparent, __ATOMIC_RELAXED);
    }
  *entries = *disk = *apparent = 0;
}

/* An entry of the folder being listed, until its place is known. */
typedef struct {
  guint64      index;     /* in readdir's order, `.` and `..` left out */
  guint64      d_ino;
  FwSizeError *error;     /* for an error; NULL for a subfolder */
} Met;

/* Adds @error, about @dir itself, to the scan's list. */
static void
add_dir_error (FwSizeDir   *dir,
               FwSizeError *error)
{
  fw_size_error_set_order (error, dir, NULL);
  fw_size_state_add_errors (dir->state, &error, 1);
}

/* Once @dir is listed: its subfolders' places, and its entries' errors
 * with theirs, added to the scan's list. */
static void
place_entries (FwSizeDir *dir,
               int        dir_fd,
               guint64    n_names,
               GPtrArray *subdirs,
               GArray    *subdirs_met,
               GArray    *errors_met,
               GPtrArray *nodes,
               GArray    *nodes_met)
{
  FwSizeListing listing;

  fw_size_listing_init (&listing, dir_fd, n_names);
  if (nodes != NULL)
    fw_size_node_set_children (dir->node, nodes, (const guint64 *) nodes_met->data, &listing);
  for (guint i = 0; i < subdirs->len; i++)
    {
      Met *m = &g_array_index (subdirs_met, Met, i);
      FwSizeDir *sub = g_ptr_array_index (subdirs, i);

      fw_size_listing_place (&listing, m->index, m->d_ino, sub->place);
    }
  if (errors_met == NULL)
    return;
  {
    g_autofree FwSizeError **errors = g_new (FwSizeError *, errors_met->len);

    for (guint i = 0; i < errors_met->len; i++)
      {
        Met *m = &g_array_index (errors_met, Met, i);
        guint64 place[2];

        fw_size_listing_place (&listing, m->index, m->d_ino, place);
        fw_size_error_set_order (m->error, dir, place);
        errors[i] = m->error;
      }
    fw_size_state_add_errors (dir->state, errors, errors_met->len);
  }
}

/* The job of one folder. Never fails but for a cancel: what it cannot read
 * goes to the scan's error list. */
gpointer
fw_size_folder_job (gpointer       item,
                    GCancellable  *cancellable,
                    gpointer       user_data,
                    GError       **error)
{
  FwSizeDir *dir = item;
  FwSizeState *state = dir->state;
  g_autoptr(GPtrArray) subdirs = NULL;
  g_autoptr(GArray) rec = NULL;
  g_autoptr(GArray) subdirs_met = NULL;
  g_autoptr(GArray) errors_met = NULL;
  /* With FW_SIZE_RECORD_TREE: the nodes kept, and their readdir index and
   * d_ino (pairs). */
  FwSizeNode *node = dir->node;
  gboolean record_files = (state->flags & FW_SIZE_RECORD_FILES) != 0;
  /* With FW_SIZE_RECORD_LARGEST_FILES: the folder's largest files. */
  gboolean keep_files = !record_files && (state->flags & FW_SIZE_RECORD_LARGEST_FILES) != 0;
  FwSizeKeptFiles kept;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GArray) nodes_met = NULL;
  /* Its other files (no node), summed until it is listed. */
  guint64 rest_disk = 0, rest_apparent = 0, n_rest = 0;
  gint64 rest_mtime = 0;
  /* With exclude patterns: the entries' paths, as du spells them. */
  g_autoptr(GString) child_path = NULL;
  gsize prefix_len = 0;
  FwSizeError *read_error = NULL;
  guint64 n_names = 0;
  guint64 entries = 0, disk = 0, apparent = 0;
  guint64 n_files = 0, n_dirs = 0, n_others = 0;
  /* The item's own job notes its children for the largest. */
  gboolean keep_largest = dir->parent == NULL && (state->flags & FW_SIZE_KEEP_LARGEST);
  struct dirent *de;
  DIR *dirp;
  int fd;

  fw_size_kept_init (&kept);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      /* Its own anchor is released when the stream frees the item. */
      __atomic_store_n (&state->skipped, TRUE, __ATOMIC_SEQ_CST);
      fw_size_state_finish_one (state);
      return NULL;
    }

  if (state->hook != NULL)
    {
      g_autofree char *path = dir_get_path (dir);
      g_autoptr(FwSizeScan) scan = g_weak_ref_get (&state->hook_scan);
      guint64 n = __atomic_fetch_add (&state->n_opened, 1, __ATOMIC_RELAXED);

      if (scan != NULL)
        state->hook (scan, path, n, state->hook_data);
    }
  else
    __atomic_fetch_add (&state->n_opened, 1, __ATOMIC_RELAXED);

  fd = fw_size_dir_open (dir);
  if (fd < 0 || (dirp = fdopendir (fd)) == NULL)
    {
      int errnum = errno;
      if (fd >= 0)
        close (fd);
      add_dir_error (dir, fw_size_error_new (FW_SIZE_ERROR_READ_DIR, dir_get_path (dir), errnum,
                                             dir->dev, dir->ino, TRUE));
      if (node != NULL)
        node->errnum = errnum;
      goto out;
    }

  if (node != NULL)
    {
      nodes = g_ptr_array_new ();
      nodes_met = g_array_new (FALSE, FALSE, sizeof (guint64));
    }
  if (!fw_exclude_is_empty (state->exclude))
    {
      g_autofree char *prefix = dir_child_path (dir, "");

      child_path = g_string_new (prefix);
      prefix_len = child_path->len;
    }

  subdirs = g_ptr_array_new ();
  subdirs_met = g_array_new (FALSE, FALSE, sizeof (Met));
  if (state->flags & FW_SIZE_RECORD_ENTRIES)
    rec = g_array_new (FALSE, FALSE, sizeof (FwSizeEntry));

  for (;;)
    {
      struct stat st;
      const char *name;
      guint64 d, a;
      gboolean below_mount;
      FwSizeNode *child_node;
      Met met;

      errno = 0;
      de = readdir (dirp);
      if (de == NULL)
        {
          if (errno != 0)
            read_error = fw_size_error_new (FW_SIZE_ERROR_READ_DIR, dir_get_path (dir), errno,
                                            dir->dev, dir->ino, TRUE);
          break;
        }
      name = de->d_name;
      if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')))
        continue;
      met.index = n_names++;
      met.d_ino = de->d_ino;
      met.error = NULL;

      /* du looks at the patterns before it examines the entry. */
      if (child_path != NULL)
        {
          g_string_truncate (child_path, prefix_len);
          g_string_append (child_path, name);
          if (fw_exclude_match (state->exclude, child_path->str + state->exclude_offset))
            continue;
        }

      if (fstatat (dirfd (dirp), name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        {
          int errnum = errno;

          if (nodes != NULL)
            {
              guint64 m[2] = { met.index, met.d_ino };

              g_ptr_array_add (nodes, fw_size_node_new_error (node, name, errnum));
              g_array_append_vals (nodes_met, m, 2);
            }
          met.error = fw_size_error_new (FW_SIZE_ERROR_ACCESS, dir_child_path (dir, name), errnum,
                                         dir->dev, dir->ino, TRUE);
          if (errors_met == NULL)
            errors_met = g_array_new (FALSE, FALSE, sizeof (Met));
          g_array_append_val (errors_met, met);
          continue;
        }
      if ((state->flags & FW_SIZE_ONE_FILE_SYSTEM) && (guint64) st.st_dev != state->root_dev)
        continue;
      /* A folder can be on its own path only once the path went through
       * a mount point (within one mount, folders form a tree). A mount
       * point shows another inode than the folder it covers (readdir's
       * d_ino), or another device. */
      below_mount = S_ISDIR (st.st_mode) &&
                    (dir->below_mount || (guint64) st.st_dev != dir->dev ||
                     (guint64) de->d_ino != (guint64) st.st_ino);
      if (below_mount && dir_on_path (dir, st.st_dev, st.st_ino))
        continue;

      /* The tree keeps folders, files with several links (du counts the
       * first name in its order, decided once the tree is whole) and,
       * for du -a, every entry. */
      child_node = NULL;
      if (nodes != NULL)
        {
          if (S_ISDIR (st.st_mode) || record_files || st.st_nlink > 1)
            {
              guint64 m[2] = { met.index, met.d_ino };

              child_node = fw_size_node_new (node, name, &st);
              g_ptr_array_add (nodes, child_node);
              g_array_append_vals (nodes_met, m, 2);
            }
          else if (keep_files && S_ISREG (st.st_mode) &&
                   !fw_size_kept_refuses (&kept, (guint64) st.st_blocks * 512))
            fw_size_kept_offer (&kept, node, name, &st, met.index, met.d_ino);
          else
            {
              /* Summed here, added to the node once listed. */
              rest_disk += (guint64) st.st_blocks * 512;
              rest_apparent += st.st_size > 0 ? (guint64) st.st_size : 0;
              rest_mtime = MAX (rest_mtime, (gint64) st.st_mtime);
              n_rest++;
            }
        }

      if (!S_ISDIR (st.st_mode) && st.st_nlink > 1 && fw_size_link_seen (state, &st))
        {
          if (child_node != NULL)
            fw_size_node_set_uncounted (child_node);
          continue;
        }
      if (state->top != NULL && S_ISREG (st.st_mode) &&
          !fw_size_top_refuses (state, (guint64) st.st_blocks * 512,
                               st.st_size > 0 ? (guint64) st.st_size : 0))
        fw_size_top_offer (state, node, name, &st);

      d = (guint64) st.st_blocks * 512;
      a = st.st_size > 0 ? (guint64) st.st_size : 0;
      disk += d;
      apparent += a;
      entries++;
      if (S_ISREG (st.st_mode))
        n_files++;
      else if (S_ISDIR (st.st_mode))
        n_dirs++;
      else
        n_others++;
      if (rec != NULL)
        {
          FwSizeEntry e = { st.st_dev, st.st_ino, d, a };
          g_array_append_val (rec, e);
        }

      if (keep_largest)
        fw_size_largest_note (state, name, d, a, S_ISDIR (st.st_mode),
                              S_ISDIR (st.st_mode) ? (int) subdirs->len : -1);
      if (S_ISDIR (st.st_mode))
        {
          g_ptr_array_add (subdirs,
                           dir_new_child (dir, name, st.st_dev, st.st_ino, below_mount,
                                          keep_largest ? (int) subdirs->len : dir->slot,
                                          child_node));
          g_array_append_val (subdirs_met, met);
        }

      if (entries >= PROGRESS_FLUSH)
        flush_counts (state, dir, &entries, &disk, &apparent);
    }

  /* A folder that cannot be listed to the end: du says so before what
   * is in it. */
  if (read_error != NULL)
    {
      if (node != NULL)
        node->errnum = read_error->errnum;
      add_dir_error (dir, read_error);
    }
  if (nodes != NULL)
    {
      node->rest_disk_usage += rest_disk;
      node->rest_apparent_size += rest_apparent;
      node->rest_mtime = MAX (node->rest_mtime, rest_mtime);
      node->n_rest += n_rest;
      fw_size_kept_finish (&kept, node, nodes, nodes_met);
    }
  place_entries (dir, dirfd (dirp), n_names, subdirs, subdirs_met, errors_met, nodes,
                 nodes_met);

  if (keep_largest)
    state->slots = g_new0 (FwSizeSlot, MAX (subdirs->len, 1));

  if (subdirs->len > 0)
    {
      FwSizeDir *anchor;

      if (fw_size_fd_budget_try_keep (state))
        {
          dir->dirp = dirp;
          dirp = NULL;
          dir->holds = subdirs->len;
          anchor = dir;
        }
      else
        anchor = dir->anchor;

      for (guint i = 0; i < subdirs->len; i++)
        {
          FwSizeDir *sub = g_ptr_array_index (subdirs, i);

          if (anchor != NULL)
            {
              if (anchor != dir)
                g_atomic_int_inc (&anchor->holds);
              sub->anchor = fw_size_dir_ref (anchor);
            }
        }
      g_atomic_int_add (&state->outstanding, (int) subdirs->len);
      if (node != NULL)
        g_atomic_int_add (&node->pending, (int) subdirs->len);
    }
  if (dirp != NULL)
    closedir (dirp);

  __atomic_fetch_add (&state->folders, 1, __ATOMIC_RELAXED);
  __atomic_fetch_add (&state->n_files, n_files, __ATOMIC_RELAXED);
  __atomic_fetch_add (&state->n_dirs, n_dirs, __ATOMIC_RELAXED);
  __atomic_fetch_add (&state->n_others, n_others, __ATOMIC_RELAXED);
  flush_counts (state, dir, &entries, &disk, &apparent);
  if (rec != NULL && rec->len > 0)
    {
      g_mutex_lock (&state->lock);
      g_array_append_vals (state->entries_rec, rec->data, rec->len);
      g_mutex_unlock (&state->lock);
    }

  /* The stream takes the items; a push from inside a job never blocks. It
   * fails only once the stream is finished (cancelled): the item is ours. */
  for (guint i = 0; i < subdirs->len; i++)
    if (!fw_pool_stream_push (state->stream, g_ptr_array_index (subdirs, i)))
      {
        fw_size_dir_item_free (g_ptr_array_index (subdirs, i));
        __atomic_store_n (&state->skipped, TRUE, __ATOMIC_SEQ_CST);
        fw_size_state_finish_one (state);
      }

out:
  /* Its listing is over (its subfolders' subtrees may not be). */
  if (node != NULL)
    fw_size_node_done (state, node);
  fw_size_anchor_release (g_steal_pointer (&dir->anchor));
  fw_size_state_finish_one (state);
  return NULL;
}
