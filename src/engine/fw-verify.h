/* fw-verify.h — verifying the entries of a checksum file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-checksum-read.h"
#include "fw-digest.h"
#include "fw-pool.h"

G_BEGIN_DECLS

/**
 * SECTION:fw-verify
 * @title: Verify
 * @short_description: one checksum entry against the file it names
 *
 * A verify reads the file an #FwChecksumEntry names (relative to a base
 * folder) with fw_digest_fd() and compares its digest with the entry's.
 * Each entry ends as one #FwVerifyStatus. Verifying is built to run as
 * pool jobs, one job per entry: fw_verify_job() is an #FwPoolFunc over
 * #FwChecksumEntry items with an #FwVerifyContext as its data.
 */

/**
 * FwVerifyStatus:
 * @FW_VERIFY_OK: the digest matches
 * @FW_VERIFY_FAILED: the file was read and its digest differs
 * @FW_VERIFY_MISSING: the file cannot be opened (see
 *   #FwVerifyResult.error_code: %ENOENT when it does not exist)
 * @FW_VERIFY_ERROR: the file was opened but could not be read (a folder,
 *   an I/O error), or its digest cannot be computed here (a BLAKE2s
 *   shorter than 256 bits)
 */
typedef enum {
  FW_VERIFY_OK,
  FW_VERIFY_FAILED,
  FW_VERIFY_MISSING,
  FW_VERIFY_ERROR,
} FwVerifyStatus;

/**
 * FwVerifyResult:
 * @status: the outcome
 * @error_code: for %FW_VERIFY_MISSING and %FW_VERIFY_ERROR, the errno of
 *   the failure when one is known, else 0
 * @message: (nullable): for %FW_VERIFY_MISSING and %FW_VERIFY_ERROR, what
 *   went wrong, without the file's name (`strerror()`'s text when
 *   @error_code is set)
 * @actual_hex: (nullable): for %FW_VERIFY_OK and %FW_VERIFY_FAILED, the
 *   computed digest, lowercase hex, as many digits as the entry's
 * @size: bytes read
 * @not_regular: for %FW_VERIFY_ERROR, the file is a FIFO or socket: it was
 *   opened (without blocking) but never read
 *
 * Plain data; free with fw_verify_result_free().
 */
typedef struct {
  FwVerifyStatus  status;
  int             error_code;
  char           *message;
  char           *actual_hex;
  guint64         size;
  gboolean        not_regular;
} FwVerifyResult;

/* Frees @result and its strings; %NULL is ignored. */
void fw_verify_result_free (FwVerifyResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwVerifyResult, fw_verify_result_free)

/**
 * fw_verify_resolve_path:
 * @entry: an entry
 * @base_dir: (nullable): the folder relative names resolve in; %NULL for
 *   the current folder (the name is used as it is)
 *
 * Returns: (transfer full): the path to open: @entry's name when it is
 *   absolute or empty or @base_dir is %NULL, else `BASE_DIR/NAME` (bytes
 *   kept)
 */
char *fw_verify_resolve_path (const FwChecksumEntry *entry,
                              const char            *base_dir);

/**
 * fw_verify_entry:
 * @entry: the entry to verify
 * @base_dir: (nullable): as for fw_verify_resolve_path()
 * @buffer_size: bytes per read() (0 for the default)
 * @cancellable: (nullable): checked between reads
 * @bytes_done: (nullable): updated atomically while the file is read
 * @error: only set when @cancellable fires (%G_IO_ERROR_CANCELLED)
 *
 * Opens, reads and compares one entry. Blocking; any thread. Opening
 * blocks on a FIFO, as `sha256sum -c` does.
 *
 * Returns: (transfer full): the result, or %NULL when cancelled
 */
FwVerifyResult *fw_verify_entry (const FwChecksumEntry  *entry,
                                 const char             *base_dir,
                                 gsize                   buffer_size,
                                 GCancellable           *cancellable,
                                 guint64                *bytes_done,
                                 GError                **error);

