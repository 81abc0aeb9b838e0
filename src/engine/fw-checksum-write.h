/* fw-checksum-write.h — writing checksum-file lines (GNU, BSD tag, SFV)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fw-digest.h"

G_BEGIN_DECLS

/**
 * fw_checksum_append_line:
 * @out: the string to append to
 * @format: the line format
 * @algorithm: the algorithm of @hex (its BSD tag is written in
 *   %FW_CHECKSUM_BSD; must be %FW_ALGORITHM_CRC32 for %FW_CHECKSUM_SFV)
 * @hex: the lowercase hex digest, as in #FwDigestResult
 * @name: (array length=name_length): the file name, raw bytes (any
 *   encoding; not necessarily UTF-8)
 * @name_length: the length of @name, or -1 if it is nul-terminated
 *
 * Appends one checksum line, ending in `\n`, exactly as coreutils 9 writes it:
 *
 * - %FW_CHECKSUM_GNU: `HEX  NAME` (`sha256sum`).
 * - %FW_CHECKSUM_BSD: `TAG (NAME) = HEX` (`sha256sum --tag`).
 * - %FW_CHECKSUM_SFV: `NAME HEX`, the hex in uppercase.
 *
 * In the GNU and BSD formats a name holding a backslash, newline or
 * carriage return is written with `\\`, `\n` and `\r` in their place and
 * the line starts with a backslash, as coreutils does. SFV has no escaping:
 * a name holding a newline or carriage return cannot be written.
 *
 * A %FW_ALGORITHM_BLAKE3 line in %FW_CHECKSUM_GNU whose name is valid
 * UTF-8 is written as `b3sum` 1.2 writes it: only backslash and newline
 * are escaped (a carriage return is written raw). b3sum would turn a name
 * that is not UTF-8 into U+FFFD, which nothing can check; such a name is
 * written with coreutils' escaping instead.
 *
 * Pure function of its arguments; callable from any thread.
 *
 * Returns: %TRUE, or %FALSE (and @out unchanged) when @name cannot be
 *   written in @format
 */
gboolean fw_checksum_append_line (GString          *out,
                                  FwChecksumFormat  format,
                                  FwAlgorithm       algorithm,
                                  const char       *hex,
                                  const char       *name,
                                  gssize            name_length);

/* Whether coreutils escapes @name (it holds `\`, newline or CR). */
gboolean fw_checksum_name_needs_escape (const char *name,
                                        gssize      name_length);

G_END_DECLS
