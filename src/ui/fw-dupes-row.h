/* fw-dupes-row.h — one row of the duplicates list: a group or a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-dupes-select.h"

G_BEGIN_DECLS

#define FW_TYPE_DUPES_ROW (fw_dupes_row_get_type ())

G_DECLARE_FINAL_TYPE (FwDupesRow, fw_dupes_row, FW, DUPES_ROW, GObject)

/**
 * FwDupesRow:
 *
 * An item of #FwDupesView's GtkTreeListModel: a group row (it owns the
 * group's #FwDupesChoice and, once expanded, a GListStore of its file
 * rows) or a file row (its group row and the file's index in the group).
 * The "selected" property is notified on every row of a group whose
 * selection changed, so that bound check boxes follow. Main thread.
 */

/* Takes @choice (transfer full). */
FwDupesRow          *fw_dupes_row_new_group      (FwDupesChoice *choice);
FwDupesRow          *fw_dupes_row_new_file       (FwDupesRow    *group,
                                                  guint          index);

gboolean             fw_dupes_row_is_group       (FwDupesRow    *self);
/* The group row (itself for a group row). */
FwDupesRow          *fw_dupes_row_get_group      (FwDupesRow    *self);
FwDupesChoice       *fw_dupes_row_get_choice     (FwDupesRow    *self);
/* A file row's file. */
const FwDupesFile   *fw_dupes_row_get_file       (FwDupesRow    *self);
guint                fw_dupes_row_get_index      (FwDupesRow    *self);
/* A file row: whether its inode is selected; a group row: whether any is. */
gboolean             fw_dupes_row_get_selected   (FwDupesRow    *self);

/* A group row's file rows, made on first call (the tree's child model):
 * (transfer none). */
GListModel          *fw_dupes_row_get_children   (FwDupesRow    *self);
/* Makes the file rows again from the group (after files left it), and
 * notifies "selected" on every row of the group. */
void                 fw_dupes_row_rebuild        (FwDupesRow    *self);
/* Notifies "selected" on the group row and its file rows. */
void                 fw_dupes_row_selection_changed (FwDupesRow *self);

/* Group rows' order: most space wasted first, then larger size, then the
 * first path byte-wise (so the empty files' group comes last). The
 * GCompareDataFunc over rows, and the same over groups. */
int                  fw_dupes_row_compare        (gconstpointer  a,
                                                  gconstpointer  b,
                                                  gpointer       unused);
int                  fw_dupes_group_compare_waste (const FwDupesGroup *a,
                                                   const FwDupesGroup *b);

G_END_DECLS
