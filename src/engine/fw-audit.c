/* fw-audit.c — a folder against its checksum list: new and moved files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fw-audit.h"
#include "fw-digest.h"
#include "fw-exclude.h"

struct _FwAudit {
  char       *base_dir;
  char       *canon_base;
  GPtrArray  *listed;       /* FwAuditItem, one per entry */
  GPtrArray  *entries;      /* a missing entry's FwChecksumEntry copy, same
                             * order (the name is the item's), else NULL */
  GStringChunk *names;      /* the items' names */
  GPtrArray  *blocks;       /* the items, ITEMS_PER_BLOCK a block */
  guint       block_used;   /* items taken from the last block */
  FwAlgorithm list_algorithm; /* the first entry's */
  GHashTable *named;        /* path_key() of every entry (borrowed), until
                             * the files are set */
  FwAuditFiles *files;      /* (nullable): the files found */
  guint8     *matched;      /* for each of files->paths: an entry names it */
  GPtrArray  *keys;         /* the keys named borrows that are not names */
  GPtrArray  *unlisted;     /* FwAuditItem */
  GHashTable *skip;         /* canonical paths never new */
  const FwExclude *exclude; /* borrowed, or NULL */
  gboolean    hash_all;
  gboolean    ran;
};

static char *path_key (const char *canon_base,
                       const char *name);

/* An entry's path_key() names a file found, if one has it. */
static inline void
match_file (FwAudit    *self,
            const char *key)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (self->files->index, key));

  if (index != 0)
    self->matched[index - 1] = 1;
}

/* Items are taken from blocks and their names from a string chunk: for
 * 100,000 listed files, 100 allocations instead of 300,000 (the audit's
 * bookkeeping was a third of what `check --unlisted` adds to `check`). */
#define ITEMS_PER_BLOCK 1024

static FwAuditItem *
audit_item_new (FwAudit    *self,
                const char *name)
{
  FwAuditItem *item;

  if (self->blocks->len == 0 || self->block_used == ITEMS_PER_BLOCK)
    {
      g_ptr_array_add (self->blocks, g_new0 (FwAuditItem, ITEMS_PER_BLOCK));
      self->block_used = 0;
    }
  item = (FwAuditItem *) g_ptr_array_index (self->blocks, self->blocks->len - 1) +
         self->block_used++;
  item->name = g_string_chunk_insert (self->names, name);
  return item;
}

static void
audit_item_clear (gpointer data)
{
  FwAuditItem *item = data;

  g_free (item->other);
  g_free (item->hex);
  g_clear_error (&item->error);
}

/* A missing entry as kept (a move's origin): its name is its item's. */
static FwChecksumEntry *
entry_copy (const FwChecksumEntry *entry,
            const FwAuditItem     *item)
{
  FwChecksumEntry *copy = g_new (FwChecksumEntry, 1);

  *copy = *entry;
  copy->hex = g_strdup (entry->hex);
  copy->name = (char *) item->name;
  return copy;
}

static void
entry_free (gpointer data)
{
  FwChecksumEntry *entry = data;

  if (entry == NULL)
    return;
  g_free (entry->hex);
  g_free (entry);
}

