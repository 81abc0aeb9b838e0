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
 * The list is read, and rewritten atomically, by the engine's
 * FwChecksumUpdate (fw-checksum-update.c, shared with the window's "Add
 * New Files to LIST"): a temporary file beside the list's target (a
 * symbolic link is written through, not replaced) gets the whole new
 * text, the old one's mode and owner, an fsync, and is renamed over it.
 * Any failure before the rename leaves the old list as it was.
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
#include "fw-checksum-update.h"
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
  g_autoptr(FwChecksumUpdate) update = NULL;
  const FwChecksumList *parsed;
  g_autoptr(GHashTable) listed = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(FwPool) pool = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;
  Collect collect = { 0 };

  update = fw_checksum_update_open (list, &error);
  if (update == NULL)
    {
      say ("%s: %s", quoted_list, error->message);
      return 1;
    }
  parsed = fw_checksum_update_get_list (update);

  /* What is listed, and with --prune what goes. */
  listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < parsed->entries->len; i++)
    {
      const FwChecksumEntry *entry = g_ptr_array_index (parsed->entries, i);
      char *canon = g_canonicalize_filename (entry->name, cwd);

      if (prune)
        {
          struct stat entry_st;

          if (lstat (entry->name, &entry_st) != 0 && (errno == ENOENT || errno == ENOTDIR))
            {
              fw_checksum_update_drop_line (update, entry->line);
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
  collect.list_target = fw_checksum_update_get_target (update);
  collect.files = files;
  collect.algorithm = fw_checksum_update_get_algorithm (update);
  collect.bits = fw_checksum_update_get_digest_bits (update);
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
      if (!fw_checksum_update_add (update, result->actual_hex, file->write_name))
        {
          say (_("%s: a name with a line break cannot be written in an SFV file"), quoted);
          ok = FALSE;
          continue;
        }
    }

  if (fw_checksum_update_get_n_added (update) == 0 &&
      fw_checksum_update_get_n_dropped (update) == 0)
    return ok ? 0 : 1;   /* nothing to write: the list stays as it is */
  if (!fw_checksum_update_write (update, &error))
    {
      say ("%s: %s", quoted_list, error->message);
      return 1;
    }
  return ok ? 0 : 1;
}
