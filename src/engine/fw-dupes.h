/* fw-dupes.h — finding duplicate files: a staged pipeline on the pool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-digest.h"
#include "fw-pool.h"

G_BEGIN_DECLS

/**
 * SECTION:fw-dupes
 *
 * #FwDupesScan finds the files with the same content among the files and
 * folders it is given (issue 22). It runs in stages, each cheaper than the
 * next and each settling most of what is left:
 *
 * 1. %FW_DUPES_STAGE_WALK: the operands are walked in the calling thread
 *    (folders recursively with %FW_DUPES_RECURSIVE). Symbolic links are
 *    never followed (an operand is followed, as `find -H` does; entries
 *    inside folders are not), and are left out without a note. Special
 *    files (FIFOs, sockets, devices) are left out with a
 *    %FW_DUPES_NOTE_SPECIAL note. A file reached twice through
 *    overlapping operands (the same device, inode and canonical path) is
 *    one file. Only the path, size, mtime, device and inode of each file
 *    are kept: about 60 bytes a file plus its path, in one array.
 * 2. %FW_DUPES_STAGE_SIZE: the files are sorted by size; a size that
 *    only one file (one inode) has is settled. Zero-length files form one
 *    group of their own, the last one, without being read (or are left
 *    out with %FW_DUPES_SKIP_EMPTY).
 * 3. %FW_DUPES_STAGE_EDGES: the first and last %FW_DUPES_EDGE_SIZE bytes
 *    of each remaining file are hashed (XXH3-128). A file no longer than
 *    two edges is read whole here, and is settled.
 * 4. %FW_DUPES_STAGE_DIGEST: the remaining files are hashed whole with
 *    the scan's algorithm (XXH3-128 by default, fw_digest_fd()).
 * 5. %FW_DUPES_STAGE_COMPARE (only with %FW_DUPES_COMPARE_BYTES): each
 *    file of a group is compared byte by byte with the group's first
 *    (fw_compare_fds()); a file that differs leaves the group.
 *
 * Stages 3 to 5 run on the pool, many files at once (fw_pool_process() in
 * chunks of files); each checks @cancellable and the pool's pause
 * (fw_pool_pause_point()) between files and between reads, so Cancel and
 * pause hold in every stage. Progress (fw_dupes_scan_get_progress()) is
 * kept in atomics readable from any thread.
 *
 * Hard links: the paths that lead to one inode are one file, read once.
 * Every path is in its group, with the same #FwDupesFile.inode_index
 * and #FwDupesFile.linked set: the window shows them as linked and never
 * offers one as a copy of the other. Without
 * %FW_DUPES_HARDLINKS_ARE_DUPLICATES a group needs two inodes (as fdupes
 * without -H); with it, two paths are enough (fdupes -H).
 *
 * A file that changes while it is scanned (its size, mtime or inode
 * differ between the walk's lstat() and the fstat() before or after a
 * read) leaves its group with a %FW_DUPES_NOTE_CHANGED note; a file that
 * cannot be opened or read (vanished, unreadable) gets a
 * %FW_DUPES_NOTE_ERROR note. The rest goes on.
 *
 * Notes are published as they happen, as the groups are:
 * fw_dupes_scan_take_notes() hands over those not taken yet, and
 * #FwDupesProgress.notes counts them all, so a window can show them
 * while the scan goes on (and take only as many as it shows).
 *
 * Groups are published as soon as they are settled (all the files of one
 * size are settled together), largest size first in the digest stage:
 * fw_dupes_scan_take_groups() hands over those not taken yet, from any
 * thread, so a window can show them while the scan goes on (poll it from
 * a tick). The run's result holds every group, in the documented order.
 */

#define FW_DUPES_EDGE_SIZE 4096

