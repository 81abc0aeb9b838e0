/* test-blake3.c — BLAKE3 against its published vectors and b3sum, each
 * kernel against the portable one, subtrees pushed against one update
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-blake3-private.h"
#include "fw-digest.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fw-digest-lane-private.h"
#include "fw-digest-private.h"
#include "fw-pool.h"
#include "fw-test-util.h"

static char *
to_hex (const guint8 *bytes,
        gsize         length)
{
  GString *s = g_string_sized_new (length * 2 + 1);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (s, "%02x", bytes[i]);
  return g_string_free (s, FALSE);
}

/* The hash of @data fed in pieces of @step bytes (0: all at once). */
static char *
blake3_hex (const guint8 *data,
            gsize         length,
            gsize         step,
            gsize         out_len)
{
  FwBlake3 hasher;
  g_autofree guint8 *out = g_malloc (out_len + 1);

  fw_blake3_init (&hasher);
  if (step == 0)
    fw_blake3_update (&hasher, data, length);
  else
    for (gsize done = 0; done < length; done += MIN (step, length - done))
      fw_blake3_update (&hasher, data + done, MIN (step, length - done));
  fw_blake3_finalize (&hasher, out, out_len);
  return to_hex (out, out_len);
}

static guint8 *
vector_input (gsize length)
{
  guint8 *data = g_malloc (length + 1);

  for (gsize i = 0; i < length; i++)
    data[i] = (guint8) (i % 251);
  return data;
}

/* Skips a test whose kernel cannot run here, saying why. generic16 runs
 * on every CPU: wherever meson builds it (GCC or clang, little-endian)
 * it must be there, so its absence fails rather than skips. */
static void
skip_kernel (FwBlake3Simd simd)
{
  g_autofree char *why = NULL;

#if (defined(__GNUC__) || defined(__clang__)) && G_BYTE_ORDER == G_LITTLE_ENDIAN
  g_assert_cmpint (simd, !=, FW_BLAKE3_SIMD_X16_GENERIC);
#endif
#if defined(__x86_64__)
  __builtin_cpu_init ();
  if (simd == FW_BLAKE3_SIMD_AVX512 &&
      (!__builtin_cpu_supports ("avx512f") || !__builtin_cpu_supports ("avx512vl")))
    why = g_strdup ("CPU has no AVX-512F/VL");
#endif
  if (why == NULL)
    why = g_strdup_printf ("this CPU or build cannot run the %s kernel",
                           fw_blake3_simd_name (simd));
  g_test_skip (why);
}

/* Every vector's hash column, default and extended output, fed whole and
 * in pieces that cut blocks and chunks anywhere, with the kernel @data. */
static void
test_vectors (gconstpointer data)
{
  FwBlake3Simd simd = GPOINTER_TO_INT (data);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "blake3-vectors.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  static const gsize steps[] = { 0, 1, 7, 63, 64, 65, 1000, 1024, 4097 };
  guint n_vectors = 0;

  if (!fw_blake3_set_simd (simd))
    {
      skip_kernel (simd);
      return;
    }

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_autofree guint8 *input = NULL;
      g_autofree char *short_hex = NULL;
      gsize length;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], " ", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 2);
      length = (gsize) g_ascii_strtoull (fields[0], NULL, 10);
      input = vector_input (length);

      for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
        {
          g_autofree char *hex = NULL;

          if (steps[s] == 1 && length > 8192)
            continue;
          hex = blake3_hex (input, length, steps[s], strlen (fields[1]) / 2);
          g_assert_cmpstr (hex, ==, fields[1]);
        }
      short_hex = blake3_hex (input, length, 0, 32);
      g_assert_true (strncmp (short_hex, fields[1], 64) == 0);
      n_vectors++;
    }
  g_assert_cmpuint (n_vectors, ==, 22);
  fw_blake3_set_simd (FW_BLAKE3_SIMD_PORTABLE);
}

/* 0, 1, 63, 64, 65, 1023, 1024, 1025, 2048, and 2^n - 1, 2^n, 2^n + 1
 * up to 2^@max_log2. */
