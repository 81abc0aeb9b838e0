/* fw-expect-bar.c — the field for an expected digest, and its banner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See fw-expect-bar.h. The banner is AdwBanner from libadwaita 1.3; on
 * 1.2 (Debian 12, the floor) a GtkRevealer holding a label and a button,
 * styled like one in style.css (.fw-banner). Both take the tone as a
 * style class (fw-tone-success, fw-tone-error): the colour says it along
 * with the words.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fw-application.h"
#include "fw-expect-bar.h"

struct _FwExpectBar
{
  GtkWidget     parent_instance;

  GtkEntry     *entry;
  GtkButton    *paste_button;

  GtkWidget    *banner;          /* AdwBanner, or the revealer */
#if !ADW_CHECK_VERSION (1, 3, 0)
  GtkLabel     *banner_label;
  GtkButton    *banner_button;
#endif
  char         *banner_text;     /* what it says, "" when hidden */
  FwExpectTone  banner_tone;

  guint         last_length;     /* the entry's length before its change */
  gboolean      setting_text;    /* fw_expect_bar_set_text() */
  GCancellable *paste_cancellable;
};

enum {
  APPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FwExpectBar, fw_expect_bar, GTK_TYPE_WIDGET)

static const char *const tone_classes[] = {
  [FW_EXPECT_TONE_INFO] = NULL,
  [FW_EXPECT_TONE_SUCCESS] = "fw-tone-success",
  [FW_EXPECT_TONE_ERROR] = "fw-tone-error",
};

void
fw_expect_bar_show_banner (FwExpectBar  *self,
                           const char   *title,
                           FwExpectTone  tone,
                           const char   *button_label,
                           const char   *action_name)
{
  g_return_if_fail (FW_IS_EXPECT_BAR (self));
  g_return_if_fail (title != NULL);

  g_free (self->banner_text);
  self->banner_text = g_strdup (title);
  self->banner_tone = tone;
  for (guint i = 0; i < G_N_ELEMENTS (tone_classes); i++)
    if (tone_classes[i] != NULL)
      gtk_widget_remove_css_class (self->banner, tone_classes[i]);
  if (tone_classes[tone] != NULL)
    gtk_widget_add_css_class (self->banner, tone_classes[tone]);

#if ADW_CHECK_VERSION (1, 3, 0)
  {
    /* Its title is markup (use-markup is 1.4 API). */
    g_autofree char *markup = g_markup_escape_text (title, -1);

    adw_banner_set_title (ADW_BANNER (self->banner), markup);
    adw_banner_set_button_label (ADW_BANNER (self->banner), button_label);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (self->banner), action_name);
    adw_banner_set_revealed (ADW_BANNER (self->banner), TRUE);
  }
#else
  gtk_label_set_text (self->banner_label, title);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_button), button_label != NULL);
  if (button_label != NULL)
    gtk_button_set_label (self->banner_button, button_label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->banner_button), action_name);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->banner), TRUE);
#endif
  /* Said as it appears, as a toast would be. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, title,
                                  -1);
}

void
fw_expect_bar_hide_banner (FwExpectBar *self)
{
  g_return_if_fail (FW_IS_EXPECT_BAR (self));

  g_free (self->banner_text);
  self->banner_text = g_strdup ("");
#if ADW_CHECK_VERSION (1, 3, 0)
  adw_banner_set_revealed (ADW_BANNER (self->banner), FALSE);
#else
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->banner), FALSE);
#endif
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

const char *
fw_expect_bar_get_banner_text (FwExpectBar *self)
{
  g_return_val_if_fail (FW_IS_EXPECT_BAR (self), NULL);
  return self->banner_text;
}

FwExpectTone
fw_expect_bar_get_banner_tone (FwExpectBar *self)
{
  g_return_val_if_fail (FW_IS_EXPECT_BAR (self), FW_EXPECT_TONE_INFO);
  return self->banner_tone;
}

GtkEditable *
fw_expect_bar_get_entry (FwExpectBar *self)
{
  g_return_val_if_fail (FW_IS_EXPECT_BAR (self), NULL);
  return GTK_EDITABLE (self->entry);
}

void
fw_expect_bar_set_text (FwExpectBar *self,
                        const char  *text)
{
  g_return_if_fail (FW_IS_EXPECT_BAR (self));

  self->setting_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text != NULL ? text : "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  self->setting_text = FALSE;
}

/* Reads @text; a digest goes to the window, anything else says why in
 * the banner. */
