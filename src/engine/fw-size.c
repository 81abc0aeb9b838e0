/* fw-size.c — the size job: a parallel, du-compatible disk usage scanner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE 1 /* O_PATH */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fw-size.h"

/* How the scan works
 *
 * Shared state (ScanState) is reference counted: the scan object, the run
 * and every folder item hold a reference, so that folder jobs still running
 * after a cancel (the pool does not wait for them) touch only live memory.
 *
 * A folder item (Dir) knows its parent (for paths), its name, and an
 * "anchor": the nearest ancestor whose descriptor is open and that the item
 * holds (Dir.holds counts them; the last release closes it). The item opens
 * itself by the relative path from its anchor (usually just its name: the
 * anchor is its parent). A folder with subfolders keeps its descriptor as
 * their anchor if the budget of kept descriptors allows; otherwise its
 * subfolders take its own anchor. An item releases its anchor only once its
 * subfolders hold theirs, so an anchor is always open when used.
 *
 * Totals are summed per folder and added once per folder to atomics; the
 * subtree of each direct child of the item has its own slot, for the
 * largest children.
 */

#define CHUNK_PATH_MAX 2048
#define PROGRESS_FLUSH 1024

typedef struct {
  guint64 dev;
  guint64 ino;
} DevIno;

typedef struct {
  guint64 dev;
  guint64 ino;
  guint64 disk;
  guint64 apparent;
} Entry;

typedef struct {
  _Atomic guint64 disk;
  _Atomic guint64 apparent;
} Slot;

typedef struct {
  char     *name;
  guint64   disk;
  guint64   apparent;
  gboolean  is_dir;
  int       slot;
} Candidate;

typedef struct _Dir Dir;

typedef struct {
  gint              ref_count;

  char             *root_path;     /* trimmed as du trims it */
  FwSizeFlags       flags;
  guint64           root_dev;
  guint64           root_ino;
  guint             max_open;
  guint             process_max;   /* the default bound, for all scans */

  FwSizeFolderHook  hook;
  gpointer          hook_data;
  GDestroyNotify    hook_destroy;
  GWeakRef          hook_scan;

  GTask            *task;          /* fw_size_scan_run_async(), until stopped */
  gboolean          stopped;       /* under lock: no folder job runs any more */
  GCond             stopped_cond;
  /* Not a reference: the run owns the stream, and the pool keeps a stream
   * alive while its jobs run, so it is valid inside every folder job. */
  FwPoolStream     *stream;

  /* Live counters. */
  _Atomic guint64   entries;
  _Atomic guint64   folders;
  _Atomic guint64   disk;
  _Atomic guint64   apparent;
  _Atomic guint64   n_files;
  _Atomic guint64   n_dirs;
  _Atomic guint64   n_others;
  _Atomic guint64   n_opened;
  _Atomic gint      outstanding;   /* folders pushed and not finished */
  _Atomic gboolean  skipped;       /* a folder was left out: cancelled */
  _Atomic gint      open_kept;     /* descriptors kept as anchors */
  _Atomic gint      peak_open;

  /* Set by the item's own folder job, read after the scan. */
  Slot             *slots;
  GArray           *candidates;    /* of Candidate */

  GMutex            lock;          /* guards what follows */
  GHashTable       *links;         /* DevIno* of multiply linked files seen */
  GPtrArray        *errors;        /* FwSizeError* */
  GArray           *entries_rec;   /* Entry, with FW_SIZE_RECORD_ENTRIES */
} ScanState;

struct _Dir {
  gint        ref_count;
  ScanState  *state;              /* a reference */
  Dir        *parent;             /* a reference; NULL for the item */
  char       *name;               /* for the item: its path */
  guint       depth;
  int         slot;               /* -1 for the item itself */
  guint64     dev;
  guint64     ino;

  Dir        *anchor;             /* a reference and a hold, NULL = cwd */
  /* As an anchor: */
  DIR        *dirp;
  gint        holds;
};

