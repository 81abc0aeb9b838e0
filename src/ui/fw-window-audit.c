/* fw-window-audit.c — a verified list against its folder, in the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When a verify batch ends (not stopped), the audit bar above the list
 * offers "Look for New Files": an audit of the folder the lists' names
 * resolve against (fw-audit.c). It is asked for, not done on every
 * verification: a list beside one download would make every other file
 * of ~/Downloads, recursively, a "New" row (`check --unlisted` is asked
 * for too). It runs on a thread of its own, with a pool of its own for
 * the new files' digests (a move is a new file with a missing entry's
 * digest); the bar shows a spinner and its own Stop (win.audit-stop),
 * and the window's Stop (win.cancel), Clear List and closing cancel it.
 *
 * Then the rows carry the verdicts: each file found that no entry names
 * gets a row of its own, "New", or "Moved" with "Moved from OLD" (the
 * listed row that said "Missing" goes: a move is one row, counted once),
 * named by its path relative to the folder. The statuses are counted as
 * the others (footer, title, a summary toast again), sorted first with
 * the failures, and the bar says the counts in words, filters the rows
 * by verdict, and, for a single list with files to add, offers "Add New
 * Files to LIST": after a confirmation, the files are hashed with the
 * list's algorithm and appended in its format by FwChecksumUpdate (what
 * `fileworks-cli hash --update LIST` does), on a worker thread; a
 * failure (a read-only folder, a portal path) is said in a toast, and
 * the old list stays whole. Main thread, but the two workers.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fw-audit.h"
#include "fw-checksum-update.h"
#include "fw-exclude.h"
#include "fw-job-columns.h"
#include "fw-job-text.h"
#include "fw-verify.h"
#include "fw-window-private.h"

/* What the audit thread is given and gives back. */
typedef struct {
  char      *base_dir;
  GPtrArray *lists;     /* char *: paths never new */
  GPtrArray *entries;   /* FwChecksumEntry copies */
  GPtrArray *results;   /* FwVerifyResult or NULL, one per entry */
  GPtrArray *jobs;      /* FwJob, one per entry (main thread only) */
  FwAudit   *audit;     /* the outcome */
  FwExclude *exclude;   /* Preferences' patterns, below base_dir, or NULL */
} AuditData;

static void
audit_data_free (gpointer data)
{
  AuditData *d = data;

  g_free (d->base_dir);
  g_ptr_array_unref (d->lists);
  g_ptr_array_unref (d->entries);
  g_ptr_array_unref (d->results);
  g_ptr_array_unref (d->jobs);
  g_clear_pointer (&d->audit, fw_audit_free);
  g_clear_pointer (&d->exclude, fw_exclude_free);
  g_free (d);
}

static FwChecksumEntry *
entry_copy (const FwChecksumEntry *entry)
{
  FwChecksumEntry *copy = g_new (FwChecksumEntry, 1);

  *copy = *entry;
  copy->hex = g_strdup (entry->hex);
  copy->name = g_strdup (entry->name);
  return copy;
}

/* What the verification said, in the audit's terms; %NULL: not
 * verified (cancelled, queued). */
static FwVerifyResult *
result_for_job (FwJob *job)
{
  FwVerifyResult *result;

  switch (fw_job_get_status (job))
    {
    case FW_JOB_STATUS_OK:
    case FW_JOB_STATUS_CHANGED:
    case FW_JOB_STATUS_MISSING:
    case FW_JOB_STATUS_FAILED:
      break;
    default:
      return NULL;
    }
  result = g_new0 (FwVerifyResult, 1);
  switch (fw_job_get_status (job))
    {
    case FW_JOB_STATUS_OK:
      result->status = FW_VERIFY_OK;
      break;
    case FW_JOB_STATUS_CHANGED:
      result->status = FW_VERIFY_FAILED;
      break;
    case FW_JOB_STATUS_MISSING:
      result->status = FW_VERIFY_MISSING;
      result->error_code = ENOENT;
      break;
    default:
      result->status = FW_VERIFY_ERROR;
      result->error_code = EIO;
      break;
    }
  return result;
}

