/* fw-expected.c — an expected digest, read from pasted text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What people paste: a digest from a download page (hex, sometimes in
 * upper case, grouped by spaces or colons), a line of a SHA256SUMS file
 * (GNU or BSD), `sha256:…` as container registries write it, or the
 * base64 that `cksum --base64` writes. See fw_expected_parse().
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fw-engine.h"
#include "fw-expected.h"

static gsize
algorithm_length (FwAlgorithm a)
{
  return a == FW_ALGORITHM_BLAKE3 ? fw_digest_get_blake3_length () : fw_algorithm_get_length (a);
}

FwAlgorithmSet
fw_expected_algorithms_for_length (gsize n_bytes)
{
  FwAlgorithmSet set = 0;

  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    if (n_bytes > 0 && algorithm_length ((FwAlgorithm) a) == n_bytes)
      set |= FW_ALGORITHM_BIT (a);
  return set;
}

/* An algorithm by its command-line name, BSD tag or display name, any
 * case ("sha256", "SHA256", "SHA-256"). */
static FwAlgorithm
algorithm_from_any_name (const char *name)
{
  FwAlgorithm a = fw_algorithm_from_name (name);

  if (a == FW_ALGORITHM_INVALID)
    a = fw_algorithm_from_tag (name);
  for (guint i = 0; a == FW_ALGORITHM_INVALID && i < FW_N_ALGORITHMS; i++)
    if (g_ascii_strcasecmp (name, fw_algorithm_get_display_name ((FwAlgorithm) i)) == 0)
      a = (FwAlgorithm) i;
  return a;
}

FwExpected *
fw_expected_new (const char     *hex,
                 FwAlgorithmSet  algorithms)
{
  FwExpected *self;

  g_return_val_if_fail (hex != NULL, NULL);

  self = g_new0 (FwExpected, 1);
  self->hex = g_ascii_strdown (hex, -1);
  self->algorithms = algorithms;
  return self;
}

FwExpected *
fw_expected_copy (const FwExpected *expected)
{
  FwExpected *copy;

  g_return_val_if_fail (expected != NULL, NULL);

  copy = g_memdup2 (expected, sizeof *expected);
  copy->hex = g_strdup (expected->hex);
  copy->name = g_strdup (expected->name);
  copy->list_path = g_strdup (expected->list_path);
  return copy;
}

void
fw_expected_free (FwExpected *expected)
{
  if (expected == NULL)
    return;
  g_free (expected->hex);
  g_free (expected->name);
  g_free (expected->list_path);
  g_free (expected);
}

FwAlgorithm
fw_expected_match (const FwExpected  *expected,
                   const char *const *hex,
                   FwAlgorithmSet    *tried)
{
  FwAlgorithm match = FW_ALGORITHM_INVALID;
  FwAlgorithmSet computed = 0;

  g_return_val_if_fail (expected != NULL && hex != NULL, FW_ALGORITHM_INVALID);

  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    {
      if (!(expected->algorithms & FW_ALGORITHM_BIT (a)) || hex[a] == NULL)
        continue;
      computed |= FW_ALGORITHM_BIT (a);
      if (match == FW_ALGORITHM_INVALID && g_ascii_strcasecmp (hex[a], expected->hex) == 0)
        match = (FwAlgorithm) a;
    }
  if (tried != NULL)
    *tried = computed;
  return match;
}

/* Parsing ------------------------------------------------------------------ */

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

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

/* The bytes of standard base64 (padding optional), or NULL. */
static GBytes *
decode_base64 (const char *s,
               gsize       len)
{
  g_autofree char *padded = NULL;
  gsize body = len, n_pad = 0, out_len = 0;
  guchar *out;

  while (body > 0 && s[body - 1] == '=')
    body--;
  n_pad = len - body;
  if (body == 0 || n_pad > 2)
    return NULL;
  for (gsize i = 0; i < body; i++)
    if (!is_base64_char (s[i]))
      return NULL;
  if (body % 4 == 1 || (n_pad > 0 && len % 4 != 0))
    return NULL;
  padded = g_strnfill (body + (4 - body % 4) % 4, '=');
  memcpy (padded, s, body);
  out = g_base64_decode (padded, &out_len);
  return g_bytes_new_take (out, out_len);
}

