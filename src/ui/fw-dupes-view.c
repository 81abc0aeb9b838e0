/* fw-dupes-view.c — Find Duplicates: the scan, its groups, choosing and
 * trashing copies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scan runs in a thread of its own (fw_dupes_scan_run_async()) over a
 * pool of the view's; the main thread only polls it from a tick. Groups
 * are FwDupesRow items in a GListStore kept in waste order
 * (a GSequence), sorted then merged in runs, under a
 * GtkTreeListModel that expands each to its file rows; a tick inserts
 * for at most INSERT_BUDGET_US, so 100,000 groups arrive over a few
 * seconds without a long frame. The tick takes the scan's notes too
 * (files left out), so the bar over the groups counts them live.
 * Selection is FwDupesChoice's
 * (fw-dupes-select.c): a check box per file, insensitive on the last
 * copy (fw-dupes-view-rows.c). Move to Trash asks first, then trashes
 * in a thread of its own (fw-dupes-view-trash.c).
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "fw-application.h"
#include "fw-dupes-view-private.h"
#include "fw-export.h"

#define TICK_MS          50
#define INSERT_BUDGET_US 8000
#define RUN_MAX          256
/* Lines in the notes' Details (the count says how many in all). */
#define NOTES_SHOWN_MAX  1000


G_DEFINE_FINAL_TYPE (FwDupesView, fw_dupes_view, GTK_TYPE_BOX)

enum {
  SIGNAL_CHANGED,
  SIGNAL_TOAST,
  SIGNAL_REFERENCE_WANTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];


/* Words -------------------------------------------------------------------- */

static const char *
stage_words (FwDupesStage stage)
{
  switch (stage)
    {
    case FW_DUPES_STAGE_WALK:
      return _("Looking for files");
    case FW_DUPES_STAGE_SIZE:
      return _("Sorting by size");
    case FW_DUPES_STAGE_EDGES:
      return _("Reading the first and last bytes");
    case FW_DUPES_STAGE_DIGEST:
      return _("Hashing the candidates");
    case FW_DUPES_STAGE_COMPARE:
      return _("Comparing byte by byte");
    case FW_DUPES_STAGE_NONE:
    case FW_DUPES_STAGE_DONE:
    default:
      return _("Finishing");
    }
}

const char *
fw_dupes_view_display_path (FwDupesView *self,
                            const char  *path)
{
  const char *best = NULL;
  size_t best_len = 0;

  /* Relative to the innermost folder added that holds it. */
  for (guint i = 0; i < self->folders->len; i++)
    {
      const char *folder = g_ptr_array_index (self->folders, i);
      size_t len = strlen (folder);

      if (len > best_len && fw_dupes_path_in_folder (path, folder))
        {
          best = folder;
          best_len = len;
        }
    }
  if (best == NULL)
    return path;
  path += best_len;
  while (*path == '/')
    path++;
  return path;
}

/* Notes arriving ------------------------------------------------------------ */

/* "NAME: why it was left out" */
static char *
note_line (const FwDupesNote *note)
{
  g_autofree char *name = g_filename_display_name (note->path);
  const char *why;

  switch (note->kind)
    {
    case FW_DUPES_NOTE_SPECIAL:
      why = _("not a regular file");
      break;
    case FW_DUPES_NOTE_CHANGED:
      why = _("changed while it was read");
      break;
    case FW_DUPES_NOTE_FOLDER:
      why = _("only the files directly inside");
      break;
    case FW_DUPES_NOTE_ERROR:
    default:
      why = note->error != NULL && g_error_matches (note->error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED)
            ? _("permission denied") : _("could not be read");
      break;
    }
  /* TRANSLATORS: a line of the notes: "NAME: why it was left out" */
  return g_strdup_printf (_("%s: %s"), name, why);
}

static void
reset_notes (FwDupesView *self)
{
  self->n_notes = 0;
  self->notes_shown = 0;
  g_string_truncate (self->notes_text, 0);
  gtk_revealer_set_reveal_child (self->notes_revealer, FALSE);
  gtk_label_set_text (self->notes_label, "");
  gtk_label_set_text (self->notes_details, "");
}

/* The notes published since the last tick, through the groups' path
 * (the scan's lock, taken here): the bar's count follows the scan's
 * (every note), the Details list takes only the first NOTES_SHOWN_MAX,
 * so 100,000 unreadable files cost the main loop one count a tick. */
