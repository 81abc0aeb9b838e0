/* test-size-tree.c — the window's size tree in the engine: a bounded tree
 * (every folder, each folder's largest files, "N other files"), the scan's
 * largest 100 files, and the sizes corrected after a trash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fw-pool.h"
#include "fw-size.h"
#include "fw-size-removal.h"
#include "fw-test-util.h"

static FwPool *pool;

static void
write_sized (const char *dir,
             const char *name,
             gsize       size)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autofree char *data = g_malloc (size + 1);

  /* Non-zero bytes: no file system makes them sparse. */
  memset (data, 'x', size);
  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  fw_test_write (path, data, size);
}

static guint64
disk_of (const char *path)
{
  struct stat st;

  g_assert_cmpint (lstat (path, &st), ==, 0);
  return (guint64) st.st_blocks * 512;
}

static FwSizeResult *
scan_tree (const char *path)
{
  g_autoptr(FwSizeScan) s = fw_size_scan_new (path, FW_SIZE_RECORD_TREE |
                                                    FW_SIZE_RECORD_LARGEST_FILES);
  g_autoptr(GError) error = NULL;
  FwSizeResult *result = fw_size_scan_run (s, pool, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_nonnull (result->tree);
  return result;
}

static FwSizeNode *
child (FwSizeNode *folder,
       const char *name)
{
  FwSizeNode *node = fw_size_node_find_child (folder, name);

  g_assert_nonnull (node);
  return node;
}

/* A folder of 100 files keeps its 32 largest as nodes and one sum of the
 * other 68; every folder is kept; totals add up to the scan's. */
static void
test_bounded (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autofree char *wide = g_build_filename (dir, "wide", NULL);
  g_autoptr(FwSizeResult) result = NULL;
  FwSizeNode *w;
  guint64 rest_disk = 0, min_kept = G_MAXUINT64, max_rest = 0;
  guint n_files = 0;

  for (guint i = 1; i <= 100; i++)
    {
      g_autofree char *name = g_strdup_printf ("f%03u", i);
      write_sized (wide, name, i * 1500);
    }
  write_sized (dir, "deep/er/still/leaf", 10);
  write_sized (dir, "top", 10);

  result = scan_tree (dir);
  w = child (result->tree, "wide");
  for (guint i = 0; i < w->n_children; i++)
    {
      g_assert_cmpint (w->children[i]->kind, ==, FW_SIZE_NODE_FILE);
      min_kept = MIN (min_kept, w->children[i]->disk_usage);
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, FW_SIZE_N_KEPT_FILES);
  g_assert_cmpuint (w->n_rest, ==, 100 - FW_SIZE_N_KEPT_FILES);
  /* The rest is what the kept nodes are not, and none of it is larger. */
  for (guint i = 1; i <= 100; i++)
    {
      g_autofree char *name = g_strdup_printf ("f%03u", i);
      g_autofree char *path = g_build_filename (wide, name, NULL);

      if (fw_size_node_find_child (w, name) == NULL)
        {
          rest_disk += disk_of (path);
          max_rest = MAX (max_rest, disk_of (path));
        }
    }
  g_assert_cmpuint (w->rest_disk_usage, ==, rest_disk);
  g_assert_cmpuint (max_rest, <=, min_kept);
  g_assert_cmpuint (w->total_files, ==, 100);

  /* Every folder is a node, and the totals are the scan's. */
  g_assert_cmpint (child (child (child (result->tree, "deep"), "er"), "still")->kind, ==,
                   FW_SIZE_NODE_DIR);
  g_assert_cmpuint (result->tree->total_disk_usage, ==, result->disk_usage);
  g_assert_cmpuint (result->tree->total_apparent_size, ==, result->apparent_size);
  g_assert_cmpuint (result->tree->total_dirs, ==, result->n_dirs);
  g_assert_cmpuint (result->tree->total_files, ==, result->n_files + result->n_others);
  {
    guint64 all = disk_of (wide);

    for (guint i = 0; i < w->n_children; i++)
      all += w->children[i]->disk_usage;
    g_assert_cmpuint (w->total_disk_usage, ==, all + rest_disk);
  }
  fw_test_rmtree (dir);
}

/* The 100 largest files anywhere, largest first, each with its folder:
 * none left out is larger than one kept. */
static void
test_largest_100 (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autoptr(FwSizeResult) result = NULL;
  g_autoptr(GHashTable) kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint64 smallest_kept = G_MAXUINT64, largest_left = 0;

  for (guint f = 0; f < 3; f++)
    for (guint i = 1; i <= 60; i++)
      {
        g_autofree char *name = g_strdup_printf ("d%u/sub/f%02u", f, i);
        write_sized (dir, name, (i * 3 + f) * 700);
      }

  result = scan_tree (dir);
  g_assert_cmpuint (result->largest_files->len, ==, FW_SIZE_N_LARGEST_FILES);
  for (guint i = 0; i < result->largest_files->len; i++)
    {
      FwSizeFile *file = g_ptr_array_index (result->largest_files, i);
      g_autofree char *folder = fw_size_node_get_path (file->folder);
      g_autofree char *path = g_build_filename (folder, file->name, NULL);

      if (i > 0)
        g_assert_cmpuint (file->disk_usage, <=,
                          ((FwSizeFile *) g_ptr_array_index (result->largest_files, i - 1))->disk_usage);
      g_assert_cmpuint (file->disk_usage, ==, disk_of (path));
      g_assert_cmpint (file->nlink, ==, 1);
      smallest_kept = MIN (smallest_kept, file->disk_usage);
      g_hash_table_add (kept, g_steal_pointer (&path));
    }
  for (guint f = 0; f < 3; f++)
    for (guint i = 1; i <= 60; i++)
      {
        g_autofree char *path = g_strdup_printf ("%s/d%u/sub/f%02u", dir, f, i);

        if (!g_hash_table_contains (kept, path))
          largest_left = MAX (largest_left, disk_of (path));
      }
  g_assert_cmpuint (largest_left, <=, smallest_kept);
  fw_test_rmtree (dir);
}

/* A folder's totals are final when the tree hook streams it. */
typedef struct {
  GMutex      lock;
  GHashTable *seen;   /* node → its total disk usage when streamed */
} Streamed;

static void
record_hook (FwSizeScan *scan,
             FwSizeNode *folder,
             gpointer    user_data)
{
  Streamed *s = user_data;

  g_mutex_lock (&s->lock);
  g_hash_table_insert (s->seen, folder, g_memdup2 (&folder->total_disk_usage, sizeof (guint64)));
  g_mutex_unlock (&s->lock);
}

static void
test_streamed_totals (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autoptr(FwSizeScan) s = fw_size_scan_new (dir, FW_SIZE_RECORD_TREE | FW_SIZE_RECORD_LARGEST_FILES);
  g_autoptr(FwSizeResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Streamed streamed = { 0 };
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("a%u/b%u/c/f", i % 4, i);
      write_sized (dir, name, 5000 + i * 100);
    }
  g_mutex_init (&streamed.lock);
  streamed.seen = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  fw_size_scan_set_tree_hook (s, record_hook, &streamed, NULL);
  result = fw_size_scan_run (s, pool, NULL, &error);
  g_assert_no_error (error);
  /* root + 4 a + 20 b + 20 c */
  g_assert_cmpuint (g_hash_table_size (streamed.seen), ==, 45);
  g_hash_table_iter_init (&iter, streamed.seen);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpuint (((FwSizeNode *) key)->total_disk_usage, ==, *(guint64 *) value);
  g_assert_cmpuint (result->tree->total_disk_usage, ==, result->disk_usage);
  g_hash_table_unref (streamed.seen);
  g_mutex_clear (&streamed.lock);
  fw_test_rmtree (dir);
}

/* A file with another hard link frees nothing; a folder holding every name
 * of it frees it; one holding only one name does not. */
static void
test_hardlink_frees_nothing (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autofree char *a_f = g_build_filename (dir, "both", "a", "f", NULL);
  g_autofree char *b_g = g_build_filename (dir, "both", "b", "g", NULL);
  g_autofree char *single = g_build_filename (dir, "both", "a", "single", NULL);
  g_autofree char *a_dir = g_build_filename (dir, "both", "a", NULL);
  g_autoptr(FwSizeResult) result = NULL;
  FwSizeRemoval removal;
  FwSizeNode *both, *a, *f;
  guint64 total, a_total, both_total;

  write_sized (dir, "both/a/f", 40000);
  write_sized (dir, "both/a/single", 30000);
  write_sized (dir, "both/b/other", 100);
  g_assert_cmpint (link (a_f, b_g), ==, 0);

  result = scan_tree (dir);
  both = child (result->tree, "both");
  a = child (both, "a");
  f = child (a, "f");
  g_assert_cmpuint (f->nlink, ==, 2);

  fw_size_removal_plan (f, "/nonexistent-trash", &removal);
  g_assert_cmpint (removal.kind, ==, FW_SIZE_REMOVAL_LINKED);
  g_assert_cmpuint (removal.disk_usage, ==, 0);

  /* "a" holds one name of two: it frees its own entry and "single". */
  fw_size_removal_plan (a, "/nonexistent-trash", &removal);
  g_assert_cmpint (removal.kind, ==, FW_SIZE_REMOVAL_FREES);
  g_assert_cmpuint (removal.disk_usage, ==, disk_of (single) + disk_of (a_dir));

  /* "both" holds both names: all of it is freed. */
  fw_size_removal_plan (both, "/nonexistent-trash", &removal);
  g_assert_cmpint (removal.kind, ==, FW_SIZE_REMOVAL_FREES);
  g_assert_cmpuint (removal.disk_usage, ==, both->total_disk_usage);

  /* Trashing the linked name: the totals stay, the entry leaves. */
  total = result->tree->total_disk_usage;
  a_total = a->total_disk_usage;
  both_total = both->total_disk_usage;
  fw_size_removal_plan (f, "/nonexistent-trash", &removal);
  fw_size_tree_remove (f, "/nonexistent-trash", &removal);
  g_assert_null (fw_size_node_find_child (a, "f"));
  g_assert_cmpuint (result->tree->total_disk_usage, ==, total);
  g_assert_cmpuint (a->total_disk_usage, ==, a_total);
  g_assert_cmpuint (both->total_disk_usage, ==, both_total);
  g_assert_cmpuint (a->total_files, ==, 1);
  fw_test_rmtree (dir);
}

/* A trashed file with one link: every folder above drops by its size, the
 * others stay. A file summed among the "other files" likewise. */
static void
test_remove_frees (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autofree char *big = g_build_filename (dir, "x", "y", "big", NULL);
  g_autoptr(FwSizeResult) result = NULL;
  FwSizeRemoval removal;
  FwSizeNode *x, *y, *z;
  guint64 total, x_total, y_total, z_total, freed;
  FwSizeFile *smallest_rest = NULL;

  write_sized (dir, "x/y/big", 90000);
  write_sized (dir, "z/other", 20000);
  /* 40 large files in one folder: all among the 100 largest, 8 of them
   * only in its "other files". */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("many/f%02u", i);
      write_sized (dir, name, 30000 + i * 1000);
    }
  result = scan_tree (dir);
  x = child (result->tree, "x");
  y = child (x, "y");
  z = child (result->tree, "z");
  total = result->tree->total_disk_usage;
  x_total = x->total_disk_usage;
  y_total = y->total_disk_usage;
  z_total = z->total_disk_usage;
  freed = disk_of (big);

  fw_size_removal_plan (child (y, "big"), "/nonexistent-trash", &removal);
  g_assert_cmpint (removal.kind, ==, FW_SIZE_REMOVAL_FREES);
  g_assert_cmpuint (removal.disk_usage, ==, freed);
  fw_size_tree_remove (child (y, "big"), "/nonexistent-trash", &removal);
  g_assert_cmpuint (result->tree->total_disk_usage, ==, total - freed);
  g_assert_cmpuint (x->total_disk_usage, ==, x_total - freed);
  g_assert_cmpuint (y->total_disk_usage, ==, y_total - freed);
  g_assert_cmpuint (z->total_disk_usage, ==, z_total);
  g_assert_cmpuint (y->total_files, ==, 0);

  for (guint i = 0; i < result->largest_files->len; i++)
    {
      FwSizeFile *file = g_ptr_array_index (result->largest_files, i);

      if (fw_size_node_find_child (file->folder, file->name) == NULL)
        smallest_rest = file;
    }
  g_assert_nonnull (smallest_rest);
  {
    FwSizeNode *many = smallest_rest->folder;
    guint64 n_rest = many->n_rest, many_total = many->total_disk_usage;

    total = result->tree->total_disk_usage;
    fw_size_removal_plan_file (smallest_rest, "/nonexistent-trash", &removal);
    g_assert_cmpint (removal.kind, ==, FW_SIZE_REMOVAL_FREES);
    fw_size_tree_remove_file (smallest_rest, "/nonexistent-trash", &removal);
    g_assert_cmpuint (many->n_rest, ==, n_rest - 1);
    g_assert_cmpuint (many->total_disk_usage, ==, many_total - smallest_rest->disk_usage);
    g_assert_cmpuint (result->tree->total_disk_usage, ==, total - smallest_rest->disk_usage);
  }
  fw_test_rmtree (dir);
}

