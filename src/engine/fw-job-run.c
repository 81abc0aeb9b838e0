/* fw-job-run.c — running a job on a worker, and applying its outcome
 *
 * A job runs in two halves: fw_job_execute() on a pool worker (reads the
 * file, writes only the job's atomics and worker-owned fields) and
 * fw_job_apply_outcome() on the main thread (moves the outcome into the
 * job and notifies). FwJob's object, properties and getters are in
 * fw-job.c; the struct both see is in fw-job-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fw-engine.h"
#include "fw-job.h"
#include "fw-job-size.h"
#include "fw-job-private.h"
#include "fw-sibling.h"
#include "fw-verify.h"

/* Guards FwJob.size_tree: the worker swaps it as a run starts, the main
 * thread takes references (fw_job_dup_size_tree()). */
static GMutex size_tree_lock;

FwJobSizeTree *
fw_job_dup_size_tree (FwJob *self)
{
  FwJobSizeTree *tree;

  g_return_val_if_fail (FW_IS_JOB (self), NULL);

  g_mutex_lock (&size_tree_lock);
  tree = self->size_tree != NULL ? fw_job_size_tree_ref (self->size_tree) : NULL;
  g_mutex_unlock (&size_tree_lock);
  return tree;
}

/* Main thread, as the outcome is applied: the run's tree is over, with
 * @result (taken) or without. A tree already over stays as it is (a row
 * cancelled before it ran again keeps its last run's tree). */
static void
finish_size_tree (FwJob        *self,
                  FwSizeResult *result)
{
  g_autoptr(FwJobSizeTree) tree = fw_job_dup_size_tree (self);

  if (tree != NULL)
    fw_job_size_tree_finish (tree, result);
  else
    fw_size_result_free (result);
}

struct _FwJobOutcome
{
  gboolean        digest_in_job;   /* one digest, in the job's digest_hex */
  guint64         size;            /* bytes hashed */
  FwDigestResult *digests;         /* several */
  FwVerifyResult *verify;
  FwSizeResult   *scan;
  FwSibling      *sibling;         /* the checksum file beside it, if looked for */
  gboolean        compared;        /* compare jobs: in the job's compare */
};

/* The hex of the one digest @digests holds, or %NULL (none, or several). */
static const char *
only_digest (const FwDigestResult *digests)
{
  const char *only = NULL;

  if (digests == NULL)
    return NULL;
  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    if (digests->hex[a] != NULL)
      {
        if (only != NULL)
          return NULL;
        only = digests->hex[a];
      }
  return only;
}

/* Worker side ------------------------------------------------------------ */