/**
 * FwVerifyContext:
 * @base_dir: (nullable): where relative names resolve (%NULL: the
 *   current folder)
 * @buffer_size: bytes per read() (0 for the default)
 * @dash_is_stdin: an entry named `-` reads standard input, as in
 *   `sha256sum -c` (the CLI sets it; one such entry at a time reads it,
 *   each from where the last stopped)
 *
 * The data of fw_verify_job() and of an #FwVerifyBatch. Read-only once
 * jobs run.
 */
typedef struct {
  char     *base_dir;
  gsize     buffer_size;
  gboolean  dash_is_stdin;
} FwVerifyContext;

/* A context with a copy of @base_dir (nullable); dash_is_stdin is FALSE.
 * fw_verify_context_free() ignores %NULL. */
FwVerifyContext *fw_verify_context_new  (const char      *base_dir,
                                         gsize            buffer_size);
void             fw_verify_context_free (FwVerifyContext *context);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwVerifyContext, fw_verify_context_free)

/**
 * fw_verify_job:
 * @item: an #FwChecksumEntry (not freed)
 * @cancellable: (nullable): the call's cancellable
 * @user_data: an #FwVerifyContext
 * @error: set only on cancellation
 *
 * An #FwPoolFunc: fw_verify_entry() in a pool thread. Its result is an
 * #FwVerifyResult; pass fw_verify_result_free() as the result destroy
 * function.
 *
 * Returns: (transfer full): an #FwVerifyResult
 */
gpointer fw_verify_job (gpointer       item,
                        GCancellable  *cancellable,
                        gpointer       user_data,
                        GError       **error);

/**
 * FwVerifyBatch:
 * @entries: (element-type FwChecksumEntry): the entries, owned
 * @results: one slot per entry, filled by fw_verify_batch_job(); a slot
 *   left %NULL means the entry was not verified (cancelled)
 * @context: (nullable): where names resolve; owned
 *
 * Entries verified together by several pool jobs that share them: push
 * the same batch as the item of up to #FwPool:n-workers jobs of
 * fw_verify_batch_job(); each job takes the next entry not yet taken until
 * none is left, so a large file in a batch never keeps the other workers
 * idle, and a batch of small files costs a few pool hand-offs instead of
 * one per file (a hand-off costs about as much as verifying a 4 KiB file).
 * The batch is finished when every job pushed for it has returned.
 */
typedef struct {
  GPtrArray        *entries;
  FwVerifyResult  **results;
  FwVerifyContext  *context;
  /*< private >*/
  gint              next;
} FwVerifyBatch;

/* Takes @entries (transfer full) and @context (transfer full, nullable).
 * Free the batch only once every job pushed for it has returned;
 * fw_verify_batch_free() frees entries, results and context, and ignores
 * %NULL. */
FwVerifyBatch *fw_verify_batch_new  (GPtrArray       *entries,
                                     FwVerifyContext *context);
void           fw_verify_batch_free (FwVerifyBatch   *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwVerifyBatch, fw_verify_batch_free)

/**
 * fw_verify_batch_job:
 * @item: an #FwVerifyBatch (not freed)
 * @cancellable: (nullable): checked before each entry
 * @user_data: unused
 * @error: set only on cancellation
 *
 * An #FwPoolFunc: verifies entries of the batch until none is left. Any
 * number of these may run on one batch at once.
 *
 * Returns: %NULL (the results are in the batch)
 */
gpointer fw_verify_batch_job (gpointer       item,
                              GCancellable  *cancellable,
                              gpointer       user_data,
                              GError       **error);

/**
 * fw_verify_find_unlisted:
 * @base_dir: the folder tree to walk
 * @entries: (element-type FwChecksumEntry): the listed entries (names
 *   resolve in @base_dir)
 * @exclude: (nullable): a path not to report (the checksum file itself)
 * @cancellable: (nullable): checked between folder entries
 * @error: return location for an error (the walk's first folder failing)
 *
 * The regular files under @base_dir that no entry names. Symbolic links
 * are not followed; files in folders that cannot be read are not
 * reported. Blocking; any thread.
 *
 * Returns: (transfer full) (element-type filename): their paths relative
 *   to @base_dir, sorted byte-wise; %NULL on error
 */
GPtrArray *fw_verify_find_unlisted (const char    *base_dir,
                                    GPtrArray     *entries,
                                    const char    *exclude,
                                    GCancellable  *cancellable,
                                    GError       **error);

G_END_DECLS
