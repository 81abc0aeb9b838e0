/* fw-audit.h — a folder against its checksum list: new and moved files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-checksum-read.h"
#include "fw-exclude.h"
#include "fw-pool.h"
#include "fw-verify.h"

G_BEGIN_DECLS

/**
 * SECTION:fw-audit
 * @title: Audit
 * @short_description: what changed in a folder since its list was written
 *
 * An audit takes a checksum list's verified entries (#FwVerifyResult, one
 * per entry) and the regular files under the folder the list's names
 * resolve against, and tells each apart:
 *
 * - a listed entry is OK, changed, missing (its file does not exist),
 *   unreadable (it exists but cannot be read), or moved (missing, and its
 *   content is now under another name);
 * - a file no entry names is new, or moved (from the missing entry whose
 *   digest it has).
 *
 * A move is a new file whose digest is that of exactly one missing entry,
 * and no other new file has that digest. Empty files never count as moves
 * (every empty file has one digest). A file named by an entry is never
 * new, even when it changed. Checksum files (by their names, as the
 * window recognises them: `SHA256SUMS`, `*.md5`, `*.sfv` …, or by their
 * first line: fw_audit_is_checksum_file()), the paths
 * given to fw_audit_skip_path() and the temporary files of an update
 * (fw_audit_is_temporary_name()) are never new.
 *
 * The new files are hashed on a pool with the algorithms of the missing
 * entries (the list's first entry's algorithm when none is missing and
 * every new file is to be hashed): a folder with nothing missing costs one
 * walk and no read.
 *
 * Plain data; use an audit from one thread at a time (any thread).
 */

/**
 * FwAuditVerdict:
 * @FW_AUDIT_OK: listed; the digest matches
 * @FW_AUDIT_CHANGED: listed; read, and the digest differs
 * @FW_AUDIT_MISSING: listed; the file does not exist
 * @FW_AUDIT_UNREADABLE: listed; the file exists but was not read (denied,
 *   a folder, an I/O error, not verified)
 * @FW_AUDIT_MOVED: a listed entry whose file is now elsewhere (its
 *   #FwAuditItem.other is the new name), or a file found under a new name
 *   (its #FwAuditItem.other is the entry's name)
 * @FW_AUDIT_NEW: found under the folder, named by no entry
 * @FW_AUDIT_N_VERDICTS: the number of verdicts
 */
typedef enum {
  FW_AUDIT_OK,
  FW_AUDIT_CHANGED,
  FW_AUDIT_MISSING,
  FW_AUDIT_UNREADABLE,
  FW_AUDIT_MOVED,
  FW_AUDIT_NEW,
  FW_AUDIT_N_VERDICTS,
} FwAuditVerdict;

/**
 * FwAuditItem:
 * @verdict: the verdict
 * @listed: whether the item is a listed entry (else a file found)
 * @name: a listed entry's name as in the list, or a found file's path
 *   relative to the base folder (no `./`), bytes as on disk; the audit's
 * @other: (nullable): for %FW_AUDIT_MOVED, the other name (see there)
 * @entry_index: for a listed entry, its index in the order entries were
 *   added; for a moved file, the index of the entry it moved from
 * @hex: (nullable): a found file's digest with the list's algorithm,
 *   lowercase hex, when it was hashed
 * @size: a found file's size when it was hashed
 * @error: (nullable): why a found file could not be hashed (it then
 *   stays new)
 */
typedef struct {
  FwAuditVerdict  verdict;
  gboolean        listed;
  const char     *name;
  char           *other;
  guint           entry_index;
  char           *hex;
  guint64         size;
  GError         *error;
} FwAuditItem;

typedef struct _FwAudit FwAudit;

/**
 * fw_audit_new:
 * @base_dir: the folder the list's relative names resolve against, raw
 *   bytes (`.` for the current folder)
 *
 * Returns: (transfer full): a new audit; free with fw_audit_free()
 */
FwAudit *fw_audit_new  (const char *base_dir);
/* %NULL is ignored. */
void     fw_audit_free (FwAudit    *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwAudit, fw_audit_free)

/**
 * fw_audit_add_entry:
 * @self: an audit
 * @entry: a list's entry (copied)
 * @result: (nullable): its verification; %NULL when it was not verified
 *
 * Adds one listed entry, in list order. An entry marked missing whose
 * errno is %ENOENT or %ENOTDIR is missing; one missing for another reason
 * (%EACCES) exists, so it is unreadable.
 */
void fw_audit_add_entry (FwAudit               *self,
                         const FwChecksumEntry *entry,
                         const FwVerifyResult  *result);

/* A path (the list itself, or another list) that is never new. */
void fw_audit_skip_path (FwAudit    *self,
                         const char *path);

