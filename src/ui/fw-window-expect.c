/* fw-window-expect.c — "is my download intact?": the expected digest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19. The window's FwExpectBar (above the list) reads a digest the
 * user pastes; this file decides which row it is for, gives it to that
 * row (fw_job_set_expected()), gets the row's candidates read when they
 * are not yet, and words the verdict in the bar's banner. Which row:
 *
 * 1. the first selected hash row, in view order;
 * 2. else the only hash row of the list;
 * 3. else the hash row named by the pasted line (`HEX  NAME`, `TAG
 *    (NAME) = HEX`);
 * 4. else, with no hash row at all, none yet: the digest waits for the
 *    next files added (while the job hashes), and the first of them (or
 *    the one it names) takes it. Its candidates are added to the
 *    algorithms of that one addition, so that they are read in the same
 *    read as the rest;
 * 5. else (several rows, none selected or named) the banner asks for a
 *    row to be selected.
 *
 * Pasted after the row was hashed, the digest is compared at once when
 * the row has the candidates' digests; otherwise that row alone is read
 * again with the missing candidates (fw_batch_rehash_job()).
 *
 * A file added on its own may have a checksum file beside it: its worker
 * finds it (fw_job_set_find_sibling(), fw-sibling.c) and the row says the
 * verdict ("Matches SHA256SUMS, line 3"); with that one row in the list,
 * the banner says it too. A digest pasted for the row replaces the list's.
 * Where the folder cannot be read (the Flatpak: the document portal gives
 * the file alone), the banner names the files to look for and offers the
 * file chooser (in the file's host folder when the portal said it); the
 * list chosen is read and searched on a worker (the banner says so
 * meanwhile), and its line for the file compared.
 *
 * The clipboard: while the window is active, a change of the clipboard
 * (GdkClipboard::changed), and the window becoming active (on Wayland
 * the clipboard's content arrives only once the window has the focus:
 * both are needed), read it; text that parses as a digest is offered in
 * the banner ("Compare with the checksum you copied?"), never compared
 * without the user's Compare. The app's own copies (Copy Result) are not
 * offered. Main thread.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fw-expect-bar.h"
#include "fw-job-text.h"
#include "fw-sibling.h"
#include "fw-window-private.h"

static void follow_job (FwWindow *self);

static gboolean
is_hash_job (FwJob *job)
{
  return fw_job_get_kind (job) == FW_JOB_HASH;
}

static gboolean
name_matches (FwJob            *job,
              const FwExpected *expected)
{
  g_autofree char *base = NULL;

  if (expected->name == NULL)
    return FALSE;
  base = g_path_get_basename (expected->name);
  return g_strcmp0 (fw_job_get_name (job), base) == 0;
}

/* The row a digest is for (see the top of this file), or NULL; @n_hash:
 * how many hash rows the list has. */
static FwJob *
choose_row (FwWindow         *self,
            const FwExpected *expected,
            guint            *n_hash)
{
  g_autoptr(GPtrArray) selected = fw_window_get_selected (self);
  GListModel *jobs = fw_batch_get_jobs (self->batch);
  guint n = g_list_model_get_n_items (jobs);
  g_autoptr(FwJob) only = NULL;
  g_autoptr(FwJob) named = NULL;

  *n_hash = 0;
  for (guint i = 0; i < selected->len; i++)
    if (is_hash_job (g_ptr_array_index (selected, i)))
      {
        *n_hash = 1;
        return g_ptr_array_index (selected, i);
      }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (jobs, i);

      if (!is_hash_job (job))
        continue;
      if (++*n_hash == 1)
        only = g_object_ref (job);
      if (named == NULL && name_matches (job, expected))
        named = g_object_ref (job);
    }
  /* Borrowed: the list holds them. */
  if (named != NULL)
    return named;
  return *n_hash == 1 ? only : NULL;
}

