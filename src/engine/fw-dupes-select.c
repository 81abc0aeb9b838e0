/* fw-dupes-select.c — choosing which copies of a duplicate group go, with
 * the last copy protected
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules and the protection behind the window's check boxes and its
 * Select menu (fw-dupes-select.h). Selection is kept per inode.
 */
#include "config.h"

#include <string.h>

#include "fw-dupes-select.h"

static inline const FwDupesFile *
file_at (const FwDupesChoice *choice,
         guint                index)
{
  return g_ptr_array_index (choice->group->files, index);
}

FwDupesChoice *
fw_dupes_choice_new (FwDupesGroup *group)
{
  FwDupesChoice *choice = g_new0 (FwDupesChoice, 1);

  g_return_val_if_fail (group != NULL, NULL);
  choice->group = group;
  choice->selected = g_new0 (guint8, MAX (group->n_inodes, 1));
  return choice;
}

void
fw_dupes_choice_free (FwDupesChoice *choice)
{
  if (choice == NULL)
    return;
  fw_dupes_group_free (choice->group);
  g_free (choice->selected);
  g_free (choice);
}

gboolean
fw_dupes_choice_get_selected (const FwDupesChoice *choice,
                              guint                index)
{
  g_return_val_if_fail (index < choice->group->files->len, FALSE);
  return choice->selected[file_at (choice, index)->inode_index] != 0;
}

gboolean
fw_dupes_choice_can_select (const FwDupesChoice *choice,
                            guint                index)
{
  g_return_val_if_fail (index < choice->group->files->len, FALSE);
  if (fw_dupes_choice_get_selected (choice, index))
    return TRUE;
  /* At least one inode stays: the last copy. */
  return choice->n_selected + 1 < choice->group->n_inodes;
}

gboolean
fw_dupes_choice_set_selected (FwDupesChoice *choice,
                              guint          index,
                              gboolean       selected)
{
  guint inode;

  g_return_val_if_fail (index < choice->group->files->len, FALSE);
  inode = file_at (choice, index)->inode_index;
  if ((choice->selected[inode] != 0) == (selected != FALSE))
    return TRUE;
  if (selected && !fw_dupes_choice_can_select (choice, index))
    return FALSE;
  choice->selected[inode] = selected ? 1 : 0;
  if (selected)
    choice->n_selected++;
  else
    choice->n_selected--;
  return TRUE;
}

void
fw_dupes_choice_clear (FwDupesChoice *choice)
{
  memset (choice->selected, 0, MAX (choice->group->n_inodes, 1));
  choice->n_selected = 0;
}

gboolean
fw_dupes_path_in_folder (const char *path,
                         const char *folder)
{
  size_t len = strlen (folder);

  while (len > 1 && folder[len - 1] == '/')
    len--;
  if (len == 1 && folder[0] == '/')
    return path[0] == '/' && path[1] != '\0';
  return strncmp (path, folder, len) == 0 && path[len] == '/' && path[len + 1] != '\0';
}

/* Selects every inode but those flagged in @keep. */
static void
select_all_but (FwDupesChoice *choice,
                const guint8  *keep)
{
  fw_dupes_choice_clear (choice);
  for (guint i = 0; i < choice->group->n_inodes; i++)
    if (!keep[i])
      {
        choice->selected[i] = 1;
        choice->n_selected++;
      }
  g_assert (choice->n_selected < choice->group->n_inodes || choice->group->n_inodes == 0);
}

