/* fw-hash-text-dialog.c — the Hash Text dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One AdwActionRow per algorithm, made when the algorithms are set: its
 * title the algorithm, its subtitle the digest (markup: monospace, and no
 * hyphen where a long digest wraps), a copy button as its suffix and its
 * activatable widget (Enter on the row copies). Each change of the text
 * hashes it again, in one read for every algorithm (fw_digest_data()).
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fw-application.h"
#include "fw-hash-text-dialog.h"

struct _FwHashTextDialog
{
  AdwWindow        parent_instance;

  GtkTextView     *text_view;
  GtkListBox      *digests_list;

  FwAlgorithmSet   algorithms;
  AdwActionRow    *rows[FW_N_ALGORITHMS];
  char            *hex[FW_N_ALGORITHMS];
};

G_DEFINE_FINAL_TYPE (FwHashTextDialog, fw_hash_text_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_ALGORITHMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The digests of the text as it is now, into the rows. */
static void
fw_hash_text_dialog_update (FwHashTextDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(FwDigestResult) digests = NULL;

  if (self->text_view == NULL)
    return; /* disposed */
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  digests = fw_digest_data (text, strlen (text), self->algorithms);
  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    {
      g_autofree char *markup = NULL;

      g_free (self->hex[a]);
      self->hex[a] = g_strdup (digests->hex[a]);
      if (self->rows[a] == NULL || self->hex[a] == NULL)
        continue;
      /* Hex needs no escaping. Wrapped anywhere when it must be, with no
       * hyphen drawn at the break: a hyphen is not in the digest. */
      markup = g_strdup_printf ("<span font_family=\"monospace\" insert_hyphens=\"false\">%s</span>",
                                self->hex[a]);
      adw_action_row_set_subtitle (self->rows[a], markup);
    }
}

/* The copy button shows a check mark for a moment: the digest is on the
 * clipboard. (Not a toast: a shown toast takes Escape, which is to close
 * the dialog.) */
static gboolean
copy_done_cb (gpointer data)
{
  GtkButton *button = data;

  g_object_set_data (G_OBJECT (button), "fw-copied", NULL);
  /* The dialog closed meanwhile: a tooltip set on a button in no window
   * makes GTK look for the pointer on no surface (a critical). */
  if (gtk_widget_get_root (GTK_WIDGET (button)) == NULL)
    return G_SOURCE_REMOVE;
  gtk_button_set_icon_name (button, "edit-copy-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), _("Copy"));
  return G_SOURCE_REMOVE;
}

static void
copy_clicked_cb (GtkButton        *button,
                 FwHashTextDialog *self)
{
  FwAlgorithm a = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "fw-algorithm"));
  guint id;

  if (self->hex[a] == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->hex[a]);
  if (g_object_get_data (G_OBJECT (button), "fw-copied") != NULL)
    return;
  gtk_button_set_icon_name (button, "object-select-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), _("Copied"));
  id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, 2, copy_done_cb,
                                   g_object_ref (button), g_object_unref);
  g_object_set_data (G_OBJECT (button), "fw-copied", GUINT_TO_POINTER (id));
}

/* One row per algorithm of the set, in FwAlgorithm order. */
static void
fw_hash_text_dialog_rebuild (FwHashTextDialog *self)
{
  GtkWidget *child;

  if (self->digests_list == NULL)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->digests_list))) != NULL)
    gtk_list_box_remove (self->digests_list, child);
  memset (self->rows, 0, sizeof self->rows);

  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    {
      AdwActionRow *row;
      GtkWidget *copy;
      g_autofree char *label = NULL;

      if (!(self->algorithms & FW_ALGORITHM_BIT (a)))
        continue;
      row = ADW_ACTION_ROW (adw_action_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fw_algorithm_get_display_name (a));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), TRUE);
      adw_action_row_set_subtitle_lines (row, 0);

      copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
      gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (copy, "flat");
      gtk_widget_set_tooltip_text (copy, _("Copy"));
      /* TRANSLATORS: a button's name for screen readers; %s is "SHA256" */
      label = g_strdup_printf (_("Copy %s Digest"), fw_algorithm_get_display_name (a));
      gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data (G_OBJECT (copy), "fw-algorithm", GUINT_TO_POINTER (a));
      g_signal_connect_object (copy, "clicked", G_CALLBACK (copy_clicked_cb), self, 0);
      adw_action_row_add_suffix (row, copy);
      adw_action_row_set_activatable_widget (row, copy);

      gtk_list_box_append (self->digests_list, GTK_WIDGET (row));
      self->rows[a] = row;
    }
  fw_hash_text_dialog_update (self);
}

AdwActionRow *
fw_hash_text_dialog_get_row (FwHashTextDialog *self,
                             FwAlgorithm       algorithm)
{
  g_return_val_if_fail (FW_IS_HASH_TEXT_DIALOG (self), NULL);
  g_return_val_if_fail (algorithm < FW_N_ALGORITHMS, NULL);

  return self->rows[algorithm];
}

static void
fw_hash_text_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FwHashTextDialog *self = FW_HASH_TEXT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_ALGORITHMS:
      g_value_set_uint (value, self->algorithms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_hash_text_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FwHashTextDialog *self = FW_HASH_TEXT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_ALGORITHMS:
      if (self->algorithms != g_value_get_uint (value))
        {
          self->algorithms = g_value_get_uint (value);
          fw_hash_text_dialog_rebuild (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_hash_text_dialog_dispose (GObject *object)
{
  FwHashTextDialog *self = FW_HASH_TEXT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), FW_TYPE_HASH_TEXT_DIALOG);
  memset (self->rows, 0, sizeof self->rows);

  G_OBJECT_CLASS (fw_hash_text_dialog_parent_class)->dispose (object);
}

static void
fw_hash_text_dialog_finalize (GObject *object)
{
  FwHashTextDialog *self = FW_HASH_TEXT_DIALOG (object);

  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    g_free (self->hex[a]);

  G_OBJECT_CLASS (fw_hash_text_dialog_parent_class)->finalize (object);
}

static void
fw_hash_text_dialog_class_init (FwHashTextDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fw_hash_text_dialog_dispose;
  object_class->finalize = fw_hash_text_dialog_finalize;
  object_class->get_property = fw_hash_text_dialog_get_property;
  object_class->set_property = fw_hash_text_dialog_set_property;

  /**
   * FwHashTextDialog:algorithms:
   *
   * The digests shown: a #FwAlgorithmSet (SHA-256 alone by default).
   */
  properties[PROP_ALGORITHMS] =
    g_param_spec_uint ("algorithms", NULL, NULL,
                       1, G_MAXUINT32, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256),
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  fw_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/fileworks/Fileworks/fw-hash-text-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FwHashTextDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, FwHashTextDialog, digests_list);

  /* Escape dismisses, as in GNOME's dialogs (GtkWindow's window.close). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fw_hash_text_dialog_init (FwHashTextDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->algorithms = FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256);
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (fw_hash_text_dialog_update), self, G_CONNECT_SWAPPED);
  fw_hash_text_dialog_rebuild (self);
}

FwHashTextDialog *
fw_hash_text_dialog_new (GtkWindow      *parent,
                         FwAlgorithmSet  algorithms)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (FW_TYPE_HASH_TEXT_DIALOG,
                       "algorithms", (guint) algorithms,
                       "transient-for", parent,
                       NULL);
}
