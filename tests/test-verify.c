/* test-verify.c — verifying checksum entries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fw-blake2b-private.h"
#include "fw-verify.h"

/* FIPS 180-2 SHA-256("abc"), RFC 1321 MD5("abc") */
#define D256 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define DMD5 "900150983cd24fb0d6963f7d28e17f72"

typedef struct {
  char *dir;
} Fixture;

static void
write_file (const char *dir,
            const char *name,
            const char *data)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, data, -1, NULL));
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autofree char *sub = NULL;

  fixture->dir = g_dir_make_tmp ("fw-verify-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
  write_file (fixture->dir, "abc", "abc");
  write_file (fixture->dir, "other", "xyz");
  sub = g_build_filename (fixture->dir, "sub", NULL);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  write_file (sub, "in sub", "abc");
  write_file (sub, "unlisted", "u");
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (fixture->dir, "sub", NULL);
  const char *names[] = { "abc", "other", "SUMS", NULL };
  const char *sub_names[] = { "in sub", "unlisted", NULL };

  for (guint i = 0; sub_names[i] != NULL; i++)
    {
      g_autofree char *p = g_build_filename (sub, sub_names[i], NULL);
      g_unlink (p);
    }
  g_rmdir (sub);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *p = g_build_filename (fixture->dir, names[i], NULL);
      g_unlink (p);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static FwChecksumEntry *
entry_new (FwAlgorithm  algorithm,
           guint        bits,
           const char  *hex,
           const char  *name)
{
  FwChecksumEntry *entry = g_new0 (FwChecksumEntry, 1);

  entry->line = 1;
  entry->format = FW_CHECKSUM_GNU;
  entry->algorithm = algorithm;
  entry->digest_bits = bits;
  entry->hex = g_strdup (hex);
  entry->name = g_strdup (name);
  return entry;
}

static void
test_statuses (Fixture       *fixture,
               gconstpointer  data)
{
  static const struct {
    FwAlgorithm     algorithm;
    guint           bits;
    const char     *hex;
    const char     *name;
    FwVerifyStatus  status;
    int             code;
  } cases[] = {
    { FW_ALGORITHM_SHA256, 256, D256, "abc", FW_VERIFY_OK, 0 },
    { FW_ALGORITHM_MD5, 128, DMD5, "abc", FW_VERIFY_OK, 0 },
    { FW_ALGORITHM_SHA256, 256, D256, "other", FW_VERIFY_FAILED, 0 },
    { FW_ALGORITHM_SHA256, 256, D256, "sub/in sub", FW_VERIFY_OK, 0 },
    { FW_ALGORITHM_SHA256, 256, D256, "gone", FW_VERIFY_MISSING, ENOENT },
    { FW_ALGORITHM_SHA256, 256, D256, "", FW_VERIFY_MISSING, ENOENT },
    { FW_ALGORITHM_SHA256, 256, D256, "sub", FW_VERIFY_ERROR, EISDIR },
    /* A truncated SHA-256 compares a prefix, as coreutils does. */
    { FW_ALGORITHM_SHA256, 128, "ba7816bf8f01cfea414140de5dae2223", "abc", FW_VERIFY_OK, 0 },
    /* A shorter BLAKE2b is another hash (b2sum -l 256 of "abc"). */
    { FW_ALGORITHM_BLAKE2B, 256, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319",
      "abc", FW_VERIFY_OK, 0 },
    /* A shorter BLAKE2s: not computable here. */
    { FW_ALGORITHM_BLAKE2S, 128, DMD5, "abc", FW_VERIFY_ERROR, 0 },
    /* CRC-32 of "abc" (the SFV checksum). */
    { FW_ALGORITHM_CRC32, 32, "352441c2", "abc", FW_VERIFY_OK, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FwChecksumEntry) entry = entry_new (cases[i].algorithm, cases[i].bits,
                                                    cases[i].hex, cases[i].name);
      g_autoptr(FwVerifyResult) result = NULL;
      g_autoptr(GError) error = NULL;
      guint64 bytes = 0;

      g_test_message ("case %u: %s", i, cases[i].name);
      result = fw_verify_entry (entry, fixture->dir, 0, NULL, &bytes, &error);
      g_assert_no_error (error);
      g_assert_nonnull (result);
      g_assert_cmpint (result->status, ==, cases[i].status);
      g_assert_cmpint (result->error_code, ==, cases[i].code);
      if (cases[i].status == FW_VERIFY_OK || cases[i].status == FW_VERIFY_FAILED)
        {
          g_assert_cmpuint (strlen (result->actual_hex), ==, cases[i].bits / 4);
          g_assert_null (result->message);
          g_assert_cmpuint (result->size, ==, 3);
          g_assert_cmpuint (bytes, ==, 3);
        }
      else
        g_assert_nonnull (result->message);
      if (cases[i].status == FW_VERIFY_OK)
        g_assert_cmpstr (result->actual_hex, ==, cases[i].hex);
    }
}

static void
test_resolve (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(FwChecksumEntry) rel = entry_new (FW_ALGORITHM_MD5, 128, DMD5, " lead");
  g_autoptr(FwChecksumEntry) abs = entry_new (FW_ALGORITHM_MD5, 128, DMD5, "/etc/x");
  g_autofree char *p1 = fw_verify_resolve_path (rel, "/base");
  g_autofree char *p2 = fw_verify_resolve_path (rel, "/base/");
  g_autofree char *p3 = fw_verify_resolve_path (rel, NULL);
  g_autofree char *p4 = fw_verify_resolve_path (abs, "/base");

  g_assert_cmpstr (p1, ==, "/base/ lead");
  g_assert_cmpstr (p2, ==, "/base/ lead");
  g_assert_cmpstr (p3, ==, " lead");
  g_assert_cmpstr (p4, ==, "/etc/x");
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FwChecksumEntry) entry = entry_new (FW_ALGORITHM_SHA256, 256, D256, "abc");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FwVerifyContext) context = fw_verify_context_new (fixture->dir, 0);
  g_autoptr(GError) error = NULL;
  gpointer result;

  g_cancellable_cancel (cancellable);
  result = fw_verify_job (entry, cancellable, context, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_job (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(FwChecksumEntry) entry = entry_new (FW_ALGORITHM_SHA256, 256, D256, "abc");
  g_autoptr(FwVerifyContext) context = fw_verify_context_new (fixture->dir, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(FwVerifyResult) result = fw_verify_job (entry, NULL, context, &error);

  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, FW_VERIFY_OK);
}

static void
test_unlisted (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) fw_checksum_entry_free);
  g_autoptr(GPtrArray) unlisted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sums = g_build_filename (fixture->dir, "SUMS", NULL);
  g_autofree char *nowhere = g_build_filename (fixture->dir, "nowhere", NULL);

  write_file (fixture->dir, "SUMS", "");
  g_ptr_array_add (entries, entry_new (FW_ALGORITHM_SHA256, 256, D256, "abc"));
  g_ptr_array_add (entries, entry_new (FW_ALGORITHM_SHA256, 256, D256, "./sub//in sub"));
  g_ptr_array_add (entries, entry_new (FW_ALGORITHM_SHA256, 256, D256, "listed but gone"));

  unlisted = fw_verify_find_unlisted (fixture->dir, entries, sums, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unlisted->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (unlisted, 0), ==, "other");
  g_assert_cmpstr (g_ptr_array_index (unlisted, 1), ==, "sub/unlisted");
  g_clear_pointer (&unlisted, g_ptr_array_unref);

  unlisted = fw_verify_find_unlisted (nowhere, entries, NULL, NULL, &error);
  g_assert_null (unlisted);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