static void
audit_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  AuditData *d = task_data;
  g_autoptr(FwAudit) audit = fw_audit_new (d->base_dir);
  g_autoptr(FwPool) pool = fw_pool_new (g_get_num_processors ());
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < d->lists->len; i++)
    fw_audit_skip_path (audit, g_ptr_array_index (d->lists, i));
  fw_audit_set_exclude (audit, d->exclude);
  for (guint i = 0; i < d->entries->len; i++)
    fw_audit_add_entry (audit, g_ptr_array_index (d->entries, i), g_ptr_array_index (d->results, i));
  if (!fw_audit_run (audit, pool, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  d->audit = g_steal_pointer (&audit);
  g_task_return_boolean (task, TRUE);
}

/* The bar ------------------------------------------------------------------- */

static gboolean
is_problem (FwJob *job)
{
  FwJobStatus status = fw_job_get_status (job);

  return status == FW_JOB_STATUS_CHANGED || status == FW_JOB_STATUS_MISSING ||
         status == FW_JOB_STATUS_FAILED || status == FW_JOB_STATUS_MOVED ||
         status == FW_JOB_STATUS_NEW;
}

static gboolean is_changed (FwJob *job) { return fw_job_get_status (job) == FW_JOB_STATUS_CHANGED; }
static gboolean is_missing (FwJob *job) { return fw_job_get_status (job) == FW_JOB_STATUS_MISSING; }
static gboolean is_new (FwJob *job) { return fw_job_get_status (job) == FW_JOB_STATUS_NEW; }
static gboolean is_moved (FwJob *job) { return fw_job_get_status (job) == FW_JOB_STATUS_MOVED; }

/* The filter's choices (fw-window-row-filter.c), in the drop-down's order. */
static const FwRowFilterChoice filter_choices[] = {
  /* TRANSLATORS: the audit's filter: which rows to show */
  { N_("All"), NULL },
  { N_("Problems"), is_problem },
  { N_("Changed"), is_changed },
  { N_("Missing"), is_missing },
  { N_("New"), is_new },
  { N_("Moved"), is_moved },
  { NULL, NULL },
};

/* "3 changed, 1 missing, 2 new, 1 moved": each count in the bar. */
static char *
audit_counts_text (FwWindow *self)
{
  FwBatchCounts c;
  GString *s = g_string_new (NULL);
  static const FwJobStatus shown[] = {
    FW_JOB_STATUS_OK, FW_JOB_STATUS_CHANGED, FW_JOB_STATUS_MISSING,
    FW_JOB_STATUS_NEW, FW_JOB_STATUS_MOVED, FW_JOB_STATUS_FAILED,
  };

  fw_batch_get_counts (self->batch, &c);
  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      guint n = c.n_status[shown[i]];
      char *part;

      if (n == 0)
        continue;
      switch (shown[i])
        {
        /* TRANSLATORS: an audit's counts, joined by ", " */
        case FW_JOB_STATUS_OK: part = g_strdup_printf (ngettext ("%u OK", "%u OK", n), n); break;
        case FW_JOB_STATUS_CHANGED: part = g_strdup_printf (ngettext ("%u changed", "%u changed", n), n); break;
        case FW_JOB_STATUS_MISSING: part = g_strdup_printf (ngettext ("%u missing", "%u missing", n), n); break;
        case FW_JOB_STATUS_NEW: part = g_strdup_printf (ngettext ("%u new", "%u new", n), n); break;
        case FW_JOB_STATUS_MOVED: part = g_strdup_printf (ngettext ("%u moved", "%u moved", n), n); break;
        default: part = g_strdup_printf (ngettext ("%u unreadable", "%u unreadable", n), n); break;
        }
      if (s->len > 0)
        /* TRANSLATORS: between an audit's counts */
        g_string_append (s, _(", "));
      g_string_append (s, part);
      g_free (part);
    }
  return g_string_free (s, FALSE);
}

/* A button's label may shrink: the bar fits the window's 360 px. */
static void
ellipsize_button (GtkButton *button)
{
  GtkWidget *child = gtk_button_get_child (button);

  if (GTK_IS_LABEL (child))
    gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_END);
}

