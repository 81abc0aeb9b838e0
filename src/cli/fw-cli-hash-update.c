/* fw-cli-hash-update.c — `fileworks-cli hash --update LIST [PATH…]`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Adds the files under the PATHs that LIST does not name yet, hashed with
 * the list's own algorithm and digest length, in the list's own format
 * (GNU, with its `*` binary marker if the list has one; BSD tag; SFV),
 * each name escaped as the tool that wrote that format escapes it, and
 * with the list's line ends. Names resolve, and new ones are written,
 * relative to the current folder, as `check` resolves them. With
 * --prune, the lines of listed files that no longer exist go.
 *
 * The list is rewritten atomically: a temporary file beside the list's
 * target (a symbolic link is written through, not replaced) gets the
 * whole new text, the old one's mode and owner, an fsync, and is renamed
 * over it; the folder is synced after. Any failure before the rename
 * leaves the old list as it was and removes the temporary file.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fw-audit.h"
#include "fw-checksum-read.h"
#include "fw-checksum-write.h"
#include "fw-cli.h"
#include "fw-cli-hash-private.h"
#include "fw-cli-quote.h"
#include "fw-verify.h"
#include "fw-walk.h"

#define COMMAND "hash"

static void
say (const char *format,
     ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *format,
     ...)
{
  va_list args;

  fflush (stdout);
  fputs ("fileworks-cli " COMMAND ": ", stderr);
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  putc ('\n', stderr);
}

/* A file to add: what to open, and the name to write. */
typedef struct {
  FwChecksumEntry  entry;    /* name: the path to open; hex: a dummy */
  char            *write_name;
} NewFile;

static void
new_file_free (gpointer data)
{
  NewFile *file = data;

  g_free (file->entry.name);
  g_free (file->entry.hex);
  g_free (file->write_name);
  g_free (file);
}

static gpointer
hash_job (gpointer       item,
          GCancellable  *cancellable,
          gpointer       user_data,
          GError       **error)
{
  NewFile *file = item;
  gsize *buffer_size = user_data;

  return fw_verify_entry (&file->entry, NULL, *buffer_size, cancellable, NULL, error);
}

/* The name to write for @path: relative to @cwd when under it (no `./`),
 * else absolute; %NULL for the current folder itself. */
static char *
name_for (const char *cwd,
          const char *path)
{
  g_autofree char *canon = g_canonicalize_filename (path, cwd);
  gsize n = strlen (cwd);

  if (strcmp (cwd, "/") == 0)
    return canon[1] != '\0' ? g_strdup (canon + 1) : NULL;
  if (strncmp (canon, cwd, n) == 0 && canon[n] == '/')
    return g_strdup (canon + n + 1);
  if (strcmp (canon, cwd) == 0)
    return NULL;
  return g_steal_pointer (&canon);
}

typedef struct {
  const char  *cwd;
  GHashTable  *listed;      /* canonical paths already listed */
  GHashTable  *seen;        /* canonical paths added in this run */
  const char  *list_canon;  /* the list as named */
  const char  *list_target; /* and its target */
  GPtrArray   *files;       /* NewFile */
  FwAlgorithm  algorithm;
  guint        bits;
} Collect;

static void
consider (Collect    *collect,
          const char *path)
{
  g_autofree char *canon = g_canonicalize_filename (path, collect->cwd);
  g_autofree char *base = g_path_get_basename (canon);
  NewFile *file;

  if (g_hash_table_contains (collect->listed, canon) ||
      g_hash_table_contains (collect->seen, canon) ||
      strcmp (canon, collect->list_canon) == 0 ||
      strcmp (canon, collect->list_target) == 0 ||
      fw_audit_is_temporary_name (base) ||
      fw_audit_is_checksum_file (path))
    return;
  g_hash_table_add (collect->seen, g_strdup (canon));

  file = g_new0 (NewFile, 1);
  file->entry.algorithm = collect->algorithm;
  file->entry.digest_bits = collect->bits;
  file->entry.hex = g_strnfill (collect->bits / 4, '0');
  file->entry.name = g_strdup (path);
  file->write_name = name_for (collect->cwd, path);
  g_ptr_array_add (collect->files, file);
}

