/* fw-checksum-read.c — reading checksum files (GNU, BSD tag, SFV)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GNU and BSD rules follow what coreutils 9.1's digest.c accepts
 * (split_3, bsd_split_3, filename_unescape), step by step, so that every
 * line it accepts is read the same way: the checks are made in the same
 * order, on the same NUL-terminated copy of the line.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "fw-checksum-read.h"
#include "fw-checksum-armour-private.h"

#define ISWHITE(c) ((c) == ' ' || (c) == '\t')

/* Algorithm knowledge the parser needs, kept here so that the reader does
 * not depend on how the digest table spells things. */
typedef struct {
  const char  *tag;        /* BSD tag, case-sensitive as coreutils' */
  FwAlgorithm  algorithm;
  guint        bits;       /* full digest length */
} TagInfo;

static const TagInfo tags[] = {
  { "MD5",     FW_ALGORITHM_MD5,     128 },
  { "SHA1",    FW_ALGORITHM_SHA1,    160 },
  { "SHA224",  FW_ALGORITHM_SHA224,  224 },
  { "SHA256",  FW_ALGORITHM_SHA256,  256 },
  { "SHA384",  FW_ALGORITHM_SHA384,  384 },
  { "SHA512",  FW_ALGORITHM_SHA512,  512 },
  { "BLAKE2b", FW_ALGORITHM_BLAKE2B, 512 },
  { "BLAKE2s", FW_ALGORITHM_BLAKE2S, 256 },
  { "BLAKE3",  FW_ALGORITHM_BLAKE3,  256 },
  /* "SHA3-256" is the tag "SHA3" with the length suffix "-256", as in
   * coreutils 9.6's `cksum -a sha3`. */
  { "SHA3",    FW_ALGORITHM_INVALID, 512 },
  { "XXH64",   FW_ALGORITHM_XXH64,   64 },
  { "XXH3",    FW_ALGORITHM_XXH3,    64 },
  { "XXH128",  FW_ALGORITHM_XXH128,  128 },
  { "CRC32",   FW_ALGORITHM_CRC32,   32 },
};
#define MAX_TAG_LEN 7

static guint
algorithm_bits (FwAlgorithm algorithm)
{
  switch (algorithm)
    {
    case FW_ALGORITHM_MD5: return 128;
    case FW_ALGORITHM_SHA1: return 160;
    case FW_ALGORITHM_SHA224: return 224;
    case FW_ALGORITHM_SHA256: return 256;
    case FW_ALGORITHM_SHA384: return 384;
    case FW_ALGORITHM_SHA512: return 512;
    case FW_ALGORITHM_SHA3_256: return 256;
    case FW_ALGORITHM_SHA3_512: return 512;
    case FW_ALGORITHM_BLAKE2B: return 512;
    case FW_ALGORITHM_BLAKE2S: return 256;
    case FW_ALGORITHM_BLAKE3: return 256;
    case FW_ALGORITHM_XXH64: return 64;
    case FW_ALGORITHM_XXH3: return 64;
    case FW_ALGORITHM_XXH128: return 128;
    case FW_ALGORITHM_CRC32: return 32;
    case FW_N_ALGORITHMS:
    default:
      return 0;
    }
}

static const char *
algorithm_tag (FwAlgorithm algorithm)
{
  switch (algorithm)
    {
    case FW_ALGORITHM_SHA3_256: return "SHA3-256";
    case FW_ALGORITHM_SHA3_512: return "SHA3-512";
    case FW_N_ALGORITHMS:
      return "SHA256";
    default:
      for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
        if (tags[i].algorithm == algorithm)
          return tags[i].tag;
      return "SHA256";
    }
}

/* File-name hints: the lowercase names used in extensions and in
 * `NAMESUMS`-style file names, longest first where one is a prefix. */
