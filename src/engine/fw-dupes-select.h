/* fw-dupes-select.h — choosing which copies of a duplicate group go, with
 * the last copy protected
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-dupes.h"

G_BEGIN_DECLS

/**
 * SECTION:fw-dupes-select
 *
 * #FwDupesChoice is one group of #FwDupesScan with what the person chose
 * to remove from it (issue 22). GTK-free, so that its rules are tested
 * without a window; the window's #FwDupesView shows it.
 *
 * The unit chosen is a copy on disk, an inode, not a path: the paths of
 * one inode (hard links, #FwDupesFile.inode_index) are selected and
 * cleared together, since removing one of them frees nothing and leaves
 * the content where it was. So a hard link is never offered for removal
 * as a copy of its own inode.
 *
 * The last copy is protected: a group never has all its inodes selected.
 * fw_dupes_choice_set_selected() refuses to select the last one
 * (fw_dupes_choice_can_select() says so beforehand), and every rule keeps
 * at least one.
 *
 * Main thread or any one thread at a time: no locking.
 */

/**
 * FwDupesRule:
 * @FW_DUPES_KEEP_NEWEST: keep the copy modified last (ties: the first in
 *   path order), select the others
 * @FW_DUPES_KEEP_OLDEST: keep the copy modified first (ties: the first in
 *   path order)
 * @FW_DUPES_KEEP_SHORTEST_PATH: keep the copy with the shortest path, in
 *   bytes (ties: the first in path order)
 * @FW_DUPES_KEEP_IN_FOLDER: keep every copy with a path inside the
 *   reference folder, select all the others; a group with no copy there
 *   is left with nothing selected (no copy has a claim to be kept)
 *
 * The rules that select all but one (or all but the reference folder's)
 * copies of a group. Each replaces the group's selection.
 */
typedef enum {
  FW_DUPES_KEEP_NEWEST,
  FW_DUPES_KEEP_OLDEST,
  FW_DUPES_KEEP_SHORTEST_PATH,
  FW_DUPES_KEEP_IN_FOLDER,
} FwDupesRule;

typedef struct {
  FwDupesGroup *group;        /* (owned) */
  guint8       *selected;     /* one flag per inode: group->n_inodes */
  guint         n_selected;   /* inodes selected */
} FwDupesChoice;

/* Takes @group (transfer full); nothing selected. */
FwDupesChoice *fw_dupes_choice_new            (FwDupesGroup        *group);
void           fw_dupes_choice_free           (FwDupesChoice       *choice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwDupesChoice, fw_dupes_choice_free)

/* Whether the file at @index (in group->files) is selected (its inode). */
gboolean       fw_dupes_choice_get_selected   (const FwDupesChoice *choice,
                                               guint                index);
/* Whether the file at @index may be selected: FALSE when its inode is the
 * group's last one not selected (the last copy). TRUE when it is
 * selected already. */
gboolean       fw_dupes_choice_can_select     (const FwDupesChoice *choice,
                                               guint                index);
/* Selects or clears the file at @index and every path of its inode.
 * Returns: FALSE (and changes nothing) when selecting it would select
 * the last copy; TRUE otherwise. */
gboolean       fw_dupes_choice_set_selected   (FwDupesChoice       *choice,
                                               guint                index,
                                               gboolean             selected);
void           fw_dupes_choice_clear          (FwDupesChoice       *choice);
/* Applies @rule to the group. @reference: the reference folder, for
 * %FW_DUPES_KEEP_IN_FOLDER (a path, without or with a final '/'); a file
 * is in it when its path starts with it followed by '/'. */
void           fw_dupes_choice_apply_rule     (FwDupesChoice       *choice,
                                               FwDupesRule          rule,
                                               const char          *reference);
/* Paths selected (every link of each selected inode). */
guint          fw_dupes_choice_get_n_selected_files (const FwDupesChoice *choice);
/* What removing the selected copies frees: size × inodes selected. */
guint64        fw_dupes_choice_get_freed      (const FwDupesChoice *choice);

/**
 * fw_dupes_choice_remove_paths:
 * @choice: a choice
 * @gone: (element-type utf8): paths (as in group->files) that were moved
 *   to the trash; others are ignored
 *
 * Takes those paths out of the group: inode indexes are counted again,
 * #FwDupesGroup.n_inodes, wasted and #FwDupesFile.linked follow, and the
 * selection of the inodes left is kept.
 *
 * Returns: TRUE when the group is still one (two copies or more)
 */
gboolean       fw_dupes_choice_remove_paths   (FwDupesChoice       *choice,
                                               GHashTable          *gone);

/* Whether @path is inside the folder @folder (not the folder itself). */
gboolean       fw_dupes_path_in_folder        (const char          *path,
                                               const char          *folder);

G_END_DECLS
