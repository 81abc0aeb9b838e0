/* fw-window.c — the main window: the list, its status, adding, closing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FwWindow itself: its template (header, list, footer), the toasts, the
 * title and page that follow the batch, suspend inhibition while it
 * runs, the summary when it ends, adding items (checksum files verified,
 * and a toast says so), the settings, and closing (asked while jobs run). The
 * rest is in one file per concept over fw-window-private.h: actions,
 * drag and drop, choosers, export, verify-in-folder, choosing the job,
 * the details pane and the layout by width.
 * Main thread: the batch calls back in the main context.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-alert.h"
#include "fw-job-columns.h"
#include "fw-job-text.h"
#include "fw-paced-list-model.h"
#include "fw-window-private.h"

G_DEFINE_FINAL_TYPE (FwWindow, fw_window, ADW_TYPE_APPLICATION_WINDOW)

/* Helpers ------------------------------------------------------------------ */

static void
shown_toast_dismissed_cb (AdwToast *toast,
                          FwWindow *self)
{
  if (self->shown_toast == toast)
    g_clear_object (&self->shown_toast);
  /* Undo is offered while its toast is shown, not after. */
  if (g_strcmp0 (adw_toast_get_action_name (toast), "win.undo") == 0)
    fw_window_forget_undo (self);
}

/* Toasts tell the state of things: a new one takes the place of the one
 * shown, rather than waiting for its turn, when it would tell it wrong.
 * The shown toast's text changes in place: dismissing a toast while it
 * slides in breaks libadwaita 1.2's overlay. */
void
fw_window_toast (FwWindow   *self,
                 const char *title)
{
  fw_window_toast_with_button (self, title, NULL, NULL, NULL);
}

void
fw_window_toast_with_button (FwWindow   *self,
                             const char *title,
                             const char *button_label,
                             const char *action_name,
                             GVariant   *target)
{
  g_autofree char *markup = NULL;
  g_autoptr(GVariant) sunk = target != NULL ? g_variant_ref_sink (target) : NULL;
  AdwToast *toast;

  /* Closed, and kept only by a chooser or a write that answers late. */
  if (self->disposed)
    return;
  g_free (self->last_toast);
  self->last_toast = g_strdup (title);
  /* An Undo toast replaced: what it offered goes with it. */
  if (g_strcmp0 (action_name, "win.undo") != 0)
    fw_window_forget_undo (self);
  /* A toast's title is markup; names may hold "&" or "<". */
  markup = g_markup_escape_text (title, -1);
  if (self->shown_toast != NULL)
    {
      adw_toast_set_title (self->shown_toast, markup);
      adw_toast_set_button_label (self->shown_toast, button_label);
      /* No action while the target changes: the old action would be
       * checked against the new target, or the new one against the old. */
      adw_toast_set_action_name (self->shown_toast, NULL);
      adw_toast_set_action_target_value (self->shown_toast, sunk);
      adw_toast_set_action_name (self->shown_toast, action_name);
      /* Added again: its time starts over (the overlay keeps one ref). */
      adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->shown_toast));
      return;
    }
  toast = adw_toast_new (markup);
  adw_toast_set_timeout (toast, 5);
  adw_toast_set_button_label (toast, button_label);
  adw_toast_set_action_target_value (toast, sunk);
  adw_toast_set_action_name (toast, action_name);
  self->shown_toast = g_object_ref (toast);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (shown_toast_dismissed_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static FwAlgorithmSet
algorithms_from_strv (const char * const *names)
{
  FwAlgorithmSet set = 0;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      FwAlgorithm a = fw_algorithm_from_name (names[i]);

      if (a != FW_ALGORITHM_INVALID)
        set |= FW_ALGORITHM_BIT (a);
    }
  return set != 0 ? set : FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256);
}

/* The selected jobs, in view order. O(rows) through the bitset. */
GPtrArray *
fw_window_get_selected (FwWindow *self)
{
  g_autoptr(GtkBitset) bitset = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GPtrArray *jobs = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  if (gtk_bitset_iter_init_first (&iter, bitset, &position))
    {
      do
        g_ptr_array_add (jobs, g_list_model_get_item (G_LIST_MODEL (self->selection), position));
      while (gtk_bitset_iter_next (&iter, &position));
    }
  return jobs;
}