static char *
bytes_to_hex (GBytes *bytes)
{
  gsize n;
  const guchar *data = g_bytes_get_data (bytes, &n);
  GString *s = g_string_sized_new (n * 2);

  for (gsize i = 0; i < n; i++)
    g_string_append_printf (s, "%02x", data[i]);
  return g_string_free (s, FALSE);
}

/* The digest of one token (hex, or else base64) into @hex; the candidates
 * of its length, restricted to @named when it is valid. FALSE with @error
 * set when it is no digest, or not one @named makes. */
static gboolean
read_digest (const char      *token,
             gsize            len,
             FwAlgorithm      named,
             char           **hex,
             FwAlgorithmSet  *algorithms,
             GError         **error)
{
  g_autofree char *digits = NULL;
  gsize n_bytes;
  FwAlgorithmSet set;

  if (is_hex (token, len) && len % 2 == 0)
    digits = g_ascii_strdown (token, len);
  else
    {
      g_autoptr(GBytes) bytes = decode_base64 (token, len);

      /* Odd hex is no base64 either; nor is text whose bytes would make
       * no digest's length (words, most likely). */
      if (bytes == NULL || is_hex (token, len) ||
          (named == FW_ALGORITHM_INVALID &&
           fw_expected_algorithms_for_length (g_bytes_get_size (bytes)) == 0))
        {
          g_set_error_literal (error, FW_ENGINE_ERROR, FW_ENGINE_ERROR_MALFORMED,
                               _("This is not a digest: paste hex digits, a line of a checksum file, or base64"));
          return FALSE;
        }
      digits = bytes_to_hex (bytes);
    }
  n_bytes = strlen (digits) / 2;

  if (named != FW_ALGORITHM_INVALID)
    {
      if (algorithm_length (named) != n_bytes)
        {
          g_set_error (error, FW_ENGINE_ERROR, FW_ENGINE_ERROR_MALFORMED,
                       /* TRANSLATORS: an algorithm's name, then two counts of hex digits */
                       _("A %s digest has %u hex digits, not %u"),
                       fw_algorithm_get_display_name (named),
                       (guint) (algorithm_length (named) * 2), (guint) (n_bytes * 2));
          return FALSE;
        }
      set = FW_ALGORITHM_BIT (named);
    }
  else if ((set = fw_expected_algorithms_for_length (n_bytes)) == 0)
    {
      g_set_error (error, FW_ENGINE_ERROR, FW_ENGINE_ERROR_MALFORMED,
                   _("No algorithm makes a digest of %u hex digits"), (guint) (n_bytes * 2));
      return FALSE;
    }
  *hex = g_steal_pointer (&digits);
  *algorithms = set;
  return TRUE;
}

static FwExpected *
expected_take (char           *hex,
               FwAlgorithmSet  algorithms,
               gboolean        named,
               char           *name)
{
  FwExpected *self = g_new0 (FwExpected, 1);

  self->hex = hex;
  self->algorithms = algorithms;
  self->named = named;
  self->name = name;
  return self;
}

/* `TAG (NAME) = DIGEST`: the tag's algorithm. */
static FwExpected *
parse_bsd (const char  *line,
           gboolean    *matched,
           GError     **error)
{
  g_autoptr(GRegex) regex = g_regex_new ("^([A-Za-z0-9-]+) ?\\((.*)\\) ?= ?(\\S+)$", 0, 0, NULL);
  g_autoptr(GMatchInfo) info = NULL;
  g_autofree char *tag = NULL, *name = NULL, *digest = NULL;
  char *hex = NULL;
  FwAlgorithmSet set = 0;
  FwAlgorithm a;

  *matched = g_regex_match (regex, line, 0, &info);
  if (!*matched)
    return NULL;
  tag = g_match_info_fetch (info, 1);
  name = g_match_info_fetch (info, 2);
  digest = g_match_info_fetch (info, 3);
  if ((a = algorithm_from_any_name (tag)) == FW_ALGORITHM_INVALID)
    {
      g_set_error (error, FW_ENGINE_ERROR, FW_ENGINE_ERROR_UNKNOWN_ALGORITHM,
                   _("Unknown algorithm “%s”"), tag);
      return NULL;
    }
  if (!read_digest (digest, strlen (digest), a, &hex, &set, error))
    return NULL;
  return expected_take (hex, set, TRUE, g_steal_pointer (&name));
}