struct _FwSizeScan {
  GObject     parent_instance;
  ScanState  *state;
  gboolean    started;
};

G_DEFINE_FINAL_TYPE (FwSizeScan, fw_size_scan, G_TYPE_OBJECT)

/* Descriptors kept by every scan of the process, under the default bound:
 * the CLI runs several scans at once. */
static _Atomic gint kept_in_process;

/* ---------------------------------------------------------------------- */

static guint
devino_hash (gconstpointer key)
{
  const DevIno *d = key;
  guint64 h = d->ino * 0x9E3779B97F4A7C15ull ^ d->dev;
  return (guint) (h ^ (h >> 32));
}

static gboolean
devino_equal (gconstpointer a,
              gconstpointer b)
{
  const DevIno *x = a, *y = b;
  return x->ino == y->ino && x->dev == y->dev;
}

static ScanState *
scan_state_ref (ScanState *state)
{
  g_atomic_int_inc (&state->ref_count);
  return state;
}

static void
size_error_free (gpointer data)
{
  FwSizeError *e = data;
  g_free (e->path);
  g_clear_error (&e->error);
  g_free (e);
}

static void
candidate_clear (gpointer data)
{
  g_free (((Candidate *) data)->name);
}

static void
scan_state_unref (ScanState *state)
{
  if (!g_atomic_int_dec_and_test (&state->ref_count))
    return;
  if (state->hook_destroy != NULL)
    state->hook_destroy (state->hook_data);
  g_free (state->root_path);
  g_assert (state->task == NULL);
  g_cond_clear (&state->stopped_cond);
  g_weak_ref_clear (&state->hook_scan);
  g_free (state->slots);
  g_clear_pointer (&state->candidates, g_array_unref);
  g_mutex_clear (&state->lock);
  g_hash_table_unref (state->links);
  g_ptr_array_unref (state->errors);
  g_clear_pointer (&state->entries_rec, g_array_unref);
  g_free (state);
}

static ScanState *
scan_state_new (const char  *path,
                FwSizeFlags  flags)
{
  ScanState *state = g_new0 (ScanState, 1);
  gsize len = strlen (path);

  state->ref_count = 1;
  /* fts_open: two or more trailing slashes are trimmed to one. */
  if (len > 2 && path[len - 1] == '/')
    while (len > 1 && path[len - 2] == '/')
      len--;
  state->root_path = g_strndup (path, len);
  state->flags = flags;
  g_mutex_init (&state->lock);
  g_cond_init (&state->stopped_cond);
  g_weak_ref_init (&state->hook_scan, NULL);
  state->candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_array_set_clear_func (state->candidates, candidate_clear);
  state->links = g_hash_table_new_full (devino_hash, devino_equal, g_free, NULL);
  state->errors = g_ptr_array_new_with_free_func (size_error_free);
  if (flags & FW_SIZE_RECORD_ENTRIES)
    state->entries_rec = g_array_new (FALSE, FALSE, sizeof (Entry));
  return state;
}

/* ---------------------------------------------------------------------- */

static Dir *
dir_ref (Dir *dir)
{
  g_atomic_int_inc (&dir->ref_count);
  return dir;
}

static void
dir_unref (Dir *dir)
{
  while (dir != NULL && g_atomic_int_dec_and_test (&dir->ref_count))
    {
      Dir *parent = dir->parent;

      g_assert (dir->anchor == NULL);
      g_assert (dir->dirp == NULL);
      scan_state_unref (dir->state);
      g_free (dir->name);
      g_free (dir);
      dir = parent;
    }
}

/* Drops one hold on @anchor: the last one closes its descriptor. */
static void
anchor_release (Dir *anchor)
{
  if (anchor == NULL)
    return;
  if (g_atomic_int_dec_and_test (&anchor->holds))
    {
      ScanState *state = anchor->state;

      closedir (anchor->dirp);
      anchor->dirp = NULL;
      atomic_fetch_sub (&state->open_kept, 1);
      atomic_fetch_sub (&kept_in_process, 1);
    }
  dir_unref (anchor);
}