/* A trash folder inside the scanned tree: the entry only moves; the total
 * stays, the folders between lose it and the trash gains it. */
static void
test_trash_inside_moves (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autofree char *trash = g_build_filename (dir, "home", "Trash", NULL);
  g_autofree char *file = g_build_filename (dir, "data", "deep", "file", NULL);
  g_autoptr(FwSizeResult) result = NULL;
  FwSizeRemoval removal;
  FwSizeNode *data, *deep, *home, *trash_node;
  guint64 total, size, data_total, home_total, trash_total;

  write_sized (dir, "data/deep/file", 50000);
  write_sized (dir, "home/Trash/files/old", 10);
  result = scan_tree (dir);
  data = child (result->tree, "data");
  deep = child (data, "deep");
  home = child (result->tree, "home");
  trash_node = child (home, "Trash");
  total = result->tree->total_disk_usage;
  data_total = data->total_disk_usage;
  home_total = home->total_disk_usage;
  trash_total = trash_node->total_disk_usage;
  size = disk_of (file);

  fw_size_removal_plan (child (deep, "file"), trash, &removal);
  g_assert_cmpint (removal.kind, ==, FW_SIZE_REMOVAL_MOVES_INSIDE);
  g_assert_cmpuint (removal.disk_usage, ==, 0);
  fw_size_tree_remove (child (deep, "file"), trash, &removal);
  g_assert_cmpuint (result->tree->total_disk_usage, ==, total);
  g_assert_cmpuint (data->total_disk_usage, ==, data_total - size);
  g_assert_cmpuint (home->total_disk_usage, ==, home_total + size);
  g_assert_cmpuint (trash_node->total_disk_usage, ==, trash_total + size);

  /* A folder likewise. */
  fw_size_removal_plan (data, trash, &removal);
  g_assert_cmpint (removal.kind, ==, FW_SIZE_REMOVAL_MOVES_INSIDE);
  fw_test_rmtree (dir);
}

