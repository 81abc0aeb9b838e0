/* fw-checksum-armour-private.h — a PGP clear-signed list's armour, for the
 * checksum reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where a reader is in a clear-signed message (RFC 4880, section 7). */
typedef enum {
  FW_ARMOUR_START,      /* no line that is not blank yet */
  FW_ARMOUR_NONE,       /* the file is not clear-signed */
  FW_ARMOUR_HEADER,     /* the armour headers ("Hash: SHA256"), up to a blank line */
  FW_ARMOUR_TEXT,       /* the signed text: the list's lines */
  FW_ARMOUR_SIGNATURE,  /* the signature block */
  FW_ARMOUR_AFTER,      /* past the signature's end */
} FwArmourState;

/* Whether the file so far is clear-signed. */
static inline gboolean
fw_armour_is_clear_signed (FwArmourState state)
{
  return state >= FW_ARMOUR_HEADER;
}

/**
 * fw_armour_step:
 * @state: (inout): the file's state, %FW_ARMOUR_START at its first line
 * @line: (inout): one line, with or without its end of line
 * @length: (inout): its length
 *
 * Steps through one line. Returns %TRUE when the line is armour (to be
 * ignored, never malformed); else the line to read is left in @line and
 * @length, with the signed text's dash-escaping (`- `) undone.
 */
gboolean fw_armour_step (FwArmourState  *state,
                         const char    **line,
                         gsize          *length);

G_END_DECLS