/* The bar's words and buttons, as the audit and the rows are now. */
static void
audit_bar_update (FwWindow *self)
{
  gboolean running = self->audit_cancellable != NULL;
  gboolean audited = self->audit_found != NULL || self->audit_base != NULL;
  g_autofree char *counts = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->audit_start_button), !running && !audited);
  gtk_widget_set_visible (self->audit_spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->audit_stop_button), running);
  gtk_spinner_set_spinning (GTK_SPINNER (self->audit_spinner), running);
  fw_window_row_filter_set_visible (self->audit_filter, audited);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.audit-start", !running && !audited &&
                                 self->audit_lists != NULL);
  if (running || !audited)
    {
      gtk_label_set_text (self->audit_label,
                          running ? _("Looking for new and moved files…")
                                  : _("Files the list does not name are not shown"));
      gtk_widget_set_visible (GTK_WIDGET (self->audit_add_button), FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.audit-add-new", FALSE);
      return;
    }
  counts = audit_counts_text (self);
  gboolean can_add = self->audit_list != NULL && self->audit_found != NULL &&
                     self->audit_found->len > 0 && self->audit_adding == NULL;

  gtk_label_set_text (self->audit_label, counts);
  gtk_widget_set_visible (GTK_WIDGET (self->audit_add_button), self->audit_list != NULL &&
                          self->audit_found != NULL && self->audit_found->len > 0);
  if (self->audit_list != NULL)
    {
      g_autofree char *base = g_path_get_basename (self->audit_list);
      /* TRANSLATORS: a button; %s is a checksum file's name, such as SHA256SUMS */
      g_autofree char *label = g_strdup_printf (_("Add New Files to %s"), base);

      gtk_button_set_label (self->audit_add_button, label);
      ellipsize_button (self->audit_add_button);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.audit-add-new", can_add);
}

/* Builds the bar (hidden) and puts it below the expected digest's bar;
 * the view's rows pass through its filter. */
void
fw_window_audit_init (FwWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->audit_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->audit_label, 0);
  gtk_label_set_ellipsize (self->audit_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->audit_label), TRUE);
  self->audit_add_button = GTK_BUTTON (gtk_button_new ());
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->audit_add_button), "win.audit-add-new");
  self->audit_start_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Look for New Files")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->audit_start_button),
                               _("Find the files in the folder that the list does not name, "
                                 "and those that moved"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->audit_start_button), "win.audit-start");
  ellipsize_button (self->audit_start_button);
  self->audit_spinner = gtk_spinner_new ();
  self->audit_stop_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Stop")));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->audit_stop_button), "win.audit-stop");

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), self->audit_spinner);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->audit_label));
  self->audit_filter = fw_window_row_filter_new (self, filter_choices, GTK_BOX (box));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->audit_add_button));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->audit_start_button));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->audit_stop_button));

  self->audit_bar = GTK_REVEALER (gtk_revealer_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->audit_bar), "fw-audit-bar");
  gtk_revealer_set_child (self->audit_bar, box);
  gtk_revealer_set_reveal_child (self->audit_bar, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->audit_bar), FALSE);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->expect_bar))),
                              GTK_WIDGET (self->audit_bar), GTK_WIDGET (self->expect_bar));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.audit-add-new", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.audit-start", FALSE);
}

/* Forgets the last audit: its bar goes, every row is shown. */
static void
audit_forget (FwWindow *self)
{
  g_clear_pointer (&self->audit_lists, g_ptr_array_unref);
  g_clear_pointer (&self->audit_list, g_free);
  g_clear_pointer (&self->audit_base, g_free);
  g_clear_pointer (&self->audit_found, g_ptr_array_unref);
  if (self->audit_bar != NULL)
    {
      gtk_revealer_set_reveal_child (self->audit_bar, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->audit_bar), FALSE);
      gtk_drop_down_set_selected (self->audit_filter, 0);   /* All */
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.audit-add-new", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.audit-start", FALSE);
    }
}

void
fw_window_audit_dispose (FwWindow *self)
{
  fw_window_audit_cancel (self);
  g_clear_object (&self->audit_adding);
  audit_forget (self);
}

void
fw_window_audit_cancel (FwWindow *self)
{
  if (self->audit_cancellable != NULL)
    g_cancellable_cancel (self->audit_cancellable);
}

/* Cleared list: the audit's rows went with it. */
void
fw_window_audit_update (FwWindow *self)
{
  if (self->audit_bar == NULL)
    return;
  if (g_list_model_get_n_items (fw_batch_get_jobs (self->batch)) == 0 &&
      self->audit_cancellable == NULL)
    audit_forget (self);
  else if (gtk_revealer_get_reveal_child (self->audit_bar))
    audit_bar_update (self);
}

/* The audit ----------------------------------------------------------------- */