static const struct {
  const char  *name;
  FwAlgorithm  algorithm;
} name_hints[] = {
  { "sha3-256", FW_ALGORITHM_SHA3_256 },
  { "sha3-512", FW_ALGORITHM_SHA3_512 },
  { "sha3_256", FW_ALGORITHM_SHA3_256 },
  { "sha3_512", FW_ALGORITHM_SHA3_512 },
  { "sha224", FW_ALGORITHM_SHA224 },
  { "sha256", FW_ALGORITHM_SHA256 },
  { "sha384", FW_ALGORITHM_SHA384 },
  { "sha512", FW_ALGORITHM_SHA512 },
  { "sha1", FW_ALGORITHM_SHA1 },
  { "md5", FW_ALGORITHM_MD5 },
  { "blake2b", FW_ALGORITHM_BLAKE2B },
  { "blake2s", FW_ALGORITHM_BLAKE2S },
  { "b2s", FW_ALGORITHM_BLAKE2S },
  { "b2", FW_ALGORITHM_BLAKE2B },
  { "blake3", FW_ALGORITHM_BLAKE3 },
  { "b3", FW_ALGORITHM_BLAKE3 },
  { "xxh128", FW_ALGORITHM_XXH128 },
  { "xxh64", FW_ALGORITHM_XXH64 },
  { "xxh3", FW_ALGORITHM_XXH3 },
  { "crc32", FW_ALGORITHM_CRC32 },
  { "sfv", FW_ALGORITHM_CRC32 },
};

FwAlgorithm
fw_checksum_algorithm_from_filename (const char *filename)
{
  g_autofree char *base = NULL;
  g_autofree char *lower = NULL;
  const char *dot;

  if (filename == NULL || *filename == '\0')
    return FW_ALGORITHM_INVALID;

  base = g_path_get_basename (filename);
  lower = g_ascii_strdown (base, -1);

  /* SHA256SUMS, sha256sums.txt, MD5SUMS, B2SUMS, sha256sum.txt */
  for (guint i = 0; i < G_N_ELEMENTS (name_hints); i++)
    {
      gsize n = strlen (name_hints[i].name);
      if (strncmp (lower, name_hints[i].name, n) == 0
          && strncmp (lower + n, "sum", 3) == 0)
        return name_hints[i].algorithm;
    }

  /* *.sha256, *.sha256sum, *.sha256sums, *.md5, *.b2, *.sfv */
  dot = strrchr (lower, '.');
  if (dot != NULL && dot != lower)
    {
      const char *ext = dot + 1;
      gsize n = strlen (ext);

      if (n > 4 && g_str_has_suffix (ext, "sums"))
        n -= 4;
      else if (n > 3 && g_str_has_suffix (ext, "sum"))
        n -= 3;
      for (guint i = 0; i < G_N_ELEMENTS (name_hints); i++)
        if (strlen (name_hints[i].name) == n
            && strncmp (ext, name_hints[i].name, n) == 0)
          return name_hints[i].algorithm;
    }

  return FW_ALGORITHM_INVALID;
}

FwAlgorithm
fw_checksum_algorithm_from_hex_length (gsize n_hex)
{
  switch (n_hex)
    {
    case 32: return FW_ALGORITHM_MD5;
    case 40: return FW_ALGORITHM_SHA1;
    case 56: return FW_ALGORITHM_SHA224;
    case 64: return FW_ALGORITHM_SHA256;
    case 96: return FW_ALGORITHM_SHA384;
    case 128: return FW_ALGORITHM_SHA512;
    default: return FW_ALGORITHM_INVALID;
    }
}

void
fw_checksum_entry_free (FwChecksumEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->hex);
  g_free (entry->name);
  g_free (entry);
}

void
fw_checksum_list_free (FwChecksumList *list)
{
  if (list == NULL)
    return;
  g_clear_pointer (&list->entries, g_ptr_array_unref);
  g_clear_pointer (&list->malformed, g_array_unref);
  g_free (list);
}

