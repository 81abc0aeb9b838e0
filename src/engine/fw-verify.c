/* fw-verify.c — verifying the entries of a checksum file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "fw-blake2b-private.h"
#include "fw-blake3-private.h"
#include "fw-engine.h"
#include "fw-verify.h"

void
fw_verify_result_free (FwVerifyResult *result)
{
  if (result == NULL)
    return;
  g_free (result->message);
  g_free (result->actual_hex);
  g_free (result);
}

FwVerifyContext *
fw_verify_context_new (const char *base_dir,
                       gsize       buffer_size)
{
  FwVerifyContext *context = g_new0 (FwVerifyContext, 1);

  context->base_dir = g_strdup (base_dir);
  context->buffer_size = buffer_size;
  return context;
}

void
fw_verify_context_free (FwVerifyContext *context)
{
  if (context == NULL)
    return;
  g_free (context->base_dir);
  g_free (context);
}

char *
fw_verify_resolve_path (const FwChecksumEntry *entry,
                        const char            *base_dir)
{
  g_return_val_if_fail (entry != NULL, NULL);

  /* An empty name stays empty: it names nothing (ENOENT), not the base. */
  if (base_dir == NULL || entry->name[0] == '/' || entry->name[0] == '\0')
    return g_strdup (entry->name);
  if (g_str_has_suffix (base_dir, "/"))
    return g_strconcat (base_dir, entry->name, NULL);
  return g_strconcat (base_dir, "/", entry->name, NULL);
}

static FwVerifyResult *
result_errno (FwVerifyStatus status,
              int            code)
{
  FwVerifyResult *result = g_new0 (FwVerifyResult, 1);

  result->status = status;
  result->error_code = code;
  result->message = g_strdup (g_strerror (code));
  return result;
}

/* The errno a GIO error code came from, where that is unambiguous. */
static int
errno_from_io_error (const GError *error)
{
  if (error->domain != G_IO_ERROR)
    return 0;
  switch (error->code)
    {
    case G_IO_ERROR_NOT_FOUND: return ENOENT;
    case G_IO_ERROR_IS_DIRECTORY: return EISDIR;
    case G_IO_ERROR_PERMISSION_DENIED: return EACCES;
    case G_IO_ERROR_NO_SPACE: return ENOSPC;
    case G_IO_ERROR_TOO_MANY_OPEN_FILES: return EMFILE;
    case G_IO_ERROR_INVALID_ARGUMENT: return EINVAL;
    default: return 0;
    }
}

static gboolean
algorithm_supported (const FwChecksumEntry *entry)
{
  gsize full_bits;

  if (entry->algorithm < 0 || entry->algorithm >= FW_N_ALGORITHMS)
    return FALSE;
  full_bits = fw_algorithm_get_length (entry->algorithm) * 8;
  /* A shorter BLAKE2 is another hash, not a prefix of the long one:
   * BLAKE2b has its own code for that (fw-blake2b.c), BLAKE2s has not. */
  if (entry->algorithm == FW_ALGORITHM_BLAKE2S && entry->digest_bits != full_bits)
    return FALSE;
  /* BLAKE3's output is extendable: any length is a prefix of it. */
  if (entry->algorithm == FW_ALGORITHM_BLAKE3)
    return entry->digest_bits > 0 && entry->digest_bits % 8 == 0
           && entry->digest_bits / 8 <= FW_DIGEST_MAX_BLAKE3_LENGTH;
  /* Other shorter lengths compare a prefix, as coreutils does. */
  return entry->digest_bits > 0 && entry->digest_bits <= full_bits
         && entry->digest_bits % 8 == 0;
}

/* BLAKE3 longer than its default 32 bytes (`b3sum -l 64` lists): the
 * digest reader's BLAKE3 is as long as the process says (the CLI's -l). */
