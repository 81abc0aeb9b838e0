/* fw-window-private.h — what the window's files share, and its test hooks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FwWindow is split as GNOME Text Editor splits its window: fw-window.c
 * (the object, its status and title, adding items, closing) beside one
 * file per concept, which all see the struct below. Nothing outside
 * src/ui includes this header, but the tests.
 */
#pragma once

#include <adwaita.h>

#include "fw-alert.h"
#include "fw-details-pane.h"
#include "fw-dupes-view.h"
#include "fw-expect-bar.h"
#include "fw-footer.h"
#include "fw-paced-list-model.h"
#include "fw-window.h"

G_BEGIN_DECLS

struct _FwWindow
{
  AdwApplicationWindow  parent_instance;
  gboolean              disposed;   /* a chooser may answer after the close */

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *mode_button;
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  GtkColumnView        *column_view;
  GtkRevealer          *footer_revealer;
  FwFooter             *footer;
  GMenuModel           *row_menu;
  AdwFlap              *details_flap;
  FwDetailsPane        *details_pane;
  GtkToggleButton      *details_button;

  GSettings            *settings;
  FwBatch              *batch;
  FwPacedListModel     *paced;      /* the batch's rows at the view's pace */
  gboolean              rows_pending; /* paced rows not shown yet, at the last look */
  GtkSortListModel     *sort_model;
  GtkMultiSelection    *selection;
  GtkDropTarget        *drop_target;
  GtkWidget            *row_popover;
  GSimpleActionGroup   *mode_actions;
  GtkListBox           *job_list;        /* the empty page's jobs */
  GtkWidget            *algorithms_box;  /* the job popover's algorithms section */
  GtkWidget            *algorithm_checks; /* its check buttons */

  guint                 inhibit_cookie;
  GtkApplication       *inhibit_app;     /* what inhibit_cookie is from */
  gboolean              close_confirmed;
  FwAlert              *close_alert;     /* the close question while it is asked (weak) */
  gboolean              has_verify;
  char                 *last_toast;   /* for tests */
  AdwToast             *shown_toast;  /* the one on screen, or waiting to be */
  guint                 skipped_told; /* special files the summaries told of */
  gint64                batch_start;  /* first item added while idle */
  GPtrArray            *checksum_files; /* GFile: verified in this batch */
  GFile                *compare_first;  /* Compare Folders: the first folder, waiting for its pair */
  gboolean              stop_asked;   /* win.cancel since the run began: its summary offers Run Again */
  GPtrArray            *undo_jobs;    /* FwJob: the rows the last Remove or Clear took (fw-window-undo.c) */
  GArray               *undo_positions; /* guint: where each was in the batch's list */
  GtkWidget            *menu_focus;   /* what had the focus when the row menu opened (weak) */

  /* The expected digest (fw-window-expect.c) */
  FwExpectBar          *expect_bar;
  FwExpected           *expect_pending;  /* waits for the next files added */
  gboolean              expect_waiting_rows; /* those files were added */
  FwAlgorithmSet        expect_saved_algorithms; /* the batch's, during that addition */
  FwJob                *expect_job;      /* the row the banner speaks of */
  GCancellable         *expect_read;     /* the clipboard's text, being read */
  GCancellable         *expect_list_read; /* a chosen checksum file, being read */
  char                 *expect_offered;  /* the clipboard text last offered */

