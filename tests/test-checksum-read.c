/* test-checksum-read.c — the checksum-file reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fw-checksum-read.h"

#define D256 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define DMD5 "900150983cd24fb0d6963f7d28e17f72"
#define DSHA1 "a9993e364706816aba3e25717850c26c9cd0d89d"

/* Parses one line with a fresh reader. */
static FwChecksumEntry *
parse_one (const char  *filename,
           const char  *line,
           gsize        len)
{
  g_autoptr(FwChecksumReader) reader = fw_checksum_reader_new (filename, FW_ALGORITHM_INVALID);
  FwChecksumEntry *entry = NULL;

  if (fw_checksum_reader_parse_line (reader, line, len, &entry) != FW_CHECKSUM_LINE_ENTRY)
    return NULL;
  return entry;
}

static FwChecksumEntry *
parse_str (const char *filename,
           const char *line)
{
  return parse_one (filename, line, strlen (line));
}

static void
test_gnu_plain (void)
{
  g_autoptr(FwChecksumEntry) text = parse_str (NULL, D256 "  a b.txt\n");
  g_autoptr(FwChecksumEntry) binary = parse_str (NULL, D256 " *x\n");
  g_autoptr(FwChecksumEntry) space = parse_str (NULL, D256 "   leading\n");
  g_autoptr(FwChecksumEntry) trailing = parse_str (NULL, D256 "  trailing  \n");
  g_autoptr(FwChecksumEntry) upper = parse_str (NULL, "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD  u");
  g_autoptr(FwChecksumEntry) tab = parse_str (NULL, D256 "\t t");
  g_autoptr(FwChecksumEntry) indented = parse_str (NULL, " \t" D256 "  i");

  g_assert_nonnull (text);
  g_assert_cmpint (text->format, ==, FW_CHECKSUM_GNU);
  g_assert_cmpint (text->algorithm, ==, FW_ALGORITHM_SHA256);
  g_assert_cmpuint (text->digest_bits, ==, 256);
  g_assert_cmpstr (text->hex, ==, D256);
  g_assert_cmpstr (text->name, ==, "a b.txt");
  g_assert_false (text->binary);
  g_assert_cmpuint (text->line, ==, 1);

  g_assert_nonnull (binary);
  g_assert_true (binary->binary);
  g_assert_cmpstr (binary->name, ==, "x");

  /* coreutils: everything after the type marker is the name. */
  g_assert_nonnull (space);
  g_assert_cmpstr (space->name, ==, " leading");
  g_assert_nonnull (trailing);
  g_assert_cmpstr (trailing->name, ==, "trailing  ");

  g_assert_nonnull (upper);
  g_assert_cmpstr (upper->hex, ==, D256);
  g_assert_nonnull (tab);
  g_assert_cmpstr (tab->name, ==, "t");
  g_assert_nonnull (indented);
  g_assert_cmpstr (indented->name, ==, "i");
}

