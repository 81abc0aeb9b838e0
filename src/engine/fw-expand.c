/* fw-expand.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fw-audit.h"
#include "fw-engine.h"
#include "fw-checksum-read.h"
#include "fw-display-name.h"
#include "fw-expand.h"
#include "fw-compare-tree.h"
#include "fw-exclude.h"
#include "fw-job.h"
#include "fw-job-compare-entry.h"
#include "fw-walk.h"

#define CHUNK 512

struct _FwExpandShared
{
  gatomicrefcount  ref;
  GMutex           lock;
  GPtrArray       *jobs;
  guint            active;     /* atomic */
  guint            n_found;    /* atomic */
  guint            n_skipped;  /* atomic */
  FwWake          *wake;       /* nullable */
  char           **exclude;    /* under lock: for the expansions started next */
};

FwExpandShared *
fw_expand_shared_new (FwWake *wake)
{
  FwExpandShared *shared = g_new0 (FwExpandShared, 1);

  g_atomic_ref_count_init (&shared->ref);
  shared->wake = wake != NULL ? fw_wake_ref (wake) : NULL;
  g_mutex_init (&shared->lock);
  shared->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  return shared;
}

FwExpandShared *
fw_expand_shared_ref (FwExpandShared *shared)
{
  g_atomic_ref_count_inc (&shared->ref);
  return shared;
}

void
fw_expand_shared_unref (FwExpandShared *shared)
{
  if (!g_atomic_ref_count_dec (&shared->ref))
    return;
  g_mutex_clear (&shared->lock);
  g_ptr_array_unref (shared->jobs);
  g_strfreev (shared->exclude);
  g_clear_pointer (&shared->wake, fw_wake_unref);
  g_free (shared);
}

GPtrArray *
fw_expand_shared_take (FwExpandShared *shared,
                       guint           max)
{
  GPtrArray *jobs = NULL;

  g_mutex_lock (&shared->lock);
  if (shared->jobs->len > 0 && shared->jobs->len <= max)
    {
      jobs = shared->jobs;
      shared->jobs = g_ptr_array_new_with_free_func (g_object_unref);
    }
  else if (shared->jobs->len > max)
    {
      jobs = g_ptr_array_new_full (max, g_object_unref);
      for (guint i = 0; i < max; i++)
        g_ptr_array_add (jobs, g_steal_pointer (&g_ptr_array_index (shared->jobs, i)));
      g_ptr_array_set_free_func (shared->jobs, NULL);
      g_ptr_array_remove_range (shared->jobs, 0, max);
      g_ptr_array_set_free_func (shared->jobs, g_object_unref);
    }
  g_mutex_unlock (&shared->lock);
  return jobs;
}

void
fw_expand_shared_set_exclude (FwExpandShared     *shared,
                              const char * const *patterns)
{
  g_mutex_lock (&shared->lock);
  g_strfreev (shared->exclude);
  shared->exclude = g_strdupv ((char **) patterns);
  g_mutex_unlock (&shared->lock);
}

/* (transfer full) (nullable): the patterns, or NULL for none; and in
 * @patterns, (transfer full), their strings (for size jobs). */
static FwExclude *
shared_exclude (FwExpandShared   *shared,
                char           ***patterns)
{
  FwExclude *exclude = NULL;

  g_mutex_lock (&shared->lock);
  *patterns = g_strdupv (shared->exclude);
  for (guint i = 0; shared->exclude != NULL && shared->exclude[i] != NULL; i++)
    {
      if (exclude == NULL)
        exclude = fw_exclude_new ();
      fw_exclude_add (exclude, shared->exclude[i]);
    }
  g_mutex_unlock (&shared->lock);
  return exclude;
}

guint
fw_expand_shared_get_active (FwExpandShared *shared)
{
  return g_atomic_int_get (&shared->active);
}

guint
fw_expand_shared_get_pending (FwExpandShared *shared)
{
  guint n;

  g_mutex_lock (&shared->lock);
  n = shared->jobs->len;
  g_mutex_unlock (&shared->lock);
  return n;
}

guint
fw_expand_shared_get_n_found (FwExpandShared *shared)
{
  return g_atomic_int_get (&shared->n_found);
}

