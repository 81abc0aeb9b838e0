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
 * goes to the batch.
 */
#include "config.h"

#include <glib/gi18n.h>

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
