/* test-digest.c — the digest engine: published vectors, buffer boundaries
 * against independent tools, the test seam (read errors, cancel)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "fw-digest.h"
#include "fw-digest-private.h"
#include "fw-engine.h"
#include "fw-pool.h"
#include "fw-test-util.h"

#define ALL ((FwAlgorithmSet) ((1u << FW_N_ALGORITHMS) - 1))

/* Published vectors ------------------------------------------------------- */

typedef struct {
  FwAlgorithm  algorithm;
  const char  *empty;
  const char  *abc;
  const char  *million_a;   /* NULL where the standard publishes none */
} Vector;

static const Vector vectors[] = {
  /* RFC 1321 A.5; the million "a" from the NIST/NESSIE test sets */
  { FW_ALGORITHM_MD5, "d41d8cd98f00b204e9800998ecf8427e", "900150983cd24fb0d6963f7d28e17f72",
    "7707d6ae4e027c70eea2a935c2296f21" },
  /* FIPS 180 examples (NIST CSRC "Examples with intermediate values") */
  { FW_ALGORITHM_SHA1, "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "a9993e364706816aba3e25717850c26c9cd0d89d", "34aa973cd4c4daa4f61eeb2bdbad27316534016f" },
  { FW_ALGORITHM_SHA224, "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f",
    "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
    "20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67" },
  { FW_ALGORITHM_SHA256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
  { FW_ALGORITHM_SHA384,
    "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b",
    "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
    "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985" },
  { FW_ALGORITHM_SHA512,
    "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
    "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b" },
  /* FIPS 202 examples (NIST CSRC) */
  { FW_ALGORITHM_SHA3_256, "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
    "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
    "5c8875ae474a3634ba4fd55ec85bffd661f32aca75c6d699d0cdcb6c115891c1" },
  { FW_ALGORITHM_SHA3_512,
    "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a615b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26",
    "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0",
    "3c3a876da14034ab60627c077bb98f7e120a2a5370212dffb3385a18d4f38859ed311d0a9d5141ce9cc5c66ee689b266a8aa18ace8282a0e0db596c90b0a7b87" },
  /* RFC 7693 appendices A and B ("abc"); empty from the BLAKE2 reference KATs */
  { FW_ALGORITHM_BLAKE2B,
    "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce",
    "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
    NULL },
  { FW_ALGORITHM_BLAKE2S, "69217a3079908094e11121d042354a7c1f55b6482ca1a51e1b250dfd1ed0eef9",
    "508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982", NULL },
  /* BLAKE3: empty from its published test vectors, "abc" from b3sum 1.2
   * (tests/test-blake3.c checks every published vector) */
  { FW_ALGORITHM_BLAKE3, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
    "6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85", NULL },
  /* CRC-32/ISO-HDLC: empty is 0; "abc" from the CRC catalogue's check set */
  { FW_ALGORITHM_CRC32, "00000000", "352441c2", NULL },
};

static void
test_names (void)
{
  static const struct { FwAlgorithm a; const char *name, *tag; gsize length; } table[] = {
    { FW_ALGORITHM_MD5, "md5", "MD5", 16 },
    { FW_ALGORITHM_SHA1, "sha1", "SHA1", 20 },
    { FW_ALGORITHM_SHA224, "sha224", "SHA224", 28 },
    { FW_ALGORITHM_SHA256, "sha256", "SHA256", 32 },
    { FW_ALGORITHM_SHA384, "sha384", "SHA384", 48 },
    { FW_ALGORITHM_SHA512, "sha512", "SHA512", 64 },
    { FW_ALGORITHM_SHA3_256, "sha3-256", "SHA3-256", 32 },
    { FW_ALGORITHM_SHA3_512, "sha3-512", "SHA3-512", 64 },
    { FW_ALGORITHM_BLAKE2B, "blake2b", "BLAKE2b", 64 },
    { FW_ALGORITHM_BLAKE2S, "blake2s", "BLAKE2s", 32 },
    { FW_ALGORITHM_BLAKE3, "blake3", "BLAKE3", 32 },
    { FW_ALGORITHM_XXH64, "xxh64", "XXH64", 8 },
    { FW_ALGORITHM_XXH3, "xxh3", "XXH3", 8 },
    { FW_ALGORITHM_XXH128, "xxh128", "XXH128", 16 },
    { FW_ALGORITHM_CRC32, "crc32", "CRC32", 4 },
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (table) == FW_N_ALGORITHMS);
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_assert_cmpstr (fw_algorithm_get_name (table[i].a), ==, table[i].name);
      g_assert_cmpstr (fw_algorithm_get_tag (table[i].a), ==, table[i].tag);
      g_assert_cmpuint (fw_algorithm_get_length (table[i].a), ==, table[i].length);
      g_assert_cmpint (fw_algorithm_from_name (table[i].name), ==, table[i].a);
      g_assert_cmpint (fw_algorithm_from_tag (table[i].tag), ==, table[i].a);
    }
  g_assert_cmpint (fw_algorithm_from_name ("sha257"), ==, FW_ALGORITHM_INVALID);
  /* The window's names are the standard ones; the tags stay coreutils'. */
  g_assert_cmpstr (fw_algorithm_get_display_name (FW_ALGORITHM_SHA1), ==, "SHA-1");
  g_assert_cmpstr (fw_algorithm_get_display_name (FW_ALGORITHM_SHA256), ==, "SHA-256");
  g_assert_cmpstr (fw_algorithm_get_display_name (FW_ALGORITHM_SHA512), ==, "SHA-512");
  g_assert_cmpstr (fw_algorithm_get_display_name (FW_ALGORITHM_SHA3_256), ==, "SHA3-256");
  g_assert_cmpstr (fw_algorithm_get_display_name (FW_ALGORITHM_BLAKE2B), ==, "BLAKE2b");
  g_assert_cmpstr (fw_algorithm_get_display_name (FW_ALGORITHM_BLAKE3), ==, "BLAKE3");
  g_assert_cmpstr (fw_algorithm_get_display_name (FW_ALGORITHM_XXH3), ==, "XXH3");
  g_assert_cmpstr (fw_algorithm_get_display_name (FW_ALGORITHM_CRC32), ==, "CRC32");
  for (guint i = 0; i < FW_N_ALGORITHMS; i++)
    g_assert_nonnull (fw_algorithm_get_display_name ((FwAlgorithm) i));
  g_assert_cmpint (fw_algorithm_from_tag ("BLAKE2b-256"), ==, FW_ALGORITHM_INVALID);
  g_assert_cmpuint (fw_algorithm_set_count (ALL), ==, FW_N_ALGORITHMS);
  g_assert_cmpint (fw_algorithm_set_first (FW_ALGORITHM_BIT (FW_ALGORITHM_XXH3) |
                                           FW_ALGORITHM_BIT (FW_ALGORITHM_CRC32)), ==, FW_ALGORITHM_XXH3);
}

static FwAlgorithmSet
vector_set (void)
{
  FwAlgorithmSet set = 0;

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    set |= FW_ALGORITHM_BIT (vectors[i].algorithm);
  return set;
}

static void
check_vectors (FwDigestResult *r, int which)
{
  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      const char *want = which == 0 ? vectors[i].empty : which == 1 ? vectors[i].abc : vectors[i].million_a;
      if (want == NULL)
        continue;
      g_test_message ("%s", fw_algorithm_get_name (vectors[i].algorithm));
      g_assert_cmpstr (r->hex[vectors[i].algorithm], ==, want);
    }
}