static int
compare_new_files (gconstpointer a,
                   gconstpointer b)
{
  const NewFile *x = *(const NewFile * const *) a;
  const NewFile *y = *(const NewFile * const *) b;

  return strcmp (x->write_name, y->write_name);
}

/* Walks @path (a folder: every regular file under it; a regular file:
 * itself). Returns FALSE after saying why when it cannot be read. */
static gboolean
collect_path (Collect    *collect,
              const char *path)
{
  g_autoptr(FwWalk) walk = NULL;
  FwWalkEntry *entry;
  gboolean ok = TRUE;
  struct stat st;

  if (stat (path, &st) != 0)
    {
      int saved_errno = errno;
      g_autofree char *quoted = fw_cli_quote_name (path);
      say ("%s: %s", quoted, g_strerror (saved_errno));
      return FALSE;
    }
  if (S_ISREG (st.st_mode))
    {
      consider (collect, path);
      return TRUE;
    }
  if (!S_ISDIR (st.st_mode))
    {
      g_autofree char *quoted = fw_cli_quote_name (path);
      say (_("%s: not a regular file or folder"), quoted);
      return FALSE;
    }
  walk = fw_walk_new (path);
  while ((entry = fw_walk_next (walk)) != NULL)
    {
      g_autoptr(FwWalkEntry) owned = entry;

      if (entry->kind == FW_WALK_FILE)
        consider (collect, entry->path);
      else if (entry->kind == FW_WALK_ERROR)
        {
          g_autofree char *quoted = fw_cli_quote_name (entry->path);
          say ("%s: %s", quoted, entry->error->message);
          ok = FALSE;
        }
    }
  return ok;
}

/* Writes @data to a temporary file beside @target and renames it over
 * @target, keeping @st's mode and owner. */
static gboolean
replace_atomically (const char        *target,
                    const struct stat *st,
                    const char        *data,
                    gsize              length,
                    GError           **error)
{
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *tmpl = g_strdup_printf ("%s/.%s.fileworks-XXXXXX", dir, base);
  const char *step = "";
  int fd, dir_fd;
  int saved_errno = 0;

  fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("cannot make a temporary file in %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  for (gsize done = 0; done < length; )
    {
      ssize_t n = write (fd, data + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          saved_errno = n < 0 ? errno : ENOSPC;
          step = "write";
          goto fail;
        }
      done += (gsize) n;
    }
  if ((st->st_uid != geteuid () || st->st_gid != getegid ()) &&
      fchown (fd, st->st_uid, st->st_gid) != 0)
    {
      saved_errno = errno;
      step = "chown";
      goto fail;
    }
  if (fchmod (fd, st->st_mode & 07777) != 0)
    {
      saved_errno = errno;
      step = "chmod";
      goto fail;
    }
  if (fsync (fd) != 0)
    {
      saved_errno = errno;
      step = "fsync";
      goto fail;
    }
  if (close (fd) != 0)
    {
      fd = -1;
      saved_errno = errno;
      step = "close";
      goto fail;
    }
  fd = -1;
  if (rename (tmpl, target) != 0)
    {
      saved_errno = errno;
      step = "rename";
      goto fail;
    }
  /* The rename itself, on disk. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;

fail:
  if (fd >= 0)
    close (fd);
  g_unlink (tmpl);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               /* TRANSLATORS: %s is a system call (write, fsync, rename …) */
               _("%s failed: %s"), step, g_strerror (saved_errno));
  return FALSE;
}

/* The whole file, or %NULL with errno set. */
static char *
read_all (const char *path,
          gsize      *out_length)
{
  g_autoptr(GString) out = g_string_new (NULL);
  char buffer[64 * 1024];
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return NULL;
  for (;;)
    {
      ssize_t n = read (fd, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;
          close (fd);
          errno = saved_errno;
          return NULL;
        }
      if (n == 0)
        break;
      g_string_append_len (out, buffer, n);
    }
  close (fd);
  *out_length = out->len;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The format new lines take, from the list's first entry (or, in a list
 * without one, from its name). */