/* `DIGEST  NAME` or `DIGEST *NAME`, the digest hex of a known length or
 * base64; NULL (no error) when the line is not one. */
static FwExpected *
parse_gnu (const char *line)
{
  const char *p = line;
  const char *sep;
  char *hex = NULL;
  FwAlgorithmSet set = 0;

  if (*p == '\\')
    p++;
  sep = strchr (p, ' ');
  if (sep == NULL || sep == p || (sep[1] != ' ' && sep[1] != '*') || sep[2] == '\0')
    return NULL;
  if (!read_digest (p, sep - p, FW_ALGORITHM_INVALID, &hex, &set, NULL))
    return NULL;
  return expected_take (hex, set, FALSE, g_strdup (sep + 2));
}

/* `ALGORITHM:DIGEST`; NULL (no error) when the prefix names no
 * algorithm (it may be hex grouped by colons). */
static FwExpected *
parse_prefixed (const char  *line,
                gboolean    *matched,
                GError     **error)
{
  const char *colon = strchr (line, ':');
  g_autofree char *prefix = NULL;
  char *hex = NULL;
  FwAlgorithmSet set = 0;
  FwAlgorithm a;

  *matched = FALSE;
  if (colon == NULL || colon == line || strchr (colon + 1, ':') != NULL)
    return NULL;
  prefix = g_strndup (line, colon - line);
  g_strstrip (prefix);
  if ((a = algorithm_from_any_name (prefix)) == FW_ALGORITHM_INVALID)
    return NULL;
  *matched = TRUE;
  colon++;
  while (g_ascii_isspace (*colon))
    colon++;
  if (!read_digest (colon, strlen (colon), a, &hex, &set, error))
    return NULL;
  return expected_take (hex, set, TRUE, NULL);
}

FwExpected *
fw_expected_parse (const char  *text,
                   GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GString) packed = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  const char *line = NULL;
  FwExpected *expected;
  gboolean matched;
  char *hex = NULL;
  FwAlgorithmSet set = 0;

  g_return_val_if_fail (text != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, FW_ENGINE_ERROR, FW_ENGINE_ERROR_MALFORMED,
                           _("Paste a digest to compare with"));
      return NULL;
    }

  /* One line of a checksum file. */
  lines = g_strsplit_set (trimmed, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      {
        if (line != NULL)
          {
            line = NULL;
            break;
          }
        line = lines[i];
      }
  if (line != NULL)
    {
      if ((expected = parse_gnu (line)) != NULL)
        return expected;
      expected = parse_bsd (line, &matched, error);
      if (matched)
        return expected;
      expected = parse_prefixed (line, &matched, error);
      if (matched)
        return expected;
    }

  /* A bare digest, its digits grouped by spaces or colons (possibly over
   * several lines). */
  for (const char *p = trimmed; *p != '\0'; p++)
    if (!g_ascii_isspace (*p) && *p != ':')
      g_string_append_c (packed, *p);
  if (line == NULL && !is_hex (packed->str, packed->len))
    {
      g_set_error_literal (error, FW_ENGINE_ERROR, FW_ENGINE_ERROR_MALFORMED,
                           _("This is several lines: paste one digest, or one line of a checksum file"));
      return NULL;
    }
  if (!read_digest (packed->str, packed->len, FW_ALGORITHM_INVALID, &hex, &set, error))
    return NULL;
  return expected_take (hex, set, FALSE, NULL);
}
