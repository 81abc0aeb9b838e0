/* fw-dupes-read.c — the duplicate finder's reads: edges, whole digests,
 * byte comparisons, each checking that the file is still the one walked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xxhash.h>

#include "fw-compare.h"
#include "fw-dupes-private.h"

static void
drop (FwDupesRun       *run,
      FwDupesCandidate *candidate,
      FwDupesNoteKind   kind,
      GError           *error)
{
  const FwDupesEntry *entry = &g_array_index (run->entries, FwDupesEntry, candidate->entry);

  candidate->state = FW_DUPES_CANDIDATE_DROPPED;
  /* A cancelled read is no fault of the file's. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return;
    }
  fw_dupes_run_note (run, kind, entry->path, error);
}

/* NULL when @st is still what the walk saw, else why not (English: the
 * window and the CLI word it from the note's kind). */
static GError *
check_same (const FwDupesEntry *entry,
            const struct stat  *st)
{
  gint64 mtime_ns = (gint64) st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_mtim.tv_nsec;

  if (!S_ISREG (st->st_mode) || (guint64) st->st_dev != entry->dev || (guint64) st->st_ino != entry->ino)
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "replaced during the scan");
  if ((guint64) st->st_size != entry->size)
    return g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                        "size changed during the scan (%" G_GUINT64_FORMAT " bytes, then %" G_GUINT64_FORMAT ")",
                        entry->size, (guint64) st->st_size);
  if (mtime_ns != entry->mtime_ns)
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "modified during the scan");
  return NULL;
}

/* Opens @candidate's file for a stage: -1 (and the candidate dropped)
 * when it cannot be opened or is no longer the file walked. */
static int
open_checked (FwDupesRun       *run,
              FwDupesCandidate *candidate,
              FwDupesStage      stage)
{
  const FwDupesEntry *entry = &g_array_index (run->entries, FwDupesEntry, candidate->entry);
  struct stat st;
  GError *error;
  int fd;

  fw_pool_pause_point (run->cancellable);
  if (g_cancellable_is_cancelled (run->cancellable))
    {
      candidate->state = FW_DUPES_CANDIDATE_DROPPED;
      return -1;
    }
  if (run->hook != NULL)
    run->hook (run->scan, stage, entry->path, run->hook_data);

  /* O_NONBLOCK: a FIFO put in the file's place must not hang the worker. */
  fd = open (entry->path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      int errnum = errno;

      drop (run, candidate, errnum == ELOOP ? FW_DUPES_NOTE_CHANGED : FW_DUPES_NOTE_ERROR,
            errnum == ELOOP
              ? g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "replaced during the scan")
              : g_error_new_literal (G_IO_ERROR, g_io_error_from_errno (errnum), g_strerror (errnum)));
      return -1;
    }
  if (fstat (fd, &st) != 0)
    {
      int errnum = errno;

      close (fd);
      drop (run, candidate, FW_DUPES_NOTE_ERROR,
            g_error_new_literal (G_IO_ERROR, g_io_error_from_errno (errnum), g_strerror (errnum)));
      return -1;
    }
  if ((error = check_same (entry, &st)) != NULL)
    {
      close (fd);
      drop (run, candidate, FW_DUPES_NOTE_CHANGED, error);
      return -1;
    }
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

/* After the read: still the same file? Closes @fd. */
static gboolean
close_checked (FwDupesRun       *run,
               FwDupesCandidate *candidate,
               int               fd)
{
  const FwDupesEntry *entry = &g_array_index (run->entries, FwDupesEntry, candidate->entry);
  struct stat st;
  GError *error = NULL;

  if (fstat (fd, &st) != 0)
    error = g_error_new_literal (G_IO_ERROR, g_io_error_from_errno (errno), g_strerror (errno));
  close (fd);
  if (error == NULL && (error = check_same (entry, &st)) != NULL)
    {
      drop (run, candidate, FW_DUPES_NOTE_CHANGED, error);
      return FALSE;
    }
  if (error != NULL)
    {
      drop (run, candidate, FW_DUPES_NOTE_ERROR, error);
      return FALSE;
    }
  return TRUE;
}

/* Reads exactly @length bytes at @offset; an early end is a change. */
static gboolean
read_at (FwDupesRun       *run,
         FwDupesCandidate *candidate,
         int               fd,
         guint8           *buffer,
         gsize             length,
         guint64           offset)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = pread (fd, buffer + done, length - done, (off_t) (offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int errnum = errno;

          drop (run, candidate, FW_DUPES_NOTE_ERROR,
                g_error_new_literal (G_IO_ERROR, g_io_error_from_errno (errnum), g_strerror (errnum)));
          return FALSE;
        }
      if (n == 0)
        {
          drop (run, candidate, FW_DUPES_NOTE_CHANGED,
                g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "truncated during the scan"));
          return FALSE;
        }
      done += (gsize) n;
    }
  __atomic_fetch_add (&run->bytes_done, (guint64) length, __ATOMIC_RELAXED);
  return TRUE;
}

