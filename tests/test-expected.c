/* test-expected.c — reading an expected digest from pasted text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fw-engine.h"
#include "fw-expected.h"

/* SHA-256, MD5, SHA-1 and SHA-512 of "abc" (FIPS 180-2, RFC 1321). */
#define ABC_SHA256 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define ABC_SHA256_B64 "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
#define ABC_MD5 "900150983cd24fb0d6963f7d28e17f72"
#define ABC_MD5_B64 "kAFQmDzST7DWlj99KOF/cg=="
#define ABC_SHA1 "a9993e364706816aba3e25717850c26c9cd0d89d"
#define ABC_SHA512_B64 "3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw=="

#define BIT FW_ALGORITHM_BIT

static const FwAlgorithmSet LEN32 = BIT (FW_ALGORITHM_SHA256) | BIT (FW_ALGORITHM_SHA3_256) |
                                    BIT (FW_ALGORITHM_BLAKE2S) | BIT (FW_ALGORITHM_BLAKE3);

static FwExpected *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  FwExpected *e = fw_expected_parse (text, &error);

  if (e == NULL)
    g_test_message ("“%s”: %s", text, error->message);
  g_assert_no_error (error);
  g_assert_nonnull (e);
  g_assert_cmpint (e->source, ==, FW_EXPECTED_PASTED);
  return e;
}

static void
test_bare_hex (void)
{
  g_autofree char *upper = g_ascii_strup (ABC_SHA256, -1);
  g_autoptr(GString) spaced = g_string_new (NULL);
  g_autoptr(GString) colons = g_string_new (NULL);
  const char *texts[4];

  /* Grouped as download pages and certificate viewers group them. */
  for (guint i = 0; i < 64; i += 8)
    g_string_append_printf (spaced, "%.8s ", upper + i);
  for (guint i = 0; i < 64; i += 2)
    g_string_append_printf (colons, "%s%.2s", i > 0 ? ":" : "", ABC_SHA256 + i);
  texts[0] = ABC_SHA256;
  texts[1] = upper;
  texts[2] = spaced->str;
  texts[3] = colons->str;
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *padded = g_strdup_printf ("  \n%s\n\n", texts[i]);
      g_autoptr(FwExpected) e = parse_ok (padded);

      g_assert_cmpstr (e->hex, ==, ABC_SHA256);
      g_assert_false (e->named);
      g_assert_null (e->name);
      g_assert_cmphex (e->algorithms, ==, LEN32);
    }

  /* Split over two lines, as a narrow page wraps it. */
  {
    g_autofree char *wrapped = g_strdup_printf ("%.32s\n%s", ABC_SHA256, ABC_SHA256 + 32);
    g_autoptr(FwExpected) e = parse_ok (wrapped);

    g_assert_cmpstr (e->hex, ==, ABC_SHA256);
  }
}

static void
test_gnu_line (void)
{
  g_autoptr(FwExpected) text = parse_ok (ABC_SHA256 "  debian-12.iso\n");
  g_autoptr(FwExpected) binary = parse_ok (ABC_MD5 " *my file.iso");
  g_autoptr(FwExpected) escaped = parse_ok ("\\" ABC_SHA1 "  a\\nb");

  g_assert_cmpstr (text->hex, ==, ABC_SHA256);
  g_assert_cmpstr (text->name, ==, "debian-12.iso");
  g_assert_cmphex (text->algorithms, ==, LEN32);
  g_assert_false (text->named);

  g_assert_cmpstr (binary->hex, ==, ABC_MD5);
  g_assert_cmpstr (binary->name, ==, "my file.iso");
  g_assert_cmphex (binary->algorithms, ==, BIT (FW_ALGORITHM_MD5) | BIT (FW_ALGORITHM_XXH128));

  g_assert_cmpstr (escaped->hex, ==, ABC_SHA1);
  g_assert_cmphex (escaped->algorithms, ==, BIT (FW_ALGORITHM_SHA1));
}