static GArray *
boundary_lengths_to (guint max_log2)
{
  GArray *lengths = g_array_new (FALSE, FALSE, sizeof (gsize));
  static const gsize fixed[] = { 0, 1, 63, 64, 65, 1023, 1024, 1025, 2048 };

  g_array_append_vals (lengths, fixed, G_N_ELEMENTS (fixed));
  for (guint n = 1; n <= max_log2; n++)
    {
      gsize around[] = { ((gsize) 1 << n) - 1, (gsize) 1 << n, ((gsize) 1 << n) + 1 };
      g_array_append_vals (lengths, around, 3);
    }
  return lengths;
}

static GArray *
boundary_lengths (void)
{
  return boundary_lengths_to (24);
}

#define MAX_LENGTH (((gsize) 1 << 24) + 1)

/* Each length's prefix of one file, through b3sum and through the
 * engine (fw_digest_data(), so the algorithm table and the lane too). */
static void
test_b3sum_lengths (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "input", NULL);
  g_autofree guchar *data = fw_test_pattern (MAX_LENGTH, 21);
  g_autoptr(GArray) lengths = boundary_lengths ();

  fw_test_write (path, data, MAX_LENGTH);
  for (guint i = 0; i < lengths->len; i++)
    {
      gsize length = g_array_index (lengths, gsize, i);
      g_autofree char *script = g_strdup_printf ("head -c %" G_GSIZE_FORMAT " input | b3sum --no-names", length);
      const char *argv[] = { "sh", "-c", script, NULL };
      int status = -1;
      g_autofree char *out = fw_test_run (dir, argv, &status, NULL);
      g_autoptr(FwDigestResult) result = fw_digest_data (data, length, FW_ALGORITHM_BIT (FW_ALGORITHM_BLAKE3));

      g_assert_cmpint (status, ==, 0);
      g_strchomp (out);
      g_assert_cmpuint (strlen (out), ==, 64);
      g_assert_cmpstr (result->hex[FW_ALGORITHM_BLAKE3], ==, out);
    }
  fw_test_rmtree (dir);
}

/* Lengths up to 2^20 + 1 for the 16-lane kernels: past the 128 chunks
 * one kernel call takes (fw_blake3_subtree_cv()'s BATCH), so subtrees
 * split in halves are covered, and the generic16 kernel, which runs on
 * every machine and is slow under the sanitizers, stays cheap. The
 * lengths above that exercise the same code around the kernel. */
#define X16_MAX_LOG2 20

/* Each SIMD kernel gives what the portable one gives, at every length
 * above, fed whole and in odd pieces. */
static void
test_kernel (gconstpointer user_data)
{
  FwBlake3Simd simd = GPOINTER_TO_INT (user_data);
  gboolean x16 = simd == FW_BLAKE3_SIMD_AVX512 || simd == FW_BLAKE3_SIMD_X16_GENERIC;
  g_autofree guchar *data = fw_test_pattern (MAX_LENGTH, 7);
  g_autoptr(GArray) lengths = x16 ? boundary_lengths_to (X16_MAX_LOG2) : boundary_lengths ();

  if (!fw_blake3_set_simd (simd))
    {
      skip_kernel (simd);
      return;
    }
  for (guint i = 0; i < lengths->len; i++)
    {
      gsize length = g_array_index (lengths, gsize, i);
      g_autofree char *expected = NULL;
      g_autofree char *whole = NULL;
      g_autofree char *pieces = NULL;

      g_assert_true (fw_blake3_set_simd (FW_BLAKE3_SIMD_PORTABLE));
      expected = blake3_hex (data, length, 0, 100);
      g_assert_true (fw_blake3_set_simd (simd));
      g_assert_cmpint (fw_blake3_get_simd (), ==, simd);
      whole = blake3_hex (data, length, 0, 100);
      pieces = blake3_hex (data, length, 3 * 1024 + 5, 100);
      g_assert_cmpstr (whole, ==, expected);
      g_assert_cmpstr (pieces, ==, expected);
    }
  fw_blake3_set_simd (FW_BLAKE3_SIMD_PORTABLE);
}