  /* The audit of a verified list (fw-window-audit.c) */
  GtkFilterListModel   *filter_model;    /* the sorted rows, through a Show filter (fw-window-row-filter.c) */
  GtkRevealer          *audit_bar;
  GtkLabel             *audit_label;     /* its counts */
  GtkDropDown          *audit_filter;    /* All, Problems, Changed, Missing, New, Moved */
  GtkButton            *audit_add_button; /* Add New Files to LIST */
  GCancellable         *audit_cancellable; /* while the audit runs */
  GCancellable         *audit_adding;    /* while Add New Files to LIST runs */
  GtkButton            *audit_start_button; /* Look for New Files */
  GtkWidget            *audit_spinner;
  GtkButton            *audit_stop_button; /* win.cancel, while it runs */
  GPtrArray            *audit_lists;     /* char *: the lists verified, offered an audit */
  char                 *audit_list;      /* the one list audited, or NULL */
  char                 *audit_base;      /* the folder its names resolve against */
  GPtrArray            *audit_found;     /* FwJob: the rows of the files found */
  /* Find Duplicates (fw-window-dupes.c) */
  FwDupesView          *dupes_view;
  /* Compare Folders' bar (fw-window-compare-folders.c) */
  GtkRevealer          *compare_bar;
  GtkLabel             *compare_label;   /* how many rows are shown */
  GtkDropDown          *compare_filter;  /* All, Differences, Different, Only in A, Only in B, Different Type */
  gboolean              compare_shown;   /* the bar is up: its default was chosen */
};

/* fw-window.c ------------------------------------------------------------- */

/* Shows @title (plain text) in a toast: it takes the place of the one
 * shown. Nothing once the window is closed. Main thread. */
void      fw_window_toast         (FwWindow       *self,
                                   const char     *title);
/* The same, with a button (@button_label, mnemonic) that activates
 * @action_name (a win.* action) with @target (floating, nullable); NULL
 * for none. It takes the shown toast's place. */
void      fw_window_toast_with_button (FwWindow   *self,
                                       const char *title,
                                       const char *button_label,
                                       const char *action_name,
                                       GVariant   *target);

/* Brings the title, the footer, the page shown and the actions' states
 * up to date with the batch. */
void      fw_window_update_status (FwWindow       *self);
/* Inhibits suspend while the batch or the duplicate scan runs (through
 * the window's application), and lifts it once neither does. */
void      fw_window_update_inhibit (FwWindow      *self);
/* The selected rows' jobs (FwJob, owned), in view order. */
GPtrArray *fw_window_get_selected (FwWindow      *self);
/* The job chosen (fw-window-mode-menu.c): what dropped items become. */
FwBatchMode fw_window_get_mode    (FwWindow       *self);

/* fw-window-actions.c: installs the win.* actions and their shortcuts
 * (from class_init); the row menu's FwRowMenuFunc (fw-job-columns.h),
 * which selects the row clicked, enables what means something for the
 * selected rows and pops the menu up (Menu and Shift+F10 open it on the
 * focused row: win.row-menu); the menu's "closed" handler, which gives
 * the focus back. */
void      fw_window_class_actions_init (GtkWidgetClass *widget_class);
void      fw_window_row_menu_cb        (GtkWidget      *cell,
                                        guint           position,
                                        double          x,
                                        double          y,
                                        gpointer        user_data);
void      fw_window_row_menu_closed_cb (GtkPopover     *popover,
                                        FwWindow       *self);
/* Arrow keys in the row menu that reach every item. */
void      fw_window_row_menu_keys_init (GtkWidget      *popover);

/* fw-window-undo.c: Remove From List and Clear List, with a toast whose
 * Undo (win.undo, Ctrl+Z) brings the same rows back where they were
 * (fw_batch_restore()). One undo at a time: the last removal, while its
 * toast is shown. @jobs: the rows, in any order. */
void      fw_window_remove_rows   (FwWindow       *self,
                                   GPtrArray      *jobs);
void      fw_window_clear_rows    (FwWindow       *self);
void      fw_window_undo          (FwWindow       *self);
/* Drops what Undo would bring back (its toast went, or another took its
 * place). */
void      fw_window_forget_undo   (FwWindow       *self);

/* fw-window-mode-menu.c: builds the job button's popover, the empty
 * page's job rows and their "mode" action group; the button's label, the
 * algorithms' check marks and whether they apply follow the settings. */
