/* fw-walk.c — walking a folder for the files to hash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Byte-wise order of full paths, streamed: inside a folder, sort the
 * entries by their name, with a `/` appended to sub-folders' names, and
 * descend depth first. Every full path below folder D starts with "D/",
 * so comparing two paths is decided by comparing these keys (names never
 * contain `/`), which makes this depth-first order the sorted order.
 *
 * A folder's listing is one block of names and an array of small entries
 * that point into it (no allocation per name): a folder of 1,000,000
 * files costs about 30 MB while it is walked.
 *
 * A folder that is already on the current path (the same device and
 * inode: a bind mount of a folder inside itself) is not entered again,
 * as du does not: its files would be read once more under a second
 * path, without end in a loop.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>

#include "fw-engine.h"
#include "fw-walk.h"

typedef struct {
  gint64         size;   /* regular files; -1 if unknown */
  guint32        key;    /* offset in the frame's names: the name, plus
                          * '/' for a folder, NUL-terminated */
  unsigned char  type;   /* DT_* */
} Entry;

typedef struct {
  char   *path;          /* this folder's full path, no trailing '/' unless root "/" */
  char   *names;         /* every entry's key, one after the other */
  Entry  *entries;
  gsize   n_entries;
  gsize   next;
  dev_t   dev;           /* the folder's, to find loops */
  ino_t   ino;
} Frame;

struct _FwWalk {
  GPtrArray *stack;      /* of Frame*, innermost last */
  char      *root;
  gboolean   started;
  const FwExclude *exclude;  /* nullable, borrowed */
  gsize      rel_offset; /* matched from here in each path: 0, or past the root's '/' */
};

void
fw_walk_entry_free (FwWalkEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->path);
  g_clear_error (&entry->error);
  g_free (entry);
}

static void
frame_free (gpointer data)
{
  Frame *frame = data;

  g_free (frame->names);
  g_free (frame->entries);
  g_free (frame->path);
  g_free (frame);
}

FwWalk *
fw_walk_new (const char *root)
{
  FwWalk *walk;

  g_return_val_if_fail (root != NULL, NULL);

  walk = g_new0 (FwWalk, 1);
  walk->stack = g_ptr_array_new_with_free_func (frame_free);
  walk->root = g_strdup (root);
  return walk;
}

void
fw_walk_free (FwWalk *walk)
{
  if (walk == NULL)
    return;
  g_ptr_array_unref (walk->stack);
  g_free (walk->root);
  g_free (walk);
}

void
fw_walk_set_exclude (FwWalk          *walk,
                     const FwExclude *exclude)
{
  g_return_if_fail (walk != NULL);
  walk->exclude = fw_exclude_is_empty (exclude) ? NULL : exclude;
  walk->rel_offset = 0;
}

void
fw_walk_set_exclude_relative (FwWalk          *walk,
                              const FwExclude *exclude)
{
  gsize len;

  g_return_if_fail (walk != NULL);
  fw_walk_set_exclude (walk, exclude);
  /* Every path is join()'s: the root as given, then '/' unless the root
   * ends in one. */
  len = strlen (walk->root);
  walk->rel_offset = len > 0 && walk->root[len - 1] == '/' ? len : len + 1;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      names)
{
  return strcmp ((const char *) names + ((const Entry *) a)->key,
                 (const char *) names + ((const Entry *) b)->key);
}

static char *
join (const char *folder,
      const char *name)
{
  gsize len = strlen (folder);

  if (len > 0 && folder[len - 1] == '/')
    return g_strconcat (folder, name, NULL);
  return g_strconcat (folder, "/", name, NULL);
}

static FwWalkEntry *
entry_new (FwWalkKind  kind,
           char       *path,
           GError     *error)
{
  FwWalkEntry *entry = g_new0 (FwWalkEntry, 1);

  entry->size = -1;
  entry->kind = kind;
  entry->path = path;
  entry->error = error;
  return entry;
}

static FwWalkEntry *
error_entry_new (const char *path,
                 int         saved_errno)
{
  GError *error = g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               "%s: %s", path, g_strerror (saved_errno));

  return entry_new (FW_WALK_ERROR, g_strdup (path), error);
}

/* Lists @path into a new frame, or returns an error entry. Pushes nothing
 * (and returns %NULL) for a folder already on the current path. */
