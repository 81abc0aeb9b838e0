/* fw-hash-text-dialog.c — the Hash Text dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fw-application.h"
#include "fw-hash-text-dialog.h"

struct _FwHashTextDialog
{
  FwAlert         parent_instance;

  GtkTextView    *text_view;
  GtkLabel       *digests_label;

  FwAlgorithmSet  algorithms;
};

G_DEFINE_FINAL_TYPE (FwHashTextDialog, fw_hash_text_dialog, FW_TYPE_ALERT)

enum {
  PROP_0,
  PROP_ALGORITHMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "SHA256  HEX" lines, one per algorithm, of the text as it is now. */
static void
fw_hash_text_dialog_update (FwHashTextDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(FwDigestResult) digests = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  if (self->digests_label == NULL)
    return; /* disposed */
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  digests = fw_digest_data (text, strlen (text), self->algorithms);
  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    if (digests->hex[a] != NULL)
      g_string_append_printf (out, "%s%s  %s", out->len ? "\n" : "", fw_algorithm_get_tag (a), digests->hex[a]);
  gtk_label_set_text (self->digests_label, out->str);
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
          fw_hash_text_dialog_update (self);
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
  gtk_widget_dispose_template (GTK_WIDGET (object), FW_TYPE_HASH_TEXT_DIALOG);

  G_OBJECT_CLASS (fw_hash_text_dialog_parent_class)->dispose (object);
}

static void
fw_hash_text_dialog_class_init (FwHashTextDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fw_hash_text_dialog_dispose;
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
  gtk_widget_class_bind_template_child (widget_class, FwHashTextDialog, digests_label);
}

static void
fw_hash_text_dialog_init (FwHashTextDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->algorithms = FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256);
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (fw_hash_text_dialog_update), self, G_CONNECT_SWAPPED);
  fw_hash_text_dialog_update (self);
}

FwHashTextDialog *
fw_hash_text_dialog_new (GtkWindow      *parent,
                         FwAlgorithmSet  algorithms)
{
  FwHashTextDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (FW_TYPE_HASH_TEXT_DIALOG, "algorithms", (guint) algorithms, NULL);
  fw_alert_set_parent ((FwAlert *) self, parent);
  return self;
}