/* Footer and title --------------------------------------------------------- */

void
fw_window_update_status (FwWindow *self)
{
  FwFooterState state = { 0 };
  const FwBatchProgress *p = &state.progress;
  g_autofree char *subtitle = NULL;
  guint n_rows = g_list_model_get_n_items (fw_batch_get_jobs (self->batch));
  gboolean running, stopping, scanning;

  fw_window_compare_folders_update (self);
  /* Find Duplicates runs its own scan (fw-window-dupes.c). */
  if (fw_window_get_mode (self) == FW_BATCH_MODE_DUPES)
    {
      fw_window_dupes_update_status (self);
      return;
    }

  /* One reading of the batch, for the footer and the title. */
  state.running = running = fw_batch_get_running (self->batch);
  state.stopping = stopping = fw_batch_get_stopping (self->batch);
  /* Found rows the list does not show yet count as still scanning, as
   * they did when the batch paced them itself. */
  self->rows_pending = fw_paced_list_model_get_n_pending (self->paced) > 0;
  state.scanning = scanning = fw_batch_get_scanning (self->batch) || self->rows_pending;
  state.paused = fw_batch_get_paused (self->batch);
  state.n_waiting = fw_batch_get_n_waiting (self->batch);
  state.n_found = scanning ? fw_batch_get_n_found (self->batch) : 0;
  fw_batch_get_progress (self->batch, &state.progress);
  fw_batch_get_counts (self->batch, &state.counts);
  state.fraction =
    p->bytes_total > 0 ? (double) p->bytes_done / (double) p->bytes_total
                       : p->n_total > 0 ? (double) p->n_finished / p->n_total : 0;
  /* A walk over the rows, at most: only between runs and scans, when
   * this runs on events, not on ticks. */
  state.can_run_again = !running && !scanning && fw_batch_can_run_again (self->batch);

  /* The words: fw-job-text.c, from the same reading as the footer's. */
  if (n_rows > 0 || running || scanning)
    subtitle = fw_job_text_subtitle (&state);
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");

  gtk_stack_set_visible_child_name (self->stack, n_rows > 0 || scanning ? "list" : "empty");
  gtk_revealer_set_reveal_child (self->footer_revealer, n_rows > 0 || scanning);
  fw_footer_update (self->footer, &state);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel",
                                 (running && !stopping) || scanning || fw_window_audit_get_running (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.pause", running && !stopping);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start", state.n_waiting > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.run-again", state.can_run_again);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear", n_rows > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", n_rows > 0);
  fw_window_export_update (self, n_rows > 0);
  fw_window_expect_update (self);
  fw_window_audit_update (self);
}

static void
fw_window_release_inhibit (FwWindow *self)
{
  if (self->inhibit_app == NULL)
    return;
  gtk_application_uninhibit (self->inhibit_app, self->inhibit_cookie);
  self->inhibit_cookie = 0;
  g_clear_object (&self->inhibit_app);
}

/* Suspend is inhibited through the application the window belongs to
 * while its batch or its duplicate scan runs; released when it ends, and
 * also when the window leaves that application (closed while stopping)
 * or goes. */
void
fw_window_update_inhibit (FwWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  gboolean busy = app != NULL &&
                  ((self->batch != NULL && fw_batch_get_running (self->batch)) ||
                   (self->dupes_view != NULL && !self->disposed && fw_dupes_view_get_running (self->dupes_view)));

  if (self->inhibit_app != NULL && (!busy || self->inhibit_app != app))
    fw_window_release_inhibit (self);
  if (busy && self->inhibit_app == NULL)
    {
      self->inhibit_cookie = gtk_application_inhibit (app, GTK_WINDOW (self),
                                                      GTK_APPLICATION_INHIBIT_SUSPEND,
                                                      _("Files are being processed"));
      if (self->inhibit_cookie != 0)
        self->inhibit_app = g_object_ref (app);
    }
}

/* About ten times a second while a batch runs or scans (FwBatch::progress
 * comes on the tick's refresh ticks, every 100 ms); state changes update
 * at once (batch_state_cb). */
static void
batch_progress_cb (FwBatch  *batch,
                   FwWindow *self)
{
  fw_window_update_status (self);
}

static void
batch_state_cb (FwBatch    *batch,
                GParamSpec *pspec,
                FwWindow   *self)
{
  fw_window_update_status (self);
  fw_window_update_inhibit (self);
  /* "Stop Running Jobs?" has nothing left to ask about once nothing
   * runs: it goes as if Keep Running were chosen (its close response). */
  if (self->close_alert != NULL && !fw_batch_get_running (batch))
    fw_alert_close (self->close_alert);
}

/* The footer says "scanning" until the last paced row is shown: the
 * status is looked at again when the paced rows run out. */
static void
paced_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        FwWindow   *self)
{
  if (self->rows_pending && fw_paced_list_model_get_n_pending (self->paced) == 0)
    fw_window_update_status (self);
}

