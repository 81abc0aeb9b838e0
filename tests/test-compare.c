/* test-compare.c — the engine's comparison of two files (fw-compare.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>

#include "fw-compare.h"
#include "fw-test-util.h"

#define BLOCK FW_COMPARE_BLOCK_SIZE

static char *dir;

static char *
put (const char *name,
     const void *data,
     gsize       len)
{
  char *path = g_build_filename (dir, name, NULL);

  fw_test_write (path, data, len);
  return path;
}

static FwCompareResult
compare_paths_ok (const char     *a,
                  const char     *b,
                  FwCompareFlags  flags)
{
  FwCompareResult result;
  g_autoptr(GError) error = NULL;

  g_assert_true (fw_compare_paths (a, b, flags, NULL, &result, &error));
  g_assert_no_error (error);
  return result;
}

static void
test_identical (void)
{
  gsize sizes[] = { 0, 1, 100, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 7 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree guchar *data = fw_test_pattern (sizes[i], i);
      g_autofree char *a = put ("a", data, sizes[i]);
      g_autofree char *b = put ("b", data, sizes[i]);
      FwCompareResult r = compare_paths_ok (a, b, FW_COMPARE_COUNT_LINES);

      g_assert_cmpint (r.verdict, ==, FW_COMPARE_IDENTICAL);
      g_assert_cmpuint (r.bytes_read, ==, sizes[i]);
    }
}

/* The first differing byte and its line, at every interesting place:
 * the first byte, inside and at the edges of a block, the last byte. */
static void
test_different (void)
{
  gsize len = 3 * BLOCK + 11;
  gsize places[] = { 0, 1, 63, 64, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK + 5, len - 1 };
  g_autofree guchar *data = fw_test_pattern (len, 7);
  g_autofree char *a = put ("a", data, len);

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      g_autofree guchar *other = g_memdup2 (data, len);
      g_autofree char *b = NULL;
      guint64 lines = 1;
      FwCompareResult r;

      other[places[i]] ^= 0x20;
      b = put ("b", other, len);
      for (gsize j = 0; j < places[i]; j++)
        lines += data[j] == '\n';

      r = compare_paths_ok (a, b, FW_COMPARE_COUNT_LINES);
      g_assert_cmpint (r.verdict, ==, FW_COMPARE_DIFFERENT);
      g_assert_cmpuint (r.byte, ==, places[i] + 1);
      g_assert_cmpuint (r.line, ==, lines);

      r = compare_paths_ok (b, a, FW_COMPARE_NONE);
      g_assert_cmpint (r.verdict, ==, FW_COMPARE_DIFFERENT);
      g_assert_cmpuint (r.byte, ==, places[i] + 1);
      g_assert_cmpuint (r.line, ==, 0);  /* not counted */
    }
}

static void
test_eof (void)
{
  g_autofree char *full = put ("full", "abc\ndef\n", 8);
  g_autofree char *nl = put ("nl", "abc\n", 4);
  g_autofree char *nonl = put ("nonl", "abc\nde", 6);
  g_autofree char *empty = put ("empty", "", 0);
  FwCompareResult r;

  r = compare_paths_ok (full, nl, FW_COMPARE_COUNT_LINES);
  g_assert_cmpint (r.verdict, ==, FW_COMPARE_EOF);
  g_assert_cmpuint (r.side, ==, 1);
  g_assert_cmpuint (r.byte, ==, 4);
  g_assert_true (r.at_line_start);
  g_assert_cmpuint (r.line, ==, 1);

  r = compare_paths_ok (nonl, full, FW_COMPARE_COUNT_LINES);
  g_assert_cmpint (r.verdict, ==, FW_COMPARE_EOF);
  g_assert_cmpuint (r.side, ==, 0);
  g_assert_cmpuint (r.byte, ==, 6);
  g_assert_false (r.at_line_start);
  g_assert_cmpuint (r.line, ==, 2);

  r = compare_paths_ok (empty, full, FW_COMPARE_COUNT_LINES);
  g_assert_cmpint (r.verdict, ==, FW_COMPARE_EOF);
  g_assert_cmpuint (r.side, ==, 0);
  g_assert_cmpuint (r.byte, ==, 0);

  /* Past a block: the shorter ends inside the second one. */
  {
    gsize len = 2 * BLOCK;
    g_autofree guchar *data = fw_test_pattern (len, 9);
    g_autofree char *big = put ("big", data, len);
    g_autofree char *cut = put ("cut", data, BLOCK + 3);

    r = compare_paths_ok (big, cut, FW_COMPARE_NONE);
    g_assert_cmpint (r.verdict, ==, FW_COMPARE_EOF);
    g_assert_cmpuint (r.side, ==, 1);
    g_assert_cmpuint (r.byte, ==, BLOCK + 3);
  }
}

static int
open_ro (const char *path)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  return fd;
}

