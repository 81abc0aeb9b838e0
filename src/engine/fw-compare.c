/* fw-compare.c — comparing two files byte by byte, as cmp does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fw-compare.h"
#include "fw-pool.h"

/* One side: where it reads, and its current block. */
typedef struct {
  int      fd;
  gboolean seekable;   /* pread() from offset; else read() */
  goffset  offset;
  guchar  *buf;
  gsize    want;
  gsize    got;
  int      errsv;      /* errno of a failed read, 0 if none */
} Side;

/* Fills s->buf with s->want bytes, fewer only at the end of the file. */
static void
side_fill (Side *s)
{
  s->got = 0;
  s->errsv = 0;
  while (s->got < s->want)
    {
      gssize n;

      if (s->seekable)
        n = pread (s->fd, s->buf + s->got, s->want - s->got, s->offset);
      else
        n = read (s->fd, s->buf + s->got, s->want - s->got);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          s->errsv = errno;
          return;
        }
      if (n == 0)
        return;
      s->got += n;
      if (s->seekable)
        s->offset += n;
    }
}

/* Leaves out @skip bytes: a seek for a regular file, reads for a pipe.
 * Returns FALSE on a read error (s->errsv). */
static gboolean
side_skip (Side    *s,
           guint64  skip,
           gsize    block)
{
  if (s->seekable)
    {
      s->offset += MIN (skip, (guint64) G_MAXINT64 - (guint64) s->offset);
      return TRUE;
    }
  while (skip > 0)
    {
      s->want = MIN (skip, block);
      side_fill (s);
      if (s->errsv != 0)
        return FALSE;
      if (s->got < s->want)
        return TRUE;
      skip -= s->got;
    }
  return TRUE;
}

/* The helper thread: fills one side's block when asked, while the
 * calling thread fills the other's. */
typedef struct {
  GMutex    lock;
  GCond     cond;
  Side     *side;
  gboolean  request;
  gboolean  done;
  gboolean  quit;
  GThread  *thread;
} Helper;

static gpointer
helper_main (gpointer data)
{
  Helper *h = data;

  g_mutex_lock (&h->lock);
  for (;;)
    {
      while (!h->request && !h->quit)
        g_cond_wait (&h->cond, &h->lock);
      if (h->quit)
        break;
      h->request = FALSE;
      g_mutex_unlock (&h->lock);
      side_fill (h->side);
      g_mutex_lock (&h->lock);
      h->done = TRUE;
      g_cond_broadcast (&h->cond);
    }
  g_mutex_unlock (&h->lock);
  return NULL;
}

static void
helper_start_fill (Helper *h)
{
  g_mutex_lock (&h->lock);
  h->done = FALSE;
  h->request = TRUE;
  g_cond_broadcast (&h->cond);
  g_mutex_unlock (&h->lock);
}

static void
helper_wait_fill (Helper *h)
{
  g_mutex_lock (&h->lock);
  while (!h->done)
    g_cond_wait (&h->cond, &h->lock);
  g_mutex_unlock (&h->lock);
}

static void
helper_stop (Helper *h)
{
  if (h->thread == NULL)
    return;
  g_mutex_lock (&h->lock);
  h->quit = TRUE;
  g_cond_broadcast (&h->cond);
  g_mutex_unlock (&h->lock);
  g_thread_join (h->thread);
  h->thread = NULL;
  g_mutex_clear (&h->lock);
  g_cond_clear (&h->cond);
}

static guint64
count_newlines (const guchar *p,
                gsize         len)
{
  const guchar *end = p + len;
  guint64 n = 0;

  while (p < end && (p = memchr (p, '\n', end - p)) != NULL)
    {
      n++;
      p++;
    }
  return n;
}

/* The index of the first byte where @a and @b differ; they do somewhere
 * in the first @len bytes. */
static gsize
first_difference (const guchar *a,
                  const guchar *b,
                  gsize         len)
{
  gsize i = 0;

  while (i + 64 <= len && memcmp (a + i, b + i, 64) == 0)
    i += 64;
  while (a[i] == b[i])
    i++;
  return i;
}

/* The bytes a regular file has for the comparison, after @skip and the
 * limit, counted from @offset. */
