/* fw-walk.c — walking a folder for the files to hash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Byte-wise order of full paths, streamed: inside a folder, sort the
 * entries by their name, with a `/` appended to sub-folders' names, and
 * descend depth first. Every full path below folder D starts with "D/",
 * so comparing two paths is decided by comparing these keys (names never
 * contain `/`), which makes this depth-first order the sorted order.
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
  char          *key;    /* name, plus '/' for a folder */
  unsigned char  type;   /* DT_* */
} Entry;

typedef struct {
  char   *path;          /* this folder's full path, no trailing '/' unless root "/" */
  Entry  *entries;
  gsize   n_entries;
  gsize   next;
} Frame;

struct _FwWalk {
  GPtrArray *stack;      /* of Frame*, innermost last */
  char      *root;
  gboolean   started;
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

  for (gsize i = 0; i < frame->n_entries; i++)
    g_free (frame->entries[i].key);
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

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (((const Entry *) a)->key, ((const Entry *) b)->key);
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

  entry->kind = kind;
  entry->path = path;
  entry->error = error;
  return entry;
}

/* Lists @path into a new frame, or returns an error entry. */
static FwWalkEntry *
push_frame (FwWalk     *walk,
            const char *path,
            gboolean    is_root)
{
  GArray *entries;
  Frame *frame;
  DIR *dir;
  struct dirent *d;
  int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | (is_root ? 0 : O_NOFOLLOW);
  int fd;

  fd = open (path, flags);
  if (fd < 0 || (dir = fdopendir (fd)) == NULL)
    {
      int saved_errno = errno;
      GError *error = g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                   "%s: %s", path, g_strerror (saved_errno));
      if (fd >= 0)
        close (fd);
      return entry_new (FW_WALK_ERROR, g_strdup (path), error);
    }

  entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  for (;;)
    {
      Entry e;

      errno = 0;
      d = readdir (dir);
      if (d == NULL)
        break;
      if (strcmp (d->d_name, ".") == 0 || strcmp (d->d_name, "..") == 0)
        continue;

      e.type = d->d_type;
      if (e.type == DT_UNKNOWN)
        {
          struct stat st;
          if (fstatat (dirfd (dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
            e.type = IFTODT (st.st_mode);
        }
      e.key = e.type == DT_DIR ? g_strconcat (d->d_name, "/", NULL) : g_strdup (d->d_name);
      g_array_append_val (entries, e);
    }
  if (errno != 0)
    {
      int saved_errno = errno;
      GError *error = g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                   "%s: %s", path, g_strerror (saved_errno));
      for (guint i = 0; i < entries->len; i++)
        g_free (g_array_index (entries, Entry, i).key);
      g_array_unref (entries);
      closedir (dir);
      return entry_new (FW_WALK_ERROR, g_strdup (path), error);
    }
  closedir (dir);

  g_array_sort (entries, compare_entries);
  frame = g_new0 (Frame, 1);
  frame->path = g_strdup (path);
  frame->n_entries = entries->len;
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
      char *path;

      if (frame->next == frame->n_entries)
        {
          g_ptr_array_remove_index (walk->stack, walk->stack->len - 1);
          continue;
        }
      e = &frame->entries[frame->next++];

      if (e->type == DT_DIR)
        {
          FwWalkEntry *error_entry;
          gsize len = strlen (e->key);

          e->key[len - 1] = '\0';   /* drop the sorting '/' */
          path = join (frame->path, e->key);
          error_entry = push_frame (walk, path, FALSE);
          g_free (path);
          if (error_entry != NULL)
            return error_entry;
          continue;
        }

      path = join (frame->path, e->key);
      if (e->type == DT_REG)
        return entry_new (FW_WALK_FILE, path, NULL);
      return entry_new (FW_WALK_SKIPPED, path,
                        g_error_new (FW_ENGINE_ERROR, FW_ENGINE_ERROR_SKIPPED,
                                     "%s: %s", path, type_description (e->type)));
    }
  return NULL;
}