static void
test_skip_limit (void)
{
  g_autofree char *a = put ("a", "xxabcdef", 8);
  g_autofree char *b = put ("b", "yabcdeF", 7);
  int fa = open_ro (a), fb = open_ro (b);
  FwCompareResult r;
  g_autoptr(GError) error = NULL;

  g_assert_true (fw_compare_fds (fa, fb, 2, 1, G_MAXUINT64, FW_COMPARE_COUNT_LINES, NULL, &r, &error));
  g_assert_cmpint (r.verdict, ==, FW_COMPARE_DIFFERENT);
  g_assert_cmpuint (r.byte, ==, 6);
  g_assert_true (fw_compare_fds (fa, fb, 2, 1, 5, FW_COMPARE_NONE, NULL, &r, &error));
  g_assert_cmpint (r.verdict, ==, FW_COMPARE_IDENTICAL);
  g_assert_true (fw_compare_fds (fa, fb, 100, 100, G_MAXUINT64, FW_COMPARE_NONE, NULL, &r, &error));
  g_assert_cmpint (r.verdict, ==, FW_COMPARE_IDENTICAL);
  /* A regular file's offset is where it was. */
  g_assert_cmpint (lseek (fa, 0, SEEK_CUR), ==, 0);
  close (fa);
  close (fb);
}

/* FW_COMPARE_STOP_AT_SIZE decides from fstat() alone: a descriptor open
 * for writing only cannot be read, and is not. */