static void
update_notes (FwDupesView *self)
{
  g_autoptr(GPtrArray) taken = NULL;
  FwDupesProgress p = { 0 };

  if (self->scan == NULL)
    return;
  if (self->notes_shown < NOTES_SHOWN_MAX)
    {
      taken = g_ptr_array_new_with_free_func ((GDestroyNotify) fw_dupes_note_free);
      fw_dupes_scan_take_notes (self->scan, taken, NOTES_SHOWN_MAX - self->notes_shown);
      for (guint i = 0; i < taken->len; i++)
        {
          g_autofree char *line = note_line (taken->pdata[i]);

          if (self->notes_text->len > 0)
            g_string_append_c (self->notes_text, '\n');
          g_string_append (self->notes_text, line);
        }
      self->notes_shown += taken->len;
      if (taken->len > 0)
        gtk_label_set_text (self->notes_details, self->notes_text->str);
    }
  fw_dupes_scan_get_progress (self->scan, &p);
  if (p.notes != self->n_notes)
    {
      g_autofree char *summary = NULL;
      guint n = (guint) MIN (p.notes, G_MAXUINT);

      self->n_notes = p.notes;
      /* TRANSLATORS: the banner over the duplicate groups */
      summary = g_strdup_printf (ngettext ("%u file was left out", "%u files were left out", n), n);
      gtk_label_set_text (self->notes_label, summary);
      gtk_revealer_set_reveal_child (self->notes_revealer, TRUE);
    }
}

/* Groups arriving ---------------------------------------------------------- */

static int
pending_compare (const void *a,
                 const void *b)
{
  return fw_dupes_group_compare_waste (*(FwDupesGroup * const *) a, *(FwDupesGroup * const *) b);
}