FwAudit *
fw_audit_new (const char *base_dir)
{
  FwAudit *self = g_new0 (FwAudit, 1);

  g_return_val_if_fail (base_dir != NULL, NULL);

  self->base_dir = g_strdup (base_dir);
  self->canon_base = g_canonicalize_filename (base_dir, NULL);
  self->listed = g_ptr_array_new_with_free_func (audit_item_clear);
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->names = g_string_chunk_new (64 * 1024);
  self->blocks = g_ptr_array_new_with_free_func (g_free);
  self->list_algorithm = FW_ALGORITHM_INVALID;
  self->named = g_hash_table_new (g_str_hash, g_str_equal);
  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->unlisted = g_ptr_array_new_with_free_func (audit_item_clear);
  self->skip = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
fw_audit_free (FwAudit *self)
{
  if (self == NULL)
    return;
  g_free (self->base_dir);
  g_free (self->canon_base);
  g_ptr_array_unref (self->listed);
  g_ptr_array_unref (self->entries);
  g_hash_table_unref (self->named);
  g_ptr_array_unref (self->keys);
  g_ptr_array_unref (self->unlisted);
  g_hash_table_unref (self->skip);
  g_ptr_array_unref (self->blocks);
  g_string_chunk_free (self->names);
  fw_audit_files_free (self->files);
  g_free (self->matched);
  g_free (self);
}

void
fw_audit_add_entry (FwAudit               *self,
                    const FwChecksumEntry *entry,
                    const FwVerifyResult  *result)
{
  FwAuditItem *item;

  g_return_if_fail (self != NULL && !self->ran);
  g_return_if_fail (entry != NULL);

  item = audit_item_new (self, entry->name);
  item->listed = TRUE;
  item->entry_index = self->listed->len;
  if (result == NULL)
    item->verdict = FW_AUDIT_UNREADABLE;
  else
    switch (result->status)
      {
      case FW_VERIFY_OK:
        item->verdict = FW_AUDIT_OK;
        break;
      case FW_VERIFY_FAILED:
        item->verdict = FW_AUDIT_CHANGED;
        break;
      case FW_VERIFY_MISSING:
        item->verdict = (result->error_code == ENOENT || result->error_code == ENOTDIR)
                        ? FW_AUDIT_MISSING : FW_AUDIT_UNREADABLE;
        break;
      case FW_VERIFY_ERROR:
      default:
        item->verdict = FW_AUDIT_UNREADABLE;
        break;
      }
  g_ptr_array_add (self->listed, item);
  g_ptr_array_add (self->entries,
                   item->verdict == FW_AUDIT_MISSING ? entry_copy (entry, item) : NULL);
  if (self->list_algorithm == FW_ALGORITHM_INVALID)
    self->list_algorithm = entry->algorithm;
  /* What the list names, as entries come (the check's main thread waits
   * for its workers meanwhile): not in the audit's serial end. */
  {
    char *key_owned = path_key (self->canon_base, item->name);
    const char *key = key_owned != NULL ? key_owned : item->name;

    if (self->files != NULL)
      {
        match_file (self, key);
        g_free (key_owned);
        return;
      }
    if (key_owned != NULL)
      g_ptr_array_add (self->keys, key_owned);
    g_hash_table_add (self->named, (char *) key);
  }
}

void
fw_audit_set_files (FwAudit      *self,
                    FwAuditFiles *files)
{
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (self != NULL && !self->ran && self->files == NULL);
  g_return_if_fail (files != NULL);

  self->files = files;
  self->matched = g_new0 (guint8, MAX (files->paths->len, 1));
  g_hash_table_iter_init (&iter, self->named);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    match_file (self, key);
  g_hash_table_remove_all (self->named);
}

void
fw_audit_skip_path (FwAudit    *self,
                    const char *path)
{
  g_return_if_fail (self != NULL && path != NULL);
  g_hash_table_add (self->skip, g_canonicalize_filename (path, NULL));
}

void
fw_audit_set_exclude (FwAudit         *self,
                      const FwExclude *exclude)
{
  g_return_if_fail (self != NULL && !self->ran);
  self->exclude = exclude != NULL && !fw_exclude_is_empty (exclude) ? exclude : NULL;
}

void
fw_audit_set_hash_all (FwAudit  *self,
                       gboolean  hash_all)
{
  g_return_if_fail (self != NULL);
  self->hash_all = hash_all;
}

GPtrArray *
fw_audit_get_listed (FwAudit *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->listed;
}

GPtrArray *
fw_audit_get_unlisted (FwAudit *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->unlisted;
}

guint
fw_audit_count (FwAudit        *self,
                FwAuditVerdict  verdict)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->listed->len; i++)
    {
      const FwAuditItem *item = g_ptr_array_index (self->listed, i);
      if (item->verdict == verdict && verdict != FW_AUDIT_MOVED)
        n++;
    }
  for (guint i = 0; i < self->unlisted->len; i++)
    {
      const FwAuditItem *item = g_ptr_array_index (self->unlisted, i);
      if (item->verdict == verdict)
        n++;
    }
  return n;
}