static void
audit_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  FwWindow *self = FW_WINDOW (source);
  AuditData *d = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) moved = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *listed, *unlisted;

  g_clear_object (&self->audit_cancellable);
  if (self->disposed)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* TRANSLATORS: a toast; %s says why (a folder cannot be read) */
          g_autofree char *text = g_strdup_printf (_("Could not look for new files: %s"), error->message);

          fw_window_toast (self, text);
        }
      /* It may be asked again. */
      audit_bar_update (self);
      fw_window_update_status (self);
      return;
    }

  /* A move is one row, the file found ("Moved from OLD"): the listed
   * row that said "Missing" goes (so a move is counted once). */
  listed = fw_audit_get_listed (d->audit);
  for (guint i = 0; i < listed->len; i++)
    {
      const FwAuditItem *item = g_ptr_array_index (listed, i);
      FwJob *job = g_ptr_array_index (d->jobs, item->entry_index);

      if (item->verdict != FW_AUDIT_MOVED)
        continue;
      fw_job_set_audit (job, FW_AUDIT_MOVED, item->other);
      g_ptr_array_add (moved, g_object_ref (job));
    }
  if (moved->len > 0)
    fw_batch_remove (self->batch, moved);
  unlisted = fw_audit_get_unlisted (d->audit);
  self->audit_found = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < unlisted->len; i++)
    {
      FwJob *job = fw_job_new_audit_found (d->base_dir, g_ptr_array_index (unlisted, i));

      g_ptr_array_add (self->audit_found, g_object_ref (job));
      g_ptr_array_add (rows, job);
    }
  if (rows->len > 0)
    fw_batch_add_jobs (self->batch, rows);
  self->audit_base = g_strdup (d->base_dir);
  /* One list: its new files can go in it. */
  if (d->lists->len == 1)
    self->audit_list = g_strdup (g_ptr_array_index (d->lists, 0));

  /* Failures first (new and moved among them). */
  if (fw_audit_count (d->audit, FW_AUDIT_CHANGED) + fw_audit_count (d->audit, FW_AUDIT_MISSING) +
      fw_audit_count (d->audit, FW_AUDIT_UNREADABLE) + fw_audit_count (d->audit, FW_AUDIT_MOVED) +
      fw_audit_count (d->audit, FW_AUDIT_NEW) > 0)
    {
      GListModel *columns = gtk_column_view_get_columns (self->column_view);
      g_autoptr(GtkColumnViewColumn) state_column = g_list_model_get_item (columns, FW_COLUMN_STATE);

      gtk_column_view_sort_by_column (self->column_view, state_column, GTK_SORT_ASCENDING);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->audit_bar), TRUE);
  gtk_revealer_set_reveal_child (self->audit_bar, TRUE);
  audit_bar_update (self);
  fw_window_update_status (self);
  /* The summary again, with the files found. */
  if (unlisted->len > 0)
    {
      FwBatchCounts c;
      g_autofree char *summary = NULL;

      fw_batch_get_counts (self->batch, &c);
      summary = fw_job_text_summary_full (&c, 0, FALSE);
      fw_window_toast (self, summary);
    }
}

void
fw_window_audit_offer (FwWindow *self)
{
  audit_forget (self);
  if (self->stop_asked || self->checksum_files->len == 0)
    return;
  self->audit_lists = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->checksum_files->len; i++)
    {
      char *path = g_file_get_path (g_ptr_array_index (self->checksum_files, i));

      if (path != NULL)
        g_ptr_array_add (self->audit_lists, path);
    }
  if (self->audit_lists->len == 0)
    {
      g_clear_pointer (&self->audit_lists, g_ptr_array_unref);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->audit_bar), TRUE);
  gtk_revealer_set_reveal_child (self->audit_bar, TRUE);
  audit_bar_update (self);
}