void      fw_window_setup_mode_menu        (FwWindow *self);
void      fw_window_update_mode_button     (FwWindow *self);
void      fw_window_sync_algorithm_actions (FwWindow *self);
/* Items added as @mode whatever the job (the command line, Files) are
 * shown: Find Duplicates has a page of its own, so when @mode or the job
 * chosen is Find Duplicates and the other is not, the job becomes
 * @mode's (Hash Files for a verification). */
void      fw_window_show_mode              (FwWindow    *self,
                                            FwBatchMode  mode);

/* fw-window-export.c: what the Export dialog does with the file chosen:
 * names relative to its folder, written atomically in a thread; a toast
 * tells the outcome (in the main thread), with an Open button once
 * written. @algorithm: for %FW_EXPORT_GNU, the one algorithm written
 * (fw_export_build_gnu()); %FW_ALGORITHM_INVALID: fw_window_build_export(). */
void      fw_window_export_to     (FwWindow       *self,
                                   FwExportFormat  format,
                                   FwAlgorithm     algorithm,
                                   GFile          *file);
/* The win.export action's handler ("gnu", "gnu:ALGORITHM", "bsd", "sfv",
 * "csv"), and win.show-exported's (a URI: shown in the file manager). */
void      fw_window_export_action (GtkWidget      *widget,
                                   const char     *action_name,
                                   GVariant       *parameter);
void      fw_window_show_exported_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter);
/* The name the chooser suggests: SHA256SUMS, MD5SUMS, B2SUMS…, CHECKSUMS
 * (BSD tags), checksums.sfv, fileworks.csv. */
char     *fw_window_export_suggested_name (FwExportFormat format,
                                           FwAlgorithm    algorithm);
/* Enables the Export submenu (export.menu) when there is a row. */
void      fw_window_export_update (FwWindow       *self,
                                   gboolean        can_export);

/* fw-window-verify.c: when nothing a verify batch listed could be read,
 * a toast offers to choose the folder (win.verify-in-folder); then the
 * checksum files of that batch are verified again, their names resolved
 * in @folder. */
void      fw_window_offer_verify_folder (FwWindow *self);
void      fw_window_verify_in_folder    (FwWindow *self,
                                         GFile    *folder);

/* fw-window-choosers.c: the file choosers (GtkFileDialog from GTK 4.10,
 * GtkFileChooserNative below). Each hands what is chosen to
 * fw_window_add_files(), fw_window_export_to() or
 * fw_window_verify_in_folder(); nothing when cancelled. */
void      fw_window_choose_items         (FwWindow       *self,
                                          gboolean        folder);
void      fw_window_choose_export_file   (FwWindow       *self,
                                          FwExportFormat  format,
                                          FwAlgorithm     algorithm,
                                          const char     *initial_name);
void      fw_window_choose_verify_folder (FwWindow       *self);
/* The checksum file beside a row's file when its folder cannot be read
 * (issue 19: the Flatpak); @folder: (nullable) where to open. */
void      fw_window_choose_checksum_list (FwWindow       *self,
                                          const char     *name,
                                          GFile          *folder);
/* Opens @file's folder in the file manager, @file selected where it can. */
void      fw_window_show_in_folder       (FwWindow       *self,
                                          GFile          *file);

/* fw-window-details.c: the details pane (FwDetailsPane in an AdwFlap),
 * opened by activating a row (Enter, double-click), win.show-details (the
 * row menu) or the header's toggle, and closed by its button or Escape;
 * while open it shows the first selected row. And the layout by width:
 * the columns (fw_job_columns_set_layout()) by the width the list has, the
 * pane over the list in a narrow window. Class: binds the template
 * children; init: connects them. */
void      fw_window_class_details_init (GtkWidgetClass *widget_class);
void      fw_window_details_init       (FwWindow       *self);
void      fw_window_update_layout      (FwWindow       *self);
/* The win.show-details action's handler: opens the pane. */
void      fw_window_show_details_action (GtkWidget     *widget,
                                         const char    *action_name,
                                         GVariant      *parameter);