guint
fw_expand_shared_get_n_skipped (FwExpandShared *shared)
{
  return g_atomic_int_get (&shared->n_skipped);
}

/* The thread ------------------------------------------------------------- */

typedef struct {
  FwExpandShared *shared;
  GPtrArray      *files;        /* GFile */
  FwBatchMode     mode;
  FwAlgorithmSet  algorithms;
  GCancellable   *cancellable;
  GPtrArray      *chunk;        /* FwJob, not yet handed over */
  gboolean        flushed;      /* a chunk was handed over */
  char           *root;         /* the dropped item being expanded */
  char           *host_root;    /* its host path, for a portal file, or NULL */
  char           *base_dir;     /* verify: where listed names resolve, or NULL */
  FwPool         *pool;         /* compare folders: where contents are read */
  FwExclude      *exclude;      /* what folders leave out (below the folder), or NULL */
  char          **exclude_patterns; /* the same, as strings: size jobs take them */
} Expand;

static void
expand_flush (Expand *e)
{
  if (e->chunk->len == 0)
    return;
  g_mutex_lock (&e->shared->lock);
  g_ptr_array_extend_and_steal (e->shared->jobs, g_steal_pointer (&e->chunk));
  g_mutex_unlock (&e->shared->lock);
  e->chunk = g_ptr_array_new_with_free_func (g_object_unref);
  /* The first files found: the consumer need not wait for its next poll
   * to start on them. */
  if (!e->flushed && e->shared->wake != NULL)
    fw_wake_raise (e->shared->wake);
  e->flushed = TRUE;
}

static void
expand_add (Expand *e,
            FwJob  *job)
{
  const char *path = fw_job_get_path (job);

  /* Files through the document portal show their host path. */
  if (e->host_root != NULL && path != NULL && g_str_has_prefix (path, e->root))
    {
      g_autofree char *host = g_strconcat (e->host_root, path + strlen (e->root), NULL);

      fw_job_set_display_path (job, host);
    }
  g_ptr_array_add (e->chunk, job);
  g_atomic_int_inc (&e->shared->n_found);
  if (e->chunk->len >= CHUNK)
    expand_flush (e);
}

static void
expand_add_failed (Expand     *e,
                   FwJobKind   kind,
                   GFile      *file,
                   const char *message)
{
  expand_add (e, fw_job_new_failed (kind, file, message));
}

/* The regular files under @path, in the CLI's order (fw-walk.h). */
static void
expand_walk (Expand     *e,
             const char *path)
{
  g_autoptr(FwWalk) walk = fw_walk_new (path);
  FwWalkEntry *entry;

  /* Below the dropped folder: `.*` in ~/.local/x leaves out x's hidden
   * entries, not x. */
  fw_walk_set_exclude_relative (walk, e->exclude);
  while ((entry = fw_walk_next (walk)) != NULL)
    {
      switch (entry->kind)
        {
        case FW_WALK_FILE:
          {
            /* The walk stat()ed it already (relative to its folder). */
            FwJob *job = fw_job_new_for_path (FW_JOB_HASH, entry->path,
                                              entry->size >= 0 ? (guint64) entry->size : 0);

            fw_job_set_algorithms (job, e->algorithms);
            fw_job_set_regular_only (job, TRUE);
            /* "2024/IMG_0001.jpg", not a second "IMG_0001.jpg". */
            fw_job_set_name_root (job, path);
            expand_add (e, job);
          }
          break;
        case FW_WALK_SKIPPED:
          g_atomic_int_inc (&e->shared->n_skipped);
          break;
        case FW_WALK_ERROR:
        default:
          {
            g_autoptr(GFile) file = g_file_new_for_path (entry->path);
            FwJob *job = fw_job_new_failed (FW_JOB_HASH, file, entry->error ? entry->error->message : "");

            fw_job_set_name_root (job, path);
            expand_add (e, job);
          }
          break;
        }
      fw_walk_entry_free (entry);
      if (g_cancellable_is_cancelled (e->cancellable))
        break;
    }
}