typedef enum {
  FW_DUPES_FLAGS_NONE                = 0,
  /* Walk folders recursively (else only the files directly in them). */
  FW_DUPES_RECURSIVE                 = 1 << 0,
  /* Leave zero-length files out (fdupes -n). */
  FW_DUPES_SKIP_EMPTY                = 1 << 1,
  /* Two paths of one inode are duplicates (fdupes -H). */
  FW_DUPES_HARDLINKS_ARE_DUPLICATES  = 1 << 2,
  /* Confirm every group byte by byte after the digests. */
  FW_DUPES_COMPARE_BYTES             = 1 << 3,
} FwDupesFlags;

typedef enum {
  FW_DUPES_STAGE_NONE,
  FW_DUPES_STAGE_WALK,
  FW_DUPES_STAGE_SIZE,
  FW_DUPES_STAGE_EDGES,
  FW_DUPES_STAGE_DIGEST,
  FW_DUPES_STAGE_COMPARE,
  FW_DUPES_STAGE_DONE,
} FwDupesStage;

typedef enum {
  /* Could not be opened, read or walked: @error says why. */
  FW_DUPES_NOTE_ERROR,
  /* Changed during the scan: left out of its group; @error
   * (G_IO_ERROR_FAILED) says what differed, in English. */
  FW_DUPES_NOTE_CHANGED,
  /* Not a regular file, folder or symbolic link: left out. */
  FW_DUPES_NOTE_SPECIAL,
  /* A folder operand without %FW_DUPES_RECURSIVE: only its files. Not
   * used: kept for the window's wording. */
  FW_DUPES_NOTE_FOLDER,
} FwDupesNoteKind;

typedef struct {
  FwDupesNoteKind  kind;
  char            *path;
  GError          *error;  /* (nullable) */
} FwDupesNote;

FwDupesNote *fw_dupes_note_copy (const FwDupesNote *note);
void         fw_dupes_note_free (FwDupesNote *note);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwDupesNote, fw_dupes_note_free)

typedef struct {
  char     *path;
  guint64   dev;
  guint64   ino;
  /* st_mtim in nanoseconds since the epoch, as the walk saw it: what a
   * Move to Trash checks the file against before trashing it. */
  gint64    mtime_ns;
  /* Paths with the same index in one group are hard links to one inode;
   * indexes count from 0 in the order of their first path. */
  guint     inode_index;
  /* Another path in the scan leads to the same inode. */
  gboolean  linked;
} FwDupesFile;

typedef struct {
  guint64     size;
  /* (element-type FwDupesFile): byte-wise order of path */
  GPtrArray  *files;
  /* Distinct inodes among @files (copies on disk). */
  guint       n_inodes;
  /* What removing all copies but one would free: size × (n_inodes − 1). */
  guint64     wasted;
  /* The full digest (binary, at most 32 bytes), all zero for groups
   * settled without one (empty files, files of two edges or less). */
  guint8      digest[32];
} FwDupesGroup;

FwDupesGroup *fw_dupes_group_copy (const FwDupesGroup *group);
void          fw_dupes_group_free (FwDupesGroup *group);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwDupesGroup, fw_dupes_group_free)

/* Groups by size, largest first; equal sizes by the first path, byte-wise;
 * the zero-length group last. A GCompareFunc over FwDupesGroup** (for
 * g_ptr_array_sort()). */
int fw_dupes_group_compare (gconstpointer a, gconstpointer b);

typedef struct {
  GPtrArray *groups;  /* (element-type FwDupesGroup), in fw_dupes_group_compare() order */
  GPtrArray *notes;   /* (element-type FwDupesNote), in the order they happened */
  guint64    n_files;         /* regular files found (paths) */
  guint64    n_symlinks;      /* symbolic links left out */
  guint64    bytes_read;      /* by every stage */
  /*< private >*/
  GPtrArray *owner;           /* the scan's groups, which @groups points into */
} FwDupesResult;

void fw_dupes_result_free (FwDupesResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwDupesResult, fw_dupes_result_free)

