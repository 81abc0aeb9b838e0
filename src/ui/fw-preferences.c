/* fw-preferences.c — Preferences: the algorithms, behaviour, and the
 * advanced rows for slow disks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One page over the application's GSettings. Every algorithm is a check
 * row here (the job popover has the common ones, fw-window-mode-menu.c);
 * the worker count and both buffers are under "Advanced", the buffers as
 * combo rows of sizes in their units ("1 MiB", "256 files"); a row's
 * reset button shows only while its setting differs from the default.
 * Main thread.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-application.h"
#include "fw-digest.h"
#include "fw-exclude-group.h"
#include "fw-preferences.h"

struct _FwPreferencesPage
{
  AdwPreferencesPage    parent_instance;

  GtkSwitch            *auto_workers_switch;
  AdwActionRow         *auto_workers_row;
  AdwActionRow         *workers_row;
  GtkSpinButton        *workers_spin;
  AdwComboRow          *buffer_row;
  AdwComboRow          *queue_row;
  GtkWidget            *buffer_reset;
  GtkWidget            *queue_reset;
  GtkSwitch            *auto_start_switch;
  GtkSwitch            *one_fs_switch;
  AdwPreferencesGroup  *algorithms_group;
  AdwExpanderRow       *more_algorithms_row;
  GtkSwitch            *dupes_skip_empty_switch;
  GtkSwitch            *dupes_compare_switch;
  AdwComboRow          *dupes_algorithm_row;

  GSettings            *settings;
  GtkCheckButton       *algorithm_checks[FW_N_ALGORITHMS];
  gboolean              syncing;
};

G_DEFINE_FINAL_TYPE (FwPreferencesPage, fw_preferences_page, ADW_TYPE_PREFERENCES_PAGE)

/* The values the combo rows offer: powers of two within each key's range
 * (the schema's); a value set elsewhere shows as the nearest. */
static const guint buffer_sizes[] = {
  4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20, 16 << 20, 64 << 20,
};
static const guint queue_sizes[] = {
  16, 64, 256, 1024, 4096, 16384, 65536,
};

/* The algorithms at hand (the job popover; Preferences shows them first,
 * the rest under "More Algorithms"), by their command-line names, in this
 * order; those the engine does not have (yet) are left out where used. */
static const char * const common_algorithms[] = {
  "sha256", "sha1", "md5", "sha512", "blake3", NULL,
};

/**
 * fw_preferences_get_common_algorithms:
 *
 * Returns: (transfer none): the common algorithms' command-line names,
 *   %NULL-terminated; some may not be in the engine
 */
const char * const *
fw_preferences_get_common_algorithms (void)
{
  return common_algorithms;
}

static gboolean
is_common (FwAlgorithm algorithm)
{
  return g_strv_contains (common_algorithms, fw_algorithm_get_name (algorithm));
}

/* A word on the algorithms people pick for the wrong reason; NULL for
 * the others. */
static const char *
algorithm_note (FwAlgorithm algorithm)
{
  switch (algorithm)
    {
    case FW_ALGORITHM_MD5:
    case FW_ALGORITHM_SHA1:
      return _("Not safe against deliberate tampering");
    case FW_ALGORITHM_XXH64:
    case FW_ALGORITHM_XXH3:
    case FW_ALGORITHM_XXH128:
    case FW_ALGORITHM_CRC32:
      return _("Fast; finds accidental changes only");
    default:
      return NULL;
    }
}

static guint
nearest_index (const guint *sizes,
               guint        n_sizes,
               guint        value)
{
  guint best = 0;

  for (guint i = 1; i < n_sizes; i++)
    {
      guint d_best = sizes[best] > value ? sizes[best] - value : value - sizes[best];
      guint d = sizes[i] > value ? sizes[i] - value : value - sizes[i];

      if (d < d_best)
        best = i;
    }
  return best;
}

static gboolean
is_default (GSettings  *settings,
            const char *key)
{
  g_autoptr(GVariant) value = g_settings_get_value (settings, key);
  g_autoptr(GVariant) fallback = g_settings_get_default_value (settings, key);

  return g_variant_equal (value, fallback);
}