/* A kernel reads nothing past its inputs: the AVX2 kernel prefetches
 * each input's next block, past the end of the last one too, which must
 * stay harmless when a mapping ends there. 16 chunks end right before a
 * page that may not be read; each kernel's subtree CV of them, and the
 * hash of an update that ends there, match the portable kernel's. */
static void
test_kernel_page_end (gconstpointer user_data)
{
  FwBlake3Simd simd = GPOINTER_TO_INT (user_data);
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  gsize length = 16 * FW_BLAKE3_CHUNK_LEN;
  gsize data_pages = (length + page - 1) / page;
  g_autofree guchar *pattern = fw_test_pattern (length, 11);
  guint8 expected_cv[FW_BLAKE3_OUT_LEN], cv[FW_BLAKE3_OUT_LEN];
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  FwBlake3 hasher;
  guchar *map, *data;

  if (!fw_blake3_set_simd (simd))
    {
      skip_kernel (simd);
      return;
    }
  map = mmap (NULL, (data_pages + 1) * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  g_assert_true (map != MAP_FAILED);
  g_assert_cmpint (mprotect (map + data_pages * page, page, PROT_NONE), ==, 0);
  data = map + data_pages * page - length;
  memcpy (data, pattern, length);

  fw_blake3_init (&hasher);
  g_assert_true (fw_blake3_set_simd (FW_BLAKE3_SIMD_PORTABLE));
  fw_blake3_subtree_cv (&hasher, pattern, 16, 0, expected_cv);
  expected = blake3_hex (pattern, length, 0, 32);
  g_assert_true (fw_blake3_set_simd (simd));
  fw_blake3_subtree_cv (&hasher, data, 16, 0, cv);
  got = blake3_hex (data, length, 0, 32);
  g_assert_cmpmem (cv, sizeof cv, expected_cv, sizeof expected_cv);
  g_assert_cmpstr (got, ==, expected);

  munmap (map, (data_pages + 1) * page);
  fw_blake3_set_simd (FW_BLAKE3_SIMD_PORTABLE);
}

/* Each kernel called alone, as fw-blake3.c calls it: whole groups of its
 * width (and only those) done, each input's value what the portable
 * compression gives, for chunks whose counters cross 2^32 inside a group
 * (the carry into each lane's high word), for parents, for a key that is
 * not the IV, and for 1, 2 and 16 blocks. */
static void
test_hash_many (gconstpointer user_data)
{
  FwBlake3Simd simd = GPOINTER_TO_INT (user_data);
  enum { MAX_INPUTS = 2 * 16 + 7 };
  static const gsize block_counts[] = { 1, 2, 16 };
  const guint64 counter = G_GUINT64_CONSTANT (0xFFFFFFFF) - 5;
  g_autofree guchar *data = fw_test_pattern (MAX_INPUTS * FW_BLAKE3_CHUNK_LEN, 17);
  const guint8 *inputs[MAX_INPUTS];
  guint8 got[MAX_INPUTS * FW_BLAKE3_OUT_LEN], want[FW_BLAKE3_OUT_LEN];
  guint32 key[8];
  gsize width;

  switch (simd)
    {
    case FW_BLAKE3_SIMD_SSE41: width = 4; break;
    case FW_BLAKE3_SIMD_AVX2: width = 8; break;
    default: width = 16; break;
    }
  if (!fw_blake3_set_simd (simd))
    {
      skip_kernel (simd);
      return;
    }
  fw_blake3_set_simd (FW_BLAKE3_SIMD_PORTABLE);
  for (guint i = 0; i < 8; i++)
    key[i] = fw_blake3_iv[i] ^ (0x01010101u * (i + 1));
  for (gsize i = 0; i < MAX_INPUTS; i++)
    inputs[i] = data + i * FW_BLAKE3_CHUNK_LEN;

  for (guint b = 0; b < G_N_ELEMENTS (block_counts); b++)
    for (guint parents = 0; parents < 2; parents++)
      for (gsize n = 0; n <= MAX_INPUTS; n++)
        {
          gsize n_blocks = parents ? 1 : block_counts[b];
          guint8 flags = parents ? FW_BLAKE3_PARENT : 0;
          guint8 flags_start = parents ? 0 : FW_BLAKE3_CHUNK_START;
          guint8 flags_end = parents ? 0 : FW_BLAKE3_CHUNK_END;
          guint64 start = parents ? 0 : counter;
          gsize done;

          memset (got, 0xAA, sizeof got);
          done = fw_blake3_hash_many_kernel (simd, inputs, n, n_blocks, key, start, !parents,
                                             flags, flags_start, flags_end, got);
          g_assert_cmpuint (done, ==, n - n % width);
          for (gsize i = 0; i < done; i++)
            {
              fw_blake3_hash_many_kernel (FW_BLAKE3_SIMD_PORTABLE, inputs + i, 1, n_blocks, key,
                                          start + (parents ? 0 : i), FALSE,
                                          flags, flags_start, flags_end, want);
              g_assert_cmpmem (got + i * FW_BLAKE3_OUT_LEN, FW_BLAKE3_OUT_LEN, want, sizeof want);
            }
          /* Nothing written past what it did. */
          for (gsize i = done * FW_BLAKE3_OUT_LEN; i < sizeof got; i++)
            g_assert_cmpuint (got[i], ==, 0xAA);
        }
}

/* Subtrees computed apart and pushed, as the multi-worker reader does,
 * give the hash of one update; so does ending on a pushed subtree. */
static void
test_subtrees (void)
{
  g_autofree guchar *data = fw_test_pattern (MAX_LENGTH, 3);
  static const gsize lengths[] = { 2048, 3000, 4096, 65536, 65537, 1 << 20, (1 << 20) + 1000, 3 << 20, MAX_LENGTH };
  static const gsize pieces[] = { 1024, 4096, 65536, 1 << 19 };

  for (guint l = 0; l < G_N_ELEMENTS (lengths); l++)
    for (guint p = 0; p < G_N_ELEMENTS (pieces); p++)
      {
        gsize length = lengths[l];
        g_autofree char *expected = blake3_hex (data, length, 0, 40);
        g_autofree char *got = NULL;
        FwBlake3 hasher;
        guint8 out[40];
        gsize done = 0;
        guint pushed = 0;

        fw_blake3_init (&hasher);
        /* Whole pieces while at least two are left or something follows. */
        while (length - done >= pieces[p] &&
               (done > 0 || length - done >= 2 * pieces[p]))
          {
            guint64 counter = fw_blake3_chunk_counter (&hasher);
            guint64 n = fw_blake3_subtree_chunks (counter, pieces[p]);
            guint8 cv[FW_BLAKE3_OUT_LEN];

            g_assert_true (fw_blake3_at_chunk_boundary (&hasher));
            g_assert_cmpuint (n * FW_BLAKE3_CHUNK_LEN, ==, pieces[p]);
            fw_blake3_subtree_cv (&hasher, data + done, n, counter, cv);
            fw_blake3_push_subtree (&hasher, cv, n);
            done += pieces[p];
            pushed++;
          }
        fw_blake3_update (&hasher, data + done, length - done);
        fw_blake3_finalize (&hasher, out, sizeof out);
        got = to_hex (out, sizeof out);
        g_assert_cmpstr (got, ==, expected);
        g_assert_cmpuint (pushed, >=, length >= 2 * pieces[p] ? 2 : 0);
      }
}

/* One file on several workers (subtrees of each buffer on the pool's
 * group, with another algorithm's bin beside them) gives what one worker
 * gives, and what b3sum gives, around chunk and buffer boundaries. */
static void
test_workers (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  static const gsize sizes[] = { 0, 1, 1024, 4095, 4096, 4097, 3 * 65536 + 5, (1 << 20) - 1,
                                 1 << 20, (1 << 20) + 1, (5 << 20) + 123 };
  static const gsize buffers[] = { 4096, 65536, 3 * 4096, 1 << 20 };
  static const guint workers[] = { 2, 3, 4 };
  FwPool *pools[G_N_ELEMENTS (workers)];

  for (guint w = 0; w < G_N_ELEMENTS (workers); w++)
    pools[w] = fw_pool_new (workers[w]);
  for (guint map = 0; map < 2; map++)
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autofree char *path = g_strdup_printf ("%s/size-%" G_GSIZE_FORMAT, dir, sizes[s]);
      g_autofree guchar *data = fw_test_pattern (sizes[s], (guint) s);
      const char *argv[] = { "b3sum", "--no-names", path, NULL };
      int status = -1;
      g_autofree char *want = NULL;

      /* Mapped (BLAKE3 alone, over a buffer) and read. */
      fw_digest_set_map (map == 0);
      fw_test_write (path, data, sizes[s]);
      want = fw_test_run (NULL, argv, &status, NULL);
      g_assert_cmpint (status, ==, 0);
      g_strchomp (want);

      for (guint b = 0; b < G_N_ELEMENTS (buffers); b++)
        for (guint with_sha = 0; with_sha < 2; with_sha++)
          {
            FwAlgorithmSet set = FW_ALGORITHM_BIT (FW_ALGORITHM_BLAKE3) |
                                 (with_sha ? FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) : 0);
            g_autoptr(GError) error = NULL;
            g_autoptr(FwDigestResult) serial = fw_digest_path (path, set, buffers[b], NULL, NULL, NULL, &error);

            g_assert_no_error (error);
            g_assert_cmpstr (serial->hex[FW_ALGORITHM_BLAKE3], ==, want);
            for (guint w = 0; w < G_N_ELEMENTS (workers); w++)
              {
                guint64 done = 0;
                g_autoptr(FwDigestResult) parallel =
                  fw_digest_path (path, set, buffers[b], pools[w], NULL, &done, &error);

                g_test_message ("size %" G_GSIZE_FORMAT ", buffer %" G_GSIZE_FORMAT ", %u workers, map %u",
                                sizes[s], buffers[b], workers[w], map == 0);
                g_assert_no_error (error);
                g_assert_cmpstr (parallel->hex[FW_ALGORITHM_BLAKE3], ==, want);
                if (with_sha)
                  g_assert_cmpstr (parallel->hex[FW_ALGORITHM_SHA256], ==, serial->hex[FW_ALGORITHM_SHA256]);
                g_assert_cmpuint (parallel->size, ==, sizes[s]);
                g_assert_cmpuint (done, ==, sizes[s]);
              }
          }
    }
  fw_digest_set_map (TRUE);
  for (guint w = 0; w < G_N_ELEMENTS (workers); w++)
    g_object_unref (pools[w]);
  fw_test_rmtree (dir);
}

