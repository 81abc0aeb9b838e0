/* fw-checksum-armour.c — a PGP clear-signed list's armour
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Distributions sign their checksum lists in place (Fedora's
 * `*-CHECKSUM`): the lines sit between `-----BEGIN PGP SIGNED
 * MESSAGE-----` and its headers, and the signature block. The reader
 * (with FW_CHECKSUM_READ_CLEAR_SIGNED) skips the armour through this
 * step; the signature itself is not checked.
 */
#include "config.h"

#include <string.h>

#include "fw-checksum-armour-private.h"

#define ISWHITE(c) ((c) == ' ' || (c) == '\t')

/* Whether @line (without its end of line) is exactly @text. */
static gboolean
line_is (const char *line,
         gsize       length,
         const char *text)
{
  return length == strlen (text) && memcmp (line, text, length) == 0;
}

/* FW_CHECKSUM_READ_CLEAR_SIGNED: steps through a clear-signed message's
 * armour. Returns TRUE when the line is armour (ignored); else the line to
 * read, dash-escaping undone, is left in @line and @length. */
gboolean
fw_armour_step (FwArmourState  *state,
                const char    **line,
                gsize          *length)
{
  gsize n = *length;

  if (n > 0 && (*line)[n - 1] == '\n')
    n--;
  if (n > 0 && (*line)[n - 1] == '\r')
    n--;
  /* Trailing blanks are not part of an armour line (RFC 4880, 7.1). */
  while (n > 0 && ISWHITE ((*line)[n - 1]))
    n--;

  switch (*state)
    {
    case FW_ARMOUR_START:
      if (n == 0)
        return FALSE;
      if (!line_is (*line, n, "-----BEGIN PGP SIGNED MESSAGE-----"))
        {
          *state = FW_ARMOUR_NONE;
          return FALSE;
        }
      *state = FW_ARMOUR_HEADER;
      return TRUE;
    case FW_ARMOUR_HEADER:
      if (n == 0)
        *state = FW_ARMOUR_TEXT;
      return TRUE;
    case FW_ARMOUR_TEXT:
      if (line_is (*line, n, "-----BEGIN PGP SIGNATURE-----"))
        {
          *state = FW_ARMOUR_SIGNATURE;
          return TRUE;
        }
      if (*length >= 2 && (*line)[0] == '-' && (*line)[1] == ' ')
        {
          *line += 2;
          *length -= 2;
        }
      return FALSE;
    case FW_ARMOUR_SIGNATURE:
      if (line_is (*line, n, "-----END PGP SIGNATURE-----"))
        *state = FW_ARMOUR_AFTER;
      return TRUE;
    case FW_ARMOUR_NONE:
    case FW_ARMOUR_AFTER:
    default:
      return FALSE;
    }
}
