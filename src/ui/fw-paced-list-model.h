/* fw-paced-list-model.h — a list model that shows new rows at a view's pace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * FwPacedListModel:
 *
 * A #GListModel over another one (the batch's rows) that shows the items
 * appended to it at the pace a list view wants. The view makes a row of
 * widgets for each of the first couple of hundred items, about half a
 * millisecond each (and the frame after costs as much again): those come
 * a few dozen at a time, a step every tick (about 30 Hz). Further down
 * items cost no widgets: they come in one splice at most every 100 ms,
 * so that each splice, a frame to lay out and draw, lands a few times a
 * second. Everything else the model underneath does (removals, changes
 * among the rows shown) passes through at once.
 *
 * Main thread only, like any model a view shows: the steps run in the
 * thread-default main context of the thread that made it.
 */
#define FW_TYPE_PACED_LIST_MODEL (fw_paced_list_model_get_type ())
G_DECLARE_FINAL_TYPE (FwPacedListModel, fw_paced_list_model, FW, PACED_LIST_MODEL, GObject)

/* @model: (transfer none): the model whose rows it shows; a reference is
 * taken */
FwPacedListModel *fw_paced_list_model_new           (GListModel       *model);
/* Returns: (transfer none): the model underneath */
GListModel       *fw_paced_list_model_get_model     (FwPacedListModel *self);
/* The items of the model underneath not shown yet. */
guint             fw_paced_list_model_get_n_pending (FwPacedListModel *self);

G_END_DECLS
