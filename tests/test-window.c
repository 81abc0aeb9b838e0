/* test-window.c — the window in process, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>

#include "fw-digest-private.h"
#include "fw-batch-private.h"
#include "fw-alert.h"
#include "fw-window-private.h"
#include "fw-application.h"
#include "fw-job-columns.h"
#include "fw-job-text.h"
#include "fw-hash-text-dialog.h"
#include "fw-largest-dialog.h"
#include "fw-preferences.h"
#include "fw-text-cell.h"
#include "fw-digest.h"
#include "fw-test-dbus.h"
#include "fw-test-env.h"
#include "fw-test-window.h"

typedef FwTestWindow Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fw_test_reset_settings ("n-workers", "algorithms", "mode", NULL);
  fw_test_window_setup (f, "fw-test-window-XXXXXX");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  fw_test_window_teardown (f, NULL);
  fw_digest_set_io_hooks (NULL);
}

static gboolean
is_label_with_class (GtkWidget *widget, gconstpointer css_class)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css_class);
}

/* How many alerts are shown (from libadwaita 1.5 on, only the topmost is
 * known: 1 when there is one). */
static guint
n_alerts (FwWindow *window)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  return FW_IS_ALERT (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window))) ? 1 : 0;
#else
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  guint n = 0;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (FW_IS_ALERT (l->data) && gtk_widget_get_visible (l->data))
      n++;
  return n;
#endif
}

static gboolean
is_button_for_action (GtkWidget *widget, gconstpointer action)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

/* The widget built from the template object with @id under @root. */
static GtkWidget *
find_by_id (GtkWidget  *root,
            const char *id)
{
  return find_widget (root, has_buildable_id, id);
}

/* The rows the column view shows (through the sort model and selection). */
static guint
n_view_rows (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (fw_window_get_column_view (f->window))));
}

/* Drop: the drop target's "drop" signal with a real GdkFileList. --------- */

static void
test_drop (Fixture       *f,
           gconstpointer  data)
{
  GBytes *contents[5];
  GSList *list = NULL;
  GdkFileList *file_list;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("dropped-%u.txt", i);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      contents[i] = fw_test_write_random (f->dir, name, 1000 * (i + 1), i);
      list = g_slist_append (list, g_file_new_for_path (path));
    }
  file_list = gdk_file_list_new_from_list (list);
  g_slist_free_full (list, g_object_unref);

  g_assert_cmpuint (n_view_rows (f), ==, 0);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, file_list);
  g_signal_emit_by_name (fw_window_get_drop_target (f->window), "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);

  wait_finished (f, 1);
  g_assert_cmpuint (n_view_rows (f), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("dropped-%u.txt", i);
      FwJob *job = find_job (f->batch, name);
      /* GLib's own SHA-256, not the engine under test. */
      g_autofree char *expected = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, contents[i]);
      g_autofree char *result = NULL;

      g_assert_nonnull (job);
      g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_DONE);
      result = fw_job_text_result (job);
      g_assert_cmpstr (result, ==, expected);
      g_bytes_unref (contents[i]);
    }
  {
    FwBatchProgress p;

    fw_batch_get_progress (f->batch, &p);
    g_assert_cmpuint (p.bytes_done, ==, 15000);
    g_assert_cmpuint (p.bytes_total, ==, 15000);
  }

  /* Tooltips: the name cell shows the full path, the result cell the
   * result; both are asked for when the pointer rests on them. */
  {
    FwJob *job = find_job (f->batch, "dropped-0.txt");
    g_autofree char *path = g_build_filename (f->dir, "dropped-0.txt", NULL);
    g_autofree char *name_tip = fw_job_columns_tooltip (job, FW_COLUMN_NAME);
    g_autofree char *result_tip = fw_job_columns_tooltip (job, FW_COLUMN_RESULT);
    g_autofree char *kind_tip = fw_job_columns_tooltip (job, FW_COLUMN_KIND);
    g_autofree char *result = fw_job_text_result (job);
    g_autoptr(GPtrArray) cells = NULL;
    guint n_name_cells = 0;

    g_assert_cmpstr (name_tip, ==, path);
    g_assert_cmpstr (result_tip, ==, result);
    g_assert_null (kind_tip);

    cells = find_widgets (GTK_WIDGET (fw_window_get_column_view (f->window)), is_cell, NULL);
    for (guint i = 0; i < cells->len; i++)
      if (g_str_has_prefix (fw_text_cell_get_text (g_ptr_array_index (cells, i)), "dropped-"))
        {
          n_name_cells++;
          g_assert_true (gtk_widget_get_has_tooltip (g_ptr_array_index (cells, i)));
          /* Read out as labels by screen readers, as GtkLabel cells were. */
          g_assert_cmpint (gtk_accessible_get_accessible_role (g_ptr_array_index (cells, i)), ==,
                           GTK_ACCESSIBLE_ROLE_LABEL);
        }
    g_assert_cmpuint (n_name_cells, ==, 5);
  }

  /* Narrow: below 760 px the Kind column goes, and comes back. */
  g_assert_false (fw_window_get_narrow (f->window));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 600, 600);
  g_assert_true (fw_window_get_narrow (f->window));
  /* The narrow columns fit: nothing scrolls sideways at 600 px. */
  {
    GtkAdjustment *h = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (fw_window_get_column_view (f->window)));

    /* Until the window is laid out at its new width. */
    while (gtk_widget_get_width (GTK_WIDGET (f->window)) >= 760)
      g_main_context_iteration (NULL, TRUE);
    /* And its rows laid out at it. */
    wait_frames (GTK_WIDGET (f->window), 2);
    g_test_message ("columns %.0f px in a %.0f px view", gtk_adjustment_get_upper (h), gtk_adjustment_get_page_size (h));
    g_assert_cmpfloat (gtk_adjustment_get_upper (h), <=, gtk_adjustment_get_page_size (h));
  }
  /* ... and they fill it: the cells of the last column reach its right edge
   * (GTK 4.8 left the hidden Kind column's width unused). */
  {
    GtkWidget *view = GTK_WIDGET (fw_window_get_column_view (f->window));
    g_autoptr(GPtrArray) cells = find_widgets (view, is_cell, NULL);
    float right = 0;

    for (guint i = 0; i < cells->len; i++)
      {
        graphene_rect_t bounds;

        if (gtk_widget_get_mapped (g_ptr_array_index (cells, i)) &&
            gtk_widget_compute_bounds (g_ptr_array_index (cells, i), view, &bounds))
          right = MAX (right, bounds.origin.x + bounds.size.width);
      }
    g_test_message ("cells end at %.0f px in a %d px view", right, gtk_widget_get_width (view));
    g_assert_cmpfloat (right, >, 0);
    g_assert_cmpfloat (gtk_widget_get_width (view) - right, <, 20);
  }
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 600);
  g_assert_false (fw_window_get_narrow (f->window));
}

/* Escape cancels: a real key press through the X server. ------------------ */

/* Endless files (fw-test-batch.h); the others as they are. */
static int
hook_open (const char *path,
           int         flags,
           gpointer    user_data)
{
  int fd = fw_test_open_endless (path);

  return fd >= 0 ? fd : open (path, flags);
}

/* The footer's Cancel button: the one whose action is win.cancel. */
static const char *
cancel_button_label (Fixture *f)
{
  return gtk_button_get_label (GTK_BUTTON (find_widget (GTK_WIDGET (f->window),
                                                        is_button_for_action, "win.cancel")));
}

static gboolean saw_stopping_label;

/* Connected after the window's own handler, so the footer is up to date. */
static void
stopping_cb (FwBatch    *batch,
             GParamSpec *pspec,
             Fixture    *f)
{
  if (fw_batch_get_stopping (batch))
    saw_stopping_label = g_strcmp0 (cancel_button_label (f), "Stopping…") == 0;
}

/* Real key presses (xdotool) and a way to know GTK has handled them: a
 * key controller of the test's own, in the capture phase on the window
 * and on the row menu (a native of its own: events do not cross into the
 * window), sees every key before the shortcuts run; the press has been
 * handled once the loop iteration that saw it returns. */
static guint last_keyval_seen;
static guint n_keys_seen;

static gboolean
key_seen_cb (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             gpointer               user_data)
{
  last_keyval_seen = keyval;
  n_keys_seen++;
  return GDK_EVENT_PROPAGATE;
}

static void
watch_keys (Fixture *f)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  g_autofree char *xid = NULL;

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_seen_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (f->window), keys);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_seen_cb), NULL);
  gtk_widget_add_controller (f->window->row_popover, keys);
  xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (f->window))));
  xdotool ("windowfocus", "--sync", xid, NULL);
  while (!gtk_window_is_active (GTK_WINDOW (f->window)))
    g_main_context_iteration (NULL, TRUE);
}

/* Presses @keys (xdotool's words: "shift+F10") and returns once the
 * window has handled the press of @keyval. */
static void
press_key (const char *keys,
           guint       keyval)
{
  guint seen = n_keys_seen;

  g_test_message ("key %s", keys);
  xdotool ("key", keys, NULL);
  while (n_keys_seen == seen || last_keyval_seen != keyval)
    g_main_context_iteration (NULL, TRUE);
}

static GtkWidget *
footer_progress_bar (Fixture *f)
{
  return find_by_id (GTK_WIDGET (f->window), "progress_bar");
}

static gboolean is_toast (GtkWidget *widget, gconstpointer unused);

/* The shown toast's button labelled @label, once there is one. */
static GtkWidget *
toast_button (Fixture    *f,
              const char *label)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GPtrArray) toasts = find_widgets (GTK_WIDGET (f->window), is_toast, NULL);

      for (guint i = 0; i < toasts->len; i++)
        {
          g_autoptr(GPtrArray) buttons = find_widgets (g_ptr_array_index (toasts, i), is_button_labelled, label);

          if (buttons->len > 0 && gtk_widget_get_mapped (g_ptr_array_index (buttons, 0)))
            return g_ptr_array_index (buttons, 0);
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      wait_frames (GTK_WIDGET (f->window), 1);
    }
}

/* Escape dismisses things; it does not stop the batch. The footer's Stop
 * (neutral, not red) does, and the toast then offers Run Again, which
 * queues what was cancelled; the progress bar shows only while a run
 * goes on. */
static void
test_escape_keeps_running (Fixture       *f,
                           gconstpointer  data)
{
  FwDigestIoHooks hooks = { hook_open, NULL, hook_fstat, NULL };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GListModel *model = fw_batch_get_jobs (f->batch);
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);
  GtkWidget *stop, *again;

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *name = g_strdup_printf ("a-small-%u", i);
      g_bytes_unref (fw_test_write_random (f->dir, name, 3000, i));
    }
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("endless-%u", i);
      g_bytes_unref (fw_test_write_random (f->dir, name, 10, i));
    }
  n_endless_fds = 0;
  fw_digest_set_io_hooks (&hooks);
  g_settings_set_uint (settings, "n-workers", 2);

  fw_window_add_files_as (f->window, &dir, 1, FW_BATCH_MODE_HASH);
  wait_done_and_running (model, 6, 2);
  stop = find_widget (GTK_WIDGET (f->window), is_button_for_action, "win.cancel");
  g_assert_cmpstr (cancel_button_label (f), ==, "S_top");
  g_assert_false (gtk_widget_has_css_class (stop, "destructive-action"));
  g_assert_true (gtk_widget_get_visible (footer_progress_bar (f)));
  saw_stopping_label = FALSE;
  g_signal_connect (f->batch, "notify::stopping", G_CALLBACK (stopping_cb), f);

  /* A real Escape key press, handled: nothing stops. */
  watch_keys (f);
  press_key ("Escape", GDK_KEY_Escape);
  g_assert_true (fw_batch_get_running (f->batch));
  g_assert_false (fw_batch_get_stopping (f->batch));
  g_assert_cmpint (fw_job_get_state (find_job (f->batch, "endless-0")), !=, FW_JOB_CANCELLED);

  /* Stop does. */
  g_signal_emit_by_name (stop, "clicked");
  wait_finished (f, 1);
  g_assert_true (saw_stopping_label);
  g_assert_false (fw_batch_get_running (f->batch));
  g_assert_false (gtk_widget_get_visible (footer_progress_bar (f)));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (model, i);

      if (g_str_has_prefix (fw_job_get_name (job), "a-small-"))
        g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_DONE);
      else
        g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_CANCELLED);
    }
  g_assert_cmpuint (n_view_rows (f), ==, 10);

  /* "Stopped: …", and its Run Again runs the cancelled rows again. */
  g_assert_true (g_str_has_prefix (fw_window_get_last_toast (f->window), "Stopped: "));
  again = toast_button (f, "_Run Again");
  g_signal_emit_by_name (again, "clicked");
  g_assert_true (fw_batch_get_running (f->batch));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (model, i);
      FwJobState state = fw_job_get_state (job);

      if (g_str_has_prefix (fw_job_get_name (job), "a-small-"))
        g_assert_cmpint (state, ==, FW_JOB_DONE);
      else
        g_assert_true (state == FW_JOB_QUEUED || state == FW_JOB_RUNNING);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.cancel", NULL));
  wait_finished (f, 2);
}

/* Export: the same bytes as fileworks-cli. -------------------------------- */

static GBytes *
run_cli (const char  *cwd,
         const char **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) envp = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  int status = 0;

  g_ptr_array_add (argv, g_build_filename (g_getenv ("FW_TOP_BUILDDIR"), "src", "cli", "fileworks-cli", NULL));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  envp = g_get_environ ();
  g_spawn_sync (cwd, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  len = strlen (out);
  return g_bytes_new_take (g_steal_pointer (&out), len); /* still NUL-terminated */
}

static void
assert_export_equals_cli (Fixture        *f,
                          FwExportFormat  format,
                          const char    **cli_args)
{
  g_autofree char *path = g_build_filename (f->dir, "export.out", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) expected = run_cli (f->dir, cli_args);
  g_autofree char *written = NULL;
  gsize len;

  g_assert_true (fw_window_export (f->window, format, f->dir, path, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &written, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (expected), >, 0);
  g_assert_cmpstr (written, ==, g_bytes_get_data (expected, NULL));
  g_assert_cmpuint (len, ==, g_bytes_get_size (expected));
  g_unlink (path);
}

static void
test_export_matches_cli (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *algorithms[] = { "sha256", "crc32", NULL };
  g_autofree char *tree = g_build_filename (f->dir, "tree", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (tree);

  g_bytes_unref (fw_test_write_random (tree, "b.txt", 100, 1));
  g_bytes_unref (fw_test_write_random (tree, "b/c", 2000, 2));
  g_bytes_unref (fw_test_write_random (tree, "a back\\slash", 30, 3));
  g_bytes_unref (fw_test_write_random (tree, ".hidden", 0, 4));
  g_bytes_unref (fw_test_write_random (tree, "z/y/x", 70000, 5));

  /* One algorithm first: GNU lines. */
  g_settings_set_strv (settings, "algorithms", (const char * const[]) { "sha256", NULL });
  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  assert_export_equals_cli (f, FW_EXPORT_GNU, (const char *[]) { "hash", "-r", "tree", NULL });
  assert_export_equals_cli (f, FW_EXPORT_BSD, (const char *[]) { "hash", "--tag", "-r", "tree", NULL });

  /* Several algorithms in one read: BSD tags; and SFV from the crc32. */
  fw_batch_clear (f->batch);
  g_settings_set_strv (settings, "algorithms", algorithms);
  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 2);
  assert_export_equals_cli (f, FW_EXPORT_BSD,
                            (const char *[]) { "hash", "-a", "sha256", "-a", "crc32", "-r", "tree", NULL });
  assert_export_equals_cli (f, FW_EXPORT_SFV, (const char *[]) { "hash", "--sfv", "-r", "tree", NULL });

  /* CSV: one header and one line per row. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) csv = fw_window_build_export (f->window, FW_EXPORT_CSV, NULL, &error);
    g_auto(GStrv) lines = NULL;

    g_assert_no_error (error);
    lines = g_strsplit (g_bytes_get_data (csv, NULL), "\r\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + 5 + 1);
    g_assert_cmpstr (lines[0], ==, "path,kind,size,state,result");
    /* Machine tokens, the same in every language, and the digests as
     * data: "ALGORITHM:HEX" pairs when there are several. */
    for (guint i = 1; i <= 5; i++)
      {
        g_auto(GStrv) row = g_strsplit (lines[i], ",", 5);
        /* A row is named by its path under the dropped folder. */
        const char *name = g_str_has_prefix (row[0], tree) ? row[0] + strlen (tree) + 1 : row[0];
        FwJob *job = find_job (f->batch, name);
        g_autofree char *digests = NULL;
        g_autofree char *size = NULL;

        g_assert_nonnull (job);
        digests = g_strdup_printf ("sha256:%s crc32:%s",
                                   fw_job_get_digest (job, FW_ALGORITHM_SHA256),
                                   fw_job_get_digest (job, FW_ALGORITHM_CRC32));
        size = g_strdup_printf ("%" G_GUINT64_FORMAT, fw_job_get_size (job));
        g_assert_cmpstr (row[0], ==, fw_job_get_path (job));
        g_assert_cmpstr (row[1], ==, "hash");
        g_assert_cmpstr (row[2], ==, size);
        g_assert_cmpstr (row[3], ==, "done");
        g_assert_cmpstr (row[4], ==, digests);
      }
  }
}