static void
test_vectors_data (void)
{
  g_autofree char *million = g_malloc (1000000);
  g_autoptr(FwDigestResult) empty = NULL, abc = NULL, m = NULL;

  memset (million, 'a', 1000000);
  empty = fw_digest_data ("", 0, vector_set ());
  abc = fw_digest_data ("abc", 3, vector_set ());
  m = fw_digest_data (million, 1000000, vector_set ());
  check_vectors (empty, 0);
  check_vectors (abc, 1);
  check_vectors (m, 2);
  g_assert_cmpuint (m->size, ==, 1000000);
}

/* All algorithms from one read of each file, small buffers so the million
 * "a" takes many reads, with and without a pool (the parallel path). */
static void
test_vectors_files (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autofree char *million = g_malloc (1000000);
  const char *contents[3] = { "", "abc", million };
  gsize lengths[3] = { 0, 3, 1000000 };
  g_autoptr(FwPool) pool = fw_pool_new (2);

  memset (million, 'a', 1000000);
  for (int which = 0; which < 3; which++)
    {
      g_autofree char *path = g_strdup_printf ("%s/v%d", dir, which);
      fw_test_write (path, contents[which], lengths[which]);

      for (int use_pool = 0; use_pool < 2; use_pool++)
        for (gsize bs = 4096; bs <= 65536; bs *= 16)
          {
            g_autoptr(GError) error = NULL;
            guint64 done = 0;
            g_autoptr(FwDigestResult) r =
              fw_digest_path (path, vector_set (), bs, use_pool ? pool : NULL, NULL, &done, &error);
            g_assert_no_error (error);
            check_vectors (r, which);
            g_assert_cmpuint (r->size, ==, lengths[which]);
            g_assert_cmpuint (done, ==, lengths[which]);
            g_assert_cmpuint (r->algorithms, ==, vector_set ());
          }
    }
  fw_test_rmtree (dir);
}

