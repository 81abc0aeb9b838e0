/* fw-footer.c — the window's progress footer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Under the list, in a revealer of the window's: a progress bar, the
 * status line and the batch's buttons. It holds no batch: the window
 * reads the batch once per update (about ten times a second while it
 * runs) into an FwFooterState and hands it over.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-application.h"
#include "fw-footer.h"
#include "fw-job-text.h"

struct _FwFooter
{
  GtkBox          parent_instance;

  GtkProgressBar *progress_bar;
  GtkLabel       *status_label;
  GtkButton      *start_button;
  GtkButton      *run_again_button;
  GtkButton      *pause_button;
  GtkButton      *cancel_button;

  gboolean        shown_paused; /* what the Pause button shows */
};

G_DEFINE_FINAL_TYPE (FwFooter, fw_footer, GTK_TYPE_BOX)

void
fw_footer_update (FwFooter            *self,
                  const FwFooterState *state)
{
  g_autofree char *text = NULL;

  g_return_if_fail (FW_IS_FOOTER (self));
  g_return_if_fail (state != NULL);

  /* The bar means work going on: hidden when nothing runs (after a
   * batch, or while rows wait for Start), not left full. */
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), state->running);
  if (state->running)
    gtk_progress_bar_set_fraction (self->progress_bar, state->fraction);
  text = state->text != NULL ? g_strdup (state->text) : fw_job_text_footer (state);
  gtk_label_set_text (self->status_label, text);

  gtk_widget_set_visible (GTK_WIDGET (self->start_button), state->n_waiting > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->pause_button), state->running);
  gtk_widget_set_visible (GTK_WIDGET (self->run_again_button), state->can_run_again);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), state->running || state->scanning);
  gtk_button_set_label (self->cancel_button, state->stopping ? _("Stopping…") : _("S_top"));
  /* Only when it changes: this runs on every tick, and setting a tooltip
   * queries the pointer (an X11 round trip). */
  if (self->shown_paused != state->paused)
    {
      self->shown_paused = state->paused;
      gtk_button_set_icon_name (self->pause_button, state->paused ? "media-playback-start-symbolic"
                                                                  : "media-playback-pause-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->pause_button),
                                   state->paused ? _("Resume") : _("Pause"));
    }
}

const char *
fw_footer_get_text (FwFooter *self)
{
  g_return_val_if_fail (FW_IS_FOOTER (self), NULL);
  return gtk_label_get_text (self->status_label);
}

static void
fw_footer_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FW_TYPE_FOOTER);

  G_OBJECT_CLASS (fw_footer_parent_class)->dispose (object);
}

static void
fw_footer_class_init (FwFooterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fw_footer_dispose;

  fw_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fileworks/Fileworks/fw-footer.ui");
  gtk_widget_class_bind_template_child (widget_class, FwFooter, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FwFooter, status_label);
  gtk_widget_class_bind_template_child (widget_class, FwFooter, start_button);
  gtk_widget_class_bind_template_child (widget_class, FwFooter, run_again_button);
  gtk_widget_class_bind_template_child (widget_class, FwFooter, pause_button);
  gtk_widget_class_bind_template_child (widget_class, FwFooter, cancel_button);
}

static void
fw_footer_init (FwFooter *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
