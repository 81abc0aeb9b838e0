/* fw-checksum-update.h — adding lines to a checksum list, in its own format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-checksum-read.h"
#include "fw-digest.h"

G_BEGIN_DECLS

/**
 * SECTION:fw-checksum-update
 * @title: Checksum update
 * @short_description: a checksum list rewritten with lines added or dropped
 *
 * What `fileworks-cli hash --update` and the window's "Add New Files to
 * LIST" share: the list is read whole (through any symbolic link: the
 * link's target is rewritten, the link stays), its shape found from its
 * first entry (GNU with or without the `*` binary marker, BSD tag with
 * its digest length, SFV; CRLF line ends kept) or, in a list without
 * one, from its name; lines are dropped by number and new ones appended
 * in that shape; then the whole text is written to a temporary file
 * beside the target (`.NAME.fileworks-XXXXXX`, see
 * fw_audit_is_temporary_name()) that gets the old mode and owner, an
 * fsync, and is renamed over it. Any failure before the rename leaves
 * the old list as it was and removes the temporary file.
 *
 * Which files to add, and hashing them, is the caller's: hash them with
 * fw_checksum_update_get_algorithm() and give the digest's first
 * fw_checksum_update_get_digest_bits() / 4 hex digits. Blocking; plain
 * data, one thread at a time (any thread).
 */

typedef struct _FwChecksumUpdate FwChecksumUpdate;

/**
 * fw_checksum_update_open:
 * @list: the list's path (relative to the current folder, or absolute)
 * @error: why it cannot be updated; the message is the reason alone
 *   (callers put the list's name before it): a system error (a
 *   #GIOErrorEnum from errno), %G_IO_ERROR_NOT_REGULAR_FILE, or
 *   %G_IO_ERROR_INVALID_DATA (no checksum line, and no algorithm in the
 *   name)
 *
 * Returns: (transfer full): the list read, or %NULL
 */
FwChecksumUpdate *fw_checksum_update_open (const char  *list,
                                           GError     **error);
/* %NULL is ignored. */
void              fw_checksum_update_free (FwChecksumUpdate *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwChecksumUpdate, fw_checksum_update_free)

/* The list's entries as read (element-type FwChecksumEntry), in order. */
const FwChecksumList *fw_checksum_update_get_list   (FwChecksumUpdate *self);
/* The file written: the list, its symbolic links resolved (absolute). */
const char           *fw_checksum_update_get_target (FwChecksumUpdate *self);
/* The algorithm and digest length of the lines added. */
FwAlgorithm  fw_checksum_update_get_algorithm   (FwChecksumUpdate *self);
guint        fw_checksum_update_get_digest_bits (FwChecksumUpdate *self);
/* The format of the lines added (kept as found). */
FwChecksumFormat fw_checksum_update_get_format  (FwChecksumUpdate *self);

/* Drops the list's line @line (1-based, as #FwChecksumEntry.line). */
void     fw_checksum_update_drop_line (FwChecksumUpdate *self,
                                       guint             line);

/**
 * fw_checksum_update_add:
 * @self: a list
 * @hex: the digest, lowercase hex, at least get_digest_bits() / 4 digits
 * @name: the name to write (relative to the folder the list's names
 *   resolve against), raw bytes
 *
 * Appends one line in the list's shape, escaped as the tool that writes
 * that format escapes a name.
 *
 * Returns: %FALSE when @name cannot be written in the format (a line
 *   break in SFV); nothing is added then
 */
gboolean fw_checksum_update_add       (FwChecksumUpdate *self,
                                       const char       *hex,
                                       const char       *name);
/* How many lines were added, and dropped. */
guint    fw_checksum_update_get_n_added   (FwChecksumUpdate *self);
guint    fw_checksum_update_get_n_dropped (FwChecksumUpdate *self);

/**
 * fw_checksum_update_write:
 * @self: a list
 * @error: what failed (the old list is then whole): "cannot make a
 *   temporary file in DIR: REASON" or "STEP failed: REASON"
 *
 * Rewrites the list atomically with the lines dropped and added (see
 * above), even when nothing changed.
 *
 * Returns: %TRUE once renamed over the list
 */
gboolean fw_checksum_update_write     (FwChecksumUpdate  *self,
                                       GError           **error);

G_END_DECLS