static void
banner_for_job (FwWindow *self)
{
  FwJob *job = self->expect_job;
  g_autofree char *verdict = NULL;
  g_autofree char *title = NULL;
  const char *name = fw_job_get_name (job);

  switch (fw_job_get_state (job))
    {
    case FW_JOB_DONE:
      verdict = fw_job_text_expected (job);
      if (verdict == NULL)
        {
          /* TRANSLATORS: %s is a file name */
          title = g_strdup_printf (_("Reading “%s” again to compare…"), name);
          fw_expect_bar_show_banner (self->expect_bar, title, FW_EXPECT_TONE_INFO, NULL, NULL);
          return;
        }
      /* TRANSLATORS: a file name, then the verdict, "Matches the SHA-256 digest you pasted" */
      title = g_strdup_printf (_("%s: %s"), name, verdict);
      fw_expect_bar_show_banner (self->expect_bar, title,
                                 fw_job_get_verdict (job) == FW_JOB_VERDICT_OK ? FW_EXPECT_TONE_SUCCESS
                                                                               : FW_EXPECT_TONE_ERROR,
                                 NULL, NULL);
      return;
    case FW_JOB_QUEUED:
    case FW_JOB_RUNNING:
      title = g_strdup_printf (_("Hashing “%s” to compare…"), name);
      fw_expect_bar_show_banner (self->expect_bar, title, FW_EXPECT_TONE_INFO, NULL, NULL);
      return;
    case FW_JOB_FAILED:
    case FW_JOB_SKIPPED:
      {
        g_autofree char *why = fw_job_get_error (job) != NULL ? fw_job_text_error (fw_job_get_error (job))
                                                              : g_strdup (_("Failed"));

        /* TRANSLATORS: a file name, then why it could not be read */
        title = g_strdup_printf (_("“%s” could not be compared: %s"), name, why);
        fw_expect_bar_show_banner (self->expect_bar, title, FW_EXPECT_TONE_ERROR, NULL, NULL);
      }
      return;
    case FW_JOB_CANCELLED:
    default:
      fw_expect_bar_hide_banner (self->expect_bar);
      return;
    }
}

/* The followed row changed state: once done, its verdict, or a read of
 * the candidates it lacks. */
static void
follow_job (FwWindow *self)
{
  FwJob *job = self->expect_job;
  FwAlgorithmSet missing;

  if (job == NULL || self->disposed)
    return;
  missing = fw_job_get_expected_missing (job);
  if (missing != 0)
    {
      if (!fw_batch_rehash_job (self->batch, job, missing))
        {
          g_autofree char *title = g_strdup_printf (_("“%s” could not be read again: it is queued already"),
                                                    fw_job_get_name (job));

          fw_expect_bar_show_banner (self->expect_bar, title, FW_EXPECT_TONE_ERROR, NULL, NULL);
          return;
        }
      fw_window_update_status (self);
    }
  else if (fw_job_get_state (job) == FW_JOB_DONE)
    fw_batch_update_job (self->batch, job);
  banner_for_job (self);
}

static void
job_state_cb (FwJob      *job,
              GParamSpec *pspec,
              FwWindow   *self)
{
  follow_job (self);
}

static void
set_followed_job (FwWindow *self,
                  FwJob    *job)
{
  if (self->expect_job == job)
    return;
  if (self->expect_job != NULL)
    g_signal_handlers_disconnect_by_func (self->expect_job, job_state_cb, self);
  g_set_object (&self->expect_job, job);
  if (job != NULL)
    g_signal_connect (job, "notify::state", G_CALLBACK (job_state_cb), self);
}

static void
give_to_row (FwWindow         *self,
             FwJob            *job,
             const FwExpected *expected)
{
  set_followed_job (self, job);
  fw_job_set_expected (job, fw_expected_copy (expected));
  follow_job (self);
}

/**
 * fw_window_expect_apply:
 * @expected: the digest (copied)
 *
 * Gives @expected to the row it is for (see the top of this file), or
 * keeps it for the next files added.
 */