/* A mapped file truncated under the reader: touching a page that is gone
 * raises SIGBUS, which the guard turns into FALSE in this thread; an
 * untouched guard returns TRUE. */
typedef struct {
  const volatile guchar *data;
  gsize                  length;
  guint                  sum;
} Touch;

static void
touch_pages (gpointer user_data)
{
  Touch *touch = user_data;

  for (gsize i = 0; i < touch->length; i += 4096)
    touch->sum += touch->data[i];
}

static void
test_map_truncated (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "shrinks", NULL);
  g_autofree guchar *data = fw_test_pattern (4 * 4096, 9);
  Touch touch = { 0 };
  guchar *map;
  int fd;

  fw_test_write (path, data, 4 * 4096);
  fd = open (path, O_RDWR);
  g_assert_cmpint (fd, >=, 0);
  map = mmap (NULL, 4 * 4096, PROT_READ, MAP_SHARED, fd, 0);
  g_assert_true (map != MAP_FAILED);
  touch.data = map;
  touch.length = 4 * 4096;
  g_assert_true (fw_digest_map_guard (touch_pages, &touch));
  g_assert_cmpint (ftruncate (fd, 4096), ==, 0);
  touch.sum = 0;
  g_assert_false (fw_digest_map_guard (touch_pages, &touch));
  g_assert_cmpuint (touch.sum, ==, data[0]);   /* the first page was read */
  /* And again: the handler is still there. */
  g_assert_false (fw_digest_map_guard (touch_pages, &touch));
  munmap (map, 4 * 4096);
  close (fd);
  fw_test_rmtree (dir);
}