/* Whether a row came from a clear-signed checksum list (its signature not
 * checked): the summary says so. */
static gboolean
any_clear_signed (FwBatch *batch)
{
  GListModel *jobs = fw_batch_get_jobs (batch);
  guint n = g_list_model_get_n_items (jobs);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (jobs, i);

      if (fw_job_get_clear_signed (job))
        return TRUE;
    }
  return FALSE;
}

static void
batch_finished_cb (FwBatch  *batch,
                   FwWindow *self)
{
  FwBatchProgress p;
  FwBatchCounts c;
  g_autofree char *summary = NULL;
  guint skipped_total = fw_batch_get_n_skipped (batch);
  guint skipped;

  /* Those skipped since the last summary (the batch counts from its start,
   * or from its last Cancel). */
  if (skipped_total < self->skipped_told)
    self->skipped_told = 0;
  skipped = skipped_total - self->skipped_told;
  self->skipped_told = skipped_total;

  fw_batch_get_progress (batch, &p);
  fw_batch_get_counts (batch, &c);
  /* Every row, in the words of the rows, the footer and the title. */
  summary = fw_job_text_summary_full (&c, skipped, self->has_verify && any_clear_signed (batch));

  if (self->has_verify &&
      c.n_status[FW_JOB_STATUS_CHANGED] + c.n_status[FW_JOB_STATUS_MISSING] + c.n_status[FW_JOB_STATUS_FAILED] > 0)
    {
      /* Failures first. */
      GListModel *columns = gtk_column_view_get_columns (self->column_view);
      g_autoptr(GtkColumnViewColumn) state_column = g_list_model_get_item (columns, FW_COLUMN_STATE);

      gtk_column_view_sort_by_column (self->column_view, state_column, GTK_SORT_ASCENDING);
    }
  /* Nothing listed could be read (a malformed line's row aside). */
  if (self->has_verify && p.n_missing > 0 && c.n_status[FW_JOB_STATUS_OK] == 0 &&
      c.n_status[FW_JOB_STATUS_CHANGED] == 0 && self->checksum_files->len > 0)
    {
      /* Nothing listed could be read: in the Flatpak sandbox a dropped
       * checksum file arrives alone, its folder not granted. */
      fw_window_offer_verify_folder (self);
      self->has_verify = FALSE;
      fw_window_update_status (self);
      return;
    }
  /* A list verified over its folder: the audit bar offers to look for
   * new and moved files there (fw-window-audit.c). */
  if (self->has_verify)
    fw_window_audit_offer (self);
  self->has_verify = FALSE;
  g_ptr_array_set_size (self->checksum_files, 0);

  /* A run stopped by Clear List: its rows are gone, and so is the point of
   * a summary. Stopped with Stop: what was cancelled can run again from
   * the toast (win.run-again: the failed and cancelled rows). */
  if (g_list_model_get_n_items (fw_batch_get_jobs (batch)) > 0 && p.n_total > 0)
    {
      if (self->stop_asked && p.n_cancelled > 0 && fw_batch_can_run_again (batch))
        {
          /* TRANSLATORS: %s is the tally, e.g. "2 done · 3 cancelled" */
          g_autofree char *title = g_strdup_printf (_("Stopped: %s"), summary);

          fw_window_toast_with_button (self, title, _("_Run Again"), "win.run-again", NULL);
        }
      else
        fw_window_toast (self, summary);
    }
  self->stop_asked = FALSE;

  if (p.n_total > 0 && !gtk_window_is_active (GTK_WINDOW (self)) &&
      gtk_window_get_application (GTK_WINDOW (self)) != NULL)
    fw_application_notify (FW_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                           _("Fileworks: batch finished"), summary);
  fw_window_update_status (self);
  fw_window_update_inhibit (self);
}

