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

static char *
format_duration (double seconds)
{
  guint s = (guint) (seconds + 0.5);

  if (s < 60)
    return g_strdup_printf (ngettext ("%u second", "%u seconds", s), s);
  if (s < 3600)
    return g_strdup_printf (_("%u min %02u s"), s / 60, s % 60);
  return g_strdup_printf (_("%u h %02u min"), s / 3600, (s % 3600) / 60);
}

char *
fw_footer_count_text (const FwBatchProgress *p)
{
  g_return_val_if_fail (p != NULL, NULL);

  if (p->n_folders == 0)
    return g_strdup_printf (ngettext ("%u of %u file", "%u of %u files", p->n_total),
                            p->n_finished, p->n_total);
  if (p->n_folders == p->n_total)
    return g_strdup_printf (ngettext ("%u of %u folder", "%u of %u folders", p->n_total),
                            p->n_finished, p->n_total);
  return g_strdup_printf (ngettext ("%u of %u item", "%u of %u items", p->n_total),
                          p->n_finished, p->n_total);
}

/* The status line: the count (or what waits), bytes, speed and time
 * left, then what went wrong and what goes on. */
static void
fw_footer_append_text (GString             *text,
                       const FwFooterState *state)
{
  const FwBatchProgress *p = &state->progress;
  g_autofree char *count = fw_footer_count_text (p);
  g_autofree char *done = g_format_size (p->bytes_done);
  g_autofree char *total = g_format_size (p->bytes_total);

  /* Nothing has run yet (auto-start off): no "0 of 0 files", only what
   * waits. */
  if (p->n_total == 0 && state->n_waiting > 0)
    g_string_append_printf (text, ngettext ("%u waiting for Start", "%u waiting for Start", state->n_waiting),
                            state->n_waiting);
  else
    g_string_append (text, count);
  if (p->n_sized < p->n_total)
    g_string_append_printf (text, " · %s / %s", done, total);
  if (state->running && !state->paused && p->bytes_per_second > 0)
    {
      g_autofree char *speed = g_format_size ((guint64) p->bytes_per_second);

      g_string_append_printf (text, " · %s/s", speed);
      if (p->seconds_left >= 0)
        {
          g_autofree char *left = format_duration (p->seconds_left);

          g_string_append_printf (text, _(" · %s left"), left);
        }
    }
  if (p->n_failed + p->n_missing > 0)
    g_string_append_printf (text, ngettext (" · %u failed", " · %u failed",
                                               p->n_failed + p->n_missing),
                            p->n_failed + p->n_missing);
  if (p->n_mismatched > 0)
    g_string_append_printf (text, _(" · %u mismatched"), p->n_mismatched);
  if (p->n_cancelled > 0)
    g_string_append_printf (text, _(" · %u cancelled"), p->n_cancelled);
  if (state->scanning)
    g_string_append_printf (text, _(" · finding files: %u"), state->n_found);
  if (state->running)
    g_string_append_printf (text, ngettext (" · %u worker", " · %u workers", state->n_workers),
                            state->n_workers);
  if (state->n_waiting > 0 && p->n_total > 0)
    g_string_append_printf (text, _(" · %u waiting for Start"), state->n_waiting);
}

void
fw_footer_update (FwFooter            *self,
                  const FwFooterState *state)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_if_fail (FW_IS_FOOTER (self));
  g_return_if_fail (state != NULL);

  /* The bar means work going on: hidden when nothing runs (after a
   * batch, or while rows wait for Start), not left full. */
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), state->running);
  if (state->running)
    gtk_progress_bar_set_fraction (self->progress_bar, state->fraction);
  fw_footer_append_text (text, state);
  gtk_label_set_text (self->status_label, text->str);

  gtk_widget_set_visible (GTK_WIDGET (self->start_button), state->n_waiting > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->pause_button), state->running);
  gtk_widget_set_visible (GTK_WIDGET (self->run_again_button), state->can_run_again);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), state->running || state->scanning);
  gtk_button_set_label (self->cancel_button, state->stopping ? _("Stopping…") : _("_Stop"));
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