static void
try_apply (FwExpectBar      *self,
           const char       *text,
           FwExpectedSource  source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExpected) expected = fw_expected_parse (text, &error);

  if (expected == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
      fw_expect_bar_show_banner (self, error->message, FW_EXPECT_TONE_ERROR, NULL, NULL);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  expected->source = source;
  g_signal_emit (self, signals[APPLY], 0, expected);
}

static void
entry_changed_cb (FwExpectBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  guint length = (guint) g_utf8_strlen (text, -1);
  guint before = self->last_length;

  self->last_length = length;
  gtk_entry_set_icon_from_icon_name (self->entry, GTK_ENTRY_ICON_SECONDARY,
                                     length > 0 ? "edit-clear-symbolic" : NULL);
  if (self->setting_text)
    return;
  if (length == 0)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
      return;
    }
  /* Pasted (or dropped): more than one character at once. */
  if (length > before + 1)
    try_apply (self, text, FW_EXPECTED_PASTED);
}

static void
entry_activate_cb (FwExpectBar *self)
{
  try_apply (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)), FW_EXPECTED_PASTED);
}

static void
entry_icon_press_cb (FwExpectBar          *self,
                     GtkEntryIconPosition  position)
{
  if (position == GTK_ENTRY_ICON_SECONDARY)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
}

static void
paste_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  FwExpectBar *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = FW_EXPECT_BAR (user_data);
  if (text == NULL)
    {
      fw_expect_bar_show_banner (self, _("The clipboard holds no text"), FW_EXPECT_TONE_ERROR, NULL, NULL);
      return;
    }
  fw_expect_bar_set_text (self, text);
  try_apply (self, text, FW_EXPECTED_PASTED);
}

static void
paste_clicked_cb (FwExpectBar *self)
{
  g_cancellable_cancel (self->paste_cancellable);
  g_clear_object (&self->paste_cancellable);
  self->paste_cancellable = g_cancellable_new ();
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->paste_cancellable,
                                 paste_read_cb, self);
}

static void
fw_expect_bar_dispose (GObject *object)
{
  FwExpectBar *self = FW_EXPECT_BAR (object);
  GtkWidget *child;

  g_cancellable_cancel (self->paste_cancellable);
  g_clear_object (&self->paste_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), FW_TYPE_EXPECT_BAR);
  self->banner = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fw_expect_bar_parent_class)->dispose (object);
}

static void
fw_expect_bar_finalize (GObject *object)
{
  FwExpectBar *self = FW_EXPECT_BAR (object);

  g_free (self->banner_text);
  G_OBJECT_CLASS (fw_expect_bar_parent_class)->finalize (object);
}

static void
fw_expect_bar_class_init (FwExpectBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fw_expect_bar_dispose;
  object_class->finalize = fw_expect_bar_finalize;

  /**
   * FwExpectBar::apply:
   * @expected: (type gpointer): the #FwExpected read (owned by the
   *   emitter: copy it to keep it)
   *
   * The user gave a digest to compare with.
   */
  signals[APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_POINTER);

  fw_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fileworks/Fileworks/fw-expect-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, FwExpectBar, entry);
  gtk_widget_class_bind_template_child (widget_class, FwExpectBar, paste_button);
}

static void
fw_expect_bar_init (FwExpectBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->banner_text = g_strdup ("");
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (entry_changed_cb), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (entry_activate_cb), self);
  g_signal_connect_swapped (self->entry, "icon-press", G_CALLBACK (entry_icon_press_cb), self);
  g_signal_connect_swapped (self->paste_button, "clicked", G_CALLBACK (paste_clicked_cb), self);

#if ADW_CHECK_VERSION (1, 3, 0)
  self->banner = adw_banner_new ("");
#else
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget *label = gtk_label_new (NULL);
    GtkWidget *button = gtk_button_new ();

    gtk_widget_add_css_class (box, "fw-banner");
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
    gtk_widget_set_hexpand (label, TRUE);
    gtk_button_set_use_underline (GTK_BUTTON (button), TRUE);
    gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
    gtk_widget_set_visible (button, FALSE);
    gtk_box_append (GTK_BOX (box), label);
    gtk_box_append (GTK_BOX (box), button);
    self->banner = gtk_revealer_new ();
    gtk_revealer_set_transition_type (GTK_REVEALER (self->banner), GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
    gtk_revealer_set_child (GTK_REVEALER (self->banner), box);
    self->banner_label = GTK_LABEL (label);
    self->banner_button = GTK_BUTTON (button);
  }
#endif
  gtk_widget_add_css_class (self->banner, "fw-expect-banner");
  gtk_widget_insert_before (self->banner, GTK_WIDGET (self), NULL);
}
