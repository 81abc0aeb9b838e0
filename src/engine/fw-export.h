/* fw-export.h — the export formats: checksum lines and the CSV of a job list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-digest.h"
#include "fw-dupes.h"

G_BEGIN_DECLS

/**
 * SECTION:fw-export
 * @title: Export
 * @short_description: what `fileworks-cli hash` prints and the window exports
 *
 * One set of formats for the command line and the window: `fileworks-cli
 * hash` prints each file's lines with fw_export_append_digests() as its
 * results arrive; the window's export writes a whole job list with
 * fw_export_build(), through the same function, so that the two are the
 * same bytes.
 *
 * The CSV (%FW_EXPORT_CSV) is for machines. It is RFC 4180 (CRLF line
 * ends; a field holding a comma, a quote or a line break is quoted, its
 * quotes doubled), one header line `path,kind,size,state,result`, then one
 * line per job in list order:
 *
 * - `path`: the job's local path (bytes as they are), or its URI when it
 *   has none.
 * - `kind`: `hash`, `size`, `verify` or `compare` (the path is the
 *   first file's).
 * - `size`: bytes, decimal: the file's size; for a finished size job, the
 *   disk usage.
 * - `state`: `queued`, `running`, `done`, `failed` or `cancelled`.
 * - `result`: for a `done` hash job, its digest in lowercase hex, or, with
 *   several algorithms, `ALGORITHM:HEX` pairs (the names `-a` takes, in
 *   the order of #FwAlgorithm) separated by spaces; for a `done` size job,
 *   the disk usage in bytes; for a `done` verify job, `ok` or `mismatch`;
 *   for a `done` compare job, `identical to B`, `sizes differ from B`,
 *   `differs from B: byte N, line M` (cmp's words) or `EOF on A after
 *   byte N`, B the second file's path;
 *   for a `failed` job, its error message (translated, as GIO's are; a
 *   verify job whose file is missing is `failed` too); else empty. A
 *   verify batch's audit (fw_job_set_audit()) comes first, whatever the
 *   state: `new` for a file the list does not name, `moved from OLD` for
 *   a file found under a new name (OLD: the list's name), `moved to NEW`
 *   for the listed row of that file (NEW: relative to the list's folder).
 *
 * When a hash job of the list has an expected digest (pasted, copied, or
 * the line of a checksum file beside its file: fw_job_set_expected()),
 * the header and every line have five more columns,
 * `path,kind,size,state,result,expected,verdict,algorithm,list,line`,
 * empty on the lines of jobs without one; a list without any has the
 * five columns above alone, as before:
 *
 * - `expected`: the expected digest, lowercase hex.
 * - `verdict`: `matches`, `does not match`, or empty (not compared yet:
 *   the job is not done, or its digests lack a candidate).
 * - `algorithm`: with `matches`, the algorithm whose digest matched;
 *   with `does not match`, every candidate compared, separated by
 *   spaces; the names `-a` takes, in the order of #FwAlgorithm.
 * - `list`, `line`: the checksum file's path and the line (from 1) that
 *   gave the digest; empty for a pasted or copied one.
 *
 * The kind, state and verdict tokens are the same in every language; the
 * words the window shows for them are the UI's.
 */

/**
 * FwExportFormat:
 * @FW_EXPORT_GNU: `HEX  NAME` lines (`sha256sum`); a file with several
 *   digests gets BSD-tag lines
 * @FW_EXPORT_BSD: `TAG (NAME) = HEX` lines (`sha256sum --tag`)
 * @FW_EXPORT_SFV: `NAME CRC32` lines, of the CRC32 digests only
 * @FW_EXPORT_CSV: every job, as comma-separated values (see above)
 */
typedef enum {
  FW_EXPORT_GNU,
  FW_EXPORT_BSD,
  FW_EXPORT_SFV,
  FW_EXPORT_CSV,
} FwExportFormat;

/**
 * fw_export_append_digests:
 * @out: the string the lines are appended to
 * @format: %FW_EXPORT_GNU, %FW_EXPORT_BSD or %FW_EXPORT_SFV
 * @hex: (array fixed-size=FW_N_ALGORITHMS): one file's digests, lowercase
 *   hex, by #FwAlgorithm, %NULL where there is none (#FwDigestResult.hex)
 * @order: (array length=n_order) (nullable): the algorithms in the order
 *   their lines are written (as `-a` gave them); %NULL for #FwAlgorithm
 *   order
 * @n_order: the length of @order
 * @name: the file's name as written, raw bytes, nul-terminated
 * @error: return location for a name that @format cannot hold
 *
 * Appends one file's checksum lines, one per digest, exactly as
 * `fileworks-cli hash` prints them (see fw_checksum_append_line()). In
 * %FW_EXPORT_GNU a file with more than one digest is written with BSD tags,
 * as `fileworks-cli hash -a A -a B` does; %FW_EXPORT_SFV writes the CRC32
 * digest alone.
 *
 * Pure function of its arguments; callable from any thread.
 *
 * Returns: the number of lines appended, or -1 with @error set to
 *   %G_IO_ERROR_INVALID_FILENAME (and @out unchanged) when @name holds a
 *   line break and @format is %FW_EXPORT_SFV
 */