static void
test_bsd_line (void)
{
  g_autoptr(FwExpected) sha = parse_ok ("SHA256 (debian 12.iso) = " ABC_SHA256);
  g_autoptr(FwExpected) b64 = parse_ok ("SHA512 (x) = " ABC_SHA512_B64);
  g_autoptr(FwExpected) blake = parse_ok ("BLAKE3 (x) = " ABC_SHA256);
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExpected) unknown = fw_expected_parse ("WHIRLPOOL (x) = " ABC_SHA256, &error);
  g_autoptr(GError) error2 = NULL;
  g_autoptr(FwExpected) wrong = fw_expected_parse ("SHA1 (x) = " ABC_SHA256, &error2);

  g_assert_cmpstr (sha->hex, ==, ABC_SHA256);
  g_assert_cmpstr (sha->name, ==, "debian 12.iso");
  g_assert_true (sha->named);
  g_assert_cmphex (sha->algorithms, ==, BIT (FW_ALGORITHM_SHA256));

  g_assert_cmphex (b64->algorithms, ==, BIT (FW_ALGORITHM_SHA512));
  g_assert_cmpuint (strlen (b64->hex), ==, 128);
  g_assert_true (g_str_has_prefix (b64->hex, "ddaf35a193617aba"));

  g_assert_cmphex (blake->algorithms, ==, BIT (FW_ALGORITHM_BLAKE3));

  g_assert_null (unknown);
  g_assert_error (error, FW_ENGINE_ERROR, FW_ENGINE_ERROR_UNKNOWN_ALGORITHM);
  g_assert_null (wrong);
  g_assert_error (error2, FW_ENGINE_ERROR, FW_ENGINE_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error2->message, "SHA-1"));
}

static void
test_prefixed (void)
{
  /* Every algorithm by its command-line name, tag and display name, any
   * case: the table decides, not this test. */
  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    {
      const char *names[] = {
        fw_algorithm_get_name (a), fw_algorithm_get_tag (a), fw_algorithm_get_display_name (a),
      };
      gsize len = a == FW_ALGORITHM_BLAKE3 ? fw_digest_get_blake3_length () : fw_algorithm_get_length (a);
      g_autofree char *hex = g_strnfill (len * 2, 'c');

      for (guint n = 0; n < G_N_ELEMENTS (names); n++)
        {
          g_autofree char *upper = g_ascii_strup (names[n], -1);
          g_autofree char *text = g_strdup_printf ("%s:%s", n == 0 ? names[n] : upper, hex);
          g_autoptr(FwExpected) e = parse_ok (text);

          g_assert_cmphex (e->algorithms, ==, BIT (a));
          g_assert_true (e->named);
          g_assert_cmpstr (e->hex, ==, hex);
        }
    }

  {
    g_autoptr(FwExpected) b64 = parse_ok ("sha256:" ABC_SHA256_B64);

    g_assert_cmpstr (b64->hex, ==, ABC_SHA256);
  }
}

static void
test_base64 (void)
{
  g_autoptr(FwExpected) sha = parse_ok (ABC_SHA256_B64);
  g_autoptr(FwExpected) unpadded = parse_ok ("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0");
  g_autoptr(FwExpected) md5 = parse_ok (ABC_MD5_B64);
  g_autoptr(FwExpected) line = parse_ok (ABC_SHA256_B64 "  x.iso");

  g_assert_cmpstr (sha->hex, ==, ABC_SHA256);
  g_assert_cmphex (sha->algorithms, ==, LEN32);
  g_assert_cmpstr (unpadded->hex, ==, ABC_SHA256);
  g_assert_cmpstr (md5->hex, ==, ABC_MD5);
  g_assert_cmpstr (line->hex, ==, ABC_SHA256);
  g_assert_cmpstr (line->name, ==, "x.iso");

  /* 40 characters of hex are a SHA-1 (or base64 of 30 bytes): hex wins. */
  {
    g_autoptr(FwExpected) e = parse_ok (ABC_SHA1);

    g_assert_cmpstr (e->hex, ==, ABC_SHA1);
    g_assert_cmphex (e->algorithms, ==, BIT (FW_ALGORITHM_SHA1));
  }
}

/* The candidates come from the table: each length's set holds exactly the
 * algorithms of that length, and the groups are among them. */