static void
fw_preferences_page_sync (FwPreferencesPage *self)
{
  guint n_workers = g_settings_get_uint (self->settings, "n-workers");
  g_auto(GStrv) names = g_settings_get_strv (self->settings, "algorithms");
  /* TRANSLATORS: %u is the number of processors */
  g_autofree char *subtitle = g_strdup_printf (_("One per processor (%u)"), g_get_num_processors ());

  self->syncing = TRUE;
  adw_action_row_set_subtitle (self->auto_workers_row, subtitle);
  gtk_switch_set_active (self->auto_workers_switch, n_workers == 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->workers_row), n_workers != 0);
  gtk_spin_button_set_value (self->workers_spin, n_workers != 0 ? n_workers : g_get_num_processors ());
  adw_combo_row_set_selected (self->buffer_row,
                              nearest_index (buffer_sizes, G_N_ELEMENTS (buffer_sizes),
                                             g_settings_get_uint (self->settings, "buffer-size")));
  adw_combo_row_set_selected (self->queue_row,
                              nearest_index (queue_sizes, G_N_ELEMENTS (queue_sizes),
                                             g_settings_get_uint (self->settings, "queue-capacity")));
  gtk_widget_set_visible (self->buffer_reset, !is_default (self->settings, "buffer-size"));
  gtk_widget_set_visible (self->queue_reset, !is_default (self->settings, "queue-capacity"));
  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    gtk_check_button_set_active (self->algorithm_checks[a],
                                 g_strv_contains ((const char * const *) names, fw_algorithm_get_name (a)));
  {
    g_autofree char *dupes = g_settings_get_string (self->settings, "dupes-algorithm");
    FwAlgorithm a = fw_algorithm_from_name (dupes);

    /* The combo row lists the algorithms in the table's order. */
    adw_combo_row_set_selected (self->dupes_algorithm_row,
                                a != FW_ALGORITHM_INVALID ? (guint) a : (guint) FW_ALGORITHM_XXH128);
  }
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

static void
buffer_selected_cb (AdwComboRow       *row,
                    GParamSpec        *pspec,
                    FwPreferencesPage *self)
{
  guint i = adw_combo_row_get_selected (row);

  if (self->syncing || i >= G_N_ELEMENTS (buffer_sizes))
    return;
  g_settings_set_uint (self->settings, "buffer-size", buffer_sizes[i]);
}

static void
queue_selected_cb (AdwComboRow       *row,
                   GParamSpec        *pspec,
                   FwPreferencesPage *self)
{
  guint i = adw_combo_row_get_selected (row);

  if (self->syncing || i >= G_N_ELEMENTS (queue_sizes))
    return;
  g_settings_set_uint (self->settings, "queue-capacity", queue_sizes[i]);
}

static void
dupes_algorithm_selected_cb (AdwComboRow       *row,
                             GParamSpec        *pspec,
                             FwPreferencesPage *self)
{
  guint i = adw_combo_row_get_selected (row);

  if (self->syncing || i >= FW_N_ALGORITHMS)
    return;
  g_settings_set_string (self->settings, "dupes-algorithm", fw_algorithm_get_name ((FwAlgorithm) i));
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

  /* Named in the template. */
  g_type_ensure (FW_TYPE_EXCLUDE_GROUP);

  object_class->dispose = fw_preferences_page_dispose;

  fw_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fileworks/Fileworks/fw-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, auto_workers_switch);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, auto_workers_row);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, workers_row);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, workers_spin);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, buffer_row);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, queue_row);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, buffer_reset);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, queue_reset);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, auto_start_switch);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, one_fs_switch);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, algorithms_group);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, dupes_skip_empty_switch);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, dupes_compare_switch);
  gtk_widget_class_bind_template_child (widget_class, FwPreferencesPage, dupes_algorithm_row);

  gtk_widget_class_install_action (widget_class, "prefs.reset", "s", reset_action);
}

