/* test-window-nav.c — choosing the job: the empty page's choices, the job
 * popover, Preferences, the Add button; in process, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fw-preferences.h"
#include "fw-test-env.h"
#include "fw-window-private.h"

typedef struct {
  FwWindow  *window;
  GSettings *settings;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->settings = g_settings_new (APP_ID);
  g_settings_reset (f->settings, "algorithms");
  g_settings_reset (f->settings, "mode");
  g_settings_reset (f->settings, "buffer-size");
  g_settings_reset (f->settings, "queue-capacity");
  f->window = g_object_ref_sink (fw_window_new (NULL));
  gtk_window_present (GTK_WINDOW (f->window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (f->window)))
    g_main_context_iteration (NULL, TRUE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  g_clear_object (&f->settings);
}

/* Widgets -------------------------------------------------------------------- */

typedef gboolean (*WidgetMatch) (GtkWidget *widget, gconstpointer data);

/* Every widget under @root (itself included, breadth first) that @match
 * accepts. */
static GPtrArray *
find_widgets (GtkWidget     *root,
              WidgetMatch    match,
              gconstpointer  data)
{
  GPtrArray *found = g_ptr_array_new ();
  GQueue queue = G_QUEUE_INIT;

  g_queue_push_tail (&queue, root);
  while (!g_queue_is_empty (&queue))
    {
      GtkWidget *widget = g_queue_pop_head (&queue);

      if (match (widget, data))
        g_ptr_array_add (found, widget);
      for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
        g_queue_push_tail (&queue, c);
    }
  return found;
}

static GtkWidget *
find_widget (GtkWidget     *root,
             WidgetMatch    match,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) found = find_widgets (root, match, data);

  g_assert_cmpuint (found->len, >, 0);
  return g_ptr_array_index (found, 0);
}

static gboolean
has_buildable_id (GtkWidget *widget, gconstpointer id)
{
  return g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0;
}

static gboolean
is_of_type (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
is_row_with_title (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static GtkMenuButton *
job_button (Fixture *f)
{
  return f->window->mode_button;
}

static gboolean
algorithm_chosen (Fixture    *f,
                  const char *name)
{
  g_auto(GStrv) names = g_settings_get_strv (f->settings, "algorithms");

  return g_strv_contains ((const char * const *) names, name);
}

/* Preferences: each row writes its setting; a reset shows only while the
 * setting differs from its default. ----------------------------------- */

static void
close_preferences (GtkWidget *prefs)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_force_close (ADW_DIALOG (prefs));
#else
  gtk_window_destroy (GTK_WINDOW (prefs));
#endif
}

static const char *
combo_text (GtkWidget *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (row));

  return gtk_string_object_get_string (item);
}

static guint
combo_index_of (GtkWidget  *row,
                const char *text)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), text))
        return i;
    }
  g_assert_not_reached ();
}

static void
test_preferences_rows (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *prefs = fw_preferences_present (GTK_WINDOW (f->window));
  GtkWidget *buffer_row = find_widget (prefs, has_buildable_id, "buffer_row");
  GtkWidget *queue_row = find_widget (prefs, has_buildable_id, "queue_row");
  GtkWidget *buffer_reset = find_widget (prefs, has_buildable_id, "buffer_reset");
  GtkWidget *queue_reset = find_widget (prefs, has_buildable_id, "queue_reset");
  GtkWidget *advanced;
  GtkWidget *md5;

  /* The buffers are under Advanced, their values in units. */
  advanced = gtk_widget_get_ancestor (buffer_row, ADW_TYPE_PREFERENCES_GROUP);
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (advanced)), ==, "Advanced");
  g_assert_true (gtk_widget_get_ancestor (queue_row, ADW_TYPE_PREFERENCES_GROUP) == advanced);
  g_assert_cmpstr (combo_text (buffer_row), ==, "1 MiB");
  g_assert_cmpstr (combo_text (queue_row), ==, "256 files");

  /* At the defaults: no reset. */
  g_assert_false (gtk_widget_get_visible (buffer_reset));
  g_assert_false (gtk_widget_get_visible (queue_reset));

  adw_combo_row_set_selected (ADW_COMBO_ROW (buffer_row), combo_index_of (buffer_row, "4 MiB"));
  g_assert_cmpuint (g_settings_get_uint (f->settings, "buffer-size"), ==, 4 << 20);
  g_assert_true (gtk_widget_get_visible (buffer_reset));
  g_assert_false (gtk_widget_get_visible (queue_reset));
  adw_combo_row_set_selected (ADW_COMBO_ROW (queue_row), combo_index_of (queue_row, "1024 files"));
  g_assert_cmpuint (g_settings_get_uint (f->settings, "queue-capacity"), ==, 1024);
  g_assert_true (gtk_widget_get_visible (queue_reset));
  /* It reaches the batch. */
  g_assert_cmpuint (fw_batch_get_queue_capacity (fw_window_get_batch (f->window)), ==, 1024);

  /* Reset: the default again, and the button goes. */
  g_signal_emit_by_name (buffer_reset, "clicked");
  g_assert_cmpuint (g_settings_get_uint (f->settings, "buffer-size"), ==, 1 << 20);
  g_assert_cmpstr (combo_text (buffer_row), ==, "1 MiB");
  g_assert_false (gtk_widget_get_visible (buffer_reset));
  g_assert_true (gtk_widget_get_visible (queue_reset));
  g_signal_emit_by_name (queue_reset, "clicked");
  g_assert_cmpuint (g_settings_get_uint (f->settings, "queue-capacity"), ==, 256);
  g_assert_false (gtk_widget_get_visible (queue_reset));

  /* Set elsewhere to a value the list does not hold: the nearest shows,
   * and the reset too. */
  g_settings_set_uint (f->settings, "queue-capacity", 17);
  g_assert_cmpstr (combo_text (queue_row), ==, "16 files");
  g_assert_true (gtk_widget_get_visible (queue_reset));
  g_assert_cmpuint (g_settings_get_uint (f->settings, "queue-capacity"), ==, 17);

  /* Every algorithm is a row; ticking one writes the setting, and the
   * job button's tooltip follows. */
  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    g_assert_nonnull (find_widget (prefs, is_row_with_title, fw_preferences_algorithm_label (a)));
  md5 = find_widget (find_widget (prefs, is_row_with_title, fw_preferences_algorithm_label (FW_ALGORITHM_MD5)),
                     is_of_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (md5)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (md5), TRUE);
  g_assert_true (algorithm_chosen (f, "md5"));
  g_assert_true (algorithm_chosen (f, "sha256"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (job_button (f))),
                            fw_preferences_algorithm_label (FW_ALGORITHM_MD5)));
  close_preferences (prefs);
}

int
main (int    argc,
      char **argv)
{
  /* As the app's main() does. */
  fw_digest_init ();
  fw_test_env_setup ();
  gtk_test_init (&argc, &argv, NULL);
  fw_test_env_fatal_logs ();
  adw_init ();

  g_test_add ("/window-nav/preferences-rows", Fixture, NULL, fixture_setup, test_preferences_rows, fixture_teardown);

  return g_test_run ();
}