typedef struct {
  FwDupesStage stage;
  guint64      files_found;  /* walk: regular files so far */
  guint64      files_total;  /* this stage's files */
  guint64      files_done;   /* of them, settled */
  guint64      bytes_total;  /* this stage's bytes to read */
  guint64      bytes_done;   /* of them, read */
  guint64      groups;       /* published so far */
  guint64      notes;        /* published so far */
} FwDupesProgress;

#define FW_TYPE_DUPES_SCAN (fw_dupes_scan_get_type ())

G_DECLARE_FINAL_TYPE (FwDupesScan, fw_dupes_scan, FW, DUPES_SCAN, GObject)

/**
 * fw_dupes_scan_new:
 * @paths: (array zero-terminated=1): files and folders, as the user gave
 *   them (any bytes); reported paths start with them
 * @flags: #FwDupesFlags
 *
 * Returns: (transfer full): a scan, not started. One scan runs once.
 */
FwDupesScan   *fw_dupes_scan_new           (const char * const *paths,
                                            FwDupesFlags        flags);

/* The algorithm of the digest stage (default FW_ALGORITHM_XXH128). Before
 * the run. Digests longer than 32 bytes are compared on their first 32;
 * with one shorter than 16 bytes (CRC32, XXH64, XXH3-64) every group is
 * confirmed byte by byte, as with %FW_DUPES_COMPARE_BYTES. */
void           fw_dupes_scan_set_algorithm (FwDupesScan        *self,
                                            FwAlgorithm         algorithm);
FwAlgorithm    fw_dupes_scan_get_algorithm (FwDupesScan        *self);

/**
 * fw_dupes_scan_run:
 * @self: a scan
 * @pool: the pool whose workers read the files; the calling thread only
 *   walks and sorts, and must not be one of @pool's workers
 * @cancellable: (nullable): stops every stage; the run then fails with
 *   %G_IO_ERROR_CANCELLED (the groups published so far stay takeable)
 * @error: return location for an error: only %G_IO_ERROR_CANCELLED, or a
 *   run that did not start (errors on files are notes)
 *
 * Runs every stage. Blocks; call it from a thread of the caller's own
 * (the window runs it with fw_dupes_scan_run_async()).
 *
 * Returns: (transfer full): the groups and the notes, or %NULL
 */
FwDupesResult *fw_dupes_scan_run           (FwDupesScan        *self,
                                            FwPool             *pool,
                                            GCancellable       *cancellable,
                                            GError            **error);

/* fw_dupes_scan_run() in a thread of its own (a GTask's); @callback runs
 * in the caller's thread-default main context. */
void           fw_dupes_scan_run_async     (FwDupesScan        *self,
                                            FwPool             *pool,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
FwDupesResult *fw_dupes_scan_run_finish    (FwDupesScan        *self,
                                            GAsyncResult       *result,
                                            GError            **error);

/* The progress now. Any thread. */
void           fw_dupes_scan_get_progress  (FwDupesScan        *self,
                                            FwDupesProgress    *progress);

/**
 * fw_dupes_scan_take_groups:
 * @self: a scan
 * @into: (element-type FwDupesGroup): where to append copies (owned by
 *   @into) of the groups published since the last call, in the order they
 *   were settled (the run's result holds all of them, sorted)
 *
 * Any thread, any time, during or after the run.
 *
 * Returns: how many were appended
 */
guint          fw_dupes_scan_take_groups   (FwDupesScan        *self,
                                            GPtrArray          *into);

/**
 * fw_dupes_scan_take_notes:
 * @self: a scan
 * @into: (element-type FwDupesNote): where to append copies (owned by
 *   @into) of the notes published since the last call, in the order
 *   they happened
 * @max: at most this many (the rest stay to be taken; a caller that
 *   shows only the first few takes no more than those)
 *
 * Any thread, any time, during or after the run, cancelled or not. The
 * run's result holds every note.
 *
 * Returns: how many were appended
 */
guint          fw_dupes_scan_take_notes    (FwDupesScan        *self,
                                            GPtrArray          *into,
                                            guint               max);

G_END_DECLS