/* xxHash's own sanity check (cli/xsum_sanity_check.c): a generated buffer,
 * seed 0. */
#define PRIME32 2654435761u
#define PRIME64 11400714785074694797ull
#define SANITY_SIZE 2367

static guchar *
sanity_buffer (void)
{
  guchar *buffer = g_malloc (SANITY_SIZE);
  guint64 gen = PRIME32;

  for (gsize i = 0; i < SANITY_SIZE; i++)
    {
      buffer[i] = (guchar) (gen >> 56);
      gen *= PRIME64;
    }
  return buffer;
}

typedef struct { gsize length; const char *hex; } Sanity;

static const Sanity xxh64_sanity[] = {
  { 0, "ef46db3751d8e999" }, { 1, "e934a84adb052768" }, { 4, "9136a0dca57457ee" },
  { 14, "8282dcc4994e35c8" }, { 222, "b641ae8cb691c174" },
};
static const Sanity xxh3_sanity[] = {
  { 0, "2d06800538d394c2" }, { 1, "c44bdff4074eecdb" }, { 6, "27b56a84cd2d7325" },
  { 12, "a713daf0dfbb77e7" }, { 24, "a3fe70bf9d3510eb" }, { 48, "397da259ecba1f11" },
  { 80, "bcdefbbb2c47c90a" }, { 195, "cd94217ee362ec3a" }, { 403, "cdeb804d65c6dea4" },
  { 512, "617e49599013cb6b" }, { 2048, "dd59e2c3a5f038e0" }, { 2099, "c6b9d9b3fc9ac765" },
  { 2240, "6e73a90539cf2948" }, { 2367, "cb37aeb9e5d361ed" },
};
/* XXH128: canonical form is high64 then low64. */
static const Sanity xxh128_sanity[] = {
  { 0, "99aa06d3014798d86001c324468d497f" }, { 1, "a6cd5e9392000f6ac44bdff4074eecdb" },
  { 6, "082afe0b8162d12a3e7039bdda43cfc6" }, { 12, "6e3efd8fc7802b18061a192713f69ad9" },
  { 24, "0ce966e4678d37611e7044d28b1b901d" }, { 48, "a002ac4e5478227ef942219aed80f67b" },
  { 81, "4952f58181ab00425e8bafb9f95fb803" }, { 222, "337e09641b948717f1aebd597cec6b3a" },
  { 403, "1b6de21e332dd73dcdeb804d65c6dea4" }, { 512, "18d2d110dcc9bca1617e49599013cb6b" },
  { 2048, "f736557fd47073a5dd59e2c3a5f038e0" }, { 2240, "ccb134fbfa7ce49d6e73a90539cf2948" },
  { 2367, "e89c0f6ff369b427cb37aeb9e5d361ed" },
};

