/* fw-window-actions.c — the window's actions (win.*) and its row menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every win.* action is installed here, with its keyboard shortcuts,
 * as widget actions of FwWindow (gtk_widget_class_install_action): the
 * header's buttons and main menu, the footer's buttons and the row menu
 * name them. Those that need more than a few lines hand over to the
 * file of their concept: the choosers (fw-window-choosers.c), the export
 * (fw-window-export.c), the two dialogs (FwHashTextDialog,
 * FwLargestDialog). Which are enabled follows the batch
 * (fw_window_update_status()) and, for the row menu, the rows it opens
 * on (fw_window_row_menu_cb()). Main thread.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fw-hash-text-dialog.h"
#include "fw-job-text.h"
#include "fw-largest-dialog.h"
#include "fw-size-window.h"
#include "fw-window-private.h"

/* Adding ------------------------------------------------------------------- */

static void
add_files_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  fw_window_choose_items (FW_WINDOW (widget), FALSE);
}

static void
add_folder_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  fw_window_choose_items (FW_WINDOW (widget), TRUE);
}

/* The batch ---------------------------------------------------------------- */

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);

  /* Find Duplicates' own scan (fw-window-dupes.c). */
  if (fw_window_get_mode (self) == FW_BATCH_MODE_DUPES)
    {
      fw_dupes_view_cancel (self->dupes_view);
      return;
    }
  /* The summary then offers Run Again (batch_finished_cb()). */
  self->stop_asked = fw_batch_get_running (self->batch);
  fw_window_audit_cancel (self);
  fw_batch_cancel (self->batch);
  fw_window_update_status (self);
}

static void
pause_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);

  if (fw_window_get_mode (self) == FW_BATCH_MODE_DUPES)
    {
      fw_dupes_view_set_paused (self->dupes_view, !fw_dupes_view_get_paused (self->dupes_view));
      return;
    }
  if (fw_batch_get_paused (self->batch))
    fw_batch_resume (self->batch);
  else
    fw_batch_pause (self->batch);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);

  fw_batch_start (self->batch);
  fw_window_update_status (self);
}

static void
run_again_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);

  if (fw_batch_run_again (self->batch) == 0)
    fw_window_toast (self, _("Nothing to run again"));
  fw_window_update_status (self);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);

  if (fw_window_get_mode (self) == FW_BATCH_MODE_DUPES)
    {
      fw_dupes_view_clear (self->dupes_view);
      return;
    }
  fw_window_clear_rows (self);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  fw_window_undo (FW_WINDOW (widget));
}

/* The selected rows -------------------------------------------------------- */

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);
  g_autoptr(GPtrArray) jobs = fw_window_get_selected (self);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < jobs->len; i++)
    {
      FwJob *job = g_ptr_array_index (jobs, i);
      g_autofree char *result = fw_job_text_result (job);

      if (result == NULL)
        continue;
      if (jobs->len == 1)
        g_string_append (text, result);
      else
        g_string_append_printf (text, "%s  %s\n", result,
                                fw_job_get_path (job) ? fw_job_get_path (job) : fw_job_get_name (job));
    }
  if (text->len == 0)
    {
      if (jobs->len > 0)
        fw_window_toast (self, ngettext ("Nothing to copy: the row has no result yet",
                                         "Nothing to copy: the rows have no result yet", jobs->len));
      return;
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text->str);
  fw_window_toast (self, jobs->len == 1 ? _("Result copied") : _("Results copied"));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);
  g_autoptr(GPtrArray) jobs = fw_window_get_selected (self);

  fw_window_remove_rows (self, jobs);
}

static void
cancel_row_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);
  g_autoptr(GPtrArray) jobs = fw_window_get_selected (self);

  fw_batch_cancel_jobs (self->batch, jobs);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);
  g_autoptr(GPtrArray) jobs = fw_window_get_selected (self);

  if (jobs->len == 0)
    return;
  fw_window_show_in_folder (self, fw_job_get_file (g_ptr_array_index (jobs, 0)));
}

static void
show_largest_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);
  g_autoptr(GPtrArray) jobs = fw_window_get_selected (self);
  FwJob *job;
  GPtrArray *largest;
  FwLargestDialog *dialog;

  if (jobs->len == 0)
    return;
  job = g_ptr_array_index (jobs, 0);
  largest = fw_job_get_largest (job);
  if (fw_job_get_kind (job) != FW_JOB_SIZE || largest == NULL)
    {
      fw_window_toast (self, _("Largest items are known for finished size jobs only"));
      return;
    }
  dialog = fw_largest_dialog_new (GTK_WINDOW (self), fw_job_get_file (job), fw_job_get_name (job),
                                  fw_job_get_size (job), largest);
  g_signal_connect_object (dialog, "show-item", G_CALLBACK (fw_window_show_in_folder), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A folder's size row: its tree and largest files in a window of their
 * own (fw-size-window.c), finished or still running. */
static void
show_size_tree_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);
  g_autoptr(GPtrArray) jobs = fw_window_get_selected (self);
  g_autoptr(FwJobSizeTree) tree = NULL;
  FwSizeWindow *window;
  FwJob *job;

  if (jobs->len == 0)
    return;
  job = g_ptr_array_index (jobs, 0);
  if (fw_job_get_kind (job) != FW_JOB_SIZE || !fw_job_get_is_folder (job))
    return;
  /* The row's own scan, running or over; a scan of the window's own only
   * for a row that has none to show (queued, or stopped before the end). */
  tree = fw_job_dup_size_tree (job);
  if (tree != NULL)
    {
      /* One window per tree: a Move to Trash in it frees what it removes. */
      g_autoptr(GObject) shown = fw_job_size_tree_dup_viewer (tree);

      if (shown != NULL)
        {
          gtk_window_present (GTK_WINDOW (shown));
          return;
        }
    }
  if (tree != NULL && (!fw_job_is_finished (job) || fw_job_size_tree_get_result (tree) != NULL))
    window = fw_size_window_new_for_row (GTK_WINDOW (self), fw_job_get_file (job), tree);
  else
    window = fw_size_window_new (GTK_WINDOW (self), fw_job_get_file (job));
  g_signal_connect_object (window, "show-item", G_CALLBACK (fw_window_show_in_folder), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
}

