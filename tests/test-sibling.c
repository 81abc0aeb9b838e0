/* test-sibling.c — the checksum file next to a file, and clear-signed lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "fw-checksum-read.h"
#include "fw-sibling.h"
#include "fw-test-util.h"

#define D256 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define D256B "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define DMD5 "900150983cd24fb0d6963f7d28e17f72"
#define DSHA1 "a9993e364706816aba3e25717850c26c9cd0d89d"
#define D512 "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a" \
             "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
#define ISO "disk.iso"

static void
put (const char *dir,
     const char *name,
     const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  fw_test_write (path, text, strlen (text));
}

/* A folder holding the file ISO (its bytes do not matter here). */
static char *
iso_folder (void)
{
  char *dir = fw_test_mkdtemp ();

  put (dir, ISO, "not really an ISO\n");
  return dir;
}

static FwSibling *
find_iso (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, ISO, NULL);

  return fw_sibling_find (path, NULL);
}

static void
assert_found (FwSibling  *sibling,
              const char *dir,
              const char *list,
              guint       line,
              const char *hex)
{
  g_autofree char *want = g_build_filename (dir, list, NULL);

  g_assert_nonnull (sibling);
  g_assert_cmpint (sibling->status, ==, FW_SIBLING_FOUND);
  g_assert_cmpstr (sibling->list_path, ==, want);
  g_assert_cmpuint (sibling->line, ==, line);
  g_assert_cmpstr (sibling->hex, ==, hex);
  g_assert_null (sibling->mismatch_note);
}

/* Each name of the list, its .txt variant and other cases: found,
 * alone in the folder, with the algorithm its name or its line says. */