/* Names ------------------------------------------------------------------ */

#define TEMPORARY_INFIX ".fileworks-"

gboolean
fw_audit_is_temporary_name (const char *basename)
{
  const char *infix;
  gsize n;

  g_return_val_if_fail (basename != NULL, FALSE);

  if (basename[0] != '.')
    return FALSE;
  infix = g_strrstr (basename, TEMPORARY_INFIX);
  if (infix == NULL || infix == basename)
    return FALSE;
  n = strlen (infix + strlen (TEMPORARY_INFIX));
  return n == 6;
}

gboolean
fw_audit_is_checksum_name (const char *basename)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (basename != NULL, FALSE);

  if (fw_checksum_algorithm_from_filename (basename) != FW_ALGORITHM_INVALID)
    return TRUE;
  lower = g_ascii_strdown (basename, -1);
  return g_str_has_suffix (lower, "sums") || g_str_has_suffix (lower, ".checksums") ||
         g_str_has_suffix (lower, "sums.txt") || strcmp (lower, "checksums") == 0;
}

#define SNIFF_SIZE 4096

gboolean
fw_audit_is_checksum_file (const char *path)
{
  g_autofree char *base = NULL;
  g_autoptr(FwChecksumReader) reader = NULL;
  char buffer[SNIFF_SIZE];
  gssize n;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  base = g_path_get_basename (path);
  if (fw_audit_is_checksum_name (base))
    return TRUE;
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0)
    return FALSE;
  do
    n = read (fd, buffer, sizeof buffer);
  while (n < 0 && errno == EINTR);
  close (fd);
  if (n <= 0 || memchr (buffer, '\0', (gsize) n) != NULL)
    return FALSE;   /* empty, unreadable, or not text */

  reader = fw_checksum_reader_new (base, FW_ALGORITHM_INVALID);
  for (const char *p = buffer, *end = buffer + n; p < end; )
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      FwChecksumLineKind kind;

      if (nl == NULL)
        return FALSE;   /* a first line longer than what was read */
      kind = fw_checksum_reader_parse_line (reader, p, (gsize) (nl + 1 - p), NULL);
      if (kind != FW_CHECKSUM_LINE_IGNORED)
        return kind == FW_CHECKSUM_LINE_ENTRY;
      p = nl + 1;
    }
  return FALSE;
}

/* The walk ------------------------------------------------------------------ */

void
fw_audit_files_free (FwAuditFiles *files)
{
  if (files == NULL)
    return;
  g_ptr_array_unref (files->paths);
  g_clear_pointer (&files->index, g_hash_table_unref);
  g_string_chunk_free (files->chunk);
  g_free (files);
}

/* One folder, open as @fd (taken), whose path relative to the base is
 * @path (empty for the base; its length is restored on return): its
 * regular files into @files as REL/NAME, then its folders, recursively.
 * The type comes from readdir (no stat per file: on 100,000 files that
 * was most of the walk's cost), lstat only where the file system does
 * not say. @stack: the folders on the path (dev, ino), a bind mount of a
 * folder inside itself is not entered again. */
