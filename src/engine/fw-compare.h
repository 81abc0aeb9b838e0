/* fw-compare.h — comparing two files byte by byte, as cmp does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * SECTION:fw-compare
 * @title: Comparing two files
 * @short_description: the one comparison piece: `fileworks-cli compare`,
 *   folders against folders (issue 20) and the window's Compare Files mode
 *   all call fw_compare_fds()
 *
 * fw_compare_fds() compares two open descriptors byte by byte and stops at
 * the first difference. It runs synchronously in the calling thread: the
 * CLI calls it directly, a batch job or a folder comparison calls it from a
 * pool worker. The calling thread reads both sides in turn, block by
 * block of %FW_COMPARE_BLOCK_SIZE, and compares each pair with memcmp();
 * regular files are marked POSIX_FADV_SEQUENTIAL, so that the kernel's
 * read-ahead keeps reads of both files in flight when they are not cached.
 * With %FW_COMPARE_TWO_READERS, a helper thread reads the second side's
 * blocks (of %FW_COMPARE_LARGE_BLOCK_SIZE) while the calling thread reads
 * the first's.
 *
 * Measured (build-aux/bench compare: two cached 2 GiB files, 2 processors,
 * load 5–8): one thread with 32 KiB blocks took 0.5 s and 0.4 s of system
 * time, cmp 2.5 s (1 s of CPU: it reads 4 KiB at a time); blocks of 64 KiB
 * and more cost 4× the system time (the copies out of the page cache no
 * longer land in the processor's own cache), and two readers with 32 KiB
 * to 1 MiB blocks were slower still (the second side's block crosses from
 * one core's cache to the other's). So one reader is the default; two are
 * for sides that wait on something else than memory (a network file
 * system, a pipe fed by another program).
 *
 * What it tells (#FwCompareResult): identical; the sizes differ (told from
 * fstat() without reading, only with %FW_COMPARE_STOP_AT_SIZE, and only
 * when both are regular files); the first differing byte N (1-based) and,
 * with %FW_COMPARE_COUNT_LINES, its line M; or the end of one side after N
 * equal bytes, with the line the shorter side ended in.
 *
 * Regular files are read with pread() from their current offset (so `-`
 * redirected from a file starts where the shell left it, as cmp does);
 * pipes and terminals with read(), skipped bytes read and dropped. Two
 * descriptors on the same file at the same offset are identical without a
 * read. Cancelling @cancellable stops the comparison within one block.
 */

/* The bytes read from each side at once: one reader; two readers. */
#define FW_COMPARE_BLOCK_SIZE (32 * 1024)
#define FW_COMPARE_LARGE_BLOCK_SIZE (256 * 1024)

typedef enum {
  FW_COMPARE_NONE         = 0,
  /* Both regular files of different sizes (after the skips and the
   * limit): FW_COMPARE_SIZES_DIFFER without reading (cmp -s). */
  FW_COMPARE_STOP_AT_SIZE = 1 << 0,
  /* Count the lines up to the difference (cmp's "line M"). */
  FW_COMPARE_COUNT_LINES  = 1 << 1,
  /* Read the second side on a helper thread, in large blocks. */
  FW_COMPARE_TWO_READERS  = 1 << 2,
} FwCompareFlags;

typedef enum {
  FW_COMPARE_IDENTICAL,
  FW_COMPARE_SIZES_DIFFER,
  FW_COMPARE_DIFFERENT,
  FW_COMPARE_EOF,
} FwCompareVerdict;

/**
 * FwCompareResult:
 * @verdict: what was found
 * @byte: %FW_COMPARE_DIFFERENT: the 1-based position of the first
 *   differing byte (after the skip); %FW_COMPARE_EOF: the number of equal
 *   bytes before the shorter side ended (0: it is empty)
 * @line: with %FW_COMPARE_COUNT_LINES: %FW_COMPARE_DIFFERENT: the 1-based
 *   line of that byte; %FW_COMPARE_EOF: the line the shorter side ended
 *   in (its last line, complete or not); else 0
 * @at_line_start: %FW_COMPARE_EOF: the shorter side ended with a newline
 *   (cmp's "line M") or not ("in line M")
 * @side: %FW_COMPARE_EOF: the side that ended (0 or 1); on error the side
 *   whose read failed
 * @bytes_read: bytes read from each side, the skips left out (progress)
 *
 * The outcome of fw_compare_fds().
 */
typedef struct {
  FwCompareVerdict verdict;
  guint64          byte;
  guint64          line;
  gboolean         at_line_start;
  guint            side;
  guint64          bytes_read;
} FwCompareResult;

/**
 * fw_compare_fds:
 * @fd_a: the first side, open for reading
 * @fd_b: the second side
 * @skip_a: bytes of @fd_a to leave out first (cmp -i)
 * @skip_b: bytes of @fd_b to leave out first
 * @limit: compare at most this many bytes (cmp -n); %G_MAXUINT64: no limit
 * @flags: #FwCompareFlags
 * @cancellable: (nullable): stops the comparison within one block
 * @result: (out caller-allocates): the outcome
 * @error: a read failure in %G_IO_ERROR (@result->side tells which), or
 *   %G_IO_ERROR_CANCELLED
 *
 * Compares @fd_a and @fd_b as described above. Thread-safe; calls nothing
 * of GTK. Neither descriptor is closed; a regular file's offset is not
 * moved.
 *
 * Returns: %TRUE when @result holds the outcome
 */
gboolean fw_compare_fds (int               fd_a,
                         int               fd_b,
                         guint64           skip_a,
                         guint64           skip_b,
                         guint64           limit,
                         FwCompareFlags    flags,
                         GCancellable     *cancellable,
                         FwCompareResult  *result,
                         GError          **error);

/**
 * fw_compare_paths:
 * @path_a: the first file
 * @path_b: the second file
 * @flags: #FwCompareFlags
 * @cancellable: (nullable): stops the comparison within one block
 * @result: (out caller-allocates): the outcome
 * @error: an open or read failure (@result->side tells which side), a
 *   folder (%G_IO_ERROR_IS_DIRECTORY), or %G_IO_ERROR_CANCELLED
 *
 * Opens both files and calls fw_compare_fds() on the whole of them: what
 * the window's Compare Files mode and folder comparison call.
 *
 * Returns: %TRUE when @result holds the outcome
 */
gboolean fw_compare_paths (const char       *path_a,
                           const char       *path_b,
                           FwCompareFlags    flags,
                           GCancellable     *cancellable,
                           FwCompareResult  *result,
                           GError          **error);

/**
 * fw_compare_paths_progress:
 * @path_a: the first file
 * @path_b: the second file
 * @flags: #FwCompareFlags
 * @cancellable: (nullable): stops the comparison within one block
 * @bytes_done: (nullable): written atomically after every block: the
 *   bytes read from each side so far (what a batch's tick shows)
 * @result: (out caller-allocates): the outcome
 * @error: as fw_compare_paths()
 *
 * fw_compare_paths() for a batch job: progress in @bytes_done, and a
 * fw_pool_pause_point() between blocks, so that pausing the batch holds
 * a running comparison too.
 *
 * Returns: %TRUE when @result holds the outcome
 */
gboolean fw_compare_paths_progress (const char       *path_a,
                                    const char       *path_b,
                                    FwCompareFlags    flags,
                                    GCancellable     *cancellable,
                                    guint64          *bytes_done,
                                    FwCompareResult  *result,
                                    GError          **error);

G_END_DECLS
