/* test-checksum-write.c — checksum lines as coreutils writes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected lines are written out by hand from coreutils' rules (digest.c:
 * output_file, print_filename); test-cli-hash compares whole outputs with
 * the tools themselves.
 */
#include "config.h"

#include "fw-checksum-write.h"

#define H256 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

typedef struct {
  FwChecksumFormat  format;
  FwAlgorithm       algorithm;
  const char       *hex;
  const char       *name;
  gssize            name_length;
  const char       *want;
} Case;

static const Case cases[] = {
  { FW_CHECKSUM_GNU, FW_ALGORITHM_SHA256, H256, "a b", -1, H256 "  a b\n" },
  { FW_CHECKSUM_GNU, FW_ALGORITHM_SHA256, H256, "-", -1, H256 "  -\n" },
  { FW_CHECKSUM_GNU, FW_ALGORITHM_SHA256, H256, "--dash", -1, H256 "  --dash\n" },
  { FW_CHECKSUM_GNU, FW_ALGORITHM_SHA256, H256, " lead", -1, H256 "   lead\n" },
  { FW_CHECKSUM_GNU, FW_ALGORITHM_SHA256, H256, "back\\slash", -1, "\\" H256 "  back\\\\slash\n" },
  { FW_CHECKSUM_GNU, FW_ALGORITHM_SHA256, H256, "new\nline", -1, "\\" H256 "  new\\nline\n" },
  { FW_CHECKSUM_GNU, FW_ALGORITHM_SHA256, H256, "cr\rx", -1, "\\" H256 "  cr\\rx\n" },
  { FW_CHECKSUM_GNU, FW_ALGORITHM_SHA256, H256, "\xff\xfe-latin1-\xe9", -1, H256 "  \xff\xfe-latin1-\xe9\n" },
  /* name_length cuts the name */
  { FW_CHECKSUM_GNU, FW_ALGORITHM_MD5, "900150983cd24fb0d6963f7d28e17f72", "abcdef", 3,
    "900150983cd24fb0d6963f7d28e17f72  abc\n" },
  { FW_CHECKSUM_BSD, FW_ALGORITHM_SHA256, H256, "a b", -1, "SHA256 (a b) = " H256 "\n" },
  { FW_CHECKSUM_BSD, FW_ALGORITHM_SHA256, H256, "x)y", -1, "SHA256 (x)y) = " H256 "\n" },
  { FW_CHECKSUM_BSD, FW_ALGORITHM_SHA256, H256, "back\\slash\n", -1, "\\SHA256 (back\\\\slash\\n) = " H256 "\n" },
  { FW_CHECKSUM_BSD, FW_ALGORITHM_BLAKE2B, "00", "f", -1, "BLAKE2b (f) = 00\n" },
  { FW_CHECKSUM_BSD, FW_ALGORITHM_SHA3_256, "00", "f", -1, "SHA3-256 (f) = 00\n" },
  { FW_CHECKSUM_BSD, FW_ALGORITHM_XXH128, "00", "f", -1, "XXH128 (f) = 00\n" },
  { FW_CHECKSUM_SFV, FW_ALGORITHM_CRC32, "352441c2", "a b", -1, "a b 352441C2\n" },
  { FW_CHECKSUM_SFV, FW_ALGORITHM_CRC32, "cbf43926", "back\\slash", -1, "back\\slash CBF43926\n" },
};

static void
test_lines (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new ("prefix|");
      g_autofree char *want = g_strconcat ("prefix|", cases[i].want, NULL);

      g_test_message ("case %u", i);
      g_assert_true (fw_checksum_append_line (out, cases[i].format, cases[i].algorithm,
                                              cases[i].hex, cases[i].name, cases[i].name_length));
      g_assert_cmpstr (out->str, ==, want);
    }
}

static void
test_sfv_unwritable (void)
{
  g_autoptr(GString) out = g_string_new ("x");

  g_assert_false (fw_checksum_append_line (out, FW_CHECKSUM_SFV, FW_ALGORITHM_CRC32,
                                           "00000000", "a\nb", -1));
  g_assert_false (fw_checksum_append_line (out, FW_CHECKSUM_SFV, FW_ALGORITHM_CRC32,
                                           "00000000", "a\rb", -1));
  g_assert_cmpstr (out->str, ==, "x");
}

static void
test_needs_escape (void)
{
  g_assert_false (fw_checksum_name_needs_escape ("plain name", -1));
  g_assert_true (fw_checksum_name_needs_escape ("a\\b", -1));
  g_assert_true (fw_checksum_name_needs_escape ("a\nb", -1));
  g_assert_true (fw_checksum_name_needs_escape ("a\rb", -1));
  g_assert_false (fw_checksum_name_needs_escape ("ab\\", 2));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/checksum-write/lines", test_lines);
  g_test_add_func ("/checksum-write/sfv-unwritable", test_sfv_unwritable);
  g_test_add_func ("/checksum-write/needs-escape", test_needs_escape);
  return g_test_run ();
}
