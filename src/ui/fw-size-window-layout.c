/* fw-size-window-layout.c — the size window by its width
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Wide, the header holds Rescan, the view switcher (Folders, Largest
 * Files), the folder's name and size, and Apparent Sizes: about 620 px.
 * Below NARROW_WIDTH the switcher goes to a bar below the views
 * (AdwViewSwitcherBar, as GNOME apps have it on a phone) and the
 * columns that matter less go (fw_size_window_columns_set_narrow()), so
 * that the window fits its 360 px minimum with nothing cut.
 * libadwaita 1.2 has no breakpoints (AdwBreakpoint is 1.4): the
 * window's default width is watched, as the main window does
 * (fw-window-details.c), which works on 1.2 and every later version.
 * Main thread.
 */
#include "config.h"

#include "fw-size-window-private.h"

/* Below this window width: the switcher at the bottom, fewer columns. */
#define NARROW_WIDTH 700

void
fw_size_window_update_layout (FwSizeWindow *self)
{
  int width = 0, height = 0;
  gboolean narrow;

  /* (GTK 4.8 wants both out-arguments.) No width yet: wide. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  narrow = width > 0 && width < NARROW_WIDTH;
  if (gtk_widget_get_visible (GTK_WIDGET (self->header_switcher)) != !narrow)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->header_switcher), !narrow);
      adw_view_switcher_bar_set_reveal (self->switcher_bar, narrow);
      fw_size_window_columns_set_narrow (self, narrow);
    }
}

static void
width_cb (FwSizeWindow *self,
          GParamSpec   *pspec,
          gpointer      user_data)
{
  fw_size_window_update_layout (self);
}

void
fw_size_window_layout_init (FwSizeWindow *self)
{
  adw_view_switcher_bar_set_reveal (self->switcher_bar, FALSE);
  g_signal_connect (self, "notify::default-width", G_CALLBACK (width_cb), NULL);
  fw_size_window_update_layout (self);
}