struct _FwChecksumReader
{
  FwAlgorithm  override;
  FwAlgorithm  hint;          /* from the file's name */
  gboolean     sfv_by_name;
  gboolean     sfv;           /* this file is SFV */
  gboolean     seen_content;  /* a non-blank line was seen in this file */
  guint        line;
  /* coreutils' bsd_reversed: -1 unknown, 0 plain "HEX  NAME", 1 reversed
   * "HEX NAME". Kept across files, as coreutils does. */
  int          bsd_reversed;
  const char  *last_tag;
  GString     *buf;           /* the line being parsed, NUL-terminated */
  gboolean     stripped_cr;   /* the line ended in a carriage return */
  /* FW_CHECKSUM_READ_CLEAR_SIGNED: where in the armour this file is. */
  FwChecksumReadFlags flags;
  FwArmourState armour;
};

FwChecksumReader *
fw_checksum_reader_new (const char  *filename,
                        FwAlgorithm  override)
{
  FwChecksumReader *self;

  g_return_val_if_fail (override == FW_ALGORITHM_INVALID
                        || (override >= 0 && override < FW_N_ALGORITHMS), NULL);

  self = g_new0 (FwChecksumReader, 1);
  self->override = override;
  self->bsd_reversed = -1;
  self->buf = g_string_sized_new (256);
  fw_checksum_reader_begin_file (self, filename);
  return self;
}

void
fw_checksum_reader_begin_file (FwChecksumReader *self,
                               const char       *filename)
{
  g_return_if_fail (self != NULL);

  self->hint = fw_checksum_algorithm_from_filename (filename);
  self->sfv_by_name = filename != NULL
                      && g_str_has_suffix (filename, ".sfv");
  if (!self->sfv_by_name && filename != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (filename, -1);
      self->sfv_by_name = g_str_has_suffix (lower, ".sfv");
    }
  self->sfv = self->sfv_by_name;
  self->seen_content = FALSE;
  self->line = 0;
  self->last_tag = NULL;
  self->armour = FW_ARMOUR_START;
}

void
fw_checksum_reader_set_flags (FwChecksumReader    *self,
                              FwChecksumReadFlags  flags)
{
  g_return_if_fail (self != NULL);
  self->flags = flags;
}

gboolean
fw_checksum_reader_is_clear_signed (FwChecksumReader *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return fw_armour_is_clear_signed (self->armour);
}

void
fw_checksum_reader_free (FwChecksumReader *self)
{
  if (self == NULL)
    return;
  g_string_free (self->buf, TRUE);
  g_free (self);
}

guint
fw_checksum_reader_get_line (FwChecksumReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->line;
}

const char *
fw_checksum_reader_get_type_tag (FwChecksumReader *self)
{
  g_return_val_if_fail (self != NULL, "SHA256");

  if (self->override != FW_ALGORITHM_INVALID)
    return algorithm_tag (self->override);
  if (self->hint != FW_ALGORITHM_INVALID)
    return algorithm_tag (self->hint);
  if (self->sfv)
    return "CRC32";
  if (self->last_tag != NULL)
    return self->last_tag;
  return "SHA256";
}

/* coreutils' filename_unescape: \\n, \\r, \\\\ only; a NUL or a lone
 * trailing backslash makes the name invalid. In place; NUL-terminates. */
static gboolean
unescape_name (char  *s,
               gsize  len)
{
  char *dst = s;

  for (gsize i = 0; i < len; i++)
    {
      switch (s[i])
        {
        case '\\':
          if (i == len - 1)
            return FALSE;
          i++;
          if (s[i] == 'n')
            *dst++ = '\n';
          else if (s[i] == 'r')
            *dst++ = '\r';
          else if (s[i] == '\\')
            *dst++ = '\\';
          else
            return FALSE;
          break;
        case '\0':
          return FALSE;
        default:
          *dst++ = s[i];
          break;
        }
    }
  if (dst < s + len)
    *dst = '\0';
  return TRUE;
}