/* Preferences reach the pool at once. -------------------------------------- */

static void
test_preferences_reach_pool (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_uint (settings, "n-workers", 3);
  g_assert_cmpuint (fw_pool_get_n_workers (fw_batch_get_pool (f->batch)), ==, 3);
  /* Sizing follows it too. */
  g_assert_cmpuint (fw_pool_get_n_workers (fw_batch_get_size_pool (f->batch)), ==, 3);
  g_settings_set_uint (settings, "n-workers", 0);
  g_assert_cmpuint (fw_pool_get_n_workers (fw_batch_get_pool (f->batch)), ==, g_get_num_processors ());
  g_settings_set_uint (settings, "queue-capacity", 17);
  g_assert_cmpuint (fw_batch_get_queue_capacity (f->batch), ==, 17);
  /* 17 jobs: chunks of 17 / 8 = 2, and 8 of them in the pool's queue. */
  g_assert_cmpuint (fw_pool_get_queue_capacity (fw_batch_get_pool (f->batch)), ==, 8);
  g_settings_reset (settings, "queue-capacity");

  /* Through the preferences themselves, as a person would: Automatic
   * off, then 5 workers. */
  {
    GtkWidget *prefs = fw_preferences_present (GTK_WINDOW (f->window));
    GtkSwitch *auto_switch = GTK_SWITCH (find_by_id (prefs, "auto_workers_switch"));
    GtkSpinButton *workers = GTK_SPIN_BUTTON (find_by_id (prefs, "workers_spin"));
    GtkWidget *workers_row = find_by_id (prefs, "workers_row");

    g_assert_true (gtk_switch_get_active (auto_switch));
    g_assert_false (gtk_widget_get_sensitive (workers_row));
    gtk_switch_set_active (auto_switch, FALSE);
    g_assert_true (gtk_widget_get_sensitive (workers_row));
    gtk_spin_button_set_value (workers, 5);
    g_assert_cmpuint (g_settings_get_uint (settings, "n-workers"), ==, 5);
    g_assert_cmpuint (fw_pool_get_n_workers (fw_batch_get_pool (f->batch)), ==, 5);
    gtk_switch_set_active (auto_switch, TRUE);
    g_assert_cmpuint (g_settings_get_uint (settings, "n-workers"), ==, 0);
    g_assert_cmpuint (fw_pool_get_n_workers (fw_batch_get_pool (f->batch)), ==, g_get_num_processors ());
#if ADW_CHECK_VERSION (1, 5, 0)
    adw_dialog_force_close (ADW_DIALOG (prefs));
#else
    gtk_window_destroy (GTK_WINDOW (prefs));
#endif
  }
}

/* A size row shows its largest items, biggest first. -------------------- */

/* The dialog of type @type shown over the window, or %NULL. */
static GtkWindow *
find_dialog (FwWindow *window,
             GType     type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data) &&
        gtk_window_get_transient_for (l->data) == GTK_WINDOW (window))
      return l->data;
  return NULL;
}

static void
dialog_gone_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* Closes @dialog and waits until it is destroyed and its surface gone:
 * a later test must not meet it under the pointer. */
static void
dialog_close_wait (GtkWindow *dialog)
{
  gboolean gone = FALSE;

  g_signal_connect_swapped (dialog, "destroy", G_CALLBACK (dialog_gone_cb), &gone);
  gtk_window_close (dialog);
  while (!gone)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Closes @dialog with a real Escape key press, and waits until it is
 * destroyed. */
static void
dialog_escape (GtkWindow *dialog)
{
  g_autofree char *xid = NULL;
  gboolean gone = FALSE;

  while (!gtk_widget_get_mapped (GTK_WIDGET (dialog)))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect_swapped (dialog, "destroy", G_CALLBACK (dialog_gone_cb), &gone);
  xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (dialog))));
  xdotool ("windowfocus", "--sync", xid, NULL);
  xdotool ("key", "Escape", NULL);
  while (!gone)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The rows of a Largest Items list, in order. */
static GPtrArray *
largest_rows (GtkWindow *dialog)
{
  GtkListBox *list = fw_largest_dialog_get_list (FW_LARGEST_DIALOG (dialog));
  GPtrArray *rows = g_ptr_array_new ();
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    {
      g_assert_true (ADW_IS_ACTION_ROW (row));
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static const char *
row_title (gpointer row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static void
test_show_largest (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *tree = g_build_filename (f->dir, "tree", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (tree);
  GtkWindow *dialog;
  g_autoptr(GPtrArray) rows = NULL;
  int big = -1, small = -1;

  g_bytes_unref (fw_test_write_random (tree, "small.bin", 5000, 1));
  g_bytes_unref (fw_test_write_random (tree, "big.bin", 200000, 2));
  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_SIZE);
  wait_finished (f, 1);
  gtk_selection_model_select_item (gtk_column_view_get_model (fw_window_get_column_view (f->window)), 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-largest", NULL));
  dialog = find_dialog (f->window, FW_TYPE_LARGEST_DIALOG);
  g_assert_nonnull (dialog);
  /* A real dialog: modal, over the window, titled by the folder. */
  g_assert_true (gtk_window_get_modal (dialog));
  g_assert_cmpstr (gtk_window_get_title (dialog), ==, "Largest in “tree”");
  rows = largest_rows (dialog);
  for (guint i = 0; i < rows->len; i++)
    {
      if (g_strcmp0 (row_title (g_ptr_array_index (rows, i)), "big.bin") == 0)
        big = i;
      if (g_strcmp0 (row_title (g_ptr_array_index (rows, i)), "small.bin") == 0)
        small = i;
    }
  g_assert_cmpint (big, >=, 0);
  g_assert_cmpint (small, >=, 0);
  g_assert_cmpint (big, <, small);
  /* Escape closes it. */
  dialog_escape (dialog);
  g_assert_null (find_dialog (f->window, FW_TYPE_LARGEST_DIALOG));
}

/* Verify flags a changed file; a checksum file added is verified, and a
 * toast says so. ----------------------------------------------------------- */

static void
test_verify_flags_change (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GBytes) one = fw_test_write_random (f->dir, "one", 5000, 1);
  g_autoptr(GBytes) two = fw_test_write_random (f->dir, "two", 5000, 2);
  g_autofree char *sum_one = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, one);
  g_autofree char *sum_two = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, two);
  g_autofree char *sums = NULL;
  g_autofree char *sums_path = g_build_filename (f->dir, "SHA256SUMS", NULL);
  g_autoptr(GFile) sums_file = g_file_new_for_path (sums_path);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;

  /* The list as sha256sum writes it ("HEX  NAME\n"), with GLib's own
   * SHA-256: neither the engine nor the window's export makes it. */
  sums = g_strdup_printf ("%s  one\n%s  two\n", sum_one, sum_two);
  g_file_set_contents (sums_path, sums, -1, &error);
  g_assert_no_error (error);
  g_bytes_unref (fw_test_write_random (f->dir, "two", 5000, 99));

  /* Added as a drop or "Open With" adds it: the checksum file is
   * verified, whatever the job, and a toast says so. */
  g_settings_set_string (settings, "mode", "size");
  fw_window_add_files (f->window, &sums_file, 1);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==,
                   "“SHA256SUMS” is a checksum file: checking the files it lists");
  g_assert_null (find_alert (f->window, "Verify Checksum File?"));
  wait_finished (f, 1);
  g_assert_cmpint (fw_job_get_verdict (find_job (f->batch, "one")), ==, FW_JOB_VERDICT_OK);
  g_assert_cmpint (fw_job_get_verdict (find_job (f->batch, "two")), ==, FW_JOB_VERDICT_MISMATCH);

  /* Failures first: the view is sorted with the mismatch on top. */
  {
    GListModel *view = G_LIST_MODEL (gtk_column_view_get_model (fw_window_get_column_view (f->window)));
    g_autoptr(FwJob) top = g_list_model_get_item (view, 0);

    g_assert_cmpstr (fw_job_get_name (top), ==, "two");
  }
}

/* A checksum file alone (as in the Flatpak sandbox): every listed file is
 * missing until the folder they are in is chosen. */
static void
test_verify_in_chosen_folder (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *files_dir = g_build_filename (f->dir, "files", NULL);
  g_autofree char *alone_dir = g_build_filename (f->dir, "alone", NULL);
  g_autofree char *sums_path = g_build_filename (alone_dir, "SHA256SUMS", NULL);
  g_autoptr(GFile) sums_file = g_file_new_for_path (sums_path);
  g_autoptr(GFile) folder = g_file_new_for_path (files_dir);
  g_autoptr(GString) sums = g_string_new (NULL);
  GListModel *model = fw_batch_get_jobs (f->batch);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("listed-%u", i);
      g_autoptr(GBytes) bytes = fw_test_write_random (files_dir, name, 2000 + i, i);
      /* GLib's own SHA-256, not the engine under test. */
      g_autofree char *d = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

      g_string_append_printf (sums, "%s  %s\n", d, name);
    }
  /* And a line that is not one: its row on the checksum file. */
  g_string_append (sums, "not a checksum line\n");
  g_mkdir_with_parents (alone_dir, 0755);
  g_file_set_contents (sums_path, sums->str, -1, NULL);

  fw_window_add_files_as (f->window, &sums_file, 1, FW_BATCH_MODE_VERIFY);
  wait_finished (f, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (model, i);
      g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_MISSING);
    }
  g_assert_cmpuint (count_cells (f, "Line 4 is not a checksum line"), ==, 1);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (f->window)));
  /* A missing file has no size: its row says "—", not "0 bytes" (and so
   * does the malformed line's). */
  g_assert_cmpuint (count_cells (f, "—"), ==, 4);
  g_assert_cmpuint (count_cells (f, "0 bytes"), ==, 0);

  fw_window_verify_in_folder (f->window, folder);
  wait_finished (f, 2);
  /* The malformed line's row came again with the file, once. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (model, i);
      g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_OK);
    }
  g_assert_cmpuint (count_cells (f, "Line 4 is not a checksum line"), ==, 1);
  g_assert_cmpuint (count_cells (f, "—"), ==, 1);
  {
    g_autofree char *size = g_format_size (2000);   /* 2000 to 2002 bytes: "2.0 kB" */

    g_assert_cmpuint (count_cells (f, size), ==, 3);
  }
}

/* The footer counts folders as folders and files as files (also a file
 * sized alone), every row of the list, not the last run's; and shows no
 * bytes for a batch of sizes alone (their sizes are in their rows). ----- */

static void
test_footer_counts (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *a = g_build_filename (f->dir, "a", NULL);
  g_autofree char *b = g_build_filename (f->dir, "b", NULL);
  g_autofree char *one = g_build_filename (f->dir, "a", "one.bin", NULL);
  GFile *folders[2];
  g_autoptr(GFile) file = g_file_new_for_path (one);
  const char *text;

  g_bytes_unref (fw_test_write_random (f->dir, "a/one.bin", 3000, 1));
  g_bytes_unref (fw_test_write_random (f->dir, "b/two.bin", 5000, 2));
  folders[0] = g_file_new_for_path (a);
  folders[1] = g_file_new_for_path (b);
  fw_window_add_files_as (f->window, folders, 2, FW_BATCH_MODE_SIZE);
  wait_finished (f, 1);
  text = fw_window_get_status_text (f->window);
  g_assert_true (g_str_has_prefix (text, "2 of 2 folders"));
  g_assert_null (strstr (text, " / "));

  /* Every row: the two folders and the file. */
  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 2);
  text = fw_window_get_status_text (f->window);
  {
    g_autofree char *size = g_format_size (3000);
    g_autofree char *expected = g_strdup_printf ("3 of 3 items · %s / %s", size, size);

    g_assert_true (g_str_has_prefix (text, expected));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.clear", NULL));
  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 3);
  text = fw_window_get_status_text (f->window);
  {
    g_autofree char *size = g_format_size (3000);
    g_autofree char *expected = g_strdup_printf ("1 of 1 file · %s / %s", size, size);

    g_assert_true (g_str_has_prefix (text, expected));
  }

  /* Sized, a file is a file, not a folder; with a folder, they are items. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.clear", NULL));
  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_SIZE);
  wait_finished (f, 4);
  text = fw_window_get_status_text (f->window);
  g_assert_true (g_str_has_prefix (text, "1 of 1 file"));
  g_assert_null (strstr (text, " / "));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.clear", NULL));
  {
    GFile *mixed[2] = { folders[1], file };

    fw_window_add_files_as (f->window, mixed, 2, FW_BATCH_MODE_SIZE);
  }
  wait_finished (f, 5);
  text = fw_window_get_status_text (f->window);
  g_assert_true (g_str_has_prefix (text, "2 of 2 items"));
  g_assert_null (strstr (text, " / "));
  g_object_unref (folders[0]);
  g_object_unref (folders[1]);
}

/* Rows the list does not show yet (FwPacedListModel paces them) count as
 * still being found: the footer says "finding files" until the last one
 * is shown, and the Cancel button stays, as when the batch paced its rows
 * itself. ---------------------------------------------------------------- */

static void
test_footer_paced_rows (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (f->dir, "many", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  FwBatch *batch = fw_window_get_batch (f->window);
  guint pending;

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/f%04u", dir, i);

      g_assert_true (g_file_set_contents (path, "x", 1, NULL));
    }
  fw_batch_set_auto_start (batch, FALSE);   /* rows only: no hashing */
  fw_window_add_files_as (f->window, &folder, 1, FW_BATCH_MODE_HASH);
  while (fw_batch_get_scanning (batch))
    g_main_context_iteration (NULL, TRUE);

  /* The batch has every row; the list shows a few dozen a step. */
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (batch)), ==, 3000);
  pending = fw_paced_list_model_get_n_pending (f->window->paced);
  g_test_message ("rows not shown yet when the scan ended: %u", pending);
  g_assert_cmpuint (pending, >, 0);
  g_assert_nonnull (strstr (fw_window_get_status_text (f->window), "finding files"));

  while (fw_paced_list_model_get_n_pending (f->window->paced) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (strstr (fw_window_get_status_text (f->window), "finding files"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->window->sort_model)), ==, 3000);
}

/* Copy a result, and compare one with the clipboard (case and spaces do
 * not matter). ------------------------------------------------------------ */