static void
test_gnu_lengths (void)
{
  static const struct { const char *hex; FwAlgorithm algorithm; } cases[] = {
    { DMD5, FW_ALGORITHM_MD5 },
    { DSHA1, FW_ALGORITHM_SHA1 },
    { "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7", FW_ALGORITHM_SHA224 },
    { D256, FW_ALGORITHM_SHA256 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *line = g_strdup_printf ("%s  f", cases[i].hex);
      g_autoptr(FwChecksumEntry) entry = parse_str (NULL, line);
      g_assert_nonnull (entry);
      g_assert_cmpint (entry->algorithm, ==, cases[i].algorithm);
    }

  /* 96 and 128 digits: sha384, sha512 (not blake2b: coreutils' choice). */
  {
    g_autofree char *h96 = g_strnfill (96, 'a');
    g_autofree char *h128 = g_strnfill (128, 'b');
    g_autofree char *l96 = g_strconcat (h96, "  f", NULL);
    g_autofree char *l128 = g_strconcat (h128, "  f", NULL);
    g_autoptr(FwChecksumEntry) e96 = parse_str (NULL, l96);
    g_autoptr(FwChecksumEntry) e128 = parse_str (NULL, l128);
    g_autoptr(FwChecksumEntry) b2 = parse_str ("B2SUMS", l128);
    g_autoptr(FwChecksumEntry) b2short = parse_str ("x.b2", DMD5 "  f");
    g_assert_cmpint (e96->algorithm, ==, FW_ALGORITHM_SHA384);
    g_assert_cmpint (e128->algorithm, ==, FW_ALGORITHM_SHA512);
    g_assert_cmpint (b2->algorithm, ==, FW_ALGORITHM_BLAKE2B);
    g_assert_cmpint (b2short->algorithm, ==, FW_ALGORITHM_BLAKE2B);
    g_assert_cmpuint (b2short->digest_bits, ==, 128);
  }

  /* The name of the file wins over the length: a 32-digit line in a
   * SHA256SUMS is malformed, as sha256sum has it. */
  g_assert_null (parse_str ("SHA256SUMS", DMD5 "  f"));
  g_assert_null (parse_str (NULL, "abcdef  f"));
  g_assert_null (parse_str (NULL, D256 "0  f"));

  /* The override wins over everything. */
  {
    g_autoptr(FwChecksumReader) reader = fw_checksum_reader_new ("SHA256SUMS", FW_ALGORITHM_SHA3_256);
    g_autoptr(FwChecksumEntry) entry = NULL;
    g_assert_cmpint (fw_checksum_reader_parse_line (reader, D256 "  f\n", 67, &entry),
                     ==, FW_CHECKSUM_LINE_ENTRY);
    g_assert_cmpint (entry->algorithm, ==, FW_ALGORITHM_SHA3_256);
    g_assert_cmpstr (fw_checksum_reader_get_type_tag (reader), ==, "SHA3-256");
  }
}

static void
test_gnu_escaped (void)
{
  g_autoptr(FwChecksumEntry) e1 = parse_str (NULL, "\\" D256 "  a\\\\b\\nc\\rd");
  g_autoptr(FwChecksumEntry) e2 = parse_str (NULL, "\\" D256 " *x");

  g_assert_nonnull (e1);
  g_assert_true (e1->escaped);
  g_assert_cmpstr (e1->name, ==, "a\\b\nc\rd");
  g_assert_nonnull (e2);
  g_assert_true (e2->binary);

  /* Invalid escapes, a lone trailing backslash. */
  g_assert_null (parse_str (NULL, "\\" D256 "  a\\q"));
  g_assert_null (parse_str (NULL, "\\" D256 "  a\\"));
  /* Not escaped: backslashes are bytes of the name. */
  {
    g_autoptr(FwChecksumEntry) raw = parse_str (NULL, D256 "  a\\nb");
    g_assert_cmpstr (raw->name, ==, "a\\nb");
    g_assert_false (raw->escaped);
  }
}

/* b3sum's lists: read as BLAKE3 by their name (or an override), any even
 * length, a raw carriage return kept in the name; the BLAKE3 tags. */
static void
test_blake3 (void)
{
  g_autoptr(FwChecksumEntry) plain = parse_str ("B3SUMS", D256 "  a b\r\n");
  g_autoptr(FwChecksumEntry) sha = parse_str ("SHA256SUMS", D256 "  a b\r\n");
  g_autoptr(FwChecksumEntry) escaped = parse_str ("x.b3", "\\" D256 "  a\\\\b\\nc\r\n");
  g_autoptr(FwChecksumEntry) shorter = parse_str ("x.blake3", "abcd  n");
  g_autoptr(FwChecksumEntry) longer = parse_str ("x.b3", D256 D256 "  n");
  g_autoptr(FwChecksumEntry) tag = parse_str (NULL, "BLAKE3 (n) = " D256);
  g_autoptr(FwChecksumEntry) tag_long = parse_str (NULL, "BLAKE3-512 (n) = " D256 D256);
  g_autoptr(FwChecksumReader) reader = fw_checksum_reader_new ("list.txt", FW_ALGORITHM_BLAKE3);
  g_autoptr(FwChecksumEntry) overridden = NULL;
  const char *line = D256 "  n\n";

  g_assert_cmpint (plain->algorithm, ==, FW_ALGORITHM_BLAKE3);
  g_assert_cmpstr (plain->name, ==, "a b\r");
  g_assert_cmpint (sha->algorithm, ==, FW_ALGORITHM_SHA256);
  g_assert_cmpstr (sha->name, ==, "a b");
  g_assert_cmpstr (escaped->name, ==, "a\\b\nc\r");
  g_assert_cmpuint (shorter->digest_bits, ==, 16);
  g_assert_cmpuint (longer->digest_bits, ==, 512);
  g_assert_null (parse_str ("x.b3", "abc  n"));
  g_assert_cmpint (tag->algorithm, ==, FW_ALGORITHM_BLAKE3);
  g_assert_cmpuint (tag->digest_bits, ==, 256);
  g_assert_cmpint (tag_long->algorithm, ==, FW_ALGORITHM_BLAKE3);
  g_assert_cmpuint (tag_long->digest_bits, ==, 512);
  g_assert_null (parse_str (NULL, "BLAKE3 (n) = " D256 D256));
  g_assert_cmpint (fw_checksum_reader_parse_line (reader, line, strlen (line), &overridden), ==,
                   FW_CHECKSUM_LINE_ENTRY);
  g_assert_cmpint (overridden->algorithm, ==, FW_ALGORITHM_BLAKE3);
}

static void
test_gnu_reversed (void)
{
  g_autoptr(FwChecksumReader) reader = fw_checksum_reader_new (NULL, FW_ALGORITHM_INVALID);
  g_autoptr(FwChecksumReader) reader2 = fw_checksum_reader_new (NULL, FW_ALGORITHM_INVALID);
  FwChecksumEntry *entry = NULL;

  /* "HEX NAME" (md5 -r), then a plain line is refused: no mixing. */
  g_assert_cmpint (fw_checksum_reader_parse_line (reader, DMD5 " name", 37, &entry), ==,
                   FW_CHECKSUM_LINE_ENTRY);
  g_assert_cmpstr (entry->name, ==, "name");
  g_clear_pointer (&entry, fw_checksum_entry_free);
  g_assert_cmpint (fw_checksum_reader_parse_line (reader, DMD5 "  name", 38, &entry), ==,
                   FW_CHECKSUM_LINE_ENTRY);
  /* In the reversed state the second blank is part of the name. */
  g_assert_cmpstr (entry->name, ==, " name");
  g_clear_pointer (&entry, fw_checksum_entry_free);

  /* Plain first, then a reversed line is malformed. */
  g_assert_cmpint (fw_checksum_reader_parse_line (reader2, DMD5 "  name", 38, NULL), ==,
                   FW_CHECKSUM_LINE_ENTRY);
  g_assert_cmpint (fw_checksum_reader_parse_line (reader2, DMD5 " name", 37, NULL), ==,
                   FW_CHECKSUM_LINE_MALFORMED);
  g_assert_cmpuint (fw_checksum_reader_get_line (reader2), ==, 2);
}

static void
test_bsd (void)
{
  g_autoptr(FwChecksumEntry) e256 = parse_str (NULL, "SHA256 (a (1).txt) = " D256);
  g_autoptr(FwChecksumEntry) emd5 = parse_str ("SHA256SUMS", "MD5 (x) = " DMD5 "\r\n");
  g_autoptr(FwChecksumEntry) openssl = parse_str (NULL, "SHA1(x)= " DSHA1);
  g_autoptr(FwChecksumEntry) b2 = parse_str (NULL, "BLAKE2b-256 (x) = " D256);
  g_autoptr(FwChecksumEntry) sha3 = parse_str (NULL, "SHA3-256 (x) = " D256);
  g_autoptr(FwChecksumEntry) trunc = parse_str (NULL, "SHA256-128 (x) = " DMD5);
  g_autoptr(FwChecksumEntry) hexlen = parse_str (NULL, "BLAKE2b-0x80 (x) = " DMD5);
  g_autoptr(FwChecksumEntry) esc = parse_str (NULL, "\\SHA256 (a\\\\b\\nc) = " D256);
  g_autoptr(FwChecksumEntry) lenient = parse_str (NULL, "SHA256 (x) = " D256 "  \t");
  g_autoptr(FwChecksumEntry) xxh = parse_str (NULL, "XXH3 (x) = 78af5f94892f3950");
  g_autoptr(FwChecksumEntry) crc = parse_str (NULL, "CRC32 (x) = 352441C2");

  g_assert_nonnull (e256);
  g_assert_cmpint (e256->format, ==, FW_CHECKSUM_BSD);
  g_assert_cmpstr (e256->name, ==, "a (1).txt");
  g_assert_true (e256->binary);
  g_assert_cmpint (emd5->algorithm, ==, FW_ALGORITHM_MD5);
  g_assert_cmpint (openssl->algorithm, ==, FW_ALGORITHM_SHA1);
  g_assert_cmpstr (openssl->name, ==, "x");
  g_assert_cmpint (b2->algorithm, ==, FW_ALGORITHM_BLAKE2B);
  g_assert_cmpuint (b2->digest_bits, ==, 256);
  g_assert_cmpint (sha3->algorithm, ==, FW_ALGORITHM_SHA3_256);
  g_assert_cmpint (trunc->algorithm, ==, FW_ALGORITHM_SHA256);
  g_assert_cmpuint (trunc->digest_bits, ==, 128);
  g_assert_cmpuint (hexlen->digest_bits, ==, 128);
  g_assert_cmpstr (esc->name, ==, "a\\b\nc");
  g_assert_nonnull (lenient);
  g_assert_cmpint (xxh->algorithm, ==, FW_ALGORITHM_XXH3);
  g_assert_cmpint (crc->algorithm, ==, FW_ALGORITHM_CRC32);
  g_assert_cmpstr (crc->hex, ==, "352441c2");

  /* Malformed: wrong lengths, unknown tags, missing parts, lowercase tag. */
  g_assert_null (parse_str (NULL, "SHA256 (x) = " DMD5));
  g_assert_null (parse_str (NULL, "SHA9 (x) = " D256));
  g_assert_null (parse_str (NULL, "sha256 (x) = " D256));
  g_assert_null (parse_str (NULL, "SHA256 (x) " D256));
  g_assert_null (parse_str (NULL, "SHA256 x) = " D256));
  g_assert_null (parse_str (NULL, "SHA256 (x = " D256));
  g_assert_null (parse_str (NULL, "SHA256 (x) ="));
  g_assert_null (parse_str (NULL, "SHA256"));
  g_assert_null (parse_str (NULL, "BLAKE2b-7 (x) = 00"));
  g_assert_null (parse_str (NULL, "BLAKE2b-1024 (x) = " D256));
  g_assert_null (parse_str (NULL, "BLAKE2b--256 (x) = " D256));
  g_assert_null (parse_str (NULL, "SHA3-384 (x) = " D256));
  g_assert_null (parse_str (NULL, "BSD (x) = 1234"));
}

static void
test_sfv (void)
{
  g_autoptr(FwChecksumList) list = NULL;
  const char *data =
    "; comment\r\n"
    "a 352441C2\r\n"
    "b c   3610a686  \r\n"
    "\r\n"
    "nocrc\r\n"
    "short 1234\r\n"
    "SHA256 (t) = " D256 "\r\n";
  FwChecksumEntry *e;

  /* By name. */
  list = fw_checksum_parse_data (data, strlen (data), "dir/files.SFV", FW_ALGORITHM_INVALID);
  g_assert_cmpuint (list->entries->len, ==, 3);
  e = g_ptr_array_index (list->entries, 0);
  g_assert_cmpint (e->format, ==, FW_CHECKSUM_SFV);
  g_assert_cmpint (e->algorithm, ==, FW_ALGORITHM_CRC32);
  g_assert_cmpstr (e->name, ==, "a");
  g_assert_cmpstr (e->hex, ==, "352441c2");
  e = g_ptr_array_index (list->entries, 1);
  g_assert_cmpstr (e->name, ==, "b c");
  e = g_ptr_array_index (list->entries, 2);
  g_assert_cmpint (e->format, ==, FW_CHECKSUM_BSD);
  g_assert_cmpuint (list->malformed->len, ==, 2);
  g_assert_cmpuint (g_array_index (list->malformed, guint, 0), ==, 5);
  g_assert_cmpuint (g_array_index (list->malformed, guint, 1), ==, 6);
  g_clear_pointer (&list, fw_checksum_list_free);

  /* By its first line. */
  list = fw_checksum_parse_data (data, strlen (data), "list.txt", FW_ALGORITHM_INVALID);
  g_assert_cmpuint (list->entries->len, ==, 3);
  g_clear_pointer (&list, fw_checksum_list_free);

  /* Not SFV: "name crc" lines are malformed in a GNU file. */
  list = fw_checksum_parse_data ("a 352441C2\n", 11, "list.txt", FW_ALGORITHM_INVALID);
  g_assert_cmpuint (list->entries->len, ==, 0);
  g_assert_cmpuint (list->malformed->len, ==, 1);
}

static void
test_lines (void)
{
  g_autoptr(FwChecksumList) list = NULL;
  g_autoptr(GString) data = g_string_new (NULL);
  FwChecksumEntry *e;

  g_string_append (data, "# comment " D256 "  x\n");
  g_string_append (data, "\n");
  g_string_append (data, "\r\n");
  g_string_append (data, D256 "  one\r\n");
  g_string_append (data, "garbage\n");
  g_string_append (data, "   \n");                              /* blanks only */
  g_string_append (data, D256 "  bad\xff\xfe" "name\n");
  g_string_append_len (data, D256 "  nul\0after\n", 64 + 2 + 10);
  g_string_append (data, D256 "  cr\r\r\n");                    /* one \r dropped */
  g_string_append (data, D256 "  last");                         /* no newline */

  list = fw_checksum_parse_data (data->str, data->len, "x.sha256", FW_ALGORITHM_INVALID);
  g_assert_cmpuint (list->entries->len, ==, 5);
  e = g_ptr_array_index (list->entries, 0);
  g_assert_cmpstr (e->name, ==, "one");
  g_assert_cmpuint (e->line, ==, 4);
  e = g_ptr_array_index (list->entries, 1);
  g_assert_cmpstr (e->name, ==, "bad\xff\xfe" "name");
  g_assert_cmpuint (e->line, ==, 7);
  e = g_ptr_array_index (list->entries, 2);
  g_assert_cmpstr (e->name, ==, "nul");                 /* a C string, as coreutils' */
  e = g_ptr_array_index (list->entries, 3);
  g_assert_cmpstr (e->name, ==, "cr\r");
  e = g_ptr_array_index (list->entries, 4);
  g_assert_cmpstr (e->name, ==, "last");
  g_assert_cmpuint (e->line, ==, 10);

  g_assert_cmpuint (list->malformed->len, ==, 2);
  g_assert_cmpuint (g_array_index (list->malformed, guint, 0), ==, 5);
  g_assert_cmpuint (g_array_index (list->malformed, guint, 1), ==, 6);
}

static void
test_filename_hints (void)
{
  static const struct { const char *name; FwAlgorithm algorithm; } cases[] = {
    { "SHA256SUMS", FW_ALGORITHM_SHA256 },
    { "/x/y/sha256sums.txt", FW_ALGORITHM_SHA256 },
    { "SHA1SUMS", FW_ALGORITHM_SHA1 },
    { "MD5SUMS", FW_ALGORITHM_MD5 },
    { "B2SUMS", FW_ALGORITHM_BLAKE2B },
    { "B3SUMS", FW_ALGORITHM_BLAKE3 },
    { "file.b3", FW_ALGORITHM_BLAKE3 },
    { "file.blake3", FW_ALGORITHM_BLAKE3 },
    { "b3sums.txt", FW_ALGORITHM_BLAKE3 },
    { "SHA512SUMS.asc", FW_ALGORITHM_SHA512 },
    { "file.iso.sha256", FW_ALGORITHM_SHA256 },
    { "file.SHA384", FW_ALGORITHM_SHA384 },
    { "file.sha224sum", FW_ALGORITHM_SHA224 },
    { "file.md5", FW_ALGORITHM_MD5 },
    { "file.sha3-256", FW_ALGORITHM_SHA3_256 },
    { "file.sha3-512", FW_ALGORITHM_SHA3_512 },
    { "file.b2", FW_ALGORITHM_BLAKE2B },
    { "file.blake2s", FW_ALGORITHM_BLAKE2S },
    { "file.xxh128", FW_ALGORITHM_XXH128 },
    { "file.xxh3", FW_ALGORITHM_XXH3 },
    { "disc.sfv", FW_ALGORITHM_CRC32 },
    { "checksums.txt", FW_ALGORITHM_INVALID },
    { "sums", FW_ALGORITHM_INVALID },
    { ".md5", FW_ALGORITHM_INVALID },
    { "", FW_ALGORITHM_INVALID },
    { NULL, FW_ALGORITHM_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].name ? cases[i].name : "(null)");
      g_assert_cmpint (fw_checksum_algorithm_from_filename (cases[i].name), ==,
                       cases[i].algorithm);
    }

  g_assert_cmpint (fw_checksum_algorithm_from_hex_length (32), ==, FW_ALGORITHM_MD5);
  g_assert_cmpint (fw_checksum_algorithm_from_hex_length (128), ==, FW_ALGORITHM_SHA512);
  g_assert_cmpint (fw_checksum_algorithm_from_hex_length (8), ==, FW_ALGORITHM_INVALID);
}

