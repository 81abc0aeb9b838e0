/* fw-job.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fw-engine.h"
#include "fw-job.h"
#include "fw-job-size.h"
#include "fw-job-compare-entry.h"
#include "fw-job-private.h"
#include "fw-sibling.h"
#include "fw-verify.h"

#include <glib/gstdio.h>


/* A job made from a path names itself after the path's last part, or
 * after its part under the dropped folder (fw_job_set_name_root()),
 * without a copy of it: the folder expansion makes one per file. */
static const char *
job_name (FwJob *self)
{
  const char *base;

  if (self->name != NULL || self->path == NULL)
    return self->name;
  if (self->name_offset > 0)
    return self->path + self->name_offset;
  base = strrchr (self->path, G_DIR_SEPARATOR);
  return base != NULL ? base + 1 : self->path;
}


enum {
  PROP_0,
  PROP_KIND,
  PROP_FILE,
  PROP_PATH,
  PROP_NAME,
  PROP_SIZE,
  PROP_STATE,
  PROP_PROGRESS,
  PROP_ERROR,
  PROP_VERDICT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FwJob, fw_job, G_TYPE_OBJECT)

static void
fw_job_finalize (GObject *object)
{
  FwJob *self = FW_JOB (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->display_path, g_free);
  g_clear_error (&self->error);
  g_clear_pointer (&self->digests, fw_digest_result_free);
  g_clear_pointer (&self->expected_hex, g_free);
  g_clear_pointer (&self->actual_hex, g_free);
  g_clear_pointer (&self->entry, fw_checksum_entry_free);
  g_clear_pointer (&self->base_dir, g_free);
  g_clear_pointer (&self->largest, g_ptr_array_unref);
  g_clear_pointer (&self->size_tree, fw_job_size_tree_unref);
  g_clear_pointer (&self->exclude_patterns, g_strfreev);
  fw_job_expect_clear (&self->expect);
  g_clear_object (&self->other_file);
  g_clear_pointer (&self->other_path, g_free);
  g_clear_pointer (&self->compare_entry, g_free);
  g_clear_pointer (&self->audit_other, g_free);

  G_OBJECT_CLASS (fw_job_parent_class)->finalize (object);
}

