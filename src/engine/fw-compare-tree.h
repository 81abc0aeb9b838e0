/* fw-compare-tree.h — comparing two folders, as `diff -rq` does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-exclude.h"
#include "fw-pool.h"

G_BEGIN_DECLS

/**
 * SECTION:fw-compare-tree
 * @title: Comparing two folders
 * @short_description: two trees matched by relative path, with the
 *   verdicts and the order of GNU `diff -rq` (diffutils 3.8)
 *
 * fw_compare_tree() walks two trees side by side and tells, for every
 * relative path, what `diff -rq A B` would tell: nothing for identical
 * files (an %FW_COMPARE_TREE_IDENTICAL entry here, which diff does not
 * print), different contents, a name only on one side (not descended
 * into), two types that cannot be compared, or a failure.
 *
 * diff's rules, kept here so the window and `fileworks-cli compare -r`
 * never disagree:
 *
 * - Symbolic links are followed (stat(), not lstat()): a link to an equal
 *   file is identical, a link to a folder is a folder, a dangling link is
 *   a failure (ENOENT), a link to itself too (ELOOP). A name found on one
 *   side only is reported without looking at it (a dangling link there is
 *   "Only in").
 * - Two names that are the same file (device and inode) are identical
 *   without reading, folders included (not descended into).
 * - A folder pair is entered unless both sides are folders already on
 *   the path above it (a loop on both sides: %FW_COMPARE_TREE_LOOP). A loop
 *   on one side only is entered: the other side ends it.
 * - Two regular files of different sizes, both non-empty, differ without
 *   being read; otherwise both are opened (a file that cannot be opened
 *   is a failure, even when empty) and compared by content.
 * - Anything else than two regular files below the top (FIFOs, devices,
 *   sockets, a file against a folder) is %FW_COMPARE_TREE_TYPES_DIFFER,
 *   with diff's words for the types ("regular empty file", "fifo",
 *   "character special file", …); never opened.
 * - Names in a folder are ordered by strcoll() in the current LC_COLLATE
 *   locale, ties broken by strcmp(): the order differs between LC_ALL=C
 *   and a UTF-8 locale, as diff's does. The caller sets the locale.
 * - Paths are named as diff names them: the operand as given, then one
 *   `/` and the names below (trailing slashes of an operand dropped).
 * - At the top, a folder against a file F compares F with the file of
 *   F's base name in the folder; two files are compared by content,
 *   whatever their type.
 *
 * Content comparisons run on the #FwPool given (fw_compare_fds(), or for
 * files of up to %FW_COMPARE_TREE_SMALL_FILE bytes one read of each into
 * memory and memcmp()), while the calling thread walks on; entries are
 * still handed to the callback in diff's order, on the calling thread,
 * as soon as every entry before them is known. Reading both sides and
 * comparing beats hashing both: see fw-compare-tree.c for the figures.
 */

/* Files up to this size are read whole, once, into a buffer per side. */
#define FW_COMPARE_TREE_SMALL_FILE (64 * 1024)

/**
 * FwCompareTreeVerdict:
 * @FW_COMPARE_TREE_IDENTICAL: two files with the same content, or the
 *   same file twice (diff prints nothing)
 * @FW_COMPARE_TREE_DIFFERENT: "Files A/x and B/x differ"
 * @FW_COMPARE_TREE_ONLY_IN: "Only in A/sub: name"
 * @FW_COMPARE_TREE_TYPES_DIFFER: "File A/x is a T while file B/x is a T"
 * @FW_COMPARE_TREE_ERROR: "diff: PATH: reason"
 * @FW_COMPARE_TREE_LOOP: "diff: A/x: recursive directory loop"
 */
typedef enum {
  FW_COMPARE_TREE_IDENTICAL,
  FW_COMPARE_TREE_DIFFERENT,
  FW_COMPARE_TREE_ONLY_IN,
  FW_COMPARE_TREE_TYPES_DIFFER,
  FW_COMPARE_TREE_ERROR,
  FW_COMPARE_TREE_LOOP,
} FwCompareTreeVerdict;

