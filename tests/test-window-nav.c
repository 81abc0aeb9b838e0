/* test-window-nav.c — choosing the job: the empty page's choices, the job
 * popover, Preferences, the Add button; in process, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gdk/x11/gdkx.h>

#include "fw-preferences.h"
#include "fw-test-env.h"
#include "fw-test-window.h"

typedef struct {
  FwWindow  *window;
  GSettings *settings;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->settings = g_settings_new (APP_ID);
  fw_test_reset_settings ("algorithms", "mode", "buffer-size", "queue-capacity", NULL);
  f->window = g_object_ref_sink (fw_window_new (NULL));
  fw_test_present_window (GTK_WINDOW (f->window));
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

static gboolean
is_check_with_label (GtkWidget *widget, gconstpointer label)
{
  return GTK_IS_CHECK_BUTTON (widget) &&
         g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0;
}

static gboolean
is_button_with_label (GtkWidget *widget, gconstpointer label)
{
  return GTK_IS_BUTTON (widget) && !GTK_IS_CHECK_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

/* A real left click (xdotool, X input) in the middle of @widget, once GTK
 * has seen the pointer on it, as a person's. */
static void
click (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t point;
  double sx, sy;
  g_autofree char *xid = NULL;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  wait_frames (widget, 2);
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                                                 gtk_widget_get_height (widget) / 2.f),
                                           &point));
  gtk_native_get_surface_transform (native, &sx, &sy);
  xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (gtk_native_get_surface (native)));
  x = g_strdup_printf ("%d", (int) (point.x + sx));
  y = g_strdup_printf ("%d", (int) (point.y + sy));
  xdotool ("mousemove", "--sync", "--window", xid, x, y, NULL);
  while (!(gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_PRELIGHT))
    g_main_context_iteration (NULL, TRUE);
  gdk_display_sync (gtk_widget_get_display (widget));
  xdotool ("click", "1", NULL);
}

static GtkMenuButton *
job_button (Fixture *f)
{
  return f->window->mode_button;
}

static char *
mode (Fixture *f)
{
  return g_settings_get_string (f->settings, "mode");
}

static gboolean
algorithm_chosen (Fixture    *f,
                  const char *name)
{
  g_auto(GStrv) names = g_settings_get_strv (f->settings, "algorithms");

  return g_strv_contains ((const char * const *) names, name);
}

/* The empty page offers the jobs; choosing one sets what dropped items
 * become. -------------------------------------------------------------- */

static void
test_empty_choices_set_job (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidget *page = GTK_WIDGET (f->window->empty_page);
  GtkWidget *hash_row, *size_row;
  GtkWidget *hash_radio, *size_radio;
  g_autofree char *after_size = NULL;
  g_autofree char *after_hash = NULL;

  g_assert_true (gtk_widget_get_mapped (page));
  hash_row = find_widget (page, is_row_with_title, "Hash Files");
  size_row = find_widget (page, is_row_with_title, "Folder Sizes");
  hash_radio = find_widget (hash_row, is_of_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON));
  size_radio = find_widget (size_row, is_of_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (hash_radio)));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (size_radio)));

  /* A real click on the row, as a person chooses. */
  click (size_row);
  while (fw_window_get_mode (f->window) != FW_BATCH_MODE_SIZE)
    g_main_context_iteration (NULL, TRUE);
  after_size = mode (f);
  g_assert_cmpstr (after_size, ==, "size");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (size_radio)));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (hash_radio)));
  g_assert_cmpstr (gtk_menu_button_get_label (job_button (f)), ==, "Folder Sizes");

  click (hash_row);
  while (fw_window_get_mode (f->window) != FW_BATCH_MODE_HASH)
    g_main_context_iteration (NULL, TRUE);
  after_hash = mode (f);
  g_assert_cmpstr (after_hash, ==, "hash");
  g_assert_cmpstr (gtk_menu_button_get_label (job_button (f)), ==, "Hash Files");
}

/* A job's button picks it and opens its chooser: files for hashing, a
 * folder for sizes. In a process of its own: GTK's file chooser widget
 * leaks inside GTK, which LeakSanitizer would blame on this test. */