static void
wait_toast (Fixture    *f,
            const char *previous)
{
  while (g_strcmp0 (fw_window_get_last_toast (f->window), previous) == 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_compare_clipboard (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GBytes) contents = fw_test_write_random (f->dir, "pasted.bin", 4321, 9);
  g_autofree char *path = g_build_filename (f->dir, "pasted.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  /* GLib's own SHA-256, not the engine under test. */
  g_autofree char *expected = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, contents);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f->window));
  GtkSelectionModel *selection = gtk_column_view_get_model (fw_window_get_column_view (f->window));
  g_autofree char *shouting = g_ascii_strup (expected, -1);
  g_autofree char *spaced = g_strdup_printf ("  %.32s %s\n", shouting, shouting + 32);
  g_autofree char *other = g_strdup (expected);

  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  gtk_selection_model_select_item (selection, 0, TRUE);

  /* Ctrl+C's action copies the selected row's result. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.copy", NULL));
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "Result copied");
  {
    g_autofree char *copied = NULL;

    gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, &copied);
    while (copied == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpstr (copied, ==, expected);
  }

  /* Compare With Clipboard gives the row the clipboard's digest (issue
   * 19: the row and the banner say the verdict, fw-window-expect.c). */
  gdk_clipboard_set_text (clipboard, spaced);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.compare-clipboard", NULL));
  while (fw_job_get_verdict (find_job (f->batch, "pasted.bin")) == FW_JOB_VERDICT_NONE)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (fw_job_get_verdict (find_job (f->batch, "pasted.bin")), ==, FW_JOB_VERDICT_OK);
  g_assert_cmpstr (fw_expect_bar_get_banner_text (fw_window_get_expect_bar (f->window)), ==,
                   "pasted.bin: Matches the SHA-256 digest you copied");

  /* A digest of that length it is not: read again for the other
   * candidates, then told. */
  other[0] = other[0] == '0' ? '1' : '0';
  gdk_clipboard_set_text (clipboard, other);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.compare-clipboard", NULL));
  while (fw_job_get_verdict (find_job (f->batch, "pasted.bin")) != FW_JOB_VERDICT_MISMATCH)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_str_has_prefix (fw_expect_bar_get_banner_text (fw_window_get_expect_bar (f->window)),
                                   "pasted.bin: Does not match: tried SHA-256"));
}

/* Hash text: the digests follow the text as it is typed; each row's
 * button copies its digest. ----------------------------------------------- */

static gboolean
is_button_with_icon (GtkWidget *widget, gconstpointer icon)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon) == 0;
}

/* Whether the shown subtitle of @row has an attribute of @type over all
 * of its text: the family "monospace", or hyphens off. */
static gboolean
subtitle_has_attr (AdwActionRow   *row,
                   PangoAttrType   type)
{
  GtkWidget *label = find_widget (GTK_WIDGET (row), is_label_with_class, "subtitle");
  PangoAttrList *attrs = pango_layout_get_attributes (gtk_label_get_layout (GTK_LABEL (label)));
  gsize len = strlen (gtk_label_get_text (GTK_LABEL (label)));
  GSList *list;
  gboolean found = FALSE;

  g_assert_cmpuint (len, >, 0);
  if (attrs == NULL)
    return FALSE;
  list = pango_attr_list_get_attributes (attrs);
  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      if (attr->klass->type != type || attr->start_index != 0 || attr->end_index < len)
        continue;
      if (type == PANGO_ATTR_FAMILY && g_strcmp0 (((PangoAttrString *) attr)->value, "monospace") == 0)
        found = TRUE;
      if (type == PANGO_ATTR_INSERT_HYPHENS && ((PangoAttrInt *) attr)->value == FALSE)
        found = TRUE;
    }
  g_slist_free_full (list, (GDestroyNotify) pango_attribute_destroy);
  return found;
}

static void
test_hash_text (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  /* GLib's own digests, not the engine under test. */
  g_autofree char *expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "Fileworks", -1);
  g_autofree char *expected_md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, "Fileworks", -1);
  g_autofree char *empty = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "", 0);
  g_autofree char *copied = NULL;
  GtkWindow *dialog;
  AdwActionRow *sha256, *md5;
  GtkWidget *view;
  GtkTextBuffer *buffer;

  g_settings_set_strv (settings, "algorithms", (const char * const[]) { "sha256", "md5", NULL });
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.hash-text", NULL));
  dialog = find_dialog (f->window, FW_TYPE_HASH_TEXT_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (dialog));
  g_assert_cmpstr (gtk_window_get_title (dialog), ==, "Hash Text");
  /* One row per algorithm ticked, and none for the others. */
  sha256 = fw_hash_text_dialog_get_row (FW_HASH_TEXT_DIALOG (dialog), FW_ALGORITHM_SHA256);
  md5 = fw_hash_text_dialog_get_row (FW_HASH_TEXT_DIALOG (dialog), FW_ALGORITHM_MD5);
  g_assert_nonnull (sha256);
  g_assert_nonnull (md5);
  g_assert_null (fw_hash_text_dialog_get_row (FW_HASH_TEXT_DIALOG (dialog), FW_ALGORITHM_SHA1));
  g_assert_cmpstr (row_title (sha256), ==, "SHA-256");

  view = find_widget (GTK_WIDGET (dialog), is_of_type, GSIZE_TO_POINTER (GTK_TYPE_TEXT_VIEW));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (sha256), empty));
  gtk_text_buffer_set_text (buffer, "Fileworks", -1);
  /* The digest whole in the row, in monospace. */
  g_assert_cmpstr (adw_action_row_get_subtitle (sha256), ==, expected);
  g_assert_true (subtitle_has_attr (sha256, PANGO_ATTR_FAMILY));
  g_assert_cmpstr (adw_action_row_get_subtitle (md5), ==, expected_md5);

  /* The row's copy button puts its digest, alone, on the clipboard. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), "before");
  g_signal_emit_by_name (find_widget (GTK_WIDGET (md5), is_button_with_icon, "edit-copy-symbolic"), "clicked");
  copied = clipboard_text (GTK_WIDGET (dialog));
  g_assert_cmpstr (copied, ==, expected_md5);
  g_clear_pointer (&copied, g_free);
  /* Activating the row (Enter on it) copies too: its button, clicked as
   * GTK clicks an activated button, once its press is drawn. */
  {
    GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (dialog));
    gboolean changed = FALSE;
    gulong id = g_signal_connect_swapped (clipboard, "notify::content", G_CALLBACK (set_flag), &changed);

    g_assert_true (gtk_widget_activate (GTK_WIDGET (sha256)));
    while (!changed)
      g_main_context_iteration (NULL, TRUE);
    g_signal_handler_disconnect (clipboard, id);
  }
  copied = clipboard_text (GTK_WIDGET (dialog));
  g_assert_cmpstr (copied, ==, expected);

  dialog_escape (dialog);
  g_assert_null (find_dialog (f->window, FW_TYPE_HASH_TEXT_DIALOG));
}

/* The renderer: Cairo where there is no GPU render node, GTK's own choice
 * where there is one. ----------------------------------------------------- */

static void
test_renderer_choice (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *dri = g_build_filename (f->dir, "dri", NULL);
  g_autofree char *card = g_build_filename (dri, "card0", NULL);
  g_autofree char *node = g_build_filename (dri, "renderD128", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "no-such-dir", NULL);

  g_assert_cmpstr (fw_ui_renderer_for (missing), ==, "cairo");
  g_assert_cmpint (g_mkdir (dri, 0755), ==, 0);
  g_assert_cmpstr (fw_ui_renderer_for (dri), ==, "cairo");
  g_assert_true (g_file_set_contents (card, "", 0, NULL));
  g_assert_cmpstr (fw_ui_renderer_for (dri), ==, "cairo");
  g_assert_true (g_file_set_contents (node, "", 0, NULL));
  g_assert_null (fw_ui_renderer_for (dri));
}

/* Open Containing Folder: asks the file manager on the session bus
 * (org.freedesktop.FileManager1.ShowItems) to show the file; from GTK
 * 4.10 on, GtkFileLauncher does, through the OpenURI portal when one is on
 * the bus (as in the Flatpak). ------------------------------------------- */

static char *shown_uri;

static void
file_manager_call (GDBusConnection       *connection,
                   const char            *sender,
                   const char            *object_path,
                   const char            *interface_name,
                   const char            *method_name,
                   GVariant              *parameters,
                   GDBusMethodInvocation *invocation,
                   gpointer               user_data)
{
  g_autofree const char **uris = NULL;
  const char *startup_id;

  g_assert_cmpstr (method_name, ==, "ShowItems");
  g_variant_get (parameters, "(^a&s&s)", &uris, &startup_id);
  g_assert_nonnull (uris[0]);
  g_free (shown_uri);
  shown_uri = g_strdup (uris[0]);
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
test_open_containing_folder (Fixture       *f,
                             gconstpointer  data)
{
  static const char xml[] =
    "<node><interface name='org.freedesktop.FileManager1'>"
    "<method name='ShowItems'><arg type='as' direction='in'/><arg type='s' direction='in'/></method>"
    "</interface></node>";
  g_autoptr(GApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) contents = fw_test_write_random (f->dir, "shown.bin", 100, 3);
  g_autofree char *path = g_build_filename (f->dir, "shown.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  GDBusConnection *bus;
  guint object_id, name_id;

  if (g_application_get_default () == NULL)
    {
      app = G_APPLICATION (gtk_application_new ("io.github.fileworks.TestWindow", G_APPLICATION_NON_UNIQUE));
      g_assert_true (g_application_register (app, NULL, &error));
      g_assert_no_error (error);
    }
  bus = g_application_get_dbus_connection (g_application_get_default ());
  g_assert_nonnull (bus);
  object_id = fw_fake_register (bus, "/org/freedesktop/FileManager1", xml, file_manager_call, NULL);
  name_id = fw_fake_own_name (bus, "org.freedesktop.FileManager1");
#if GTK_CHECK_VERSION (4, 10, 0)
  /* GTK looks for the portal once per process, and warns when there is
   * none: this one is there before the first look. */
  FwFakeOpenUri portal = { 0 };
  g_autofree char *directory_of = NULL;

  fw_fake_openuri_start (&portal);
#endif

  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  gtk_selection_model_select_item (gtk_column_view_get_model (fw_window_get_column_view (f->window)), 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-folder", NULL));
#if GTK_CHECK_VERSION (4, 10, 0)
  while ((directory_of = fw_fake_openuri_dup_directory_of (&portal)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (directory_of, ==, path);
  g_assert_null (shown_uri);
  fw_fake_openuri_stop (&portal);
#else
  while (shown_uri == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (shown_uri, ==, uri);
#endif

  g_bus_unown_name (name_id);
  g_dbus_connection_unregister_object (bus, object_id);
  g_clear_pointer (&shown_uri, g_free);
}

/* A fake file manager (and, from GTK 4.10 on, the OpenURI portal GTK
 * asks first) for a test that shows a file: start, then wait for the
 * path it was asked to show. */
typedef struct {
  GApplication   *app;
  GDBusConnection *bus;
  guint           object_id, name_id;
#if GTK_CHECK_VERSION (4, 10, 0)
  FwFakeOpenUri   portal;
#endif
} FakeFileManager;

static void
fake_file_manager_start (FakeFileManager *fm)
{
  static const char xml[] =
    "<node><interface name='org.freedesktop.FileManager1'>"
    "<method name='ShowItems'><arg type='as' direction='in'/><arg type='s' direction='in'/></method>"
    "</interface></node>";
  g_autoptr(GError) error = NULL;

  memset (fm, 0, sizeof *fm);
  if (g_application_get_default () == NULL)
    {
      fm->app = G_APPLICATION (gtk_application_new ("io.github.fileworks.TestWindow", G_APPLICATION_NON_UNIQUE));
      g_assert_true (g_application_register (fm->app, NULL, &error));
      g_assert_no_error (error);
    }
  fm->bus = g_application_get_dbus_connection (g_application_get_default ());
  g_assert_nonnull (fm->bus);
  fm->object_id = fw_fake_register (fm->bus, "/org/freedesktop/FileManager1", xml, file_manager_call, NULL);
  fm->name_id = fw_fake_own_name (fm->bus, "org.freedesktop.FileManager1");
#if GTK_CHECK_VERSION (4, 10, 0)
  fw_fake_openuri_start (&fm->portal);
#endif
}

/* Waits until the file manager is asked to show something; its path. */
static char *
fake_file_manager_wait_shown (FakeFileManager *fm)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  char *directory_of;

  while ((directory_of = fw_fake_openuri_dup_directory_of (&fm->portal)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  return directory_of;
#else
  g_autoptr(GFile) file = NULL;

  while (shown_uri == NULL)
    g_main_context_iteration (NULL, TRUE);
  file = g_file_new_for_uri (shown_uri);
  g_clear_pointer (&shown_uri, g_free);
  return g_file_get_path (file);
#endif
}

static void
fake_file_manager_stop (FakeFileManager *fm)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  fw_fake_openuri_stop (&fm->portal);
#endif
  g_bus_unown_name (fm->name_id);
  g_dbus_connection_unregister_object (fm->bus, fm->object_id);
  g_clear_pointer (&shown_uri, g_free);
  g_clear_object (&fm->app);
}

/* A wait's guard: once it fires, the wait fails the test. */
static gboolean
guard_expired (gpointer flag)
{
  *(gboolean *) flag = TRUE;
  return G_SOURCE_REMOVE;
}

/* Pause and resume; closing while jobs run asks first: "Keep Running"
 * keeps everything, "Stop and Close" cancels and closes. Quit (Ctrl+Q) asks the same. ---- */

static void
test_pause_and_close (Fixture       *f,
                      gconstpointer  data)
{
  FwDigestIoHooks hooks = { hook_open, NULL, hook_fstat, NULL };
  g_autofree char *path = g_build_filename (f->dir, "endless-close", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(FwApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  FwFakeSessionManager sm = { 0 };
  FwAlert *dialog;

  g_bytes_unref (fw_test_write_random (f->dir, "endless-close", 10, 1));
  n_endless_fds = 0;
  fw_digest_set_io_hooks (&hooks);
  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  while (find_job (f->batch, "endless-close") == NULL ||
         fw_job_get_bytes_done (find_job (f->batch, "endless-close")) == 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.pause", NULL));
  g_assert_true (fw_batch_get_paused (f->batch));
  g_assert_true (fw_pool_get_paused (fw_batch_get_pool (f->batch)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.pause", NULL));
  g_assert_false (fw_batch_get_paused (f->batch));

  gtk_window_close (GTK_WINDOW (f->window));
  dialog = find_alert (f->window, "Stop Running Jobs?");
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  alert_click (dialog, "_Keep Running");
  g_assert_true (fw_batch_get_running (f->batch));
  g_assert_false (fw_batch_get_stopping (f->batch));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));

  /* Quit (Ctrl+Q) asks the same. An ID of its own: a registered
   * application keeps its D-Bus objects until it runs and shuts down,
   * which this one never does (see /window/notification). A session
   * manager of the test's own is there before it starts: in an
   * application, the window inhibits suspend while its jobs run. */
  fw_fake_session_manager_start_thread (&sm);
  app = fw_application_new ();
  g_application_set_application_id (G_APPLICATION (app), "io.github.fileworks.TestQuit");
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  gtk_application_add_window (GTK_APPLICATION (app), GTK_WINDOW (f->window));
  g_assert_cmpuint (g_atomic_int_get (&sm.n_inhibit), ==, 1);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  dialog = find_alert (f->window, "Stop Running Jobs?");
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  /* Asked again while asking: never a second question on top. Below
   * libadwaita 1.5 the question stays as it is; from 1.5 on, the window
   * closes an open dialog instead of itself, so the question goes as with
   * Keep Running, and the next Quit asks anew. */
#if ADW_CHECK_VERSION (1, 5, 0)
  {
    g_autoptr(AdwAlertDialog) asked = g_object_ref (dialog);
    gboolean closed = FALSE;
    gulong id = g_signal_connect_swapped (asked, "closed", G_CALLBACK (set_flag), &closed);

    g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
    while (!closed)
      g_main_context_iteration (NULL, TRUE);
    g_signal_handler_disconnect (asked, id);
  }
  g_assert_cmpuint (n_alerts (f->window), ==, 0);
  g_assert_true (fw_batch_get_running (f->batch));
  g_assert_false (fw_batch_get_stopping (f->batch));
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  dialog = find_alert (f->window, "Stop Running Jobs?");
  g_assert_nonnull (dialog);
#else
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_true (find_alert (f->window, "Stop Running Jobs?") == dialog);
#endif
  g_assert_cmpuint (n_alerts (f->window), ==, 1);
  alert_click (dialog, "_Stop and Close");
  g_assert_true (fw_batch_get_stopping (f->batch) || !fw_batch_get_running (f->batch));
  while (fw_batch_get_running (f->batch))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (fw_job_get_state (find_job (f->batch, "endless-close")), ==, FW_JOB_CANCELLED);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->window)));

  /* Closed while stopping, the window gave the inhibition back, through
   * the application it has left. The fake answers on its own thread and
   * then wakes this main context (fw_fake_session_manager_call() calls
   * g_main_context_wakeup()), so the loop sees each call as it lands. */
  {
    gboolean expired = FALSE;
    guint guard = g_timeout_add_seconds (10, guard_expired, &expired);

    while (g_atomic_int_get (&sm.n_uninhibit) == 0)
      {
        if (expired)
          g_error ("no Uninhibit within 10 s of the window closing while stopping");
        g_main_context_iteration (NULL, TRUE);
      }
    if (!expired)
      g_source_remove (guard);
  }
  g_assert_cmpuint (sm.uninhibit_cookie, ==, FW_FAKE_SM_COOKIE);
  g_assert_cmpuint (g_atomic_int_get (&sm.n_inhibit), ==, 1);
  g_assert_cmpuint (g_atomic_int_get (&sm.n_uninhibit), ==, 1);
  fw_fake_session_manager_stop (&sm);
}

/* A desktop notification (GNotification), sent through a notification
 * server of the test's own on the session bus; none is sent, and GLib
 * does not warn, while no server is there. The window sends one when a
 * batch finishes unfocused, which needs a window manager to happen (see
 * test-app's /app/inhibit-and-notify for the focused case). ------------- */

static void
test_notification (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(FwApplication) app = fw_application_new ();
  g_autoptr(GError) error = NULL;
  FwFakeNotifications server = { 0 };
  GDBusConnection *bus;
  guint tolerated = fw_fatal_log_get_n_tolerated ();

  /* Not unique: the real app of another test may be on this bus. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  bus = g_application_get_dbus_connection (G_APPLICATION (app));
  g_assert_nonnull (bus);
  g_assert_false (fw_application_get_can_notify (app));
  /* Nobody to tell: nothing is sent (GLib would warn if it were, which
   * the end of this test checks). */
  fw_application_notify (app, "Nobody", "listens");

  fw_fake_notifications_start (&server, bus);
  while (!fw_application_get_can_notify (app))
    g_main_context_iteration (NULL, TRUE);

  fw_application_notify (app, "Fileworks: batch finished", "3 done, 1 failed");
  while (server.n == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (server.n, ==, 1);
  g_assert_cmpstr (server.app_id, ==, APP_ID);
  g_assert_cmpstr (server.id, ==, "batch-finished");
  g_assert_cmpstr (server.title, ==, "Fileworks: batch finished");
  g_assert_cmpstr (server.body, ==, "3 done, 1 failed");

  /* The server leaves: the app notices. */
  g_bus_unown_name (server.name_id);
  server.name_id = 0;
  while (fw_application_get_can_notify (app))
    g_main_context_iteration (NULL, TRUE);
  fw_fake_notifications_stop (&server);
  /* No warning from anywhere (GLib-GIO's "unable to send notifications"
   * is not one of the app's log domains, so it would not have aborted). */
  g_assert_cmpuint (fw_fatal_log_get_n_tolerated (), ==, tolerated);
}

/* Add Files on a window closed while its chooser is open: the chooser
 * holds the window until it answers, and then lets it go. */
static void
window_gone_cb (gpointer  data,
                GObject  *where)
{
  *(gboolean *) data = TRUE;
}

static void
test_chooser_outlives_window (Fixture       *f,
                              gconstpointer  data)
{
  FwWindow *window;
  GListModel *toplevels;
  GtkWidget *dialog = NULL;
  gboolean gone = FALSE;

  /* In a process of its own: GTK's file chooser widget leaks inside GTK
   * (its tree view, its folder loading), which LeakSanitizer would blame
   * on this test. A use after free still fails it there. */
  if (!g_test_subprocess ())
    {
      run_in_subprocess ();
      return;
    }

  window = g_object_ref_sink (fw_window_new (NULL));
  toplevels = gtk_window_get_toplevels ();

  gtk_window_present (GTK_WINDOW (window));
  g_object_weak_ref (G_OBJECT (window), window_gone_cb, &gone);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-files", NULL));
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

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (gone);

  /* It answers (Accept needs a file chosen; Cancel takes the same way
   * back): the window then goes. */
  fw_test_settle_file_chooser (dialog);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  G_GNUC_END_IGNORE_DEPRECATIONS
  while (!gone)
    g_main_context_iteration (NULL, TRUE);
}

/* Clear List: the title's summary and the counts go with the rows. */
static gboolean
is_window_title (GtkWidget     *widget,
                 gconstpointer  data)
{
  return ADW_IS_WINDOW_TITLE (widget);
}

static void
test_clear_resets (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "one.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AdwWindowTitle *title = ADW_WINDOW_TITLE (find_widget (GTK_WIDGET (f->window), is_window_title, NULL));
  FwBatchProgress p;

  g_bytes_unref (fw_test_write_random (f->dir, "one.bin", 3000, 1));
  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "1 done");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.clear", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 0);
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "");
  fw_batch_get_progress (f->batch, &p);
  g_assert_cmpuint (p.n_total, ==, 0);
  g_assert_cmpuint (p.n_finished, ==, 0);
  g_assert_cmpuint (p.bytes_total, ==, 0);
}

/* The Export dialog's file: written in a thread, the same bytes as the
 * synchronous export, and a toast says where (its name shown as it is,
 * not read as markup); a write that fails says why and leaves nothing. */
static void
test_export_in_thread (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "<A&B> SUMS", NULL);
  g_autofree char *bad_path = g_build_filename (f->dir, "no-such-dir", "SUMS", NULL);
  g_autofree char *folder = g_build_filename (f->dir, "in", NULL);
  g_autoptr(GFile) dir = g_file_new_for_path (folder);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  gsize length;
  g_autofree char *previous = NULL;

  g_bytes_unref (fw_test_write_random (folder, "one", 100, 1));
  g_bytes_unref (fw_test_write_random (folder, "two", 5000, 2));
  fw_window_add_files_as (f->window, &dir, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);

  previous = g_strdup (fw_window_get_last_toast (f->window));
  fw_window_export_to (f->window, FW_EXPORT_GNU, FW_ALGORITHM_INVALID, out);
  wait_toast (f, previous);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "Exported to “<A&B> SUMS”");
  expected = fw_window_build_export (f->window, FW_EXPORT_GNU, f->dir, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &written, &length, NULL));
  g_assert_cmpmem (written, length, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  g_assert_nonnull (strstr (written, "  in/one\n"));

  g_free (previous);
  previous = g_strdup (fw_window_get_last_toast (f->window));
  fw_window_export_to (f->window, FW_EXPORT_GNU, FW_ALGORITHM_INVALID, bad);
  wait_toast (f, previous);
  {
    g_autofree char *told = g_strdup_printf ("Could not export to “SUMS”: %s", g_strerror (ENOENT));

    /* The name chosen, not GLib's temporary file's. */
    g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, told);
  }
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));
}