static void
fw_job_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  FwJob *self = FW_JOB (object);

  switch (prop_id)
    {
    case PROP_KIND: g_value_set_int (value, self->kind); break;
    case PROP_FILE: g_value_set_object (value, fw_job_get_file (self)); break;
    case PROP_PATH: g_value_set_string (value, self->path); break;
    case PROP_NAME: g_value_set_string (value, job_name (self)); break;
    case PROP_SIZE: g_value_set_uint64 (value, self->size); break;
    case PROP_STATE: g_value_set_int (value, self->state); break;
    case PROP_PROGRESS: g_value_set_double (value, self->progress); break;
    case PROP_ERROR: g_value_set_boxed (value, self->error); break;
    case PROP_VERDICT: g_value_set_int (value, self->verdict); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_job_class_init (FwJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = fw_job_finalize;
  object_class->get_property = fw_job_get_property;

  properties[PROP_KIND] = g_param_spec_int ("kind", NULL, NULL, 0, FW_JOB_COMPARE_ENTRY, 0, ro);
  properties[PROP_FILE] = g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, ro);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_SIZE] = g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, FW_JOB_CANCELLED, 0, ro);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, ro);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_VERDICT] = g_param_spec_int ("verdict", NULL, NULL, 0, FW_JOB_VERDICT_MISSING, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fw_job_init (FwJob *self)
{
  fw_job_expect_init (&self->expect);
  self->audit = FW_AUDIT_N_VERDICTS;
}

/**
 * fw_job_request_cancel:
 *
 * Marks the job cancelled by the user: a worker that takes it afterwards
 * returns at once. (The batch also cancels it if it runs.) Any thread.
 */
void
fw_job_request_cancel (FwJob *self)
{
  g_atomic_int_set (&self->cancel_requested, TRUE);
}

gboolean
fw_job_get_cancel_requested (FwJob *self)
{
  return g_atomic_int_get (&self->cancel_requested);
}

/**
 * fw_job_new:
 * @kind: what to do
 * @file: the item
 * @size: its size in bytes as found when it was added (0 for folders)
 *
 * Returns: (transfer full): a queued job
 */
FwJob *
fw_job_new (FwJobKind  kind,
            GFile     *file,
            guint64    size)
{
  g_autofree char *path = NULL;
  FwJob *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  if (path != NULL)
    self = fw_job_new_for_path (kind, path, size);
  else
    {
      /* No local path (an unmounted MTP or SFTP location): the row says
       * so when it runs; its name comes from the location. */
      self = g_object_new (FW_TYPE_JOB, NULL);
      self->kind = kind;
      self->name = g_file_get_basename (file);
      if (self->name == NULL)
        self->name = g_file_get_uri (file);
      self->size = size;
    }
  self->file = g_object_ref (file);
  return self;
}

/**
 * fw_job_new_compare:
 * @file_a: the first file
 * @file_b: the second file
 * @size: @file_a's size as found when it was added (the progress's whole)
 *
 * A job that compares @file_a with @file_b byte by byte (the window's
 * Compare Files mode), named "a ↔ b" after both files' names.
 *
 * Returns: (transfer full): a queued compare job
 */
FwJob *
fw_job_new_compare (GFile   *file_a,
                    GFile   *file_b,
                    guint64  size)
{
  g_autofree char *name_a = NULL;
  g_autofree char *name_b = NULL;
  FwJob *self;

  g_return_val_if_fail (G_IS_FILE (file_a), NULL);
  g_return_val_if_fail (G_IS_FILE (file_b), NULL);

  self = fw_job_new (FW_JOB_COMPARE, file_a, size);
  self->other_file = g_object_ref (file_b);
  self->other_path = g_file_get_path (file_b);
  name_a = g_file_get_basename (file_a);
  name_b = g_file_get_basename (file_b);
  g_free (self->name);
  self->name = g_strdup_printf ("%s ↔ %s", name_a, name_b);
  return self;
}

GFile *
fw_job_get_other_file (FwJob *self)
{
  g_return_val_if_fail (FW_IS_JOB (self), NULL);

  return self->other_file;
}

const FwCompareResult *
fw_job_get_compare_result (FwJob *self)
{
  g_return_val_if_fail (FW_IS_JOB (self), NULL);

  if (self->kind != FW_JOB_COMPARE ||
      (self->state != FW_JOB_DONE && self->state != FW_JOB_FAILED))
    return NULL;
  return &self->compare;
}

/**
 * fw_job_new_for_path:
 * @kind: what to do
 * @path: an absolute, canonical local path
 * @size: its size in bytes as found when it was added
 *
 * Like fw_job_new(), without a GFile until one is asked for: the folder
 * expansion makes one of these per file it finds.
 *
 * Returns: (transfer full): a queued job
 */
FwJob *
fw_job_new_for_path (FwJobKind   kind,
                     const char *path,
                     guint64     size)
{
  FwJob *self;
  const char *base;

  g_return_val_if_fail (path != NULL && g_path_is_absolute (path), NULL);

  self = g_object_new (FW_TYPE_JOB, NULL);
  self->kind = kind;
  self->path = g_strdup (path);
  self->path_hash = g_str_hash (self->path);
  base = strrchr (self->path, G_DIR_SEPARATOR);
  if (base == NULL || base[1] == '\0')
    self->name = g_path_get_basename (self->path);   /* "/" */
  self->size = size;
  return self;
}

/**
 * fw_job_new_failed:
 * @message: why, for the user (already translated)
 *
 * A job that failed before it could be queued (a location without a local
 * path, an unreadable folder, …): a row that says why. Its error
 * (fw_job_get_error()) is a %G_IO_ERROR_FAILED with @message.
 *
 * Returns: (transfer full): a failed job
 */
FwJob *
fw_job_new_failed (FwJobKind   kind,
                   GFile      *file,
                   const char *message)
{
  FwJob *self = fw_job_new (kind, file, 0);

  self->state = FW_JOB_FAILED;
  self->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, message != NULL ? message : "");
  return self;
}

FwJob *
fw_job_new_failed_errno (FwJobKind  kind,
                         GFile     *file,
                         int        errsv)
{
  FwJob *self = fw_job_new (kind, file, 0);

  self->state = FW_JOB_FAILED;
  self->error = g_error_new_literal (G_IO_ERROR, g_io_error_from_errno (errsv), g_strerror (errsv));
  return self;
}

/**
 * fw_job_new_skipped:
 * @message: why, for the user (already translated)
 *
 * An item that is not run (a FIFO, socket or device dropped on the
 * window): a row that says so, neither done nor failed. Its error is a
 * %FW_ENGINE_ERROR_SKIPPED with @message.
 *
 * Returns: (transfer full): a skipped job
 */