/* fw-window-expect.c: the expected digest's field and banner (issue 19;
 * the rules are at the top of that file). Class: binds the bar; init:
 * connects it, the batch's rows, the clipboard and is-active; update:
 * from fw_window_update_status() (shown while the job hashes, or while a
 * row has a verdict); before/after add: around fw_batch_add_files(), the
 * waiting digest's candidates join that addition's algorithms. */
void      fw_window_class_expect_init  (GtkWidgetClass *widget_class);
void      fw_window_expect_init        (FwWindow       *self);
void      fw_window_expect_dispose     (FwWindow       *self);
void      fw_window_expect_update      (FwWindow       *self);
void      fw_window_expect_before_add  (FwWindow       *self,
                                        FwBatchMode     mode);
void      fw_window_expect_after_add   (FwWindow       *self);
/* Gives @expected to its row, or keeps it for the next files added. */
void      fw_window_expect_apply       (FwWindow         *self,
                                        const FwExpected *expected);
/* The checksum file chosen for the row whose folder cannot be read: read
 * on a worker; its line for the row's file becomes the row's expected
 * digest. A list chosen again meanwhile replaces it. */
void      fw_window_expect_list_chosen (FwWindow       *self,
                                        GFile          *file);
/* win.compare-clipboard: the clipboard's digest for the selected row. */
void      fw_window_expect_compare_clipboard (FwWindow  *self);

/* fw-window-audit.c: when a verify batch ends (not stopped), the audit
 * bar offers to look for new and moved files in the folder the lists'
 * names resolve against (fw_window_audit_offer(); win.audit-start runs
 * fw_window_audit_start() on a worker: FALSE when there is nothing to
 * audit); then the bar holds the counts, the filter by verdict and Add
 * New Files to LIST (win.audit-add-new). Init: builds the bar and the
 * row filter (before the view's model is made); update: from
 * fw_window_update_status(); cancel: Stop, Clear List and dispose. */
void      fw_window_class_audit_init   (GtkWidgetClass *widget_class);
void      fw_window_audit_init         (FwWindow       *self);
void      fw_window_audit_dispose      (FwWindow       *self);
void      fw_window_audit_offer        (FwWindow       *self);
gboolean  fw_window_audit_start        (FwWindow       *self);
void      fw_window_audit_cancel       (FwWindow       *self);
void      fw_window_audit_update       (FwWindow       *self);
gboolean  fw_window_audit_get_running  (FwWindow       *self);
/* Adds the files found to the list, without asking (the question's Add). */
void      fw_window_audit_add_new      (FwWindow       *self);
int       fw_window_audit_compare_names (gconstpointer  a,
                                         gconstpointer  b);
/* fw-window-row-filter.c: a "Show" drop-down (the audit's, Compare
 * Folders') and the filter it puts on the list's rows. @choices: ends
 * with a NULL label; the first is All (@match NULL: no filter at all);
 * @match: whether a row is shown. One filter at a time: choosing in one
 * drop-down sets the other to All. new: appends "Show" and the drop-down
 * to @box; set_visible: shows or hides both. */
typedef struct {
  const char  *label;                   /* marked for translation, header capitalization */
  gboolean   (*match) (FwJob *job);
} FwRowFilterChoice;

GtkDropDown *fw_window_row_filter_new  (FwWindow                *self,
                                        const FwRowFilterChoice *choices,
                                        GtkBox                  *box);
void      fw_window_row_filter_set_visible (GtkDropDown         *drop_down,
                                            gboolean             visible);

/* fw-window-dupes.c: Find Duplicates. Class: binds the view; init:
 * connects it (its state to the footer, its toasts, its reference folder
 * to a chooser). update_status: fw_window_update_status() in this mode
 * (the page, the footer and the batch actions follow the view's scan).
 * reference_chosen: Keep Those in Reference Folder's folder. */
void      fw_window_class_dupes_init   (GtkWidgetClass *widget_class);
void      fw_window_dupes_init         (FwWindow       *self);
void      fw_window_dupes_update_status (FwWindow      *self);
void      fw_window_dupes_reference_chosen (FwWindow   *self,
                                            GFile      *folder);