void
fw_dupes_read_edges (FwDupesRun       *run,
                     FwDupesCandidate *candidate)
{
  const FwDupesEntry *entry = &g_array_index (run->entries, FwDupesEntry, candidate->entry);
  guint8 buffer[2 * FW_DUPES_EDGE_SIZE];
  gsize length;
  XXH128_hash_t hash;
  int fd;

  fd = open_checked (run, candidate, FW_DUPES_STAGE_EDGES);
  if (fd < 0)
    return;

  if (entry->size <= 2 * FW_DUPES_EDGE_SIZE)
    {
      length = (gsize) entry->size;
      candidate->complete = TRUE;
      if (!read_at (run, candidate, fd, buffer, length, 0))
        goto out;
    }
  else
    {
      length = 2 * FW_DUPES_EDGE_SIZE;
      posix_fadvise (fd, 0, FW_DUPES_EDGE_SIZE, POSIX_FADV_RANDOM);
      if (!read_at (run, candidate, fd, buffer, FW_DUPES_EDGE_SIZE, 0) ||
          !read_at (run, candidate, fd, buffer + FW_DUPES_EDGE_SIZE, FW_DUPES_EDGE_SIZE,
                    entry->size - FW_DUPES_EDGE_SIZE))
        goto out;
    }

  hash = XXH3_128bits (buffer, length);
  memcpy (candidate->edges, &hash.high64, 8);
  memcpy (candidate->edges + 8, &hash.low64, 8);
  close_checked (run, candidate, fd);
  return;

out:
  close (fd);
}

static int
hex_value (char c)
{
  return g_ascii_xdigit_value (c);
}

void
fw_dupes_read_digest (FwDupesRun       *run,
                      FwDupesCandidate *candidate)
{
  const FwDupesEntry *entry = &g_array_index (run->entries, FwDupesEntry, candidate->entry);
  g_autoptr(FwDigestResult) result = NULL;
  GError *error = NULL;
  const char *hex;
  int fd;

  fd = open_checked (run, candidate, FW_DUPES_STAGE_DIGEST);
  if (fd < 0)
    return;

  result = fw_digest_fd (fd, FW_ALGORITHM_BIT (run->algorithm), 0, NULL,
                         run->cancellable, &run->bytes_done, &error);
  if (result == NULL)
    {
      close (fd);
      drop (run, candidate, FW_DUPES_NOTE_ERROR, error);
      return;
    }
  if (result->size != entry->size)
    {
      close (fd);
      drop (run, candidate, FW_DUPES_NOTE_CHANGED,
            g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "size changed during the scan"));
      return;
    }
  if (!close_checked (run, candidate, fd))
    return;

  hex = result->hex[run->algorithm];
  memset (candidate->digest, 0, sizeof candidate->digest);
  for (gsize i = 0; i < sizeof candidate->digest && hex[2 * i] != '\0' && hex[2 * i + 1] != '\0'; i++)
    candidate->digest[i] = (guint8) (hex_value (hex[2 * i]) << 4 | hex_value (hex[2 * i + 1]));
}

gboolean
fw_dupes_read_compare (FwDupesRun       *run,
                       FwDupesCandidate *a,
                       FwDupesCandidate *b)
{
  FwCompareResult result;
  GError *error = NULL;
  int fd_a, fd_b;
  gboolean same;

  fd_b = open_checked (run, b, FW_DUPES_STAGE_COMPARE);
  if (fd_b < 0)
    return FALSE;
  /* @a is the group's reference: a failure there is reported once, by
   * the caller's first comparison only. */
  fd_a = open_checked (run, a, FW_DUPES_STAGE_COMPARE);
  if (fd_a < 0)
    {
      close (fd_b);
      return FALSE;
    }

  if (!fw_compare_fds (fd_a, fd_b, 0, 0, G_MAXUINT64, FW_COMPARE_STOP_AT_SIZE,
                       run->cancellable, &result, &error))
    {
      close (fd_a);
      close (fd_b);
      drop (run, b, FW_DUPES_NOTE_ERROR, error);
      return FALSE;
    }
  __atomic_fetch_add (&run->bytes_done, result.bytes_read, __ATOMIC_RELAXED);
  same = result.verdict == FW_COMPARE_IDENTICAL;
  if (!close_checked (run, a, fd_a))
    {
      close (fd_b);
      return FALSE;
    }
  if (!close_checked (run, b, fd_b))
    return FALSE;
  return same;
}