static void
check_sanity (const guchar     *buffer,
              const char       *dir,
              FwPool           *pool,
              FwAlgorithm       algorithm,
              const Sanity     *table,
              gsize             n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(FwDigestResult) mem = fw_digest_data (buffer, table[i].length, FW_ALGORITHM_BIT (algorithm));
      g_autofree char *path = g_strdup_printf ("%s/s%zu", dir, table[i].length);
      g_autoptr(GError) error = NULL;
      g_autoptr(FwDigestResult) file = NULL;

      g_test_message ("%s length %zu", fw_algorithm_get_name (algorithm), table[i].length);
      g_assert_cmpstr (mem->hex[algorithm], ==, table[i].hex);
      fw_test_write (path, buffer, table[i].length);
      /* 64-byte reads: the streaming state crosses many update calls. */
      file = fw_digest_path (path, FW_ALGORITHM_BIT (algorithm) | FW_ALGORITHM_BIT (FW_ALGORITHM_MD5),
                             64, pool, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (file->hex[algorithm], ==, table[i].hex);
    }
}

static void
test_xxhash_sanity (void)
{
  g_autofree guchar *buffer = sanity_buffer ();
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autoptr(FwPool) pool = fw_pool_new (2);

  check_sanity (buffer, dir, pool, FW_ALGORITHM_XXH64, xxh64_sanity, G_N_ELEMENTS (xxh64_sanity));
  /* XXH3 and XXH128 both through libxxhash and, where the CPU has it,
   * through the AVX2 build. */
  for (int simd = 0; simd < 2; simd++)
    {
      gboolean on = fw_digest_set_simd (simd);
      g_test_message ("AVX2 %s", on ? "on" : "off");
      check_sanity (buffer, dir, pool, FW_ALGORITHM_XXH3, xxh3_sanity, G_N_ELEMENTS (xxh3_sanity));
      check_sanity (buffer, dir, NULL, FW_ALGORITHM_XXH128, xxh128_sanity, G_N_ELEMENTS (xxh128_sanity));
    }
  fw_test_rmtree (dir);
}

/* Buffer boundaries, against independent tools --------------------------- */