/* The clipboard's digest for the selected row, through the expected
 * digest's field and banner (fw-window-expect.c). */
static void
compare_clipboard_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  fw_window_expect_compare_clipboard (FW_WINDOW (widget));
}

void
fw_window_row_menu_cb (GtkWidget *cell,
                       guint      position,
                       double     x,
                       double     y,
                       gpointer   user_data)
{
  FwWindow *self = user_data;
  double px, py;
  GdkRectangle rect;
  g_autoptr(GPtrArray) jobs = NULL;
  gboolean can_cancel = FALSE;
  FwJob *first;

  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);

  /* Only what means something for these rows: the largest items of a
   * finished folder's size (show_largest_action() looks at the first
   * row), a cancel while one of them is queued or running. */
  jobs = fw_window_get_selected (self);
  first = jobs->len > 0 ? g_ptr_array_index (jobs, 0) : NULL;
  for (guint i = 0; i < jobs->len; i++)
    can_cancel |= !fw_job_is_finished (g_ptr_array_index (jobs, i));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-largest",
                                 first != NULL && fw_job_get_kind (first) == FW_JOB_SIZE &&
                                 fw_job_get_largest (first) != NULL && fw_job_get_n_dirs (first) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-size-tree",
                                 first != NULL && fw_job_get_kind (first) == FW_JOB_SIZE &&
                                 fw_job_get_is_folder (first));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-row", can_cancel);
  /* A hash row to compare with the clipboard's digest (hashed or not:
   * fw-window-expect.c takes the first selected). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compare-clipboard",
                                 first != NULL && fw_job_get_kind (first) == FW_JOB_HASH);
  /* A folder's row (compared or sized): its pattern for the next ones. */
  {
    g_autofree char *pattern = first != NULL ? fw_window_exclude_pattern_for (first) : NULL;

    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.exclude-folder", pattern != NULL);
  }

  if (!gtk_widget_translate_coordinates (cell, GTK_WIDGET (self->column_view), x, y, &px, &py))
    return;
  rect = (GdkRectangle) { (int) px, (int) py, 1, 1 };
  /* Escape gives the focus back where it was (row_menu_closed_cb()). */
  g_set_weak_pointer (&self->menu_focus, gtk_root_get_focus (GTK_ROOT (self)));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->row_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->row_popover));
}

/* The popover's "closed": the focus goes back to the row it was on (a
 * popover leaves it on its parent, the whole view). */
void
fw_window_row_menu_closed_cb (GtkPopover *popover,
                              FwWindow   *self)
{
  GtkWidget *focus = self->menu_focus;

  g_clear_weak_pointer (&self->menu_focus);
  if (focus != NULL && gtk_widget_get_mapped (focus) &&
      gtk_widget_get_root (focus) == GTK_ROOT (self))
    gtk_widget_grab_focus (focus);
}

/* Up and Down in the row menu: to the previous and next item, across its
 * sections, the greyed ones skipped, cycling. (GTK 4.8's popover menu
 * moves between the items of one section only, and wraps there: Open
 * Containing Folder and Remove From List were out of the arrows' reach
 * from the first item. Tab order is no way round it: on GTK 4.18 Tab
 * wraps inside a section too, Compare With Clipboard to Show Details.)
 * The items are the menu's mapped model buttons in the order of the
 * widget tree, which is the model's on every version. */
static void
collect_menu_items (GtkWidget *widget,
                    GType      item_type,
                    GPtrArray *items)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child))
        continue;
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, item_type))
        g_ptr_array_add (items, child);
      else
        collect_menu_items (child, item_type, items);
    }
}