/* Hash Text: the typed text keeps clear of the card's rounded corners,
 * as in GNOME's text fields. ---------------------------------------------- */

static void
test_hash_text_padding (Fixture       *f,
                        gconstpointer  data)
{
  GtkWindow *dialog;
  GtkWidget *view;
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GdkRectangle location;
  int x, y;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.hash-text", NULL));
  dialog = find_dialog (f->window, FW_TYPE_HASH_TEXT_DIALOG);
  g_assert_nonnull (dialog);
  view = find_widget (GTK_WIDGET (dialog), is_of_type, GSIZE_TO_POINTER (GTK_TYPE_TEXT_VIEW));
  g_assert_cmpint (gtk_text_view_get_left_margin (GTK_TEXT_VIEW (view)), >=, 8);
  g_assert_cmpint (gtk_text_view_get_right_margin (GTK_TEXT_VIEW (view)), >=, 8);
  g_assert_cmpint (gtk_text_view_get_top_margin (GTK_TEXT_VIEW (view)), >=, 8);
  g_assert_cmpint (gtk_text_view_get_bottom_margin (GTK_TEXT_VIEW (view)), >=, 8);

  /* Where the first letter is drawn, once laid out. */
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_set_text (buffer, "Fileworks", -1);
  while (gtk_widget_get_width (view) == 0 || !gtk_widget_get_mapped (view))
    g_main_context_iteration (NULL, TRUE);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &start, &location);
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (view), GTK_TEXT_WINDOW_WIDGET,
                                         location.x, location.y, &x, &y);
  g_test_message ("first letter at %d,%d in the text view", x, y);
  g_assert_cmpint (x, >=, 8);
  g_assert_cmpint (y, >=, 8);
  dialog_close_wait (dialog);
}

/* A wrapped digest is the digest: no hyphen drawn at its breaks. --------- */

static void
test_hash_text_no_hyphens (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWindow *dialog;
  AdwActionRow *row;

  /* A long digest, that wraps. */
  g_settings_set_strv (settings, "algorithms", (const char * const[]) { "sha512", NULL });
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.hash-text", NULL));
  dialog = find_dialog (f->window, FW_TYPE_HASH_TEXT_DIALOG);
  g_assert_nonnull (dialog);
  row = fw_hash_text_dialog_get_row (FW_HASH_TEXT_DIALOG (dialog), FW_ALGORITHM_SHA512);
  g_assert_nonnull (row);
  /* As many lines as it takes, and Pango's hyphens off over all of it. */
  g_assert_cmpint (adw_action_row_get_subtitle_lines (row), ==, 0);
  g_assert_cmpuint (strlen (adw_action_row_get_subtitle (row)), ==, 128);
  g_assert_true (subtitle_has_attr (row, PANGO_ATTR_INSERT_HYPHENS));
  dialog_close_wait (dialog);
}

/* The Largest Items list: every item in size order, each with its disk
 * usage (as stat gives it) and share, a bar of that share, and a way to
 * show it in Files from the keyboard. ------------------------------------ */

static guint64
disk_usage_of (const char *path)
{
  struct stat st;

  g_assert_cmpint (lstat (path, &st), ==, 0);
  return (guint64) st.st_blocks * 512;
}

static void
shown_item_cb (FwLargestDialog *dialog,
               GFile           *item,
               GFile          **shown)
{
  g_set_object (shown, item);
}

static void
test_largest_list (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *tree = g_build_filename (f->dir, "tree", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (tree);
  const char *expected[] = { "a-large-video-file.mp4", "Photos", "notes.txt", "x", NULL };
  g_autoptr(GFile) shown = NULL;
  GtkWindow *dialog;
  g_autoptr(GPtrArray) rows = NULL;
  guint64 total;
  double last_share = 2;

  g_bytes_unref (fw_test_write_random (tree, "x", 10, 1));
  g_bytes_unref (fw_test_write_random (tree, "notes.txt", 40000, 2));
  g_bytes_unref (fw_test_write_random (tree, "Photos/IMG_1.jpg", 300000, 3));
  g_bytes_unref (fw_test_write_random (tree, "a-large-video-file.mp4", 2000000, 4));
  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_SIZE);
  wait_finished (f, 1);
  total = fw_job_get_size (find_job (f->batch, "tree"));
  gtk_selection_model_select_item (gtk_column_view_get_model (fw_window_get_column_view (f->window)), 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-largest", NULL));
  dialog = find_dialog (f->window, FW_TYPE_LARGEST_DIALOG);
  g_assert_nonnull (dialog);

  rows = largest_rows (dialog);
  g_assert_cmpuint (rows->len, ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    {
      AdwActionRow *row = g_ptr_array_index (rows, i);
      g_autofree char *path = g_build_filename (tree, expected[i], NULL);
      g_autofree char *img = g_build_filename (path, "IMG_1.jpg", NULL);
      /* A folder's usage is its subtree's, as du counts it. */
      guint64 usage = disk_usage_of (path) + (strcmp (expected[i], "Photos") == 0 ? disk_usage_of (img) : 0);
      g_autofree char *size = g_format_size (usage);
      GtkLevelBar *bar = GTK_LEVEL_BAR (find_widget (GTK_WIDGET (row), is_of_type, GSIZE_TO_POINTER (GTK_TYPE_LEVEL_BAR)));
      double share = gtk_level_bar_get_value (bar);

      g_assert_cmpstr (row_title (row), ==, expected[i]);
      g_test_message ("%s: %s, %s, bar %.3f", expected[i], size, adw_action_row_get_subtitle (row), share);
      g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), size));
      g_assert_cmpfloat_with_epsilon (share, (double) usage / (double) total, 1e-9);
      g_assert_cmpfloat (share, <=, last_share);
      last_share = share;
    }

  /* Activating a row (Enter on it, or a click) shows that item in the
   * file manager. */
  {
    FakeFileManager fm;
    g_autofree char *path = NULL;
    g_autofree char *notes = g_build_filename (tree, "notes.txt", NULL);

    fake_file_manager_start (&fm);
    g_signal_connect (dialog, "show-item", G_CALLBACK (shown_item_cb), &shown);
    g_assert_true (gtk_widget_activate (g_ptr_array_index (rows, 2)));
    path = fake_file_manager_wait_shown (&fm);
    g_assert_cmpstr (path, ==, notes);
    g_assert_nonnull (shown);
    fake_file_manager_stop (&fm);
  }
  /* Each row's button is in the tab order. */
  g_assert_true (gtk_widget_get_focusable (find_widget (g_ptr_array_index (rows, 0), is_button_with_icon, "folder-open-symbolic")));
  dialog_close_wait (dialog);
}

/* A toast shows above the footer, never over its status line. --------- */

static gboolean
is_toast (GtkWidget *widget, gconstpointer unused)
{
  return g_strcmp0 (gtk_widget_get_css_name (widget), "toast") == 0 && gtk_widget_get_mapped (widget);
}

/* The bottom of the shown toast and the top of the footer, in the
 * window's coordinates, once both are there. */
static void
toast_and_footer (Fixture *f,
                  float   *toast_bottom,
                  float   *footer_top)
{
  GtkWidget *footer = find_by_id (GTK_WIDGET (f->window), "footer_revealer");
  graphene_rect_t toast_bounds, footer_bounds;
  g_autoptr(GPtrArray) toasts = NULL;

  /* The revealer's and the toast's animations run on frames, which wake
   * the loop. */
  while ((toasts = find_widgets (GTK_WIDGET (f->window), is_toast, NULL))->len == 0 ||
         !gtk_revealer_get_child_revealed (GTK_REVEALER (footer)))
    {
      g_clear_pointer (&toasts, g_ptr_array_unref);
      g_main_context_iteration (NULL, TRUE);
    }
  /* Laid out at the window's width. */
  wait_frames (GTK_WIDGET (f->window), 2);
  g_assert_true (gtk_widget_compute_bounds (g_ptr_array_index (toasts, 0), GTK_WIDGET (f->window), &toast_bounds));
  g_assert_true (gtk_widget_compute_bounds (footer, GTK_WIDGET (f->window), &footer_bounds));
  *toast_bottom = toast_bounds.origin.y + toast_bounds.size.height;
  *footer_top = footer_bounds.origin.y;
  g_test_message ("toast ends at y=%.0f, footer starts at y=%.0f", *toast_bottom, *footer_top);
}

