/* fw-exclude.h — which paths `--exclude` leaves out, as `du --exclude` does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SECTION:fw-exclude
 * @title: FwExclude
 * @short_description: shell patterns that leave paths out, with GNU du's
 *   semantics (gnulib's exclude.c with EXCLUDE_WILDCARDS)
 *
 * A list of patterns, each a shell pattern as fnmatch(3) reads it with no
 * flags: `*` and `?` match `/` too, a leading `.` is not special, `\`
 * escapes. A path is excluded when a pattern matches the whole path as
 * given (`A/b/c`, the operand's spelling first) or any part of it that
 * follows a `/` (`b/c`, `c`). So `--exclude='*.o'` leaves out every
 * object file, `--exclude=cache` every entry named `cache` (and a path
 * that ends in `/cache`), and `--exclude='A*'` on operand `A` the operand
 * itself, with everything in it.
 *
 * Two of gnulib's corners are kept: a pattern without wildcards (none of
 * `*?[]`) is compared as a string after its backslashes are removed, and
 * also after a `/` that another `/` follows; a pattern with wildcards is
 * not tried there.
 *
 * Used by `fileworks-cli size` and `du` (each entry's path as du spells
 * it). Building (fw_exclude_add*()) is for one thread; once built,
 * fw_exclude_match() reads only and may run in any number of threads.
 */
typedef struct _FwExclude FwExclude;

/**
 * fw_exclude_new:
 *
 * Returns: (transfer full): an empty list, which excludes nothing
 */
FwExclude *fw_exclude_new            (void);

/**
 * fw_exclude_new_from_patterns:
 * @patterns: (nullable) (array zero-terminated=1): shell patterns, such
 *   as the window's "exclude-patterns" setting
 *
 * Returns: (transfer full) (nullable): a list of @patterns, or %NULL when
 *   there is none (which fw_exclude_match() and the walks take as empty)
 */
FwExclude *fw_exclude_new_from_patterns (const char * const *patterns);

/**
 * fw_exclude_free:
 * @exclude: (nullable): a list
 */
void       fw_exclude_free           (FwExclude   *exclude);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwExclude, fw_exclude_free)

/**
 * fw_exclude_add:
 * @exclude: a list
 * @pattern: a shell pattern (`--exclude=PATTERN`), any bytes
 */
void       fw_exclude_add            (FwExclude   *exclude,
                                      const char  *pattern);

/**
 * fw_exclude_add_from_file:
 * @exclude: a list
 * @filename: a file of patterns, one a line (`--exclude-from=FILE`), or
 *   `-` for standard input
 * @error: return location for an error
 *
 * Adds every line of @filename as a pattern, as du reads it: trailing
 * white space (a `\r` included) is dropped, and lines left empty are
 * skipped; the last line needs no newline.
 *
 * Returns: %FALSE with @error set (a #GFileError from errno, its message
 *   `strerror()`'s) when the file cannot be read
 */
gboolean   fw_exclude_add_from_file  (FwExclude   *exclude,
                                      const char  *filename,
                                      GError     **error);

/**
 * fw_exclude_is_empty:
 * @exclude: (nullable): a list
 *
 * Returns: whether @exclude is %NULL or holds no pattern
 */
gboolean   fw_exclude_is_empty       (const FwExclude *exclude);

/**
 * fw_exclude_match:
 * @exclude: (nullable): a list
 * @path: a path, spelled as the walk spells it (operand, then `/`, names)
 *
 * Returns: whether @path is excluded (%FALSE for a %NULL or empty list)
 */
gboolean   fw_exclude_match          (const FwExclude *exclude,
                                      const char      *path);

G_END_DECLS