/* The digest of @path by a tool that is not the code under test. */
static char *
tool_digest (FwAlgorithm  algorithm,
             const char  *path)
{
  const char *coreutils[] = {
    [FW_ALGORITHM_MD5] = "md5sum", [FW_ALGORITHM_SHA1] = "sha1sum",
    [FW_ALGORITHM_SHA224] = "sha224sum", [FW_ALGORITHM_SHA256] = "sha256sum",
    [FW_ALGORITHM_SHA384] = "sha384sum", [FW_ALGORITHM_SHA512] = "sha512sum",
    [FW_ALGORITHM_BLAKE2B] = "b2sum", [FW_ALGORITHM_BLAKE3] = "b3sum",
  };
  const char *rhash_names[] = {
    [FW_ALGORITHM_SHA3_256] = "sha3-256", [FW_ALGORITHM_SHA3_512] = "sha3-512",
    [FW_ALGORITHM_BLAKE2S] = "blake2s", [FW_ALGORITHM_CRC32] = "crc32",
  };
  const char *argv[6] = { NULL };
  g_autofree char *printf_arg = NULL;
  char *out, *result;
  gsize skip = 0;
  int status = -1;

  if ((guint) algorithm < G_N_ELEMENTS (coreutils) && coreutils[algorithm] != NULL)
    {
      argv[0] = coreutils[algorithm];
      argv[1] = "--";
      argv[2] = path;
    }
  else if (algorithm == FW_ALGORITHM_XXH64 || algorithm == FW_ALGORITHM_XXH3 ||
           algorithm == FW_ALGORITHM_XXH128)
    {
      argv[0] = "xxhsum";
      argv[1] = algorithm == FW_ALGORITHM_XXH64 ? "-H1" : algorithm == FW_ALGORITHM_XXH3 ? "-H3" : "-H2";
      argv[2] = "--";
      argv[3] = path;
    }
  else
    {
      printf_arg = g_strdup_printf ("%%{%s}\\n", rhash_names[algorithm]);
      argv[0] = "rhash";
      argv[1] = "--printf";
      argv[2] = printf_arg;
      argv[3] = "--";
      argv[4] = path;
    }
  out = fw_test_run (NULL, argv, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  /* "HEX  NAME", "HEX", or for XXH3 "XXH3 (NAME) = HEX" (xxhsum 0.8.1)
   * or "XXH3_HEX  NAME" (xxhsum 0.8.3) */
  if (g_str_has_prefix (out, "XXH3_"))
    skip = strlen ("XXH3_");
  else if (g_str_has_prefix (out, "XXH"))
    {
      g_assert_nonnull (strstr (out, ") = "));
      skip = (gsize) (strstr (out, ") = ") - out) + 4;
    }
  result = g_ascii_strdown (out + skip, (gssize) strcspn (out + skip, " \n"));
  g_free (out);
  return result;
}

static void
test_boundaries (void)
{
  const gsize bs = 4096;
  const gsize sizes[] = { 0, 1, bs - 1, bs, bs + 1, 3 * bs + 7 };
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autoptr(FwPool) pool = fw_pool_new (2);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autofree char *path = g_strdup_printf ("%s/size-%zu", dir, sizes[s]);
      g_autofree guchar *data = fw_test_pattern (sizes[s], s);
      g_autoptr(FwDigestResult) serial = NULL, parallel = NULL;
      g_autoptr(GError) error = NULL;

      fw_test_write (path, data, sizes[s]);
      serial = fw_digest_path (path, ALL, bs, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      parallel = fw_digest_path (path, ALL, bs, pool, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (serial->size, ==, sizes[s]);
      g_assert_cmpuint (parallel->size, ==, sizes[s]);

      for (guint a = 0; a < FW_N_ALGORITHMS; a++)
        {
          g_autofree char *want = tool_digest ((FwAlgorithm) a, path);
          g_test_message ("size %zu %s", sizes[s], fw_algorithm_get_name (a));
          g_assert_cmpstr (serial->hex[a], ==, want);
          g_assert_cmpstr (parallel->hex[a], ==, want);
        }
    }
  fw_test_rmtree (dir);
}

/* Errors ------------------------------------------------------------------- */

static void
test_missing_and_directory (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autofree char *missing = g_build_filename (dir, "nope", NULL);
  g_autoptr(GError) error = NULL;
  FwDigestResult *r;

  r = fw_digest_path (missing, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256), 0, NULL, NULL, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, missing));
  g_clear_error (&error);

  r = fw_digest_path (dir, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256), 0, NULL, NULL, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_cmpstr (strstr (error->message, ": "), ==, ": Is a directory");
  fw_test_rmtree (dir);
}

/* Walked files must be regular: a FIFO is refused without blocking (there
 * is no writer: a plain open would block forever), a symlink not followed. */