/* A virtual 10 GB input on a fake descriptor, cancelled at its fifth
 * read: at most one more buffer is read, on one worker or several.
 * Counted in bytes, no clock. */
#define FAKE_FD 1000

typedef struct {
  GMutex        lock;
  guint64       offset;
  guint         reads;
  GCancellable *cancellable;
  gboolean      cancelled;
  guint         reads_after_cancel;
  guint64       bytes_after_cancel;
} Fake;

static gssize
fake_read (int fd, void *buffer, gsize count, gpointer user_data)
{
  Fake *fake = user_data;
  gsize n;

  g_assert_cmpint (fd, ==, FAKE_FD);
  g_mutex_lock (&fake->lock);
  n = (gsize) MIN ((guint64) count, (G_GUINT64_CONSTANT (10) << 30) - fake->offset);
  memset (buffer, 'b', n);
  fake->offset += n;
  fake->reads++;
  if (fake->cancelled)
    {
      fake->reads_after_cancel++;
      fake->bytes_after_cancel += n;
    }
  if (fake->reads == 5)
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
  g_assert_cmpint (fd, ==, FAKE_FD);
  memset (st, 0, sizeof *st);
  st->st_mode = S_IFREG | 0644;
  st->st_size = (off_t) (G_GUINT64_CONSTANT (10) << 30);
  return 0;
}

