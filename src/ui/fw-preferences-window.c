/* fw-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-application.h"
#include "fw-digest.h"
#include "fw-preferences-window.h"

struct _FwPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

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

G_DEFINE_FINAL_TYPE (FwPreferencesWindow, fw_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
fw_preferences_window_sync (FwPreferencesWindow *self)
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
                     FwPreferencesWindow *self)
{
  fw_preferences_window_sync (self);
}

static void
auto_workers_cb (GtkSwitch           *sw,
                 GParamSpec          *pspec,
                 FwPreferencesWindow *self)
{
  if (self->syncing)
    return;
  g_settings_set_uint (self->settings, "n-workers",
                       gtk_switch_get_active (sw) ? 0 : (guint) gtk_spin_button_get_value_as_int (self->workers_spin));
}

static void
workers_spin_cb (GtkSpinButton       *spin,
                 FwPreferencesWindow *self)
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
                      FwPreferencesWindow *self)
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
      fw_preferences_window_sync (self); /* at least one */
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
  FwPreferencesWindow *self = FW_PREFERENCES_WINDOW (widget);

  g_settings_reset (self->settings, g_variant_get_string (parameter, NULL));
}

static void
fw_preferences_window_dispose (GObject *object)
{
  FwPreferencesWindow *self = FW_PREFERENCES_WINDOW (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), FW_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (fw_preferences_window_parent_class)->dispose (object);
}

static void
fw_preferences_window_class_init (FwPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fw_preferences_window_dispose;

  fw_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fileworks/Fileworks/fw-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesWindow, auto_workers_switch);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesWindow, auto_workers_row);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesWindow, workers_row);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesWindow, workers_spin);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesWindow, queue_spin);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesWindow, buffer_spin);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesWindow, auto_start_switch);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesWindow, one_fs_switch);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesWindow, algorithms_group);

  gtk_widget_class_install_action (widget_class, "prefs.reset", "s", reset_action);
}

static void
fw_preferences_window_init (FwPreferencesWindow *self)
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

  fw_preferences_window_sync (self);
  g_signal_connect (self->settings, "changed::n-workers", G_CALLBACK (settings_changed_cb), self);
  g_signal_connect (self->settings, "changed::algorithms", G_CALLBACK (settings_changed_cb), self);
  g_signal_connect (self->auto_workers_switch, "notify::active", G_CALLBACK (auto_workers_cb), self);
  g_signal_connect (self->workers_spin, "value-changed", G_CALLBACK (workers_spin_cb), self);
}

FwPreferencesWindow *
fw_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (FW_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
}