static void
fw_preferences_page_init (FwPreferencesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);

  {
    g_autoptr(GtkStringList) buffers = gtk_string_list_new (NULL);
    g_autoptr(GtkStringList) queues = gtk_string_list_new (NULL);

    for (guint i = 0; i < G_N_ELEMENTS (buffer_sizes); i++)
      {
        /* TRANSLATORS: a read size in KiB or MiB (units of 1024) */
        g_autofree char *label = buffer_sizes[i] >= (1 << 20)
          ? g_strdup_printf (_("%u MiB"), buffer_sizes[i] >> 20)
          : g_strdup_printf (_("%u KiB"), buffer_sizes[i] >> 10);

        gtk_string_list_append (buffers, label);
      }
    for (guint i = 0; i < G_N_ELEMENTS (queue_sizes); i++)
      {
        g_autofree char *label = g_strdup_printf (ngettext ("%u file", "%u files", queue_sizes[i]),
                                                  queue_sizes[i]);

        gtk_string_list_append (queues, label);
      }
    adw_combo_row_set_model (self->buffer_row, G_LIST_MODEL (buffers));
    adw_combo_row_set_model (self->queue_row, G_LIST_MODEL (queues));
  }
  {
    g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

    for (guint a = 0; a < FW_N_ALGORITHMS; a++)
      gtk_string_list_append (names, fw_algorithm_get_display_name (a));
    adw_combo_row_set_model (self->dupes_algorithm_row, G_LIST_MODEL (names));
  }

  /* The common algorithms, then the others in an expander row. */
  self->more_algorithms_row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->more_algorithms_row), _("_More Algorithms"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->more_algorithms_row), TRUE);
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < (pass == 0 ? G_N_ELEMENTS (common_algorithms) - 1 : FW_N_ALGORITHMS); i++)
      {
        FwAlgorithm a = pass == 0 ? fw_algorithm_from_name (common_algorithms[i]) : (FwAlgorithm) i;
        GtkWidget *row;
        GtkWidget *check;
        const char *note;

        if (a == FW_ALGORITHM_INVALID || (pass == 1 && is_common (a)))
          continue;
        row = adw_action_row_new ();
        check = gtk_check_button_new ();
        note = algorithm_note (a);
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fw_algorithm_get_display_name (a));
        if (note != NULL)
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), note);
        gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
        self->algorithm_checks[a] = GTK_CHECK_BUTTON (check);
        g_signal_connect (check, "toggled", G_CALLBACK (algorithm_toggled_cb), self);
        if (pass == 0)
          adw_preferences_group_add (self->algorithms_group, row);
        else
          adw_expander_row_add_row (self->more_algorithms_row, row);
      }
  adw_preferences_group_add (self->algorithms_group, GTK_WIDGET (self->more_algorithms_row));
  /* Open when one of them is chosen: nothing chosen is hidden. */
  {
    g_auto(GStrv) names = g_settings_get_strv (self->settings, "algorithms");

    for (guint i = 0; names[i] != NULL; i++)
      {
        FwAlgorithm a = fw_algorithm_from_name (names[i]);

        if (a != FW_ALGORITHM_INVALID && !is_common (a))
          adw_expander_row_set_expanded (self->more_algorithms_row, TRUE);
      }
  }

  g_settings_bind (self->settings, "auto-start", self->auto_start_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "one-file-system", self->one_fs_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "dupes-skip-empty", self->dupes_skip_empty_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "dupes-compare-bytes", self->dupes_compare_switch, "active", G_SETTINGS_BIND_DEFAULT);

  fw_preferences_page_sync (self);
  g_signal_connect (self->settings, "changed::n-workers", G_CALLBACK (settings_changed_cb), self);
  g_signal_connect (self->settings, "changed::algorithms", G_CALLBACK (settings_changed_cb), self);
  g_signal_connect (self->settings, "changed::buffer-size", G_CALLBACK (settings_changed_cb), self);
  g_signal_connect (self->settings, "changed::queue-capacity", G_CALLBACK (settings_changed_cb), self);
  g_signal_connect (self->buffer_row, "notify::selected", G_CALLBACK (buffer_selected_cb), self);
  g_signal_connect (self->queue_row, "notify::selected", G_CALLBACK (queue_selected_cb), self);
  g_signal_connect (self->settings, "changed::dupes-algorithm", G_CALLBACK (settings_changed_cb), self);
  g_signal_connect (self->dupes_algorithm_row, "notify::selected", G_CALLBACK (dupes_algorithm_selected_cb), self);
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
