/* fw-cli-quote.h — file names in diagnostics, quoted as coreutils quotes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * fw_cli_quote_name:
 * @name: a file name, any bytes
 *
 * Quotes @name for a diagnostic on standard error exactly as coreutils'
 * `quotef()` does (gnulib's shell-escape quoting, `:` quoted too): as it
 * is when it needs no quoting, else in single quotes with `$'\\n'`-style
 * escapes for what cannot be printed in the current locale (call
 * setlocale() first). For example `a b` → `'a b'`, a carriage return →
 * `'c'$'\\r''r'`, an invalid UTF-8 byte → `''$'\\377'`.
 *
 * Returns: (transfer full): the quoted name
 */
char *fw_cli_quote_name (const char *name);

/**
 * fw_cli_quote_name_always:
 * @name: a file name, any bytes
 *
 * Quotes @name as du's `quote()` does (gnulib's shell-escape-always
 * quoting): as fw_cli_quote_name(), but always in quotes: `gone` →
 * `'gone'`, `it's` → `"it's"`, `café` → `'café'` in a UTF-8 locale and
 * `'caf'$'\303\251'` in the C locale.
 *
 * Returns: (transfer full): the quoted name
 */
char *fw_cli_quote_name_always (const char *name);

/**
 * fw_cli_print_name:
 * @out: the stream
 * @name: a file name
 * @escape: whether to escape
 *
 * Writes @name as `sha256sum -c` writes it on standard output: with
 * @escape, `\\` as `\\\\`, newline as `\\n` and carriage return as `\\r`
 * (the caller writes the leading backslash that marks an escaped line);
 * else the bytes as they are.
 */
void fw_cli_print_name (FILE *out, const char *name, gboolean escape);

G_END_DECLS
