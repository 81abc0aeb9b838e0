/* fw-window-compare-folders.c — the window's Compare Folders mode: which
 * two folders, and the patterns left out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The comparison itself is the engine's (FW_BATCH_MODE_COMPARE_FOLDERS:
 * fw_compare_tree() on the batch's pool, one finished row per relative
 * path, streamed through the batch's tick), so the window and
 * `fileworks-cli compare -r` never disagree. Here: two folders dropped in
 * Compare Files switch the job to Compare Folders (and a toast says so);
 * one folder chosen waits for the second; the "exclude-patterns" setting
 * goes to the batch; Exclude This Folder adds a folder row's pattern.
 *
 * And the bar above the list while it has compared rows (their counts
 * are in the footer and the title): how many rows are shown, and "Show"
 * (fw-window-row-filter.c, as the audit's bar): All, Differences (every
 * row but the identical ones: the choice made when the first compared
 * rows come, so 3 differences among 50,000 identical files are there at
 * once), Different, Only in A, Only in B, Different Type, in the rows'
 * own words. Rows that come later go through the choice as they come.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fw-job-compare-entry.h"
#include "fw-window-private.h"

static gboolean
is_folder (GFile *file)
{
  return g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY;
}

gboolean
fw_window_compare_folders_infer (FwWindow     *self,
                                 GFile       **files,
                                 guint         n_files,
                                 FwBatchMode  *mode)
{
  if (*mode == FW_BATCH_MODE_COMPARE && n_files == 2 && is_folder (files[0]) && is_folder (files[1]))
    {
      /* Inferred, and said: two folders are compared as folders. */
      g_settings_set_string (self->settings, "mode", "compare-folders");
      *mode = FW_BATCH_MODE_COMPARE_FOLDERS;
      fw_window_toast (self, _("Two folders: comparing them file by file"));
    }
  if (*mode != FW_BATCH_MODE_COMPARE_FOLDERS)
    return TRUE;

  /* One folder at a time (a folder chooser picks one): the first waits. */
  if (n_files == 1 && self->compare_first == NULL && is_folder (files[0]))
    {
      g_autofree char *name = g_file_get_basename (files[0]);
      /* TRANSLATORS: a toast; %s is a folder's name */
      g_autofree char *text = g_strdup_printf (_("Now add the folder to compare with “%s”"), name);

      self->compare_first = g_object_ref (files[0]);
      fw_window_toast (self, text);
      return FALSE;
    }
  return TRUE;
}

/* The pair, when the first folder was waiting: (transfer full) or NULL. */
GPtrArray *
fw_window_compare_folders_pair (FwWindow  *self,
                                GFile    **files,
                                guint      n_files)
{
  GPtrArray *pair;

  if (self->compare_first == NULL || n_files != 1)
    return NULL;
  pair = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (pair, g_steal_pointer (&self->compare_first));
  g_ptr_array_add (pair, g_object_ref (files[0]));
  return pair;
}

void
fw_window_compare_folders_settings (FwWindow *self)
{
  g_auto(GStrv) patterns = g_settings_get_strv (self->settings, "exclude-patterns");

  fw_batch_set_exclude_patterns (self->batch, (const char * const *) patterns);
  /* Another job chosen: a waiting first folder is forgotten. */
  if (fw_window_get_mode (self) != FW_BATCH_MODE_COMPARE_FOLDERS)
    g_clear_object (&self->compare_first);
}

/* Exclude This Folder ------------------------------------------------------ */

/* The pattern that leaves out @job's folder, or NULL when the row is no
 * folder: a compared folder's path below the two folders (only in A or
 * B, or against a file), or a sized folder's name. Wildcards in it are
 * escaped: the pattern means that name only. */
char *
fw_window_exclude_pattern_for (FwJob *job)
{
  const FwJobCompareEntry *entry = fw_job_get_compare_entry (job);
  const char *name = NULL;
  GString *pattern;

  if (entry != NULL && entry->is_folder[entry->main_side] && fw_job_get_state (job) == FW_JOB_DONE)
    name = fw_job_get_name (job);
  else if (fw_job_get_kind (job) == FW_JOB_SIZE && fw_job_get_is_folder (job))
    name = fw_job_get_name (job);
  if (name == NULL || *name == '\0')
    return NULL;
  pattern = g_string_new (NULL);
  for (const char *p = name; *p != '\0'; p++)
    {
      if (strchr ("*?[]\\", *p) != NULL)
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  return g_string_free (pattern, FALSE);
}

static void
set_pattern (FwWindow   *self,
             const char *pattern,
             gboolean    add)
{
  g_auto(GStrv) patterns = g_settings_get_strv (self->settings, "exclude-patterns");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) changed = NULL;

  if (add == g_strv_contains ((const char * const *) patterns, pattern))
    return;
  for (guint i = 0; patterns[i] != NULL; i++)
    if (add || !g_str_equal (patterns[i], pattern))
      g_strv_builder_add (builder, patterns[i]);
  if (add)
    g_strv_builder_add (builder, pattern);
  changed = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "exclude-patterns", (const char * const *) changed);
}

/* "win.exclude-folder": the first selected row's folder joins the
 * patterns, for the folders added from now on; a toast offers Undo. */