/* Adding ------------------------------------------------------------------- */

/* Compare Files takes exactly two files: else a toast says what it needs,
 * and nothing is added (the rows already there stay). */
static gboolean
compare_files_ok (FwWindow  *self,
                  GFile    **files,
                  guint      n_files)
{
  if (n_files != 2)
    {
      g_autofree char *text =
        /* TRANSLATORS: a toast; %u is how many items were dropped or chosen */
        g_strdup_printf (ngettext ("Compare Files needs two files, not %u",
                                   "Compare Files needs two files, not %u", n_files),
                         n_files);

      fw_window_toast (self, text);
      return FALSE;
    }
  for (guint i = 0; i < n_files; i++)
    if (g_file_query_file_type (files[i], G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
      {
        g_autofree char *name = g_file_get_basename (files[i]);
        /* TRANSLATORS: a toast; %s is a folder's name */
        g_autofree char *text = g_strdup_printf (_("“%s” is a folder: Compare Files needs two files"), name);

        fw_window_toast (self, text);
        return FALSE;
      }
  return TRUE;
}

void
fw_window_add_files_as (FwWindow     *self,
                        GFile       **files,
                        guint         n_files,
                        FwBatchMode   mode)
{
  g_autoptr(GPtrArray) pair = NULL;

  g_return_if_fail (FW_IS_WINDOW (self));

  if (n_files == 0)
    return;
  if (!fw_window_compare_folders_infer (self, files, n_files, &mode))
    return;
  if (mode == FW_BATCH_MODE_COMPARE_FOLDERS &&
      (pair = fw_window_compare_folders_pair (self, files, n_files)) != NULL)
    {
      files = (GFile **) pair->pdata;
      n_files = pair->len;
    }
  if (mode == FW_BATCH_MODE_COMPARE && !compare_files_ok (self, files, n_files))
    return;
  fw_window_show_mode (self, mode);
  /* One scan over everything dropped, in its own view. */
  if (mode == FW_BATCH_MODE_DUPES)
    {
      fw_dupes_view_add (self->dupes_view, files, n_files);
      fw_window_update_status (self);
      return;
    }
  if (mode == FW_BATCH_MODE_VERIFY)
    {
      self->has_verify = TRUE;
      for (guint i = 0; i < n_files; i++)
        g_ptr_array_add (self->checksum_files, g_object_ref (files[i]));
    }
  fw_window_expect_before_add (self, mode);
  fw_batch_add_files (self->batch, files, n_files, mode);
  fw_window_expect_after_add (self);
  fw_window_update_status (self);
}

/**
 * fw_window_add_files:
 *
 * Adds items as the job chosen says. Checksum files among them are
 * verified, and a toast says so.
 */
void
fw_window_add_files (FwWindow  *self,
                     GFile    **files,
                     guint      n_files)
{
  g_autoptr(GPtrArray) plain = g_ptr_array_new ();
  g_autoptr(GPtrArray) sums = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (FW_IS_WINDOW (self));

  /* Closed while a chooser was open: nobody would see the work. */
  if (self->disposed)
    return;

  /* Two files to compare are compared, checksum files or not; so are
   * duplicates looked for among them. */
  if (fw_window_get_mode (self) == FW_BATCH_MODE_COMPARE ||
      fw_window_get_mode (self) == FW_BATCH_MODE_COMPARE_FOLDERS ||
      fw_window_get_mode (self) == FW_BATCH_MODE_DUPES)
    {
      fw_window_add_files_as (self, files, n_files, fw_window_get_mode (self));
      return;
    }

  for (guint i = 0; i < n_files; i++)
    {
      if (fw_batch_is_checksum_file (files[i]))
        g_ptr_array_add (sums, g_object_ref (files[i]));
      else
        g_ptr_array_add (plain, files[i]);
    }
  fw_window_add_files_as (self, (GFile **) plain->pdata, plain->len, fw_window_get_mode (self));
  if (sums->len == 0)
    return;

  /* The job is inferred, and said: a checksum file is checked against
   * the files it lists, whatever the job chosen. */
  fw_window_add_files_as (self, (GFile **) sums->pdata, sums->len, FW_BATCH_MODE_VERIFY);
  if (sums->len == 1)
    {
      g_autofree char *name = g_file_get_basename (g_ptr_array_index (sums, 0));
      /* TRANSLATORS: a toast; %s is a file name such as SHA256SUMS */
      g_autofree char *text = g_strdup_printf (_("“%s” is a checksum file: checking the files it lists"), name);

      fw_window_toast (self, text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u checksum file: checking the files it lists",
                                                         "%u checksum files: checking the files they list",
                                                         sums->len),
                                               sums->len);

      fw_window_toast (self, text);
    }
}

/* Settings ----------------------------------------------------------------- */

static void
settings_changed_cb (GSettings  *settings,
                     const char *key,
                     FwWindow   *self)
{
  if (key == NULL || g_str_equal (key, "n-workers"))
    fw_batch_set_n_workers (self->batch, g_settings_get_uint (settings, "n-workers"));
  if (key == NULL || g_str_equal (key, "queue-capacity"))
    fw_batch_set_queue_capacity (self->batch, g_settings_get_uint (settings, "queue-capacity"));
  if (key == NULL || g_str_equal (key, "buffer-size"))
    fw_batch_set_buffer_size (self->batch, g_settings_get_uint (settings, "buffer-size"));
  if (key == NULL || g_str_equal (key, "auto-start"))
    fw_batch_set_auto_start (self->batch, g_settings_get_boolean (settings, "auto-start"));
  if (key == NULL || g_str_equal (key, "one-file-system"))
    fw_batch_set_one_file_system (self->batch, g_settings_get_boolean (settings, "one-file-system"));
  if (key == NULL || g_str_equal (key, "algorithms"))
    {
      g_auto(GStrv) names = g_settings_get_strv (settings, "algorithms");

      fw_batch_set_algorithms (self->batch, algorithms_from_strv ((const char * const *) names));
      fw_window_sync_algorithm_actions (self);
    }
  if (key == NULL || g_str_equal (key, "exclude-patterns") || g_str_equal (key, "mode"))
    fw_window_compare_folders_settings (self);
  fw_window_update_mode_button (self);
  if (key != NULL)
    fw_window_update_status (self);
}

/* Closing ------------------------------------------------------------------ */

static void
forget_close_alert (FwWindow *self)
{
  if (self->close_alert != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->close_alert), (gpointer *) &self->close_alert);
  self->close_alert = NULL;
}