FwJob *
fw_job_new_skipped (FwJobKind   kind,
                    GFile      *file,
                    const char *message)
{
  FwJob *self = fw_job_new (kind, file, 0);

  self->state = FW_JOB_SKIPPED;
  self->error = g_error_new_literal (FW_ENGINE_ERROR, FW_ENGINE_ERROR_SKIPPED, message != NULL ? message : "");
  return self;
}

/**
 * fw_job_new_verify:
 * @entry: (transfer full): a checksum-file entry
 * @base_dir: the folder its relative name resolves in
 *
 * Returns: (transfer full): a queued verify job for the file @entry names
 */
FwJob *
fw_job_new_verify (FwChecksumEntry *entry,
                   const char      *base_dir)
{
  g_autofree char *path = fw_verify_resolve_path (entry, base_dir);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GStatBuf st;
  FwJob *self;

  self = fw_job_new (FW_JOB_VERIFY, file, g_stat (path, &st) == 0 ? (guint64) st.st_size : 0);
  g_free (self->name);
  self->name = g_filename_display_name (entry->name);
  self->algorithms = FW_ALGORITHM_BIT (entry->algorithm);
  self->expected_hex = g_strdup (entry->hex);
  self->base_dir = g_strdup (base_dir);
  self->entry = entry;
  return self;
}

void
fw_job_set_clear_signed (FwJob    *self,
                         gboolean  clear_signed)
{
  g_return_if_fail (FW_IS_JOB (self));
  self->clear_signed = clear_signed;
}

gboolean
fw_job_get_clear_signed (FwJob *self)
{
  g_return_val_if_fail (FW_IS_JOB (self), FALSE);
  return self->clear_signed;
}

/* Walked files are read only if they are still regular files when opened. */
void
fw_job_set_regular_only (FwJob    *self,
                         gboolean  regular_only)
{
  g_return_if_fail (FW_IS_JOB (self));
  self->regular_only = !!regular_only;
}

void
fw_job_set_is_folder (FwJob    *self,
                      gboolean  is_folder)
{
  g_return_if_fail (FW_IS_JOB (self));
  self->is_folder = !!is_folder;
}

void
fw_job_set_name_root (FwJob      *self,
                      const char *root)
{
  size_t len;

  g_return_if_fail (FW_IS_JOB (self));
  g_return_if_fail (root != NULL);

  if (self->path == NULL || self->name != NULL)
    return;
  len = strlen (root);
  while (len > 1 && root[len - 1] == G_DIR_SEPARATOR)
    len--;
  if (strncmp (self->path, root, len) != 0)
    return;
  /* "/" as the root: its files are named by their whole path, less the
   * leading slash. */
  if (len == 1 && root[0] == G_DIR_SEPARATOR)
    len = 0;
  if (self->path[len] != G_DIR_SEPARATOR || self->path[len + 1] == '\0' || len + 1 > G_MAXUINT)
    return;
  self->name_offset = (guint) len + 1;
}

void
fw_job_set_exclude_patterns (FwJob              *self,
                             const char * const *patterns)
{
  g_return_if_fail (FW_IS_JOB (self));
  g_strfreev (self->exclude_patterns);
  self->exclude_patterns = patterns != NULL && patterns[0] != NULL ? g_strdupv ((char **) patterns) : NULL;
}

const char * const *
fw_job_get_exclude_patterns (FwJob *self)
{
  g_return_val_if_fail (FW_IS_JOB (self), NULL);
  return (const char * const *) self->exclude_patterns;
}

gboolean
fw_job_get_is_folder (FwJob *self)
{
  g_return_val_if_fail (FW_IS_JOB (self), FALSE);
  return self->is_folder;
}

FwJobKind fw_job_get_kind (FwJob *self) { return self->kind; }
/* Main thread: a job made from a path makes its GFile when first asked. */
GFile *
fw_job_get_file (FwJob *self)
{
  g_return_val_if_fail (FW_IS_JOB (self), NULL);
  if (self->file == NULL)
    self->file = g_file_new_for_path (self->path);
  return self->file;
}
const char *fw_job_get_path (FwJob *self) { return self->path; }
guint fw_job_get_path_hash (FwJob *self) { return self->path_hash; }
const char *fw_job_get_name (FwJob *self) { return job_name (self); }
guint64 fw_job_get_size (FwJob *self) { return self->size; }
FwJobState fw_job_get_state (FwJob *self) { return self->state; }
double fw_job_get_progress (FwJob *self) { return self->progress; }
guint fw_job_get_tally (FwJob *self) { return self->tally; }
void fw_job_set_tally (FwJob *self, guint tally) { self->tally = tally; }