static void
test_regular_only (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autofree char *target = g_build_filename (dir, "target", NULL);
  g_autofree char *link = g_build_filename (dir, "link", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FwDigestResult) ok = NULL;
  FwDigestResult *r;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  fw_test_write (target, "abc", 3);
  g_assert_cmpint (symlink ("target", link), ==, 0);

  r = fw_digest_path_full (fifo, FW_ALGORITHM_BIT (FW_ALGORITHM_MD5), 0, FW_DIGEST_REGULAR_ONLY,
                           NULL, NULL, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, FW_ENGINE_ERROR, FW_ENGINE_ERROR_SKIPPED);
  g_clear_error (&error);

  r = fw_digest_path_full (link, FW_ALGORITHM_BIT (FW_ALGORITHM_MD5), 0, FW_DIGEST_REGULAR_ONLY,
                           NULL, NULL, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS);
  g_clear_error (&error);

  /* Named explicitly, the link is followed. */
  ok = fw_digest_path (link, FW_ALGORITHM_BIT (FW_ALGORITHM_MD5), 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ok->hex[FW_ALGORITHM_MD5], ==, "900150983cd24fb0d6963f7d28e17f72");
  fw_test_rmtree (dir);
}

/* The seam: a virtual input of @virtual_size bytes on a fake descriptor. */
#define FAKE_FD 1000

typedef struct {
  guint64       virtual_size;
  guint64       offset;
  guint         reads;
  guint         fail_at_read;       /* 0: never */
  guint         cancel_at_read;     /* 0: never */
  GCancellable *cancellable;
  guint64       bytes_after_cancel;
  guint         reads_after_cancel;
  gboolean      cancelled;
  GMutex        lock;
} Fake;

static gssize
fake_read (int fd, void *buffer, gsize count, gpointer user_data)
{
  Fake *fake = user_data;
  gsize n;

  if (fd != FAKE_FD)
    return read (fd, buffer, count);

  g_mutex_lock (&fake->lock);
  fake->reads++;
  if (fake->fail_at_read != 0 && fake->reads == fake->fail_at_read)
    {
      g_mutex_unlock (&fake->lock);
      errno = EIO;
      return -1;
    }
  n = (gsize) MIN ((guint64) count, fake->virtual_size - fake->offset);
  memset (buffer, 'x', n);
  fake->offset += n;
  if (fake->cancelled)
    {
      fake->reads_after_cancel++;
      fake->bytes_after_cancel += n;
    }
  if (fake->cancel_at_read != 0 && fake->reads == fake->cancel_at_read)
    {
      fake->cancelled = TRUE;
      g_cancellable_cancel (fake->cancellable);
    }
  g_mutex_unlock (&fake->lock);
  return (gssize) n;
}

static int
fake_fstat (int fd, struct stat *st, gpointer user_data)
{
  Fake *fake = user_data;

  if (fd != FAKE_FD)
    return fstat (fd, st);
  memset (st, 0, sizeof *st);
  st->st_mode = S_IFREG | 0644;
  st->st_size = (off_t) fake->virtual_size;
  return 0;
}

static void
test_read_error (void)
{
  Fake fake = { .virtual_size = 1 << 20, .fail_at_read = 3 };
  FwDigestIoHooks hooks = { .read = fake_read, .fstat = fake_fstat, .user_data = &fake };
  g_autoptr(FwPool) pool = fw_pool_new (2);

  g_mutex_init (&fake.lock);
  fw_digest_set_io_hooks (&hooks);
  for (int use_pool = 0; use_pool < 2; use_pool++)
    {
      g_autoptr(GError) error = NULL;
      FwDigestResult *r;

      fake.reads = 0;
      fake.offset = 0;
      r = fw_digest_fd (FAKE_FD, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) | FW_ALGORITHM_BIT (FW_ALGORITHM_MD5),
                        4096, use_pool ? pool : NULL, NULL, NULL, &error);
      g_assert_null (r);
      g_assert_error (error, G_IO_ERROR, (int) g_io_error_from_errno (EIO));
      g_assert_cmpuint (fake.reads, ==, 3);   /* stopped at the failure */
    }
  fw_digest_set_io_hooks (NULL);
  g_mutex_clear (&fake.lock);
}

/* Cancel in the middle of a 10 GB input: no more than one buffer is read
 * after the cancel. Counted in bytes, no clock. */
