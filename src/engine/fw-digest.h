/* fw-digest.h — hash algorithms and the multi-algorithm file reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-pool.h"

G_BEGIN_DECLS

/**
 * FwAlgorithm:
 *
 * The hash algorithms. md5 … blake2s through OpenSSL libcrypto (EVP),
 * blake3 by the engine itself (fw-blake3.c, with SSE4.1 and AVX2 kernels),
 * xxh64/xxh3/xxh128 through libxxhash (xxh3 and xxh128 from a copy of it
 * built for AVX2 when the processor has AVX2), crc32 through zlib.
 */
typedef enum {
  FW_ALGORITHM_MD5,
  FW_ALGORITHM_SHA1,
  FW_ALGORITHM_SHA224,
  FW_ALGORITHM_SHA256,
  FW_ALGORITHM_SHA384,
  FW_ALGORITHM_SHA512,
  FW_ALGORITHM_SHA3_256,
  FW_ALGORITHM_SHA3_512,
  FW_ALGORITHM_BLAKE2B,
  FW_ALGORITHM_BLAKE2S,
  FW_ALGORITHM_BLAKE3,
  FW_ALGORITHM_XXH64,
  FW_ALGORITHM_XXH3,
  FW_ALGORITHM_XXH128,
  FW_ALGORITHM_CRC32,
  FW_N_ALGORITHMS,
} FwAlgorithm;

#define FW_ALGORITHM_INVALID ((FwAlgorithm) -1)

/* A set of algorithms, one bit per FwAlgorithm. */
typedef guint32 FwAlgorithmSet;
#define FW_ALGORITHM_BIT(a) ((FwAlgorithmSet) 1u << (a))

/* Lowercase CLI/settings name: "sha256", "sha3-256", "blake2b", "xxh3", "crc32". */
const char  *fw_algorithm_get_name       (FwAlgorithm  algorithm);
/* The standard name, for the window: "SHA-256", "SHA-1", "SHA3-256",
 * "BLAKE2b", "BLAKE3", "XXH3", "CRC32", … (not a BSD tag: fw_algorithm_get_tag()). */
const char  *fw_algorithm_get_display_name (FwAlgorithm algorithm);
/* BSD tag name: "SHA256", "SHA3-256", "BLAKE2b", "BLAKE3", "XXH3", "CRC32", … */
const char  *fw_algorithm_get_tag        (FwAlgorithm  algorithm);
/* Digest length in bytes (32 for sha256, 4 for crc32, …). */
gsize        fw_algorithm_get_length     (FwAlgorithm  algorithm);
/* Returns FW_ALGORITHM_INVALID when unknown. */
FwAlgorithm  fw_algorithm_from_name      (const char  *name);
FwAlgorithm  fw_algorithm_from_tag       (const char  *tag);

/**
 * FwDigestResult:
 * @algorithms: which entries of @hex are set
 * @hex: lowercase hex digest per algorithm (%NULL where not computed)
 * @size: bytes read
 */
typedef struct {
  FwAlgorithmSet  algorithms;
  char           *hex[FW_N_ALGORITHMS];
  guint64         size;
} FwDigestResult;

void fw_digest_result_free (FwDigestResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwDigestResult, fw_digest_result_free)

/**
 * FwChecksumFormat:
 * @FW_CHECKSUM_GNU: `HEX  NAME`, as sha256sum writes it (with coreutils'
 *   backslash escaping of names holding `\\`, newline or carriage return)
 * @FW_CHECKSUM_BSD: `TAG (NAME) = HEX`, as `sha256sum --tag` writes it
 * @FW_CHECKSUM_SFV: `NAME CRC32HEX` (uppercase hex), as SFV tools write it
 */
typedef enum {
  FW_CHECKSUM_GNU,
  FW_CHECKSUM_BSD,
  FW_CHECKSUM_SFV,
} FwChecksumFormat;

/* Default read-buffer size (the "buffer-size" setting). */
#define FW_DIGEST_DEFAULT_BUFFER_SIZE (1024 * 1024)

/**
 * fw_digest_fd:
 * @fd: an open file descriptor, read from its current offset to its end;
 *   not closed
 * @algorithms: the algorithms to compute, all from one read
 * @buffer_size: bytes per read() (0 for the default)
 * @pool: (nullable): the pool the caller runs in, if any: when it has more
 *   than one worker and the input is longer than one buffer, the read of
 *   the next buffer and the algorithms (in bins balanced by cost) run in
 *   parallel over a double buffer through an #FwPoolGroup (never waiting
 *   on queued work)
 * @cancellable: (nullable): checked between reads, where a paused pool
 *   also holds the reader (fw_pool_pause_point())
 * @bytes_done: (nullable): updated atomically after each read, so that
 *   another thread can show progress
 * @error: return location for an error (G_IO_ERROR, from errno)
 *
 * Returns: (transfer full): the digests, or %NULL with @error set
 */
