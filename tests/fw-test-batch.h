/* fw-test-batch.h — a batch's rows by name, and endless files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the tests that run an FwBatch: test-batch (no GTK) and the
 * window tests (through fw-test-window.h). Main thread, but for the
 * endless files' hooks, which the digest's workers call.
 */
#pragma once

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fw-batch.h"
#include "fw-job.h"

/* The row named @name in @batch's list, or NULL. The list holds it. */
G_GNUC_UNUSED static FwJob *
find_job (FwBatch    *batch,
          const char *name)
{
  GListModel *model = fw_batch_get_jobs (batch);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (model, i);

      if (g_strcmp0 (fw_job_get_name (job), name) == 0)
        return job; /* the store keeps it alive */
    }
  return NULL;
}

/* Endless files, through the digest's I/O hooks (fw-digest-private.h):
 * a file whose path holds "endless-" is opened as /dev/zero and said by
 * fstat to be a regular file of 1 TiB, so it is read until cancelled.
 * A test sets n_endless_fds to 0 before it installs the hooks, and may
 * count the endless files opened since. */
G_GNUC_UNUSED static int endless_fds[64];
G_GNUC_UNUSED static guint n_endless_fds;
G_GNUC_UNUSED static GMutex endless_lock;

/* For an endless file's @path, a descriptor on /dev/zero, remembered as
 * endless; -1 for any other path. Any thread. */
G_GNUC_UNUSED static int
fw_test_open_endless (const char *path)
{
  int fd;

  if (strstr (path, "endless-") == NULL)
    return -1;
  fd = open ("/dev/zero", O_RDONLY | O_CLOEXEC);
  g_mutex_lock (&endless_lock);
  g_assert_cmpuint (n_endless_fds, <, G_N_ELEMENTS (endless_fds));
  endless_fds[n_endless_fds++] = fd;
  g_mutex_unlock (&endless_lock);
  return fd;
}

/* The fstat hook: an endless file's descriptor is a 1 TiB regular file. */
G_GNUC_UNUSED static int
hook_fstat (int          fd,
            struct stat *st,
            gpointer     user_data)
{
  int r = fstat (fd, st);
  gboolean endless = FALSE;

  g_mutex_lock (&endless_lock);
  for (guint i = 0; i < n_endless_fds; i++)
    endless |= endless_fds[i] == fd;
  g_mutex_unlock (&endless_lock);
  if (r == 0 && endless)
    {
      st->st_mode = S_IFREG | 0644;
      st->st_size = (off_t) 1 << 40;
    }
  return r;
}

/* Iterates the main context until @model (FwJobs) holds exactly @n_done
 * rows Done and @n_running rows running that have read something. */
G_GNUC_UNUSED static void
wait_done_and_running (GListModel *model,
                       guint       n_done,
                       guint       n_running)
{
  for (;;)
    {
      guint done = 0, running = 0;

      g_main_context_iteration (NULL, TRUE);
      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(FwJob) job = g_list_model_get_item (model, i);

          done += fw_job_get_state (job) == FW_JOB_DONE;
          running += fw_job_get_state (job) == FW_JOB_RUNNING && fw_job_get_bytes_done (job) > 0;
        }
      if (done == n_done && running == n_running)
        break;
    }
}