/* The one answer (fw_alert_choose()). */
static void
close_response_cb (FwAlert    *dialog,
                   const char *response,
                   gpointer    user_data)
{
  FwWindow *self = user_data;

  forget_close_alert (self);
  if (g_strcmp0 (response, "stop") != 0)
    return;
  self->close_confirmed = TRUE;
  fw_batch_cancel (self->batch);
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
fw_window_close_request (GtkWindow *window)
{
  FwWindow *self = FW_WINDOW (window);
  FwAlert *dialog;
  int width, height;

  if (fw_batch_get_running (self->batch) && !fw_batch_get_stopping (self->batch) && !self->close_confirmed)
    {
      /* Asked already (Ctrl+Q pressed twice): one question at a time. */
      if (self->close_alert != NULL)
        return TRUE;
      dialog = fw_alert_new (window, _("Stop Running Jobs?"),
                             _("Jobs are still running. Closing the window cancels them; finished results are lost unless exported."));
      fw_alert_add_responses (dialog, "cancel", _("_Keep Running"), "stop", _("_Stop and Close"), NULL);
      fw_alert_set_response_appearance (dialog, "stop", ADW_RESPONSE_DESTRUCTIVE);
      fw_alert_set_default_response (dialog, "cancel");
      fw_alert_set_close_response (dialog, "cancel");
      self->close_alert = dialog;
      g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->close_alert);
      fw_alert_choose (dialog, GTK_WINDOW (self), self, close_response_cb, self, NULL);
      return TRUE;
    }

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  if (fw_batch_get_running (self->batch))
    fw_batch_cancel (self->batch);

  return GTK_WINDOW_CLASS (fw_window_parent_class)->close_request (window);
}