static void
test_cancel (void)
{
  const gsize bs = 1 << 20;
  g_autoptr(FwPool) pool = fw_pool_new (3);

  for (int use_pool = 0; use_pool < 2; use_pool++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      Fake fake = { .cancellable = cancellable };
      FwDigestIoHooks hooks = { .read = fake_read, .fstat = fake_fstat, .user_data = &fake };
      g_autoptr(GError) error = NULL;
      guint64 done = 0;
      FwDigestResult *r;

      g_mutex_init (&fake.lock);
      fw_digest_set_io_hooks (&hooks);
      r = fw_digest_fd (FAKE_FD, FW_ALGORITHM_BIT (FW_ALGORITHM_BLAKE3), bs,
                        use_pool ? pool : NULL, cancellable, &done, &error);
      fw_digest_set_io_hooks (NULL);
      g_assert_null (r);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_true (fake.cancelled);
      g_assert_cmpuint (fake.reads_after_cancel, <=, 1);
      g_assert_cmpuint (fake.bytes_after_cancel, <=, bs);
      g_assert_cmpuint (done, <=, 6 * bs);
      g_mutex_clear (&fake.lock);
    }
}

/* A large mapped file (sparse: no disk written) on several workers,
 * cancelled by another thread once the first piece is counted: after the
 * cancel, each worker finishes at most the piece it holds, so no more
 * than one buffer per worker is counted. A bound in bytes, no clock. */
typedef struct {
  GCancellable *cancellable;
  guint64       done;           /* atomic: fw_digest_path()'s progress */
  gint          finished;       /* atomic: the digest returned */
  guint64       done_at_cancel;
} MappedCancel;

static gpointer
mapped_cancel_watch (gpointer data)
{
  MappedCancel *watch = data;

  while (__atomic_load_n (&watch->done, __ATOMIC_RELAXED) == 0 &&
         !g_atomic_int_get (&watch->finished))
    g_thread_yield ();
  g_cancellable_cancel (watch->cancellable);
  watch->done_at_cancel = __atomic_load_n (&watch->done, __ATOMIC_RELAXED);
  return NULL;
}

