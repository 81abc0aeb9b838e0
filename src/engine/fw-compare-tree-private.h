/* fw-compare-tree-private.h — what fw-compare-tree*.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * fw_compare_tree_last_component:
 * @name: a path
 *
 * Returns: (transfer none): gnulib's last_component(): what follows the
 *   last run of slashes that is followed by something (within @name)
 */
const char *fw_compare_tree_last_component (const char *name);

G_END_DECLS