/* For items that never ran (dropped on cancel) as well as for those that did. */
static void
dir_item_free (gpointer data)
{
  Dir *dir = data;
  Dir *anchor = g_steal_pointer (&dir->anchor);

  anchor_release (anchor);
  dir_unref (dir);
}

static Dir *
dir_new_child (Dir        *parent,
               const char *name,
               guint64     dev,
               guint64     ino,
               int         slot)
{
  Dir *dir = g_new0 (Dir, 1);

  dir->ref_count = 1;
  dir->state = scan_state_ref (parent->state);
  dir->parent = dir_ref (parent);
  dir->name = g_strdup (name);
  dir->depth = parent->depth + 1;
  dir->slot = slot;
  dir->dev = dev;
  dir->ino = ino;
  return dir;
}

/* du's spelling of a folder's path: the item's trimmed path, then names,
 * one trailing slash of the item's path dropped before the first name. */
static void
dir_append_path (Dir     *dir,
                 GString *out)
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
dir_get_path (Dir *dir)
{
  GString *out = g_string_new (NULL);

  dir_append_path (dir, out);
  return g_string_free (out, FALSE);
}

static char *
dir_child_path (Dir        *dir,
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
state_add_error (ScanState       *state,
                 FwSizeErrorKind  kind,
                 char            *path,       /* taken */
                 int              errnum,
                 guint64          key_dev,
                 guint64          key_ino,
                 gboolean         has_key)
{
  FwSizeError *e = g_new0 (FwSizeError, 1);

  e->kind = kind;
  e->path = path;
  e->errnum = errnum;
  e->error = g_error_new_literal (G_IO_ERROR, g_io_error_from_errno (errnum),
                                  g_strerror (errnum));
  e->key_dev = key_dev;
  e->key_ino = key_ino;
  e->has_key = has_key;
  g_mutex_lock (&state->lock);
  g_ptr_array_add (state->errors, e);
  g_mutex_unlock (&state->lock);
}

static guint
default_max_open (void)
{
  struct rlimit rl;
  guint64 n = 256;

  if (getrlimit (RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
    n = rl.rlim_cur / 4;
  return (guint) CLAMP (n, 4, 1024);
}

static gboolean
try_keep_descriptor (ScanState *state)
{
  int total = atomic_load (&kept_in_process);
  int n;

  do
    {
      if (total >= (int) state->process_max)
        return FALSE;
    }
  while (!atomic_compare_exchange_weak (&kept_in_process, &total, total + 1));

  n = atomic_load (&state->open_kept);

  do
    {
      if (n >= (int) state->max_open)
        {
          atomic_fetch_sub (&kept_in_process, 1);
          return FALSE;
        }
    }
  while (!atomic_compare_exchange_weak (&state->open_kept, &n, n + 1));

  n++;
  int peak = atomic_load (&state->peak_open);
  while (n > peak && !atomic_compare_exchange_weak (&state->peak_open, &peak, n))
    ;
  return TRUE;
}

/* Opens @dir relative to its anchor. Returns a descriptor or -1 with errno. */
static int
dir_open (Dir *dir)
{
  int flags = O_RDONLY | O_DIRECTORY | O_NOCTTY | O_CLOEXEC;
  Dir *anchor = dir->anchor;
  int base = anchor != NULL ? dirfd (anchor->dirp) : AT_FDCWD;
  g_autoptr(GPtrArray) names = NULL;
  gboolean first;
  struct stat st;
  Dir *root;
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

static gboolean
link_seen (ScanState         *state,
           const struct stat *st)
{
  DevIno key = { st->st_dev, st->st_ino };
  gboolean seen;

  g_mutex_lock (&state->lock);
  seen = g_hash_table_contains (state->links, &key);
  if (!seen)
    g_hash_table_add (state->links, g_memdup2 (&key, sizeof key));
  g_mutex_unlock (&state->lock);
  return seen;
}

static void
scan_finish_one (ScanState *state)
{
  if (atomic_fetch_sub (&state->outstanding, 1) == 1)
    fw_pool_stream_close (state->stream);
}

static void
flush_counts (ScanState *state,
              Dir       *dir,
              guint64   *entries,
              guint64   *disk,
              guint64   *apparent)
{
  atomic_fetch_add (&state->entries, *entries);
  atomic_fetch_add (&state->disk, *disk);
  atomic_fetch_add (&state->apparent, *apparent);
  if (dir->slot >= 0)
    {
      atomic_fetch_add (&state->slots[dir->slot].disk, *disk);
      atomic_fetch_add (&state->slots[dir->slot].apparent, *apparent);
    }
  *entries = *disk = *apparent = 0;
}

/* The job of one folder. Never fails but for a cancel: what it cannot read
 * goes to the scan's error list. */
static gpointer
folder_job (gpointer       item,
            GCancellable  *cancellable,
            gpointer       user_data,
            GError       **error)
{
  Dir *dir = item;
  ScanState *state = dir->state;
  g_autoptr(GPtrArray) subdirs = NULL;
  g_autoptr(GArray) rec = NULL;
  guint64 entries = 0, disk = 0, apparent = 0;
  guint64 n_files = 0, n_dirs = 0, n_others = 0;
  gboolean is_root = dir->parent == NULL;
  struct dirent *de;
  DIR *dirp;
  int fd;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      /* Its own anchor is released when the stream frees the item. */
      atomic_store (&state->skipped, TRUE);
      scan_finish_one (state);
      return NULL;
    }

  if (state->hook != NULL)
    {
      g_autofree char *path = dir_get_path (dir);
      g_autoptr(FwSizeScan) scan = g_weak_ref_get (&state->hook_scan);
      guint64 n = atomic_fetch_add (&state->n_opened, 1);

      if (scan != NULL)
        state->hook (scan, path, n, state->hook_data);
    }
  else
    atomic_fetch_add (&state->n_opened, 1);

  fd = dir_open (dir);
  if (fd < 0 || (dirp = fdopendir (fd)) == NULL)
    {
      int errnum = errno;
      if (fd >= 0)
        close (fd);
      state_add_error (state, FW_SIZE_ERROR_READ_DIR, dir_get_path (dir), errnum,
                       dir->dev, dir->ino, TRUE);
      goto out;
    }

  subdirs = g_ptr_array_new ();
  if (state->flags & FW_SIZE_RECORD_ENTRIES)
    rec = g_array_new (FALSE, FALSE, sizeof (Entry));

  for (;;)
    {
      struct stat st;
      const char *name;
      guint64 d, a;

      errno = 0;
      de = readdir (dirp);
      if (de == NULL)
        {
          if (errno != 0)
            state_add_error (state, FW_SIZE_ERROR_READ_DIR, dir_get_path (dir), errno,
                             dir->dev, dir->ino, TRUE);
          break;
        }
      name = de->d_name;
      if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')))
        continue;

      if (fstatat (dirfd (dirp), name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        {
          state_add_error (state, FW_SIZE_ERROR_ACCESS, dir_child_path (dir, name), errno,
                           dir->dev, dir->ino, TRUE);
          continue;
        }
      if ((state->flags & FW_SIZE_ONE_FILE_SYSTEM) && (guint64) st.st_dev != state->root_dev)
        continue;
      if (!S_ISDIR (st.st_mode) && st.st_nlink > 1 && link_seen (state, &st))
        continue;

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
          Entry e = { st.st_dev, st.st_ino, d, a };
          g_array_append_val (rec, e);
        }

      if (is_root)
        {
          Candidate c = { g_strdup (name), d, a, S_ISDIR (st.st_mode), -1 };
          if (S_ISDIR (st.st_mode))
            c.slot = subdirs->len;
          g_array_append_val (state->candidates, c);
        }
      if (S_ISDIR (st.st_mode))
        g_ptr_array_add (subdirs,
                         dir_new_child (dir, name, st.st_dev, st.st_ino,
                                        is_root ? (int) subdirs->len : dir->slot));

      if (entries >= PROGRESS_FLUSH)
        flush_counts (state, dir, &entries, &disk, &apparent);
    }

  if (is_root)
    state->slots = g_new0 (Slot, MAX (subdirs->len, 1));

  if (subdirs->len > 0)
    {
      Dir *anchor;

      if (try_keep_descriptor (state))
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
          Dir *sub = g_ptr_array_index (subdirs, i);

          if (anchor != NULL)
            {
              if (anchor != dir)
                g_atomic_int_inc (&anchor->holds);
              sub->anchor = dir_ref (anchor);
            }
        }
      atomic_fetch_add (&state->outstanding, (int) subdirs->len);
    }
  if (dirp != NULL)
    closedir (dirp);

  atomic_fetch_add (&state->folders, 1);
  atomic_fetch_add (&state->n_files, n_files);
  atomic_fetch_add (&state->n_dirs, n_dirs);
  atomic_fetch_add (&state->n_others, n_others);
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
        dir_item_free (g_ptr_array_index (subdirs, i));
        atomic_store (&state->skipped, TRUE);
        scan_finish_one (state);
      }

out:
  anchor_release (g_steal_pointer (&dir->anchor));
  scan_finish_one (state);
  return NULL;
}

/* ---------------------------------------------------------------------- */

char *
fw_size_error_to_string (const FwSizeError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->kind == FW_SIZE_ERROR_READ_DIR)
    return g_strdup_printf ("cannot read directory '%s': %s", error->path, g_strerror (error->errnum));
  return g_strdup_printf ("cannot access '%s': %s", error->path, g_strerror (error->errnum));
}

static void
size_child_free (gpointer data)
{
  FwSizeChild *child = data;

  if (child == NULL)
    return;
  g_free (child->name);
  g_free (child);
}

void
fw_size_result_free (FwSizeResult *result)
{
  if (result == NULL)
    return;
  g_free (result->path);
  g_clear_pointer (&result->errors, g_ptr_array_unref);
  g_clear_pointer (&result->largest, g_ptr_array_unref);
  g_clear_pointer (&result->entries, g_array_unref);
  g_free (result);
}

static FwSizeResult *
result_new (ScanState *state)
{
  FwSizeResult *result = g_new0 (FwSizeResult, 1);

  result->path = g_strdup (state->root_path);
  result->errors = g_ptr_array_new_with_free_func (size_error_free);
  result->largest = g_ptr_array_new_with_free_func (size_child_free);
  result->dev = state->root_dev;
  result->ino = state->root_ino;
  return result;
}

static gint
compare_children (gconstpointer a,
                  gconstpointer b)
{
  const FwSizeChild *x = *(FwSizeChild * const *) a;
  const FwSizeChild *y = *(FwSizeChild * const *) b;

  if (x->disk_usage != y->disk_usage)
    return x->disk_usage > y->disk_usage ? -1 : 1;
  if (x->apparent_size != y->apparent_size)
    return x->apparent_size > y->apparent_size ? -1 : 1;
  return strcmp (x->name, y->name);
}

/* Once every folder job has finished: the totals and lists, moved out of
 * the state into a result the caller owns. */
static FwSizeResult *
result_from_state (ScanState *state)
{
  FwSizeResult *result = result_new (state);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (size_child_free);

  result->is_dir = TRUE;
  result->disk_usage = atomic_load (&state->disk);
  result->apparent_size = atomic_load (&state->apparent);
  result->n_files = atomic_load (&state->n_files);
  result->n_dirs = atomic_load (&state->n_dirs);
  result->n_others = atomic_load (&state->n_others);

  g_mutex_lock (&state->lock);
  g_ptr_array_extend_and_steal (result->errors, g_steal_pointer (&state->errors));
  state->errors = g_ptr_array_new_with_free_func (size_error_free);
  if (state->entries_rec != NULL)
    {
      result->entries = g_steal_pointer (&state->entries_rec);
      state->entries_rec = g_array_new (FALSE, FALSE, sizeof (Entry));
    }
  g_mutex_unlock (&state->lock);
  result->incomplete = result->errors->len > 0;

  for (guint i = 0; i < state->candidates->len; i++)
    {
      Candidate *c = &g_array_index (state->candidates, Candidate, i);
      FwSizeChild *child = g_new0 (FwSizeChild, 1);

      child->name = g_steal_pointer (&c->name);
      child->is_dir = c->is_dir;
      child->disk_usage = c->disk;
      child->apparent_size = c->apparent;
      if (c->slot >= 0)
        {
          child->disk_usage += atomic_load (&state->slots[c->slot].disk);
          child->apparent_size += atomic_load (&state->slots[c->slot].apparent);
        }
      g_ptr_array_add (all, child);
    }
  g_ptr_array_sort (all, compare_children);
  for (guint i = 0; i < all->len && i < FW_SIZE_N_LARGEST; i++)
    g_ptr_array_add (result->largest, g_steal_pointer (&g_ptr_array_index (all, i)));
  return result;
}

/* ---------------------------------------------------------------------- */

static void
fw_size_scan_finalize (GObject *object)
{
  FwSizeScan *self = FW_SIZE_SCAN (object);

  scan_state_unref (self->state);
  G_OBJECT_CLASS (fw_size_scan_parent_class)->finalize (object);
}

static void
fw_size_scan_class_init (FwSizeScanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fw_size_scan_finalize;
}

static void
fw_size_scan_init (FwSizeScan *self)
{
}

FwSizeScan *
fw_size_scan_new (const char  *path,
                  FwSizeFlags  flags)
{
  FwSizeScan *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (FW_TYPE_SIZE_SCAN, NULL);
  self->state = scan_state_new (path, flags);
  return self;
}

const char *
fw_size_scan_get_path (FwSizeScan *self)
{
  g_return_val_if_fail (FW_IS_SIZE_SCAN (self), NULL);
  return self->state->root_path;
}

void
fw_size_scan_set_folder_hook (FwSizeScan       *self,
                              FwSizeFolderHook  hook,
                              gpointer          user_data,
                              GDestroyNotify    destroy)
{
  ScanState *state;

  g_return_if_fail (FW_IS_SIZE_SCAN (self));
  g_return_if_fail (!self->started);

  state = self->state;
  if (state->hook_destroy != NULL)
    state->hook_destroy (state->hook_data);
  state->hook = hook;
  state->hook_data = user_data;
  state->hook_destroy = destroy;
  g_weak_ref_set (&state->hook_scan, hook != NULL ? self : NULL);
}

void
fw_size_scan_set_max_open_folders (FwSizeScan *self,
                                   guint       max_open)
{
  g_return_if_fail (FW_IS_SIZE_SCAN (self));
  g_return_if_fail (!self->started);
  self->state->max_open = max_open;
}

guint
fw_size_scan_get_max_open_folders (FwSizeScan *self)
{
  g_return_val_if_fail (FW_IS_SIZE_SCAN (self), 0);
  return self->state->max_open;
}

guint
fw_size_scan_get_peak_open_folders (FwSizeScan *self)
{
  g_return_val_if_fail (FW_IS_SIZE_SCAN (self), 0);
  return (guint) atomic_load (&self->state->peak_open);
}

void
fw_size_scan_get_progress (FwSizeScan     *self,
                           FwSizeProgress *progress)
{
  ScanState *state;

  g_return_if_fail (FW_IS_SIZE_SCAN (self));
  g_return_if_fail (progress != NULL);

  state = self->state;
  progress->entries = atomic_load (&state->entries);
  progress->folders = atomic_load (&state->folders);
  progress->disk_usage = atomic_load (&state->disk);
  progress->apparent_size = atomic_load (&state->apparent);
}


/* Examines the item itself. Returns a finished result for anything but a
 * folder, NULL with @error when it cannot be examined, and NULL without an
 * error for a folder, whose root item is then in @out_root. */
static FwSizeResult *
scan_start (FwSizeScan  *self,
            Dir        **out_root,
            GError     **error)
{
  ScanState *state = self->state;
  struct stat st;
  guint64 d, a;
  Dir *root;

  g_return_val_if_fail (!self->started, NULL);
  self->started = TRUE;

  /* GLib initialises the error quark and GError's domain lock lazily, a
   * (benign) data race that ThreadSanitizer reports when two pool threads
   * make the process's first GErrors at once: make one here first. */
  g_error_free (g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, ""));

  state->process_max = default_max_open ();
  if (state->max_open == 0)
    state->max_open = state->process_max;

  if (state->root_path[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "invalid zero-length file name");
      return NULL;
    }
  if (lstat (state->root_path, &st) != 0)
    {
      int errnum = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errnum),
                   "cannot access '%s': %s", state->root_path, g_strerror (errnum));
      return NULL;
    }

  state->root_dev = st.st_dev;
  state->root_ino = st.st_ino;
  d = (guint64) st.st_blocks * 512;
  a = st.st_size > 0 ? (guint64) st.st_size : 0;
  atomic_store (&state->entries, 1);
  atomic_store (&state->disk, d);
  atomic_store (&state->apparent, a);
  if (state->entries_rec != NULL)
    {
      Entry e = { st.st_dev, st.st_ino, d, a };
      g_array_append_val (state->entries_rec, e);
    }

  if (!S_ISDIR (st.st_mode))
    {
      FwSizeResult *result = result_new (state);

      result->disk_usage = d;
      result->apparent_size = a;
      if (S_ISREG (st.st_mode))
        result->n_files = 1;
      else
        result->n_others = 1;
      result->entries = g_steal_pointer (&state->entries_rec);
      return result;
    }

  atomic_store (&state->n_dirs, 1);
  root = g_new0 (Dir, 1);
  root->ref_count = 1;
  root->state = scan_state_ref (state);
  root->name = g_strdup (state->root_path);
  root->slot = -1;
  root->dev = st.st_dev;
  root->ino = st.st_ino;
  *out_root = root;
  return NULL;
}