static void
test_cancel_mapped (void)
{
  const gsize bs = 65536;
  const guint n_workers = 3;
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "sparse", NULL);
  g_autoptr(FwPool) pool = fw_pool_new (n_workers);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  MappedCancel watch = { .cancellable = cancellable };
  GThread *thread;
  FwDigestResult *r;
  int fd;

  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 1 << 30), ==, 0);
  close (fd);

  fw_digest_set_map (TRUE);
  thread = g_thread_new ("cancel", mapped_cancel_watch, &watch);
  r = fw_digest_path (path, FW_ALGORITHM_BIT (FW_ALGORITHM_BLAKE3), bs, pool, cancellable,
                      &watch.done, &error);
  g_atomic_int_set (&watch.finished, 1);
  g_thread_join (thread);

  g_assert_null (r);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("counted %" G_GUINT64_FORMAT " bytes at the cancel, %" G_GUINT64_FORMAT " in all",
                  watch.done_at_cancel, watch.done);
  g_assert_cmpuint (watch.done, <=, watch.done_at_cancel + n_workers * bs);
  fw_test_rmtree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/blake3/vectors/portable", GINT_TO_POINTER (FW_BLAKE3_SIMD_PORTABLE), test_vectors);
  g_test_add_data_func ("/blake3/vectors/sse41", GINT_TO_POINTER (FW_BLAKE3_SIMD_SSE41), test_vectors);
  g_test_add_data_func ("/blake3/vectors/avx2", GINT_TO_POINTER (FW_BLAKE3_SIMD_AVX2), test_vectors);
  g_test_add_data_func ("/blake3/vectors/avx512", GINT_TO_POINTER (FW_BLAKE3_SIMD_AVX512), test_vectors);
  g_test_add_data_func ("/blake3/vectors/generic16", GINT_TO_POINTER (FW_BLAKE3_SIMD_X16_GENERIC), test_vectors);
  g_test_add_func ("/blake3/b3sum-lengths", test_b3sum_lengths);
  g_test_add_data_func ("/blake3/kernel/sse41", GINT_TO_POINTER (FW_BLAKE3_SIMD_SSE41), test_kernel);
  g_test_add_data_func ("/blake3/kernel/avx2", GINT_TO_POINTER (FW_BLAKE3_SIMD_AVX2), test_kernel);
  g_test_add_data_func ("/blake3/kernel/avx512", GINT_TO_POINTER (FW_BLAKE3_SIMD_AVX512), test_kernel);
  g_test_add_data_func ("/blake3/kernel/generic16", GINT_TO_POINTER (FW_BLAKE3_SIMD_X16_GENERIC), test_kernel);
  g_test_add_data_func ("/blake3/kernel-page-end/sse41", GINT_TO_POINTER (FW_BLAKE3_SIMD_SSE41), test_kernel_page_end);
  g_test_add_data_func ("/blake3/kernel-page-end/avx2", GINT_TO_POINTER (FW_BLAKE3_SIMD_AVX2), test_kernel_page_end);
  g_test_add_data_func ("/blake3/kernel-page-end/avx512", GINT_TO_POINTER (FW_BLAKE3_SIMD_AVX512), test_kernel_page_end);
  g_test_add_data_func ("/blake3/kernel-page-end/generic16", GINT_TO_POINTER (FW_BLAKE3_SIMD_X16_GENERIC), test_kernel_page_end);
  g_test_add_data_func ("/blake3/hash-many/sse41", GINT_TO_POINTER (FW_BLAKE3_SIMD_SSE41), test_hash_many);
  g_test_add_data_func ("/blake3/hash-many/avx2", GINT_TO_POINTER (FW_BLAKE3_SIMD_AVX2), test_hash_many);
  g_test_add_data_func ("/blake3/hash-many/avx512", GINT_TO_POINTER (FW_BLAKE3_SIMD_AVX512), test_hash_many);
  g_test_add_data_func ("/blake3/hash-many/generic16", GINT_TO_POINTER (FW_BLAKE3_SIMD_X16_GENERIC), test_hash_many);
  g_test_add_func ("/blake3/subtrees", test_subtrees);
  g_test_add_func ("/blake3/workers", test_workers);
  g_test_add_func ("/blake3/cancel", test_cancel);
  g_test_add_func ("/blake3/cancel-mapped", test_cancel_mapped);
  g_test_add_func ("/blake3/map-truncated", test_map_truncated);

  return g_test_run ();
}