/* fw_window_build_export() in this mode: the groups' CSV; other formats
 * fail with %G_IO_ERROR_NOT_SUPPORTED (a toast says so). */
GBytes   *fw_window_dupes_build_export (FwWindow       *self,
                                        FwExportFormat  format,
                                        GError        **error);
/* fw-window-choosers.c: the reference folder for Keep Those in Reference
 * Folder… (to fw_window_dupes_reference_chosen()). */
void      fw_window_choose_reference_folder (FwWindow  *self);

/* fw-window-dnd.c: adds the window's drop target. */
void      fw_window_dnd_init      (FwWindow *self);

/* fw-window-compare-folders.c */
/* Two folders in Compare Files become Compare Folders (*@mode changes);
 * FALSE: a first folder is kept, waiting for its pair (nothing to add). */
gboolean  fw_window_compare_folders_infer    (FwWindow     *self,
                                              GFile       **files,
                                              guint         n_files,
                                              FwBatchMode  *mode);
/* (transfer full) (nullable): the waiting folder and @files[0] */
GPtrArray *fw_window_compare_folders_pair    (FwWindow     *self,
                                              GFile       **files,
                                              guint         n_files);
/* The settings it follows (exclude-patterns, mode) changed. */
void      fw_window_compare_folders_settings (FwWindow     *self);
/* Its bar above the list, while there are compared rows: how many rows
 * are shown, and Show (Differences at first). Init: builds it (hidden,
 * once the view's filter model is made); update: from
 * fw_window_update_status(). */
void      fw_window_compare_folders_init     (FwWindow     *self);
void      fw_window_compare_folders_update   (FwWindow     *self);
/* (nullable): the pattern "Exclude This Folder" adds for @job's folder */
char     *fw_window_exclude_pattern_for      (FwJob        *job);
void      fw_window_exclude_folder_action    (GtkWidget    *widget,
                                              const char   *action_name,
                                              GVariant     *parameter);
void      fw_window_exclude_undo_action      (GtkWidget    *widget,
                                              const char   *action_name,
                                              GVariant     *parameter);

/* Test hooks --------------------------------------------------------------- */

/* The window's drop target (fw-window-dnd.c), and its column view. */
GtkDropTarget *fw_window_get_drop_target (FwWindow *self);
GtkColumnView *fw_window_get_column_view (FwWindow *self);
/* The job actions: mode (the setting), choose (a job, then its chooser),
 * and one per algorithm (enabled while the job hashes). */
GActionGroup  *fw_window_get_mode_actions (FwWindow *self);
/* The text of the last toast shown, or %NULL. */
const char    *fw_window_get_last_toast  (FwWindow *self);
/* The footer's text. */
const char    *fw_window_get_status_text (FwWindow *self);
/* TRUE while the window is narrow enough to drop the Kind column. */
gboolean       fw_window_get_narrow      (FwWindow *self);
/* The details pane, and whether it is shown (fw-window-details.c). */
FwDetailsPane *fw_window_get_details_pane (FwWindow *self);
gboolean       fw_window_get_details_shown (FwWindow *self);
/* The expected digest's field and banner (fw-window-expect.c). */
FwExpectBar   *fw_window_get_expect_bar   (FwWindow *self);
/* The audit bar's filter, its counts' text, its Add button; whether
 * Add New Files to LIST runs (fw-window-audit.c). */
GtkDropDown   *fw_window_get_audit_filter (FwWindow *self);
const char    *fw_window_get_audit_text   (FwWindow *self);
GtkButton     *fw_window_get_audit_add_button (FwWindow *self);
GtkButton     *fw_window_get_audit_start_button (FwWindow *self);
gboolean       fw_window_audit_get_adding (FwWindow *self);
/* Find Duplicates' page (fw-window-dupes.c). */
FwDupesView   *fw_window_get_dupes_view   (FwWindow *self);

G_END_DECLS
