/* fw-exclude.c — `--exclude` patterns, matched as `du --exclude` does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gnulib's exclude.c as du calls it (add_exclude() with EXCLUDE_WILDCARDS,
 * excluded_file_name()): patterns with wildcards go through fnmatch() with
 * no flags, on the whole path and after each `/` not followed by another
 * `/` (exclude_fnmatch()); patterns without go into a hash set, unescaped,
 * looked up with the whole path and after each `/` (excluded_file_name_p()).
 * Checked against du 9.1 by tests/test-cli-du.c.
 */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "fw-exclude.h"

struct _FwExclude {
  GPtrArray  *wild;      /* patterns with wildcards, as given */
  GHashTable *plain;     /* the others, unescaped */
};

FwExclude *
fw_exclude_new (void)
{
  FwExclude *exclude = g_new0 (FwExclude, 1);

  exclude->wild = g_ptr_array_new_with_free_func (g_free);
  exclude->plain = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return exclude;
}

FwExclude *
fw_exclude_new_from_patterns (const char * const *patterns)
{
  FwExclude *exclude;

  if (patterns == NULL || patterns[0] == NULL)
    return NULL;
  exclude = fw_exclude_new ();
  for (guint i = 0; patterns[i] != NULL; i++)
    fw_exclude_add (exclude, patterns[i]);
  return exclude;
}

void
fw_exclude_free (FwExclude *exclude)
{
  if (exclude == NULL)
    return;
  g_ptr_array_unref (exclude->wild);
  g_hash_table_unref (exclude->plain);
  g_free (exclude);
}

/* gnulib's fnmatch_pattern_has_wildcards() for EXCLUDE_WILDCARDS. */
static gboolean
has_wildcards (const char *str)
{
  for (;;)
    switch (*str++)
      {
      case '\\':
        if (*str != '\0')
          str++;
        break;
      case '?':
      case '*':
      case '[':
      case ']':
        return TRUE;
      case '\0':
        return FALSE;
      default:
        break;
      }
}

/* gnulib's unescape_pattern(): a backslash before a character goes. */
static void
unescape (char *str)
{
  const char *q = str;

  do
    q += *q == '\\' && q[1] != '\0';
  while ((*str++ = *q++) != '\0');
}

void
fw_exclude_add (FwExclude  *exclude,
                const char *pattern)
{
  g_return_if_fail (exclude != NULL);
  g_return_if_fail (pattern != NULL);

  if (has_wildcards (pattern))
    g_ptr_array_add (exclude->wild, g_strdup (pattern));
  else
    {
      char *str = g_strdup (pattern);

      unescape (str);
      g_hash_table_add (exclude->plain, str);
    }
}

gboolean
fw_exclude_add_from_file (FwExclude   *exclude,
                          const char  *filename,
                          GError     **error)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  FILE *in;
  char chunk[8192];
  size_t n;
  int errnum = 0;
  char *start, *end;

  g_return_val_if_fail (exclude != NULL, FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);

  in = strcmp (filename, "-") == 0 ? stdin : fopen (filename, "re");
  if (in == NULL)
    errnum = errno;
  else
    {
      while ((n = fread (chunk, 1, sizeof chunk, in)) > 0)
        g_byte_array_append (buf, (guint8 *) chunk, n);
      if (ferror (in))
        errnum = errno;
      if (in != stdin && fclose (in) != 0 && errnum == 0)
        errnum = errno;
    }
  if (errnum != 0)
    {
      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (errnum),
                           g_strerror (errnum));
      return FALSE;
    }

  /* gnulib's add_exclude_fp() with '\n' as the line end. */
  if (buf->len > 0 && buf->data[buf->len - 1] != '\n')
    g_byte_array_append (buf, (guint8 *) "\n", 1);
  g_byte_array_append (buf, (guint8 *) "", 1);
  start = (char *) buf->data;
  while ((end = strchr (start, '\n')) != NULL)
    {
      char *p = end;

      while (p > start && g_ascii_isspace (p[-1]))
        p--;
      if (p > start)
        {
          *p = '\0';
          fw_exclude_add (exclude, start);
        }
      start = end + 1;
    }
  return TRUE;
}

gboolean
fw_exclude_is_empty (const FwExclude *exclude)
{
  return exclude == NULL ||
         (exclude->wild->len == 0 && g_hash_table_size (exclude->plain) == 0);
}

static gboolean
match_wild (const char *pattern,
            const char *path)
{
  if (fnmatch (pattern, path, 0) == 0)
    return TRUE;
  for (const char *p = path; *p != '\0'; p++)
    if (*p == '/' && p[1] != '/' && fnmatch (pattern, p + 1, 0) == 0)
      return TRUE;
  return FALSE;
}

gboolean
fw_exclude_match (const FwExclude *exclude,
                  const char      *path)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (exclude == NULL)
    return FALSE;
  if (g_hash_table_size (exclude->plain) > 0)
    for (const char *f = path; f != NULL; )
      {
        if (g_hash_table_contains (exclude->plain, f))
          return TRUE;
        f = strchr (f, '/');
        if (f != NULL)
          f++;
      }
  for (guint i = 0; i < exclude->wild->len; i++)
    if (match_wild (g_ptr_array_index (exclude->wild, i), path))
      return TRUE;
  return FALSE;
}