static void
test_type_tag (void)
{
  g_autoptr(FwChecksumReader) reader = fw_checksum_reader_new (NULL, FW_ALGORITHM_INVALID);

  g_assert_cmpstr (fw_checksum_reader_get_type_tag (reader), ==, "SHA256");
  fw_checksum_reader_parse_line (reader, "MD5 (x) = 12", 12, NULL);
  g_assert_cmpstr (fw_checksum_reader_get_type_tag (reader), ==, "MD5");
  fw_checksum_reader_parse_line (reader, DSHA1 "  f", 43, NULL);
  g_assert_cmpstr (fw_checksum_reader_get_type_tag (reader), ==, "SHA1");
  fw_checksum_reader_begin_file (reader, "B2SUMS");
  g_assert_cmpstr (fw_checksum_reader_get_type_tag (reader), ==, "BLAKE2b");
  g_assert_cmpuint (fw_checksum_reader_get_line (reader), ==, 0);
}

static void
test_parse_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FwChecksumList) list = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fw-read-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "SHA1SUMS", NULL);
  g_autofree char *missing = g_build_filename (dir, "none", NULL);

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, DSHA1 "  a\nbad\n" DSHA1 " *b\n", -1, NULL));
  list = fw_checksum_parse_file (path, FW_ALGORITHM_INVALID, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->entries->len, ==, 2);
  g_assert_cmpuint (list->malformed->len, ==, 1);
  g_clear_pointer (&list, fw_checksum_list_free);

  list = fw_checksum_parse_file (missing, FW_ALGORITHM_INVALID, NULL, &error);
  g_assert_null (list);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  list = fw_checksum_parse_file (dir, FW_ALGORITHM_INVALID, NULL, &error);
  g_assert_null (list);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/checksum-read/gnu/plain", test_gnu_plain);
  g_test_add_func ("/checksum-read/gnu/lengths", test_gnu_lengths);
  g_test_add_func ("/checksum-read/gnu/escaped", test_gnu_escaped);
  g_test_add_func ("/checksum-read/gnu/reversed", test_gnu_reversed);
  g_test_add_func ("/checksum-read/bsd", test_bsd);
  g_test_add_func ("/checksum-read/blake3", test_blake3);
  g_test_add_func ("/checksum-read/sfv", test_sfv);
  g_test_add_func ("/checksum-read/lines", test_lines);
  g_test_add_func ("/checksum-read/filename-hints", test_filename_hints);
  g_test_add_func ("/checksum-read/type-tag", test_type_tag);
  g_test_add_func ("/checksum-read/parse-file", test_parse_file);

  return g_test_run ();
}
