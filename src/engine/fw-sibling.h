/* fw-sibling.h — the checksum file next to a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-digest.h"

G_BEGIN_DECLS

/**
 * SECTION:fw-sibling
 * @title: FwSibling
 * @short_description: finding the checksum file that lists a file
 *
 * Most downloads come with a checksum file beside them: `X.sha256`, a
 * `SHA256SUMS`, Fedora's `Fedora-40-x86_64-CHECKSUM`. fw_sibling_find()
 * looks in the folder of a file `X` for one that lists `X`, and returns
 * the expected digest with the list and line it came from.
 *
 * What is looked at, in this order (the first list that names `X` wins;
 * inside one list, its first line that names `X`):
 *
 * 1. `X.sha256`, `X.sha256sum`, `X.sha512`, `X.sha1`, `X.md5`, `X.b2`,
 *    `X.DIGESTS`, `X.CHECKSUM`;
 * 2. `SHA256SUMS`, `SHA512SUMS`, `SHA1SUMS`, `MD5SUMS`, `B2SUMS`,
 *    `CHECKSUM`, `CHECKSUMS`;
 * 3. `*-CHECKSUM` (Fedora), then `*.sfv`;
 * 4. other small text files of the folder (under
 *    %FW_SIBLING_MAX_TEXT_SIZE bytes, no NUL byte) that hold `X`'s name:
 *    those whose name says checksum (`sum`, `hash`, `digest`, `check`, or a
 *    `.txt` or `.asc` end) first, then the rest.
 *
 * Each name also matches with a `.txt` end (`SHA256SUMS.txt`) and in any
 * case (`sha256sums`, `X.SHA256`; `X` itself is matched as written). At
 * one place in the order, the plain
 * name comes before its `.txt` variant, then names go in byte order.
 *
 * A line names `X` when its name is `X` or `./X`; in an `X.*` list (1.) a
 * name whose last component is `X` counts too (lists made elsewhere), and
 * so does a line holding only a digest (`X.sha256` files that hold the bare
 * hex). Lines are read by the engine's checksum reader
 * (fw-checksum-read.h: GNU, BSD tags, SFV), PGP clear-signed lists
 * included (%FW_CHECKSUM_READ_CLEAR_SIGNED: the signature is not checked,
 * FwSibling.clear_signed says so).
 *
 * The algorithm comes from the line's tag (`SHA256 (X) = …`, SFV's CRC32),
 * else from the list's name (fw_checksum_algorithm_from_filename(): `.sha1`,
 * `MD5SUMS`, `B2SUMS` …), else it is every algorithm whose digest has that
 * many hex digits (64: SHA-256, SHA3-256, BLAKE2s, BLAKE3): the caller
 * computes them all in one read and says which matched.
 *
 * The work is bounded, whatever the folder holds: at most
 * %FW_SIBLING_MAX_ENTRIES names of the folder are looked at, at most
 * %FW_SIBLING_MAX_FILES files are opened, at most %FW_SIBLING_MAX_BYTES
 * bytes are read in all; a named list (1.–3.) larger than
 * %FW_SIBLING_MAX_LIST_SIZE and another text file larger than
 * %FW_SIBLING_MAX_TEXT_SIZE is not read. Only regular files are read
 * (a FIFO is never opened for reading in a way that blocks).
 *
 * In the Flatpak, a file the user picked is exported into the document
 * portal's folder of its own (`$XDG_RUNTIME_DIR/doc/ID/X`, or
 * `/run/flatpak/doc/ID/X`), which holds only `X`: such a path gives
 * %FW_SIBLING_UNREADABLE, as a folder that cannot be listed does, so that
 * the window can offer the file chooser (fw_sibling_list_names() names
 * the files to look for).
 */

/* Bounds on the work of one fw_sibling_find() (see above). */
#define FW_SIBLING_MAX_ENTRIES   100000
#define FW_SIBLING_MAX_FILES     64
#define FW_SIBLING_MAX_BYTES     (64 * 1024 * 1024)
#define FW_SIBLING_MAX_LIST_SIZE (16 * 1024 * 1024)
#define FW_SIBLING_MAX_TEXT_SIZE (1024 * 1024)

/**
 * FwSiblingStatus:
 * @FW_SIBLING_FOUND: a checksum file in the folder lists the file
 * @FW_SIBLING_NOT_LISTED: the folder was read; no checksum file there
 *   lists it (or the search was cancelled)
 * @FW_SIBLING_UNREADABLE: the folder cannot be listed (inside the Flatpak,
 *   a document portal path; a folder without read permission)
 */
typedef enum {
  FW_SIBLING_FOUND,
  FW_SIBLING_NOT_LISTED,
  FW_SIBLING_UNREADABLE,
} FwSiblingStatus;

/**
 * FwSibling:
 * @status: what was found
 * @list_path: %FW_SIBLING_FOUND: the checksum file's path
 * @line: %FW_SIBLING_FOUND: the line that lists the file, from 1 (in the
 *   file as it is, armour lines counted)
 * @hex: %FW_SIBLING_FOUND: the expected digest, lowercase hex
 * @algorithms: %FW_SIBLING_FOUND: one bit when the list says which (its
 *   tag or its name), else every algorithm of that length
 * @clear_signed: %FW_SIBLING_FOUND: the list is PGP clear-signed (the
 *   signature is not checked)
 * @mismatch_note: reserved, %NULL
 * @digest_bits: %FW_SIBLING_FOUND: the digest's length in bits as written
 *   (4 × the hex digits; less than the algorithm's length for a truncated
 *   `BLAKE2b-256` or `b2sum -l` line)
 *
 * What fw_sibling_find() found. Plain data; any thread.
 */
typedef struct {
  FwSiblingStatus  status;
  char            *list_path;
  guint            line;
  char            *hex;
  FwAlgorithmSet   algorithms;
  gboolean         clear_signed;
  char            *mismatch_note;
  guint            digest_bits;
} FwSibling;

/**
 * fw_sibling_find:
 * @path: a file's path
 * @cancellable: (nullable): checked between files; a cancelled search
 *   gives %FW_SIBLING_NOT_LISTED
 *
 * Looks in @path's folder for a checksum file that lists it (see above).
 * Blocking (lists a folder, reads files): call it on a worker. Never fails
 * hard: a folder it cannot list gives %FW_SIBLING_UNREADABLE.
 *
 * Returns: (transfer full): the result; free with fw_sibling_free()
 */
FwSibling *fw_sibling_find (const char   *path,
                            GCancellable *cancellable);

/* Frees @sibling and its strings; %NULL is ignored. */
void       fw_sibling_free (FwSibling    *sibling);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwSibling, fw_sibling_free)

/**
 * fw_sibling_list_names:
 * @name: the file's name (its last component)
 *
 * The names fw_sibling_find() looks for, in its order, for a hint when the
 * folder cannot be read: `X.sha256` … `X.CHECKSUM`, `SHA256SUMS` …
 * `CHECKSUMS`, `*-CHECKSUM`, `*.sfv` (with @name for `X`; no `.txt`
 * variants). Any thread.
 *
 * Returns: (transfer full): a %NULL-terminated array
 */
char     **fw_sibling_list_names (const char *name);

/**
 * fw_sibling_is_portal_path:
 * @path: a file's path
 *
 * Whether @path is a file exported by the document portal
 * (`$XDG_RUNTIME_DIR/doc/ID/NAME` or `/run/flatpak/doc/ID/NAME`), whose
 * folder holds that file alone. Any thread.
 */
gboolean   fw_sibling_is_portal_path (const char *path);

G_END_DECLS