static void
test_sizes_differ_unread (void)
{
  g_autofree char *a = put ("a", "abc", 3);
  g_autofree char *b = put ("b", "abcd", 4);
  int fa = open (a, O_WRONLY | O_CLOEXEC), fb = open (b, O_WRONLY | O_CLOEXEC);
  FwCompareResult r;
  g_autoptr(GError) error = NULL;

  g_assert_true (fw_compare_fds (fa, fb, 0, 0, G_MAXUINT64, FW_COMPARE_STOP_AT_SIZE, NULL, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r.verdict, ==, FW_COMPARE_SIZES_DIFFER);
  /* Equal after the skips, or within the limit: they must be read. */
  g_assert_false (fw_compare_fds (fa, fb, 0, 1, G_MAXUINT64, FW_COMPARE_STOP_AT_SIZE, NULL, &r, &error));
  g_assert_nonnull (error);  /* EBADF: it was read */
  g_assert_cmpuint (r.side, ==, 0);
  g_clear_error (&error);
  g_assert_false (fw_compare_fds (fa, fb, 0, 0, 3, FW_COMPARE_STOP_AT_SIZE, NULL, &r, &error));
  g_clear_error (&error);
  /* Without the flag it reads, and fails. */
  g_assert_false (fw_compare_fds (fa, fb, 0, 0, G_MAXUINT64, FW_COMPARE_NONE, NULL, &r, &error));
  g_assert_nonnull (error);
  close (fa);
  close (fb);
}

static void
test_same_file (void)
{
  g_autofree char *a = put ("a", "abc", 3);
  int f1 = open (a, O_WRONLY | O_CLOEXEC), f2 = open (a, O_WRONLY | O_CLOEXEC);
  FwCompareResult r;
  g_autoptr(GError) error = NULL;

  /* Unreadable descriptors: identical without a read. */
  g_assert_true (fw_compare_fds (f1, f2, 0, 0, G_MAXUINT64, FW_COMPARE_NONE, NULL, &r, &error));
  g_assert_cmpint (r.verdict, ==, FW_COMPARE_IDENTICAL);
  g_assert_cmpuint (r.bytes_read, ==, 0);
  close (f1);
  close (f2);
}

static void
test_errors (void)
{
  g_autofree char *a = put ("a", "abc", 3);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  FwCompareResult r;
  g_autoptr(GError) error = NULL;

  g_assert_false (fw_compare_paths (a, missing, FW_COMPARE_NONE, NULL, &r, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpuint (r.side, ==, 1);
  g_clear_error (&error);
  g_assert_false (fw_compare_paths (dir, a, FW_COMPARE_NONE, NULL, &r, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_cmpuint (r.side, ==, 0);
}

/* Writes @blocks blocks of the same bytes into two pipes, one block on
 * each in turn, cancelling after the first; stops when the reader is gone. */
typedef struct {
  int           fds[2];
  guint         blocks;
  GCancellable *cancel_after_first;
} Writer;

static gpointer
writer_main (gpointer data)
{
  Writer *w = data;
  g_autofree guchar *block = fw_test_pattern (BLOCK, 11);

  for (guint i = 0; i < w->blocks; i++)
    {
      for (guint s = 0; s < 2; s++)
        {
          gsize done = 0;

          while (done < BLOCK)
            {
              gssize n = write (w->fds[s], block + done, BLOCK - done);

              if (n <= 0)
                goto out;
              done += n;
            }
        }
      if (i == 0 && w->cancel_after_first != NULL)
        g_cancellable_cancel (w->cancel_after_first);
    }
out:
  close (w->fds[0]);
  close (w->fds[1]);
  return NULL;
}

static void
compare_pipes (guint            blocks,
               FwCompareFlags   flags,
               GCancellable    *cancellable,
               FwCompareResult *r,
               GError         **error,
               gboolean        *ok)
{
  int pa[2], pb[2];
  Writer w = { .blocks = blocks, .cancel_after_first = cancellable };
  GThread *thread;

  g_assert_cmpint (pipe (pa), ==, 0);
  g_assert_cmpint (pipe (pb), ==, 0);
  w.fds[0] = pa[1];
  w.fds[1] = pb[1];
  thread = g_thread_new ("writer", writer_main, &w);
  *ok = fw_compare_fds (pa[0], pb[0], 0, 0, G_MAXUINT64, flags,
                        cancellable, r, error);
  /* The writer stops on EPIPE once the read ends are gone. */
  close (pa[0]);
  close (pb[0]);
  g_thread_join (thread);
}

static void
test_pipes (void)
{
  FwCompareResult r;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  compare_pipes (6, FW_COMPARE_COUNT_LINES, NULL, &r, &error, &ok);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (r.verdict, ==, FW_COMPARE_IDENTICAL);
  g_assert_cmpuint (r.bytes_read, ==, 6 * BLOCK);

  compare_pipes (20, FW_COMPARE_TWO_READERS, NULL, &r, &error, &ok);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (r.verdict, ==, FW_COMPARE_IDENTICAL);
  g_assert_cmpuint (r.bytes_read, ==, 20 * BLOCK);
}

/* Two readers: the same verdicts, on pipes and on files. */
static void
test_two_readers (void)
{
  gsize len = 3 * FW_COMPARE_LARGE_BLOCK_SIZE + 9;
  gsize places[] = { 0, FW_COMPARE_LARGE_BLOCK_SIZE, len - 1 };
  g_autofree guchar *data = fw_test_pattern (len, 13);
  g_autofree char *a = put ("a", data, len);
  g_autofree char *cut = put ("cut", data, len - 4);
  FwCompareResult r = compare_paths_ok (a, a, FW_COMPARE_TWO_READERS);

  g_assert_cmpint (r.verdict, ==, FW_COMPARE_IDENTICAL);
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      g_autofree guchar *other = g_memdup2 (data, len);
      g_autofree char *b = NULL;

      other[places[i]] ^= 1;
      b = put ("b", other, len);
      r = compare_paths_ok (a, b, FW_COMPARE_TWO_READERS);
      g_assert_cmpint (r.verdict, ==, FW_COMPARE_DIFFERENT);
      g_assert_cmpuint (r.byte, ==, places[i] + 1);
    }
  r = compare_paths_ok (cut, a, FW_COMPARE_TWO_READERS | FW_COMPARE_COUNT_LINES);
  g_assert_cmpint (r.verdict, ==, FW_COMPARE_EOF);
  g_assert_cmpuint (r.side, ==, 0);
  g_assert_cmpuint (r.byte, ==, len - 4);
}

static void
test_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  FwCompareResult r;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* Cancelled once the first block is written: the comparison ends at
   * the latest after the next block (written only after the cancel), not
   * after 64. */
  compare_pipes (64, FW_COMPARE_NONE, cancellable, &r, &error, &ok);
  g_assert_false (ok);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (r.bytes_read, <=, 2 * BLOCK);
  g_clear_error (&error);

  /* Already cancelled: nothing is read. */
  {
    gsize len = 4 * BLOCK;
    g_autofree guchar *data = fw_test_pattern (len, 12);
    g_autofree char *a = put ("a", data, len);
    g_autofree char *b = put ("b", data, len);

    g_assert_false (fw_compare_paths (a, b, FW_COMPARE_NONE, cancellable, &r, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (r.bytes_read, ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  signal (SIGPIPE, SIG_IGN);
  dir = fw_test_mkdtemp ();

  g_test_add_func ("/compare/identical", test_identical);
  g_test_add_func ("/compare/different", test_different);
  g_test_add_func ("/compare/eof", test_eof);
  g_test_add_func ("/compare/skip-limit", test_skip_limit);
  g_test_add_func ("/compare/sizes-differ-unread", test_sizes_differ_unread);
  g_test_add_func ("/compare/same-file", test_same_file);
  g_test_add_func ("/compare/errors", test_errors);
  g_test_add_func ("/compare/pipes", test_pipes);
  g_test_add_func ("/compare/two-readers", test_two_readers);
  g_test_add_func ("/compare/cancel", test_cancel);

  status = g_test_run ();
  fw_test_rmtree (dir);
  g_free (dir);
  return status;
}