/* Where @group goes in the store: the first row that sorts after it. */
guint
fw_dupes_view_lower_bound (FwDupesView        *self,
                           const FwDupesGroup *group)
{
  guint lo = 0, hi = g_list_model_get_n_items (G_LIST_MODEL (self->groups));

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      g_autoptr(FwDupesRow) row = g_list_model_get_item (G_LIST_MODEL (self->groups), mid);

      if (fw_dupes_group_compare_waste (fw_dupes_row_get_choice (row)->group, group) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Inserts the next pending groups that go in one place (at most
 * RUN_MAX): one splice, one items-changed. Returns how many. */
static guint
insert_run (FwDupesView *self)
{
  FwDupesGroup *first = self->pending->pdata[self->pending_next];
  guint position = fw_dupes_view_lower_bound (self, first);
  g_autoptr(FwDupesRow) next = g_list_model_get_item (G_LIST_MODEL (self->groups), position);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  while (self->pending_next < self->pending->len && rows->len < RUN_MAX)
    {
      FwDupesGroup *group = self->pending->pdata[self->pending_next];

      if (next != NULL && fw_dupes_group_compare_waste (group, fw_dupes_row_get_choice (next)->group) > 0)
        break;
      g_ptr_array_add (rows, fw_dupes_row_new_group (fw_dupes_choice_new (group)));
      self->pending->pdata[self->pending_next++] = NULL;
    }
  g_list_store_splice (self->groups, position, 0, rows->pdata, rows->len);
  return rows->len;
}

/* Inserts pending groups for at most INSERT_BUDGET_US. They are sorted
 * first, then merged in runs: groups that go between the same two rows
 * arrive in one splice. As the scan publishes them (largest first) most
 * go at the end, a whole tick's in one run; the cost in the list is per
 * run, and large only for rows in view (their widgets are made). */
static void
insert_pending (FwDupesView *self)
{
  gint64 start = g_get_monotonic_time ();
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));
  gboolean at_top = vadj == NULL || gtk_adjustment_get_value (vadj) <= 0;
  gint64 spent;

  if (self->pending_next == self->pending->len)
    return;
  if (!self->pending_sorted)
    {
      qsort (self->pending->pdata + self->pending_next, self->pending->len - self->pending_next,
             sizeof (gpointer), pending_compare);
      self->pending_sorted = TRUE;
    }
  while (self->pending_next < self->pending->len)
    {
      insert_run (self);
      if (g_get_monotonic_time () - start > INSERT_BUDGET_US)
        break;
    }
  /* A group with more waste goes above the first one shown: the list
   * keeps showing that one, scrolled down. At the top, it stays there. */
  if (at_top && g_list_model_get_n_items (G_LIST_MODEL (self->groups)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
  spent = g_get_monotonic_time () - start;
  self->longest_insert = MAX (self->longest_insert, spent);
  if (self->pending_next == self->pending->len)
    {
      g_ptr_array_set_size (self->pending, 0);
      self->pending_next = 0;
    }
}

static gboolean
tick_cb (gpointer data)
{
  FwDupesView *self = data;
  gint64 start = g_get_monotonic_time ();
  gint64 took;
  guint before = self->pending_next;
  gboolean more = TRUE;

  if (self->scan != NULL && fw_dupes_scan_take_groups (self->scan, self->pending) > 0)
    self->pending_sorted = FALSE;
  insert_pending (self);
  update_notes (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  if (!self->scanning && self->pending_next == 0 && self->pending->len == 0)
    {
      self->tick_id = 0;
      fw_dupes_view_update_selection (self);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
      more = FALSE;
    }
  took = g_get_monotonic_time () - start;
  if (took > 20000)
    g_debug ("dupes tick: %.1f ms (%u groups inserted, %u shown)", took / 1e3,
             self->pending_next > before ? self->pending_next - before : 0,
             g_list_model_get_n_items (G_LIST_MODEL (self->groups)));
  return more;
}

static void
ensure_tick (FwDupesView *self)
{
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
}

void
fw_dupes_view_push_groups (FwDupesView *self,
                           GPtrArray   *groups)
{
  g_return_if_fail (FW_IS_DUPES_VIEW (self));
  for (guint i = 0; i < groups->len; i++)
    g_ptr_array_add (self->pending, g_steal_pointer (&groups->pdata[i]));
  g_ptr_array_set_size (groups, 0);
  self->pending_sorted = FALSE;
  ensure_tick (self);
}

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(FwDupesView) self = user_data;
  FwDupesScan *scan = FW_DUPES_SCAN (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(FwDupesResult) res = fw_dupes_scan_run_finish (scan, result, &error);
  guint n_groups;
  guint64 wasted = 0;
  g_autofree char *text = NULL;

  /* An older scan, replaced by a new drop or cleared. */
  if (scan != self->scan || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;
  self->scanning = FALSE;
  if (fw_dupes_scan_take_groups (scan, self->pending) > 0)
    self->pending_sorted = FALSE;
  /* The last notes (after Stop too: those met so far stay). */
  update_notes (self);
  n_groups = g_list_model_get_n_items (G_LIST_MODEL (self->groups)) + self->pending->len - self->pending_next;
  for (guint i = self->pending_next; i < self->pending->len; i++)
    wasted += ((FwDupesGroup *) self->pending->pdata[i])->wasted;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->groups)); i++)
    {
      g_autoptr(FwDupesRow) row = g_list_model_get_item (G_LIST_MODEL (self->groups), i);

      wasted += fw_dupes_row_get_choice (row)->group->wasted;
    }
  if (res == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        text = g_strdup (_("Could not look for duplicates"));
      else
        /* TRANSLATORS: a toast after Stop */
        text = g_strdup_printf (ngettext ("Stopped: %u group of duplicates found so far",
                                          "Stopped: %u groups of duplicates found so far", n_groups),
                                n_groups);
    }
  else if (n_groups == 0)
    text = g_strdup (_("No duplicates found"));
  else
    {
      g_autofree char *size = g_format_size (wasted);

      /* TRANSLATORS: a toast; %u groups, %s a size such as "3.4 GB" */
      text = g_strdup_printf (ngettext ("%u group of duplicates · %s can be freed",
                                        "%u groups of duplicates · %s can be freed", n_groups),
                              n_groups, size);
    }
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, text);
  ensure_tick (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
stop_scan (FwDupesView *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->pool != NULL && self->paused)
    fw_pool_resume (self->pool);
  self->paused = FALSE;
  g_clear_object (&self->cancellable);
  g_clear_object (&self->scan);
  g_clear_object (&self->pool);
  self->scanning = FALSE;
}

static void
start_scan (FwDupesView *self)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  FwDupesFlags flags = FW_DUPES_RECURSIVE;
  g_autofree char *algorithm = g_settings_get_string (self->settings, "dupes-algorithm");
  FwAlgorithm a = fw_algorithm_from_name (algorithm);

  stop_scan (self);
  g_list_store_remove_all (self->groups);
  g_ptr_array_set_size (self->pending, 0);
  self->pending_next = 0;
  reset_notes (self);
  for (guint i = 0; i < self->operands->len; i++)
    g_ptr_array_add (paths, self->operands->pdata[i]);
  g_ptr_array_add (paths, NULL);
  if (g_settings_get_boolean (self->settings, "dupes-skip-empty"))
    flags |= FW_DUPES_SKIP_EMPTY;
  if (g_settings_get_boolean (self->settings, "dupes-compare-bytes"))
    flags |= FW_DUPES_COMPARE_BYTES;
  self->scan = fw_dupes_scan_new ((const char * const *) paths->pdata, flags);
  fw_dupes_scan_set_algorithm (self->scan, a != FW_ALGORITHM_INVALID ? a : FW_ALGORITHM_XXH128);
  if (self->scan_hook != NULL)
    self->scan_hook (self, self->scan, self->scan_hook_data);
  self->pool = fw_pool_new (g_settings_get_uint (self->settings, "n-workers"));
  self->cancellable = g_cancellable_new ();
  self->scanning = TRUE;
  fw_dupes_scan_run_async (self->scan, self->pool, self->cancellable, run_cb, g_object_ref (self));
  ensure_tick (self);
  fw_dupes_view_update_selection (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
fw_dupes_view_set_scan_hook (FwDupesView         *self,
                             FwDupesViewScanHook  hook,
                             gpointer             user_data)
{
  g_return_if_fail (FW_IS_DUPES_VIEW (self));
  self->scan_hook = hook;
  self->scan_hook_data = user_data;
}

void
fw_dupes_view_emit_toast (FwDupesView *self,
                          const char  *text)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, text);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
fw_dupes_view_emit_changed (FwDupesView *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Public ------------------------------------------------------------------- */

void
fw_dupes_view_add (FwDupesView  *self,
                   GFile       **files,
                   guint         n_files)
{
  g_return_if_fail (FW_IS_DUPES_VIEW (self));

  for (guint i = 0; i < n_files; i++)
    {
      char *path = g_file_get_path (files[i]);

      if (path == NULL)
        continue;
      g_ptr_array_add (self->operands, path);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_ptr_array_add (self->folders, g_strdup (path));
    }
  if (self->operands->len > 0)
    start_scan (self);
}

void
fw_dupes_view_clear (FwDupesView *self)
{
  g_return_if_fail (FW_IS_DUPES_VIEW (self));
  stop_scan (self);
  g_ptr_array_set_size (self->operands, 0);
  g_ptr_array_set_size (self->folders, 0);
  g_ptr_array_set_size (self->pending, 0);
  self->pending_next = 0;
  g_list_store_remove_all (self->groups);
  reset_notes (self);
  fw_dupes_view_update_selection (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
fw_dupes_view_cancel (FwDupesView *self)
{
  g_return_if_fail (FW_IS_DUPES_VIEW (self));
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  fw_dupes_view_set_paused (self, FALSE);
}

void
fw_dupes_view_set_paused (FwDupesView *self,
                          gboolean     paused)
{
  g_return_if_fail (FW_IS_DUPES_VIEW (self));
  if (self->pool == NULL || !self->scanning || self->paused == paused)
    return;
  self->paused = paused;
  if (paused)
    fw_pool_pause (self->pool);
  else
    fw_pool_resume (self->pool);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

gboolean
fw_dupes_view_get_paused (FwDupesView *self)
{
  return self->paused;
}

gboolean
fw_dupes_view_get_running (FwDupesView *self)
{
  g_return_val_if_fail (FW_IS_DUPES_VIEW (self), FALSE);
  return self->scanning || self->pending->len > self->pending_next || self->tick_id != 0;
}

gboolean
fw_dupes_view_get_has_items (FwDupesView *self)
{
  g_return_val_if_fail (FW_IS_DUPES_VIEW (self), FALSE);
  return self->operands->len > 0 || g_list_model_get_n_items (G_LIST_MODEL (self->groups)) > 0;
}

char *
fw_dupes_view_get_status (FwDupesView *self,
                          double      *fraction)
{
  FwDupesProgress p = { 0 };
  guint n_groups = g_list_model_get_n_items (G_LIST_MODEL (self->groups));

  *fraction = -1;
  if (self->scanning && self->scan != NULL)
    {
      g_autofree char *done = NULL;
      g_autofree char *total = NULL;

      fw_dupes_scan_get_progress (self->scan, &p);
      if (p.stage <= FW_DUPES_STAGE_SIZE)
        /* TRANSLATORS: the footer: "Looking for files · 1234 files found" */
        return g_strdup_printf (ngettext ("%s · %u file found", "%s · %u files found", (guint) p.files_found),
                                stage_words (p.stage), (guint) p.files_found);
      done = g_format_size (p.bytes_done);
      total = g_format_size (p.bytes_total);
      *fraction = p.bytes_total > 0 ? (double) p.bytes_done / p.bytes_total
                : p.files_total > 0 ? (double) p.files_done / p.files_total : 0;
      /* TRANSLATORS: the footer: "Hashing the candidates · 12 of 300
       * files · 1.2 GB / 4 GB · 5 groups" */
      return g_strdup_printf (ngettext ("%s · %u of %u files · %s / %s · %u group",
                                        "%s · %u of %u files · %s / %s · %u groups",
                                        n_groups + self->pending->len - self->pending_next),
                              stage_words (p.stage), (guint) p.files_done, (guint) p.files_total, done, total,
                              n_groups + self->pending->len - self->pending_next);
    }
  if (n_groups == 0 && self->pending->len == 0)
    return g_strdup (self->operands->len > 0 ? _("No duplicates found") : "");
  return g_strdup_printf (ngettext ("%u group of duplicates", "%u groups of duplicates", n_groups), n_groups);
}


void
fw_dupes_view_apply_rule (FwDupesView *self,
                          FwDupesRule  rule,
                          const char  *reference)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));

  g_return_if_fail (FW_IS_DUPES_VIEW (self));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwDupesRow) row = g_list_model_get_item (G_LIST_MODEL (self->groups), i);

      fw_dupes_choice_apply_rule (fw_dupes_row_get_choice (row), rule, reference);
    }
  fw_dupes_view_refresh_bound (self);
  fw_dupes_view_update_selection (self);
}