static void
check_choice_opens_chooser (const char           *row_title,
                            const char           *button_label,
                            const char           *expected_mode,
                            GtkFileChooserAction  expected_action)
{
  Fixture fixture = { 0 }, *f = &fixture;
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWidget *row, *button;
  GtkWidget *dialog = NULL;
  g_autofree char *chosen = NULL;

  fixture_setup (f, NULL);
  /* The other job first, so that the button's own choice shows. */
  g_settings_set_string (f->settings, "mode", g_str_equal (expected_mode, "hash") ? "size" : "hash");
  row = find_widget (GTK_WIDGET (f->window->empty_page), is_row_with_title, row_title);
  button = find_widget (row, is_button_with_label, button_label);
  g_signal_emit_by_name (button, "clicked");
  chosen = mode (f);
  g_assert_cmpstr (chosen, ==, expected_mode);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  while (dialog == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
        {
          g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

          if (GTK_IS_FILE_CHOOSER_DIALOG (w) && gtk_widget_get_visible (w))
            dialog = w;
        }
    }
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog)), ==, expected_action);
  fw_test_settle_file_chooser (dialog);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  G_GNUC_END_IGNORE_DEPRECATIONS
  while (g_main_context_iteration (NULL, FALSE))
    ;
  fixture_teardown (f, NULL);
}

static void
test_empty_choice_opens_files (void)
{
  if (!g_test_subprocess ())
    {
      run_in_subprocess ();
      return;
    }
  check_choice_opens_chooser ("Hash Files", "Add Files…", "hash", GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
test_empty_choice_opens_folder (void)
{
  if (!g_test_subprocess ())
    {
      run_in_subprocess ();
      return;
    }
  check_choice_opens_chooser ("Folder Sizes", "Add Folder…", "size", GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
}

/* The job popover: the common algorithms at hand, ticked with real clicks;
 * it stays open while the person ticks. ------------------------------ */

static GtkWidget *
open_popover (Fixture *f)
{
  GtkPopover *popover = gtk_menu_button_get_popover (job_button (f));

  g_assert_true (GTK_IS_POPOVER (popover));
  g_assert_false (GTK_IS_POPOVER_MENU (popover));
  click (GTK_WIDGET (job_button (f)));
  while (!gtk_widget_get_mapped (GTK_WIDGET (popover)))
    g_main_context_iteration (NULL, TRUE);
  wait_frames (GTK_WIDGET (popover), 2);
  return GTK_WIDGET (popover);
}

static void
test_popover_ticks (Fixture       *f,
                    gconstpointer  data)
{
  /* The common ones, in this order, those the engine has (BLAKE3 comes
   * with its helper's branch). */
  const char *common[] = { "SHA256", "SHA1", "MD5", "SHA512", "BLAKE3" };
  g_autoptr(GStrvBuilder) expected_builder = g_strv_builder_new ();
  g_auto(GStrv) expected = NULL;
  GtkWidget *popover;
  GtkWidget *checks;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (common); i++)
    if (fw_algorithm_from_tag (common[i]) != FW_ALGORITHM_INVALID)
      g_strv_builder_add (expected_builder, fw_algorithm_get_display_name (fw_algorithm_from_tag (common[i])));
  /* CRC32, ticked in Preferences, shows below them. */
  g_strv_builder_add (expected_builder, fw_algorithm_get_display_name (FW_ALGORITHM_CRC32));
  expected = g_strv_builder_end (expected_builder);
  g_settings_set_strv (f->settings, "algorithms", (const char * const[]) { "sha256", "crc32", NULL });

  popover = open_popover (f);
  checks = f->window->algorithm_checks;
  g_assert_true (gtk_widget_get_mapped (checks));
  for (GtkWidget *c = gtk_widget_get_first_child (checks); c; c = gtk_widget_get_next_sibling (c), n++)
    {
      g_assert_nonnull (expected[n]);
      g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (c)), ==, expected[n]);
    }
  g_assert_null (expected[n]);

  /* Two ticks in a row, by real clicks: the popover stays open between
   * them and after. */
  click (find_widget (popover, is_check_with_label, fw_algorithm_get_display_name (FW_ALGORITHM_SHA1)));
  while (!algorithm_chosen (f, "sha1"))
    g_main_context_iteration (NULL, TRUE);
  wait_frames (popover, 3);
  g_assert_true (gtk_widget_get_mapped (popover));
  click (find_widget (popover, is_check_with_label, fw_algorithm_get_display_name (FW_ALGORITHM_MD5)));
  while (!algorithm_chosen (f, "md5"))
    g_main_context_iteration (NULL, TRUE);
  wait_frames (popover, 3);
  g_assert_true (gtk_widget_get_mapped (popover));
  g_assert_true (algorithm_chosen (f, "sha256"));
  g_assert_true (algorithm_chosen (f, "sha1"));
  g_assert_true (fw_batch_get_algorithms (fw_window_get_batch (f->window)) & FW_ALGORITHM_BIT (FW_ALGORITHM_MD5));

  /* A second click takes one off; CRC32 stays where it is while open. */
  click (find_widget (popover, is_check_with_label, fw_algorithm_get_display_name (FW_ALGORITHM_CRC32)));
  while (algorithm_chosen (f, "crc32"))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_mapped (popover));
  {
    g_autoptr(GPtrArray) crc = find_widgets (popover, is_check_with_label,
                                             fw_algorithm_get_display_name (FW_ALGORITHM_CRC32));

    g_assert_cmpuint (crc->len, ==, 1);
  }
  close_popover (popover);
}