/* RFC 7693, appendix A: BLAKE2b-512 ("abc"). */
static void
test_blake2b_vector (void)
{
  static const char *expected =
    "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
    "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923";
  FwBlake2b ctx;
  guint8 out[64];
  g_autoptr(GString) hex = g_string_new (NULL);

  fw_blake2b_init (&ctx, 64);
  fw_blake2b_update (&ctx, "a", 1);
  fw_blake2b_update (&ctx, "bc", 2);
  fw_blake2b_final (&ctx, out);
  for (guint i = 0; i < 64; i++)
    g_string_append_printf (hex, "%02x", out[i]);
  g_assert_cmpstr (hex->str, ==, expected);
}

/* Shorter BLAKE2b against b2sum -l, an independent implementation, at
 * block-boundary sizes. */
static void
test_blake2b_lengths (void)
{
  static const gsize sizes[] = { 0, 1, 127, 128, 129, 256, 65535, 65536, 65537, 200000 };
  static const guint bits[] = { 8, 128, 256, 384, 504 };
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *b2sum = g_find_program_in_path ("b2sum");

  /* b2sum is part of coreutils, which the tests need anyway. */
  if (b2sum == NULL)
    {
      g_test_fail_printf ("b2sum (coreutils) is not in PATH: nothing independent to check BLAKE2b against");
      return;
    }
  dir = g_dir_make_tmp ("fw-b2-XXXXXX", NULL);
  g_assert_nonnull (dir);
  path = g_build_filename (dir, "data", NULL);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autofree char *data = g_malloc (MAX (sizes[s], 1));
      for (gsize i = 0; i < sizes[s]; i++)
        data[i] = (char) (i * 7 + i / 251);
      g_assert_true (g_file_set_contents (path, data, sizes[s], NULL));

      for (guint b = 0; b < G_N_ELEMENTS (bits); b++)
        {
          g_autofree char *bits_arg = g_strdup_printf ("%u", bits[b]);
          const char *argv[] = { b2sum, "-l", bits_arg, path, NULL };
          g_autofree char *out = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *ours = NULL;
          int status = 0;
          int fd;

          g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                       &out, NULL, &status, &error));
          g_assert_no_error (error);
          fd = g_open (path, O_RDONLY, 0);
          g_assert_cmpint (fd, >=, 0);
          ours = fw_blake2b_fd_hex (fd, bits[b] / 8, NULL, NULL, NULL, &error);
          close (fd);
          g_assert_no_error (error);
          g_test_message ("size %zu, %u bits", sizes[s], bits[b]);
          g_assert_cmpmem (ours, strlen (ours), out, bits[b] / 4);
        }
    }
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/verify/statuses", Fixture, NULL, set_up, test_statuses, tear_down);
  g_test_add ("/verify/resolve", Fixture, NULL, set_up, test_resolve, tear_down);
  g_test_add ("/verify/cancelled", Fixture, NULL, set_up, test_cancelled, tear_down);
  g_test_add ("/verify/job", Fixture, NULL, set_up, test_job, tear_down);
  g_test_add ("/verify/unlisted", Fixture, NULL, set_up, test_unlisted, tear_down);
  g_test_add_func ("/verify/blake2b/vector", test_blake2b_vector);
  g_test_add_func ("/verify/blake2b/lengths", test_blake2b_lengths);

  return g_test_run ();
}