GBytes *
fw_dupes_view_build_csv (FwDupesView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));
  g_autoptr(GPtrArray) groups = g_ptr_array_new_full (n, NULL);

  g_return_val_if_fail (FW_IS_DUPES_VIEW (self), NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwDupesRow) row = g_list_model_get_item (G_LIST_MODEL (self->groups), i);

      g_ptr_array_add (groups, fw_dupes_row_get_choice (row)->group);
    }
  return fw_export_build_dupes (groups);
}

guint
fw_dupes_view_get_n_groups (FwDupesView *self)
{
  g_return_val_if_fail (FW_IS_DUPES_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->groups));
}

GListModel *
fw_dupes_view_get_groups (FwDupesView *self)
{
  return G_LIST_MODEL (self->groups);
}

GListModel *
fw_dupes_view_get_rows (FwDupesView *self)
{
  return G_LIST_MODEL (self->tree);
}

GtkListView *
fw_dupes_view_get_list_view (FwDupesView *self)
{
  return self->list_view;
}

gint64
fw_dupes_view_get_longest_insert (FwDupesView *self)
{
  return self->longest_insert;
}

const char *
fw_dupes_view_get_refused (FwDupesView *self)
{
  return self->refused;
}

/* Selection ---------------------------------------------------------------- */

void
fw_dupes_view_update_selection (FwDupesView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));
  guint n_files = 0;
  guint64 freed = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwDupesRow) row = g_list_model_get_item (G_LIST_MODEL (self->groups), i);
      FwDupesChoice *choice = fw_dupes_row_get_choice (row);

      n_files += fw_dupes_choice_get_n_selected_files (choice);
      freed += fw_dupes_choice_get_freed (choice);
    }
  if (n_files > 0)
    {
      g_autofree char *size = g_format_size (freed);

      /* TRANSLATORS: the action bar: "12 files selected · 3.4 GB" */
      text = g_strdup_printf (ngettext ("%u file selected · %s", "%u files selected · %s", n_files),
                              n_files, size);
    }
  gtk_label_set_text (self->selection_label, text != NULL ? text : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dupes.trash", n_files > 0 && !self->trashing);
  for (guint i = 0; i < 5; i++)
    {
      static const char * const names[] = {
        "dupes.keep-newest", "dupes.keep-oldest", "dupes.keep-shortest",
        "dupes.keep-in-folder", "dupes.clear-selection",
      };

      gtk_widget_action_set_enabled (GTK_WIDGET (self), names[i], n > 0 && !self->trashing);
    }
}

