/* fw-sibling.c — the checksum file next to a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One pass over the folder's names ranks the candidates (fw-sibling.h
 * gives the order); then they are opened in that order, relative to the
 * folder's descriptor, until one lists the file or a bound is reached.
 */
#define _GNU_SOURCE 1 /* memmem */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fw-checksum-read.h"
#include "fw-sibling.h"

/* X.<suffix>: ranks 0 … 7. */
static const char * const x_suffixes[] = {
  "sha256", "sha256sum", "sha512", "sha1", "md5", "b2", "DIGESTS", "CHECKSUM",
};
/* Whole names: ranks 8 … 14. */
static const char * const whole_names[] = {
  "SHA256SUMS", "SHA512SUMS", "SHA1SUMS", "MD5SUMS", "B2SUMS", "CHECKSUM", "CHECKSUMS",
};
#define N_X_SUFFIXES   G_N_ELEMENTS (x_suffixes)
#define RANK_WHOLE     N_X_SUFFIXES
#define RANK_DASH      (RANK_WHOLE + G_N_ELEMENTS (whole_names))  /* *-CHECKSUM */
#define RANK_SFV       (RANK_DASH + 1)                            /* *.sfv */
#define RANK_NAMED_END (RANK_SFV + 1)
#define RANK_LIKELY    RANK_NAMED_END                             /* other text, likely name */
#define RANK_OTHER     (RANK_LIKELY + 1)

typedef struct {
  char  *name;
  guint  rank;
  gboolean txt;   /* the ".txt" variant of its rank's name */
} Candidate;

static void
candidate_clear (Candidate *c)
{
  g_free (c->name);
}

static int
candidate_compare (gconstpointer a,
                   gconstpointer b)
{
  const Candidate *ca = a;
  const Candidate *cb = b;

  if (ca->rank != cb->rank)
    return ca->rank < cb->rank ? -1 : 1;
  if (ca->txt != cb->txt)
    return ca->txt ? 1 : -1;
  return strcmp (ca->name, cb->name);
}

/* Whether @s equals @word, ASCII case ignored, optionally followed by
 * ".txt" (then *out_txt). */
static gboolean
matches_word (const char *s,
              const char *word,
              gboolean   *out_txt)
{
  gsize n = strlen (word);

  if (g_ascii_strncasecmp (s, word, n) != 0)
    return FALSE;
  if (s[n] == '\0')
    {
      *out_txt = FALSE;
      return TRUE;
    }
  if (g_ascii_strcasecmp (s + n, ".txt") == 0)
    {
      *out_txt = TRUE;
      return TRUE;
    }
  return FALSE;
}

/* Whether @lower (lowercase) ends with @suffix or @suffix ".txt", with
 * something before it. */
static gboolean
ends_with (const char *lower,
           const char *suffix,
           gboolean   *out_txt)
{
  gsize n = strlen (lower);
  gsize k = strlen (suffix);

  if (n > k && strcmp (lower + n - k, suffix) == 0)
    {
      *out_txt = FALSE;
      return TRUE;
    }
  if (n > k + 4 && strcmp (lower + n - 4, ".txt") == 0
      && strncmp (lower + n - 4 - k, suffix, k) == 0)
    {
      *out_txt = TRUE;
      return TRUE;
    }
  return FALSE;
}

/* The rank of the folder's entry @entry for the file named @x. */
static guint
rank_name (const char *entry,
           const char *x,
           gboolean   *out_txt)
{
  gsize x_len = strlen (x);
  g_autofree char *lower = NULL;

  *out_txt = FALSE;
  if (strncmp (entry, x, x_len) == 0 && entry[x_len] == '.')
    for (guint i = 0; i < N_X_SUFFIXES; i++)
      if (matches_word (entry + x_len + 1, x_suffixes[i], out_txt))
        return i;
  for (guint i = 0; i < G_N_ELEMENTS (whole_names); i++)
    if (matches_word (entry, whole_names[i], out_txt))
      return RANK_WHOLE + i;

  lower = g_ascii_strdown (entry, -1);
  if (ends_with (lower, "-checksum", out_txt))
    return RANK_DASH;
  if (ends_with (lower, ".sfv", out_txt))
    return RANK_SFV;
  *out_txt = FALSE;
  if (strstr (lower, "sum") != NULL || strstr (lower, "hash") != NULL
      || strstr (lower, "digest") != NULL || strstr (lower, "check") != NULL
      || g_str_has_suffix (lower, ".txt") || g_str_has_suffix (lower, ".asc"))
    return RANK_LIKELY;
  return RANK_OTHER;
}

/* What the search has spent. */
typedef struct {
  guint  files;
  gsize  bytes;
} Budget;

/* Reads the regular file @name of @dir_fd, at most @max_size bytes (a
 * larger file is not read). NULL when it cannot or must not be read. */