/**
 * FwCompareTreeEntry:
 * @verdict: what was found
 * @path_a: the A side's path (as diff names it); %NULL for ONLY_IN in B
 * @path_b: the B side's path; %NULL for ONLY_IN in A
 * @side: ONLY_IN: the side that has it (0: A, 1: B); ERROR: the side
 *   whose path failed; LOOP: 0
 * @dir: ONLY_IN: the folder holding it, as diff names it
 * @name: ONLY_IN: its name in @dir
 * @type_a: @type_b: TYPES_DIFFER: diff's words for the two types
 * @error_code: ERROR: the errno value, or 0 when only @message tells
 * @message: ERROR: what failed (g_strerror() of @error_code, or the
 *   read error's message)
 *
 * One verdict, valid during the callback only.
 */
typedef struct {
  FwCompareTreeVerdict  verdict;
  const char           *path_a;
  const char           *path_b;
  guint                 side;
  const char           *dir;
  const char           *name;
  const char           *type_a;
  const char           *type_b;
  int                   error_code;
  const char           *message;
} FwCompareTreeEntry;

typedef void (*FwCompareTreeFunc) (const FwCompareTreeEntry *entry,
                                   gpointer                  user_data);

/**
 * fw_compare_tree:
 * @path_a: the first folder (or file), raw bytes as the user gave it
 * @path_b: the second
 * @pool: (nullable): where contents are compared; %NULL: in the calling
 *   thread, one pair after the other
 * @cancellable: (nullable): stops the walk and the comparisons
 * @func: called with each entry, in the calling thread, in diff's order
 * @user_data: for @func
 * @error: %G_IO_ERROR_CANCELLED only (failures are entries)
 *
 * Compares the two trees as described above and blocks until done: a
 * program calls it directly, the window from a thread of its own. Must not
 * be called from one of @pool's own jobs.
 *
 * Returns: %FALSE when cancelled (entries already handed over stand)
 */
gboolean fw_compare_tree (const char         *path_a,
                          const char         *path_b,
                          FwPool             *pool,
                          GCancellable       *cancellable,
                          FwCompareTreeFunc   func,
                          gpointer            user_data,
                          GError            **error);

/**
 * fw_compare_tree_excluding:
 * @path_a: the first folder (or file)
 * @path_b: the second
 * @exclude: (nullable): patterns of entries to leave out
 * @pool: (nullable): as for fw_compare_tree()
 * @cancellable: (nullable): as for fw_compare_tree()
 * @func: as for fw_compare_tree()
 * @user_data: for @func
 * @error: as for fw_compare_tree()
 *
 * fw_compare_tree(), leaving out every entry whose path relative to its
 * operand (`sub/x` for `A/sub/x` and `B/sub/x`) fw_exclude_match()
 * matches, on both sides alike: an excluded name is neither compared nor
 * "Only in", and an excluded folder is not entered. The operands
 * themselves are never left out. @exclude is only read, and must live
 * until this returns.
 *
 * Returns: %FALSE when cancelled
 */
gboolean fw_compare_tree_excluding (const char         *path_a,
                                    const char         *path_b,
                                    const FwExclude    *exclude,
                                    FwPool             *pool,
                                    GCancellable       *cancellable,
                                    FwCompareTreeFunc   func,
                                    gpointer            user_data,
                                    GError            **error);

/**
 * fw_compare_tree_file_type:
 * @mode: a st_mode
 * @size: the file's size
 *
 * Returns: diff's (gnulib's) words for the type: "regular empty file",
 *   "regular file", "directory", "fifo", "character special file", …
 */
const char *fw_compare_tree_file_type (guint  mode,
                                       gint64 size);

/**
 * fw_compare_tree_join:
 * @dir: a folder's path as diff names it
 * @name: a name in it
 *
 * Returns: (transfer full): @dir, its trailing slashes dropped, then `/`
 *   and @name (gnulib's file_name_concat(), as diff joins them)
 */
char *fw_compare_tree_join (const char *dir,
                            const char *name);

G_END_DECLS