/* valid_digits: exactly @want hex digits, then the string's end. */
static gboolean
valid_hex (const char *s,
           gsize       len,
           gsize       want)
{
  if (len != want)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return s[len] == '\0';
}

static FwChecksumEntry *
make_entry (FwChecksumReader *self,
            FwChecksumFormat  format,
            FwAlgorithm       algorithm,
            guint             bits,
            const char       *hex,
            gsize             hex_len,
            const char       *name,
            gboolean          binary,
            gboolean          escaped)
{
  FwChecksumEntry *entry = g_new0 (FwChecksumEntry, 1);

  entry->line = self->line;
  entry->format = format;
  entry->algorithm = algorithm;
  entry->digest_bits = bits;
  entry->hex = g_ascii_strdown (hex, hex_len);
  entry->name = g_strdup (name);
  entry->binary = binary;
  entry->escaped = escaped;
  return entry;
}

/* The tag at @s: the word up to a blank, '-' or '(' (coreutils'
 * algorithm_from_tag). Returns its index in tags[] or -1. */
static int
find_tag (const char *s,
          gsize      *out_len)
{
  gsize i = 0;

  while (i <= MAX_TAG_LEN && s[i] != '\0' && !ISWHITE (s[i])
         && s[i] != '-' && s[i] != '(')
    i++;
  if (i > MAX_TAG_LEN || i == 0)
    return -1;
  for (guint t = 0; t < G_N_ELEMENTS (tags); t++)
    if (strlen (tags[t].tag) == i && memcmp (s, tags[t].tag, i) == 0)
      {
        *out_len = i;
        return (int) t;
      }
  return -1;
}

/* bsd_split_3 on @s (after the opening parenthesis). */
static FwChecksumEntry *
parse_bsd_rest (FwChecksumReader *self,
                char             *s,
                gsize             s_len,
                FwAlgorithm       algorithm,
                guint             bits,
                gboolean          escaped)
{
  gsize i;
  char *digest;
  gsize d_len;

  if (s_len == 0)
    return NULL;

  i = s_len - 1;
  while (i && s[i] != ')')
    i--;
  if (s[i] != ')')
    return NULL;

  if (escaped && !unescape_name (s, i))
    return NULL;

  s[i++] = '\0';
  while (ISWHITE (s[i]))
    i++;
  if (s[i] != '=')
    return NULL;
  i++;
  while (ISWHITE (s[i]))
    i++;

  /* coreutils reads the digest as a C string: a NUL ends it, and what
   * follows the NUL is not looked at. */
  digest = &s[i];
  d_len = strnlen (digest, s_len - i);
  if (!valid_hex (digest, d_len, bits / 4))
    {
      /* Leniency (coreutils rejects these): blanks after the digest, up
       * to the line's end (not up to a NUL: there coreutils is followed). */
      gsize n = d_len;
      while (n > 0 && ISWHITE (digest[n - 1]))
        n--;
      if (n == d_len || d_len != s_len - i)
        return NULL;
      digest[n] = '\0';
      if (!valid_hex (digest, n, bits / 4))
        return NULL;
      d_len = n;
    }

  return make_entry (self, FW_CHECKSUM_BSD, algorithm, bits, digest, d_len,
                     s, TRUE, escaped);
}