void
fw_window_exclude_folder_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);
  g_autoptr(GPtrArray) jobs = fw_window_get_selected (self);
  g_autofree char *pattern = NULL;
  g_autofree char *title = NULL;

  if (jobs->len == 0 || (pattern = fw_window_exclude_pattern_for (g_ptr_array_index (jobs, 0))) == NULL)
    return;
  set_pattern (self, pattern, TRUE);
  /* TRANSLATORS: a toast; %s is a pattern, such as a folder's name */
  title = g_strdup_printf (_("“%s” is left out of folders added from now on"), pattern);
  fw_window_toast_with_button (self, title, _("_Undo"), "win.exclude-undo",
                               g_variant_new_string (pattern));
}

/* "win.exclude-undo": the pattern given leaves the patterns again. */
void
fw_window_exclude_undo_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  set_pattern (FW_WINDOW (widget), g_variant_get_string (parameter, NULL), FALSE);
}

/* The bar: how many rows are shown, and Show ------------------------------ */

static gboolean
verdict_is (FwJob                *job,
            FwCompareTreeVerdict  verdict,
            int                   side)
{
  const FwJobCompareEntry *entry = fw_job_get_compare_entry (job);

  return entry != NULL && entry->verdict == verdict && (side < 0 || (guint) side == entry->side);
}

/* Every row but the identical ones (failures, and rows of other jobs,
 * among them). */
static gboolean is_difference (FwJob *job) { return !verdict_is (job, FW_COMPARE_TREE_IDENTICAL, -1); }
static gboolean is_different (FwJob *job) { return verdict_is (job, FW_COMPARE_TREE_DIFFERENT, -1); }
static gboolean is_only_in_a (FwJob *job) { return verdict_is (job, FW_COMPARE_TREE_ONLY_IN, 0); }
static gboolean is_only_in_b (FwJob *job) { return verdict_is (job, FW_COMPARE_TREE_ONLY_IN, 1); }
static gboolean is_other_type (FwJob *job) { return verdict_is (job, FW_COMPARE_TREE_TYPES_DIFFER, -1); }

static const FwRowFilterChoice filter_choices[] = {
  /* TRANSLATORS: Compare Folders' filter: which rows to show; the row
   * states' words (A is the first folder, B the second) */
  { N_("All"), NULL },
  { N_("Differences"), is_difference },
  { N_("Different"), is_different },
  { N_("Only in A"), is_only_in_a },
  { N_("Only in B"), is_only_in_b },
  { N_("Different Type"), is_other_type },
  { NULL, NULL },
};
/* The choice made when compared rows come. */
#define FILTER_DIFFERENCES 1

/* "Showing 3 of 50,003 items": what the filter leaves in the list. */
static void
label_update (FwWindow *self)
{
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->sort_model));
  g_autofree char *text = NULL;

  if (n_shown == n_rows)
    text = g_strdup_printf (ngettext ("%u item", "%u items", n_rows), n_rows);
  else
    /* TRANSLATORS: Compare Folders' bar: the rows the filter shows, of all */
    text = g_strdup_printf (ngettext ("Showing %u of %u item", "Showing %u of %u items", n_rows),
                            n_shown, n_rows);
  gtk_label_set_text (self->compare_label, text);
}

static void
shown_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  FwWindow   *self)
{
  /* (Not as the window goes: its filter leaves the model then.) */
  if (self->compare_shown && !self->disposed)
    label_update (self);
}

/* Builds the bar (hidden), below the audit's; its words follow the
 * rows shown. */
void
fw_window_compare_folders_init (FwWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->compare_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->compare_label, 0);
  gtk_label_set_ellipsize (self->compare_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->compare_label), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->compare_label));
  self->compare_filter = fw_window_row_filter_new (self, filter_choices, GTK_BOX (box));
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  self->compare_bar = GTK_REVEALER (gtk_revealer_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->compare_bar), "fw-compare-bar");
  gtk_revealer_set_child (self->compare_bar, box);
  gtk_widget_set_visible (GTK_WIDGET (self->compare_bar), FALSE);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->audit_bar))),
                              GTK_WIDGET (self->compare_bar), GTK_WIDGET (self->audit_bar));
  g_signal_connect_object (self->filter_model, "items-changed", G_CALLBACK (shown_changed_cb), self, 0);
}

/* Up while the list has compared rows (not over Find Duplicates' page);
 * Differences is chosen as the first come, All again when the last goes.
 * O(1): the batch's counts. */
void
fw_window_compare_folders_update (FwWindow *self)
{
  FwBatchCounts c;
  guint n = 0;
  gboolean visible;

  if (self->compare_bar == NULL)
    return;
  fw_batch_get_counts (self->batch, &c);
  for (guint i = 0; i < FW_BATCH_N_COMPARE_COUNTS; i++)
    n += c.n_compare[i];
  if ((n > 0) != self->compare_shown)
    {
      self->compare_shown = n > 0;
      if (self->compare_shown)
        gtk_drop_down_set_selected (self->compare_filter, FILTER_DIFFERENCES);
      else
        gtk_drop_down_set_selected (self->compare_filter, 0);   /* All */
    }
  visible = self->compare_shown && fw_window_get_mode (self) != FW_BATCH_MODE_DUPES;
  if (gtk_widget_get_visible (GTK_WIDGET (self->compare_bar)) != visible)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->compare_bar), visible);
      gtk_revealer_set_reveal_child (self->compare_bar, visible);
    }
  if (visible)
    label_update (self);
}