static void
rule_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FwDupesView *self = FW_DUPES_VIEW (widget);

  if (g_str_equal (action_name, "dupes.keep-newest"))
    fw_dupes_view_apply_rule (self, FW_DUPES_KEEP_NEWEST, NULL);
  else if (g_str_equal (action_name, "dupes.keep-oldest"))
    fw_dupes_view_apply_rule (self, FW_DUPES_KEEP_OLDEST, NULL);
  else if (g_str_equal (action_name, "dupes.keep-shortest"))
    fw_dupes_view_apply_rule (self, FW_DUPES_KEEP_SHORTEST_PATH, NULL);
  else if (g_str_equal (action_name, "dupes.keep-in-folder"))
    g_signal_emit (self, signals[SIGNAL_REFERENCE_WANTED], 0);
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  FwDupesView *self = FW_DUPES_VIEW (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwDupesRow) row = g_list_model_get_item (G_LIST_MODEL (self->groups), i);

      fw_dupes_choice_clear (fw_dupes_row_get_choice (row));
    }
  fw_dupes_view_refresh_bound (self);
  fw_dupes_view_update_selection (self);
}

/* GObject ------------------------------------------------------------------ */

static void
fw_dupes_view_dispose (GObject *object)
{
  FwDupesView *self = FW_DUPES_VIEW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->pool != NULL && self->paused)
    fw_pool_resume (self->pool);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->confirm != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->confirm), (gpointer *) &self->confirm);
  self->confirm = NULL;
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FW_TYPE_DUPES_VIEW);
  G_OBJECT_CLASS (fw_dupes_view_parent_class)->dispose (object);
}