static void
column_sorter_changed_cb (GtkSorter       *sorter,
                          GtkSorterChange  change,
                          FwWindow        *self)
{
  gboolean sorted = gtk_sorter_get_order (sorter) != GTK_SORTER_ORDER_NONE;

  if (sorted && gtk_sort_list_model_get_sorter (self->sort_model) != sorter)
    gtk_sort_list_model_set_sorter (self->sort_model, sorter);
  else if (!sorted)
    gtk_sort_list_model_set_sorter (self->sort_model, NULL);
}

/* GObject ------------------------------------------------------------------ */

static void
fw_window_dispose (GObject *object)
{
  FwWindow *self = FW_WINDOW (object);

  self->disposed = TRUE;
  g_clear_object (&self->shown_toast);
  g_clear_object (&self->compare_first);
  if (self->batch != NULL)
    g_signal_handlers_disconnect_by_data (self->batch, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->paced != NULL)
    g_signal_handlers_disconnect_by_data (self->paced, self);
  forget_close_alert (self);
  g_clear_weak_pointer (&self->menu_focus);
  fw_window_release_inhibit (self);
  g_clear_pointer (&self->row_popover, gtk_widget_unparent);
  fw_window_expect_dispose (self);
  fw_window_audit_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FW_TYPE_WINDOW);

  G_OBJECT_CLASS (fw_window_parent_class)->dispose (object);
}

static void
fw_window_finalize (GObject *object)
{
  FwWindow *self = FW_WINDOW (object);

  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->paced);
  g_clear_object (&self->selection);
  g_clear_object (&self->batch);
  g_clear_object (&self->settings);
  g_clear_object (&self->mode_actions);
  g_clear_pointer (&self->checksum_files, g_ptr_array_unref);
  g_clear_pointer (&self->last_toast, g_free);
  g_clear_pointer (&self->undo_jobs, g_ptr_array_unref);
  g_clear_pointer (&self->undo_positions, g_array_unref);

  G_OBJECT_CLASS (fw_window_parent_class)->finalize (object);
}

static void
fw_window_class_init (FwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = fw_window_dispose;
  object_class->finalize = fw_window_finalize;
  window_class->close_request = fw_window_close_request;

  g_type_ensure (FW_TYPE_FOOTER);
  fw_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fileworks/Fileworks/fw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FwWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, FwWindow, mode_button);
  gtk_widget_class_bind_template_child (widget_class, FwWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FwWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FwWindow, job_list);
  gtk_widget_class_bind_template_child (widget_class, FwWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, FwWindow, footer_revealer);
  gtk_widget_class_bind_template_child (widget_class, FwWindow, footer);
  gtk_widget_class_bind_template_child (widget_class, FwWindow, row_menu);

  fw_window_class_actions_init (widget_class);
  fw_window_class_details_init (widget_class);
  fw_window_class_expect_init (widget_class);
  fw_window_class_audit_init (widget_class);
  fw_window_class_dupes_init (widget_class);
}