/* ---------------------------------------------------------------------- */

struct _FwSizeLinkSet {
  GHashTable *seen;
};

FwSizeLinkSet *
fw_size_link_set_new (void)
{
  FwSizeLinkSet *set = g_new0 (FwSizeLinkSet, 1);

  set->seen = g_hash_table_new_full (devino_hash, devino_equal, g_free, NULL);
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
  DevIno root;
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
      DevIno key = { e->key_dev, e->key_ino };

      if (!e->has_key || !g_hash_table_contains (set->seen, &key))
        g_ptr_array_add (*errors, e);
    }

  for (guint i = 0; i < result->entries->len; i++)
    {
      Entry *e = &g_array_index (result->entries, Entry, i);
      DevIno key = { e->dev, e->ino };

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


/* ---------------------------------------------------------------------- */

/* Whether every folder was listed (the scan was not cancelled). */
static gboolean
scan_completed (ScanState *state)
{
  return atomic_load (&state->outstanding) == 0 && !atomic_load (&state->skipped);
}

/* In the task's main context: the scan is over, hand the outcome over.
 * Done there rather than in the pool thread so that the task, and with it
 * the stream and the stream's reference on the pool, are released in the
 * owner's thread, never in a pool thread. */
static gboolean
complete_task_in_context (gpointer data)
{
  GTask *task = data;
  FwSizeScan *self = g_task_get_source_object (task);
  ScanState *state = self->state;

  if (scan_completed (state))
    g_task_return_pointer (task, result_from_state (state),
                           (GDestroyNotify) fw_size_result_free);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             "%s", "Operation was cancelled");
  return G_SOURCE_REMOVE;
}