static void
fw_dupes_view_finalize (GObject *object)
{
  FwDupesView *self = FW_DUPES_VIEW (object);

  g_clear_object (&self->scan);
  g_clear_object (&self->pool);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->tree);
  g_clear_object (&self->groups);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->operands, g_ptr_array_unref);
  g_clear_pointer (&self->folders, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->refused, g_free);
  if (self->notes_text != NULL)
    g_string_free (self->notes_text, TRUE);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  G_OBJECT_CLASS (fw_dupes_view_parent_class)->finalize (object);
}

static void
fw_dupes_view_class_init (FwDupesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fw_dupes_view_dispose;
  object_class->finalize = fw_dupes_view_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_REFERENCE_WANTED] = g_signal_new ("reference-wanted", G_TYPE_FROM_CLASS (klass),
                                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                   G_TYPE_NONE, 0);

  fw_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fileworks/Fileworks/fw-dupes-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FwDupesView, notes_revealer);
  gtk_widget_class_bind_template_child (widget_class, FwDupesView, notes_label);
  gtk_widget_class_bind_template_child (widget_class, FwDupesView, notes_details);
  gtk_widget_class_bind_template_child (widget_class, FwDupesView, list_view);
  gtk_widget_class_bind_template_child (widget_class, FwDupesView, select_button);
  gtk_widget_class_bind_template_child (widget_class, FwDupesView, selection_label);
  gtk_widget_class_bind_template_child (widget_class, FwDupesView, trash_button);

  gtk_widget_class_install_action (widget_class, "dupes.keep-newest", NULL, rule_action);
  gtk_widget_class_install_action (widget_class, "dupes.keep-oldest", NULL, rule_action);
  gtk_widget_class_install_action (widget_class, "dupes.keep-shortest", NULL, rule_action);
  gtk_widget_class_install_action (widget_class, "dupes.keep-in-folder", NULL, rule_action);
  gtk_widget_class_install_action (widget_class, "dupes.clear-selection", NULL, clear_selection_action);
  gtk_widget_class_install_action (widget_class, "dupes.trash", NULL, fw_dupes_view_trash_action);
}

static void
fw_dupes_view_init (FwDupesView *self)
{
  GtkListItemFactory *factory;
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  self->operands = g_ptr_array_new_with_free_func (g_free);
  self->folders = g_ptr_array_new_with_free_func (g_free);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) fw_dupes_group_free);
  self->bound = g_hash_table_new (NULL, NULL);
  self->notes_text = g_string_new (NULL);
  self->groups = g_list_store_new (FW_TYPE_DUPES_ROW);
  self->tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->groups)), FALSE, TRUE,
                                        fw_dupes_view_rows_children, NULL, NULL);
  factory = fw_dupes_view_rows_factory_new (self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  fw_dupes_view_update_selection (self);
}

FwDupesView *
fw_dupes_view_new (void)
{
  return g_object_new (FW_TYPE_DUPES_VIEW, NULL);
}
