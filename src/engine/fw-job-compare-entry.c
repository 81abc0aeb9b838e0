/* fw-job-compare-entry.c — a Compare Folders row: one relative path's verdict
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows of %FW_BATCH_MODE_COMPARE_FOLDERS are made finished, on the
 * thread that runs fw_compare_tree() (fw-expand.c), one per verdict: the
 * comparison itself reads on the batch's pool, so nothing is left for a
 * worker to do with the row.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n.h>

#include "fw-job-compare-entry.h"
#include "fw-job-private.h"

static void
look_at (const char        *path,
         FwJobCompareEntry *data,
         guint              f)
{
  struct stat st;

  data->size[f] = -1;
  if (path == NULL || stat (path, &st) != 0)
    return;
  data->is_folder[f] = S_ISDIR (st.st_mode);
  if (S_ISREG (st.st_mode))
    data->size[f] = st.st_size;
}

FwJob *
fw_job_new_compare_entry (const FwCompareTreeEntry *entry,
                          const char               *root_a,
                          const char               *root_b)
{
  g_autofree FwJobCompareEntry *data = g_new0 (FwJobCompareEntry, 1);
  const char *paths[2] = { entry->path_a, entry->path_b };
  const char *roots[2] = { root_a, root_b };
  guint main_side = 0;
  FwJob *self;

  g_return_val_if_fail (entry != NULL && root_a != NULL && root_b != NULL, NULL);

  data->verdict = entry->verdict;
  data->side = entry->side;
  for (guint f = 0; f < 2; f++)
    {
      look_at (paths[f], data, f);
      data->type[f] = f == 0 ? entry->type_a : entry->type_b;
    }
  if (paths[0] == NULL ||
      (entry->verdict == FW_COMPARE_TREE_ERROR && entry->side == 1 && paths[1] != NULL))
    main_side = 1;
  g_return_val_if_fail (paths[main_side] != NULL, NULL);
  data->main_side = main_side;

  self = fw_job_new_for_path (FW_JOB_COMPARE_ENTRY, paths[main_side],
                              data->size[main_side] >= 0 ? (guint64) data->size[main_side] : 0);
  /* "sub/x", the same on both sides. */
  fw_job_set_name_root (self, roots[main_side]);
  self->is_folder = data->is_folder[main_side];
  if (paths[1 - main_side] != NULL)
    {
      self->other_path = g_strdup (paths[1 - main_side]);
      self->other_file = g_file_new_for_path (paths[1 - main_side]);
    }

  switch (entry->verdict)
    {
    case FW_COMPARE_TREE_ERROR:
      self->state = FW_JOB_FAILED;
      if (entry->error_code != 0)
        self->error = g_error_new_literal (G_IO_ERROR, g_io_error_from_errno (entry->error_code),
                                           g_strerror (entry->error_code));
      else
        self->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                           entry->message != NULL ? entry->message : "");
      break;
    case FW_COMPARE_TREE_LOOP:
      self->state = FW_JOB_FAILED;
      self->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS,
                                         _("Recursive folder loop"));
      break;
    case FW_COMPARE_TREE_IDENTICAL:
    case FW_COMPARE_TREE_DIFFERENT:
    case FW_COMPARE_TREE_ONLY_IN:
    case FW_COMPARE_TREE_TYPES_DIFFER:
    default:
      self->state = FW_JOB_DONE;
      break;
    }
  self->compare_entry = g_steal_pointer (&data);
  return self;
}

const FwJobCompareEntry *
fw_job_get_compare_entry (FwJob *self)
{
  g_return_val_if_fail (FW_IS_JOB (self), NULL);

  return self->kind == FW_JOB_COMPARE_ENTRY ? self->compare_entry : NULL;
}