/* A tagged line; @i is just past the tag. NULL when malformed. */
static FwChecksumEntry *
parse_tagged (FwChecksumReader *self,
              char             *s,
              gsize             s_len,
              gsize             i,
              const TagInfo    *tag,
              gboolean          escaped)
{
  gboolean length_specified = s[i] == '-';
  gboolean openssl_format = s[i] == '(';
  FwAlgorithm algorithm = tag->algorithm;
  guint bits = tag->bits;

  if (s[i] == '\0')
    return NULL;
  i++;
  if (openssl_format)
    i--;

  if (length_specified)
    {
      char *end = NULL;
      guint64 length;

      /* xstrtoumax: leading white space, base 0, no minus sign. */
      gsize j = i + strspn (s + i, " \t\n\v\f\r");
      if (s[j] == '-')
        return NULL;
      errno = 0;
      length = g_ascii_strtoull (s + i, &end, 0);
      /* BLAKE3's output is extendable: BLAKE3-512 is its first 64 bytes. */
      if (errno != 0 || end == s + i || length == 0 || length % 8 != 0
          || length > (algorithm == FW_ALGORITHM_BLAKE3 ? 8 * FW_DIGEST_MAX_BLAKE3_LENGTH : bits))
        return NULL;
      i = end - s;
      bits = (guint) length;
    }

  if (algorithm == FW_ALGORITHM_INVALID)
    {
      /* SHA3: the length names the algorithm. */
      if (bits == 256)
        algorithm = FW_ALGORITHM_SHA3_256;
      else if (bits == 512 && length_specified)
        algorithm = FW_ALGORITHM_SHA3_512;
      else
        return NULL;
    }

  if (s[i] == ' ')
    i++;
  if (s[i] != '(')
    return NULL;
  i++;
  return parse_bsd_rest (self, s + i, s_len - i, algorithm, bits, escaped);
}

/* split_3's untagged branch, @i at the digest. */
static FwChecksumEntry *
parse_untagged (FwChecksumReader *self,
                char             *s,
                gsize             s_len,
                gsize             i,
                gboolean          escaped)
{
  FwAlgorithm algorithm = self->override;
  char *digest = &s[i];
  gsize n_hex = 0;
  gsize d_len;
  guint bits;
  gboolean binary = FALSE;

  while (g_ascii_isxdigit (digest[n_hex]))
    n_hex++;

  if (algorithm == FW_ALGORITHM_INVALID)
    algorithm = self->hint;
  if (algorithm == FW_ALGORITHM_BLAKE3)
    {
      /* b3sum: any length (`b3sum -l N`); and b3sum writes a carriage
       * return in a name raw and reads it back so, even at the end. */
      if (n_hex < 2 || n_hex % 2 || n_hex > 2 * FW_DIGEST_MAX_BLAKE3_LENGTH)
        return NULL;
      bits = n_hex * 4;
      if (self->stripped_cr)
        {
          g_string_append_c (self->buf, '\r');
          s = self->buf->str;
          s_len++;
          digest = &s[i];
        }
    }
  else if (algorithm == FW_ALGORITHM_BLAKE2B)
    {
      /* b2sum: the length is the digest's (2…128 hex digits, even). */
      if (n_hex < 2 || n_hex % 2 || n_hex > 128)
        return NULL;
      bits = n_hex * 4;
    }
  else
    {
      if (algorithm == FW_ALGORITHM_INVALID)
        algorithm = fw_checksum_algorithm_from_hex_length (n_hex);
      if (algorithm == FW_ALGORITHM_INVALID)
        return NULL;
      bits = algorithm_bits (algorithm);
    }

  /* Too short to hold a digest, a blank and a one-byte name. */
  if (s_len - i < bits / 4 + 2 + (s[i] == '\\'))
    return NULL;

  /* Only a blank ends the digest: a NUL is no blank (coreutils' ISWHITE),
   * so a NUL in or just after the digest makes the line malformed. */
  while (i < s_len && !ISWHITE (s[i]))
    i++;
  if (i == s_len)
    return NULL;
  d_len = &s[i] - digest;
  s[i++] = '\0';
  if (!valid_hex (digest, d_len, bits / 4))
    return NULL;

  if (s_len - i == 1 || (s[i] != ' ' && s[i] != '*'))
    {
      /* "HEX NAME", as BSD `md5 -r` writes it. Not mixed with the plain
       * form, so that a renamed file with a leading blank cannot pass. */
      if (self->bsd_reversed == 0)
        return NULL;
      self->bsd_reversed = 1;
    }
  else if (self->bsd_reversed != 1)
    {
      self->bsd_reversed = 0;
      binary = s[i++] == '*';
    }

  if (escaped && !unescape_name (&s[i], s_len - i))
    return NULL;

  self->last_tag = algorithm_tag (algorithm);
  return make_entry (self, FW_CHECKSUM_GNU, algorithm, bits, digest, d_len,
                     &s[i], binary, escaped);
}