void
fw_window_expect_apply (FwWindow         *self,
                        const FwExpected *expected)
{
  guint n_hash = 0;
  FwJob *job;

  g_return_if_fail (FW_IS_WINDOW (self));
  g_return_if_fail (expected != NULL);

  job = choose_row (self, expected, &n_hash);
  if (job != NULL)
    {
      g_clear_pointer (&self->expect_pending, fw_expected_free);
      give_to_row (self, job, expected);
      return;
    }
  if (n_hash > 0)
    {
      fw_expect_bar_show_banner (self->expect_bar, _("Select the row to compare with this digest"),
                                 FW_EXPECT_TONE_INFO, NULL, NULL);
      return;
    }
  g_clear_pointer (&self->expect_pending, fw_expected_free);
  self->expect_pending = fw_expected_copy (expected);
  set_followed_job (self, NULL);
  fw_expect_bar_show_banner (self->expect_bar, _("Add the file to compare with this digest"),
                             FW_EXPECT_TONE_INFO, _("_Add File…"), "win.add-files");
}

static void
bar_apply_cb (FwExpectBar *bar,
              FwExpected  *expected,
              FwWindow    *self)
{
  fw_window_expect_apply (self, expected);
}

/* Adding files with a digest waiting -------------------------------------- */

void
fw_window_expect_before_add (FwWindow    *self,
                             FwBatchMode  mode)
{
  if (self->expect_pending == NULL || mode != FW_BATCH_MODE_HASH)
    return;
  /* Read with the candidates, this once: the new rows' algorithms are
   * taken now (fw_batch_add_files()). */
  self->expect_saved_algorithms = fw_batch_get_algorithms (self->batch);
  fw_batch_set_algorithms (self->batch, self->expect_saved_algorithms | self->expect_pending->algorithms);
  self->expect_waiting_rows = TRUE;
}

void
fw_window_expect_after_add (FwWindow *self)
{
  if (self->expect_saved_algorithms == 0)
    return;
  fw_batch_set_algorithms (self->batch, self->expect_saved_algorithms);
  self->expect_saved_algorithms = 0;
}

/* The waiting digest goes to the first hash row that comes (or the one
 * it names among those that come together). */
static void
jobs_changed_cb (GListModel *jobs,
                 guint       position,
                 guint       removed,
                 guint       added,
                 FwWindow   *self)
{
  g_autoptr(FwJob) first = NULL;
  g_autoptr(FwJob) named = NULL;
  g_autoptr(FwExpected) expected = NULL;

  if (self->expect_pending == NULL || !self->expect_waiting_rows || added == 0)
    return;
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (jobs, i);

      if (!is_hash_job (job))
        continue;
      if (first == NULL)
        first = g_object_ref (job);
      if (named == NULL && name_matches (job, self->expect_pending))
        named = g_object_ref (job);
    }
  if (first == NULL)
    return;
  expected = g_steal_pointer (&self->expect_pending);
  self->expect_waiting_rows = FALSE;
  give_to_row (self, named != NULL ? named : first, expected);
}

/* A folder that cannot be read ------------------------------------------- */

/* The banner names the lists to look for ("report.iso.sha256 or
 * SHA256SUMS") and offers the chooser. */
static void
offer_list_chooser (FwWindow *self,
                    FwJob    *job)
{
  const char *name = fw_job_get_name (job);
  g_auto(GStrv) names = fw_sibling_list_names (name);
  const char *shared = NULL;
  g_autofree char *title = NULL;

  set_followed_job (self, job);
  for (guint i = 0; names[i] != NULL && shared == NULL; i++)
    if (!g_str_has_prefix (names[i], name))
      shared = names[i];
  /* TRANSLATORS: a file name, then two names of checksum files,
   * "debian.iso.sha256" and "SHA256SUMS" */
  title = g_strdup_printf (_("The folder of “%s” cannot be read here: choose its checksum file, such as %s or %s"),
                           name, names[0] != NULL ? names[0] : "", shared != NULL ? shared : "");
  fw_expect_bar_show_banner (self->expect_bar, title, FW_EXPECT_TONE_INFO,
                             _("_Choose Checksum File…"), "win.expect-choose-list");
}