/* A folder's kept files are nodes with their own lstat and name (long
 * names included), and its other files are summed whole: disk usage,
 * apparent size, count and latest change, whichever order readdir gives,
 * those refused at once as well as those a larger file pushed out. */
static void
test_kept_fields (void)
{
  g_autofree char *dir = fw_test_mkdtemp ();
  g_autofree char *wide = g_build_filename (dir, "wide", NULL);
  g_autoptr(FwSizeResult) result = NULL;
  guint64 rest_disk = 0, rest_apparent = 0, n_rest = 0;
  gint64 rest_mtime = 0;
  FwSizeNode *w;
  guint n = 3 * FW_SIZE_N_KEPT_FILES;

  for (guint i = 1; i <= n; i++)
    {
      /* Long names (248 bytes) too; every file a different size and mtime. */
      g_autofree char *name = g_strdup_printf ("%0*u", i % 7 == 0 ? 248 : 4, i);
      g_autofree char *path = g_build_filename (wide, name, NULL);
      struct timespec times[2] = { { 0, UTIME_OMIT }, { 1000000 + (time_t) (i * 7919 % 997), 0 } };

      /* The 40 smallest share one block and the latest change: more than
       * a folder keeps, so some are refused at once, whatever the order. */
      if (i <= 40)
        times[1].tv_sec = 2000000;
      write_sized (wide, name, i <= 40 ? 100 + i : i * 4096 + i);
      g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
    }

  result = scan_tree (dir);
  w = child (result->tree, "wide");
  g_assert_cmpuint (w->n_children, ==, FW_SIZE_N_KEPT_FILES);
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%0*u", i % 7 == 0 ? 248 : 4, i);
      g_autofree char *path = g_build_filename (wide, name, NULL);
      FwSizeNode *node = fw_size_node_find_child (w, name);
      g_autofree char *node_path = NULL;
      struct stat st;

      g_assert_cmpint (lstat (path, &st), ==, 0);
      if (node == NULL)
        {
          rest_disk += (guint64) st.st_blocks * 512;
          rest_apparent += (guint64) st.st_size;
          rest_mtime = MAX (rest_mtime, (gint64) st.st_mtime);
          n_rest++;
          continue;
        }
      /* The largest third is kept (each file larger than the one before). */
      g_assert_cmpuint (i, >, n - FW_SIZE_N_KEPT_FILES);
      g_assert_true (node->parent == w);
      g_assert_cmpint (node->kind, ==, FW_SIZE_NODE_FILE);
      g_assert_cmpuint (node->disk_usage, ==, (guint64) st.st_blocks * 512);
      g_assert_cmpuint (node->apparent_size, ==, (guint64) st.st_size);
      g_assert_cmpint (node->mtime, ==, st.st_mtime);
      g_assert_cmpuint (node->ino, ==, st.st_ino);
      g_assert_cmpuint (node->nlink, ==, 1);
      g_assert_true (node->counted);
      node_path = fw_size_node_get_path (node);
      g_assert_cmpstr (node_path, ==, path);
    }
  g_assert_cmpuint (w->n_rest, ==, n_rest);
  g_assert_cmpuint (w->rest_disk_usage, ==, rest_disk);
  g_assert_cmpuint (w->rest_apparent_size, ==, rest_apparent);
  g_assert_cmpint (w->rest_mtime, ==, rest_mtime);
  g_assert_cmpuint (w->total_files, ==, n);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  pool = fw_pool_new (2);
  g_test_add_func ("/size-tree/bounded", test_bounded);
  g_test_add_func ("/size-tree/largest-100", test_largest_100);
  g_test_add_func ("/size-tree/streamed-totals", test_streamed_totals);
  g_test_add_func ("/size-tree/hardlink-frees-nothing", test_hardlink_frees_nothing);
  g_test_add_func ("/size-tree/remove-frees", test_remove_frees);
  g_test_add_func ("/size-tree/trash-inside-moves", test_trash_inside_moves);
  g_test_add_func ("/size-tree/kept-fields", test_kept_fields);
  status = g_test_run ();
  g_object_unref (pool);
  return status;
}