int      fw_export_append_digests (GString            *out,
                                   FwExportFormat      format,
                                   const char * const *hex,
                                   const FwAlgorithm  *order,
                                   guint               n_order,
                                   const char         *name,
                                   GError            **error);

/**
 * fw_export_build:
 * @jobs: a list of #FwJob (an #FwBatch's jobs)
 * @format: the format
 * @base_dir: (nullable): names under this folder are written relative to
 *   it, others as they are; %NULL: absolute paths
 * @error: return location for an error
 *
 * The export of @jobs: in the checksum formats, the lines of the hash jobs
 * that are done, in list order (fw_export_append_digests()); in
 * %FW_EXPORT_CSV, every job (the columns are described above; @base_dir
 * is not used).
 *
 * Main thread (the one that owns the jobs): it reads their results.
 *
 * Returns: (transfer full): the bytes, or %NULL with @error set:
 *   %G_IO_ERROR_NOT_FOUND when there is no line to write,
 *   %G_IO_ERROR_INVALID_FILENAME when a name cannot be written in @format
 */
GBytes  *fw_export_build          (GListModel         *jobs,
                                   FwExportFormat      format,
                                   const char         *base_dir,
                                   GError            **error);

/**
 * fw_export_build_gnu:
 * @jobs: a list of #FwJob (an #FwBatch's jobs)
 * @algorithm: the one algorithm whose digests are written
 * @base_dir: (nullable): as in fw_export_build()
 * @error: return location for an error
 *
 * A GNU checksum file of @algorithm alone: one `HEX  NAME` line (as
 * `sha256sum` writes it, names escaped as coreutils escapes them) per
 * hash job that is done and has a digest of @algorithm, in list order,
 * whatever other digests the jobs have. What `sha256sum -c` (or the tool
 * of @algorithm) reads without a warning. fw_export_build() with
 * %FW_EXPORT_GNU writes what `fileworks-cli hash` prints instead: BSD-tag
 * lines for a job with several digests.
 *
 * Main thread (the one that owns the jobs).
 *
 * Returns: (transfer full): the bytes, or %NULL with @error set as
 *   fw_export_build() sets it
 */
GBytes  *fw_export_build_gnu      (GListModel         *jobs,
                                   FwAlgorithm         algorithm,
                                   const char         *base_dir,
                                   GError            **error);

/**
 * fw_export_get_algorithms:
 * @jobs: a list of #FwJob
 *
 * The algorithms of the digests an export of @jobs would write: of the
 * hash jobs that are done and have a local path.
 *
 * Main thread (the one that owns the jobs).
 *
 * Returns: a set of #FwAlgorithm, 0 when there is nothing to export
 */
FwAlgorithmSet fw_export_get_algorithms (GListModel   *jobs);

/**
 * fw_export_gnu_file_name:
 * @algorithm: an algorithm
 *
 * The usual name of a GNU checksum file of @algorithm, as coreutils' tools
 * and distributions name theirs: `MD5SUMS`, `SHA1SUMS`, `SHA256SUMS`,
 * `SHA512SUMS`, `B2SUMS` (BLAKE2b-512, `b2sum`); for the others the BSD
 * tag in capitals, then `SUMS` (`SHA3-256SUMS`, `XXH3SUMS`, `CRC32SUMS`).
 *
 * Returns: (transfer full): the name
 */
char    *fw_export_gnu_file_name  (FwAlgorithm         algorithm);

/**
 * fw_export_build_dupes:
 * @groups: (element-type FwDupesGroup): duplicate groups, in the order
 *   to write them (the window's: most space wasted first)
 *
 * Find Duplicates' CSV (issue 22), RFC 4180 as above: one header line
 * `group,size,path,device,inode,linked,mtime`, then one line per path:
 *
 * - `group`: the group's number, from 1, in the order of @groups;
 * - `size`: each copy's size in bytes;
 * - `path`: the path (bytes as they are);
 * - `device`, `inode`: decimal; equal in one group for hard links;
 * - `linked`: `yes` when another path of the group is the same inode
 *   (a hard link, not a copy), else `no`;
 * - `mtime`: the modification time seen by the scan, in UTC, ISO 8601
 *   with nanoseconds (`2026-12-06T15:04:05.123456789Z`).
 *
 * Any thread (it reads only @groups).
 *
 * Returns: (transfer full): the bytes (the header alone for no group)
 */
GBytes  *fw_export_build_dupes    (GPtrArray          *groups);

G_END_DECLS