static void
test_toast_above_footer (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GBytes) contents = fw_test_write_random (f->dir, "toasted.bin", 1000, 1);
  g_autofree char *path = g_build_filename (f->dir, "toasted.bin", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "no-such-file", NULL);
  GFile *files[2] = { g_file_new_for_path (path), g_file_new_for_path (missing) };
  float toast_bottom, footer_top;

  /* The batch's summary toast, with a failure in the footer. */
  fw_window_add_files_as (f->window, files, 2, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "1 done · 1 failed");
  g_assert_nonnull (strstr (fw_window_get_status_text (f->window), "1 failed"));
  toast_and_footer (f, &toast_bottom, &footer_top);
  g_assert_cmpfloat (toast_bottom, <=, footer_top);

  /* At 600 px too, where the footer's line is longest for its width. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 600, 600);
  while (gtk_widget_get_width (GTK_WIDGET (f->window)) > 600)
    g_main_context_iteration (NULL, TRUE);
  toast_and_footer (f, &toast_bottom, &footer_top);
  g_assert_cmpfloat (toast_bottom, <=, footer_top);

  g_object_unref (files[0]);
  g_object_unref (files[1]);
}

/* The row menu names Delete as Remove's key, and both Delete keys
 * remove. ------------------------------------------------------------------ */

static gboolean
is_popover_menu (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_POPOVER_MENU (widget);
}

static gboolean
is_accelerator_label (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_widget_get_css_name (widget), "accelerator") == 0;
}

/* The row menu's item (a model button) that reads @text. */
static GtkWidget *
row_menu_item (Fixture    *f,
               const char *text)
{
  GtkWidget *popover = find_widget (GTK_WIDGET (fw_window_get_column_view (f->window)), is_popover_menu, NULL);
  g_autoptr(GPtrArray) buttons = find_widgets (popover, is_of_type, GSIZE_TO_POINTER (g_type_from_name ("GtkModelButton")));

  g_assert_cmpuint (buttons->len, >, 0);
  for (guint i = 0; i < buttons->len; i++)
    {
      g_autofree char *label = NULL;

      g_object_get (g_ptr_array_index (buttons, i), "text", &label, NULL);
      if (g_strcmp0 (label, text) == 0)
        return g_ptr_array_index (buttons, i);
    }
  g_assert_not_reached ();
}

static void
test_row_menu_delete_accel (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidget *item = row_menu_item (f, "Remove From List");
  g_autoptr(GPtrArray) accels = find_widgets (item, is_accelerator_label, NULL);
  g_autofree char *xid = NULL;

  g_assert_cmpuint (accels->len, ==, 1);
  g_assert_cmpstr (gtk_label_get_text (g_ptr_array_index (accels, 0)), ==, "Delete");

  /* Both keys still remove the selected row: real key presses. */
  xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (f->window))));
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("removed-%u", i);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      g_bytes_unref (fw_test_write_random (f->dir, name, 100, i));
      fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
      wait_finished (f, i + 1);
      g_assert_cmpuint (n_view_rows (f), ==, 1);
      gtk_selection_model_select_item (gtk_column_view_get_model (fw_window_get_column_view (f->window)), 0, TRUE);
      xdotool ("windowfocus", "--sync", xid, NULL);
      xdotool ("key", i == 0 ? "Delete" : "KP_Delete", NULL);
      while (n_view_rows (f) > 0)
        g_main_context_iteration (NULL, TRUE);
    }
}

/* The row menu offers Show Largest Items on a finished folder's size row
 * only, and Cancel Job on queued or running rows only. ---------------- */

static gboolean
is_cell_with_text (GtkWidget *widget, gconstpointer text)
{
  return is_cell (widget, NULL) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (fw_text_cell_get_text (FW_TEXT_CELL (widget)), text) == 0;
}


/* Opens the row menu on the row named @name with a real right click,
 * as a person would. Returns the menu, shown. */
/* Moves the pointer (xdotool, real X input) to the cell showing @name,
 * 4 px into it; returns the cell. */
static GtkWidget *
pointer_to_cell (Fixture    *f,
                 const char *name)
{
  GtkWidget *view = GTK_WIDGET (fw_window_get_column_view (f->window));
  GtkWidget *cell;
  graphene_point_t point;
  double sx, sy;
  g_autofree char *xid = NULL;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  for (;;)
    {
      g_autoptr(GPtrArray) cells = find_widgets (view, is_cell_with_text, name);

      if (cells->len > 0)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  /* Laid out where it is shown. */
  wait_frames (GTK_WIDGET (f->window), 2);
  cell = find_widget (view, is_cell_with_text, name);
  g_assert_true (gtk_widget_compute_point (cell, GTK_WIDGET (f->window), &GRAPHENE_POINT_INIT (4, 4), &point));
  gtk_native_get_surface_transform (GTK_NATIVE (f->window), &sx, &sy);
  xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (f->window))));
  x = g_strdup_printf ("%d", (int) (point.x + sx));
  y = g_strdup_printf ("%d", (int) (point.y + sy));
  xdotool ("mousemove", "--sync", "--window", xid, x, y, NULL);
  return cell;
}

/* Opens the row menu of the row showing @name with a real right click on
 * it; returns the menu (a GtkPopoverMenu), shown. */
static GtkWidget *
open_row_menu (Fixture    *f,
               const char *name)
{
  GtkWidget *view = GTK_WIDGET (fw_window_get_column_view (f->window));
  GtkWidget *popover = find_widget (view, is_popover_menu, NULL);
  GtkWidget *cell = pointer_to_cell (f, name);

  g_test_message ("right click on %s", name);
  /* Clicks only once GTK has seen the pointer on the cell (hover): until
   * then, a tooltip shown for the row the pointer left (just below the
   * pointer there, so over the next row) may still stand where the click
   * goes, and take it (/window/row-menu-under-tooltip). */
  while (!(gtk_widget_get_state_flags (cell) & GTK_STATE_FLAG_PRELIGHT))
    g_main_context_iteration (NULL, TRUE);
  /* GTK hid that tooltip as it saw the pointer come: the X server has
   * unmapped it before xdotool clicks. */
  gdk_display_sync (gtk_widget_get_display (cell));
  xdotool ("click", "3", NULL);
  while (!gtk_widget_get_mapped (popover))
    g_main_context_iteration (NULL, TRUE);
  return popover;
}

static void
test_row_menu_per_row (Fixture       *f,
                       gconstpointer  data)
{
  FwDigestIoHooks hooks = { hook_open, NULL, hook_fstat, NULL };
  g_autofree char *hashed = g_build_filename (f->dir, "hashed.bin", NULL);
  g_autofree char *folder = g_build_filename (f->dir, "folder", NULL);
  g_autofree char *sized = g_build_filename (f->dir, "sized.bin", NULL);
  g_autofree char *endless = g_build_filename (f->dir, "endless-row", NULL);
  g_autoptr(GFile) hashed_file = g_file_new_for_path (hashed);
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
  g_autoptr(GFile) sized_file = g_file_new_for_path (sized);
  g_autoptr(GFile) endless_file = g_file_new_for_path (endless);
  GtkWidget *popover;

  g_bytes_unref (fw_test_write_random (f->dir, "hashed.bin", 1000, 1));
  g_bytes_unref (fw_test_write_random (f->dir, "sized.bin", 1000, 2));
  g_bytes_unref (fw_test_write_random (folder, "inside.bin", 3000, 3));
  g_bytes_unref (fw_test_write_random (f->dir, "endless-row", 10, 4));

  fw_window_add_files_as (f->window, &hashed_file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  fw_window_add_files_as (f->window, &folder_file, 1, FW_BATCH_MODE_SIZE);
  wait_finished (f, 2);
  fw_window_add_files_as (f->window, &sized_file, 1, FW_BATCH_MODE_SIZE);
  wait_finished (f, 3);

  /* A finished hash row: nothing to show, nothing to cancel. */
  popover = open_row_menu (f, "hashed.bin");
  g_assert_true (gtk_widget_get_sensitive (row_menu_item (f, "Copy Result")));
  g_assert_true (gtk_widget_get_sensitive (row_menu_item (f, "Remove From List")));
  g_assert_false (gtk_widget_get_sensitive (row_menu_item (f, "Show Largest Items")));
  g_assert_false (gtk_widget_get_sensitive (row_menu_item (f, "Cancel Job")));
  g_assert_true (gtk_widget_get_sensitive (row_menu_item (f, "Compare With Clipboard")));
  close_popover (popover);

  /* A finished folder's size: its largest items. */
  popover = open_row_menu (f, "folder");
  g_assert_true (gtk_widget_get_sensitive (row_menu_item (f, "Show Largest Items")));
  /* A size has no digest to compare. */
  g_assert_false (gtk_widget_get_sensitive (row_menu_item (f, "Compare With Clipboard")));
  g_assert_false (gtk_widget_get_sensitive (row_menu_item (f, "Cancel Job")));
  close_popover (popover);

  /* A single file's size has no items inside. */
  popover = open_row_menu (f, "sized.bin");
  g_assert_false (gtk_widget_get_sensitive (row_menu_item (f, "Show Largest Items")));
  close_popover (popover);

  /* A running row: Cancel Job, and it cancels. */
  n_endless_fds = 0;
  fw_digest_set_io_hooks (&hooks);
  fw_window_add_files_as (f->window, &endless_file, 1, FW_BATCH_MODE_HASH);
  while (find_job (f->batch, "endless-row") == NULL ||
         fw_job_get_bytes_done (find_job (f->batch, "endless-row")) == 0)
    g_main_context_iteration (NULL, TRUE);
  popover = open_row_menu (f, "endless-row");
  g_assert_true (gtk_widget_get_sensitive (row_menu_item (f, "Cancel Job")));
  g_assert_false (gtk_widget_get_sensitive (row_menu_item (f, "Show Largest Items")));
  g_signal_emit_by_name (row_menu_item (f, "Cancel Job"), "clicked");
  wait_finished (f, 4);
  g_assert_cmpint (fw_job_get_state (find_job (f->batch, "endless-row")), ==, FW_JOB_CANCELLED);
  if (gtk_widget_get_mapped (popover))
    close_popover (popover);
}

/* The row menu of a row while the tooltip of the row above it is shown:
 * GTK places a tooltip just below the pointer, over the next row, and
 * while the test waits for xdotool, GTK cannot hide it before the click
 * comes. (Under load, the tooltip of the row whose menu was just closed
 * came up in that gap now and then, and /window/row-menu-per-row waited
 * for its next menu forever.) */
static void
set_flag_once (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static gboolean
is_tooltip_shown (GtkWidget *widget, gconstpointer unused)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, g_type_from_name ("GtkTooltipWindow")) &&
         gtk_widget_get_mapped (widget);
}

static gboolean
tooltip_shown (Fixture *f)
{
  g_autoptr(GPtrArray) shown = find_widgets (GTK_WIDGET (f->window), is_tooltip_shown, NULL);

  return shown->len > 0;
}

static void
test_row_menu_under_tooltip (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *above = g_build_filename (f->dir, "tip-above.bin", NULL);
  g_autofree char *below = g_build_filename (f->dir, "tip-below.bin", NULL);
  GFile *files[2] = { g_file_new_for_path (above), g_file_new_for_path (below) };
  GtkWidget *popover;

  g_bytes_unref (fw_test_write_random (f->dir, "tip-above.bin", 100, 1));
  g_bytes_unref (fw_test_write_random (f->dir, "tip-below.bin", 100, 2));
  fw_window_add_files_as (f->window, files, 2, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);

  /* GTK shows it after its delay, once it sees the pointer rest there.
   * Now and then it does not (the pointer came as GTK was busy with the
   * new window?): the pointer is nudged by a pixel, within the cell, each
   * second until it does. The clock only repeats the nudge; the test
   * waits for the tooltip itself. */
  pointer_to_cell (f, "tip-above.bin");
  while (!tooltip_shown (f))
    {
      gboolean nudge = FALSE;
      guint id = g_timeout_add_once (1000, set_flag_once, &nudge);

      while (!nudge && !tooltip_shown (f))
        g_main_context_iteration (NULL, TRUE);
      if (!nudge)
        g_source_remove (id);
      else
        xdotool ("mousemove_relative", "--sync", "--", "1", "0", NULL);
    }
  g_test_message ("the tooltip of the row above is shown");
  popover = open_row_menu (f, "tip-below.bin");
  /* The click was on the row below (the second), not on the tooltip. */
  g_assert_true (gtk_selection_model_is_selected (gtk_column_view_get_model (fw_window_get_column_view (f->window)), 1));
  close_popover (popover);
  g_object_unref (files[0]);
  g_object_unref (files[1]);
}

/* Run Failed Again is there only when something failed or was cancelled,
 * and no run is going on. ---------------------------------------------- */

static gboolean
is_primary_menu_button (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget));
}

/* Whether win.run-again is enabled, as the main menu's item and the
 * footer's button show it. */
static gboolean
run_again_enabled (Fixture *f)
{
  GtkWidget *menu_button = find_widget (GTK_WIDGET (f->window), is_primary_menu_button, NULL);
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
  g_autoptr(GPtrArray) buttons = find_widgets (popover, is_of_type, GSIZE_TO_POINTER (g_type_from_name ("GtkModelButton")));
  GtkWidget *footer_button = find_widget (GTK_WIDGET (f->window), is_button_for_action, "win.run-again");
  GtkWidget *item = NULL;

  for (guint i = 0; i < buttons->len; i++)
    {
      g_autofree char *text = NULL;

      g_object_get (g_ptr_array_index (buttons, i), "text", &text, NULL);
      if (g_strcmp0 (text, "Run Failed Again") == 0)
        item = g_ptr_array_index (buttons, i);
    }
  g_assert_nonnull (item);
  g_assert_cmpint (gtk_widget_get_sensitive (item), ==, gtk_widget_get_sensitive (footer_button));
  return gtk_widget_get_sensitive (item);
}

static void
test_run_again_enabled (Fixture       *f,
                        gconstpointer  data)
{
  FwDigestIoHooks hooks = { hook_open, NULL, hook_fstat, NULL };
  g_autofree char *good = g_build_filename (f->dir, "good.bin", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.bin", NULL);
  g_autofree char *endless = g_build_filename (f->dir, "endless-again", NULL);
  g_autoptr(GFile) good_file = g_file_new_for_path (good);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(GFile) endless_file = g_file_new_for_path (endless);

  /* Nothing ran, nothing failed. */
  g_assert_false (run_again_enabled (f));
  g_bytes_unref (fw_test_write_random (f->dir, "good.bin", 1000, 1));
  fw_window_add_files_as (f->window, &good_file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  g_assert_false (run_again_enabled (f));

  /* A failure. */
  fw_window_add_files_as (f->window, &missing_file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 2);
  g_assert_true (run_again_enabled (f));

  /* Still, after a later run that went well: the failed row is there. */
  {
    g_autofree char *other = g_build_filename (f->dir, "other.bin", NULL);
    g_autoptr(GFile) other_file = g_file_new_for_path (other);

    g_bytes_unref (fw_test_write_random (f->dir, "other.bin", 1000, 3));
    fw_window_add_files_as (f->window, &other_file, 1, FW_BATCH_MODE_HASH);
    wait_finished (f, 3);
    g_assert_true (run_again_enabled (f));
  }

  /* Not while a run goes on (a failure is still in the list). */
  g_bytes_unref (fw_test_write_random (f->dir, "endless-again", 10, 2));
  n_endless_fds = 0;
  fw_digest_set_io_hooks (&hooks);
  fw_window_add_files_as (f->window, &endless_file, 1, FW_BATCH_MODE_HASH);
  while (!fw_batch_get_running (f->batch))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (run_again_enabled (f));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.cancel", NULL));
  wait_finished (f, 4);
  g_assert_true (run_again_enabled (f));

  /* Only the good row left: nothing to run again. */
  fw_batch_clear (f->batch);
  fw_digest_set_io_hooks (NULL);
  fw_window_add_files_as (f->window, &good_file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 5);
  g_assert_false (run_again_enabled (f));
}

/* The app icon is in the app's resources, where GtkApplication makes the
 * icon theme look (<resource-base-path>/icons): the About window finds it
 * whether the app is installed or runs from its build folder. --------- */

static void
test_app_icon_in_resources (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(FwApplication) app = fw_application_new ();
  g_autofree char *icons = g_build_path ("/", g_application_get_resource_base_path (G_APPLICATION (app)),
                                         "icons", NULL);
  g_autofree char *path = g_build_path ("/", icons, "scalable", "apps", APP_ID ".svg", NULL);
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  gsize size = 0;

  g_assert_true (g_resources_get_info (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &size, NULL, NULL));
  g_assert_cmpuint (size, >, 0);

  /* What GtkApplication does with its resource base path at start-up:
   * the icon is found there, the app installed or not. */
  gtk_icon_theme_add_resource_path (theme, icons);
  g_assert_true (gtk_icon_theme_has_icon (theme, APP_ID));
}

/* The header's Add button shows an icon of the theme that reads as
 * "add", not "create" (list-add-symbolic), drawn; its menu is tested in
 * test-window-nav.c. ------------------------------------------------- */

/* @name from the theme, drawn at 32 × 32 by the window's renderer:
 * premultiplied BGRA bytes, 32 × 4 a row. */
static guchar *
render_icon (Fixture    *f,
             const char *name)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (f->window)));
  g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (theme, name, NULL, 32, 1, GTK_TEXT_DIR_LTR, 0);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guchar *pixels = g_malloc0 (32 * 32 * 4);

  gdk_paintable_snapshot (GDK_PAINTABLE (icon), snapshot, 32, 32);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (f->window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, 32, 32));
  gdk_texture_download (texture, pixels, 32 * 4);
  return pixels;
}

