/* fw-preferences.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-application.h"
#include "fw-digest.h"
#include "fw-preferences.h"

struct _FwPreferencesPage
{
  AdwPreferencesPage    parent_instance;

  GtkSwitch            *auto_workers_switch;
  AdwActionRow         *auto_workers_row;
  AdwActionRow         *workers_row;
  GtkSpinButton        *workers_spin;
  GtkSpinButton        *queue_spin;
  GtkSpinButton        *buffer_spin;
  GtkSwitch            *auto_start_switch;
  GtkSwitch            *one_fs_switch;
  AdwPreferencesGroup  *algorithms_group;

  GSettings            *settings;
  GtkCheckButton       *algorithm_checks[FW_N_ALGORITHMS];
  gboolean              syncing;
};

G_DEFINE_FINAL_TYPE (FwPreferencesPage, fw_preferences_page, ADW_TYPE_PREFERENCES_PAGE)

static void
fw_preferences_page_sync (FwPreferencesPage *self)
{
  guint n_workers = g_settings_get_uint (self->settings, "n-workers");
  g_auto(GStrv) names = g_settings_get_strv (self->settings, "algorithms");
  g_autofree char *subtitle = g_strdup_printf (_("One per processor (%u)"), g_get_num_processors ());

  self->syncing = TRUE;
  adw_action_row_set_subtitle (self->auto_workers_row, subtitle);
  gtk_switch_set_active (self->auto_workers_switch, n_workers == 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->workers_row), n_workers != 0);
  gtk_spin_button_set_value (self->workers_spin, n_workers != 0 ? n_workers : g_get_num_processors ());
  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    gtk_check_button_set_active (self->algorithm_checks[a],
                                 g_strv_contains ((const char * const *) names, fw_algorithm_get_name (a)));
  self->syncing = FALSE;
}

static void
settings_changed_cb (GSettings           *settings,
                     const char          *key,
                     FwPreferencesPage *self)
{
  fw_preferences_page_sync (self);
}

static void
auto_workers_cb (GtkSwitch           *sw,
                 GParamSpec          *pspec,
                 FwPreferencesPage *self)
{
  if (self->syncing)
    return;
  g_settings_set_uint (self->settings, "n-workers",
                       gtk_switch_get_active (sw) ? 0 : (guint) gtk_spin_button_get_value_as_int (self->workers_spin));
}

static void
workers_spin_cb (GtkSpinButton       *spin,
                 FwPreferencesPage *self)
{
  if (self->syncing || gtk_switch_get_active (self->auto_workers_switch))
    return;
  g_settings_set_uint (self->settings, "n-workers", (guint) gtk_spin_button_get_value_as_int (spin));
}

static gboolean
kib_get_mapping (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant) / 1024.0);
  return TRUE;
}

static GVariant *
kib_set_mapping (const GValue       *value,
                 const GVariantType *expected_type,
                 gpointer            user_data)
{
  return g_variant_new_uint32 ((guint32) g_value_get_double (value) * 1024);
}

static void
algorithm_toggled_cb (GtkCheckButton      *check,
                      FwPreferencesPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  guint n = 0;

  if (self->syncing)
    return;
  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    if (gtk_check_button_get_active (self->algorithm_checks[a]))
      {
        g_strv_builder_add (builder, fw_algorithm_get_name (a));
        n++;
      }
  if (n == 0)
    {
      fw_preferences_page_sync (self); /* at least one */
      return;
    }
  names = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "algorithms", (const char * const *) names);
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FwPreferencesPage *self = FW_PREFERENCES_PAGE (widget);

  g_settings_reset (self->settings, g_variant_get_string (parameter, NULL));
}

static void
fw_preferences_page_dispose (GObject *object)
{
  FwPreferencesPage *self = FW_PREFERENCES_PAGE (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), FW_TYPE_PREFERENCES_PAGE);

  G_OBJECT_CLASS (fw_preferences_page_parent_class)->dispose (object);
}

static void
fw_preferences_page_class_init (FwPreferencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fw_preferences_page_dispose;

  fw_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fileworks/Fileworks/fw-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, auto_workers_switch);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, auto_workers_row);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, workers_row);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, workers_spin);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, queue_spin);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, buffer_spin);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, auto_start_switch);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, one_fs_switch);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, algorithms_group);

  gtk_widget_class_install_action (widget_class, "prefs.reset", "s", reset_action);
}

static void
fw_preferences_page_init (FwPreferencesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);

  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fw_algorithm_get_tag (a));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      self->algorithm_checks[a] = GTK_CHECK_BUTTON (check);
      g_signal_connect (check, "toggled", G_CALLBACK (algorithm_toggled_cb), self);
      adw_preferences_group_add (self->algorithms_group, row);
    }

  g_settings_bind (self->settings, "queue-capacity",
                   gtk_spin_button_get_adjustment (self->queue_spin), "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "buffer-size",
                                gtk_spin_button_get_adjustment (self->buffer_spin), "value",
                                G_SETTINGS_BIND_DEFAULT, kib_get_mapping, kib_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "auto-start", self->auto_start_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "one-file-system", self->one_fs_switch, "active", G_SETTINGS_BIND_DEFAULT);

  fw_preferences_page_sync (self);
  g_signal_connect (self->settings, "changed::n-workers", G_CALLBACK (settings_changed_cb), self);
  g_signal_connect (self->settings, "changed::algorithms", G_CALLBACK (settings_changed_cb), self);
  g_signal_connect (self->auto_workers_switch, "notify::active", G_CALLBACK (auto_workers_cb), self);
  g_signal_connect (self->workers_spin, "value-changed", G_CALLBACK (workers_spin_cb), self);
}

FwPreferencesPage *
fw_preferences_page_new (void)
{
  return g_object_new (FW_TYPE_PREFERENCES_PAGE, NULL);
}

/**
 * fw_preferences_present:
 * @parent: (nullable): the window they are for
 *
 * Shows the preferences: an AdwPreferencesDialog over @parent where
 * libadwaita has it (1.5), else a modal AdwPreferencesWindow. Both hold
 * the same page.
 *
 * Returns: (transfer none): the dialog or window
 */
GtkWidget *
fw_preferences_present (GtkWindow *parent)
{
  FwPreferencesPage *page = fw_preferences_page_new ();

#if ADW_CHECK_VERSION (1, 5, 0)
  AdwDialog *dialog = adw_preferences_dialog_new ();

  adw_dialog_set_title (dialog, _("Preferences"));
  adw_dialog_set_content_width (dialog, 640);
  adw_preferences_dialog_set_search_enabled (ADW_PREFERENCES_DIALOG (dialog), FALSE);
  adw_preferences_dialog_add (ADW_PREFERENCES_DIALOG (dialog), ADW_PREFERENCES_PAGE (page));
  adw_dialog_present (dialog, parent != NULL ? GTK_WIDGET (parent) : NULL);
  return GTK_WIDGET (dialog);
#else
  GtkWidget *window = adw_preferences_window_new ();

  gtk_window_set_title (GTK_WINDOW (window), _("Preferences"));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 720);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (window), FALSE);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));
  return window;
#endif
}