/**
 * fw_job_get_status:
 *
 * Returns: the row's state and outcome in one value (see #FwJobStatus)
 */
FwJobStatus
fw_job_get_status (FwJob *self)
{
  g_return_val_if_fail (FW_IS_JOB (self), FW_JOB_STATUS_QUEUED);

  /* An audit's move or new file, whatever the verification said. */
  if (self->audit == FW_AUDIT_MOVED)
    return FW_JOB_STATUS_MOVED;
  if (self->audit == FW_AUDIT_NEW)
    return FW_JOB_STATUS_NEW;
  switch (self->state)
    {
    case FW_JOB_QUEUED: return FW_JOB_STATUS_QUEUED;
    case FW_JOB_RUNNING: return FW_JOB_STATUS_RUNNING;
    case FW_JOB_DONE:
      /* Two files compared: identical is OK, any difference "changed". */
      if (self->kind == FW_JOB_COMPARE)
        return self->compare.verdict == FW_COMPARE_IDENTICAL ? FW_JOB_STATUS_OK : FW_JOB_STATUS_CHANGED;
      /* Two folders compared: any difference, an only-in path too. */
      if (self->kind == FW_JOB_COMPARE_ENTRY)
        return self->compare_entry != NULL && self->compare_entry->verdict == FW_COMPARE_TREE_IDENTICAL
               ? FW_JOB_STATUS_OK : FW_JOB_STATUS_CHANGED;
      if (self->kind == FW_JOB_SIZE || (self->kind == FW_JOB_HASH && self->verdict == FW_JOB_VERDICT_NONE))
        return FW_JOB_STATUS_DONE;
      return self->verdict == FW_JOB_VERDICT_MISMATCH ? FW_JOB_STATUS_CHANGED : FW_JOB_STATUS_OK;
    case FW_JOB_FAILED:
      /* Missing is "not there"; one there but unreadable has failed. */
      if (self->verdict == FW_JOB_VERDICT_MISSING &&
          g_error_matches (self->error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return FW_JOB_STATUS_MISSING;
      return FW_JOB_STATUS_FAILED;
    case FW_JOB_SKIPPED: return FW_JOB_STATUS_SKIPPED;
    case FW_JOB_CANCELLED: return FW_JOB_STATUS_CANCELLED;
    default: g_assert_not_reached ();
    }
}

const GError *fw_job_get_error (FwJob *self) { return self->error; }
FwJobVerdict fw_job_get_verdict (FwJob *self) { return self->verdict; }
gboolean fw_job_has_digests (FwJob *self) { return self->has_digest || self->digests != NULL; }
FwAlgorithmSet fw_job_get_algorithms (FwJob *self) { return self->algorithms; }
const char *fw_job_get_expected (FwJob *self) { return self->expected_hex; }
const char *fw_job_get_actual (FwJob *self) { return self->actual_hex; }
GPtrArray *fw_job_get_largest (FwJob *self) { return self->largest; }
guint64 fw_job_get_apparent_size (FwJob *self) { return self->apparent_size; }
guint64 fw_job_get_n_files (FwJob *self) { return self->n_files; }
guint64 fw_job_get_n_dirs (FwJob *self) { return self->n_dirs; }

/**
 * fw_job_get_display_path:
 *
 * The path to show the user: the host path of a file that came through the
 * document portal (set when the job was made), else its path.
 *
 * Returns: (nullable): the path, %NULL for a location without one
 */
const char *
fw_job_get_display_path (FwJob *self)
{
  g_return_val_if_fail (FW_IS_JOB (self), NULL);
  return self->display_path != NULL ? self->display_path : self->path;
}

/* Before the job is shared with the main thread (any thread). */
void
fw_job_set_display_path (FwJob      *self,
                         const char *display_path)
{
  g_return_if_fail (FW_IS_JOB (self));
  g_free (self->display_path);
  self->display_path = g_strdup (display_path);
}

/* @name: (nullable): %NULL names a job made from a path after the path's
 * last part again */
void
fw_job_set_name (FwJob      *self,
                 const char *name)
{
  g_return_if_fail (FW_IS_JOB (self));

  if (g_strcmp0 (job_name (self), name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

void
fw_job_set_algorithms (FwJob          *self,
                       FwAlgorithmSet  algorithms)
{
  g_return_if_fail (FW_IS_JOB (self));
  self->algorithms = algorithms;
}

gboolean
fw_job_is_finished (FwJob *self)
{
  return self->state >= FW_JOB_DONE;
}

/* Whether a worker can run it: it has a local path, a verify job its
 * checksum entry (a checksum file's own failed row has none), a hash job
 * its algorithms (a special file's row has none). */
gboolean
fw_job_is_runnable (FwJob *self)
{
  switch (self->kind)
    {
    case FW_JOB_VERIFY:
      return self->path != NULL && self->entry != NULL;
    case FW_JOB_HASH:
      return self->path != NULL && self->algorithms != 0;
    case FW_JOB_COMPARE:
      return self->path != NULL && self->other_path != NULL;
    case FW_JOB_COMPARE_ENTRY:
      /* Made finished by the folders' comparison: nothing to run again. */
      return FALSE;
    case FW_JOB_SIZE:
    default:
      return self->path != NULL;
    }
}

guint64
fw_job_get_bytes_done (FwJob *self)
{
  return __atomic_load_n (&self->bytes_done, __ATOMIC_RELAXED);
}

guint64
fw_job_get_weight (FwJob *self)
{
  return self->kind == FW_JOB_SIZE ? 0 : self->size;
}

const char *
fw_job_get_digest (FwJob       *self,
                   FwAlgorithm  algorithm)
{
  g_return_val_if_fail (FW_IS_JOB (self), NULL);

  if ((guint) algorithm >= FW_N_ALGORITHMS)
    return NULL;
  if (self->has_digest)
    return algorithm == self->digest_algorithm ? self->digest_hex : NULL;
  return self->digests != NULL ? self->digests->hex[algorithm] : NULL;
}

void
fw_job_set_state (FwJob      *self,
                  FwJobState  state)
{
  g_return_if_fail (FW_IS_JOB (self));

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
fw_job_sync_progress (FwJob *self)
{
  double progress = 0;

  if (self->kind != FW_JOB_SIZE && self->size > 0)
    progress = MIN (1.0, (double) fw_job_get_bytes_done (self) / (double) self->size);
  if (progress != self->progress)
    {
      self->progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
}

/* Main thread: @error (owned, or %NULL) is the job's error from now on. */
void
fw_job_take_error (FwJob  *self,
                   GError *error)
{
  if (self->error == NULL && error == NULL)
    return;
  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/**
 * fw_job_reset:
 *
 * Main thread: back to queued, results dropped (for "Run again").
 */
void
fw_job_reset (FwJob *self)
{
  g_return_if_fail (FW_IS_JOB (self));

  g_object_freeze_notify (G_OBJECT (self));
  /* Not running (main thread). */
  g_atomic_int_set (&self->cancel_requested, FALSE);
  __atomic_store_n (&self->bytes_done, 0, __ATOMIC_RELAXED);
  fw_job_take_error (self, NULL);
  g_clear_pointer (&self->digests, fw_digest_result_free);
  g_clear_pointer (&self->actual_hex, g_free);
  self->has_digest = FALSE;
  g_clear_pointer (&self->largest, g_ptr_array_unref);
  self->expect.match = FW_ALGORITHM_INVALID;
  self->expect.tried = 0;
  memset (&self->compare, 0, sizeof self->compare);
  if (self->verdict != FW_JOB_VERDICT_NONE)
    {
      self->verdict = FW_JOB_VERDICT_NONE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT]);
    }
  fw_job_sync_progress (self);
  fw_job_set_state (self, FW_JOB_QUEUED);
  g_object_thaw_notify (G_OBJECT (self));
}

/* For fw-job-expected.c ----------------------------------------------------- */

FwJobExpect *
fw_job_get_expect (FwJob *self)
{
  return &self->expect;
}

void
fw_job_set_hash_verdict (FwJob        *self,
                         FwJobVerdict  verdict)
{
  if (self->kind != FW_JOB_HASH || verdict == self->verdict)
    return;
  self->verdict = verdict;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT]);
}

/* For fw-job-run.c ---------------------------------------------------------- */

void
fw_job_notify_verdict (FwJob *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT]);
}

void
fw_job_notify_size (FwJob *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}