/* In Folder Sizes, the algorithms are not offered, and an algorithm's
 * action does not switch the job. ------------------------------------ */

static void
test_size_keeps_job (Fixture       *f,
                     gconstpointer  data)
{
  GActionGroup *group = fw_window_get_mode_actions (f->window);
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;
  g_autofree char *job = NULL;
  GtkWidget *popover;

  g_settings_set_string (f->settings, "mode", "size");
  before = g_settings_get_strv (f->settings, "algorithms");
  g_assert_false (g_action_group_get_action_enabled (group, "sha1"));
  g_action_group_activate_action (group, "sha1", NULL);
  g_action_group_change_action_state (group, "md5", g_variant_new_boolean (TRUE));
  job = mode (f);
  g_assert_cmpstr (job, ==, "size");
  after = g_settings_get_strv (f->settings, "algorithms");
  g_assert_true (g_strv_equal ((const char * const *) before, (const char * const *) after));

  popover = open_popover (f);
  g_assert_false (gtk_widget_get_visible (f->window->algorithms_box));
  /* Back to hashing from the popover, by a real click: the algorithms
   * come back. */
  click (find_widget (popover, is_check_with_label, "Hash Files"));
  while (fw_window_get_mode (f->window) != FW_BATCH_MODE_HASH)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_visible (f->window->algorithms_box));
  g_assert_true (g_action_group_get_action_enabled (group, "sha1"));
  g_assert_true (gtk_widget_get_mapped (popover));
  close_popover (popover);
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
    g_assert_nonnull (find_widget (prefs, is_row_with_title, fw_algorithm_get_display_name (a)));
  md5 = find_widget (find_widget (prefs, is_row_with_title, fw_algorithm_get_display_name (FW_ALGORITHM_MD5)),
                     is_of_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (md5)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (md5), TRUE);
  g_assert_true (algorithm_chosen (f, "md5"));
  g_assert_true (algorithm_chosen (f, "sha256"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (job_button (f))),
                            fw_algorithm_get_display_name (FW_ALGORITHM_MD5)));
  close_preferences (prefs);
}

/* The header's Add button (list-add-symbolic, not a "create" icon): a
 * menu with both ways to add. ------------------------------------------ */

static void
test_add_button_menu (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *add = find_widget (GTK_WIDGET (f->window), has_buildable_id, "add_button");
  GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (add));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) items = NULL;

  g_assert_nonnull (menu);
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      GMenuModel *items_model = section != NULL ? section : menu;

      for (int j = 0; j < g_menu_model_get_n_items (items_model); j++)
        {
          g_autofree char *label = NULL;
          g_autofree char *action = NULL;
          g_autofree char *item = NULL;

          g_menu_model_get_item_attribute (items_model, j, G_MENU_ATTRIBUTE_LABEL, "s", &label);
          g_menu_model_get_item_attribute (items_model, j, G_MENU_ATTRIBUTE_ACTION, "s", &action);
          item = g_strdup_printf ("%s=%s", label, action);
          g_strv_builder_add (builder, item);
        }
      if (section == NULL)
        break;
    }
  items = g_strv_builder_end (builder);
  g_assert_cmpuint (g_strv_length (items), ==, 2);
  g_assert_cmpstr (items[0], ==, "_Add Files…=win.add-files");
  g_assert_cmpstr (items[1], ==, "Add _Folder…=win.add-folder");
  g_assert_cmpstr (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (add)), ==, "list-add-symbolic");
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

  g_test_add ("/window-nav/empty-choices-set-job", Fixture, NULL, fixture_setup, test_empty_choices_set_job, fixture_teardown);
  g_test_add_func ("/window-nav/empty-choice-opens-files", test_empty_choice_opens_files);
  g_test_add_func ("/window-nav/empty-choice-opens-folder", test_empty_choice_opens_folder);
  g_test_add ("/window-nav/popover-ticks", Fixture, NULL, fixture_setup, test_popover_ticks, fixture_teardown);
  g_test_add ("/window-nav/size-keeps-job", Fixture, NULL, fixture_setup, test_size_keeps_job, fixture_teardown);
  g_test_add ("/window-nav/preferences-rows", Fixture, NULL, fixture_setup, test_preferences_rows, fixture_teardown);
  g_test_add ("/window-nav/add-button-menu", Fixture, NULL, fixture_setup, test_add_button_menu, fixture_teardown);

  return g_test_run ();
}