static char *
read_candidate (int          dir_fd,
                const char  *name,
                gsize        max_size,
                Budget      *budget,
                gsize       *out_length)
{
  struct stat st;
  g_autofree char *data = NULL;
  gsize done = 0;
  int fd;

  /* O_NONBLOCK: a FIFO named SHA256SUMS must not block the open. */
  fd = openat (dir_fd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    return NULL;
  budget->files++;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode)
      || (guint64) st.st_size > max_size
      || budget->bytes + (gsize) st.st_size > FW_SIBLING_MAX_BYTES)
    {
      close (fd);
      return NULL;
    }

  data = g_malloc ((gsize) st.st_size + 1);
  while (done < (gsize) st.st_size)
    {
      ssize_t n = read (fd, data + done, (gsize) st.st_size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (gsize) n;
    }
  close (fd);
  budget->bytes += done;
  data[done] = '\0';
  *out_length = done;
  return g_steal_pointer (&data);
}

/* Whether @name (from a list) names @x; @loose: any folder before it. */
static gboolean
names_file (const char *name,
            const char *x,
            gboolean    loose)
{
  const char *slash;

  if (strcmp (name, x) == 0)
    return TRUE;
  if (strncmp (name, "./", 2) == 0 && strcmp (name + 2, x) == 0)
    return TRUE;
  if (!loose)
    return FALSE;
  slash = strrchr (name, '/');
  return slash != NULL && strcmp (slash + 1, x) == 0;
}

static FwAlgorithmSet
algorithms_of_length (gsize n_hex)
{
  FwAlgorithmSet set = 0;

  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    if (fw_algorithm_get_length ((FwAlgorithm) a) * 2 == n_hex)
      set |= FW_ALGORITHM_BIT (a);
  return set;
}

/* A line holding only a digest ("X.sha256" lists that hold the bare hex):
 * its hex, lowercase, or NULL. */
static char *
bare_hex (const char *line,
          gsize       length)
{
  while (length > 0 && g_ascii_isspace (line[length - 1]))
    length--;
  while (length > 0 && g_ascii_isspace (line[0]))
    {
      line++;
      length--;
    }
  if (length < 8 || length % 2 != 0)
    return NULL;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isxdigit (line[i]))
      return NULL;
  return g_ascii_strdown (line, (gssize) length);
}

static void
found_from_entry (FwSibling             *sibling,
                  const FwChecksumEntry *entry,
                  FwAlgorithm            name_hint)
{
  sibling->line = entry->line;
  sibling->hex = g_strdup (entry->hex);
  sibling->digest_bits = entry->digest_bits;
  if (entry->format != FW_CHECKSUM_GNU)
    sibling->algorithms = FW_ALGORITHM_BIT (entry->algorithm);   /* a tag, or SFV */
  else if (name_hint != FW_ALGORITHM_INVALID)
    sibling->algorithms = FW_ALGORITHM_BIT (name_hint);
  else
    sibling->algorithms = algorithms_of_length (strlen (entry->hex));
}

/* Looks for @x in one list's contents. TRUE (and @sibling filled) when a
 * line names it. */
static gboolean
search_list (FwSibling  *sibling,
             const char *data,
             gsize       length,
             const char *list_name,
             const char *x,
             guint       rank)
{
  g_autoptr(FwChecksumReader) reader = NULL;
  FwAlgorithm hint = fw_checksum_algorithm_from_filename (list_name);
  gboolean x_list = rank < N_X_SUFFIXES;
  gsize pos = 0;

  reader = fw_checksum_reader_new (list_name, FW_ALGORITHM_INVALID);
  fw_checksum_reader_set_flags (reader, FW_CHECKSUM_READ_CLEAR_SIGNED);
  while (pos < length)
    {
      const char *nl = memchr (data + pos, '\n', length - pos);
      gsize end = nl != NULL ? (gsize) (nl - data) + 1 : length;
      g_autoptr(FwChecksumEntry) entry = NULL;
      FwChecksumLineKind kind;

      kind = fw_checksum_reader_parse_line (reader, data + pos, end - pos, &entry);
      if (kind == FW_CHECKSUM_LINE_ENTRY && names_file (entry->name, x, x_list))
        {
          found_from_entry (sibling, entry, hint);
          sibling->clear_signed = fw_checksum_reader_is_clear_signed (reader);
          if (sibling->algorithms != 0)
            return TRUE;
          g_clear_pointer (&sibling->hex, g_free);
        }
      if (kind == FW_CHECKSUM_LINE_MALFORMED && x_list)
        {
          g_autofree char *hex = bare_hex (data + pos, end - pos);
          FwAlgorithmSet set = 0;

          if (hex != NULL)
            set = hint != FW_ALGORITHM_INVALID
                  && fw_algorithm_get_length (hint) * 2 == strlen (hex)
                  ? FW_ALGORITHM_BIT (hint) : algorithms_of_length (strlen (hex));
          if (set != 0)
            {
              sibling->line = fw_checksum_reader_get_line (reader);
              sibling->digest_bits = (guint) strlen (hex) * 4;
              sibling->hex = g_steal_pointer (&hex);
              sibling->algorithms = set;
              sibling->clear_signed = fw_checksum_reader_is_clear_signed (reader);
              return TRUE;
            }
        }
      pos = end;
    }
  return FALSE;
}