static void
expand_one (Expand *e,
            GFile  *file)
{
  g_autofree char *path = g_file_get_path (file);
  FwJobKind kind = e->mode == FW_BATCH_MODE_SIZE ? FW_JOB_SIZE :
                   e->mode == FW_BATCH_MODE_VERIFY ? FW_JOB_VERIFY : FW_JOB_HASH;
  struct stat st;

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *message =
        g_strdup_printf (_("No local path for %s: open its location in Files to mount it, then add it again"), uri);

      expand_add_failed (e, kind, file, message);
      return;
    }

  g_clear_pointer (&e->root, g_free);
  g_clear_pointer (&e->host_root, g_free);
  if (fw_display_name_is_portal_path (path))
    {
      e->root = g_strdup (path);
      e->host_root = fw_display_name_for_file (file, e->cancellable);
    }

  /* Sizing follows no symlink, as du and `fileworks-cli size` do: a link
   * is sized as itself, even one that leads nowhere. */
  if ((e->mode == FW_BATCH_MODE_SIZE ? lstat (path, &st) : stat (path, &st)) != 0)
    {
      int errsv = errno;
      FwJob *job = fw_job_new_failed_errno (kind, file, errsv);

      /* It may be there by Run Again: it is hashed then. */
      if (kind == FW_JOB_HASH)
        fw_job_set_algorithms (job, e->algorithms);
      expand_add (e, job);
      return;
    }

  switch (e->mode)
    {
    case FW_BATCH_MODE_SIZE:
      {
        FwJob *job = fw_job_new (FW_JOB_SIZE, file, 0);

        fw_job_set_is_folder (job, S_ISDIR (st.st_mode));
        /* Matched below the item when it runs, as hashed folders are. */
        if (S_ISDIR (st.st_mode))
          fw_job_set_exclude_patterns (job, (const char * const *) e->exclude_patterns);
        expand_add (e, job);
      }
      return;

    case FW_BATCH_MODE_VERIFY:
      if (S_ISREG (st.st_mode))
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) jobs = fw_expand_checksum_file (file, e->base_dir, &error);

          if (jobs == NULL)
            {
              expand_add_failed (e, FW_JOB_VERIFY, file, error->message);
              return;
            }
          for (guint i = 0; i < jobs->len; i++)
            expand_add (e, g_object_ref (g_ptr_array_index (jobs, i)));
          return;
        }
      G_GNUC_FALLTHROUGH;

    case FW_BATCH_MODE_HASH:
    default:
      if (S_ISDIR (st.st_mode))
        expand_walk (e, path);
      else if (S_ISREG (st.st_mode))
        {
          FwJob *job = fw_job_new (FW_JOB_HASH, file, (guint64) st.st_size);

          fw_job_set_algorithms (job, e->algorithms);
          /* Read only if still a regular file when opened, as a file found
           * in a folder is: one swapped for a FIFO meanwhile would block
           * its worker for good. */
          fw_job_set_regular_only (job, TRUE);
          /* A file named on its own (a download, most likely): its worker
           * looks for the checksum file beside it (issue 19). Not for
           * many at once: each look lists the folder. */
          fw_job_set_find_sibling (job, e->files->len <= FW_EXPAND_MAX_SIBLING_LOOKS);
          expand_add (e, job);
        }
      else
        expand_add (e, fw_job_new_skipped (FW_JOB_HASH, file,
                                           _("Not a regular file (a FIFO, socket or device)")));
      return;
    }
}

/* Compare mode: two regular files make one compare job; anything else
 * one failed row (the window says so before it gets here). */
static void
expand_compare (Expand *e)
{
  GFile **files = (GFile **) e->files->pdata;
  struct stat st[2];

  if (e->files->len != 2)
    {
      expand_add_failed (e, FW_JOB_COMPARE, files[0],
                         _("Compare Files takes exactly two files"));
      return;
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path == NULL || stat (path, &st[i]) != 0)
        {
          /* The job says which side is missing when it runs. */
          st[i].st_mode = S_IFREG;
          st[i].st_size = 0;
        }
      else if (S_ISDIR (st[i].st_mode))
        {
          expand_add_failed (e, FW_JOB_COMPARE, files[i],
                             _("A folder cannot be compared: choose two files"));
          return;
        }
    }
  expand_add (e, fw_job_new_compare (files[0], files[1], (guint64) st[0].st_size));
}

/* Compare Folders: the rows stream, so a chunk waits this long at most
 * for others to join it. */
