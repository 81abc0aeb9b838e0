/* test-dupes-select.c — the Select rules and the last-copy protection
 * (issue 22), without a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-dupes-private.h"
#include "fw-dupes-select.h"

/* A group from "path:inode:mtime" specs, in the order given (byte-wise
 * path order, as the scan hands them over). */
static FwDupesChoice *
choice_new (guint64     size,
            const char *first,
            ...)
{
  FwDupesGroup *group = g_new0 (FwDupesGroup, 1);
  g_autoptr(GHashTable) inodes = g_hash_table_new (g_direct_hash, g_direct_equal);
  va_list args;

  group->size = size;
  group->files = g_ptr_array_new_with_free_func ((GDestroyNotify) fw_dupes_file_free);
  va_start (args, first);
  for (const char *spec = first; spec != NULL; spec = va_arg (args, const char *))
    {
      g_auto(GStrv) parts = g_strsplit (spec, ":", 3);
      FwDupesFile *file = g_new0 (FwDupesFile, 1);
      gpointer index;

      file->path = g_strdup (parts[0]);
      file->ino = g_ascii_strtoull (parts[1], NULL, 10);
      file->mtime_ns = g_ascii_strtoll (parts[2], NULL, 10);
      if (!g_hash_table_lookup_extended (inodes, GSIZE_TO_POINTER (file->ino), NULL, &index))
        {
          index = GUINT_TO_POINTER (g_hash_table_size (inodes));
          g_hash_table_insert (inodes, GSIZE_TO_POINTER (file->ino), index);
        }
      file->inode_index = GPOINTER_TO_UINT (index);
      g_ptr_array_add (group->files, file);
    }
  va_end (args);
  group->n_inodes = g_hash_table_size (inodes);
  for (guint i = 0; i < group->files->len; i++)
    {
      FwDupesFile *f = group->files->pdata[i];

      for (guint j = 0; j < group->files->len; j++)
        if (j != i && ((FwDupesFile *) group->files->pdata[j])->ino == f->ino)
          f->linked = TRUE;
    }
  group->wasted = size * (group->n_inodes - 1);
  return fw_dupes_choice_new (group);
}

/* "1 0 1": which files are selected, in file order. */
static char *
selected_string (FwDupesChoice *c)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < c->group->files->len; i++)
    g_string_append_printf (s, "%s%d", i ? " " : "", fw_dupes_choice_get_selected (c, i));
  return g_string_free (s, FALSE);
}

#define assert_selected(c, expected) G_STMT_START { \
  g_autofree char *s_ = selected_string (c); \
  g_assert_cmpstr (s_, ==, expected); \
} G_STMT_END

static void
test_last_copy (void)
{
  g_autoptr(FwDupesChoice) c = choice_new (100, "/a:1:10", "/b:2:20", "/c:3:30", NULL);

  g_assert_true (fw_dupes_choice_set_selected (c, 0, TRUE));
  g_assert_true (fw_dupes_choice_can_select (c, 1));
  g_assert_true (fw_dupes_choice_set_selected (c, 1, TRUE));
  /* The last one refuses, and nothing changes. */
  g_assert_false (fw_dupes_choice_can_select (c, 2));
  g_assert_false (fw_dupes_choice_set_selected (c, 2, TRUE));
  assert_selected (c, "1 1 0");
  g_assert_cmpuint (c->n_selected, ==, 2);
  g_assert_cmpuint (fw_dupes_choice_get_freed (c), ==, 200);
  /* Selected ones can always be cleared; then the last may be ticked. */
  g_assert_true (fw_dupes_choice_can_select (c, 0));
  g_assert_true (fw_dupes_choice_set_selected (c, 0, FALSE));
  g_assert_true (fw_dupes_choice_set_selected (c, 2, TRUE));
  assert_selected (c, "0 1 1");
  /* Selecting twice counts once. */
  g_assert_true (fw_dupes_choice_set_selected (c, 2, TRUE));
  g_assert_cmpuint (c->n_selected, ==, 2);
  fw_dupes_choice_clear (c);
  assert_selected (c, "0 0 0");
  g_assert_cmpuint (fw_dupes_choice_get_freed (c), ==, 0);
}

/* Hard links go together: never a copy of their own inode, and two
 * links of the last inode are both protected. */
static void
test_links (void)
{
  g_autoptr(FwDupesChoice) c = choice_new (10, "/a:1:10", "/b:2:20", "/c:1:10", NULL);

  g_assert_cmpuint (c->group->n_inodes, ==, 2);
  g_assert_true (fw_dupes_choice_set_selected (c, 0, TRUE));
  assert_selected (c, "1 0 1");
  g_assert_cmpuint (fw_dupes_choice_get_n_selected_files (c), ==, 2);
  g_assert_cmpuint (fw_dupes_choice_get_freed (c), ==, 10);
  g_assert_false (fw_dupes_choice_can_select (c, 1));
  g_assert_false (fw_dupes_choice_set_selected (c, 1, TRUE));
  /* Clearing one link clears the inode. */
  g_assert_true (fw_dupes_choice_set_selected (c, 2, FALSE));
  assert_selected (c, "0 0 0");
  g_assert_true (fw_dupes_choice_set_selected (c, 1, TRUE));
  assert_selected (c, "0 1 0");
  g_assert_false (fw_dupes_choice_can_select (c, 0));
  g_assert_false (fw_dupes_choice_can_select (c, 2));

  /* Every rule keeps a whole inode. */
  fw_dupes_choice_apply_rule (c, FW_DUPES_KEEP_NEWEST, NULL);
  assert_selected (c, "1 0 1");
  fw_dupes_choice_apply_rule (c, FW_DUPES_KEEP_OLDEST, NULL);
  assert_selected (c, "0 1 0");
}