/* SFV: NAME, blanks, 8 hex digits; blanks around are tolerated. */
static FwChecksumEntry *
parse_sfv (FwChecksumReader *self,
           const char       *s,
           gsize             s_len)
{
  gsize end = s_len;
  gsize start;
  gsize name_end;
  g_autofree char *name = NULL;

  if (memchr (s, '\0', s_len) != NULL)
    return NULL;
  while (end > 0 && ISWHITE (s[end - 1]))
    end--;
  start = end;
  while (start > 0 && !ISWHITE (s[start - 1]))
    start--;
  if (end - start != 8 || start == 0)
    return NULL;
  for (gsize k = start; k < end; k++)
    if (!g_ascii_isxdigit (s[k]))
      return NULL;
  name_end = start;
  while (name_end > 0 && ISWHITE (s[name_end - 1]))
    name_end--;
  if (name_end == 0)
    return NULL;

  name = g_strndup (s, name_end);
  return make_entry (self, FW_CHECKSUM_SFV, FW_ALGORITHM_CRC32, 32,
                     s + start, 8, name, TRUE, FALSE);
}

FwChecksumLineKind
fw_checksum_reader_parse_line (FwChecksumReader  *self,
                               const char        *line,
                               gsize              length,
                               FwChecksumEntry  **out_entry)
{
  FwChecksumEntry *entry = NULL;
  char *s;
  gsize s_len;
  gsize i = 0;
  gboolean escaped = FALSE;
  gsize tag_len = 0;
  int tag;

  g_return_val_if_fail (self != NULL, FW_CHECKSUM_LINE_MALFORMED);
  g_return_val_if_fail (line != NULL || length == 0, FW_CHECKSUM_LINE_MALFORMED);

  if (out_entry != NULL)
    *out_entry = NULL;
  self->line++;

  if ((self->flags & FW_CHECKSUM_READ_CLEAR_SIGNED) != 0
      && fw_armour_step (&self->armour, &line, &length))
    return FW_CHECKSUM_LINE_IGNORED;

  /* Comments start with '#' in the first column (before anything is
   * stripped), as in coreutils; SFV adds ';'. */
  if (length > 0 && line[0] == '#')
    return FW_CHECKSUM_LINE_IGNORED;

  s_len = length;
  if (s_len > 0 && line[s_len - 1] == '\n')
    s_len--;
  self->stripped_cr = s_len > 0 && line[s_len - 1] == '\r';
  if (self->stripped_cr)
    s_len--;
  if (s_len == 0)
    return FW_CHECKSUM_LINE_IGNORED;

  if (!self->seen_content)
    {
      self->seen_content = TRUE;
      if (line[0] == ';')
        self->sfv = TRUE;
    }
  if (self->sfv && line[0] == ';')
    return FW_CHECKSUM_LINE_IGNORED;

  g_string_truncate (self->buf, 0);
  g_string_append_len (self->buf, line, s_len);
  s = self->buf->str;

  if (self->sfv)
    {
      entry = parse_sfv (self, s, s_len);
      if (entry != NULL)
        goto done;
      /* An SFV file may still hold GNU or BSD lines: read them below. */
    }

  while (ISWHITE (s[i]))
    i++;
  if (s[i] == '\\')
    {
      i++;
      escaped = TRUE;
    }

  tag = find_tag (s + i, &tag_len);
  if (tag >= 0)
    {
      self->last_tag = tags[tag].tag;
      entry = parse_tagged (self, s, s_len, i + tag_len, &tags[tag], escaped);
    }
  else
    entry = parse_untagged (self, s, s_len, i, escaped);

done:
  if (entry == NULL)
    return FW_CHECKSUM_LINE_MALFORMED;
  if (out_entry != NULL)
    *out_entry = entry;
  else
    fw_checksum_entry_free (entry);
  return FW_CHECKSUM_LINE_ENTRY;
}