static char *
blake3_fd_hex (int            fd,
               gsize          out_len,
               GCancellable  *cancellable,
               guint64       *bytes_done,
               guint64       *size,
               GError       **error)
{
  g_autofree guint8 *buffer = g_malloc (FW_DIGEST_DEFAULT_BUFFER_SIZE);
  g_autofree guint8 *out = g_malloc (out_len);
  g_autofree FwBlake3 *hasher = g_new (FwBlake3, 1);
  GString *hex;

  *size = 0;
  fw_blake3_init (hasher);
  for (;;)
    {
      ssize_t n;

      fw_pool_pause_point (cancellable);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      n = read (fd, buffer, FW_DIGEST_DEFAULT_BUFFER_SIZE);
      if (n < 0)
        {
          int saved_errno = errno;
          if (saved_errno == EINTR)
            continue;
          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      fw_blake3_update (hasher, buffer, (gsize) n);
      *size += (guint64) n;
      if (bytes_done != NULL)
        __atomic_fetch_add (bytes_done, (guint64) n, __ATOMIC_RELAXED);
    }
  fw_blake3_finalize (hasher, out, out_len);
  hex = g_string_sized_new (out_len * 2);
  for (gsize i = 0; i < out_len; i++)
    g_string_append_printf (hex, "%02x", out[i]);
  return g_string_free (hex, FALSE);
}

/* Entries named "-" read standard input one at a time. */
static GMutex stdin_mutex;

static FwVerifyResult *verify_entry (const FwChecksumEntry  *entry,
                                     const char             *base_dir,
                                     gsize                   buffer_size,
                                     gboolean                dash_is_stdin,
                                     GCancellable           *cancellable,
                                     guint64                *bytes_done,
                                     GError                **error);

FwVerifyResult *
fw_verify_entry (const FwChecksumEntry  *entry,
                 const char             *base_dir,
                 gsize                   buffer_size,
                 GCancellable           *cancellable,
                 guint64                *bytes_done,
                 GError                **error)
{
  g_return_val_if_fail (entry != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return verify_entry (entry, base_dir, buffer_size, FALSE, cancellable, bytes_done, error);
}

static FwVerifyResult *
verify_entry_stdin (const FwChecksumEntry  *entry,
                    gsize                   buffer_size,
                    GCancellable           *cancellable,
                    guint64                *bytes_done,
                    GError                **error)
{
  FwVerifyResult *result;

  g_mutex_lock (&stdin_mutex);
  result = verify_entry (entry, NULL, buffer_size, TRUE, cancellable, bytes_done, error);
  g_mutex_unlock (&stdin_mutex);
  return result;
}

static FwVerifyResult *
verify_entry (const FwChecksumEntry  *entry,
              const char             *base_dir,
              gsize                   buffer_size,
              gboolean                dash_is_stdin,
              GCancellable           *cancellable,
              guint64                *bytes_done,
              GError                **error)
{
  g_autoptr(FwDigestResult) digest = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  FwVerifyResult *result;
  struct stat st;
  const char *hex;
  int fd;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  path = fw_verify_resolve_path (entry, base_dir);
  if (dash_is_stdin)
    fd = fcntl (STDIN_FILENO, F_DUPFD_CLOEXEC, 3);   /* shares the offset */
  else
    /* Not blocking: a FIFO named in the file would otherwise hold the
     * worker in open() or read() until a writer came, past any Cancel. */
    fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    return result_errno (FW_VERIFY_MISSING, errno);

  if (fstat (fd, &st) == 0 && !dash_is_stdin)
    {
      /* read() on a folder fails with EISDIR, as coreutils reports it. */
      if (S_ISDIR (st.st_mode))
        {
          close (fd);
          return result_errno (FW_VERIFY_ERROR, EISDIR);
        }
      if (S_ISFIFO (st.st_mode) || S_ISSOCK (st.st_mode))
        {
          close (fd);
          result = g_new0 (FwVerifyResult, 1);
          result->status = FW_VERIFY_ERROR;
          result->not_regular = TRUE;
          result->message = g_strdup (_("Not a regular file (a FIFO or socket)"));
          return result;
        }
      /* Files and devices are read as before (coreutils reads /dev/null). */
      fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
    }

  if (!algorithm_supported (entry))
    {
      close (fd);
      result = g_new0 (FwVerifyResult, 1);
      result->status = FW_VERIFY_ERROR;
      result->message = g_strdup_printf (_("Cannot compute a %u-bit digest of this algorithm"),
                                         entry->digest_bits);
      return result;
    }

  if (entry->algorithm == FW_ALGORITHM_BLAKE3 && entry->digest_bits > 256)
    {
      guint64 size = 0;
      char *hex_long = blake3_fd_hex (fd, entry->digest_bits / 8, cancellable,
                                      bytes_done, &size, &local_error);
      if (hex_long != NULL)
        {
          digest = g_new0 (FwDigestResult, 1);
          digest->algorithms = FW_ALGORITHM_BIT (FW_ALGORITHM_BLAKE3);
          digest->hex[FW_ALGORITHM_BLAKE3] = hex_long;
          digest->size = size;
        }
    }
  else if (entry->algorithm == FW_ALGORITHM_BLAKE2B && entry->digest_bits != 512)
    {
      guint64 size = 0;
      char *hex_short = fw_blake2b_fd_hex (fd, entry->digest_bits / 8, cancellable,
                                           bytes_done, &size, &local_error);
      if (hex_short != NULL)
        {
          digest = g_new0 (FwDigestResult, 1);
          digest->algorithms = FW_ALGORITHM_BIT (FW_ALGORITHM_BLAKE2B);
          digest->hex[FW_ALGORITHM_BLAKE2B] = hex_short;
          digest->size = size;
        }
    }
  else
    digest = fw_digest_fd (fd, FW_ALGORITHM_BIT (entry->algorithm), buffer_size,
                           NULL, cancellable, bytes_done, &local_error);
  close (fd);

  if (digest == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      result = g_new0 (FwVerifyResult, 1);
      result->status = FW_VERIFY_ERROR;
      result->error_code = errno_from_io_error (local_error);
      result->message = result->error_code != 0
                        ? g_strdup (g_strerror (result->error_code))
                        : g_strdup (local_error->message);
      return result;
    }

  hex = digest->hex[entry->algorithm];
  result = g_new0 (FwVerifyResult, 1);
  result->size = digest->size;
  if (hex == NULL || strlen (hex) < entry->digest_bits / 4)
    {
      result->status = FW_VERIFY_ERROR;
      result->message = g_strdup (_("No digest computed"));
      return result;
    }
  result->actual_hex = g_ascii_strdown (hex, entry->digest_bits / 4);
  result->status = strcmp (result->actual_hex, entry->hex) == 0
                   ? FW_VERIFY_OK : FW_VERIFY_FAILED;
  return result;
}

gpointer
fw_verify_job (gpointer       item,
               GCancellable  *cancellable,
               gpointer       user_data,
               GError       **error)
{
  const FwChecksumEntry *entry = item;
  const FwVerifyContext *context = user_data;

  g_assert (entry != NULL);
  g_assert (context != NULL);

  if (context->dash_is_stdin && strcmp (entry->name, "-") == 0)
    return verify_entry_stdin (entry, context->buffer_size, cancellable, NULL, error);
  return fw_verify_entry (entry, context->base_dir, context->buffer_size,
                          cancellable, NULL, error);
}

/* Batches ----------------------------------------------------------------- */

FwVerifyBatch *
fw_verify_batch_new (GPtrArray       *entries,
                     FwVerifyContext *context)
{
  FwVerifyBatch *batch;

  g_return_val_if_fail (entries != NULL, NULL);

  batch = g_new0 (FwVerifyBatch, 1);
  batch->entries = entries;
  batch->results = g_new0 (FwVerifyResult *, MAX (entries->len, 1));
  batch->context = context;
  return batch;
}

void
fw_verify_batch_free (FwVerifyBatch *batch)
{
  if (batch == NULL)
    return;
  for (guint i = 0; i < batch->entries->len; i++)
    fw_verify_result_free (batch->results[i]);
  g_free (batch->results);
  g_ptr_array_unref (batch->entries);
  fw_verify_context_free (batch->context);
  g_free (batch);
}

gpointer
fw_verify_batch_job (gpointer       item,
                     GCancellable  *cancellable,
                     gpointer       user_data,
                     GError       **error)
{
  FwVerifyBatch *batch = item;
  const char *base_dir = batch->context != NULL ? batch->context->base_dir : NULL;
  gsize buffer_size = batch->context != NULL ? batch->context->buffer_size : 0;
  gboolean dash_is_stdin = batch->context != NULL && batch->context->dash_is_stdin;

  g_assert (batch != NULL);

  for (;;)
    {
      guint i = (guint) g_atomic_int_add (&batch->next, 1);

      if (i >= batch->entries->len)
        return NULL;
      /* Each slot is written by the one job that took its index; the
       * consumer reads it after the job's result came back through the
       * pool, which orders the accesses. */
      const FwChecksumEntry *entry = g_ptr_array_index (batch->entries, i);

      if (dash_is_stdin && strcmp (entry->name, "-") == 0)
        batch->results[i] = verify_entry_stdin (entry, buffer_size, cancellable, NULL, error);
      else
        batch->results[i] = fw_verify_entry (entry, base_dir, buffer_size,
                                             cancellable, NULL, error);
      if (batch->results[i] == NULL)
        return NULL;   /* cancelled: the error is set */
    }
}

/* Unlisted files ---------------------------------------------------------- */

static gboolean
walk (const char    *dir,
      const char    *rel,
      GHashTable    *listed,
      const char    *exclude,
      GPtrArray     *out,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autoptr(GDir) d = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  d = g_dir_open (dir, 0, &local_error);
  if (d == NULL)
    {
      if (rel == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;   /* an unreadable subfolder: nothing to report */
    }

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *sub = rel != NULL ? g_build_filename (rel, name, NULL)
                                         : g_strdup (name);
      struct stat st;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (lstat (path, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        {
          if (!walk (path, sub, listed, exclude, out, cancellable, error))
            return FALSE;
        }
      else if (S_ISREG (st.st_mode))
        {
          g_autofree char *canon = g_canonicalize_filename (path, NULL);
          if (g_hash_table_contains (listed, canon))
            continue;
          if (exclude != NULL && strcmp (canon, exclude) == 0)
            continue;
          g_ptr_array_add (out, g_steal_pointer (&sub));
        }
    }
  return TRUE;
}

static int
compare_bytes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
fw_verify_find_unlisted (const char    *base_dir,
                         GPtrArray     *entries,
                         const char    *exclude,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GHashTable) listed = NULL;
  g_autoptr(GPtrArray) out = NULL;
  g_autofree char *canon_base = NULL;
  g_autofree char *canon_exclude = NULL;

  g_return_val_if_fail (base_dir != NULL, NULL);
  g_return_val_if_fail (entries != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  canon_base = g_canonicalize_filename (base_dir, NULL);
  if (exclude != NULL)
    canon_exclude = g_canonicalize_filename (exclude, NULL);

  listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      const FwChecksumEntry *entry = g_ptr_array_index (entries, i);
      g_hash_table_add (listed, g_canonicalize_filename (entry->name, canon_base));
    }

  out = g_ptr_array_new_with_free_func (g_free);
  if (!walk (canon_base, NULL, listed, canon_exclude, out, cancellable, error))
    return NULL;
  g_ptr_array_sort (out, compare_bytes);
  return g_steal_pointer (&out);
}