gboolean
fw_window_audit_start (FwWindow *self)
{
  GListModel *model = fw_batch_get_jobs (self->batch);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GTask) task = NULL;
  AuditData *d;

  if (self->audit_lists == NULL || self->audit_cancellable != NULL || self->audit_base != NULL)
    return FALSE;

  d = g_new0 (AuditData, 1);
  d->lists = g_ptr_array_new_with_free_func (g_free);
  d->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) fw_checksum_entry_free);
  d->results = g_ptr_array_new_with_free_func ((GDestroyNotify) fw_verify_result_free);
  d->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->audit_lists->len; i++)
    g_ptr_array_add (d->lists, g_strdup (g_ptr_array_index (self->audit_lists, i)));
  /* The rows of the folder the first list's names resolve against. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (model, i);
      const FwChecksumEntry *entry = fw_job_get_entry (job);
      const char *base = fw_job_get_base_dir (job);

      if (fw_job_get_kind (job) != FW_JOB_VERIFY || entry == NULL || base == NULL ||
          fw_job_get_audit_found (job))
        continue;
      if (d->base_dir == NULL)
        d->base_dir = g_strdup (base);
      else if (strcmp (d->base_dir, base) != 0)
        continue;
      g_ptr_array_add (d->entries, entry_copy (entry));
      g_ptr_array_add (d->results, result_for_job (job));
      g_ptr_array_add (d->jobs, g_steal_pointer (&job));
    }
  if (d->base_dir == NULL)
    {
      audit_data_free (d);
      fw_window_toast (self, _("No listed file to look around"));
      return FALSE;
    }

  /* What Preferences leave out of folders is not new either. */
  {
    g_auto(GStrv) patterns = g_settings_get_strv (self->settings, "exclude-patterns");

    d->exclude = fw_exclude_new_from_patterns ((const char * const *) patterns);
  }

  self->audit_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->audit_cancellable, audit_done_cb, NULL);
  g_task_set_source_tag (task, fw_window_audit_start);
  g_task_set_task_data (task, d, audit_data_free);
  g_task_run_in_thread (task, audit_thread);
  audit_bar_update (self);
  fw_window_update_status (self);
  return TRUE;
}

gboolean
fw_window_audit_get_running (FwWindow *self)
{
  return self->audit_cancellable != NULL;
}

/* Add New Files to LIST ----------------------------------------------------- */

typedef struct {
  char      *list;
  char      *base_dir;
  GPtrArray *names;     /* char *: relative to base_dir, byte order */
  gsize      buffer_size;
  guint      n_added;
  guint      n_failed;
} AddData;

static void
add_data_free (gpointer data)
{
  AddData *d = data;

  g_free (d->list);
  g_free (d->base_dir);
  g_ptr_array_unref (d->names);
  g_free (d);
}

/* Hashes each file with the list's algorithm and length (as hash
 * --update does: read now, not the audit's digest), appends, rewrites. */