static gboolean
row_menu_arrow_cb (GtkWidget *popover,
                   GVariant  *args,
                   gpointer   user_data)
{
  int step = GPOINTER_TO_INT (user_data);
  GType item_type = g_type_from_name ("GtkModelButton");
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (popover));
  int current = -1;
  int n;

  if (item_type == G_TYPE_INVALID)
    return FALSE;
  collect_menu_items (popover, item_type, items);
  n = (int) items->len;
  for (int i = 0; i < n && current < 0 && focus != NULL; i++)
    {
      GtkWidget *item = g_ptr_array_index (items, i);

      if (focus == item || gtk_widget_is_ancestor (focus, item))
        current = i;
    }
  /* From outside the items: Down to the first, Up to the last. */
  if (current < 0)
    current = step > 0 ? -1 : n;
  for (int k = 1; k <= n; k++)
    {
      GtkWidget *item = g_ptr_array_index (items, ((current + step * k) % n + n) % n);

      if (gtk_widget_is_sensitive (item) && gtk_widget_get_can_focus (item) &&
          gtk_widget_grab_focus (item))
        return TRUE;
    }
  return n > 0;
}

void
fw_window_row_menu_keys_init (GtkWidget *popover)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();
  const struct { guint keyval; int step; } arrows[] = {
    { GDK_KEY_Down, 1 }, { GDK_KEY_KP_Down, 1 }, { GDK_KEY_Up, -1 }, { GDK_KEY_KP_Up, -1 },
  };

  /* Before the popover's own arrow bindings. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (arrows); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (arrows[i].keyval, 0),
                                                            gtk_callback_action_new (row_menu_arrow_cb,
                                                                                     GINT_TO_POINTER (arrows[i].step),
                                                                                     NULL)));
  gtk_widget_add_controller (popover, keys);
}

/* The first cell of ours (with its list item, see fw-job-columns.c) in
 * @widget or under it, depth first. */
static GtkWidget *
find_row_cell (GtkWidget *widget)
{
  if (g_object_get_data (G_OBJECT (widget), "fw-list-item") != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *cell = find_row_cell (child);

      if (cell != NULL)
        return cell;
    }
  return NULL;
}

/* Menu, Shift+F10: the row menu of the row with the keyboard focus, as a
 * right click on it opens it, pointing at the row's first cell. Nothing
 * when the focus is not on a row. */
static void
row_menu_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *cell = NULL;
  GtkListItem *item;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)))
    return;
  /* The focus is on a row (GTK 4.8 to 4.10) or a cell (4.12 on), or in
   * one. */
  for (GtkWidget *w = focus; w != NULL && w != GTK_WIDGET (self->column_view) && cell == NULL;
       w = gtk_widget_get_parent (w))
    if (g_object_get_data (G_OBJECT (w), "fw-list-item") != NULL)
      cell = w;
  if (cell == NULL)
    cell = find_row_cell (focus);
  if (cell == NULL)
    return;
  item = g_object_get_data (G_OBJECT (cell), "fw-list-item");
  if (gtk_list_item_get_item (item) == NULL)
    return;
  fw_window_row_menu_cb (cell, gtk_list_item_get_position (item),
                         MIN (12, gtk_widget_get_width (cell)), gtk_widget_get_height (cell), self);
}

static void
verify_in_folder_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  fw_window_choose_verify_folder (FW_WINDOW (widget));
}

static void
hash_text_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);
  FwHashTextDialog *dialog = fw_hash_text_dialog_new (GTK_WINDOW (self),
                                                      fw_batch_get_algorithms (self->batch));

  gtk_window_present (GTK_WINDOW (dialog));
}

/* Installing --------------------------------------------------------------- */

void
fw_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.add-files", NULL, add_files_action);
  gtk_widget_class_install_action (widget_class, "win.add-folder", NULL, add_folder_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "win.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "win.run-again", NULL, run_again_action);
  gtk_widget_class_install_action (widget_class, "win.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.row-menu", NULL, row_menu_action);
  gtk_widget_class_install_action (widget_class, "win.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "win.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-row", NULL, cancel_row_action);
  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.show-largest", NULL, show_largest_action);
  gtk_widget_class_install_action (widget_class, "win.show-size-tree", NULL, show_size_tree_action);
  gtk_widget_class_install_action (widget_class, "win.compare-clipboard", NULL, compare_clipboard_action);
  gtk_widget_class_install_action (widget_class, "win.exclude-folder", NULL, fw_window_exclude_folder_action);
  gtk_widget_class_install_action (widget_class, "win.exclude-undo", "s", fw_window_exclude_undo_action);
  gtk_widget_class_install_action (widget_class, "win.export", "s", fw_window_export_action);
  gtk_widget_class_install_action (widget_class, "win.show-exported", "s", fw_window_show_exported_action);
  gtk_widget_class_install_action (widget_class, "win.hash-text", NULL, hash_text_action);
  gtk_widget_class_install_action (widget_class, "win.verify-in-folder", NULL, verify_in_folder_action);
  gtk_widget_class_install_action (widget_class, "win.show-details", NULL, fw_window_show_details_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.add-files", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-folder", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.export", "s", "gnu");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "win.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "win.remove", NULL);
  /* Escape dismisses things in GNOME: it never stops the batch (the
   * footer's Stop does). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "win.row-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "win.row-menu", NULL);
  /* Pause: the Pause key, and Ctrl+Shift+P on keyboards without one
   * (Ctrl+P is Print; Space selects rows). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Pause, 0, "win.pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "win.hash-text", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.clear", NULL);
}