static void
test_candidates (void)
{
  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    {
      gsize len = a == FW_ALGORITHM_BLAKE3 ? fw_digest_get_blake3_length () : fw_algorithm_get_length (a);
      FwAlgorithmSet set = fw_expected_algorithms_for_length (len);

      g_assert_true (set & BIT (a));
      for (guint b = 0; b < FW_N_ALGORITHMS; b++)
        if (set & BIT (b))
          g_assert_cmpuint (b == FW_ALGORITHM_BLAKE3 ? fw_digest_get_blake3_length () : fw_algorithm_get_length (b), ==, len);
    }
  g_assert_cmphex (fw_expected_algorithms_for_length (32), ==, LEN32);
  g_assert_cmphex (fw_expected_algorithms_for_length (16), ==, BIT (FW_ALGORITHM_MD5) | BIT (FW_ALGORITHM_XXH128));
  g_assert_cmphex (fw_expected_algorithms_for_length (64), ==,
                   BIT (FW_ALGORITHM_SHA512) | BIT (FW_ALGORITHM_SHA3_512) | BIT (FW_ALGORITHM_BLAKE2B));
  g_assert_cmphex (fw_expected_algorithms_for_length (5), ==, 0);
}

/* Matching real digests of one input: the candidate that made it wins,
 * the others count as tried. */
static void
test_match (void)
{
  g_autoptr(FwDigestResult) d = fw_digest_data ("abc", 3, LEN32);
  g_autoptr(FwExpected) sha3 = NULL;
  g_autoptr(FwExpected) other = NULL;
  g_autofree char *upper = NULL;
  FwAlgorithmSet tried = 0;

  g_assert_cmpstr (d->hex[FW_ALGORITHM_SHA256], ==, ABC_SHA256);
  upper = g_ascii_strup (d->hex[FW_ALGORITHM_SHA3_256], -1);
  sha3 = parse_ok (upper);
  g_assert_cmpint (fw_expected_match (sha3, (const char *const *) d->hex, &tried), ==, FW_ALGORITHM_SHA3_256);
  g_assert_cmphex (tried, ==, LEN32);

  /* ABC_SHA256 with its first byte changed. */
  other = parse_ok ("00" "7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_assert_cmpint (fw_expected_match (other, (const char *const *) d->hex, &tried), ==, FW_ALGORITHM_INVALID);
  g_assert_cmphex (tried, ==, LEN32);

  /* Only what was computed counts as tried. */
  {
    g_autoptr(FwDigestResult) one = fw_digest_data ("abc", 3, BIT (FW_ALGORITHM_SHA256));

    g_assert_cmpint (fw_expected_match (sha3, (const char *const *) one->hex, &tried), ==, FW_ALGORITHM_INVALID);
    g_assert_cmphex (tried, ==, BIT (FW_ALGORITHM_SHA256));
  }
}

static void
test_garbage (void)
{
  const char *texts[] = {
    "", "   \n ", "hello", "hello world", "not a digest at all!",
    ABC_SHA256 "0",              /* odd */
    "abcd",                      /* no algorithm that short */
    ABC_SHA256 "\n" ABC_MD5 "  other.iso",  /* a whole list */
    "sha256:" ABC_MD5,           /* the wrong length for its name */
    "SHA256 (x) = zz",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FwExpected) e = fw_expected_parse (texts[i], &error);

      g_assert_null (e);
      g_assert_nonnull (error);
      g_assert_true (error->domain == FW_ENGINE_ERROR);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_copy (void)
{
  g_autoptr(FwExpected) e = fw_expected_new ("ABCDEF01", BIT (FW_ALGORITHM_CRC32));
  g_autoptr(FwExpected) copy = NULL;

  e->source = FW_EXPECTED_LIST;
  e->list_path = g_strdup ("/tmp/SFV.sfv");
  e->line = 3;
  copy = fw_expected_copy (e);
  g_assert_cmpstr (copy->hex, ==, "abcdef01");
  g_assert_cmpstr (copy->list_path, ==, "/tmp/SFV.sfv");
  g_assert_true (copy->list_path != e->list_path);
  g_assert_cmpuint (copy->line, ==, 3);
  g_assert_cmpint (copy->source, ==, FW_EXPECTED_LIST);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/expected/bare-hex", test_bare_hex);
  g_test_add_func ("/expected/gnu-line", test_gnu_line);
  g_test_add_func ("/expected/bsd-line", test_bsd_line);
  g_test_add_func ("/expected/prefixed", test_prefixed);
  g_test_add_func ("/expected/base64", test_base64);
  g_test_add_func ("/expected/candidates", test_candidates);
  g_test_add_func ("/expected/match", test_match);
  g_test_add_func ("/expected/garbage", test_garbage);
  g_test_add_func ("/expected/copy", test_copy);

  return g_test_run ();
}