/**
 * fw_audit_set_exclude:
 * @self: an audit, not run yet
 * @exclude: (nullable): patterns (borrowed: it must outlive the run)
 *
 * Leaves out what @exclude matches (fw_exclude_match(), du's rules) on
 * both sides, matched against the path relative to the base folder
 * (`sub/a`, no `./`): a found file or folder that matches is not listed
 * (a folder is not entered), and a missing entry whose name matches is
 * no move's origin (it stays missing). Give fw_audit_list_files()
 * the same patterns when the walk is done apart.
 */
void fw_audit_set_exclude (FwAudit         *self,
                           const FwExclude *exclude);

/* Hash every new file (for the window, or to add them to a list), not
 * only when a move is possible. */
void fw_audit_set_hash_all (FwAudit  *self,
                            gboolean  hash_all);

/**
 * FwAuditFiles:
 * @paths: (element-type filename): the files' paths, relative to the
 *   folder walked (`sub/a`, no `./`), in no particular order; the strings
 *   are @chunk's
 * @chunk: holds the paths (one allocation per few thousand names, not
 *   one per name: a walk of 100,000 files is most of `check --unlisted`'s
 *   cost above `check`'s)
 * @index: each path (key) to its index in @paths plus one (value,
 *   GUINT_TO_POINTER()); built by the walk, so that its thread, not the
 *   audit's, pays for it
 *
 * The regular files found under a folder by fw_audit_list_files().
 */
typedef struct {
  GPtrArray    *paths;
  GStringChunk *chunk;
  GHashTable   *index;
} FwAuditFiles;

/* %NULL is ignored. */
void fw_audit_files_free (FwAuditFiles *files);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwAuditFiles, fw_audit_files_free)

/**
 * fw_audit_list_files:
 * @base_dir: a folder
 * @exclude: (nullable): what to leave out, matched against the path
 *   relative to @base_dir; an excluded folder is not entered
 * @cancellable: (nullable): checked between folders
 * @error: the folder itself cannot be read
 *
 * The regular files under @base_dir, relative to it, less what @exclude
 * matches, symbolic links not followed; folders that cannot be read are
 * left out. Independent of any list, so it may run while the list is
 * verified. Blocking; any thread.
 *
 * Returns: (transfer full): the files, or %NULL
 */
FwAuditFiles *fw_audit_list_files (const char       *base_dir,
                                   const FwExclude  *exclude,
                                   GCancellable     *cancellable,
                                   GError          **error);

/**
 * fw_audit_set_files:
 * @self: an audit, not run yet
 * @files: (transfer full): what fw_audit_list_files() returned for the
 *   base folder, with this audit's patterns
 *
 * Gives the audit the files found, at any time before fw_audit_run()
 * (which otherwise walks the folder itself): the entries already added
 * are matched against them at once, and each entry added later as it
 * comes. `check --unlisted` hands the walk over as soon as it is done,
 * so that its 100,000 lookups happen while the list is being verified,
 * not after it.
 */
void fw_audit_set_files (FwAudit      *self,
                         FwAuditFiles *files);

/**
 * fw_audit_run:
 * @self: an audit with its entries added
 * @pool: the pool to hash the new files on (not from one of its jobs)
 * @cancellable: (nullable): cancels the walk and the hashing
 * @error: the walk failed, or cancelled
 *
 * Decides every verdict. Blocking; call once.
 *
 * Returns: %TRUE on success
 */
gboolean fw_audit_run (FwAudit       *self,
                       FwPool        *pool,
                       GCancellable  *cancellable,
                       GError       **error);

/* The listed entries' items, in the order added (element-type FwAuditItem). */
GPtrArray *fw_audit_get_listed   (FwAudit *self);
/* The found files' items: %FW_AUDIT_NEW or %FW_AUDIT_MOVED, sorted
 * byte-wise by name (element-type FwAuditItem). */
GPtrArray *fw_audit_get_unlisted (FwAudit *self);
/* How many items have @verdict: listed and found together, a move
 * counted once (its found file). */
guint      fw_audit_count        (FwAudit        *self,
                                  FwAuditVerdict  verdict);

/* Whether @basename is that of an update's temporary file
 * (`.NAME.fileworks-XXXXXX`): never new, never listed. */
gboolean fw_audit_is_temporary_name (const char *basename);

/* Whether @basename is a checksum file's name, by the rule the window
 * uses to tell checksum files from other files (see
 * fw_batch_is_checksum_file()). */
gboolean fw_audit_is_checksum_name (const char *basename);

/**
 * fw_audit_is_checksum_file:
 * @path: a regular file's path
 *
 * Whether @path is a checksum file: by its name
 * (fw_audit_is_checksum_name()), or, whatever its name (`hashes.txt`),
 * by its first line that is neither blank nor a comment, when that reads
 * as a checksum line (only the first 4 KiB are read). Blocking; any
 * thread.
 *
 * Returns: %TRUE for a checksum file
 */
gboolean fw_audit_is_checksum_file (const char *path);

G_END_DECLS
