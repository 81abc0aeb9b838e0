/* test-paced-list-model.c — FwPacedListModel: the batch's rows at the
 * list view's pace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moved here from the batch's tests with the pacing itself: the first
 * screenfuls a few dozen rows a step (they get widgets), then the rest in
 * one splice at most every 100 ms.
 */
#include "config.h"

#include <string.h>

#include "fw-job-list.h"
#include "fw-paced-list-model.h"
#include "fw-test-env.h"

/* The pace (fw-paced-list-model.c). */
#define FIRST_ROWS 240
#define MAX_FIRST_ROWS_PER_STEP 48
#define MAX_NEW_ROWS_PER_SPLICE 32768
#define REFRESH_US (100 * 1000)

typedef struct {
  GString *log;
  gint64   first;   /* when the first change came */
  gint64   last;    /* when the last change came */
} Log;

static void
log_items_changed (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   Log        *log)
{
  gint64 now = g_get_monotonic_time ();

  if (log->first == 0)
    log->first = now;
  log->last = now;
  g_string_append_printf (log->log, "%u-%u+%u;", position, removed, added);
}

/* Appends @n jobs named PREFIX0, PREFIX1, … to @list, in one splice. */
static void
append_jobs (FwJobList  *list,
             const char *prefix,
             guint       n)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("/x/%s%u", prefix, i);

      g_ptr_array_add (jobs, fw_job_new_for_path (FW_JOB_HASH, path, 1));
    }
  fw_job_list_append_take (list, jobs, n);
}

static void
wait_all_shown (FwPacedListModel *paced)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (fw_paced_list_model_get_n_pending (paced) > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* The model shows the items underneath, in their order. */
static void
assert_same_items (FwPacedListModel *paced)
{
  GListModel *model = fw_paced_list_model_get_model (paced);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (paced));

  g_assert_cmpuint (n + fw_paced_list_model_get_n_pending (paced), ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) a = g_list_model_get_item (G_LIST_MODEL (paced), i);
      g_autoptr(GObject) b = g_list_model_get_item (model, i);

      g_assert_true (a == b);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (paced), n));
}

/* More rows than the view makes widgets for at once: the first come a few
 * dozen a step, the rest in one splice on a refresh, 100 ms at the
 * soonest after the first step. */
static void
test_first_rows_then_splice (void)
{
  g_autoptr(FwJobList) list = fw_job_list_new ();
  g_autoptr(FwPacedListModel) paced = fw_paced_list_model_new (G_LIST_MODEL (list));
  Log log = { g_string_new (NULL), 0, 0 };

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (paced)) == FW_TYPE_JOB);
  g_signal_connect (paced, "items-changed", G_CALLBACK (log_items_changed), &log);
  append_jobs (list, "f-", 600);
  /* The first step comes at once, with the change underneath. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (paced)), ==, MAX_FIRST_ROWS_PER_STEP);
  g_assert_cmpuint (fw_paced_list_model_get_n_pending (paced), ==, 600 - MAX_FIRST_ROWS_PER_STEP);
  assert_same_items (paced);

  wait_all_shown (paced);
  g_assert_cmpstr (log.log->str, ==, "0-0+48;48-0+48;96-0+48;144-0+48;192-0+48;240-0+360;");
  g_assert_cmpint (log.last - log.first, >=, REFRESH_US);
  assert_same_items (paced);
  g_string_free (log.log, TRUE);
}

/* A splice holds MAX_NEW_ROWS_PER_SPLICE rows at most; rows already
 * there when the model is made come at the same pace. */
static void
test_splice_limit (void)
{
  const guint n = FIRST_ROWS + MAX_NEW_ROWS_PER_SPLICE + 1000;
  g_autoptr(FwJobList) list = fw_job_list_new ();
  g_autoptr(FwPacedListModel) paced = NULL;
  Log log = { g_string_new (NULL), 0, 0 };
  g_autofree char *expected = NULL;

  append_jobs (list, "f-", n);
  paced = fw_paced_list_model_new (G_LIST_MODEL (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (paced)), ==, MAX_FIRST_ROWS_PER_STEP);
  g_signal_connect (paced, "items-changed", G_CALLBACK (log_items_changed), &log);
  wait_all_shown (paced);
  expected = g_strdup_printf ("48-0+48;96-0+48;144-0+48;192-0+48;240-0+%u;%u-0+1000;",
                              MAX_NEW_ROWS_PER_SPLICE, FIRST_ROWS + MAX_NEW_ROWS_PER_SPLICE);
  g_assert_cmpstr (log.log->str, ==, expected);
  assert_same_items (paced);
  g_string_free (log.log, TRUE);
}

static gboolean
not_named (FwJob    *job,
           gpointer  names)
{
  return !g_strv_contains (names, fw_job_get_name (job));
}

/* Removals pass through at once: among the rows shown, one items-changed
 * like the one underneath; among the rows still to come, none; across
 * both, one over the range, as many rows shown as before. */
static void
test_changes_pass_through (void)
{
  g_autoptr(FwJobList) list = fw_job_list_new ();
  g_autoptr(FwPacedListModel) paced = fw_paced_list_model_new (G_LIST_MODEL (list));
  Log log = { g_string_new (NULL), 0, 0 };
  const char *doomed[] = { "a-4", "b-500", NULL };

  g_signal_connect (paced, "items-changed", G_CALLBACK (log_items_changed), &log);
  append_jobs (list, "a-", 10);
  g_assert_cmpstr (log.log->str, ==, "0-0+10;");
  fw_job_list_remove (list, 1);
  g_assert_cmpstr (log.log->str, ==, "0-0+10;1-1+0;");
  assert_same_items (paced);

  /* 9 shown; 600 more: the next step (not within a few milliseconds of
   * the last) shows 48 of them, 552 to come. */
  append_jobs (list, "b-", 600);
  while (g_list_model_get_n_items (G_LIST_MODEL (paced)) == 9)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (paced)), ==, 9 + MAX_FIRST_ROWS_PER_STEP);
  g_string_truncate (log.log, 0);
  fw_job_list_remove (list, 608);   /* to come */
  g_assert_cmpstr (log.log->str, ==, "");
  g_assert_cmpuint (fw_paced_list_model_get_n_pending (paced), ==, 608 - 57);
  fw_job_list_remove (list, 2);     /* shown: a-3 */
  g_assert_cmpstr (log.log->str, ==, "2-1+0;");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (paced)), ==, 56);
  assert_same_items (paced);

  /* A filter from a row shown (a-4, at 2) to one to come (b-500, at 508):
   * one change over the rows shown from 2, and as many rows shown. */
  g_string_truncate (log.log, 0);
  fw_job_list_filter (list, not_named, doomed);
  g_assert_cmpstr (log.log->str, ==, "2-54+54;");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (paced)), ==, 56);
  g_assert_cmpuint (fw_paced_list_model_get_n_pending (paced), ==, 605 - 56);
  assert_same_items (paced);

  fw_job_list_remove_all (list);
  g_assert_cmpstr (log.log->str, ==, "2-54+54;0-56+0;");
  g_assert_cmpuint (fw_paced_list_model_get_n_pending (paced), ==, 0);
  g_string_free (log.log, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  fw_test_env_setup ();
  g_test_init (&argc, &argv, NULL);
  fw_test_env_fatal_logs ();

  g_test_add_func ("/paced-list-model/first-rows-then-splice", test_first_rows_then_splice);
  g_test_add_func ("/paced-list-model/splice-limit", test_splice_limit);
  g_test_add_func ("/paced-list-model/changes-pass-through", test_changes_pass_through);
  return g_test_run ();
}
