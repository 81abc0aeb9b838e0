/* test-compare-tree.c — the folder comparison piece: order with and
 * without a pool, identical entries, cancel, names and types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What diff prints is checked side by side with diff in
 * test-cli-compare-tree.c; this checks what only the engine shows.
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <gio/gio.h>

#include "fw-compare-tree.h"
#include "fw-pool.h"
#include "fw-test-util.h"

typedef struct {
  GPtrArray    *lines;
  GCancellable *cancel_at_first;
} Collect;

static void
collect (const FwCompareTreeEntry *entry,
         gpointer                  user_data)
{
  Collect *c = user_data;

  g_ptr_array_add (c->lines, g_strdup_printf ("%d %s %s %s %s %s %s", entry->verdict,
                                              entry->path_a ? entry->path_a : "-",
                                              entry->path_b ? entry->path_b : "-",
                                              entry->dir ? entry->dir : "-",
                                              entry->name ? entry->name : "-",
                                              entry->type_a ? entry->type_a : "-",
                                              entry->type_b ? entry->type_b : "-"));
  if (c->cancel_at_first != NULL)
    g_cancellable_cancel (c->cancel_at_first);
}

static void
put (const char *dir,
     const char *rel,
     const void *data,
     gsize       len)
{
  g_autofree char *path = g_build_filename (dir, rel, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_no_errno (g_mkdir_with_parents (parent, 0755));
  fw_test_write (path, data, len);
}

/* Two trees: many small pairs, a few large ones, every verdict. */
static char *
make_trees (void)
{
  char *dir = fw_test_mkdtemp ();
  g_autofree guchar *big = fw_test_pattern (200 * 1024, 3);

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *a = g_strdup_printf ("A/d%u/f%03u", i % 7, i);
      g_autofree char *b = g_strdup_printf ("B/d%u/f%03u", i % 7, i);
      g_autofree char *text = g_strdup_printf ("file %u\n", i);

      put (dir, a, text, strlen (text));
      /* Every tenth differs, of the same size. */
      if (i % 10 == 0)
        text[0] = 'F';
      if (i % 13 != 0)
        put (dir, b, text, strlen (text));
    }
  put (dir, "A/big-same", big, 200 * 1024);
  put (dir, "B/big-same", big, 200 * 1024);
  put (dir, "A/big-last", big, 200 * 1024);
  big[200 * 1024 - 1] ^= 1;
  put (dir, "B/big-last", big, 200 * 1024);
  put (dir, "A/sizes", "ab", 2);
  put (dir, "B/sizes", "abc", 3);
  put (dir, "B/d1/only-b/x", "x", 1);
  put (dir, "A/type", "x", 1);
  put (dir, "B/type/x", "x", 1);
  return dir;
}

static GPtrArray *
run_compare (const char   *dir,
             FwPool       *pool,
             GCancellable *cancel_at_first,
             gboolean     *ok,
             GError      **error)
{
  Collect c = { g_ptr_array_new_with_free_func (g_free), cancel_at_first };
  g_autofree char *a = g_build_filename (dir, "A", NULL);
  g_autofree char *b = g_build_filename (dir, "B", NULL);

  *ok = fw_compare_tree (a, b, pool, cancel_at_first, collect, &c, error);
  return c.lines;
}

static guint
count_verdict (GPtrArray            *lines,
               FwCompareTreeVerdict  verdict)
{
  g_autofree char *prefix = g_strdup_printf ("%d ", verdict);
  guint n = 0;

  for (guint i = 0; i < lines->len; i++)
    n += g_str_has_prefix (lines->pdata[i], prefix);
  return n;
}