static guint64
effective_size (const struct stat *st,
                goffset            offset,
                guint64            skip,
                guint64            limit)
{
  guint64 start = (guint64) MAX (offset, 0);
  guint64 size = (guint64) st->st_size;

  start = skip > G_MAXUINT64 - start ? G_MAXUINT64 : start + skip;
  return MIN (size > start ? size - start : 0, limit);
}

static gboolean
fail_errno (GError          **error,
            FwCompareResult  *result,
            guint             side,
            int               errsv)
{
  result->side = side;
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       g_strerror (errsv));
  return FALSE;
}

/* fw_compare_fds(), and with @bytes_done (nullable) the bytes read from
 * each side so far, stored after every block (a batch's progress), and a
 * pool pause point between blocks (a paused batch holds the comparison). */
static gboolean
compare_fds_full (int               fd_a,
                  int               fd_b,
                  guint64           skip_a,
                  guint64           skip_b,
                  guint64           limit,
                  FwCompareFlags    flags,
                  GCancellable     *cancellable,
                  guint64          *bytes_done,
                  FwCompareResult  *result,
                  GError          **error)
{
  Side sides[2] = { { .fd = fd_a }, { .fd = fd_b } };
  guint64 skips[2] = { skip_a, skip_b };
  struct stat st[2];
  Helper helper = { 0 };
  g_autofree guchar *bufs = NULL;
  gboolean threaded;
  gsize block;
  guint64 remaining = limit;
  guint64 total = 0;
  guint64 newlines = 0;
  gboolean last_was_newline = TRUE;
  gboolean ok = FALSE;

  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (result, 0, sizeof *result);

  for (guint i = 0; i < 2; i++)
    {
      if (fstat (sides[i].fd, &st[i]) != 0)
        return fail_errno (error, result, i, errno);
      sides[i].offset = lseek (sides[i].fd, 0, SEEK_CUR);
      sides[i].seekable = sides[i].offset >= 0 && !S_ISFIFO (st[i].st_mode);
    }

  /* One file twice, from the same place: nothing to read (cmp does so). */
  if (st[0].st_dev == st[1].st_dev && st[0].st_ino == st[1].st_ino
      && sides[0].offset == sides[1].offset && skip_a == skip_b)
    {
      result->verdict = FW_COMPARE_IDENTICAL;
      return TRUE;
    }

  if ((flags & FW_COMPARE_STOP_AT_SIZE) != 0
      && S_ISREG (st[0].st_mode) && S_ISREG (st[1].st_mode)
      && effective_size (&st[0], sides[0].offset, skip_a, limit)
         != effective_size (&st[1], sides[1].offset, skip_b, limit))
    {
      result->verdict = FW_COMPARE_SIZES_DIFFER;
      return TRUE;
    }

  /* Two readers only when asked, and only when there is more than one
   * block to read (a thread costs more than small files' reads). */
  threaded = (flags & FW_COMPARE_TWO_READERS) != 0;
  block = threaded ? FW_COMPARE_LARGE_BLOCK_SIZE : FW_COMPARE_BLOCK_SIZE;
  if (threaded && ((S_ISREG (st[0].st_mode) && S_ISREG (st[1].st_mode)
                    && MIN (st[0].st_size, st[1].st_size) <= (goffset) block)
                   || limit <= block))
    threaded = FALSE;

  /* Cold files: the kernel's read-ahead, doubled, keeps reads of both in
   * flight while this thread compares. */
  for (guint i = 0; i < 2; i++)
    if (S_ISREG (st[i].st_mode))
      posix_fadvise (sides[i].fd, 0, 0, POSIX_FADV_SEQUENTIAL);

  bufs = g_malloc (2 * block);
  sides[0].buf = bufs;
  sides[1].buf = bufs + block;

  for (guint i = 0; i < 2; i++)
    if (!side_skip (&sides[i], skips[i], block))
      return fail_errno (error, result, i, sides[i].errsv);

  if (threaded)
    {
      g_mutex_init (&helper.lock);
      g_cond_init (&helper.cond);
      helper.side = &sides[1];
      helper.thread = g_thread_new ("fw-compare", helper_main, &helper);
    }

  for (;;)
    {
      gsize n;

      if (bytes_done != NULL)
        {
          __atomic_store_n (bytes_done, result->bytes_read, __ATOMIC_RELAXED);
          fw_pool_pause_point (cancellable);
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      sides[0].want = sides[1].want = MIN (remaining, block);
      if (sides[0].want == 0)
        {
          result->verdict = FW_COMPARE_IDENTICAL;
          break;
        }

      if (threaded)
        {
          helper_start_fill (&helper);
          side_fill (&sides[0]);
          helper_wait_fill (&helper);
        }
      else
        {
          side_fill (&sides[0]);
          if (sides[0].errsv == 0)
            side_fill (&sides[1]);
        }

      for (guint i = 0; i < 2; i++)
        if (sides[i].errsv != 0)
          {
            fail_errno (error, result, i, sides[i].errsv);
            goto out;
          }

      n = MIN (sides[0].got, sides[1].got);
      result->bytes_read += n;
      if (memcmp (sides[0].buf, sides[1].buf, n) != 0)
        {
          gsize at = first_difference (sides[0].buf, sides[1].buf, n);

          result->verdict = FW_COMPARE_DIFFERENT;
          result->byte = total + at + 1;
          if (flags & FW_COMPARE_COUNT_LINES)
            result->line = newlines + count_newlines (sides[0].buf, at) + 1;
          break;
        }

      total += n;
      remaining -= n;
      if (n > 0)
        {
          if (flags & FW_COMPARE_COUNT_LINES)
            newlines += count_newlines (sides[0].buf, n);
          last_was_newline = sides[0].buf[n - 1] == '\n';
        }

      if (sides[0].got != sides[1].got)
        {
          result->verdict = FW_COMPARE_EOF;
          result->side = sides[0].got < sides[1].got ? 0 : 1;
          result->byte = total;
          result->at_line_start = last_was_newline;
          if (flags & FW_COMPARE_COUNT_LINES)
            result->line = last_was_newline ? newlines : newlines + 1;
          break;
        }
      if (sides[0].got < sides[0].want)
        {
          result->verdict = FW_COMPARE_IDENTICAL;
          break;
        }
    }
  ok = TRUE;

out:
  helper_stop (&helper);
  if (bytes_done != NULL)
    __atomic_store_n (bytes_done, result->bytes_read, __ATOMIC_RELAXED);
  return ok;
}

gboolean
fw_compare_fds (int               fd_a,
                int               fd_b,
                guint64           skip_a,
                guint64           skip_b,
                guint64           limit,
                FwCompareFlags    flags,
                GCancellable     *cancellable,
                FwCompareResult  *result,
                GError          **error)
{
  return compare_fds_full (fd_a, fd_b, skip_a, skip_b, limit, flags,
                           cancellable, NULL, result, error);
}

gboolean
fw_compare_paths (const char       *path_a,
                  const char       *path_b,
                  FwCompareFlags    flags,
                  GCancellable     *cancellable,
                  FwCompareResult  *result,
                  GError          **error)
{
  return fw_compare_paths_progress (path_a, path_b, flags, cancellable, NULL,
                                    result, error);
}

gboolean
fw_compare_paths_progress (const char       *path_a,
                           const char       *path_b,
                           FwCompareFlags    flags,
                           GCancellable     *cancellable,
                           guint64          *bytes_done,
                           FwCompareResult  *result,
                           GError          **error)
{
  const char *paths[2] = { path_a, path_b };
  int fds[2] = { -1, -1 };
  gboolean ok = FALSE;

  g_return_val_if_fail (result != NULL, FALSE);
  memset (result, 0, sizeof *result);

  for (guint i = 0; i < 2; i++)
    {
      fds[i] = open (paths[i], O_RDONLY | O_CLOEXEC);
      if (fds[i] < 0)
        {
          fail_errno (error, result, i, errno);
          goto out;
        }
    }
  ok = compare_fds_full (fds[0], fds[1], 0, 0, G_MAXUINT64, flags,
                         cancellable, bytes_done, result, error);

out:
  for (guint i = 0; i < 2; i++)
    if (fds[i] >= 0)
      close (fds[i]);
  return ok;
}