void
fw_dupes_choice_apply_rule (FwDupesChoice *choice,
                            FwDupesRule    rule,
                            const char    *reference)
{
  GPtrArray *files = choice->group->files;
  g_autofree guint8 *keep = g_new0 (guint8, MAX (choice->group->n_inodes, 1));
  guint best = G_MAXUINT;
  gboolean any = FALSE;

  if (choice->group->n_inodes < 2)
    {
      fw_dupes_choice_clear (choice);
      return;
    }
  if (rule == FW_DUPES_KEEP_IN_FOLDER)
    {
      g_return_if_fail (reference != NULL);
      for (guint i = 0; i < files->len; i++)
        if (fw_dupes_path_in_folder (file_at (choice, i)->path, reference))
          {
            keep[file_at (choice, i)->inode_index] = 1;
            any = TRUE;
          }
      if (any)
        select_all_but (choice, keep);
      else
        fw_dupes_choice_clear (choice);
      return;
    }

  /* Files are in byte-wise path order: the first best wins a tie. */
  for (guint i = 0; i < files->len; i++)
    {
      const FwDupesFile *f = file_at (choice, i);
      const FwDupesFile *b = best != G_MAXUINT ? file_at (choice, best) : NULL;
      gboolean better;

      switch (rule)
        {
        case FW_DUPES_KEEP_NEWEST:
          better = b == NULL || f->mtime_ns > b->mtime_ns;
          break;
        case FW_DUPES_KEEP_OLDEST:
          better = b == NULL || f->mtime_ns < b->mtime_ns;
          break;
        case FW_DUPES_KEEP_SHORTEST_PATH:
        default:
          better = b == NULL || strlen (f->path) < strlen (b->path);
          break;
        }
      if (better)
        best = i;
    }
  keep[file_at (choice, best)->inode_index] = 1;
  select_all_but (choice, keep);
}

guint
fw_dupes_choice_get_n_selected_files (const FwDupesChoice *choice)
{
  guint n = 0;

  if (choice->n_selected == 0)
    return 0;
  for (guint i = 0; i < choice->group->files->len; i++)
    if (choice->selected[file_at (choice, i)->inode_index])
      n++;
  return n;
}

guint64
fw_dupes_choice_get_freed (const FwDupesChoice *choice)
{
  return choice->group->size * choice->n_selected;
}

gboolean
fw_dupes_choice_remove_paths (FwDupesChoice *choice,
                              GHashTable    *gone)
{
  FwDupesGroup *group = choice->group;
  g_autofree guint *new_index = g_new (guint, MAX (group->n_inodes, 1));
  g_autofree guint *n_paths = NULL;
  g_autofree guint8 *selected = NULL;
  guint n_inodes = 0, n_selected = 0;

  for (guint i = group->files->len; i-- > 0;)
    if (g_hash_table_contains (gone, file_at (choice, i)->path))
      g_ptr_array_remove_index (group->files, i);

  /* Inodes numbered again in the order of their first path. */
  for (guint i = 0; i < group->n_inodes; i++)
    new_index[i] = G_MAXUINT;
  for (guint i = 0; i < group->files->len; i++)
    {
      FwDupesFile *f = g_ptr_array_index (group->files, i);

      if (new_index[f->inode_index] == G_MAXUINT)
        new_index[f->inode_index] = n_inodes++;
    }
  selected = g_new0 (guint8, MAX (n_inodes, 1));
  n_paths = g_new0 (guint, MAX (n_inodes, 1));
  for (guint i = 0; i < group->n_inodes; i++)
    if (new_index[i] != G_MAXUINT && choice->selected[i])
      {
        selected[new_index[i]] = 1;
        n_selected++;
      }
  for (guint i = 0; i < group->files->len; i++)
    {
      FwDupesFile *f = g_ptr_array_index (group->files, i);

      f->inode_index = new_index[f->inode_index];
      n_paths[f->inode_index]++;
    }
  for (guint i = 0; i < group->files->len; i++)
    {
      FwDupesFile *f = g_ptr_array_index (group->files, i);

      f->linked = n_paths[f->inode_index] > 1;
    }
  group->n_inodes = n_inodes;
  group->wasted = n_inodes > 1 ? group->size * (n_inodes - 1) : 0;
  g_free (choice->selected);
  choice->selected = g_steal_pointer (&selected);
  choice->n_selected = n_selected;
  /* The protection holds after the removal too. */
  if (n_inodes > 0 && n_selected == n_inodes)
    fw_dupes_choice_clear (choice);
  return n_inodes > 1;
}