static void
expect_choose_list_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);
  g_autoptr(GFile) folder = NULL;

  if (self->expect_job == NULL)
    return;
  /* The file's host folder, when the document portal told it. */
  if (self->expect_job != NULL && fw_job_get_display_path (self->expect_job) != NULL &&
      g_strcmp0 (fw_job_get_display_path (self->expect_job), fw_job_get_path (self->expect_job)) != 0)
    {
      g_autofree char *dir = g_path_get_dirname (fw_job_get_display_path (self->expect_job));

      folder = g_file_new_for_path (dir);
    }
  fw_window_choose_checksum_list (self, fw_job_get_name (self->expect_job), folder);
}

/* The chosen list, read on a worker: a list of a whole distribution's
 * files never holds up the window. */
typedef struct {
  char           *path;
  char           *list_name;  /* for the banner */
  char           *name;       /* the row's file name */
  FwJob          *job;        /* the row it was chosen for (main thread) */
  /* What the worker found: the list's line for the file, or why not. */
  FwExpected     *expected;
  GError         *error;      /* the list could not be read */
  gboolean        not_listed;
} ListRead;

static void
list_read_free (ListRead *read)
{
  g_free (read->path);
  g_free (read->list_name);
  g_free (read->name);
  g_clear_object (&read->job);
  g_clear_pointer (&read->expected, fw_expected_free);
  g_clear_error (&read->error);
  g_free (read);
}

static void
list_read_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ListRead *read = task_data;
  g_autoptr(FwChecksumList) list = NULL;
  const FwChecksumEntry *found = NULL;

  list = fw_checksum_parse_file_full (read->path, FW_ALGORITHM_INVALID, FW_CHECKSUM_READ_CLEAR_SIGNED,
                                      cancellable, &read->error);
  for (guint i = 0; list != NULL && i < list->entries->len && found == NULL; i++)
    {
      const FwChecksumEntry *entry = g_ptr_array_index (list->entries, i);
      g_autofree char *base = g_path_get_basename (entry->name);

      if (strcmp (base, read->name) == 0)
        found = entry;
    }
  if (list != NULL && found == NULL)
    read->not_listed = TRUE;
  if (found != NULL)
    {
      /* The line's tag, else the list's name, else its length. */
      FwAlgorithm named = found->format != FW_CHECKSUM_GNU ? found->algorithm
                                                            : fw_checksum_algorithm_from_filename (read->path);
      FwAlgorithmSet of_length = fw_expected_algorithms_for_length (strlen (found->hex) / 2);

      read->expected = fw_expected_new (found->hex, named != FW_ALGORITHM_INVALID && (of_length & FW_ALGORITHM_BIT (named))
                                                    ? FW_ALGORITHM_BIT (named) : of_length);
      read->expected->source = FW_EXPECTED_LIST;
      read->expected->list_path = g_strdup (read->path);
      read->expected->line = found->line;
      read->expected->clear_signed = list->clear_signed;
    }
  g_task_return_boolean (task, TRUE);
}

static void
list_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  FwWindow *self = FW_WINDOW (source);
  ListRead *read = g_task_get_task_data (G_TASK (result));

  /* Cancelled (another list chosen, or the window closed), or the row
   * the list was chosen for is no longer the one the banner follows. */
  if (!g_task_propagate_boolean (G_TASK (result), NULL) || self->disposed || self->expect_job != read->job)
    return;
  if (read->error != NULL)
    {
      fw_expect_bar_show_banner (self->expect_bar, read->error->message, FW_EXPECT_TONE_ERROR, NULL, NULL);
      return;
    }
  if (read->not_listed)
    {
      /* TRANSLATORS: a checksum file's name, then a file's */
      g_autofree char *title = g_strdup_printf (_("%s does not list “%s”"), read->list_name, read->name);

      fw_expect_bar_show_banner (self->expect_bar, title, FW_EXPECT_TONE_ERROR,
                                 _("_Choose Checksum File…"), "win.expect-choose-list");
      return;
    }
  if (read->expected->algorithms == 0)
    {
      fw_expect_bar_show_banner (self->expect_bar, _("No algorithm makes a digest of that length"),
                                 FW_EXPECT_TONE_ERROR, NULL, NULL);
      return;
    }
  give_to_row (self, read->job, read->expected);
}