static gboolean
list_folder (int              fd,
             GString         *path,
             const FwExclude *exclude,
             GArray          *stack,
             FwAuditFiles    *files,
             GCancellable    *cancellable,
             GError         **error)
{
  g_autoptr(GPtrArray) folders = g_ptr_array_new ();   /* names, in files->chunk */
  gsize path_len = path->len;
  struct stat st;
  struct dirent *d;
  DIR *dir;
  gboolean ok = TRUE;

  if (fstat (fd, &st) != 0)
    {
      close (fd);
      return TRUE;
    }
  for (guint i = 0; i < stack->len; i++)
    if (g_array_index (stack, dev_t, 2 * i) == st.st_dev &&
        g_array_index (stack, dev_t, 2 * i + 1) == (dev_t) st.st_ino)
      {
        close (fd);
        return TRUE;
      }
  dir = fdopendir (fd);
  if (dir == NULL)
    {
      close (fd);
      return TRUE;
    }
  {
    dev_t id[2] = { st.st_dev, (dev_t) st.st_ino };
    g_array_append_vals (stack, id, 1);
  }

  while ((d = readdir (dir)) != NULL)
    {
      unsigned char type = d->d_type;

      if (d->d_name[0] == '.' &&
          (d->d_name[1] == '\0' || (d->d_name[1] == '.' && d->d_name[2] == '\0')))
        continue;
      if (type == DT_UNKNOWN)
        {
          struct stat est;

          if (fstatat (dirfd (dir), d->d_name, &est, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
          type = IFTODT (est.st_mode);
        }
      if (type != DT_REG && type != DT_DIR)
        continue;
      g_string_truncate (path, path_len);
      if (path_len != 0)
        g_string_append_c (path, '/');
      g_string_append (path, d->d_name);
      /* du's rule: an excluded folder is not entered at all. */
      if (exclude != NULL && fw_exclude_match (exclude, path->str))
        continue;
      if (type == DT_REG)
        g_ptr_array_add (files->paths, g_string_chunk_insert_len (files->chunk, path->str,
                                                                  (gssize) path->len));
      else
        g_ptr_array_add (folders, g_string_chunk_insert (files->chunk, d->d_name));
    }

  for (guint i = 0; i < folders->len && ok; i++)
    {
      const char *name = g_ptr_array_index (folders, i);
      int child_fd;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      child_fd = openat (dirfd (dir), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (child_fd < 0)
        continue;   /* unreadable: nothing to report under it */
      g_string_truncate (path, path_len);
      if (path_len != 0)
        g_string_append_c (path, '/');
      g_string_append (path, name);
      ok = list_folder (child_fd, path, exclude, stack, files, cancellable, error);
    }
  g_string_truncate (path, path_len);
  g_array_set_size (stack, stack->len - 1);
  closedir (dir);
  return ok;
}

FwAuditFiles *
fw_audit_list_files (const char       *base_dir,
                     const FwExclude  *exclude,
                     GCancellable     *cancellable,
                     GError          **error)
{
  g_autoptr(FwAuditFiles) files = NULL;
  g_autoptr(GArray) stack = NULL;
  g_autoptr(GString) path = NULL;
  int fd;

  g_return_val_if_fail (base_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = open (base_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", base_dir, g_strerror (saved_errno));
      return NULL;
    }
  files = g_new0 (FwAuditFiles, 1);
  files->paths = g_ptr_array_sized_new (1024);
  files->chunk = g_string_chunk_new (64 * 1024);
  stack = g_array_new (FALSE, FALSE, sizeof (dev_t) * 2);
  path = g_string_sized_new (256);
  if (exclude != NULL && fw_exclude_is_empty (exclude))
    exclude = NULL;
  if (!list_folder (fd, path, exclude, stack, files, cancellable, error))
    return NULL;
  files->index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < files->paths->len; i++)
    g_hash_table_insert (files->index, g_ptr_array_index (files->paths, i),
                         GUINT_TO_POINTER (i + 1));
  /* Not sorted: fw_audit_run() looks each name up, and sorts only the
   * new ones (100,000 names sorted cost the walk a fifth of its time). */
  return g_steal_pointer (&files);
}

/* Matching names ------------------------------------------------------------ */

static int
compare_item_names (gconstpointer a,
                    gconstpointer b)
{
  return strcmp ((*(FwAuditItem * const *) a)->name, (*(FwAuditItem * const *) b)->name);
}

/* Whether @name is relative and already canonical (no empty, `.` or
 * `..` component, no trailing `/`): most names in a list are, and are
 * their own key. */
static gboolean
is_plain_relative (const char *name)
{
  const char *p = name;

  if (*p == '\0' || *p == '/')
    return FALSE;
  while (*p != '\0')
    {
      const char *slash = strchr (p, '/');
      gsize n = slash != NULL ? (gsize) (slash - p) : strlen (p);

      if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
        return FALSE;
      if (slash == NULL)
        return TRUE;
      p = slash + 1;
      if (*p == '\0')
        return FALSE;   /* a trailing slash */
    }
  return TRUE;
}

/* The key a path is matched on: relative to the base folder when it is
 * under it (as the walk gives found files), else canonical and absolute.
 * %NULL when @name is its own key. */
static char *
path_key (const char *canon_base,
          const char *name)
{
  g_autofree char *canon = NULL;
  gsize n = strlen (canon_base);

  if (is_plain_relative (name))
    return NULL;
  canon = g_canonicalize_filename (name, canon_base);
  if (strcmp (canon_base, "/") == 0)
    return canon[1] != '\0' ? g_strdup (canon + 1) : g_steal_pointer (&canon);
  if (strncmp (canon, canon_base, n) == 0 && canon[n] == '/')
    return g_strdup (canon + n + 1);
  return g_steal_pointer (&canon);
}

/* Hashing the new files ---------------------------------------------------- */

typedef struct {
  FwAlgorithmSet  algorithms;
  FwPool         *pool;
} HashData;

static gpointer
hash_job (gpointer       item,
          GCancellable  *cancellable,
          gpointer       user_data,
          GError       **error)
{
  HashData *data = user_data;

  return fw_digest_path_full (item, data->algorithms, 0, FW_DIGEST_REGULAR_ONLY,
                              data->pool, cancellable, NULL, error);
}

/* The key moves are matched on: the algorithm, the digest's length and
 * the digest, so that a truncated tag matches its own prefix only. */
static char *
make_key (FwAlgorithm  algorithm,
          guint        bits,
          const char  *hex)
{
  return g_strdup_printf ("%d:%u:%.*s", (int) algorithm, bits, (int) (bits / 4), hex);
}

typedef struct {
  GPtrArray *items;   /* FwAuditItem (not owned) */
} KeyList;

static void
key_list_free (gpointer data)
{
  KeyList *list = data;

  g_ptr_array_unref (list->items);
  g_free (list);
}

static void
key_list_add (GHashTable *table,
              char       *key,   /* transfer full */
              gpointer    item)
{
  KeyList *list = g_hash_table_lookup (table, key);

  if (list == NULL)
    {
      list = g_new0 (KeyList, 1);
      list->items = g_ptr_array_new ();
      g_hash_table_insert (table, key, list);
    }
  else
    g_free (key);
  g_ptr_array_add (list->items, item);
}

/* Whether the walk would leave out relative @key: it, or a folder on
 * its way, matches. Absolute keys (outside the base) are never walked. */
static gboolean
excluded_key (const FwExclude *exclude,
              const char      *key)
{
  g_autofree char *prefix = NULL;

  if (exclude == NULL || key[0] == '/')
    return FALSE;
  prefix = g_strdup (key);
  for (char *slash = strchr (prefix, '/'); slash != NULL; slash = strchr (slash + 1, '/'))
    {
      gboolean hit;

      *slash = '\0';
      hit = fw_exclude_match (exclude, prefix);
      *slash = '/';
      if (hit)
        return TRUE;
    }
  return fw_exclude_match (exclude, key);
}

gboolean
fw_audit_run (FwAudit       *self,
              FwPool        *pool,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GHashTable) skip = NULL;        /* path_key() of skipped paths */
  g_autoptr(GHashTable) missing = NULL;     /* key → KeyList of listed items */
  g_autoptr(GHashTable) missing_seen = NULL;
  g_autoptr(GHashTable) found = NULL;       /* key → KeyList of new items */
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  GArray *shapes;   /* distinct (algorithm, bits) among missing entries */
  FwAlgorithmSet algorithms = 0;
  FwAlgorithm list_algorithm = self->list_algorithm;
  gboolean want_hash;
  gboolean listed_twice = FALSE;

  g_return_val_if_fail (self != NULL && !self->ran, FALSE);
  g_return_val_if_fail (FW_IS_POOL (pool), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->files == NULL)
    {
      FwAuditFiles *files = fw_audit_list_files (self->base_dir, self->exclude,
                                                 cancellable, error);
      if (files == NULL)
        {
          self->ran = TRUE;
          return FALSE;
        }
      fw_audit_set_files (self, files);
    }
  self->ran = TRUE;

  /* What the list names, and the missing entries by digest. */
  skip = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  {
    GHashTableIter iter;
    gpointer path;

    g_hash_table_iter_init (&iter, self->skip);
    while (g_hash_table_iter_next (&iter, &path, NULL))
      {
        char *key = path_key (self->canon_base, path);
        g_hash_table_add (skip, key != NULL ? key : g_strdup (path));
      }
  }
  missing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, key_list_free);
  missing_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  shapes = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  for (guint i = 0; i < self->entries->len; i++)
    {
      const FwChecksumEntry *entry = g_ptr_array_index (self->entries, i);
      FwAuditItem *item = g_ptr_array_index (self->listed, i);
      g_autofree char *key_owned = NULL;
      const char *name_key;

      if (entry == NULL)
        continue;   /* not missing */
      key_owned = path_key (self->canon_base, entry->name);
      name_key = key_owned != NULL ? key_owned : entry->name;
      /* An excluded entry is out of the audit's reach, as an excluded
       * file is: no move from it (its lines stay what check says). */
      if (item->verdict == FW_AUDIT_MISSING &&
          !excluded_key (self->exclude, name_key))
        {
          char *key = make_key (entry->algorithm, entry->digest_bits, entry->hex);
          g_autofree char *seen = g_strconcat (key, "\n", name_key, NULL);

          /* The same file listed twice with one digest is one file. */
          if (!g_hash_table_contains (missing_seen, seen))
            {
              guint shape[2] = { entry->algorithm, entry->digest_bits };
              gboolean known = FALSE;

              g_hash_table_add (missing_seen, g_steal_pointer (&seen));
              key_list_add (missing, key, item);
              algorithms |= FW_ALGORITHM_BIT (entry->algorithm);
              for (guint s = 0; s < shapes->len && !known; s++)
                known = memcmp (&g_array_index (shapes, guint, 2 * s), shape, sizeof shape) == 0;
              if (!known)
                g_array_append_vals (shapes, shape, 1);
            }
          else
            {
              g_free (key);
              listed_twice = TRUE;
            }
        }
    }

  /* The new files. */
  for (guint i = 0; i < self->files->paths->len; i++)
    {
      const char *rel = g_ptr_array_index (self->files->paths, i);
      const char *base;
      FwAuditItem *item;

      if (self->matched[i] || g_hash_table_contains (skip, rel))
        continue;
      base = strrchr (rel, '/');
      base = base != NULL ? base + 1 : rel;
      if (fw_audit_is_temporary_name (base))
        continue;
      if (fw_audit_is_checksum_name (base))
        continue;
      {
        g_autofree char *path = g_build_filename (self->base_dir, rel, NULL);
        if (fw_audit_is_checksum_file (path))
          continue;
      }
      item = audit_item_new (self, rel);
      item->verdict = FW_AUDIT_NEW;
      g_ptr_array_add (self->unlisted, item);
    }
  /* Only the new names are sorted (the walk's are in no order). */
  g_ptr_array_sort (self->unlisted, compare_item_names);

  want_hash = self->unlisted->len > 0 &&
              (g_hash_table_size (missing) > 0 || self->hash_all);
  if (!want_hash)
    {
      g_array_unref (shapes);
      return TRUE;
    }
  if (list_algorithm != FW_ALGORITHM_INVALID)
    algorithms |= FW_ALGORITHM_BIT (list_algorithm);

  paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->unlisted->len; i++)
    {
      const FwAuditItem *item = g_ptr_array_index (self->unlisted, i);
      g_ptr_array_add (paths, g_build_filename (self->base_dir, item->name, NULL));
    }
  {
    HashData data = { algorithms, pool };
    results = fw_pool_process (pool, paths, hash_job, &data, NULL,
                               (GDestroyNotify) fw_digest_result_free,
                               FW_POOL_COLLECT, cancellable, &errors, NULL, error);
  }
  if (results == NULL)
    {
      g_array_unref (shapes);
      return FALSE;
    }

  found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, key_list_free);
  for (guint i = 0; i < self->unlisted->len; i++)
    {
      FwAuditItem *item = g_ptr_array_index (self->unlisted, i);
      FwDigestResult *digest = g_ptr_array_index (results, i);
      GError *item_error = errors != NULL ? g_ptr_array_index (errors, i) : NULL;

      if (digest == NULL)
        {
          if (item_error != NULL)
            item->error = g_error_copy (item_error);
          continue;
        }
      item->size = digest->size;
      if (list_algorithm != FW_ALGORITHM_INVALID)
        item->hex = g_strdup (digest->hex[list_algorithm]);
      if (digest->size == 0)
        continue;   /* every empty file has one digest: never a move */
      for (guint s = 0; s < shapes->len; s++)
        {
          FwAlgorithm algorithm = g_array_index (shapes, guint, 2 * s);
          guint bits = g_array_index (shapes, guint, 2 * s + 1);
          const char *hex = digest->hex[algorithm];

          if (hex == NULL || strlen (hex) < bits / 4)
            continue;
          key_list_add (found, make_key (algorithm, bits, hex), item);
        }
    }

  /* A move: one missing entry and one new file share a digest. */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, found);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        KeyList *news = value;
        KeyList *gone = g_hash_table_lookup (missing, key);
        FwAuditItem *new_item, *old_item;

        if (gone == NULL || gone->items->len != 1 || news->items->len != 1)
          continue;
        new_item = g_ptr_array_index (news->items, 0);
        old_item = g_ptr_array_index (gone->items, 0);
        if (new_item->verdict != FW_AUDIT_NEW || old_item->verdict != FW_AUDIT_MISSING)
          continue;   /* already matched under another algorithm */
        new_item->verdict = FW_AUDIT_MOVED;
        new_item->other = g_strdup (old_item->name);
        new_item->entry_index = old_item->entry_index;
        old_item->verdict = FW_AUDIT_MOVED;
        old_item->other = g_strdup (new_item->name);
      }
  }

  /* The same missing file listed twice (one digest) moved too. Rare:
   * only then are the entries compared pairwise. */
  for (guint i = 0; listed_twice && i < self->listed->len; i++)
    {
      FwAuditItem *item = g_ptr_array_index (self->listed, i);
      g_autofree char *canon = NULL;

      if (item->verdict != FW_AUDIT_MISSING)
        continue;
      canon = g_canonicalize_filename (item->name, self->canon_base);
      for (guint j = 0; j < self->listed->len; j++)
        {
          const FwAuditItem *moved = g_ptr_array_index (self->listed, j);
          const FwChecksumEntry *a = g_ptr_array_index (self->entries, i);
          const FwChecksumEntry *b = g_ptr_array_index (self->entries, j);
          g_autofree char *other = NULL;

          if (moved->verdict != FW_AUDIT_MOVED || !moved->listed)
            continue;
          if (a->algorithm != b->algorithm || a->digest_bits != b->digest_bits ||
              strcmp (a->hex, b->hex) != 0)
            continue;
          other = g_canonicalize_filename (moved->name, self->canon_base);
          if (strcmp (other, canon) != 0)
            continue;
          item->verdict = FW_AUDIT_MOVED;
          item->other = g_strdup (moved->other);
          break;
        }
    }

  g_array_unref (shapes);
  return TRUE;
}