static void
test_order (void)
{
  g_autofree char *dir = make_trees ();
  g_autoptr(FwPool) pool = fw_pool_new (4);
  g_autoptr(GPtrArray) serial = NULL;
  g_autoptr(GPtrArray) pooled = NULL;
  gboolean ok = FALSE;

  serial = run_compare (dir, NULL, NULL, &ok, NULL);
  g_assert_true (ok);
  /* With jobs finishing in any order, the entries keep diff's order. */
  for (guint round = 0; round < 5; round++)
    {
      g_clear_pointer (&pooled, g_ptr_array_unref);
      pooled = run_compare (dir, pool, NULL, &ok, NULL);
      g_assert_true (ok);
      g_assert_cmpuint (pooled->len, ==, serial->len);
      for (guint i = 0; i < serial->len; i++)
        g_assert_cmpstr (pooled->pdata[i], ==, serial->pdata[i]);
    }

  /* 300 pairs less 24 only in A; 30 differ of the same size, plus
   * big-last and sizes; the others identical, with big-same. */
  g_assert_cmpuint (count_verdict (serial, FW_COMPARE_TREE_ONLY_IN), ==, 24 + 1);
  g_assert_cmpuint (count_verdict (serial, FW_COMPARE_TREE_DIFFERENT), ==, 30 - 3 + 2);
  g_assert_cmpuint (count_verdict (serial, FW_COMPARE_TREE_IDENTICAL), ==, 300 - 24 - 27 + 1);
  g_assert_cmpuint (count_verdict (serial, FW_COMPARE_TREE_TYPES_DIFFER), ==, 1);
  g_assert_cmpuint (count_verdict (serial, FW_COMPARE_TREE_ERROR), ==, 0);
  fw_test_rmtree (dir);
}

static void
test_cancel (void)
{
  g_autofree char *dir = make_trees ();
  g_autoptr(FwPool) pool = fw_pool_new (2);

  for (guint with_pool = 0; with_pool < 2; with_pool++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GPtrArray) lines = NULL;
      g_autoptr(GError) error = NULL;
      gboolean ok = TRUE;

      lines = run_compare (dir, with_pool ? pool : NULL, cancellable, &ok, &error);
      g_assert_false (ok);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      /* Nothing after the cancel. */
      g_assert_cmpuint (lines->len, ==, 1);
    }
  fw_test_rmtree (dir);
}

static void
test_join (void)
{
  static const char *cases[][3] = {
    { "A", "x", "A/x" },
    { "A/", "x", "A/x" },
    { "A//", "x", "A/x" },
    { "/", "x", "/x" },
    { "//", "x", "//x" },
    { ".", "x", "./x" },
    { "./", "x", "./x" },
    { "a/b/", "x", "a/b/x" },
    { "a//b", "x", "a//b/x" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *joined = fw_compare_tree_join (cases[i][0], cases[i][1]);

      g_assert_cmpstr (joined, ==, cases[i][2]);
    }
}

static void
test_types (void)
{
  g_assert_cmpstr (fw_compare_tree_file_type (S_IFREG | 0644, 0), ==, "regular empty file");
  g_assert_cmpstr (fw_compare_tree_file_type (S_IFREG | 0644, 1), ==, "regular file");
  g_assert_cmpstr (fw_compare_tree_file_type (S_IFDIR | 0755, 4096), ==, "directory");
  g_assert_cmpstr (fw_compare_tree_file_type (S_IFIFO | 0644, 0), ==, "fifo");
  g_assert_cmpstr (fw_compare_tree_file_type (S_IFCHR | 0644, 0), ==, "character special file");
  g_assert_cmpstr (fw_compare_tree_file_type (S_IFBLK | 0644, 0), ==, "block special file");
  g_assert_cmpstr (fw_compare_tree_file_type (S_IFSOCK | 0644, 0), ==, "socket");
  g_assert_cmpstr (fw_compare_tree_file_type (S_IFLNK | 0777, 3), ==, "symbolic link");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/compare-tree/order", test_order);
  g_test_add_func ("/compare-tree/cancel", test_cancel);
  g_test_add_func ("/compare-tree/join", test_join);
  g_test_add_func ("/compare-tree/types", test_types);
  return g_test_run ();
}
