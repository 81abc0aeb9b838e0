/* fw-size-window-private.h — what the size window's files share, and the
 * tests' getters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * | file                      | holds                                       |
 * | ------------------------- | ------------------------------------------- |
 * | fw-size-window.c          | the object, the scan, streaming into items  |
 * | fw-size-window-columns.c  | the two views' columns and their cells      |
 * | fw-size-window-actions.c  | the row menu: Open, Copy Path, Trash        |
 * | fw-size-window-layout.c   | the layout by width: switcher, columns      |
 *
 * Threads: everything here runs on the main thread. The scan's tree hook
 * (pool threads) only appends finished folders to the feed under its
 * lock; a timeout on the main loop (~30 Hz) takes them in one batch.
 */
#pragma once

#include "fw-alert.h"
#include "fw-pool.h"
#include "fw-size.h"
#include "fw-size-item.h"
#include "fw-size-window.h"

G_BEGIN_DECLS

/* Finished folders, from the pool's threads to the main thread. */
typedef struct {
  gint       ref_count;
  GMutex     lock;
  GPtrArray *done;       /* FwSizeNode*, in completion order */
} FwSizeFeed;

struct _FwSizeWindow
{
  AdwWindow           parent_instance;

  AdwToastOverlay    *toasts;
  AdwWindowTitle     *window_title;
  GtkToggleButton    *apparent_button;
  AdwViewStack       *stack;
  AdwViewSwitcher    *header_switcher; /* wide: in the header */
  AdwViewSwitcherBar *switcher_bar;    /* narrow: at the bottom */
  GtkColumnView      *tree_view;
  GtkColumnView      *largest_view;
  GMenuModel         *row_menu;
  GtkWidget          *row_popover;

  GFile              *folder;
  char               *path;

  /* The current scan; a rescan replaces all of it. */
  FwPool             *pool;
  FwSizeScan         *scan;
  GCancellable       *cancellable;
  FwSizeFeed         *feed;
  FwSizeResult       *result;     /* once the scan is over: owns the tree
                                   * (the row's, when @source is set) */
  /* The row's own scan (fw_size_window_new_for_row()), until a rescan:
   * its folders taken from @source_cursor on at each tick. */
  FwJobSizeTree      *source;
  guint               source_cursor;
  gboolean            all_done;   /* built from a finished tree: every
                                   * folder is final */
  FwSizeNode         *tree;       /* the tree's root node */
  guint               generation;
  guint               tick_id;
  gboolean            scanning;
  gboolean            root_listed;
  gint64              largest_at; /* when Largest Files was last refreshed */
  gint64              sorted_at;  /* when the tree was last re-sorted */
  gboolean            largest_dirty; /* the scan is over, Largest Files
                                      * not filled since */

  FwSizeItem         *root;       /* NULL until the root node is known */
  GListStore         *top;        /* the root's rows: the tree's model */
  GHashTable         *items;      /* FwSizeNode* → FwSizeItem* (entries) */
  GHashTable         *done;       /* FwSizeNode* of finished folders */
  GHashTable         *bound;      /* FwSizeItem* → cells bound to it */
  GtkTreeListModel   *tree_model;
  GtkSorter          *sorter;
  GtkSortListModel   *tree_sorted;  /* not a reference */
  GtkSingleSelection *tree_selection;
  GListStore         *largest_store;
  GtkSingleSelection *largest_selection;
  gboolean            apparent;

  FwAlert            *alert;      /* the open confirmation, if any */
  gint64              longest_tick_us;
};

/* fw-size-window-layout.c: the switcher in the header or at the
 * bottom, and the columns shown, by the window's width. Init: from
 * fw_size_window_init(); update: when the width changes. */
void          fw_size_window_layout_init     (FwSizeWindow *self);
void          fw_size_window_update_layout   (FwSizeWindow *self);
/* fw-size-window-columns.c: narrow: the columns that matter less
 * (Files, Folders, Modified; Largest Files' Modified) go, Size and
 * Share narrow; Largest Files' Folder folds under Name. */
void          fw_size_window_columns_set_narrow (FwSizeWindow *self,
                                                 gboolean      narrow);

/* fw-size-window.c */
void          fw_size_window_refresh         (FwSizeWindow *self);
/* Largest Files from the scan's top 100, by disk usage or (Apparent
 * Sizes) by apparent size; rows kept when the files are the same. */
void          fw_size_window_refresh_largest (FwSizeWindow *self);
void          fw_size_window_toast           (FwSizeWindow *self,
                                              const char   *text);
/* Before an entry's rows leave (@leaving, or any row of @leaving_node):
 * if @selection's selected row is one of them, the next row is selected
 * (past its children; the row before it when it is the last). The
 * selection follows that row through the removal and the re-sort. */
void          fw_size_window_select_next     (FwSizeWindow       *self,
                                              GtkSingleSelection *selection,
                                              FwSizeItem         *leaving,
                                              FwSizeNode         *leaving_node);
/* The entry is gone: its row leaves the tree (and Largest Files). */
void          fw_size_window_drop_item       (FwSizeWindow *self,
                                              FwSizeItem   *item);

void          fw_size_window_emit_show_item  (FwSizeWindow *self,
                                              GFile        *file);

/* fw-size-window-columns.c */
/* GtkTreeListModel's function: a folder's rows (made on first use). */
GListModel   *fw_size_window_create_children (gpointer      item,
                                              gpointer      user_data);
void          fw_size_window_columns_init    (FwSizeWindow *self);
/* The item a row of either view shows. */
FwSizeItem   *fw_size_window_row_item        (gpointer      row);
char         *fw_size_window_format_mtime    (gint64        mtime);

/* fw-size-window-actions.c */
void          fw_size_window_actions_class_init (GtkWidgetClass *widget_class);
void          fw_size_window_actions_init    (FwSizeWindow *self);
void          fw_size_window_popup_menu      (FwSizeWindow *self,
                                              GtkWidget    *cell,
                                              double        x,
                                              double        y);
/* Which row actions apply to the selection, the scan and the dialog. */
void          fw_size_window_update_actions  (FwSizeWindow *self);
/* The selected item of the visible view (nullable, a new reference). */
FwSizeItem   *fw_size_window_get_selected    (FwSizeWindow *self);
/* Trashes @item after asking (the confirmation: self->alert). */
void          fw_size_window_trash           (FwSizeWindow *self,
                                              FwSizeItem   *item);

/* For tests and the benchmark. */
GtkTreeListModel *fw_size_window_get_tree_model   (FwSizeWindow *self);
GtkSingleSelection *fw_size_window_get_tree_selection (FwSizeWindow *self);
GListModel   *fw_size_window_get_largest_model    (FwSizeWindow *self);
gboolean      fw_size_window_get_scanning         (FwSizeWindow *self);
FwSizeItem   *fw_size_window_get_root             (FwSizeWindow *self);
/* Whether the tree's rows are still being sorted (in steps). */
gboolean      fw_size_window_get_sorting          (FwSizeWindow *self);
/* Whether the tree is the row's own scan (no scan of the window's). */
gboolean      fw_size_window_get_from_row         (FwSizeWindow *self);
/* The longest tick so far, in microseconds. */
gint64        fw_size_window_get_longest_tick     (FwSizeWindow *self);

G_END_DECLS