static void
test_each_name (void)
{
  static const struct {
    const char     *list;
    const char     *text;
    FwAlgorithmSet  algorithms;
  } cases[] = {
    { ISO ".sha256", D256 "  " ISO "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) },
    { ISO ".sha256sum", D256 " *" ISO "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) },
    { ISO ".sha512", D512 "  " ISO "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_SHA512) },
    { ISO ".sha1", DSHA1 "  " ISO "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_SHA1) },
    { ISO ".md5", DMD5 "  " ISO "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_MD5) },
    { ISO ".b2", D512 "  " ISO "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_BLAKE2B) },
    { ISO ".DIGESTS", "# SHA256 HASH\n" D256 "  " ISO "\n",
      FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) | FW_ALGORITHM_BIT (FW_ALGORITHM_SHA3_256)
      | FW_ALGORITHM_BIT (FW_ALGORITHM_BLAKE2S) | FW_ALGORITHM_BIT (FW_ALGORITHM_BLAKE3) },
    { ISO ".CHECKSUM", "SHA256 (" ISO ") = " D256 "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) },
    { "SHA256SUMS", D256B "  other.iso\n" D256 "  " ISO "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) },
    { "SHA512SUMS", D512 "  " ISO "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_SHA512) },
    { "SHA1SUMS", DSHA1 "  " ISO "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_SHA1) },
    { "MD5SUMS", DMD5 "  " ISO "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_MD5) },
    { "B2SUMS", D512 "  " ISO "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_BLAKE2B) },
    { "CHECKSUM", "SHA512 (" ISO ") = " D512 "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_SHA512) },
    { "CHECKSUMS", "MD5 (" ISO ") = " DMD5 "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_MD5) },
    { "Fedora-40-x86_64-CHECKSUM", "SHA256 (" ISO ") = " D256 "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) },
    { "release.sfv", "; made by hand\n" ISO " CBF43926\n", FW_ALGORITHM_BIT (FW_ALGORITHM_CRC32) },
    /* .txt variants and other cases */
    { ISO ".sha256.txt", D256 "  " ISO "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) },
    { ISO ".SHA1", DSHA1 "  " ISO "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_SHA1) },
    { "sha256sums.txt", D256 "  " ISO "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) },
    { "Md5Sums", DMD5 "  " ISO "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_MD5) },
    { "checksum.TXT", "SHA1 (" ISO ") = " DSHA1 "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_SHA1) },
    { "fedora-checksum", "SHA256 (" ISO ") = " D256 "\n", FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) },
    { "RELEASE.SFV.txt", ISO " cbf43926\n", FW_ALGORITHM_BIT (FW_ALGORITHM_CRC32) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = iso_folder ();
      g_autoptr(FwSibling) sibling = NULL;
      guint line = strchr (cases[i].text, '\n')[1] == '\0' ? 1 : 2;
      const char *hex = strstr (cases[i].text, D512) ? D512
                        : strstr (cases[i].text, D256) ? D256
                        : strstr (cases[i].text, DSHA1) ? DSHA1
                        : strstr (cases[i].text, DMD5) ? DMD5 : "cbf43926";

      g_test_message ("%s", cases[i].list);
      put (dir, cases[i].list, cases[i].text);
      sibling = find_iso (dir);
      assert_found (sibling, dir, cases[i].list, line, hex);
      g_assert_cmphex (sibling->algorithms, ==, cases[i].algorithms);
      g_assert_cmpuint (sibling->digest_bits, ==, strlen (hex) * 4);
      g_assert_false (sibling->clear_signed);
      fw_test_rmtree (dir);
    }
}

/* The named lists win in the header's order, whatever the folder's order;
 * then the .txt variant; then byte order. */
static void
test_order (void)
{
  g_autofree char *dir = iso_folder ();
  static const char * const lists[] = {
    ISO ".sha256", ISO ".sha256.txt", ISO ".sha256sum", ISO ".sha512",
    ISO ".sha1", ISO ".md5", ISO ".b2", ISO ".DIGESTS", ISO ".CHECKSUM",
    "SHA256SUMS", "SHA256SUMS.txt", "SHA512SUMS", "SHA1SUMS", "MD5SUMS",
    "B2SUMS", "CHECKSUM", "CHECKSUMS", "A-CHECKSUM", "B-CHECKSUM",
    "a.sfv", "notes.txt",
  };

  /* Written last to first, each with a digest of its own (by its index)
   * in a tag, so that which one won is plain. */
  for (guint i = G_N_ELEMENTS (lists); i-- > 0;)
    {
      g_autofree char *text = g_strdup_printf ("SHA256 (" ISO ") = %064x\n", i + 1);
      put (dir, lists[i], text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autoptr(FwSibling) sibling = find_iso (dir);
      g_autofree char *want_hex = g_strdup_printf ("%064x", i + 1);
      g_autofree char *path = g_build_filename (dir, lists[i], NULL);

      assert_found (sibling, dir, lists[i], 1, want_hex);
      g_assert_cmphex (sibling->algorithms, ==, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256));
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  {
    g_autoptr(FwSibling) sibling = find_iso (dir);
    g_assert_cmpint (sibling->status, ==, FW_SIBLING_NOT_LISTED);
    g_assert_null (sibling->list_path);
    g_assert_null (sibling->hex);
  }
  fw_test_rmtree (dir);
}

/* A named list that lists other files only does not stop the search; a
 * list that lists the file with the wrong digest is still the one found
 * (the caller compares); the first line naming the file wins. */
static void
test_not_listed_and_wrong (void)
{
  g_autofree char *dir = iso_folder ();
  g_autoptr(FwSibling) none = NULL;
  g_autoptr(FwSibling) wrong = NULL;
  g_autoptr(FwSibling) first = NULL;

  put (dir, "SHA256SUMS", D256 "  other.iso\n" D256 "  disk.iso.bak\n" D256 "  sub/" ISO "\n");
  put (dir, "MD5SUMS", "garbage\n");
  none = find_iso (dir);
  g_assert_cmpint (none->status, ==, FW_SIBLING_NOT_LISTED);
  g_assert_null (none->list_path);

  put (dir, "CHECKSUMS", "# wrong\n" D256B "  ./" ISO "\n" D256 "  " ISO "\n");
  wrong = find_iso (dir);
  assert_found (wrong, dir, "CHECKSUMS", 2, D256B);
  g_assert_cmphex (wrong->algorithms, ==,
                   FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) | FW_ALGORITHM_BIT (FW_ALGORITHM_SHA3_256)
                   | FW_ALGORITHM_BIT (FW_ALGORITHM_BLAKE2S) | FW_ALGORITHM_BIT (FW_ALGORITHM_BLAKE3));

  /* An X.* list may name the file under another folder. */
  put (dir, ISO ".sha1", DSHA1 "  /build/out/" ISO "\n");
  first = find_iso (dir);
  assert_found (first, dir, ISO ".sha1", 1, DSHA1);
  fw_test_rmtree (dir);
}

/* An X.sha256 that holds the bare digest; a text file that is not named
 * like a list but lists the file; a binary one and a large one that do not
 * count. */
static void
test_bare_and_text (void)
{
  g_autofree char *dir = iso_folder ();
  g_autoptr(FwSibling) text = NULL;
  g_autoptr(FwSibling) bare = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  static const char binary[] = D512 "  " ISO "\n\0\1\2";

  g_autofree char *blob = g_build_filename (dir, "a-blob.bin", NULL);

  fw_test_write (blob, binary, sizeof binary);
  while (big->len <= FW_SIBLING_MAX_TEXT_SIZE)
    g_string_append (big, "padding padding padding padding padding padding\n");
  g_string_append (big, DMD5 "  " ISO "\n");
  put (dir, "b-big.txt", big->str);
  put (dir, "release-notes", "Digests\n=======\n\n" D512 "  " ISO "\n");
  text = find_iso (dir);
  assert_found (text, dir, "release-notes", 4, D512);
  g_assert_cmphex (text->algorithms, ==,
                   FW_ALGORITHM_BIT (FW_ALGORITHM_SHA512) | FW_ALGORITHM_BIT (FW_ALGORITHM_SHA3_512)
                   | FW_ALGORITHM_BIT (FW_ALGORITHM_BLAKE2B));
  g_assert_cmpuint (fw_algorithm_set_count (text->algorithms), ==, 3);

  put (dir, ISO ".sha256", "  " D256 "\r\n");
  bare = find_iso (dir);
  assert_found (bare, dir, ISO ".sha256", 1, D256);
  g_assert_cmphex (bare->algorithms, ==, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256));
  fw_test_rmtree (dir);
}

/* Fedora's CHECKSUM, clear-signed, by hand: the armour is neither an
 * entry nor malformed, "Hash: SHA256" is not the list's algorithm, a
 * dash-escaped line is read without its "- ". */
#define FEDORA_CHECKSUM \
  "-----BEGIN PGP SIGNED MESSAGE-----\n" \
  "Hash: SHA256\n" \
  "\n" \
  "# Fedora-Workstation-Live-x86_64-40-1.14.iso: 2295853056 bytes\n" \
  "SHA256 (Fedora-Workstation-Live-x86_64-40-1.14.iso) = " D256 "\n" \
  "- SHA256 (-dash.iso) = " D256B "\n" \
  D512 "  " ISO "\n" \
  "-----BEGIN PGP SIGNATURE-----\n" \
  "\n" \
  "iQIzBAEBCAAdFiEEEV35rO/+HqL2UUSNPzrEdAAAAAAFAmYhmJcACgkQPzrEdAAA\n" \
  "=abcd\n" \
  "-----END PGP SIGNATURE-----\n"

static void
test_clear_signed_reader (void)
{
  g_autoptr(FwChecksumList) plain = NULL;
  g_autoptr(FwChecksumList) signed_list = NULL;
  g_autoptr(FwChecksumList) unsigned_list = NULL;
  const FwChecksumEntry *e;

  /* The default (fileworks-cli check, sha256sum -c): the armour and the
   * escaped line are malformed, as coreutils counts them. */
  plain = fw_checksum_parse_data (FEDORA_CHECKSUM, strlen (FEDORA_CHECKSUM),
                                  "Fedora-40-x86_64-CHECKSUM", FW_ALGORITHM_INVALID);
  g_assert_false (plain->clear_signed);
  g_assert_cmpuint (plain->entries->len, ==, 2);
  g_assert_cmpuint (plain->malformed->len, ==, 7);

  signed_list = fw_checksum_parse_data_full (FEDORA_CHECKSUM, strlen (FEDORA_CHECKSUM),
                                             "Fedora-40-x86_64-CHECKSUM", FW_ALGORITHM_INVALID,
                                             FW_CHECKSUM_READ_CLEAR_SIGNED);
  g_assert_true (signed_list->clear_signed);
  g_assert_cmpuint (signed_list->malformed->len, ==, 0);
  g_assert_cmpuint (signed_list->entries->len, ==, 3);
  e = g_ptr_array_index (signed_list->entries, 0);
  g_assert_cmpuint (e->line, ==, 5);
  g_assert_cmpint (e->algorithm, ==, FW_ALGORITHM_SHA256);
  e = g_ptr_array_index (signed_list->entries, 1);
  g_assert_cmpuint (e->line, ==, 6);
  g_assert_cmpstr (e->name, ==, "-dash.iso");
  g_assert_cmpstr (e->hex, ==, D256B);
  /* Untagged, 128 digits: SHA-512 by length, not the header's SHA256. */
  e = g_ptr_array_index (signed_list->entries, 2);
  g_assert_cmpuint (e->line, ==, 7);
  g_assert_cmpint (e->algorithm, ==, FW_ALGORITHM_SHA512);

  /* The flag changes nothing on a list that is not signed, even one whose
   * lines start with "- " or hold armour further down. */
  {
    static const char text[] = D256 "  - a\n\n-----BEGIN PGP SIGNED MESSAGE-----\n";
    unsigned_list = fw_checksum_parse_data_full (text, strlen (text), "SHA256SUMS",
                                                 FW_ALGORITHM_INVALID,
                                                 FW_CHECKSUM_READ_CLEAR_SIGNED);
    g_assert_false (unsigned_list->clear_signed);
    g_assert_cmpuint (unsigned_list->entries->len, ==, 1);
    g_assert_cmpuint (unsigned_list->malformed->len, ==, 1);
  }
}

static void
test_clear_signed_file (void)
{
  g_autofree char *dir = iso_folder ();
  g_autofree char *path = g_build_filename (dir, "Fedora-40-x86_64-CHECKSUM", NULL);
  g_autoptr(FwSibling) sibling = NULL;
  g_autoptr(FwChecksumList) list = NULL;
  g_autoptr(GError) error = NULL;

  put (dir, "Fedora-40-x86_64-CHECKSUM", FEDORA_CHECKSUM);
  sibling = find_iso (dir);
  assert_found (sibling, dir, "Fedora-40-x86_64-CHECKSUM", 7, D512);
  g_assert_true (sibling->clear_signed);
  g_assert_cmphex (sibling->algorithms, ==,
                   FW_ALGORITHM_BIT (FW_ALGORITHM_SHA512) | FW_ALGORITHM_BIT (FW_ALGORITHM_SHA3_512)
                   | FW_ALGORITHM_BIT (FW_ALGORITHM_BLAKE2B));

  list = fw_checksum_parse_file_full (path, FW_ALGORITHM_INVALID, FW_CHECKSUM_READ_CLEAR_SIGNED,
                                      NULL, &error);
  g_assert_no_error (error);
  g_assert_true (list->clear_signed);
  g_assert_cmpuint (list->entries->len, ==, 3);
  g_assert_cmpuint (list->malformed->len, ==, 0);
  g_clear_pointer (&list, fw_checksum_list_free);
  list = fw_checksum_parse_file (path, FW_ALGORITHM_INVALID, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (list->clear_signed);
  g_assert_cmpuint (list->malformed->len, ==, 7);

  /* The dash-escaped line names a file too. */
  {
    g_autofree char *dash = g_build_filename (dir, "-dash.iso", NULL);
    g_autoptr(FwSibling) d = NULL;

    put (dir, "-dash.iso", "x");
    d = fw_sibling_find (dash, NULL);
    assert_found (d, dir, "Fedora-40-x86_64-CHECKSUM", 6, D256B);
    g_assert_true (d->clear_signed);
    g_assert_cmphex (d->algorithms, ==, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256));
  }
  fw_test_rmtree (dir);
}

/* The Flatpak: a document portal path, and a folder that is not there. */
static void
test_unreadable (void)
{
  g_autofree char *doc = g_build_filename (g_get_user_runtime_dir (), "doc", "a1b2c3", NULL);
  g_autofree char *iso = g_build_filename (doc, ISO, NULL);
  g_autoptr(FwSibling) portal = NULL;
  g_autoptr(FwSibling) gone = NULL;

  g_assert_cmpint (g_mkdir_with_parents (doc, 0700), ==, 0);
  put (doc, ISO, "x");
  put (doc, "SHA256SUMS", D256 "  " ISO "\n");
  g_assert_true (fw_sibling_is_portal_path (iso));
  g_assert_true (fw_sibling_is_portal_path ("/run/flatpak/doc/1234abcd/" ISO));
  g_assert_false (fw_sibling_is_portal_path ("/run/flatpak/doc/" ISO));
  g_assert_false (fw_sibling_is_portal_path ("/home/user/Downloads/" ISO));
  portal = fw_sibling_find (iso, NULL);
  g_assert_cmpint (portal->status, ==, FW_SIBLING_UNREADABLE);
  g_assert_null (portal->list_path);
  g_assert_null (portal->hex);

  gone = fw_sibling_find ("/nonexistent-fileworks-folder/" ISO, NULL);
  g_assert_cmpint (gone->status, ==, FW_SIBLING_UNREADABLE);
}

/* The bound on files opened: other text files beyond it are not read. */
static void
test_bounds (void)
{
  g_autofree char *dir = iso_folder ();
  g_autoptr(FwSibling) within = NULL;
  g_autoptr(FwSibling) beyond = NULL;
  g_autofree char *last = NULL;
  g_autofree char *early = NULL;

  for (guint i = 0; i < FW_SIBLING_MAX_FILES + 8; i++)
    {
      g_autofree char *name = g_strdup_printf ("note-%03u", i);
      put (dir, name, "nothing to see\n");
    }
  last = g_strdup_printf ("note-%03u", FW_SIBLING_MAX_FILES + 7);
  put (dir, last, D256 "  " ISO "\n");
  beyond = find_iso (dir);
  g_assert_cmpint (beyond->status, ==, FW_SIBLING_NOT_LISTED);

  early = g_strdup_printf ("note-%03u", FW_SIBLING_MAX_FILES - 2);
  put (dir, early, DMD5 "  " ISO "\n");
  within = find_iso (dir);
  assert_found (within, dir, early, 1, DMD5);
  fw_test_rmtree (dir);
}

static void
test_cancelled (void)
{
  g_autofree char *dir = iso_folder ();
  g_autofree char *path = g_build_filename (dir, ISO, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FwSibling) sibling = NULL;
  g_autofree char *fifo = g_build_filename (dir, ISO ".sha256", NULL);

  /* A FIFO where a list would be is passed over, never waited on. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  put (dir, "SHA256SUMS", D256 "  " ISO "\n");
  sibling = fw_sibling_find (path, cancellable);
  assert_found (sibling, dir, "SHA256SUMS", 1, D256);
  g_clear_pointer (&sibling, fw_sibling_free);

  g_cancellable_cancel (cancellable);
  sibling = fw_sibling_find (path, cancellable);
  g_assert_cmpint (sibling->status, ==, FW_SIBLING_NOT_LISTED);
  fw_test_rmtree (dir);
}

static void
test_list_names (void)
{
  g_auto(GStrv) names = fw_sibling_list_names ("a b.iso");

  g_assert_cmpuint (g_strv_length (names), ==, 17);
  g_assert_cmpstr (names[0], ==, "a b.iso.sha256");
  g_assert_cmpstr (names[7], ==, "a b.iso.CHECKSUM");
  g_assert_cmpstr (names[8], ==, "SHA256SUMS");
  g_assert_cmpstr (names[15], ==, "*-CHECKSUM");
  g_assert_cmpstr (names[16], ==, "*.sfv");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *runtime = fw_test_mkdtemp ();
  int ret;

  /* The document portal's folder is under the runtime folder: a private
   * one, set before GLib reads it. */
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sibling/each-name", test_each_name);
  g_test_add_func ("/sibling/order", test_order);
  g_test_add_func ("/sibling/not-listed-and-wrong", test_not_listed_and_wrong);
  g_test_add_func ("/sibling/bare-and-text", test_bare_and_text);
  g_test_add_func ("/sibling/clear-signed/reader", test_clear_signed_reader);
  g_test_add_func ("/sibling/clear-signed/file", test_clear_signed_file);
  g_test_add_func ("/sibling/unreadable", test_unreadable);
  g_test_add_func ("/sibling/bounds", test_bounds);
  g_test_add_func ("/sibling/cancelled", test_cancelled);
  g_test_add_func ("/sibling/list-names", test_list_names);

  ret = g_test_run ();
  fw_test_rmtree (runtime);
  return ret;
}