FwJobOutcome *
fw_job_execute (FwJob              *self,
                const FwJobConfig  *config,
                GCancellable       *cancellable,
                GError            **error)
{
  g_autoptr(FwJobOutcome) outcome = g_new0 (FwJobOutcome, 1);
  guint64 *bytes_done = &self->bytes_done;

  g_assert (FW_IS_JOB (self));

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (self->path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("This location has no local path; mount it first"));
      return NULL;
    }

  switch (self->kind)
    {
    case FW_JOB_HASH:
      {
        g_autoptr(FwDigestResult) digests = NULL;
        FwAlgorithmSet algorithms = self->algorithms;
        const char *one;

        /* The checksum file beside it: its candidates in the same read. */
        if (self->expect.find_sibling)
          {
            outcome->sibling = fw_sibling_find (self->path, cancellable);
            if (outcome->sibling->status == FW_SIBLING_FOUND)
              algorithms |= outcome->sibling->algorithms;
          }
        digests = fw_digest_path_full (self->path, algorithms, config->buffer_size,
                                       self->regular_only ? FW_DIGEST_REGULAR_ONLY : FW_DIGEST_FLAGS_NONE,
                                       config->pool, cancellable, bytes_done, error);
        if (digests == NULL)
          return NULL;
        outcome->size = digests->size;
        one = only_digest (digests);
        if (one != NULL && strlen (one) <= DIGEST_HEX_MAX)
          {
            /* Into the job (see has_digest); this thread's copy is freed
             * here. The main thread reads it once the outcome is applied,
             * and no sooner. */
            for (guint a = 0; a < FW_N_ALGORITHMS; a++)
              if (digests->hex[a] == one)
                self->digest_algorithm = (FwAlgorithm) a;
            strcpy (self->digest_hex, one);
            outcome->digest_in_job = TRUE;
          }
        else
          outcome->digests = g_steal_pointer (&digests);   /* several, or a long one */
      }
      break;

    case FW_JOB_VERIFY:
      outcome->verify = fw_verify_entry (self->entry, self->base_dir, config->buffer_size,
                                         cancellable, bytes_done, error);
      if (outcome->verify == NULL)
        return NULL;
      break;

    case FW_JOB_SIZE:
      {
        g_autoptr(FwJobSizeTree) tree = NULL;
        g_autoptr(FwExclude) exclude =
          fw_exclude_new_from_patterns ((const char * const *) self->exclude_patterns);

        /* A folder's row keeps its tree, for Browse Sizes. */
        if (self->is_folder)
          {
            tree = fw_job_size_tree_new ();
            g_mutex_lock (&size_tree_lock);
            g_clear_pointer (&self->size_tree, fw_job_size_tree_unref);
            self->size_tree = fw_job_size_tree_ref (tree);
            g_mutex_unlock (&size_tree_lock);
          }
        outcome->scan = fw_job_size_run_tree (self->path, config->one_file_system, exclude, tree,
                                              config->size_pool, cancellable, bytes_done, error);
      }
      if (outcome->scan == NULL)
        return NULL;
      break;

    case FW_JOB_COMPARE:
      if (self->other_path == NULL)
        {
          self->compare.side = 1;
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("This location has no local path; mount it first"));
          return NULL;
        }
      /* Both sides at once, and no read at all when the sizes differ;
       * the worker is the first reader, a helper thread the second. */
      if (!fw_compare_paths_progress (self->path, self->other_path,
                                      FW_COMPARE_STOP_AT_SIZE | FW_COMPARE_COUNT_LINES |
                                      FW_COMPARE_TWO_READERS,
                                      cancellable, bytes_done, &self->compare, error))
        return NULL;
      outcome->compared = TRUE;
      break;

    default:
      g_assert_not_reached ();
    }

  return g_steal_pointer (&outcome);
}

void
fw_job_outcome_free (FwJobOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_clear_pointer (&outcome->digests, fw_digest_result_free);
  g_clear_pointer (&outcome->verify, fw_verify_result_free);
  g_clear_pointer (&outcome->scan, fw_size_result_free);
  g_clear_pointer (&outcome->sibling, fw_sibling_free);
  g_free (outcome);
}