static void
test_add_buttons_icons (Fixture       *f,
                        gconstpointer  data)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (f->window)));
  GtkWidget *add = find_widget (GTK_WIDGET (f->window), has_buildable_id, "add_button");
  const char *icon = gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (add));
  g_autofree guchar *pixels = NULL;
  guint drawn = 0;

  g_assert_cmpstr (icon, ==, "list-add-symbolic");
  /* In the theme (not the missing-image icon), and drawn. */
  g_assert_true (gtk_icon_theme_has_icon (theme, icon));
  pixels = render_icon (f, icon);
  for (guint i = 0; i < 32 * 32; i++)
    drawn += pixels[i * 4 + 3] > 64;
  g_assert_cmpuint (drawn, >, 0);
}

/* With auto-start off, the footer of a batch that has not run yet says
 * only what waits; once it has run, the counts of every row come back. */

static void
test_footer_waiting (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GFile *files[2];
  g_autofree char *more_path = g_build_filename (f->dir, "more.bin", NULL);
  g_autoptr(GFile) more = g_file_new_for_path (more_path);
  const char *text;

  g_settings_set_boolean (settings, "auto-start", FALSE);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("waiting-%u.bin", i);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_bytes_unref (fw_test_write_random (f->dir, name, 2000, i));
      files[i] = g_file_new_for_path (path);
    }
  g_bytes_unref (fw_test_write_random (f->dir, "more.bin", 1000, 9));

  fw_window_add_files_as (f->window, files, 2, FW_BATCH_MODE_HASH);
  while (fw_batch_get_n_waiting (f->batch) < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (fw_window_get_status_text (f->window), ==, "2 waiting for Start");

  /* Run: the usual counts. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.start", NULL));
  wait_finished (f, 1);
  text = fw_window_get_status_text (f->window);
  g_assert_true (g_str_has_prefix (text, "2 of 2 files"));
  g_assert_null (strstr (text, "waiting"));

  /* More added after a run: every row counted, and what waits. */
  fw_window_add_files_as (f->window, &more, 1, FW_BATCH_MODE_HASH);
  while (fw_batch_get_n_waiting (f->batch) < 1)
    g_main_context_iteration (NULL, TRUE);
  text = fw_window_get_status_text (f->window);
  g_assert_true (g_str_has_prefix (text, "2 of 3 files"));
  g_assert_true (g_str_has_suffix (text, " · 1 waiting for Start"));

  g_settings_reset (settings, "auto-start");
  g_object_unref (files[0]);
  g_object_unref (files[1]);
}

/* The text of a cell is centred in its row, cut short with "…" or not. */
static gboolean
find_text_bounds (GskRenderNode   *node,
                  graphene_rect_t *bounds)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_TEXT_NODE:
      gsk_render_node_get_bounds (node, bounds);
      return TRUE;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        if (find_text_bounds (gsk_container_node_get_child (node, i), bounds))
          return TRUE;
      return FALSE;
    case GSK_TRANSFORM_NODE:
      {
        graphene_rect_t child;

        if (!find_text_bounds (gsk_transform_node_get_child (node), &child))
          return FALSE;
        gsk_transform_transform_bounds (gsk_transform_node_get_transform (node), &child, bounds);
        return TRUE;
      }
    case GSK_CLIP_NODE:
      return find_text_bounds (gsk_clip_node_get_child (node), bounds);
    case GSK_ROUNDED_CLIP_NODE:
      return find_text_bounds (gsk_rounded_clip_node_get_child (node), bounds);
    case GSK_OPACITY_NODE:
      return find_text_bounds (gsk_opacity_node_get_child (node), bounds);
    case GSK_COLOR_MATRIX_NODE:
      return find_text_bounds (gsk_color_matrix_node_get_child (node), bounds);
    case GSK_DEBUG_NODE:
      return find_text_bounds (gsk_debug_node_get_child (node), bounds);
    case GSK_COLOR_NODE:
    default:
      g_test_message ("render node type %d", gsk_render_node_get_node_type (node));
      return FALSE;
    }
}

/* The vertical centre of @cell's text, less that of the row's cell. */
static double
text_offset_in_row (GtkWidget *cell)
{
  GtkWidget *row_cell = gtk_widget_get_parent (cell);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  graphene_rect_t text, box;

  gtk_widget_snapshot_child (row_cell, cell, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  g_assert_true (find_text_bounds (node, &text));
  /* In the row cell's coordinates, as the snapshot. */
  g_assert_true (gtk_widget_compute_bounds (row_cell, row_cell, &box));
  return (text.origin.y + text.size.height / 2) - (box.origin.y + box.size.height / 2);
}

static void
test_cells_text_centred (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "a.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *view = GTK_WIDGET (fw_window_get_column_view (f->window));
  g_autoptr(GPtrArray) cells = NULL;
  GtkWidget *digest = NULL, *size = NULL;
  g_autofree char *size_text = g_format_size (3000);
  g_autofree char *result = NULL;
  FwJob *job;

  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  /* The app's stylesheet, as AdwApplication loads it (rows 24 px high). */
  gtk_css_provider_load_from_resource (css, "/io/github/fileworks/Fileworks/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_bytes_unref (fw_test_write_random (f->dir, "a.bin", 3000, 1));
  /* Narrow, but not so narrow that the Size column folds under the
   * name (below 640 px: test-details-pane.c). */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 700, 600);
  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  job = g_list_model_get_item (fw_batch_get_jobs (f->batch), 0);
  result = fw_job_text_result (job);
  while (gtk_widget_get_width (GTK_WIDGET (f->window)) > 700)
    g_main_context_iteration (NULL, TRUE);
  wait_frames (GTK_WIDGET (f->window), 2);

  cells = find_widgets (view, is_cell, NULL);
  for (guint i = 0; i < cells->len; i++)
    {
      FwTextCell *cell = g_ptr_array_index (cells, i);

      if (g_strcmp0 (fw_text_cell_get_text (cell), result) == 0)
        digest = GTK_WIDGET (cell);
      else if (g_strcmp0 (fw_text_cell_get_text (cell), size_text) == 0)
        size = GTK_WIDGET (cell);
    }
  g_object_unref (job);
  g_assert_nonnull (digest);
  g_assert_nonnull (size);
  /* At 700 px the 64 digits do not fit: the digest is cut short. */
  g_assert_cmpint (gtk_widget_get_width (digest), <, 64 * 7);

  g_test_message ("text centre off the row's: digest %.1f px, size %.1f px",
                  text_offset_in_row (digest), text_offset_in_row (size));
  g_assert_cmpfloat (fabs (text_offset_in_row (digest)), <=, 1.5);
  g_assert_cmpfloat (fabs (text_offset_in_row (size)), <=, 1.5);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css));
}

/* The list's text cell on its own: one height whatever its text, its line
 * centred, aligned by its xalign and mirrored right to left, cut short to
 * its width. */
/* The union of every run of glyphs under @node, where there is any. */
static void
union_text_bounds (GskRenderNode   *node,
                   graphene_rect_t *all,
                   gboolean        *found)
{
  graphene_rect_t bounds;

  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_TEXT_NODE:
      gsk_render_node_get_bounds (node, &bounds);
      if (*found)
        graphene_rect_union (all, &bounds, all);
      else
        *all = bounds;
      *found = TRUE;
      break;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        union_text_bounds (gsk_container_node_get_child (node, i), all, found);
      break;
    case GSK_TRANSFORM_NODE:
      {
        graphene_rect_t child;
        gboolean child_found = FALSE;

        union_text_bounds (gsk_transform_node_get_child (node), &child, &child_found);
        if (child_found)
          {
            gsk_transform_transform_bounds (gsk_transform_node_get_transform (node), &child, &bounds);
            if (*found)
              graphene_rect_union (all, &bounds, all);
            else
              *all = bounds;
            *found = TRUE;
          }
      }
      break;
    default:
      break;
    }
}

static graphene_rect_t
cell_text_bounds (GtkWidget *cell)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  graphene_rect_t text, box;

  gtk_widget_snapshot_child (gtk_widget_get_parent (cell), cell, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  g_assert_true (find_text_bounds (node, &text));
  /* In the cell's own coordinates. */
  g_assert_true (gtk_widget_compute_bounds (cell, gtk_widget_get_parent (cell), &box));
  graphene_rect_offset (&text, -box.origin.x, -box.origin.y);
  return text;
}

static void
test_text_cell (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *cell = fw_text_cell_new ();
  FwTextCell *text_cell = FW_TEXT_CELL (cell);
  int empty_height, height;
  graphene_rect_t text;

  gtk_widget_set_size_request (cell, 200, 40);
  gtk_box_append (GTK_BOX (box), cell);
  gtk_window_set_child (GTK_WINDOW (window), box);

  gtk_widget_measure (cell, GTK_ORIENTATION_VERTICAL, -1, &empty_height, NULL, NULL, NULL);
  fw_text_cell_set_text (text_cell, "Ag 12 Mäßig");
  g_assert_cmpstr (fw_text_cell_get_text (text_cell), ==, "Ag 12 Mäßig");
  gtk_widget_measure (cell, GTK_ORIENTATION_VERTICAL, -1, &height, NULL, NULL, NULL);
  g_assert_cmpint (height, >, 8);
  g_assert_cmpint (height, ==, empty_height);

  gtk_window_present (GTK_WINDOW (window));
  wait_frames (window, 2);
  g_assert_cmpint (gtk_widget_get_width (cell), ==, 200);

  /* Left, centred in its 40 px. */
  text = cell_text_bounds (cell);
  g_assert_cmpfloat (text.origin.x, <, 2);
  g_assert_cmpfloat (text.size.width, >, 20);
  g_assert_cmpfloat (fabs (text.origin.y + text.size.height / 2 - 20), <=, 1.5);

  /* Right. */
  fw_text_cell_set_xalign (text_cell, 1);
  text = cell_text_bounds (cell);
  g_assert_cmpfloat (fabs (text.origin.x + text.size.width - 200), <, 2);
  g_assert_cmpfloat (text.origin.x, >, 100);

  /* Right-to-left text in a right-to-left widget: the other side (as
   * GtkInscription: Pango keeps left-to-right text where it was). */
  fw_text_cell_set_text (text_cell, "שלום 12");
  gtk_widget_set_direction (cell, GTK_TEXT_DIR_RTL);
  wait_frames (window, 2);
  text = cell_text_bounds (cell);
  g_assert_cmpfloat (text.origin.x, <, 2);
  gtk_widget_set_direction (cell, GTK_TEXT_DIR_LTR);
  wait_frames (window, 2);

  /* Too long for 200 px: cut short to them, same height. */
  fw_text_cell_set_text (text_cell, "a-name-far-too-long-for-the-cell-it-is-shown-in-0123456789.bin");
  fw_text_cell_set_xalign (text_cell, 0);
  fw_text_cell_set_ellipsize (text_cell, PANGO_ELLIPSIZE_MIDDLE);
  /* On one line (as tall as the short text's), within the 200 px: about
   * 400 px uncut. */
  {
    graphene_rect_t one_line = cell_text_bounds (cell);
    GtkSnapshot *snapshot = gtk_snapshot_new ();
    g_autoptr(GskRenderNode) node = NULL;
    gboolean found = FALSE;

    gtk_widget_snapshot_child (box, cell, snapshot);
    node = gtk_snapshot_free_to_node (snapshot);
    union_text_bounds (node, &text, &found);
    g_assert_true (found);
    g_assert_cmpfloat (text.origin.x, >=, -1);
    g_assert_cmpfloat (text.origin.x + text.size.width, <=, 201);
    g_assert_cmpfloat (text.size.width, >, 150);
    g_assert_cmpfloat (text.size.height, <=, one_line.size.height + 2);
  }
  gtk_widget_measure (cell, GTK_ORIENTATION_VERTICAL, -1, &height, NULL, NULL, NULL);
  g_assert_cmpint (height, ==, empty_height);

  /* Nothing to draw. */
  fw_text_cell_set_text (text_cell, NULL);
  g_assert_null (fw_text_cell_get_text (text_cell));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A large file that runs shows a bar in its row, in place of the state's
 * label; the label is back when it ends. */
static gboolean
is_mapped_bar (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_PROGRESS_BAR (widget) && gtk_widget_get_mapped (widget);
}

static guint
count_widgets (GtkWidget *root, WidgetMatch match, gconstpointer data)
{
  g_autoptr(GPtrArray) found = find_widgets (root, match, data);

  return found->len;
}

static void
test_row_progress_bar (Fixture       *f,
                       gconstpointer  data)
{
  FwDigestIoHooks hooks = { hook_open, NULL, hook_fstat, NULL };
  g_autofree char *path = g_build_filename (f->dir, "endless-big", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *view = GTK_WIDGET (fw_window_get_column_view (f->window));
  g_autoptr(GPtrArray) bars = NULL;
  FwJob *job;
  int fd;

  /* 64 MiB as the folder lists it (sparse); the hook reads it from
   * /dev/zero, without end. */
  fd = open (path, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 64 << 20), ==, 0);
  close (fd);
  n_endless_fds = 0;
  fw_digest_set_io_hooks (&hooks);
  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  while ((job = find_job (f->batch, "endless-big")) == NULL ||
         fw_job_get_state (job) != FW_JOB_RUNNING || fw_job_get_progress (job) == 0)
    g_main_context_iteration (NULL, TRUE);
  wait_frames (GTK_WIDGET (f->window), 2);

  bars = find_widgets (view, is_mapped_bar, NULL);
  g_assert_cmpuint (bars->len, ==, 1);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (g_ptr_array_index (bars, 0)), >, 0);
  g_assert_cmpuint (count_widgets (view, is_cell_with_text, "Running"), ==, 0);
  g_assert_cmpuint (count_widgets (view, is_cell_with_text, "endless-big"), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.cancel", NULL));
  wait_finished (f, 1);
  wait_frames (GTK_WIDGET (f->window), 2);
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_CANCELLED);
  g_assert_cmpuint (count_widgets (view, is_mapped_bar, NULL), ==, 0);
  g_assert_cmpuint (count_widgets (view, is_cell_with_text, "Cancelled"), ==, 1);
}

/* Digests are set in monospace, messages are not. */
static void
test_result_fonts (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *good = g_build_filename (f->dir, "good.bin", NULL);
  g_autofree char *gone = g_build_filename (f->dir, "gone.bin", NULL);
  GtkWidget *view = GTK_WIDGET (fw_window_get_column_view (f->window));
  g_autoptr(GPtrArray) digest = NULL;
  g_autoptr(GPtrArray) message = NULL;
  g_autofree char *good_result = NULL;
  g_autofree char *gone_result = NULL;
  GFile *files[2];

  g_bytes_unref (fw_test_write_random (f->dir, "good.bin", 1000, 1));
  files[0] = g_file_new_for_path (good);
  files[1] = g_file_new_for_path (gone);
  fw_window_add_files_as (f->window, files, 2, FW_BATCH_MODE_HASH);
  g_object_unref (files[0]);
  g_object_unref (files[1]);
  wait_finished (f, 1);
  wait_frames (GTK_WIDGET (f->window), 2);

  good_result = fw_job_text_result (find_job (f->batch, "good.bin"));
  gone_result = fw_job_text_result (find_job (f->batch, "gone.bin"));
  digest = find_widgets (view, is_cell_with_text, good_result);
  message = find_widgets (view, is_cell_with_text, gone_result);
  g_assert_cmpuint (digest->len, ==, 1);
  g_assert_cmpuint (message->len, ==, 1);
  g_assert_true (gtk_widget_has_css_class (g_ptr_array_index (digest, 0), "monospace"));
  g_assert_false (gtk_widget_has_css_class (g_ptr_array_index (message, 0), "monospace"));
}

