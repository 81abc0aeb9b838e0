/* fw-expand.c
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

#include <glib/gi18n.h>

#include "fw-engine.h"
#include "fw-expand.h"

#define CHUNK 512

struct _FwExpandShared
{
  gatomicrefcount  ref;
  GMutex           lock;
  GPtrArray       *jobs;
  guint            active;     /* atomic */
  guint            n_found;    /* atomic */
  guint            n_skipped;  /* atomic */
};

FwExpandShared *
fw_expand_shared_new (void)
{
  FwExpandShared *shared = g_new0 (FwExpandShared, 1);

  g_atomic_ref_count_init (&shared->ref);
  g_mutex_init (&shared->lock);
  shared->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  return shared;
}

FwExpandShared *
fw_expand_shared_ref (FwExpandShared *shared)
{
  g_atomic_ref_count_inc (&shared->ref);
  return shared;
}

void
fw_expand_shared_unref (FwExpandShared *shared)
{
  if (!g_atomic_ref_count_dec (&shared->ref))
    return;
  g_mutex_clear (&shared->lock);
  g_ptr_array_unref (shared->jobs);
  g_free (shared);
}

GPtrArray *
fw_expand_shared_take (FwExpandShared *shared)
{
  GPtrArray *jobs = NULL;

  g_mutex_lock (&shared->lock);
  if (shared->jobs->len > 0)
    {
      jobs = shared->jobs;
      shared->jobs = g_ptr_array_new_with_free_func (g_object_unref);
    }
  g_mutex_unlock (&shared->lock);
  return jobs;
}

guint
fw_expand_shared_get_active (FwExpandShared *shared)
{
  return g_atomic_int_get (&shared->active);
}

guint
fw_expand_shared_get_pending (FwExpandShared *shared)
{
  guint n;

  g_mutex_lock (&shared->lock);
  n = shared->jobs->len;
  g_mutex_unlock (&shared->lock);
  return n;
}

guint
fw_expand_shared_get_n_found (FwExpandShared *shared)
{
  return g_atomic_int_get (&shared->n_found);
}

guint
fw_expand_shared_get_n_skipped (FwExpandShared *shared)
{
  return g_atomic_int_get (&shared->n_skipped);
}

/* The thread ------------------------------------------------------------- */

typedef struct {
  FwExpandShared *shared;
  GPtrArray      *files;        /* GFile */
  FwBatchMode     mode;
  FwAlgorithmSet  algorithms;
  GCancellable   *cancellable;
  GPtrArray      *chunk;        /* FwJob, not yet handed over */
} Expand;