void
fw_job_apply_outcome (FwJob        *self,
                      FwJobOutcome *outcome,
                      const GError *error)
{
  FwJobState state;

  g_return_if_fail (FW_IS_JOB (self));

  if (outcome == NULL)
    {
      if (self->kind == FW_JOB_SIZE)
        finish_size_tree (self, NULL);
      if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          state = FW_JOB_CANCELLED;
          fw_job_take_error (self, NULL);
        }
      else if (error != NULL && g_error_matches (error, FW_ENGINE_ERROR, FW_ENGINE_ERROR_SKIPPED))
        {
          /* Not a regular file when opened (found in a folder, or
           * swapped meanwhile): never read. */
          state = FW_JOB_SKIPPED;
          fw_job_take_error (self, g_error_copy (error));
        }
      else
        {
          state = FW_JOB_FAILED;
          if (self->kind == FW_JOB_VERIFY)
            {
              self->verdict = FW_JOB_VERDICT_MISSING;
              fw_job_notify_verdict (self);
            }
          fw_job_take_error (self, error != NULL
                                   ? g_error_copy (error)
                                   : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, _("Failed")));
        }
    }
  else if (outcome->digest_in_job || outcome->digests != NULL)
    {
      if (outcome->sibling != NULL)
        fw_job_expect_take_sibling (self, outcome->sibling);
      g_clear_pointer (&self->digests, fw_digest_result_free);
      self->digests = g_steal_pointer (&outcome->digests);
      self->has_digest = outcome->digest_in_job;
      __atomic_store_n (&self->bytes_done, outcome->size, __ATOMIC_RELAXED);
      fw_job_take_error (self, NULL);
      if (self->size != outcome->size)
        {
          self->size = outcome->size;
          fw_job_notify_size (self);
        }
      state = FW_JOB_DONE;
      fw_job_expect_check (self, TRUE);
    }
  else if (outcome->verify != NULL)
    {
      FwVerifyResult *v = outcome->verify;

      __atomic_store_n (&self->bytes_done, v->size, __ATOMIC_RELAXED);
      switch (v->status)
        {
        case FW_VERIFY_OK:
          self->verdict = FW_JOB_VERDICT_OK;
          fw_job_take_error (self, NULL);
          state = FW_JOB_DONE;
          break;
        case FW_VERIFY_FAILED:
          self->verdict = FW_JOB_VERDICT_MISMATCH;
          g_free (self->actual_hex);
          self->actual_hex = g_steal_pointer (&v->actual_hex);
          fw_job_take_error (self, NULL);
          state = FW_JOB_DONE;
          break;
        case FW_VERIFY_ERROR:
          if (v->not_regular)
            {
              /* A FIFO or socket the checksum file lists: not opened for
               * reading, and not a failure. */
              self->verdict = FW_JOB_VERDICT_NONE;
              fw_job_take_error (self, g_error_new_literal (FW_ENGINE_ERROR, FW_ENGINE_ERROR_SKIPPED,
                                                            v->message != NULL ? v->message : ""));
              state = FW_JOB_SKIPPED;
              break;
            }
          G_GNUC_FALLTHROUGH;
        case FW_VERIFY_MISSING:
        default:
          /* Opened but unreadable (a folder, a FIFO, an I/O error) is a
           * failure, not a missing file: choosing another folder would
           * not help it. */
          self->verdict = v->status == FW_VERIFY_MISSING ? FW_JOB_VERDICT_MISSING
                                                         : FW_JOB_VERDICT_NONE;
          fw_job_take_error (self, g_error_new_literal (G_IO_ERROR,
                                                        v->error_code != 0
                                                        ? g_io_error_from_errno (v->error_code)
                                                        : G_IO_ERROR_FAILED,
                                                        v->message != NULL ? v->message : ""));
          state = FW_JOB_FAILED;
          break;
        }
      fw_job_notify_verdict (self);
    }
  else if (outcome->compared)
    {
      /* The whole row is done, read to the end or not (the footer's
       * bytes); what was read is in the result's bytes_read. */
      __atomic_store_n (&self->bytes_done, self->size, __ATOMIC_RELAXED);
      fw_job_take_error (self, NULL);
      state = FW_JOB_DONE;
    }
  else
    {
      FwSizeResult *scan = outcome->scan;

      self->apparent_size = scan->apparent_size;
      self->n_files = scan->n_files;
      self->n_dirs = scan->n_dirs;
      g_clear_pointer (&self->largest, g_ptr_array_unref);
      self->largest = g_steal_pointer (&scan->largest);
      self->size = scan->disk_usage;
      /* The tree (if recorded) lives on with the row. */
      finish_size_tree (self, scan->tree != NULL ? g_steal_pointer (&outcome->scan) : NULL);
      fw_job_notify_size (self);
      fw_job_take_error (self, NULL);
      state = FW_JOB_DONE;
    }

  fw_job_outcome_free (outcome);
  fw_job_sync_progress (self);
  fw_job_set_state (self, state);
}