#define FOLDER_ROWS_LATENCY_US (50 * 1000)

typedef struct {
  Expand     *e;
  const char *roots[2];
  gint64      last_flush;
} FolderCompare;

static void
folder_entry (const FwCompareTreeEntry *entry,
              gpointer                  user_data)
{
  FolderCompare *fc = user_data;
  gint64 now;

  expand_add (fc->e, fw_job_new_compare_entry (entry, fc->roots[0], fc->roots[1]));
  now = g_get_monotonic_time ();
  if (now - fc->last_flush >= FOLDER_ROWS_LATENCY_US)
    {
      expand_flush (fc->e);
      fc->last_flush = now;
    }
}

/* Compare Folders mode: two folders, compared as `compare -r` does. */
static void
expand_compare_folders (Expand *e)
{
  GFile **files = (GFile **) e->files->pdata;
  g_autofree char *path_a = NULL;
  g_autofree char *path_b = NULL;
  FolderCompare fc = { .e = e, .last_flush = g_get_monotonic_time () };

  if (e->files->len != 2)
    {
      expand_add_failed (e, FW_JOB_COMPARE_ENTRY, files[0],
                         _("Compare Folders takes exactly two folders"));
      return;
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      struct stat st;

      if (path == NULL)
        {
          expand_add_failed (e, FW_JOB_COMPARE_ENTRY, files[i],
                             _("This location has no local path; mount it first"));
          return;
        }
      if (stat (path, &st) != 0)
        {
          expand_add (e, fw_job_new_failed_errno (FW_JOB_COMPARE_ENTRY, files[i], errno));
          return;
        }
      if (!S_ISDIR (st.st_mode))
        {
          expand_add_failed (e, FW_JOB_COMPARE_ENTRY, files[i],
                             _("A file cannot be compared with a folder: choose two folders"));
          return;
        }
    }
  path_a = g_file_get_path (files[0]);
  path_b = g_file_get_path (files[1]);
  fc.roots[0] = path_a;
  fc.roots[1] = path_b;
  fw_compare_tree_excluding (path_a, path_b, e->exclude, e->pool, e->cancellable,
                             folder_entry, &fc, NULL);
}

static gpointer
expand_thread (gpointer data)
{
  Expand *e = data;
  gboolean one_by_one = e->mode != FW_BATCH_MODE_COMPARE && e->mode != FW_BATCH_MODE_COMPARE_FOLDERS;

  fw_engine_lower_thread_priority ();
  if (e->mode == FW_BATCH_MODE_COMPARE && e->files->len > 0)
    expand_compare (e);
  if (e->mode == FW_BATCH_MODE_COMPARE_FOLDERS && e->files->len > 0)
    expand_compare_folders (e);
  for (guint i = 0; one_by_one && i < e->files->len; i++)
    {
      if (g_cancellable_is_cancelled (e->cancellable))
        break;
      expand_one (e, g_ptr_array_index (e->files, i));
    }
  expand_flush (e);

  g_atomic_int_dec_and_test (&e->shared->active);
  /* The scan is over: so may be the batch. */
  if (e->shared->wake != NULL)
    fw_wake_raise (e->shared->wake);
  fw_expand_shared_unref (e->shared);
  g_ptr_array_unref (e->files);
  g_ptr_array_unref (e->chunk);
  g_free (e->root);
  g_free (e->host_root);
  g_free (e->base_dir);
  g_clear_object (&e->pool);
  g_clear_pointer (&e->exclude, fw_exclude_free);
  g_clear_pointer (&e->exclude_patterns, g_strfreev);
  g_clear_object (&e->cancellable);
  g_free (e);
  return NULL;
}