typedef struct {
  FwChecksumFormat format;
  FwAlgorithm      algorithm;
  guint            bits;
  gboolean         binary;
  const char      *eol;
} Shape;

static gboolean
find_shape (const char     *list,
            const char     *data,
            gsize           length,
            FwChecksumList *parsed,
            Shape          *shape)
{
  const char *nl = memchr (data, '\n', length);

  if (parsed->entries->len > 0)
    {
      const FwChecksumEntry *first = g_ptr_array_index (parsed->entries, 0);

      shape->format = first->format;
      shape->algorithm = first->algorithm;
      shape->bits = first->digest_bits;
      shape->binary = first->binary;
    }
  else
    {
      shape->algorithm = fw_checksum_algorithm_from_filename (list);
      if (shape->algorithm == FW_ALGORITHM_INVALID)
        return FALSE;
      shape->format = shape->algorithm == FW_ALGORITHM_CRC32 &&
                      g_str_has_suffix (list, ".sfv") ? FW_CHECKSUM_SFV : FW_CHECKSUM_GNU;
      shape->bits = (guint) fw_algorithm_get_length (shape->algorithm) * 8;
      shape->binary = FALSE;
    }
  /* A list written with CRLF line ends gets CRLF lines (a b3sum line's
   * carriage return would be part of its name: not there). */
  shape->eol = nl != NULL && nl > data && nl[-1] == '\r' &&
               !(shape->algorithm == FW_ALGORITHM_BLAKE3 && shape->format == FW_CHECKSUM_GNU)
               ? "\r\n" : "\n";
  return TRUE;
}

/* One new line in the list's shape; FALSE when the name cannot be
 * written in it (a line break in SFV). */
static gboolean
append_line (GString     *out,
             const Shape *shape,
             const char  *hex,
             const char  *name)
{
  gsize start = out->len;
  gboolean full = shape->bits == fw_algorithm_get_length (shape->algorithm) * 8;

  if (shape->format == FW_CHECKSUM_BSD && !full)
    {
      /* cksum's `BLAKE2b-256 (NAME) = HEX`: write it with the tag
       * alone, then put the length after the tag. */
      const char *tag = fw_algorithm_get_tag (shape->algorithm);
      g_autofree char *suffix = g_strdup_printf ("-%u", shape->bits);
      gsize at;

      if (!fw_checksum_append_line (out, shape->format, shape->algorithm, hex, name, -1))
        return FALSE;
      at = start + (out->str[start] == '\\' ? 1 : 0) + strlen (tag);
      g_string_insert (out, at, suffix);
    }
  else if (!fw_checksum_append_line (out, shape->format, shape->algorithm, hex, name, -1))
    return FALSE;
  if (shape->format == FW_CHECKSUM_GNU && shape->binary)
    {
      gsize at = start + (out->str[start] == '\\' ? 1 : 0) + strlen (hex) + 1;
      g_assert (out->str[at] == ' ');
      out->str[at] = '*';
    }
  if (strcmp (shape->eol, "\n") != 0)
    {
      g_string_truncate (out, out->len - 1);
      g_string_append (out, shape->eol);
    }
  return TRUE;
}