gboolean
fw_sibling_is_portal_path (const char *path)
{
  g_autofree char *folder = NULL;
  g_autofree char *doc_root = NULL;
  g_autofree char *parent = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  folder = g_path_get_dirname (path);
  parent = g_path_get_dirname (folder);
  doc_root = g_build_filename (g_get_user_runtime_dir (), "doc", NULL);
  return strcmp (parent, doc_root) == 0 || strcmp (parent, "/run/flatpak/doc") == 0;
}

FwSibling *
fw_sibling_find (const char   *path,
                 GCancellable *cancellable)
{
  g_autoptr(FwSibling) sibling = g_new0 (FwSibling, 1);
  g_autoptr(GArray) candidates = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *x = NULL;
  Budget budget = { 0, 0 };
  struct dirent *de;
  guint n_entries = 0;
  DIR *dir;
  int dir_fd;

  g_return_val_if_fail (path != NULL, NULL);

  sibling->status = FW_SIBLING_UNREADABLE;
  if (fw_sibling_is_portal_path (path))
    return g_steal_pointer (&sibling);

  folder = g_path_get_dirname (path);
  x = g_path_get_basename (path);
  dir_fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0)
    return g_steal_pointer (&sibling);
  dir = fdopendir (dir_fd);
  if (dir == NULL)
    {
      close (dir_fd);
      return g_steal_pointer (&sibling);
    }

  candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_array_set_clear_func (candidates, (GDestroyNotify) candidate_clear);
  errno = 0;
  while (n_entries < FW_SIBLING_MAX_ENTRIES && (de = readdir (dir)) != NULL)
    {
      Candidate c = { NULL, 0, FALSE };

      n_entries++;
      if (strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0
          || strcmp (de->d_name, x) == 0
          || de->d_type == DT_DIR || de->d_type == DT_FIFO || de->d_type == DT_SOCK
          || de->d_type == DT_CHR || de->d_type == DT_BLK)
        continue;
      c.rank = rank_name (de->d_name, x, &c.txt);
      c.name = g_strdup (de->d_name);
      g_array_append_val (candidates, c);
    }
  if (n_entries == 0 && errno != 0)
    {
      /* Opened, but not listable (EACCES on some file systems only here). */
      closedir (dir);
      return g_steal_pointer (&sibling);
    }
  sibling->status = FW_SIBLING_NOT_LISTED;
  g_array_sort (candidates, candidate_compare);

  for (guint i = 0; i < candidates->len && budget.files < FW_SIBLING_MAX_FILES; i++)
    {
      const Candidate *c = &g_array_index (candidates, Candidate, i);
      gboolean named = c->rank < RANK_NAMED_END;
      g_autofree char *data = NULL;
      g_autofree char *list_name = NULL;
      gsize length = 0;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      data = read_candidate (dirfd (dir), c->name,
                             named ? FW_SIBLING_MAX_LIST_SIZE : FW_SIBLING_MAX_TEXT_SIZE,
                             &budget, &length);
      if (data == NULL)
        continue;
      /* Another file: text only, and it must hold the name at all. */
      if (!named && (memchr (data, '\0', length) != NULL
                     || memmem (data, length, x, strlen (x)) == NULL))
        continue;
      /* The .txt variant is read as the list it names (SFV, the hint). */
      if (c->txt)
        list_name = g_strndup (c->name, strlen (c->name) - 4);
      if (search_list (sibling, data, length, list_name != NULL ? list_name : c->name,
                       x, c->rank))
        {
          sibling->status = FW_SIBLING_FOUND;
          sibling->list_path = g_build_filename (folder, c->name, NULL);
          break;
        }
    }
  closedir (dir);
  return g_steal_pointer (&sibling);
}

void
fw_sibling_free (FwSibling *sibling)
{
  if (sibling == NULL)
    return;
  g_free (sibling->list_path);
  g_free (sibling->hex);
  g_free (sibling->mismatch_note);
  g_free (sibling);
}

char **
fw_sibling_list_names (const char *name)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **names;

  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < N_X_SUFFIXES; i++)
    {
      g_autofree char *x_name = g_strconcat (name, ".", x_suffixes[i], NULL);
      g_strv_builder_add (builder, x_name);
    }
  for (guint i = 0; i < G_N_ELEMENTS (whole_names); i++)
    g_strv_builder_add (builder, whole_names[i]);
  g_strv_builder_add (builder, "*-CHECKSUM");
  g_strv_builder_add (builder, "*.sfv");
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return names;
}