void
fw_window_expect_list_chosen (FwWindow *self,
                              GFile    *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GTask) task = NULL;
  g_autofree char *title = NULL;
  ListRead *read;

  g_return_if_fail (FW_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->expect_job == NULL || self->disposed)
    return;
  /* The last list chosen, if still being read, is not wanted now. */
  g_cancellable_cancel (self->expect_list_read);
  g_clear_object (&self->expect_list_read);
  if (path == NULL)
    {
      fw_expect_bar_show_banner (self->expect_bar, _("No local path"), FW_EXPECT_TONE_ERROR, NULL, NULL);
      return;
    }
  read = g_new0 (ListRead, 1);
  read->path = g_steal_pointer (&path);
  read->list_name = g_file_get_basename (file);
  read->name = g_strdup (fw_job_get_name (self->expect_job));
  read->job = g_object_ref (self->expect_job);
  self->expect_list_read = g_cancellable_new ();
  /* TRANSLATORS: a checksum file's name */
  title = g_strdup_printf (_("Reading “%s”…"), read->list_name);
  fw_expect_bar_show_banner (self->expect_bar, title, FW_EXPECT_TONE_INFO, NULL, NULL);
  task = g_task_new (self, self->expect_list_read, list_read_cb, NULL);
  g_task_set_source_tag (task, fw_window_expect_list_chosen);
  g_task_set_task_data (task, read, (GDestroyNotify) list_read_free);
  g_task_run_in_thread (task, list_read_thread);
}

/* The clipboard ---------------------------------------------------------- */

static void
offer_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_autoptr(FwExpected) expected = NULL;
  FwWindow *self;
  const char *entry_text;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = FW_WINDOW (user_data);
  if (text == NULL || self->disposed || (expected = fw_expected_parse (text, NULL)) == NULL)
    return;
  /* Offered once; nor what the field holds already. */
  g_strstrip (text);
  entry_text = gtk_editable_get_text (fw_expect_bar_get_entry (self->expect_bar));
  {
    g_autofree char *in_entry = g_strstrip (g_strdup (entry_text));

    if (g_strcmp0 (text, self->expect_offered) == 0 || strcmp (text, in_entry) == 0)
      return;
  }
  g_free (self->expect_offered);
  self->expect_offered = g_strdup (text);
  fw_expect_bar_show_banner (self->expect_bar, _("Compare with the checksum you copied?"),
                             FW_EXPECT_TONE_INFO, _("_Compare"), "win.expect-clipboard");
}

static void
look_at_clipboard (FwWindow *self)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));

  if (self->disposed || !gtk_widget_get_visible (GTK_WIDGET (self->expect_bar)) ||
      !gtk_window_is_active (GTK_WINDOW (self)))
    return;
  /* Copy Result's own digest is no news; nor is a clipboard without
   * text (none read: a read still pending when the app quits is a
   * GTask left behind). */
  if (gdk_clipboard_is_local (clipboard) ||
      !gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (clipboard), G_TYPE_STRING))
    return;
  g_cancellable_cancel (self->expect_read);
  g_clear_object (&self->expect_read);
  self->expect_read = g_cancellable_new ();
  gdk_clipboard_read_text_async (clipboard, self->expect_read, offer_read_cb, self);
}

static void
clipboard_changed_cb (GdkClipboard *clipboard,
                      FwWindow     *self)
{
  look_at_clipboard (self);
}

static void
active_changed_cb (FwWindow   *self,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  look_at_clipboard (self);
}

/* win.compare-clipboard (the row menu's Compare With Clipboard) and
 * win.expect-clipboard (the banner's Compare): the clipboard's digest,
 * for the row it is for. */
static void
compare_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FwWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  g_autoptr(FwExpected) expected = NULL;

  if (self->disposed)
    return;
  if (text == NULL)
    {
      fw_expect_bar_show_banner (self->expect_bar, _("The clipboard holds no text"),
                                 FW_EXPECT_TONE_ERROR, NULL, NULL);
      return;
    }
  g_strstrip (text);
  fw_expect_bar_set_text (self->expect_bar, text);
  if ((expected = fw_expected_parse (text, &error)) == NULL)
    {
      fw_expect_bar_show_banner (self->expect_bar, error->message, FW_EXPECT_TONE_ERROR, NULL, NULL);
      return;
    }
  g_free (self->expect_offered);
  self->expect_offered = g_strdup (text);
  expected->source = FW_EXPECTED_CLIPBOARD;
  fw_window_expect_apply (self, expected);
}

