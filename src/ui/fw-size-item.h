/* fw-size-item.h — one entry of the size window: a tree node, a folder's
 * other files, or one of the largest files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-size.h"

G_BEGIN_DECLS

/**
 * FwSizeItemKind:
 * @FW_SIZE_ITEM_ENTRY: a node of the scan's tree (folder, file, other)
 * @FW_SIZE_ITEM_OTHER_FILES: a folder's files that are no node, summed
 *   ("N other files")
 * @FW_SIZE_ITEM_LARGE_FILE: one of the scan's largest files (its own copy
 *   of the #FwSizeFile)
 */
typedef enum {
  FW_SIZE_ITEM_ENTRY,
  FW_SIZE_ITEM_OTHER_FILES,
  FW_SIZE_ITEM_LARGE_FILE,
} FwSizeItemKind;

#define FW_TYPE_SIZE_ITEM (fw_size_item_get_type ())

G_DECLARE_FINAL_TYPE (FwSizeItem, fw_size_item, FW, SIZE_ITEM, GObject)

/*
 * An item refers to nodes of a tree the size window owns; it never frees
 * them. Main thread only. A folder entry whose subtree is still being
 * scanned is "partial": its figures are what completed so far (its own
 * entry, its files, its finished subfolders), added as they come
 * (fw_size_item_add_partial()); once complete they are the node's totals.
 * Cells follow the "revision" property, which the window bumps when
 * figures change.
 */
FwSizeItem     *fw_size_item_new_entry       (FwSizeNode       *node,
                                              FwSizeItem       *parent,
                                              gboolean          complete);
FwSizeItem     *fw_size_item_new_other_files (FwSizeNode       *folder,
                                              FwSizeItem       *parent);
FwSizeItem     *fw_size_item_new_large_file  (const FwSizeFile *file);

FwSizeItemKind  fw_size_item_get_kind        (FwSizeItem       *self);
/* The node (entry), the folder (other files), NULL once removed. */
FwSizeNode     *fw_size_item_get_node        (FwSizeItem       *self);
const FwSizeFile *fw_size_item_get_file      (FwSizeItem       *self);
FwSizeItem     *fw_size_item_get_parent      (FwSizeItem       *self);
gboolean        fw_size_item_is_folder       (FwSizeItem       *self);
gboolean        fw_size_item_get_complete    (FwSizeItem       *self);
void            fw_size_item_set_complete    (FwSizeItem       *self);
/* The entry is gone (trashed): it and everything under it forget their
 * nodes, which may be freed after. */
void            fw_size_item_forget          (FwSizeItem       *self);

/* Display name (UTF-8), path on disk (file name bytes). */
char           *fw_size_item_dup_name        (FwSizeItem       *self);
char           *fw_size_item_dup_path        (FwSizeItem       *self);
/* The folder of a large file, relative to the scanned folder ("" for
 * the folder itself), for display. */
char           *fw_size_item_dup_folder      (FwSizeItem       *self);

guint64         fw_size_item_get_size        (FwSizeItem       *self,
                                              gboolean          apparent);
guint64         fw_size_item_get_n_files     (FwSizeItem       *self);
guint64         fw_size_item_get_n_dirs      (FwSizeItem       *self);
gint64          fw_size_item_get_mtime       (FwSizeItem       *self);

/* A partial folder's figures grow by these (and its partial parents'). */
void            fw_size_item_add_partial     (FwSizeItem       *self,
                                              gint64            disk,
                                              gint64            apparent,
                                              gint64            files,
                                              gint64            dirs,
                                              gint64            mtime);
/* A folder's children, made on first use (the window fills it). */
GListStore     *fw_size_item_get_children    (FwSizeItem       *self);
/* The root's children are the window's top-level store. */
void            fw_size_item_set_children    (FwSizeItem       *self,
                                              GListStore       *children);
GListStore     *fw_size_item_peek_children   (FwSizeItem       *self);

guint           fw_size_item_get_revision    (FwSizeItem       *self);
void            fw_size_item_bump            (FwSizeItem       *self);

G_END_DECLS