static void
add_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  AddData *d = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FwChecksumUpdate) update = fw_checksum_update_open (d->list, &error);

  if (update == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < d->names->len; i++)
    {
      const char *name = g_ptr_array_index (d->names, i);
      g_autofree char *path = g_build_filename (d->base_dir, name, NULL);
      FwChecksumEntry entry = { 0 };
      g_autoptr(FwVerifyResult) result = NULL;
      g_autofree char *hex = NULL;

      entry.algorithm = fw_checksum_update_get_algorithm (update);
      entry.digest_bits = fw_checksum_update_get_digest_bits (update);
      entry.hex = hex = g_strnfill (entry.digest_bits / 4, '0');
      entry.name = path;
      result = fw_verify_entry (&entry, NULL, d->buffer_size, cancellable, NULL, &error);
      if (error != NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (result == NULL || result->actual_hex == NULL ||
          !fw_checksum_update_add (update, result->actual_hex, name))
        d->n_failed++;
    }
  d->n_added = fw_checksum_update_get_n_added (update);
  if (d->n_added > 0 && !fw_checksum_update_write (update, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
add_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  FwWindow *self = FW_WINDOW (source);
  AddData *d = g_task_get_task_data (G_TASK (result));
  g_autofree char *base = g_path_get_basename (d->list);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_clear_object (&self->audit_adding);
  if (self->disposed)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    /* TRANSLATORS: a toast; %s is a checksum file's name, then why (its
     * folder is read-only …); the file is as it was */
    text = g_strdup_printf (_("Could not update “%s”: %s. It was not changed"), base, error->message);
  else if (d->n_failed > 0)
    text = g_strdup_printf (ngettext ("Added %u file to “%s”; %u could not be read",
                                      "Added %u files to “%s”; %u could not be read", d->n_added),
                            d->n_added, base, d->n_failed);
  else
    {
      text = g_strdup_printf (ngettext ("Added %u file to “%s”", "Added %u files to “%s”", d->n_added),
                              d->n_added, base);
      /* Listed now: nothing more to add. */
      g_clear_pointer (&self->audit_found, g_ptr_array_unref);
    }
  fw_window_toast (self, text);
  audit_bar_update (self);
}

/* Starts adding the files found to the list, on a worker. */
void
fw_window_audit_add_new (FwWindow *self)
{
  g_autoptr(GTask) task = NULL;
  AddData *d;

  if (self->audit_list == NULL || self->audit_found == NULL || self->audit_adding != NULL)
    return;
  d = g_new0 (AddData, 1);
  d->list = g_strdup (self->audit_list);
  d->base_dir = g_strdup (self->audit_base);
  d->buffer_size = 0;
  d->names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->audit_found->len; i++)
    {
      FwJob *job = g_ptr_array_index (self->audit_found, i);

      g_ptr_array_add (d->names, g_strdup (fw_job_get_name (job)));
    }
  g_ptr_array_sort (d->names, (GCompareFunc) fw_window_audit_compare_names);
  self->audit_adding = g_cancellable_new ();
  task = g_task_new (self, self->audit_adding, add_done_cb, NULL);
  g_task_set_source_tag (task, fw_window_audit_add_new);
  g_task_set_task_data (task, d, add_data_free);
  g_task_run_in_thread (task, add_thread);
  audit_bar_update (self);
}

int
fw_window_audit_compare_names (gconstpointer a,
                               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The one answer (fw_alert_choose()): the list is read and rewritten
 * once. */
static void
add_response_cb (FwAlert    *alert,
                 const char *response,
                 gpointer    user_data)
{
  FwWindow *self = user_data;

  if (g_strcmp0 (response, "add") == 0 && !self->disposed)
    fw_window_audit_add_new (self);
}

/* win.audit-add-new: asks first, naming the list and the count. */
static void
add_new_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);
  g_autofree char *base = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  FwAlert *alert;
  guint n;

  if (self->audit_list == NULL || self->audit_found == NULL || self->audit_found->len == 0)
    return;
  n = self->audit_found->len;
  base = g_path_get_basename (self->audit_list);
  /* TRANSLATORS: a question's heading; %s is a checksum file's name */
  heading = g_strdup_printf (_("Add New Files to “%s”?"), base);
  body = g_strdup_printf (ngettext ("%u file the list does not name will be read and its digest "
                                    "added to the list, in the list’s own format.",
                                    "%u files the list does not name will be read and their digests "
                                    "added to the list, in the list’s own format.", n), n);
  alert = fw_alert_new (GTK_WINDOW (self), heading, body);
  fw_alert_add_response (alert, "cancel", _("_Cancel"));
  fw_alert_add_response (alert, "add", _("_Add"));
  fw_alert_set_response_appearance (alert, "add", ADW_RESPONSE_SUGGESTED);
  fw_alert_set_close_response (alert, "cancel");
  fw_alert_set_default_response (alert, "add");
  fw_alert_choose (alert, GTK_WINDOW (self), self, add_response_cb, self, NULL);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  fw_window_audit_cancel (FW_WINDOW (widget));
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  fw_window_audit_start (FW_WINDOW (widget));
}

void
fw_window_class_audit_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.audit-start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "win.audit-stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "win.audit-add-new", NULL, add_new_action);
}

/* Test hooks ---------------------------------------------------------------- */

GtkDropDown *
fw_window_get_audit_filter (FwWindow *self)
{
  g_return_val_if_fail (FW_IS_WINDOW (self), NULL);
  return self->audit_filter;
}

const char *
fw_window_get_audit_text (FwWindow *self)
{
  g_return_val_if_fail (FW_IS_WINDOW (self), NULL);
  return gtk_label_get_text (self->audit_label);
}

GtkButton *
fw_window_get_audit_add_button (FwWindow *self)
{
  g_return_val_if_fail (FW_IS_WINDOW (self), NULL);
  return self->audit_add_button;
}

GtkButton *
fw_window_get_audit_start_button (FwWindow *self)
{
  g_return_val_if_fail (FW_IS_WINDOW (self), NULL);
  return self->audit_start_button;
}

gboolean
fw_window_audit_get_adding (FwWindow *self)
{
  g_return_val_if_fail (FW_IS_WINDOW (self), FALSE);
  return self->audit_adding != NULL;
}
