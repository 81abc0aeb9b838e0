/* fw-dupes-view-private.h — what the files of FwDupesView share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FwDupesView is split by concept: fw-dupes-view.c (the object, the scan,
 * groups arriving, the selection's totals and rules), fw-dupes-view-rows.c
 * (the list's row widgets) and fw-dupes-view-trash.c (Move to Trash).
 * Main thread, but the trash's own thread (fw-dupes-view-trash.c).
 */
#pragma once

#include "fw-alert.h"
#include "fw-dupes-row.h"
#include "fw-dupes-view.h"

G_BEGIN_DECLS

/* For tests: called with each new scan before it runs (to set the
 * engine's hook, fw_dupes_scan_set_hook()). */
typedef void (*FwDupesViewScanHook) (FwDupesView *view,
                                     FwDupesScan *scan,
                                     gpointer     user_data);

struct _FwDupesView
{
  GtkBox            parent_instance;

  GtkRevealer      *notes_revealer;
  GtkLabel         *notes_label;
  GtkLabel         *notes_details;
  GtkListView      *list_view;
  GtkMenuButton    *select_button;
  GtkLabel         *selection_label;
  GtkButton        *trash_button;

  GSettings        *settings;
  GListStore       *groups;       /* FwDupesRow, group rows, in waste order */
  GtkTreeListModel *tree;
  GPtrArray        *operands;     /* char *: every item added */
  GPtrArray        *folders;      /* char *: those that are folders */

  FwDupesScan      *scan;         /* the current one */
  FwPool           *pool;
  GCancellable     *cancellable;
  gboolean          scanning;     /* the scan's run has not returned */
  gboolean          paused;
  GPtrArray        *pending;      /* FwDupesGroup: taken, not shown yet */
  guint             pending_next;
  gboolean          pending_sorted; /* from pending_next on */
  guint             tick_id;
  gint64            longest_insert;
  guint             next_id;

  /* The scan's notes, taken on the tick as the groups are: the bar's
   * count, and the Details lines (the first NOTES_SHOWN_MAX). */
  guint64           n_notes;
  guint             notes_shown;
  GString          *notes_text;
  FwDupesViewScanHook scan_hook;
  gpointer          scan_hook_data;

  GHashTable       *bound;        /* RowWidgets of the rows shown */
  gboolean          trashing;
  FwAlert          *confirm;      /* weak */
  char             *refused;
};

/* fw-dupes-view.c */
void        fw_dupes_view_set_scan_hook   (FwDupesView        *self,
                                           FwDupesViewScanHook hook,
                                           gpointer            user_data);
/* The action bar's count and size, and which actions are enabled. */
void        fw_dupes_view_update_selection (FwDupesView        *self);
/* @path relative to the innermost folder added that holds it. */
const char *fw_dupes_view_display_path    (FwDupesView        *self,
                                           const char         *path);
/* Where @group goes in the groups' store (waste order). */
guint       fw_dupes_view_lower_bound     (FwDupesView        *self,
                                           const FwDupesGroup *group);
/* Emits "toast" with @text, and "changed". */
void        fw_dupes_view_emit_toast      (FwDupesView        *self,
                                           const char         *text);
void        fw_dupes_view_emit_changed    (FwDupesView        *self);

/* fw-dupes-view-rows.c: the list's factory (a row widget for group and
 * file rows alike), and bringing the rows shown up to date after a
 * change to many groups. */
GtkListItemFactory *fw_dupes_view_rows_factory_new (FwDupesView *self);
GListModel *fw_dupes_view_rows_children   (gpointer            item,
                                           gpointer            user_data);
void        fw_dupes_view_refresh_bound   (FwDupesView        *self);

/* fw-dupes-view-trash.c: the dupes.trash action. */
void        fw_dupes_view_trash_action    (GtkWidget          *widget,
                                           const char         *action_name,
                                           GVariant           *parameter);

G_END_DECLS
