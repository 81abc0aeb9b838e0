/* fw-walk.h — walking a folder for the files to hash (`-r`, dropped folders)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fw-exclude.h"

G_BEGIN_DECLS

/**
 * FwWalkKind:
 * @FW_WALK_FILE: a regular file, to be read (with %FW_DIGEST_REGULAR_ONLY)
 * @FW_WALK_SKIPPED: a FIFO, socket, device or symbolic link: never opened,
 *   never followed; the entry's error (%FW_ENGINE_ERROR_SKIPPED) says why,
 *   for a note to the user
 * @FW_WALK_ERROR: a folder that could not be listed (or the root itself);
 *   the entry's error says why (%G_IO_ERROR, from errno)
 */
typedef enum {
  FW_WALK_FILE,
  FW_WALK_SKIPPED,
  FW_WALK_ERROR,
} FwWalkKind;

/**
 * FwWalkEntry:
 * @kind: what was found
 * @path: the full path: the root as given, `/`, then the names below it
 * @error: (nullable): why it is skipped or failed; %NULL for a file.
 *   Its message reads "PATH: reason".
 * @size: a file's size when it was listed (for progress totals and for
 *   batching small files), or -1 when unknown
 * @is_link: %FW_WALK_SKIPPED: whether it is a symbolic link (a tree may
 *   hold thousands: the command line counts them rather than naming each)
 */
typedef struct {
  FwWalkKind  kind;
  char       *path;
  GError     *error;
  gint64      size;
  gboolean    is_link;
} FwWalkEntry;

void fw_walk_entry_free (FwWalkEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwWalkEntry, fw_walk_entry_free)

/**
 * FwWalk:
 *
 * An iterator over the tree below one folder, yielding entries in byte-wise
 * (strcmp) order of their full paths — so `b.txt` comes before `b/c`, since
 * `.` sorts before `/` — without holding the whole tree: one sorted listing
 * per folder on the current path is kept, each folder's descriptor closed as
 * soon as it is listed. Symbolic links are never followed (the root itself
 * is, as the user named it). Folders are not yielded, only what is in them.
 *
 * Used from one thread at a time; any thread.
 */
typedef struct _FwWalk FwWalk;

/* @root: a folder path, raw bytes as the user gave it (copied) */
FwWalk      *fw_walk_new  (const char *root);
/* Returns: (transfer full) (nullable): the next entry, %NULL at the end */
FwWalkEntry *fw_walk_next (FwWalk     *walk);
void         fw_walk_free (FwWalk     *walk);
/* Leaves out, from then on, every entry whose path (the root as given,
 * `/`, the names) @exclude matches, as `du --exclude` does: an excluded
 * folder is not read at all. @exclude (nullable) is borrowed: it must
 * outlive the walk. The root itself is not checked: the caller does
 * that. */
void         fw_walk_set_exclude (FwWalk          *walk,
                                  const FwExclude *exclude);
/* fw_walk_set_exclude(), matching each entry's path below the root
 * (`sub/x` for `ROOT/sub/x`) instead of the whole path: what the window
 * wants, where the dropped folder's own path (`~/.local`) must not make a
 * pattern such as `.*` leave out everything in it. */
void         fw_walk_set_exclude_relative (FwWalk          *walk,
                                           const FwExclude *exclude);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwWalk, fw_walk_free)

G_END_DECLS