static FwWalkEntry *
push_frame (FwWalk     *walk,
            const char *path,
            gboolean    is_root)
{
  GArray *entries;
  GString *names;
  Frame *frame;
  DIR *dir;
  struct dirent *d;
  struct stat st;
  int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | (is_root ? 0 : O_NOFOLLOW);
  int fd;

  fd = open (path, flags);
  if (fd < 0 || fstat (fd, &st) != 0 || (dir = fdopendir (fd)) == NULL)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      return error_entry_new (path, saved_errno);
    }

  for (guint i = 0; i < walk->stack->len; i++)
    {
      Frame *up = g_ptr_array_index (walk->stack, i);

      if (up->dev == st.st_dev && up->ino == st.st_ino)
        {
          closedir (dir);
          return NULL;
        }
    }

  entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  names = g_string_new (NULL);
  for (;;)
    {
      Entry e;
      gsize len;

      errno = 0;
      d = readdir (dir);
      if (d == NULL)
        break;
      if (strcmp (d->d_name, ".") == 0 || strcmp (d->d_name, "..") == 0)
        continue;

      e.type = d->d_type;
      e.size = -1;
      if (e.type == DT_UNKNOWN || e.type == DT_REG)
        {
          struct stat est;

          if (fstatat (dirfd (dir), d->d_name, &est, AT_SYMLINK_NOFOLLOW) == 0)
            {
              e.type = IFTODT (est.st_mode);
              if (S_ISREG (est.st_mode))
                e.size = (gint64) est.st_size;
            }
        }
      len = strlen (d->d_name);
      if (names->len + len + 2 > G_MAXUINT32)
        {
          errno = EOVERFLOW;
          break;
        }
      e.key = (guint32) names->len;
      g_string_append_len (names, d->d_name, len);
      if (e.type == DT_DIR)
        g_string_append_c (names, '/');
      g_string_append_c (names, '\0');
      g_array_append_val (entries, e);
    }
  if (errno != 0)
    {
      int saved_errno = errno;

      g_array_unref (entries);
      g_string_free (names, TRUE);
      closedir (dir);
      return error_entry_new (path, saved_errno);
    }
  closedir (dir);

  frame = g_new0 (Frame, 1);
  frame->path = g_strdup (path);
  frame->dev = st.st_dev;
  frame->ino = st.st_ino;
  frame->n_entries = entries->len;
  frame->names = g_string_free (names, FALSE);
  g_array_sort_with_data (entries, compare_entries, frame->names);
  frame->entries = (Entry *) g_array_free (entries, FALSE);
  g_ptr_array_add (walk->stack, frame);
  return NULL;
}

static const char *
type_description (unsigned char type)
{
  switch (type)
    {
    case DT_FIFO: return "skipped, a FIFO";
    case DT_SOCK: return "skipped, a socket";
    case DT_CHR:  return "skipped, a character device";
    case DT_BLK:  return "skipped, a block device";
    case DT_LNK:  return "skipped, a symbolic link (not followed)";
    default:      return "skipped, not a regular file";
    }
}

FwWalkEntry *
fw_walk_next (FwWalk *walk)
{
  g_return_val_if_fail (walk != NULL, NULL);

  if (!walk->started)
    {
      FwWalkEntry *error_entry;

      walk->started = TRUE;
      error_entry = push_frame (walk, walk->root, TRUE);
      if (error_entry != NULL)
        return error_entry;
    }

  while (walk->stack->len > 0)
    {
      Frame *frame = g_ptr_array_index (walk->stack, walk->stack->len - 1);
      Entry *e;
      char *key;
      char *path;

      if (frame->next == frame->n_entries)
        {
          g_ptr_array_remove_index (walk->stack, walk->stack->len - 1);
          continue;
        }
      e = &frame->entries[frame->next++];
      key = frame->names + e->key;

      if (e->type == DT_DIR)
        {
          FwWalkEntry *error_entry;
          gsize len = strlen (key);

          key[len - 1] = '\0';   /* drop the sorting '/' */
          path = join (frame->path, key);
          if (walk->exclude != NULL && fw_exclude_match (walk->exclude, path + walk->rel_offset))
            {
              g_free (path);
              continue;
            }
          error_entry = push_frame (walk, path, FALSE);
          g_free (path);
          if (error_entry != NULL)
            return error_entry;
          continue;
        }

      path = join (frame->path, key);
      if (walk->exclude != NULL && fw_exclude_match (walk->exclude, path + walk->rel_offset))
        {
          g_free (path);
          continue;
        }
      if (e->type == DT_REG)
        {
          FwWalkEntry *file = entry_new (FW_WALK_FILE, path, NULL);
          file->size = e->size;
          return file;
        }
      {
        FwWalkEntry *skipped = entry_new (FW_WALK_SKIPPED, path,
                                          g_error_new (FW_ENGINE_ERROR, FW_ENGINE_ERROR_SKIPPED,
                                                       "%s: %s", path,
                                                       type_description (e->type)));
        skipped->is_link = e->type == DT_LNK;
        return skipped;
      }
    }
  return NULL;
}