/* The stream's func_data destroy function: the pool calls it once the
 * stream is finished and none of its jobs runs any more (in a pool thread,
 * or in the thread that cancelled). Only then does a run return, so that
 * the stream, the hook and the scan outlive every job. */
static void
on_stream_stopped (gpointer data)
{
  ScanState *state = data;
  GTask *task;

  g_mutex_lock (&state->lock);
  state->stopped = TRUE;
  task = g_steal_pointer (&state->task);
  g_cond_broadcast (&state->stopped_cond);
  g_mutex_unlock (&state->lock);

  /* The reference on the task goes to the callback, always dispatched in
   * its context (g_main_context_invoke() might run it here). */
  if (task != NULL)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_static_name (source, "[fileworks] size scan done");
      g_source_set_callback (source, complete_task_in_context, task, g_object_unref);
      g_source_attach (source, g_task_get_context (task));
      g_source_unref (source);
    }
  scan_state_unref (state);
}

static FwPoolStream *
scan_stream_new (FwSizeScan        *self,
                 FwPool            *pool,
                 FwPoolStreamFlags  flags,
                 GCancellable      *cancellable)
{
  ScanState *state = self->state;
  FwPoolStream *stream;

  atomic_store (&state->outstanding, 1);
  stream = fw_pool_stream_new (pool, folder_job,
                               scan_state_ref (state), on_stream_stopped,
                               dir_item_free, NULL,
                               FW_POOL_COLLECT, flags, cancellable);
  state->stream = stream;
  return stream;
}