static void
list_add_line (FwChecksumReader *reader,
               FwChecksumList   *list,
               const char       *line,
               gsize             length)
{
  FwChecksumEntry *entry = NULL;

  switch (fw_checksum_reader_parse_line (reader, line, length, &entry))
    {
    case FW_CHECKSUM_LINE_ENTRY:
      g_ptr_array_add (list->entries, entry);
      break;
    case FW_CHECKSUM_LINE_MALFORMED:
      {
        guint n = fw_checksum_reader_get_line (reader);
        g_array_append_val (list->malformed, n);
      }
      break;
    case FW_CHECKSUM_LINE_IGNORED:
    default:
      break;
    }
}

static FwChecksumList *
list_new (void)
{
  FwChecksumList *list = g_new0 (FwChecksumList, 1);

  list->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) fw_checksum_entry_free);
  list->malformed = g_array_new (FALSE, FALSE, sizeof (guint));
  return list;
}

FwChecksumList *
fw_checksum_parse_data (const char  *data,
                        gsize        length,
                        const char  *filename,
                        FwAlgorithm  override)
{
  return fw_checksum_parse_data_full (data, length, filename, override,
                                      FW_CHECKSUM_READ_DEFAULT);
}

FwChecksumList *
fw_checksum_parse_data_full (const char          *data,
                             gsize                length,
                             const char          *filename,
                             FwAlgorithm          override,
                             FwChecksumReadFlags  flags)
{
  g_autoptr(FwChecksumReader) reader = NULL;
  FwChecksumList *list;
  gsize pos = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  reader = fw_checksum_reader_new (filename, override);
  fw_checksum_reader_set_flags (reader, flags);
  list = list_new ();
  while (pos < length)
    {
      const char *nl = memchr (data + pos, '\n', length - pos);
      gsize end = nl != NULL ? (gsize) (nl - data) + 1 : length;

      list_add_line (reader, list, data + pos, end - pos);
      pos = end;
    }
  list->clear_signed = fw_checksum_reader_is_clear_signed (reader);
  return list;
}

FwChecksumList *
fw_checksum_parse_file (const char    *path,
                        FwAlgorithm    override,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return fw_checksum_parse_file_full (path, override, FW_CHECKSUM_READ_DEFAULT,
                                      cancellable, error);
}

FwChecksumList *
fw_checksum_parse_file_full (const char           *path,
                             FwAlgorithm           override,
                             FwChecksumReadFlags   flags,
                             GCancellable         *cancellable,
                             GError              **error)
{
  g_autoptr(FwChecksumReader) reader = NULL;
  g_autoptr(FwChecksumList) list = NULL;
  g_autofree char *line = NULL;
  size_t allocated = 0;
  ssize_t n;
  FILE *fp;
  int saved_errno;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fp = fopen (path, "re");
  if (fp == NULL)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      return NULL;
    }

  reader = fw_checksum_reader_new (path, override);
  fw_checksum_reader_set_flags (reader, flags);
  list = list_new ();
  while ((n = getline (&line, &allocated, fp)) > 0)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          fclose (fp);
          return NULL;
        }
      list_add_line (reader, list, line, (gsize) n);
    }
  saved_errno = errno;
  if (ferror (fp))
    {
      fclose (fp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      return NULL;
    }
  fclose (fp);
  list->clear_signed = fw_checksum_reader_is_clear_signed (reader);
  return g_steal_pointer (&list);
}
