/* fw-size-removal.h — what moving an entry of a size tree to the trash
 * frees, and the tree corrected without a rescan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-size.h"

G_BEGIN_DECLS

/**
 * SECTION:fw-size-removal
 * @title: Removing from a size tree
 * @short_description: what trashing a tree's entry really frees
 *
 * The window's tree (a scan with %FW_SIZE_RECORD_TREE and
 * %FW_SIZE_RECORD_LARGEST_FILES) offers Move to Trash on any entry. Before
 * it asks, fw_size_removal_plan() says what the move frees: a file with
 * other hard links frees nothing (its data stays reachable); a folder
 * frees its subtree less the files that keep a link outside it; an entry
 * whose trash folder lies inside the scanned tree only moves. Once the
 * trash succeeded, fw_size_tree_remove() takes the entry out of the tree
 * and corrects the totals of every folder above it.
 *
 * All of it runs in one thread (the window's main thread) on a tree whose
 * scan is over: nothing else may read or write the tree meanwhile.
 */

/**
 * FwSizeRemovalKind:
 * @FW_SIZE_REMOVAL_FREES: the space is freed (#FwSizeRemoval's figures)
 * @FW_SIZE_REMOVAL_LINKED: a file with other hard links: nothing is freed
 * @FW_SIZE_REMOVAL_MOVES_INSIDE: the trash folder lies inside the scanned
 *   tree: the entry only moves, nothing is freed
 */
typedef enum {
  FW_SIZE_REMOVAL_FREES,
  FW_SIZE_REMOVAL_LINKED,
  FW_SIZE_REMOVAL_MOVES_INSIDE,
} FwSizeRemovalKind;

/**
 * FwSizeRemoval:
 * @kind: what the move does
 * @disk_usage: the disk usage it frees (0 unless %FW_SIZE_REMOVAL_FREES)
 * @apparent_size: the apparent size it frees, likewise
 *
 * What moving one entry to the trash does to the tree.
 */
typedef struct {
  FwSizeRemovalKind kind;
  guint64           disk_usage;
  guint64           apparent_size;
} FwSizeRemoval;

/**
 * fw_size_removal_plan:
 * @node: an entry of a complete tree (not its root)
 * @trash_dir: (nullable): the trash folder the entry would go to, as an
 *   absolute path (fw_trash_get_dir()); %NULL if unknown
 * @removal: (out caller-allocates): what moving it there does
 *
 * A folder frees its subtree's counted total less the files with several
 * links that keep a name outside it (all of a file's names inside the
 * folder: freed).
 */
void fw_size_removal_plan (const FwSizeNode *node,
                           const char       *trash_dir,
                           FwSizeRemoval    *removal);

/**
 * fw_size_removal_plan_file:
 * @file: one of the scan's largest files (it may be no node of the tree:
 *   a folder keeps only its largest files as nodes)
 * @trash_dir: (nullable): as for fw_size_removal_plan()
 * @removal: (out caller-allocates): what moving it there does
 */
void fw_size_removal_plan_file (const FwSizeFile *file,
                                const char       *trash_dir,
                                FwSizeRemoval    *removal);

/**
 * fw_size_tree_remove:
 * @node: (transfer full): the entry that was moved to the trash (not the
 *   root)
 * @trash_dir: (nullable): where it went, as given to fw_size_removal_plan()
 * @removal: what fw_size_removal_plan() said
 *
 * Takes @node out of its folder and frees it. %FW_SIZE_REMOVAL_FREES:
 * every folder above loses what was freed. %FW_SIZE_REMOVAL_MOVES_INSIDE:
 * only the folders below the one that holds both the entry and the trash
 * lose the entry; the trash folder's node, if the tree has it, gains it;
 * the total is unchanged. %FW_SIZE_REMOVAL_LINKED: the totals are unchanged
 * (the data is still counted at another name), the counts lose the entry.
 */
void fw_size_tree_remove (FwSizeNode          *node,
                          const char          *trash_dir,
                          const FwSizeRemoval *removal);

/**
 * fw_size_tree_remove_file:
 * @file: one of the scan's largest files, that was moved to the trash
 * @trash_dir: (nullable): where it went
 * @removal: what fw_size_removal_plan_file() said
 *
 * As fw_size_tree_remove() for a file that may be summed in its folder's
 * other files rather than a node (then those sums lose it).
 */
void fw_size_tree_remove_file (const FwSizeFile    *file,
                               const char          *trash_dir,
                               const FwSizeRemoval *removal);

G_END_DECLS