/* The job actions tick every chosen algorithm, the last ones of the list
 * too, and a second click takes one off; the button names the job. */
static gboolean
algorithm_ticked (Fixture     *f,
                  FwAlgorithm  a)
{
  GActionGroup *group = fw_window_get_mode_actions (f->window);
  g_autoptr(GVariant) state = g_action_group_get_action_state (group, fw_algorithm_get_name (a));

  return g_variant_get_boolean (state);
}

static gboolean
is_menu_button (GtkWidget     *widget,
                gconstpointer  unused)
{
  return GTK_IS_MENU_BUTTON (widget);
}

static void
test_algorithm_menu (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GActionGroup *group = fw_window_get_mode_actions (f->window);
  g_autoptr(GPtrArray) buttons = find_widgets (GTK_WIDGET (f->window), is_menu_button, NULL);
  GtkMenuButton *mode_button = NULL;
  const char *tooltip;

  g_settings_set_strv (settings, "algorithms",
                       (const char * const[]) { "sha256", "blake2b", "blake2s", "xxh3", "crc32", NULL });
  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    {
      const char *name = fw_algorithm_get_name (a);
      gboolean chosen = g_str_equal (name, "sha256") || g_str_equal (name, "blake2b") ||
                        g_str_equal (name, "blake2s") || g_str_equal (name, "xxh3") ||
                        g_str_equal (name, "crc32");

      g_assert_cmpint (algorithm_ticked (f, a), ==, chosen);
    }

  /* The button names the job in plain words; the algorithms are in its
   * tooltip. */
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_menu_button_get_label (g_ptr_array_index (buttons, i)), "Hash Files") == 0)
      mode_button = GTK_MENU_BUTTON (g_ptr_array_index (buttons, i));
  g_assert_nonnull (mode_button);
  tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (mode_button));
  g_assert_nonnull (strstr (tooltip, "SHA-256"));
  g_assert_nonnull (strstr (tooltip, "BLAKE2b"));
  g_assert_nonnull (strstr (tooltip, "CRC32"));
  g_assert_nonnull (strstr (tooltip, "XXH3"));

  /* A second click on BLAKE2b takes it off. */
  g_action_group_activate_action (group, "blake2b", NULL);
  g_assert_false (algorithm_ticked (f, FW_ALGORITHM_BLAKE2B));
  g_assert_false (fw_batch_get_algorithms (f->batch) & FW_ALGORITHM_BIT (FW_ALGORITHM_BLAKE2B));
  g_assert_true (algorithm_ticked (f, FW_ALGORITHM_CRC32));
}

/* A new toast takes the place of the one shown, rather than waiting its
 * turn. */
static gboolean
is_label_with_text (GtkWidget     *widget,
                    gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static void
wait_toast_shown (Fixture    *f,
                  const char *title)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GPtrArray) toasts = find_widgets (GTK_WIDGET (f->window), is_toast, NULL);

      if (toasts->len == 1)
        {
          g_autoptr(GPtrArray) labels = find_widgets (g_ptr_array_index (toasts, 0), is_label_with_text, title);

          if (labels->len > 0)
            return;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      wait_frames (GTK_WIDGET (f->window), 1);
    }
}

static void
test_toast_replaced (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *gone = g_build_filename (f->dir, "gone.bin", NULL);
  g_autofree char *good = g_build_filename (f->dir, "good.bin", NULL);
  g_autoptr(GFile) gone_file = g_file_new_for_path (gone);
  g_autoptr(GFile) good_file = g_file_new_for_path (good);
  gint64 start;

  g_bytes_unref (fw_test_write_random (f->dir, "good.bin", 1000, 1));
  fw_window_add_files_as (f->window, &gone_file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  wait_toast_shown (f, "1 failed");

  /* The second summary shows at once, well before the first one's five
   * seconds are up. */
  start = g_get_monotonic_time ();
  fw_window_add_files_as (f->window, &good_file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 2);
  /* Every row: the failed one is still there. */
  wait_toast_shown (f, "1 done · 1 failed");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
}

/* A special file left out of a folder (not a row) is told of in the
 * summary of its batch, not in every one after. */
static void
test_skipped_told_once (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "with-fifo", NULL);
  g_autofree char *fifo = g_build_filename (folder, "pipe", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.bin", NULL);
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
  g_autoptr(GFile) other_file = g_file_new_for_path (other);

  g_bytes_unref (fw_test_write_random (folder, "a.bin", 100, 1));
  g_assert_no_errno (mkfifo (fifo, 0600));
  g_bytes_unref (fw_test_write_random (f->dir, "other.bin", 100, 2));

  fw_window_add_files_as (f->window, &folder_file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "1 done · 1 special file in folders left out");

  fw_window_add_files_as (f->window, &other_file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 2);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "2 done");
}

/* The title's summary counts the cancelled rows too. */
static void
test_title_counts_cancelled (Fixture       *f,
                             gconstpointer  data)
{
  FwDigestIoHooks hooks = { hook_open, NULL, hook_fstat, NULL };
  g_autofree char *endless = g_build_filename (f->dir, "endless-title", NULL);
  g_autoptr(GFile) endless_file = g_file_new_for_path (endless);
  AdwWindowTitle *title = ADW_WINDOW_TITLE (find_widget (GTK_WIDGET (f->window), is_window_title, NULL));

  g_bytes_unref (fw_test_write_random (f->dir, "endless-title", 10, 1));
  n_endless_fds = 0;
  fw_digest_set_io_hooks (&hooks);
  fw_window_add_files_as (f->window, &endless_file, 1, FW_BATCH_MODE_HASH);
  while (!fw_batch_get_running (f->batch))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.cancel", NULL));
  wait_finished (f, 1);
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "1 cancelled");
}

/* Issue 26: keyboard, Undo, stop and close. ---------------------------- */

/* The job of the row the keyboard focus is on (the focus is on a row in
 * GTK 4.8, on a cell from 4.12), or NULL. */
static FwJob *
focused_row_job (Fixture *f)
{
  GtkWidget *view = GTK_WIDGET (fw_window_get_column_view (f->window));
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
  GtkListItem *item = NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, view))
    return NULL;
  for (GtkWidget *w = focus; w != NULL && w != view && item == NULL; w = gtk_widget_get_parent (w))
    item = g_object_get_data (G_OBJECT (w), "fw-list-item");
  if (item == NULL)
    {
      g_autoptr(GPtrArray) cells = find_widgets (focus, is_cell, NULL);

      if (cells->len > 0)
        item = g_object_get_data (G_OBJECT (g_ptr_array_index (cells, 0)), "fw-list-item");
    }
  return item != NULL ? gtk_list_item_get_item (item) : NULL;
}

static FwJob *
only_selected (Fixture *f)
{
  g_autoptr(GPtrArray) jobs = fw_window_get_selected (f->window);

  g_assert_cmpuint (jobs->len, ==, 1);
  return g_ptr_array_index (jobs, 0);
}

static void
wait_mapped (GtkWidget *widget,
             gboolean   mapped)
{
  while (gtk_widget_get_mapped (widget) != mapped)
    g_main_context_iteration (NULL, TRUE);
}

/* Keyboard only: Tab to a row, Shift+F10 opens its menu, Escape closes it
 * and the focus is on the row again; Down to the next row, Menu opens
 * its menu, arrows and Enter run Remove From List on that row. */
static void
test_row_menu_keyboard (Fixture       *f,
                        gconstpointer  data)
{
  GFile *files[3];
  GtkWidget *popover = f->window->row_popover;
  GtkWidget *remove;
  FwJob *first, *second;
  g_autofree char *second_name = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("key-%u.bin", i);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_bytes_unref (fw_test_write_random (f->dir, name, 1000, i));
      files[i] = g_file_new_for_path (path);
    }
  fw_window_add_files_as (f->window, files, 3, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  wait_frames (GTK_WIDGET (f->window), 2);
  g_assert_cmpuint (n_view_rows (f), ==, 3);

  watch_keys (f);
  for (guint i = 0; i < 30 && focused_row_job (f) == NULL; i++)
    press_key ("Tab", GDK_KEY_Tab);
  first = focused_row_job (f);
  g_assert_nonnull (first);

  press_key ("shift+F10", GDK_KEY_F10);
  wait_mapped (popover, TRUE);
  g_assert_true (only_selected (f) == first);
  press_key ("Escape", GDK_KEY_Escape);
  wait_mapped (popover, FALSE);
  g_assert_true (focused_row_job (f) == first);

  press_key ("Down", GDK_KEY_Down);
  second = focused_row_job (f);
  g_assert_nonnull (second);
  g_assert_true (second != first);
  second_name = g_strdup (fw_job_get_name (second));
  press_key ("Menu", GDK_KEY_Menu);
  wait_mapped (popover, TRUE);
  g_assert_true (only_selected (f) == second);

  /* The menu has a focus of its own (a native). */
  remove = row_menu_item (f, "Remove From List");
  for (guint i = 0; i < 12 && !gtk_widget_has_focus (remove); i++)
    press_key ("Down", GDK_KEY_Down);
  g_assert_true (gtk_widget_has_focus (remove));
  /* Up and back, across the sections (the greyed items skipped). */
  press_key ("Up", GDK_KEY_Up);
  g_assert_true (gtk_widget_has_focus (row_menu_item (f, "Open Containing Folder")));
  press_key ("Up", GDK_KEY_Up);
  g_assert_true (gtk_widget_has_focus (row_menu_item (f, "Compare With Clipboard")));
  press_key ("Down", GDK_KEY_Down);
  press_key ("Down", GDK_KEY_Down);
  g_assert_true (gtk_widget_has_focus (remove));
  press_key ("Return", GDK_KEY_Return);
  wait_mapped (popover, FALSE);
  g_assert_null (find_job (f->batch, second_name));
  g_assert_nonnull (find_job (f->batch, fw_job_get_name (first)));
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 2);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "1 item removed");
  for (guint i = 0; i < 3; i++)
    g_object_unref (files[i]);
}

/* Every row the view shows, in its order: name and result. */
static char *
view_rows_text (Fixture *f)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (fw_window_get_column_view (f->window)));
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (model, i);
      g_autofree char *result = fw_job_text_result (job);

      g_string_append_printf (text, "%s = %s\n", fw_job_get_name (job), result ? result : "");
    }
  return g_string_free (text, FALSE);
}

static void
wait_view_rows (Fixture *f,
                guint    n)
{
  while (n_view_rows (f) != n)
    g_main_context_iteration (NULL, TRUE);
}

/* Remove From List and Clear List show "N items removed" with Undo, which
 * brings the same rows back with their results, in their places (the
 * toast's button, and Ctrl+Z). Clear List takes a column's sort off. */
static void
test_undo_remove_and_clear (Fixture       *f,
                            gconstpointer  data)
{
  GFile *files[4];
  GtkColumnView *view = fw_window_get_column_view (f->window);
  g_autoptr(GtkColumnViewColumn) name_column = g_list_model_get_item (gtk_column_view_get_columns (view), FW_COLUMN_NAME);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("undo-%u.bin", i);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      /* The last one is missing: a failed row, with its error. */
      if (i < 3)
        g_bytes_unref (fw_test_write_random (f->dir, name, 1000 + i, i));
      files[i] = g_file_new_for_path (path);
    }
  fw_window_add_files_as (f->window, files, 4, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  wait_view_rows (f, 4);
  before = view_rows_text (f);
  g_test_message ("%s", before);

  /* Remove From List, Undo from the toast. */
  gtk_selection_model_select_item (gtk_column_view_get_model (view), 1, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.remove", NULL));
  wait_view_rows (f, 3);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "1 item removed");
  g_signal_emit_by_name (toast_button (f, "_Undo"), "clicked");
  wait_view_rows (f, 4);
  after = view_rows_text (f);
  g_assert_cmpstr (after, ==, before);

  /* Sorted by name, descending; Clear List; Ctrl+Z (a real key press). */
  gtk_column_view_sort_by_column (view, name_column, GTK_SORT_DESCENDING);
  g_assert_cmpint (gtk_sorter_get_order (gtk_column_view_get_sorter (view)), !=, GTK_SORTER_ORDER_NONE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.clear", NULL));
  wait_view_rows (f, 0);
  g_assert_cmpint (gtk_sorter_get_order (gtk_column_view_get_sorter (view)), ==, GTK_SORTER_ORDER_NONE);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "4 items removed");
  watch_keys (f);
  press_key ("ctrl+z", GDK_KEY_z);
  wait_view_rows (f, 4);
  g_free (after);
  after = view_rows_text (f);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "4 items restored");
  /* Once: a second Ctrl+Z brings nothing twice. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_object_unref (files[i]);
}

/* "Stop Running Jobs?" goes by itself when the batch ends while it is
 * asked; the window stays. */
static void
test_close_question_goes (Fixture       *f,
                          gconstpointer  data)
{
  FwDigestIoHooks hooks = { hook_open, NULL, hook_fstat, NULL };
  g_autofree char *path = g_build_filename (f->dir, "endless-asked", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gboolean expired = FALSE;
  guint guard;

  g_bytes_unref (fw_test_write_random (f->dir, "endless-asked", 10, 1));
  n_endless_fds = 0;
  fw_digest_set_io_hooks (&hooks);
  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  while (find_job (f->batch, "endless-asked") == NULL ||
         fw_job_get_bytes_done (find_job (f->batch, "endless-asked")) == 0)
    g_main_context_iteration (NULL, TRUE);

  gtk_window_close (GTK_WINDOW (f->window));
  g_assert_nonnull (find_alert (f->window, "Stop Running Jobs?"));
  /* The batch ends (its one job cancelled from its row). */
  fw_batch_cancel_job (f->batch, find_job (f->batch, "endless-asked"));
  wait_finished (f, 1);
  guard = g_timeout_add_seconds (10, guard_expired, &expired);
  while (find_alert (f->window, "Stop Running Jobs?") != NULL)
    {
      if (expired)
        g_error ("the close question still stands 10 s after the batch ended");
      g_main_context_iteration (NULL, TRUE);
    }
  if (!expired)
    g_source_remove (guard);
  g_assert_false (fw_batch_get_running (f->batch));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
}

/* Start (Ctrl+Return) and Pause (the Pause key, Ctrl+Shift+P), as real
 * key presses; the progress bar shows only while a run goes on, not
 * while items wait for Start. */
static void
test_start_pause_keys (Fixture       *f,
                       gconstpointer  data)
{
  FwDigestIoHooks hooks = { hook_open, NULL, hook_fstat, NULL };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *path = g_build_filename (f->dir, "endless-keys", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_bytes_unref (fw_test_write_random (f->dir, "endless-keys", 10, 1));
  n_endless_fds = 0;
  fw_digest_set_io_hooks (&hooks);
  g_settings_set_boolean (settings, "auto-start", FALSE);
  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  while (fw_batch_get_n_waiting (f->batch) < 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gtk_widget_get_visible (footer_progress_bar (f)));

  watch_keys (f);
  press_key ("ctrl+Return", GDK_KEY_Return);
  g_assert_true (fw_batch_get_running (f->batch));
  g_assert_true (gtk_widget_get_visible (footer_progress_bar (f)));
  press_key ("Pause", GDK_KEY_Pause);
  g_assert_true (fw_batch_get_paused (f->batch));
  press_key ("ctrl+shift+p", GDK_KEY_P);
  g_assert_false (fw_batch_get_paused (f->batch));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.cancel", NULL));
  wait_finished (f, 1);
  g_assert_false (gtk_widget_get_visible (footer_progress_bar (f)));
  g_settings_reset (settings, "auto-start");
}

/* The accelerators the Shortcuts window lists, as "keyval/modifiers". */
static GHashTable *
listed_accels (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/fileworks/Fileworks/gtk/help-overlay.ui");
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  GHashTable *listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accelerator = NULL;
      g_auto(GStrv) accels = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accelerator, NULL);
      accels = g_strsplit (accelerator != NULL ? accelerator : "", " ", -1);
      for (guint i = 0; accels[i] != NULL; i++)
        {
          guint keyval = 0;
          GdkModifierType mods = 0;

          if (accels[i][0] == '\0')
            continue;
          g_assert_true (gtk_accelerator_parse (accels[i], &keyval, &mods));
          g_hash_table_add (listed, g_strdup_printf ("%u/%u", gdk_keyval_to_lower (keyval), mods));
        }
    }
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
  return listed;
}