/* The columns and the details pane follow the width (fw-window-details.c). */
static void
fw_window_width_cb (FwWindow   *self,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  fw_window_update_layout (self);
}

const char *
fw_window_get_last_toast (FwWindow *self)
{
  g_return_val_if_fail (FW_IS_WINDOW (self), NULL);
  return self->last_toast;
}

const char *
fw_window_get_status_text (FwWindow *self)
{
  g_return_val_if_fail (FW_IS_WINDOW (self), NULL);
  return fw_footer_get_text (self->footer);
}

gboolean
fw_window_get_narrow (FwWindow *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  g_autoptr(GtkColumnViewColumn) kind = g_list_model_get_item (columns, FW_COLUMN_KIND);

  g_return_val_if_fail (FW_IS_WINDOW (self), FALSE);
  return !gtk_column_view_column_get_visible (kind);
}

static void
fw_window_init (FwWindow *self)
{
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->batch = fw_batch_new ();
  self->checksum_files = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  fw_job_columns_add (self->column_view, fw_window_row_menu_cb, self);
  g_signal_connect (self, "notify::default-width", G_CALLBACK (fw_window_width_cb), NULL);
  fw_window_width_cb (self, NULL, NULL);
  /* The batch's rows at the view's pace (FwPacedListModel). The sort
   * model sorts only while a column is sorted: unsorted, it passes the
   * paced splices through as they are. */
  sorter = gtk_column_view_get_sorter (self->column_view);
  self->paced = fw_paced_list_model_new (fw_batch_get_jobs (self->batch));
  g_signal_connect (self->paced, "items-changed", G_CALLBACK (paced_items_changed_cb), self);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->paced)), NULL);
  g_signal_connect (sorter, "changed", G_CALLBACK (column_sorter_changed_cb), self);
  /* The audit's and Compare Folders' filters (fw-window-row-filter.c):
   * none until one is chosen, so the rows pass through as they are. */
  fw_window_audit_init (self);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sort_model)), NULL);
  fw_window_compare_folders_init (self);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  self->row_popover = gtk_popover_menu_new_from_model (self->row_menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->row_popover), FALSE);
  gtk_widget_set_halign (self->row_popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->row_popover, GTK_WIDGET (self->column_view));
  g_signal_connect (self->row_popover, "closed", G_CALLBACK (fw_window_row_menu_closed_cb), self);
  fw_window_row_menu_keys_init (self->row_popover);

  fw_window_dnd_init (self);
  fw_window_details_init (self);

  fw_window_setup_mode_menu (self);
  fw_window_expect_init (self);
  fw_window_dupes_init (self);

  g_signal_connect (self->settings, "changed", G_CALLBACK (settings_changed_cb), self);
  settings_changed_cb (self->settings, NULL, self);

  g_signal_connect (self->batch, "progress", G_CALLBACK (batch_progress_cb), self);
  g_signal_connect (self->batch, "finished", G_CALLBACK (batch_finished_cb), self);
  g_signal_connect (self->batch, "notify::running", G_CALLBACK (batch_state_cb), self);
  g_signal_connect (self->batch, "notify::stopping", G_CALLBACK (batch_state_cb), self);
  g_signal_connect (self->batch, "notify::scanning", G_CALLBACK (batch_state_cb), self);
  g_signal_connect_swapped (self, "notify::application", G_CALLBACK (fw_window_update_inhibit), self);
  g_signal_connect (self->batch, "notify::paused", G_CALLBACK (batch_state_cb), self);

  fw_window_update_status (self);
  fw_window_forget_undo (self);
}

FwWindow *
fw_window_new (FwApplication *application)
{
  return g_object_new (FW_TYPE_WINDOW, "application", application, NULL);
}

FwBatch *
fw_window_get_batch (FwWindow *self)
{
  g_return_val_if_fail (FW_IS_WINDOW (self), NULL);
  return self->batch;
}

GtkColumnView *
fw_window_get_column_view (FwWindow *self)
{
  g_return_val_if_fail (FW_IS_WINDOW (self), NULL);
  return self->column_view;
}