FwDigestResult *fw_digest_fd   (int             fd,
                                FwAlgorithmSet  algorithms,
                                gsize           buffer_size,
                                FwPool         *pool,
                                GCancellable   *cancellable,
                                guint64        *bytes_done,
                                GError        **error);

/* As fw_digest_fd(), opening @path read-only first ("-" is not special
 * here). Errors name the path as the user gave it. */
FwDigestResult *fw_digest_path (const char     *path,
                                FwAlgorithmSet  algorithms,
                                gsize           buffer_size,
                                FwPool         *pool,
                                GCancellable   *cancellable,
                                guint64        *bytes_done,
                                GError        **error);

/**
 * FwDigestFlags:
 * @FW_DIGEST_FLAGS_NONE: open and read whatever the path names (a FIFO,
 *   `/dev/fd/63`, a device, a directory that then fails with EISDIR), as
 *   coreutils does for a file named on its command line
 * @FW_DIGEST_REGULAR_ONLY: for files found by walking a folder: the path is
 *   opened with `O_NOFOLLOW | O_NONBLOCK` and read only if it is a regular
 *   file; anything else fails with %FW_ENGINE_ERROR_SKIPPED (a symlink with
 *   %G_IO_ERROR_TOO_MANY_LINKS) without a single read, so a FIFO swapped in
 *   after the walk can never block the batch
 */
typedef enum {
  FW_DIGEST_FLAGS_NONE   = 0,
  FW_DIGEST_REGULAR_ONLY = 1 << 0,
} FwDigestFlags;

/**
 * fw_digest_path_full:
 * @flags: see #FwDigestFlags
 *
 * As fw_digest_path(), with @flags. Like fw_digest_path(), its error
 * messages read "PATH: reason", the reason being g_strerror()'s or "not a
 * regular file"; fw_digest_fd()'s read only "reason". Either may be called
 * from any thread, typically a pool job.
 *
 * About @bytes_done, here and in fw_digest_fd(): each read's byte count is
 * *added* to it atomically (`__atomic_fetch_add`), so it may be one item's
 * counter starting at 0 or a whole batch's; read it from another thread
 * with `__atomic_load_n (bytes_done, __ATOMIC_RELAXED)`.
 *
 * Returns: (transfer full): the digests, or %NULL with @error set
 */
FwDigestResult *fw_digest_path_full (const char     *path,
                                     FwAlgorithmSet  algorithms,
                                     gsize           buffer_size,
                                     FwDigestFlags   flags,
                                     FwPool         *pool,
                                     GCancellable   *cancellable,
                                     guint64        *bytes_done,
                                     GError        **error);

/**
 * fw_digest_data:
 * @data: (array length=length): bytes in memory
 * @length: their length
 * @algorithms: the algorithms to compute
 *
 * Digests a buffer in the calling thread (test vectors, small inputs).
 *
 * Returns: (transfer full): the digests (never %NULL for a valid set)
 */
FwDigestResult *fw_digest_data      (const void     *data,
                                     gsize           length,
                                     FwAlgorithmSet  algorithms);

/**
 * fw_digest_init:
 *
 * Loads OpenSSL's configuration and fetches its digests, once per process.
 * Optional (the first digest does it otherwise), but call it from the main
 * thread before hashing on a pool: the thread that initialises OpenSSL
 * keeps a per-thread error state that OpenSSL frees only if that thread
 * lives to the end (LeakSanitizer reports it when a pool thread exits).
 */
void fw_digest_init (void);

/**
 * fw_digest_set_blake3_length:
 * @length: bytes of BLAKE3 output, 0 to %FW_DIGEST_MAX_BLAKE3_LENGTH
 *
 * BLAKE3 has an extendable output: its digests (in #FwDigestResult's hex)
 * are this long from now on, process-wide; 32 bytes by default. For
 * `fileworks-cli hash -l`: call it before any digest runs.
 */
#define FW_DIGEST_MAX_BLAKE3_LENGTH ((gsize) 1 << 20)
void  fw_digest_set_blake3_length (gsize length);
gsize fw_digest_get_blake3_length (void);

/* The number of algorithms in @set, and its first one (FW_ALGORITHM_INVALID
 * for an empty set). */
guint        fw_algorithm_set_count  (FwAlgorithmSet  set);
FwAlgorithm  fw_algorithm_set_first  (FwAlgorithmSet  set);

G_END_DECLS