int
fw_cli_hash_update (const char  *list,
                    char       **paths,
                    guint        n_paths,
                    gboolean     prune,
                    guint        n_jobs,
                    gsize        buffer_size)
{
  static char *here[] = { (char *) ".", NULL };
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *list_canon = g_canonicalize_filename (list, NULL);
  g_autofree char *quoted_list = fw_cli_quote_name (list);
  g_autofree char *data = NULL;
  g_autoptr(FwChecksumList) parsed = NULL;
  g_autoptr(GHashTable) listed = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GHashTable) pruned = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(FwPool) pool = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GError) error = NULL;
  char target[PATH_MAX];
  struct stat st;
  gsize length = 0;
  gboolean ok = TRUE;
  guint n_added = 0;
  Shape shape = { 0 };
  Collect collect = { 0 };

  /* The file the list is (through any symbolic links): written in place
   * of it, in its folder. */
  if (realpath (list, target) == NULL || stat (target, &st) != 0)
    {
      say ("%s: %s", quoted_list, g_strerror (errno));
      return 1;
    }
  if (!S_ISREG (st.st_mode))
    {
      say (_("%s: not a regular file"), quoted_list);
      return 1;
    }
  data = read_all (target, &length);
  if (data == NULL)
    {
      say ("%s: %s", quoted_list, g_strerror (errno));
      return 1;
    }
  parsed = fw_checksum_parse_data (data, length, list, FW_ALGORITHM_INVALID);
  if (!find_shape (list, data, length, parsed, &shape))
    {
      say (_("%s: no properly formatted checksum lines found"), quoted_list);
      return 1;
    }

  /* What is listed, and with --prune what goes. */
  listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  pruned = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint i = 0; i < parsed->entries->len; i++)
    {
      const FwChecksumEntry *entry = g_ptr_array_index (parsed->entries, i);
      char *canon = g_canonicalize_filename (entry->name, cwd);

      if (prune)
        {
          struct stat entry_st;

          if (lstat (entry->name, &entry_st) != 0 && (errno == ENOENT || errno == ENOTDIR))
            {
              g_hash_table_add (pruned, GUINT_TO_POINTER (entry->line));
              g_free (canon);
              continue;
            }
        }
      g_hash_table_add (listed, canon);
    }

  /* The files to add. */
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  files = g_ptr_array_new_with_free_func (new_file_free);
  collect.cwd = cwd;
  collect.listed = listed;
  collect.seen = seen;
  collect.list_canon = list_canon;
  collect.list_target = target;
  collect.files = files;
  collect.algorithm = shape.algorithm;
  collect.bits = shape.bits;
  if (n_paths == 0)
    {
      paths = here;
      n_paths = 1;
    }
  for (guint i = 0; i < n_paths; i++)
    ok &= collect_path (&collect, paths[i]);
  g_ptr_array_sort (files, compare_new_files);

  fw_digest_init ();
  pool = fw_pool_new (n_jobs);
  results = fw_pool_process (pool, files, hash_job, &buffer_size, NULL,
                             (GDestroyNotify) fw_verify_result_free,
                             FW_POOL_COLLECT, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  /* The old lines (less the pruned ones), then the new ones. */
  text = g_string_sized_new (length + files->len * 100);
  {
    const char *p = data, *end = data + length;
    guint line = 0;

    while (p < end)
      {
        const char *nl = memchr (p, '\n', end - p);
        const char *next = nl != NULL ? nl + 1 : end;

        line++;
        if (!g_hash_table_contains (pruned, GUINT_TO_POINTER (line)))
          g_string_append_len (text, p, next - p);
        p = next;
      }
    if (text->len > 0 && text->str[text->len - 1] != '\n')
      g_string_append (text, shape.eol);
  }
  for (guint i = 0; i < files->len; i++)
    {
      const NewFile *file = g_ptr_array_index (files, i);
      const FwVerifyResult *result = g_ptr_array_index (results, i);
      g_autofree char *quoted = fw_cli_quote_name (file->entry.name);

      if (result == NULL || result->actual_hex == NULL)
        {
          say ("%s: %s", quoted, result != NULL && result->message != NULL
                                 ? result->message : g_strerror (EIO));
          ok = FALSE;
          continue;
        }
      if (!append_line (text, &shape, result->actual_hex, file->write_name))
        {
          say (_("%s: a name with a line break cannot be written in an SFV file"), quoted);
          ok = FALSE;
          continue;
        }
      n_added++;
    }

  if (n_added == 0 && g_hash_table_size (pruned) == 0)
    return ok ? 0 : 1;   /* nothing to write: the list stays as it is */
  if (!replace_atomically (target, &st, text->str, text->len, &error))
    {
      say ("%s: %s", quoted_list, error->message);
      return 1;
    }
  return ok ? 0 : 1;
}