void
fw_window_expect_compare_clipboard (FwWindow *self)
{
  g_return_if_fail (FW_IS_WINDOW (self));

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (self)), NULL,
                                 compare_read_cb, g_object_ref (self));
}

/* Setup ------------------------------------------------------------------- */

void
fw_window_expect_update (FwWindow *self)
{
  guint n_rows = g_list_model_get_n_items (fw_batch_get_jobs (self->batch));

  /* The job hashes, or a row was compared: there is something to
   * compare with, or will be. */
  gtk_widget_set_visible (GTK_WIDGET (self->expect_bar),
                          fw_window_get_mode (self) == FW_BATCH_MODE_HASH ||
                          (n_rows > 0 && self->expect_job != NULL));
  if (self->expect_job != NULL && n_rows == 0)
    {
      /* Cleared: the verdict and the digest were of a row gone. */
      set_followed_job (self, NULL);
      fw_expect_bar_hide_banner (self->expect_bar);
      fw_expect_bar_set_text (self->expect_bar, "");
    }
  /* One file, verified against the checksum file beside it: the banner
   * says so too ("Matches SHA256SUMS, line 3"); or its folder could not
   * be read: the banner offers the chooser. O(1). */
  if (n_rows == 1 && self->expect_job == NULL && self->expect_pending == NULL)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (fw_batch_get_jobs (self->batch), 0);
      const FwExpected *expected = fw_job_get_expected_digest (job);

      if (fw_job_get_state (job) != FW_JOB_DONE || fw_job_get_kind (job) != FW_JOB_HASH)
        return;
      if (expected != NULL && expected->source == FW_EXPECTED_LIST &&
          fw_job_get_verdict (job) != FW_JOB_VERDICT_NONE)
        {
          set_followed_job (self, job);
          banner_for_job (self);
        }
      else if (expected == NULL && fw_job_get_sibling_status (job) == FW_SIBLING_UNREADABLE)
        offer_list_chooser (self, job);
    }
}

/* The banner's Compare: as the row menu's, enabled whatever the row. */
static void
expect_clipboard_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  fw_window_expect_compare_clipboard (FW_WINDOW (widget));
}

void
fw_window_class_expect_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (FW_TYPE_EXPECT_BAR);
  gtk_widget_class_bind_template_child (widget_class, FwWindow, expect_bar);
  gtk_widget_class_install_action (widget_class, "win.expect-clipboard", NULL, expect_clipboard_action);
  gtk_widget_class_install_action (widget_class, "win.expect-choose-list", NULL, expect_choose_list_action);
}

void
fw_window_expect_init (FwWindow *self)
{
  g_signal_connect (self->expect_bar, "apply", G_CALLBACK (bar_apply_cb), self);
  g_signal_connect (fw_batch_get_jobs (self->batch), "items-changed", G_CALLBACK (jobs_changed_cb), self);
  g_signal_connect_object (gtk_widget_get_clipboard (GTK_WIDGET (self)), "changed",
                           G_CALLBACK (clipboard_changed_cb), self, 0);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (active_changed_cb), NULL);
}

void
fw_window_expect_dispose (FwWindow *self)
{
  g_cancellable_cancel (self->expect_read);
  g_clear_object (&self->expect_read);
  g_cancellable_cancel (self->expect_list_read);
  g_clear_object (&self->expect_list_read);
  if (self->batch != NULL)
    g_signal_handlers_disconnect_by_func (fw_batch_get_jobs (self->batch), jobs_changed_cb, self);
  set_followed_job (self, NULL);
  g_clear_pointer (&self->expect_pending, fw_expected_free);
  g_clear_pointer (&self->expect_offered, g_free);
}

FwExpectBar *
fw_window_get_expect_bar (FwWindow *self)
{
  g_return_val_if_fail (FW_IS_WINDOW (self), NULL);
  return self->expect_bar;
}