static void
expand_flush (Expand *e)
{
  if (e->chunk->len == 0)
    return;
  g_mutex_lock (&e->shared->lock);
  g_ptr_array_extend_and_steal (e->shared->jobs, g_steal_pointer (&e->chunk));
  g_mutex_unlock (&e->shared->lock);
  e->chunk = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
expand_add (Expand *e,
            FwJob  *job)
{
  g_ptr_array_add (e->chunk, job);
  g_atomic_int_inc (&e->shared->n_found);
  if (e->chunk->len >= CHUNK)
    expand_flush (e);
}

static void
expand_add_failed (Expand     *e,
                   FwJobKind   kind,
                   GFile      *file,
                   const char *message)
{
  expand_add (e, fw_job_new_failed (kind, file, message));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Regular files under @path, sorted by name in each folder, depth first. */
static void
expand_walk (Expand     *e,
             const char *path)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  DIR *dir;
  struct dirent *entry;
  int dfd;

  dir = opendir (path);
  if (dir == NULL)
    {
      int errsv = errno;
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *message = g_strdup_printf (_("Cannot open folder: %s"), g_strerror (errsv));

      expand_add_failed (e, FW_JOB_HASH, file, message);
      return;
    }
  while ((entry = readdir (dir)) != NULL)
    {
      if (strcmp (entry->d_name, ".") == 0 || strcmp (entry->d_name, "..") == 0)
        continue;
      g_ptr_array_add (names, g_strdup (entry->d_name));
    }
  g_ptr_array_sort (names, compare_names);
  dfd = dirfd (dir);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *child = NULL;
      struct stat st;

      if (g_cancellable_is_cancelled (e->cancellable))
        break;
      if (fstatat (dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        continue;
      child = g_build_filename (path, name, NULL);
      if (S_ISREG (st.st_mode))
        {
          g_autoptr(GFile) file = g_file_new_for_path (child);
          FwJob *job = fw_job_new (FW_JOB_HASH, file, (guint64) st.st_size);

          fw_job_set_algorithms (job, e->algorithms);
          expand_add (e, job);
        }
      else if (S_ISDIR (st.st_mode))
        expand_walk (e, child);
      else if (!S_ISLNK (st.st_mode))
        g_atomic_int_inc (&e->shared->n_skipped);
    }
  closedir (dir);
}

static void
expand_one (Expand *e,
            GFile  *file)
{
  g_autofree char *path = g_file_get_path (file);
  FwJobKind kind = e->mode == FW_BATCH_MODE_SIZE ? FW_JOB_SIZE :
                   e->mode == FW_BATCH_MODE_VERIFY ? FW_JOB_VERIFY : FW_JOB_HASH;
  struct stat st;

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *message =
        g_strdup_printf (_("No local path for %s: open its location in Files to mount it, then add it again"), uri);

      expand_add_failed (e, kind, file, message);
      return;
    }

  if (stat (path, &st) != 0)
    {
      int errsv = errno;

      expand_add_failed (e, kind, file, g_strerror (errsv));
      return;
    }

  switch (e->mode)
    {
    case FW_BATCH_MODE_SIZE:
      expand_add (e, fw_job_new (FW_JOB_SIZE, file, 0));
      return;

    case FW_BATCH_MODE_VERIFY:
      if (S_ISREG (st.st_mode))
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) jobs = fw_expand_checksum_file (file, &error);

          if (jobs == NULL)
            {
              expand_add_failed (e, FW_JOB_VERIFY, file, error->message);
              return;
            }
          for (guint i = 0; i < jobs->len; i++)
            expand_add (e, g_object_ref (g_ptr_array_index (jobs, i)));
          return;
        }
      G_GNUC_FALLTHROUGH;

    case FW_BATCH_MODE_HASH:
    default:
      if (S_ISDIR (st.st_mode))
        expand_walk (e, path);
      else if (S_ISREG (st.st_mode))
        {
          FwJob *job = fw_job_new (FW_JOB_HASH, file, (guint64) st.st_size);

          fw_job_set_algorithms (job, e->algorithms);
          expand_add (e, job);
        }
      else
        expand_add_failed (e, FW_JOB_HASH, file,
                           _("Not a regular file (a FIFO, socket or device): skipped"));
      return;
    }
}

static gpointer
expand_thread (gpointer data)
{
  Expand *e = data;

  for (guint i = 0; i < e->files->len; i++)
    {
      if (g_cancellable_is_cancelled (e->cancellable))
        break;
      expand_one (e, g_ptr_array_index (e->files, i));
    }
  expand_flush (e);

  g_atomic_int_dec_and_test (&e->shared->active);
  fw_expand_shared_unref (e->shared);
  g_ptr_array_unref (e->files);
  g_ptr_array_unref (e->chunk);
  g_clear_object (&e->cancellable);
  g_free (e);
  return NULL;
}

