/* test-window-compare.c — the window's Compare Files mode (issue 19,
 * item 4), under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fw-digest.h"
#include "fw-test-env.h"
#include "fw-test-window.h"

typedef FwTestWindow Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fw_test_reset_settings ("mode", NULL);
  fw_test_window_setup (f, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  fw_test_window_teardown (f, NULL);
  fw_test_reset_settings ("mode", NULL);
}

static void
write_text (Fixture    *f,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  fw_test_write (path, text, strlen (text));
}

/* Two files dropped: one row, named after both, its verdict in words. */
static void
test_verdicts (Fixture       *f,
               gconstpointer  data)
{
  write_text (f, "a.txt", "one\ntwo\nthree\n");
  write_text (f, "b.txt", "one\ntwo\nthrEe\n");
  write_text (f, "c.txt", "one\ntwo\nthree\n");
  write_text (f, "d.txt", "one\n");
  choose_job (f->window, "Compare Files", FW_BATCH_MODE_COMPARE);

  drop (f, "a.txt", "b.txt", NULL);
  wait_finished (f, 1);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 1);
  g_assert_cmpuint (count_cells (f, "a.txt ↔ b.txt"), ==, 1);
  g_assert_cmpuint (count_cells (f, "Different from byte 12 (line 3)"), ==, 1);
  /* The State column says it in one word. */
  g_assert_cmpuint (count_cells (f, "Different"), ==, 1);

  drop (f, "a.txt", "c.txt", NULL);
  wait_finished (f, 2);
  /* Both the State and the Result column. */
  g_assert_cmpuint (count_cells (f, "Identical"), ==, 2);

  drop (f, "a.txt", "d.txt", NULL);
  wait_finished (f, 3);
  g_assert_cmpuint (count_cells (f, "Sizes differ"), ==, 1);
  g_assert_cmpuint (count_cells (f, "Different"), ==, 2);

  drop (f, "a.txt", "gone.txt", NULL);
  wait_finished (f, 4);
  g_assert_cmpuint (count_cells (f, "“gone.txt”: File not found"), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 4);
}

/* One file, three files or a folder: a toast says what the mode needs,
 * no row is added and those already there stay. */
static void
test_not_two_files (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (f->dir, "sub", NULL);

  write_text (f, "a.txt", "a\n");
  write_text (f, "b.txt", "a\n");
  write_text (f, "c.txt", "c\n");
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  choose_job (f->window, "Compare Files", FW_BATCH_MODE_COMPARE);
  drop (f, "a.txt", "b.txt", NULL);
  wait_finished (f, 1);
  g_assert_cmpuint (count_cells (f, "Identical"), ==, 2);

  drop (f, "a.txt", NULL);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "Compare Files needs two files, not 1");
  drop (f, "a.txt", "b.txt", "c.txt", NULL);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "Compare Files needs two files, not 3");
  drop (f, "a.txt", "sub", NULL);
  g_assert_cmpstr (fw_window_get_last_toast (f->window), ==, "“sub” is a folder: Compare Files needs two files");

  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (fw_batch_get_scanning (f->batch));
  g_assert_cmpuint (g_list_model_get_n_items (fw_batch_get_jobs (f->batch)), ==, 1);
  g_assert_cmpuint (count_cells (f, "Identical"), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  fw_digest_init ();
  fw_test_env_setup ();
  gtk_test_init (&argc, &argv, NULL);
  fw_test_env_fatal_logs ();
  adw_init ();

  g_test_add ("/window-compare/verdicts", Fixture, NULL, fixture_setup, test_verdicts, fixture_teardown);
  g_test_add ("/window-compare/not-two-files", Fixture, NULL, fixture_setup, test_not_two_files, fixture_teardown);
  return g_test_run ();
}
