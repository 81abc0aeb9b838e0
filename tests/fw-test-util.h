/* fw-test-util.h — small helpers shared by the engine and CLI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <glib/gstdio.h>

/* A fresh temporary folder; removed (recursively) by fw_test_rmtree(). */
static inline char *
fw_test_mkdtemp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("fw-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
fw_test_rmtree (const char *path)
{
  const char *argv[] = { "rm", "-rf", "--", path, NULL };
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH,
                               NULL, NULL, NULL, NULL, &status, NULL));
}

static inline void
fw_test_write (const char *path,
               const void *data,
               gsize       length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, (gssize) length, &error);
  g_assert_no_error (error);
}

/* Writes @size bytes drawn from a GRand seeded with @seed to @dir/@name
 * (making the folders on the way); returns them. */
static G_GNUC_UNUSED GBytes *
fw_test_write_random (const char *dir,
                      const char *name,
                      gsize       size,
                      guint32     seed)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  guint8 *data = g_malloc (size + 1);
  GRand *rand = g_rand_new_with_seed (seed);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_rand_int (rand);
  g_rand_free (rand);
  g_mkdir_with_parents (parent, 0755);
  g_file_set_contents (path, (char *) data, size, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, size);
}

/* Deterministic, non-repeating-looking bytes (not from any code under test). */
static inline guchar *
fw_test_pattern (gsize length,
                 guint seed)
{
  guchar *data = g_malloc (length + 1);
  guint32 x = 2463534242u ^ seed;

  for (gsize i = 0; i < length; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      data[i] = (guchar) x;
    }
  return data;
}

/* Runs @argv (searched in PATH) in @cwd; returns its stdout (owned), sets
 * *status to the exit status and *err to its stderr when not NULL.
 * Not inlined: GCC's -Wdangling-pointer then mistakes the returned string
 * for the address of the local it was spawned into. */
static G_GNUC_UNUSED __attribute__ ((noinline)) char *
fw_test_run (const char  *cwd,
             const char  *const *argv,
             int         *status,
             char       **err)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int wait_status = 0;

  g_spawn_sync (cwd, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, err, &wait_status, &error);
  g_assert_no_error (error);
  if (status != NULL)
    *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 128 + WTERMSIG (wait_status);
  return out;
}

static inline char *
fw_test_cli_path (void)
{
  const char *builddir = g_getenv ("FW_TOP_BUILDDIR");

  g_assert_nonnull (builddir);
  return g_build_filename (builddir, "src", "cli", "fileworks-cli", NULL);
}