void
fw_expand_start (FwExpandShared  *shared,
                 GFile          **files,
                 guint            n_files,
                 FwBatchMode      mode,
                 FwAlgorithmSet   algorithms,
                 GCancellable    *cancellable)
{
  Expand *e = g_new0 (Expand, 1);

  e->shared = fw_expand_shared_ref (shared);
  e->files = g_ptr_array_new_full (n_files, g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (e->files, g_object_ref (files[i]));
  e->mode = mode;
  e->algorithms = algorithms;
  e->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  e->chunk = g_ptr_array_new_with_free_func (g_object_unref);

  g_atomic_int_inc (&shared->active);
  g_thread_unref (g_thread_new ("fw-expand", expand_thread, e));
}

/* Checksum files --------------------------------------------------------- */

static const struct {
  const char  *suffix;
  FwAlgorithm  algorithm;
} checksum_suffixes[] = {
  { ".md5", FW_ALGORITHM_MD5 },
  { ".sha1", FW_ALGORITHM_SHA1 },
  { ".sha224", FW_ALGORITHM_SHA224 },
  { ".sha256", FW_ALGORITHM_SHA256 },
  { ".sha384", FW_ALGORITHM_SHA384 },
  { ".sha512", FW_ALGORITHM_SHA512 },
  { ".sha3-256", FW_ALGORITHM_SHA3_256 },
  { ".sha3-512", FW_ALGORITHM_SHA3_512 },
  { ".b2", FW_ALGORITHM_BLAKE2B },
  { ".blake2b", FW_ALGORITHM_BLAKE2B },
  { ".blake2s", FW_ALGORITHM_BLAKE2S },
  { ".xxh64", FW_ALGORITHM_XXH64 },
  { ".xxh3", FW_ALGORITHM_XXH3 },
  { ".xxh128", FW_ALGORITHM_XXH128 },
  { ".sfv", FW_ALGORITHM_CRC32 },
  { "md5sums", FW_ALGORITHM_MD5 },
  { "sha1sums", FW_ALGORITHM_SHA1 },
  { "sha224sums", FW_ALGORITHM_SHA224 },
  { "sha256sums", FW_ALGORITHM_SHA256 },
  { "sha384sums", FW_ALGORITHM_SHA384 },
  { "sha512sums", FW_ALGORITHM_SHA512 },
  { "b2sums", FW_ALGORITHM_BLAKE2B },
};

static FwAlgorithm
algorithm_from_file_name (const char *basename)
{
  g_autofree char *lower = g_ascii_strdown (basename, -1);

  for (guint i = 0; i < G_N_ELEMENTS (checksum_suffixes); i++)
    if (g_str_has_suffix (lower, checksum_suffixes[i].suffix))
      return checksum_suffixes[i].algorithm;
  return FW_ALGORITHM_INVALID;
}

gboolean
fw_expand_is_checksum_file (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *lower = NULL;

  if (basename == NULL)
    return FALSE;
  if (algorithm_from_file_name (basename) != FW_ALGORITHM_INVALID)
    return TRUE;
  lower = g_ascii_strdown (basename, -1);
  return g_str_has_suffix (lower, "sums") || g_str_has_suffix (lower, ".checksums") ||
         strcmp (lower, "checksums") == 0;
}

static FwAlgorithm
algorithm_from_hex_length (gsize len)
{
  switch (len)
    {
    case 8: return FW_ALGORITHM_CRC32;
    case 32: return FW_ALGORITHM_MD5;
    case 40: return FW_ALGORITHM_SHA1;
    case 56: return FW_ALGORITHM_SHA224;
    case 64: return FW_ALGORITHM_SHA256;
    case 96: return FW_ALGORITHM_SHA384;
    case 128: return FW_ALGORITHM_SHA512;
    default: return FW_ALGORITHM_INVALID;
    }
}

static gboolean
is_hex (const char *s,
        gsize       len)
{
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* coreutils: a line starting with '\' has "\\n" and "\\\\" escapes. */
static char *
unescape_name (const char *name,
               gboolean    escaped)
{
  GString *s;

  if (!escaped)
    return g_strdup (name);
  s = g_string_new (NULL);
  for (const char *p = name; *p; p++)
    {
      if (*p == '\\' && p[1] == 'n')
        g_string_append_c (s, '\n'), p++;
      else if (*p == '\\' && p[1] == 'r')
        g_string_append_c (s, '\r'), p++;
      else if (*p == '\\' && p[1] == '\\')
        g_string_append_c (s, '\\'), p++;
      else
        g_string_append_c (s, *p);
    }
  return g_string_free (s, FALSE);
}

/* One line: GNU "HEX  NAME" / "HEX *NAME", BSD "TAG (NAME) = HEX",
 * SFV "NAME CRC32". */
static gboolean
parse_line (char         *line,
            FwAlgorithm   file_algorithm,
            gboolean      sfv,
            FwAlgorithm  *algorithm,
            char        **hex,
            char        **name)
{
  gboolean escaped = FALSE;
  char *p;

  g_strchomp (line);
  if (line[0] == '\0' || line[0] == '#' || (sfv && line[0] == ';'))
    return FALSE;
  if (line[0] == '\\')
    {
      escaped = TRUE;
      line++;
    }

  if (sfv)
    {
      p = strrchr (line, ' ');
      if (p == NULL || !is_hex (p + 1, strlen (p + 1)) || strlen (p + 1) != 8)
        return FALSE;
      *p = '\0';
      *algorithm = FW_ALGORITHM_CRC32;
      *hex = g_ascii_strdown (p + 1, -1);
      *name = g_strdup (line);
      return TRUE;
    }

  /* BSD tag */
  p = strstr (line, " (");
  if (p != NULL && !is_hex (line, p - line))
    {
      g_autofree char *tag = g_strndup (line, p - line);
      char *end = g_strrstr (p, ") = ");

      if (end == NULL)
        return FALSE;
      *algorithm = fw_algorithm_from_tag (tag);
      if (*algorithm == FW_ALGORITHM_INVALID)
        return FALSE;
      *end = '\0';
      if (!is_hex (end + 4, strlen (end + 4)))
        return FALSE;
      *hex = g_ascii_strdown (end + 4, -1);
      *name = unescape_name (p + 2, escaped);
      return TRUE;
    }

  /* GNU */
  p = strchr (line, ' ');
  if (p == NULL || (p[1] != ' ' && p[1] != '*') || !is_hex (line, p - line))
    return FALSE;
  *algorithm = file_algorithm != FW_ALGORITHM_INVALID ? file_algorithm
                                                       : algorithm_from_hex_length (p - line);
  if (*algorithm == FW_ALGORITHM_INVALID)
    return FALSE;
  *hex = g_ascii_strdown (line, p - line);
  *name = unescape_name (p + 2, escaped);
  return TRUE;
}

GPtrArray *
fw_expand_checksum_file (GFile   *file,
                         GError **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_auto(GStrv) lines = NULL;
  FwAlgorithm file_algorithm;
  gboolean sfv;

  if (path == NULL || !g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  basename = g_path_get_basename (path);
  dir = g_path_get_dirname (path);
  file_algorithm = algorithm_from_file_name (basename);
  sfv = file_algorithm == FW_ALGORITHM_CRC32;
  if (sfv)
    file_algorithm = FW_ALGORITHM_INVALID;

  jobs = g_ptr_array_new_with_free_func (g_object_unref);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      FwAlgorithm algorithm;
      g_autofree char *hex = NULL;
      g_autofree char *name = NULL;
      g_autofree char *full = NULL;
      g_autoptr(GFile) listed = NULL;
      struct stat st;
      FwJob *job;

      if (!parse_line (lines[i], file_algorithm, sfv, &algorithm, &hex, &name))
        continue;
      full = g_path_is_absolute (name) ? g_strdup (name) : g_build_filename (dir, name, NULL);
      listed = g_file_new_for_path (full);
      job = fw_job_new (FW_JOB_VERIFY, listed, stat (full, &st) == 0 ? (guint64) st.st_size : 0);
      fw_job_set_verify (job, algorithm, hex, name);
      g_ptr_array_add (jobs, job);
    }

  if (jobs->len == 0)
    {
      g_set_error (error, FW_ENGINE_ERROR, FW_ENGINE_ERROR_MALFORMED,
                   _("No checksum lines found in %s"), basename);
      return NULL;
    }
  return g_steal_pointer (&jobs);
}
