/* fw-window-details.c — the details pane beside the list, and the layout by width
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list's cells cut digests short; the details pane (FwDetailsPane)
 * shows one row in full, with a copy button per digest. It is the flap of
 * an AdwFlap whose content is the list: beside the list in a wide window,
 * over it (folded, modal: a click on the list closes it) below
 * OVERLAY_WIDTH. It opens when a row is activated (Enter, double-click),
 * from the row menu (win.show-details) or with the header's toggle, and
 * closes with its button or Escape; while open it shows the first
 * selected row. libadwaita 1.2 has AdwFlap; AdwOverlaySplitView (1.4)
 * would do the same.
 *
 * The width decides the columns too (fw_job_columns_set_layout()): by the
 * width left to the list, the pane's taken away while it is beside it;
 * and the header's title and details toggle, which give way below 480
 * and 640 px so that the header fits 360 px. GTK 4.8 has no breakpoints
 * (AdwBreakpoint is 1.4): the window's default width is watched. Main
 * thread.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-job-columns.h"
#include "fw-window-private.h"

/* Below this window width the pane is over the list, not beside it. */
#define OVERLAY_WIDTH 860
/* Below these list widths the columns take their narrow widths (the Kind
 * column goes), and then fold the size and state under the name. */
#define NARROW_WIDTH 760
#define FOLDED_WIDTH 640
/* Below this window width the header has no title: the job's name takes
 * its place (the footer says what the subtitle said). */
#define TITLE_WIDTH 480

void
fw_window_update_layout (FwWindow *self)
{
  int width = 0, height = 0, pane_width = 0, list_width;
  gboolean overlay;
  FwColumnsLayout layout;

  if (self->details_flap == NULL)
    return;
  /* (GTK 4.8 wants both out-arguments.) No width yet: as wide as can be. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width <= 0)
    width = G_MAXINT / 2;

  /* The header's toggle gives way in the narrowest windows (so that the
   * header fits 360 px): rows still open the pane. By the window's
   * width, not the list's, so it does not go as the pane opens. */
  gtk_widget_set_visible (GTK_WIDGET (self->details_button),
                          width >= FOLDED_WIDTH &&
                          g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") == 0);

  /* The title gives way too, for the job's name: "Compare Folders" or
   * "Find Duplicates" beside it took 385 px. */
  gtk_widget_set_visible (GTK_WIDGET (self->window_title), width >= TITLE_WIDTH);

  overlay = width < OVERLAY_WIDTH;
  if (adw_flap_get_fold_policy (self->details_flap) !=
      (overlay ? ADW_FLAP_FOLD_POLICY_ALWAYS : ADW_FLAP_FOLD_POLICY_NEVER))
    adw_flap_set_fold_policy (self->details_flap,
                              overlay ? ADW_FLAP_FOLD_POLICY_ALWAYS : ADW_FLAP_FOLD_POLICY_NEVER);

  gtk_widget_get_size_request (GTK_WIDGET (self->details_pane), &pane_width, NULL);
  list_width = width;
  if (!overlay && adw_flap_get_reveal_flap (self->details_flap))
    list_width -= MAX (pane_width, 0);
  layout = list_width < FOLDED_WIDTH ? FW_COLUMNS_FOLDED
         : list_width < NARROW_WIDTH ? FW_COLUMNS_NARROW : FW_COLUMNS_WIDE;
  if (layout != fw_job_columns_get_layout (self->column_view))
    fw_job_columns_set_layout (self->column_view, layout);
}

/* The pane follows the selection ------------------------------------------ */

static void
show_selected (FwWindow *self)
{
  g_autoptr(GPtrArray) jobs = NULL;

  /* (Nothing to show once the template is gone, in dispose.) */
  if (self->details_flap == NULL || !adw_flap_get_reveal_flap (self->details_flap))
    return;
  jobs = fw_window_get_selected (self);
  fw_details_pane_set_job (self->details_pane, jobs->len > 0 ? g_ptr_array_index (jobs, 0) : NULL);
}

static void
selection_changed_cb (FwWindow *self)
{
  show_selected (self);
}

static void
open_details (FwWindow *self)
{
  adw_flap_set_reveal_flap (self->details_flap, TRUE);
  show_selected (self);
}

static void
close_details (FwWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->details_pane)))
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
  adw_flap_set_reveal_flap (self->details_flap, FALSE);
}

static void
reveal_changed_cb (FwWindow *self)
{
  /* Closed: it holds no row (one removed meanwhile would stay alive). */
  if (!adw_flap_get_reveal_flap (self->details_flap))
    fw_details_pane_set_job (self->details_pane, NULL);
  else
    show_selected (self);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->details_button),
                               adw_flap_get_reveal_flap (self->details_flap)
                               ? _("Hide Details") : _("Show Details"));
  fw_window_update_layout (self);
}

static void
row_activated_cb (GtkColumnView *view,
                  guint          position,
                  FwWindow      *self)
{
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  open_details (self);
}

void
fw_window_show_details_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  open_details (FW_WINDOW (widget));
}

/* Escape closes the pane while it is shown, from the list or the pane
 * (bubbling up to the flap before the window's own Escape); else it goes
 * on to the window. */
static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  FwWindow *self = user_data;

  if (!adw_flap_get_reveal_flap (self->details_flap))
    return FALSE;
  close_details (self);
  return TRUE;
}

static void
copied_cb (FwDetailsPane *pane,
           const char    *message,
           FwWindow      *self)
{
  fw_window_toast (self, message);
}

static void
page_changed_cb (FwWindow *self)
{
  gboolean list;

  if (self->details_flap == NULL)
    return;
  list = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") == 0;
  gtk_widget_set_visible (GTK_WIDGET (self->details_button), list);
  if (!list)
    adw_flap_set_reveal_flap (self->details_flap, FALSE);
}

/* Setting up --------------------------------------------------------------- */

void
fw_window_class_details_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (FW_TYPE_DETAILS_PANE);
  gtk_widget_class_bind_template_child (widget_class, FwWindow, details_flap);
  gtk_widget_class_bind_template_child (widget_class, FwWindow, details_pane);
  gtk_widget_class_bind_template_child (widget_class, FwWindow, details_button);
}

void
fw_window_details_init (FwWindow *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_callback_action_new (escape_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->details_flap), shortcuts);

  g_signal_connect (self->column_view, "activate", G_CALLBACK (row_activated_cb), self);
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->details_flap, "notify::reveal-flap", G_CALLBACK (reveal_changed_cb), self);
  g_signal_connect_swapped (self->details_pane, "close", G_CALLBACK (close_details), self);
  g_signal_connect (self->details_pane, "copied", G_CALLBACK (copied_cb), self);
  g_signal_connect_swapped (self->stack, "notify::visible-child-name", G_CALLBACK (page_changed_cb), self);
  page_changed_cb (self);
  fw_window_update_layout (self);
}

FwDetailsPane *
fw_window_get_details_pane (FwWindow *self)
{
  g_return_val_if_fail (FW_IS_WINDOW (self), NULL);
  return self->details_pane;
}

gboolean
fw_window_get_details_shown (FwWindow *self)
{
  g_return_val_if_fail (FW_IS_WINDOW (self), FALSE);
  return adw_flap_get_reveal_flap (self->details_flap);
}