static void
test_cancel (void)
{
  const gsize bs = 64 * 1024;
  g_autoptr(FwPool) pool = fw_pool_new (2);

  for (int use_pool = 0; use_pool < 2; use_pool++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      Fake fake = { .virtual_size = G_GUINT64_CONSTANT (10) << 30, .cancel_at_read = 5,
                    .cancellable = cancellable };
      FwDigestIoHooks hooks = { .read = fake_read, .fstat = fake_fstat, .user_data = &fake };
      g_autoptr(GError) error = NULL;
      guint64 done = 0;
      FwDigestResult *r;

      g_mutex_init (&fake.lock);
      fw_digest_set_io_hooks (&hooks);
      r = fw_digest_fd (FAKE_FD, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) | FW_ALGORITHM_BIT (FW_ALGORITHM_XXH3),
                        bs, use_pool ? pool : NULL, cancellable, &done, &error);
      fw_digest_set_io_hooks (NULL);
      g_assert_null (r);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_true (fake.cancelled);
      g_assert_cmpuint (fake.bytes_after_cancel, <=, bs);
      g_assert_cmpuint (fake.reads_after_cancel, <=, 1);
      g_assert_cmpuint (done, <=, 6 * bs);
      g_mutex_clear (&fake.lock);
    }
}

/* fw_digest_fd() reads from the descriptor's current offset, and leaves
 * it open. */
static void
test_fd_offset (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "f", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FwDigestResult) r = NULL;
  int fd;

  fw_test_write (path, "xxabc", 5);
  fd = open (path, O_RDONLY);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (lseek (fd, 2, SEEK_SET), ==, 2);
  r = fw_digest_fd (fd, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256), 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r->hex[FW_ALGORITHM_SHA256], ==,
                   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_assert_cmpuint (r->size, ==, 3);
  g_assert_cmpint (fcntl (fd, F_GETFD), >=, 0);
  close (fd);
  fw_test_rmtree (dir);
}

/* A cancellable already cancelled: not a single read. */
static void
test_cancel_before (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Fake fake = { .virtual_size = 1 << 20 };
  FwDigestIoHooks hooks = { .read = fake_read, .fstat = fake_fstat, .user_data = &fake };
  g_autoptr(GError) error = NULL;

  g_mutex_init (&fake.lock);
  g_cancellable_cancel (cancellable);
  fw_digest_set_io_hooks (&hooks);
  g_assert_null (fw_digest_fd (FAKE_FD, FW_ALGORITHM_BIT (FW_ALGORITHM_MD5), 4096, NULL,
                               cancellable, NULL, &error));
  fw_digest_set_io_hooks (NULL);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fake.reads, ==, 0);
  g_mutex_clear (&fake.lock);
}

/* The same thread hashing many inputs in a row reuses its contexts: results
 * stay right after failures and cancels in between. */
static void
test_reuse_after_failure (void)
{
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FwDigestResult) r = NULL;

      g_assert_null (fw_digest_path ("/nonexistent/x", ALL, 0, NULL, NULL, NULL, &error));
      g_clear_error (&error);
      r = fw_digest_data ("abc", 3, ALL);
      check_vectors (r, 1);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/digest/names", test_names);
  g_test_add_func ("/digest/vectors/data", test_vectors_data);
  g_test_add_func ("/digest/vectors/files", test_vectors_files);
  g_test_add_func ("/digest/xxhash-sanity", test_xxhash_sanity);
  g_test_add_func ("/digest/boundaries", test_boundaries);
  g_test_add_func ("/digest/missing-and-directory", test_missing_and_directory);
  g_test_add_func ("/digest/regular-only", test_regular_only);
  g_test_add_func ("/digest/read-error", test_read_error);
  g_test_add_func ("/digest/cancel", test_cancel);
  g_test_add_func ("/digest/cancel-before", test_cancel_before);
  g_test_add_func ("/digest/fd-offset", test_fd_offset);
  g_test_add_func ("/digest/reuse-after-failure", test_reuse_after_failure);

  return g_test_run ();
}