static void
test_rules (void)
{
  g_autoptr(FwDupesChoice) c =
    choice_new (5, "/x/long/name:1:300", "/x/m:2:100", "/y/ab:3:100", "/y/z:4:500", "/y/zz:5:500", NULL);

  fw_dupes_choice_apply_rule (c, FW_DUPES_KEEP_NEWEST, NULL);
  /* Two newest: the first in path order stays. */
  assert_selected (c, "1 1 1 0 1");
  fw_dupes_choice_apply_rule (c, FW_DUPES_KEEP_OLDEST, NULL);
  assert_selected (c, "1 0 1 1 1");
  fw_dupes_choice_apply_rule (c, FW_DUPES_KEEP_SHORTEST_PATH, NULL);
  assert_selected (c, "1 0 1 1 1");
  g_assert_cmpuint (fw_dupes_choice_get_freed (c), ==, 20);

  /* The reference folder's files are never selected, whatever else. */
  fw_dupes_choice_apply_rule (c, FW_DUPES_KEEP_IN_FOLDER, "/y");
  assert_selected (c, "1 1 0 0 0");
  fw_dupes_choice_apply_rule (c, FW_DUPES_KEEP_IN_FOLDER, "/y/");
  assert_selected (c, "1 1 0 0 0");
  /* A prefix of a name is not a folder. */
  fw_dupes_choice_apply_rule (c, FW_DUPES_KEEP_IN_FOLDER, "/x/lo");
  assert_selected (c, "0 0 0 0 0");
  /* A group with none in the folder: nothing selected. */
  fw_dupes_choice_apply_rule (c, FW_DUPES_KEEP_NEWEST, NULL);
  fw_dupes_choice_apply_rule (c, FW_DUPES_KEEP_IN_FOLDER, "/elsewhere");
  assert_selected (c, "0 0 0 0 0");
  /* Everything in it: nothing selected, never all. */
  fw_dupes_choice_apply_rule (c, FW_DUPES_KEEP_IN_FOLDER, "/");
  assert_selected (c, "0 0 0 0 0");
}

static void
test_in_folder (void)
{
  g_assert_true (fw_dupes_path_in_folder ("/a/b", "/a"));
  g_assert_true (fw_dupes_path_in_folder ("/a/b/c", "/a/"));
  g_assert_false (fw_dupes_path_in_folder ("/a", "/a"));
  g_assert_false (fw_dupes_path_in_folder ("/ab/c", "/a"));
  g_assert_true (fw_dupes_path_in_folder ("/ab", "/"));
  g_assert_true (fw_dupes_path_in_folder ("rel/x", "rel"));
}

/* Trashed paths leave the group; the rest keeps its selection. */
static void
test_remove_paths (void)
{
  g_autoptr(FwDupesChoice) c = choice_new (7, "/a:1:1", "/b:2:2", "/c:3:3", "/d:3:3", NULL);
  g_autoptr(GHashTable) gone = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_true (fw_dupes_choice_set_selected (c, 1, TRUE));
  g_assert_true (fw_dupes_choice_set_selected (c, 2, TRUE));
  g_hash_table_add (gone, (gpointer) "/a");
  g_assert_true (fw_dupes_choice_remove_paths (c, gone));
  g_assert_cmpuint (c->group->files->len, ==, 3);
  g_assert_cmpuint (c->group->n_inodes, ==, 2);
  g_assert_cmpuint (c->group->wasted, ==, 7);
  /* Both left are selected: the protection clears them. */
  assert_selected (c, "0 0 0");
  g_assert_true (((FwDupesFile *) c->group->files->pdata[1])->linked);

  g_assert_true (fw_dupes_choice_set_selected (c, 1, TRUE));
  g_hash_table_remove_all (gone);
  g_hash_table_add (gone, (gpointer) "/c");
  g_assert_true (fw_dupes_choice_remove_paths (c, gone));
  /* /d keeps its inode's selection, alone now. */
  assert_selected (c, "0 1");
  g_assert_false (((FwDupesFile *) c->group->files->pdata[1])->linked);
  g_hash_table_add (gone, (gpointer) "/d");
  g_assert_false (fw_dupes_choice_remove_paths (c, gone));
  g_assert_cmpuint (c->group->n_inodes, ==, 1);
  g_assert_cmpuint (c->group->wasted, ==, 0);
  assert_selected (c, "0");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dupes-select/last-copy", test_last_copy);
  g_test_add_func ("/dupes-select/links", test_links);
  g_test_add_func ("/dupes-select/rules", test_rules);
  g_test_add_func ("/dupes-select/in-folder", test_in_folder);
  g_test_add_func ("/dupes-select/remove-paths", test_remove_paths);
  return g_test_run ();
}
