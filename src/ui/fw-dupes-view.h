/* fw-dupes-view.h — Find Duplicates: the scan, its groups, choosing and
 * trashing copies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fw-dupes-select.h"

G_BEGIN_DECLS

#define FW_TYPE_DUPES_VIEW (fw_dupes_view_get_type ())

G_DECLARE_FINAL_TYPE (FwDupesView, fw_dupes_view, FW, DUPES_VIEW, GtkBox)

/**
 * FwDupesView:
 *
 * The window's page for Find Duplicates (issue 22). It runs one
 * #FwDupesScan over every item added (a new drop scans them all again),
 * on a pool of its own (the "n-workers" setting) with the
 * "dupes-skip-empty", "dupes-compare-bytes" and "dupes-algorithm"
 * settings. A tick (50 ms) takes the groups published so far
 * (fw_dupes_scan_take_groups()) and inserts them in waste order into a
 * GtkTreeListModel (group rows expanding to file rows), a few
 * milliseconds' worth per tick, so the list stays smooth however many.
 * The same tick takes the scan's notes (fw_dupes_scan_take_notes()): the
 * bar over the groups counts the files left out (special, changed,
 * unreadable) as they are met, and its Details list their first 1000
 * with the reason, while the scan runs and after.
 *
 * Signals: "changed" (the scan's state or progress, on every tick while
 * it runs: the window's footer follows), "toast" (a sentence to show),
 * "reference-wanted" (Keep Those in Reference Folder…: the window asks
 * for a folder, then calls fw_dupes_view_apply_rule()). Main thread.
 */

FwDupesView  *fw_dupes_view_new           (void);

/* Adds items (files or folders) and scans all the items again. */
void          fw_dupes_view_add           (FwDupesView  *self,
                                           GFile       **files,
                                           guint         n_files);
/* Forgets the items and the groups (a running scan is cancelled). */
void          fw_dupes_view_clear         (FwDupesView  *self);
void          fw_dupes_view_cancel        (FwDupesView  *self);
void          fw_dupes_view_set_paused    (FwDupesView  *self,
                                           gboolean      paused);
gboolean      fw_dupes_view_get_paused    (FwDupesView  *self);
/* While the scan runs, or found groups wait to be shown. */
gboolean      fw_dupes_view_get_running   (FwDupesView  *self);
/* Items were added (the page is shown rather than the empty page). */
gboolean      fw_dupes_view_get_has_items (FwDupesView  *self);
/* The footer's line and the bar's fraction (-1 when not running). */
char         *fw_dupes_view_get_status    (FwDupesView  *self,
                                           double       *fraction);

/* Applies @rule to every group (@reference: the folder, for
 * %FW_DUPES_KEEP_IN_FOLDER). */
void          fw_dupes_view_apply_rule    (FwDupesView  *self,
                                           FwDupesRule   rule,
                                           const char   *reference);

/* The groups as Find Duplicates' CSV (fw_export_build_dupes()), in view
 * order, every path of each. */
GBytes       *fw_dupes_view_build_csv     (FwDupesView  *self);
/* Groups shown. */
guint         fw_dupes_view_get_n_groups  (FwDupesView  *self);

/* For tests and the bench: the group rows (FwDupesRow, in view order),
 * the tree's rows, the list view, the longest time one tick spent
 * inserting groups (µs), and the refusals of the last Move to Trash
 * ("NAME: WHY" lines). */
GListModel   *fw_dupes_view_get_groups    (FwDupesView  *self);
GListModel   *fw_dupes_view_get_rows      (FwDupesView  *self);
GtkListView  *fw_dupes_view_get_list_view (FwDupesView  *self);
gint64        fw_dupes_view_get_longest_insert (FwDupesView *self);
const char   *fw_dupes_view_get_refused   (FwDupesView  *self);
/* Inserts @groups (FwDupesGroup, taken) as the scan's tick would. */
void          fw_dupes_view_push_groups   (FwDupesView  *self,
                                           GPtrArray    *groups);

G_END_DECLS