FwSizeResult *
fw_size_scan_run (FwSizeScan    *self,
                  FwPool        *pool,
                  GCancellable  *cancellable,
                  GError       **error)
{
  ScanState *state;
  g_autoptr(FwPoolStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  FwSizeResult *result;
  FwPoolResult *r;
  Dir *root = NULL;

  g_return_val_if_fail (FW_IS_SIZE_SCAN (self), NULL);
  g_return_val_if_fail (FW_IS_POOL (pool), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_return_val_if_fail (!fw_pool_is_worker_thread (pool), NULL);
  g_return_val_if_fail (!self->started, NULL);

  state = self->state;
  result = scan_start (self, &root, error);
  if (result != NULL || root == NULL)
    return result;

  stream = scan_stream_new (self, pool, FW_POOL_STREAM_PULL, cancellable);
  if (!fw_pool_stream_push (stream, root))
    {
      dir_item_free (root);
      atomic_store (&state->skipped, TRUE);
      scan_finish_one (state);
    }
  while ((r = fw_pool_stream_pop (stream, &local_error)) != NULL)
    fw_pool_result_free (r);

  g_mutex_lock (&state->lock);
  while (!state->stopped)
    g_cond_wait (&state->stopped_cond, &state->lock);
  g_mutex_unlock (&state->lock);

  if (local_error == NULL && !scan_completed (state))
    local_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                       "Operation was cancelled");
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return result_from_state (state);
}

void
fw_size_scan_run_async (FwSizeScan          *self,
                        FwPool              *pool,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  FwSizeResult *result;
  FwPoolStream *stream;
  ScanState *state;
  Dir *root = NULL;

  g_return_if_fail (FW_IS_SIZE_SCAN (self));
  g_return_if_fail (FW_IS_POOL (pool));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->started);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fw_size_scan_run_async);
  state = self->state;

  result = scan_start (self, &root, &error);
  if (result != NULL)
    {
      g_task_return_pointer (task, result, (GDestroyNotify) fw_size_result_free);
      return;
    }
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  state->task = g_object_ref (task);
  stream = scan_stream_new (self, pool, FW_POOL_STREAM_NONE, cancellable);
  /* The task keeps the stream until it returns; its results (none) are
   * dropped in this context. */
  g_task_set_task_data (task, stream, g_object_unref);
  if (!fw_pool_stream_push (stream, root))
    {
      dir_item_free (root);
      atomic_store (&state->skipped, TRUE);
      scan_finish_one (state);
    }
}

FwSizeResult *
fw_size_scan_run_finish (FwSizeScan    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (FW_IS_SIZE_SCAN (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