static void
assert_listed (GHashTable      *listed,
               guint            keyval,
               GdkModifierType  mods,
               const char      *action)
{
  g_autofree char *name = gtk_accelerator_name (keyval, mods);
  g_autofree char *key = NULL;
  const char *keyname = gdk_keyval_name (keyval);

  /* The keypad's twin of a key listed (KP_Delete beside Delete). */
  if (keyname != NULL && g_str_has_prefix (keyname, "KP_") &&
      gdk_keyval_from_name (keyname + 3) != GDK_KEY_VoidSymbol)
    keyval = gdk_keyval_from_name (keyname + 3);
  key = g_strdup_printf ("%u/%u", gdk_keyval_to_lower (keyval), mods);
  g_test_message ("%s → %s", name, action);
  if (!g_hash_table_contains (listed, key))
    g_error ("%s (%s) is not in the Shortcuts window", name, action);
}

/* Every shortcut of the window (its win.* bindings) and of the application
 * is in the Shortcuts window. */
static void
test_shortcuts_listed (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GHashTable) listed = listed_accels ();
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));
  g_autoptr(FwApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) actions = NULL;
  guint n_checked = 0;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (!GTK_IS_NAMED_ACTION (action) ||
              !g_str_has_prefix (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "win."))
            continue;
          g_assert_true (GTK_IS_KEYVAL_TRIGGER (trigger));
          assert_listed (listed, gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                         gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)),
                         gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)));
          n_checked++;
        }
    }
  /* Ctrl+O, Ctrl+Shift+O, Ctrl+S, Ctrl+C, Delete, KP_Delete, Pause,
   * Ctrl+Shift+P, Ctrl+Return, Ctrl+T, Ctrl+Shift+Delete, Ctrl+Z, Menu,
   * Shift+F10 at least. */
  g_assert_cmpuint (n_checked, >=, 14);

  /* The application's (its help overlay found where the app's is). */
  app = fw_application_new ();
  g_application_set_application_id (G_APPLICATION (app), "io.github.fileworks.TestShortcuts");
  g_application_set_resource_base_path (G_APPLICATION (app), "/io/github/fileworks/Fileworks");
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  g_assert_cmpuint (g_strv_length (actions), >=, 3);
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        {
          guint keyval = 0;
          GdkModifierType mods = 0;

          g_assert_true (gtk_accelerator_parse (accels[j], &keyval, &mods));
          assert_listed (listed, keyval, mods, actions[i]);
        }
    }
}

/* The GNU export: one algorithm's GNU lines, that its coreutils tool
 * checks without a warning, even with two algorithms ticked; with two, it
 * asks which first; the Export submenu is shut on an empty list; the
 * Exported toast opens the file's folder. --------------------------------- */

/* Runs @argv in @cwd; its exit status must be 0 and its stderr empty. */
static void
assert_checks_clean (const char  *cwd,
                     const char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  int status;

  g_spawn_sync (cwd, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("%s: %s%s", argv[0], out, err);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, ": OK"));
}

/* The main menu's item labelled @text (GtkModelButton), or %NULL. */
static GtkWidget *
main_menu_item (Fixture    *f,
                const char *text)
{
  g_autoptr(GPtrArray) buttons = find_widgets (GTK_WIDGET (f->window), is_of_type,
                                               GSIZE_TO_POINTER (GTK_TYPE_MENU_BUTTON));

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkPopover *popover = gtk_menu_button_get_popover (g_ptr_array_index (buttons, i));
      g_autoptr(GPtrArray) items = NULL;

      if (popover == NULL)
        continue;
      items = find_widgets (GTK_WIDGET (popover), is_of_type, GSIZE_TO_POINTER (g_type_from_name ("GtkModelButton")));
      for (guint j = 0; j < items->len; j++)
        {
          g_autofree char *label = NULL;

          g_object_get (g_ptr_array_index (items, j), "text", &label, NULL);
          if (g_strcmp0 (label, text) == 0)
            return g_ptr_array_index (items, j);
        }
    }
  return NULL;
}

static void
test_export_gnu_one_algorithm (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *tree = g_build_filename (f->dir, "sums", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (tree);
  const FwAlgorithm algorithms[] = { FW_ALGORITHM_SHA256, FW_ALGORITHM_MD5 };
  const char *tools[] = { "sha256sum", "md5sum" };
  g_autofree char *previous = NULL;

  /* No Export submenu to open while there is nothing to export. */
  g_assert_nonnull (main_menu_item (f, "Clear List"));
  g_assert_null (main_menu_item (f, "Export"));

  g_bytes_unref (fw_test_write_random (tree, "plain.txt", 1000, 1));
  g_bytes_unref (fw_test_write_random (tree, "with space", 2000, 2));
  g_bytes_unref (fw_test_write_random (tree, "back\\slash", 30, 3));
  g_bytes_unref (fw_test_write_random (tree, "new\nline", 40, 4));
  g_settings_set_strv (settings, "algorithms", (const char * const[]) { "sha256", "md5", NULL });
  fw_window_add_files_as (f->window, &folder, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  g_assert_nonnull (main_menu_item (f, "Export"));

  /* Two algorithms: which one is asked, each answer naming its file. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", "s", "gnu"));
  {
    FwAlert *ask = find_alert (f->window, "Export Which Digests?");

    g_assert_nonnull (ask);
    find_widget (GTK_WIDGET (ask), is_button_labelled, "SHA256SUMS");
    find_widget (GTK_WIDGET (ask), is_button_labelled, "MD5SUMS");
    alert_click (ask, "_Cancel");
    g_assert_null (find_alert (f->window, "Export Which Digests?"));
  }

  for (guint i = 0; i < G_N_ELEMENTS (algorithms); i++)
    {
      g_autofree char *name = fw_window_export_suggested_name (FW_EXPORT_GNU, algorithms[i]);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autoptr(GFile) out = g_file_new_for_path (path);
      g_autofree char *told = g_strdup_printf ("Exported to “%s”", name);
      g_autofree char *contents = NULL;
      const char *argv[] = { tools[i], "-c", name, NULL };

      g_free (previous);
      previous = g_strdup (fw_window_get_last_toast (f->window));
      fw_window_export_to (f->window, FW_EXPORT_GNU, algorithms[i], out);
      wait_toast (f, previous);
      g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, told);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      /* GNU lines only: no BSD tag. */
      g_assert_null (strstr (contents, " ("));
      g_assert_nonnull (strstr (contents, "  sums/with space\n"));
      assert_checks_clean (f->dir, argv);
    }
  {
    g_autofree char *sha256 = fw_window_export_suggested_name (FW_EXPORT_GNU, FW_ALGORITHM_SHA256);
    g_autofree char *b2 = fw_window_export_suggested_name (FW_EXPORT_GNU, FW_ALGORITHM_BLAKE2B);
    g_autofree char *sha1 = fw_window_export_suggested_name (FW_EXPORT_GNU, FW_ALGORITHM_SHA1);
    g_autofree char *sha512 = fw_window_export_suggested_name (FW_EXPORT_GNU, FW_ALGORITHM_SHA512);

    g_assert_cmpstr (sha256, ==, "SHA256SUMS");
    g_assert_cmpstr (b2, ==, "B2SUMS");
    g_assert_cmpstr (sha1, ==, "SHA1SUMS");
    g_assert_cmpstr (sha512, ==, "SHA512SUMS");
  }
}

/* The SFV toast says what to do in the window's words. */
static void
test_export_sfv_told (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "one", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_bytes_unref (fw_test_write_random (f->dir, "one", 100, 1));
  fw_window_add_files_as (f->window, &file, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", "s", "sfv"));
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==,
                   "No CRC32 digests: hash with CRC32 to export an SFV file");
}

/* The Exported toast's Open shows the file in the file manager. */
static void
test_export_toast_open (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *in = g_build_filename (f->dir, "in", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (in);
  g_autofree char *path = g_build_filename (f->dir, "SHA256SUMS", NULL);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  g_autofree char *previous = NULL;
  g_autofree char *shown = NULL;
  FakeFileManager fm;
  GtkWidget *open;

  fake_file_manager_start (&fm);
  g_bytes_unref (fw_test_write_random (in, "one", 100, 1));
  fw_window_add_files_as (f->window, &folder, 1, FW_BATCH_MODE_HASH);
  wait_finished (f, 1);
  previous = g_strdup (fw_window_get_last_toast (f->window));
  fw_window_export_to (f->window, FW_EXPORT_GNU, FW_ALGORITHM_SHA256, out);
  wait_toast (f, previous);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "Exported to “SHA256SUMS”");

  /* The toast's button, as shown, clicked. */
  open = find_widget (GTK_WIDGET (f->window), is_button_labelled, "_Open");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (open)), ==, "win.show-exported");
  g_signal_emit_by_name (open, "clicked");
  shown = fake_file_manager_wait_shown (&fm);
  g_assert_cmpstr (shown, ==, path);
  fake_file_manager_stop (&fm);
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

  /* First: its subprocess, a second X client, asks the clipboard's owner
   * for its formats at start-up, and GTK 4.8 leaks in answering that
   * (gdk_x11_clipboard_formats_to_atoms); no test owns it yet. */
  g_test_add ("/window/chooser-outlives-window", Fixture, NULL, fixture_setup, test_chooser_outlives_window, fixture_teardown);
  g_test_add ("/window/drop", Fixture, NULL, fixture_setup, test_drop, fixture_teardown);
  g_test_add ("/window/compare-clipboard", Fixture, NULL, fixture_setup, test_compare_clipboard, fixture_teardown);
  g_test_add ("/window/hash-text", Fixture, NULL, fixture_setup, test_hash_text, fixture_teardown);
  g_test_add ("/window/renderer-choice", Fixture, NULL, fixture_setup, test_renderer_choice, fixture_teardown);
  g_test_add ("/window/open-containing-folder", Fixture, NULL, fixture_setup, test_open_containing_folder, fixture_teardown);
  g_test_add ("/window/pause-and-close", Fixture, NULL, fixture_setup, test_pause_and_close, fixture_teardown);
  g_test_add ("/window/footer-counts", Fixture, NULL, fixture_setup, test_footer_counts, fixture_teardown);
  g_test_add ("/window/footer-paced-rows", Fixture, NULL, fixture_setup, test_footer_paced_rows, fixture_teardown);
  g_test_add ("/window/notification", Fixture, NULL, fixture_setup, test_notification, fixture_teardown);
  g_test_add ("/window/escape-keeps-running", Fixture, NULL, fixture_setup, test_escape_keeps_running, fixture_teardown);
  g_test_add ("/window/row-menu-keyboard", Fixture, NULL, fixture_setup, test_row_menu_keyboard, fixture_teardown);
  g_test_add ("/window/undo-remove-and-clear", Fixture, NULL, fixture_setup, test_undo_remove_and_clear, fixture_teardown);
  g_test_add ("/window/close-question-goes", Fixture, NULL, fixture_setup, test_close_question_goes, fixture_teardown);
  g_test_add ("/window/start-pause-keys", Fixture, NULL, fixture_setup, test_start_pause_keys, fixture_teardown);
  g_test_add ("/window/shortcuts-listed", Fixture, NULL, fixture_setup, test_shortcuts_listed, fixture_teardown);
  g_test_add ("/window/export-matches-cli", Fixture, NULL, fixture_setup, test_export_matches_cli, fixture_teardown);
  g_test_add ("/window/preferences-reach-pool", Fixture, NULL, fixture_setup, test_preferences_reach_pool, fixture_teardown);
  g_test_add ("/window/show-largest", Fixture, NULL, fixture_setup, test_show_largest, fixture_teardown);
  g_test_add ("/window/verify-flags-change", Fixture, NULL, fixture_setup, test_verify_flags_change, fixture_teardown);
  g_test_add ("/window/verify-in-chosen-folder", Fixture, NULL, fixture_setup, test_verify_in_chosen_folder, fixture_teardown);
  g_test_add ("/window/clear-resets", Fixture, NULL, fixture_setup, test_clear_resets, fixture_teardown);
  g_test_add ("/window/export-in-thread", Fixture, NULL, fixture_setup, test_export_in_thread, fixture_teardown);
  g_test_add_func ("/window/text-cell", test_text_cell);
  g_test_add ("/window/cells-text-centred", Fixture, NULL, fixture_setup, test_cells_text_centred, fixture_teardown);
  g_test_add ("/window/algorithm-menu", Fixture, NULL, fixture_setup, test_algorithm_menu, fixture_teardown);
  g_test_add ("/window/toast-replaced", Fixture, NULL, fixture_setup, test_toast_replaced, fixture_teardown);
  g_test_add ("/window/skipped-told-once", Fixture, NULL, fixture_setup, test_skipped_told_once, fixture_teardown);
  g_test_add ("/window/title-counts-cancelled", Fixture, NULL, fixture_setup, test_title_counts_cancelled, fixture_teardown);
  g_test_add ("/window/hash-text-padding", Fixture, NULL, fixture_setup, test_hash_text_padding, fixture_teardown);
  g_test_add ("/window/hash-text-no-hyphens", Fixture, NULL, fixture_setup, test_hash_text_no_hyphens, fixture_teardown);
  g_test_add ("/window/result-fonts", Fixture, NULL, fixture_setup, test_result_fonts, fixture_teardown);
  g_test_add ("/window/row-progress-bar", Fixture, NULL, fixture_setup, test_row_progress_bar, fixture_teardown);
  g_test_add ("/window/largest-list", Fixture, NULL, fixture_setup, test_largest_list, fixture_teardown);
  g_test_add ("/window/toast-above-footer", Fixture, NULL, fixture_setup, test_toast_above_footer, fixture_teardown);
  g_test_add ("/window/row-menu-delete-accel", Fixture, NULL, fixture_setup, test_row_menu_delete_accel, fixture_teardown);
  g_test_add ("/window/row-menu-per-row", Fixture, NULL, fixture_setup, test_row_menu_per_row, fixture_teardown);
  g_test_add ("/window/row-menu-under-tooltip", Fixture, NULL, fixture_setup, test_row_menu_under_tooltip, fixture_teardown);
  g_test_add ("/window/run-again-enabled", Fixture, NULL, fixture_setup, test_run_again_enabled, fixture_teardown);
  g_test_add ("/window/app-icon-in-resources", Fixture, NULL, fixture_setup, test_app_icon_in_resources, fixture_teardown);
  g_test_add ("/window/add-buttons-icons", Fixture, NULL, fixture_setup, test_add_buttons_icons, fixture_teardown);
  g_test_add ("/window/footer-waiting", Fixture, NULL, fixture_setup, test_footer_waiting, fixture_teardown);

  g_test_add ("/window/export-gnu-one-algorithm", Fixture, NULL, fixture_setup, test_export_gnu_one_algorithm, fixture_teardown);
  g_test_add ("/window/export-sfv-told", Fixture, NULL, fixture_setup, test_export_sfv_told, fixture_teardown);
  g_test_add ("/window/export-toast-open", Fixture, NULL, fixture_setup, test_export_toast_open, fixture_teardown);

  return g_test_run ();
}