void
fw_expand_start (FwExpandShared  *shared,
                 GFile          **files,
                 guint            n_files,
                 FwBatchMode      mode,
                 FwAlgorithmSet   algorithms,
                 const char      *base_dir,
                 GCancellable    *cancellable)
{
  Expand *e = g_new0 (Expand, 1);

  e->base_dir = g_strdup (base_dir);

  e->shared = fw_expand_shared_ref (shared);
  e->files = g_ptr_array_new_full (n_files, g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (e->files, g_object_ref (files[i]));
  e->mode = mode;
  e->algorithms = algorithms;
  e->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  e->chunk = g_ptr_array_new_with_free_func (g_object_unref);
  e->exclude = shared_exclude (shared, &e->exclude_patterns);

  g_atomic_int_inc (&shared->active);
  g_thread_unref (g_thread_new ("fw-expand", expand_thread, e));
}

void
fw_expand_start_compare_folders (FwExpandShared      *shared,
                                 GFile              **files,
                                 guint                n_files,
                                 FwPool              *pool,
                                 const char * const  *exclude,
                                 GCancellable        *cancellable)
{
  Expand *e = g_new0 (Expand, 1);

  g_return_if_fail (FW_IS_POOL (pool));

  e->shared = fw_expand_shared_ref (shared);
  e->files = g_ptr_array_new_full (n_files, g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (e->files, g_object_ref (files[i]));
  e->mode = FW_BATCH_MODE_COMPARE_FOLDERS;
  e->pool = g_object_ref (pool);
  for (guint i = 0; exclude != NULL && exclude[i] != NULL; i++)
    {
      if (e->exclude == NULL)
        e->exclude = fw_exclude_new ();
      fw_exclude_add (e->exclude, exclude[i]);
    }
  e->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  e->chunk = g_ptr_array_new_with_free_func (g_object_unref);

  g_atomic_int_inc (&shared->active);
  g_thread_unref (g_thread_new ("fw-expand", expand_thread, e));
}

/* Checksum files --------------------------------------------------------- */

gboolean
fw_expand_is_checksum_file (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return basename != NULL && fw_audit_is_checksum_name (basename);
}

#define MAX_LINES_LISTED 5

/* "Lines 3, 7 are not checksum lines": lines sha256sum -c would warn
 * about ("improperly formatted"), on a row of their own, so that a damaged
 * checksum file never passes as verified. */
static char *
malformed_message (GArray *malformed)
{
  g_autoptr(GString) lines = g_string_new (NULL);

  for (guint i = 0; i < MIN (malformed->len, MAX_LINES_LISTED); i++)
    g_string_append_printf (lines, i == 0 ? "%u" : ", %u", g_array_index (malformed, guint, i));
  if (malformed->len > MAX_LINES_LISTED)
    g_string_append (lines, ", …");
  /* TRANSLATORS: %s is a line number, or a list of them ("3, 7, 12") */
  return g_strdup_printf (ngettext ("Line %s is not a checksum line",
                                    "Lines %s are not checksum lines", malformed->len),
                          lines->str);
}

GPtrArray *
fw_expand_checksum_file (GFile       *file,
                         const char  *base_dir,
                         GError     **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *dir = NULL;
  g_autoptr(FwChecksumList) list = NULL;
  g_autoptr(GPtrArray) jobs = NULL;

  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("No local path"));
      return NULL;
    }
  /* The window reads clear-signed lists (Fedora's CHECKSUM); `fileworks-cli
   * check` does not, as sha256sum -c does not. */
  list = fw_checksum_parse_file_full (path, FW_ALGORITHM_INVALID,
                                      FW_CHECKSUM_READ_CLEAR_SIGNED, NULL, error);
  if (list == NULL)
    return NULL;
  if (list->entries->len == 0)
    {
      g_autofree char *basename = g_path_get_basename (path);

      g_set_error (error, FW_ENGINE_ERROR, FW_ENGINE_ERROR_MALFORMED,
                   _("No properly formatted checksum lines found in %s"), basename);
      return NULL;
    }

  dir = base_dir != NULL ? g_strdup (base_dir) : g_path_get_dirname (path);
  jobs = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < list->entries->len; i++)
    g_ptr_array_add (jobs, fw_job_new_verify (g_steal_pointer (&g_ptr_array_index (list->entries, i)), dir));
  if (list->malformed->len > 0)
    {
      g_autofree char *message = malformed_message (list->malformed);

      g_ptr_array_add (jobs, fw_job_new_failed (FW_JOB_VERIFY, file, message));
    }
  for (guint i = 0; i < jobs->len; i++)
    fw_job_set_clear_signed (g_ptr_array_index (jobs, i), list->clear_signed);
  return g_steal_pointer (&jobs);
}
