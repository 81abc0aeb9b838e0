/* fw-exclude-group.h — Preferences: what the window leaves out of folders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FW_TYPE_EXCLUDE_GROUP (fw_exclude_group_get_type ())
G_DECLARE_FINAL_TYPE (FwExcludeGroup, fw_exclude_group, FW, EXCLUDE_GROUP, AdwPreferencesGroup)

/**
 * FwExcludeGroup:
 *
 * The "exclude-patterns" setting as a Preferences group: a few common
 * patterns offered with a switch each (hidden files, `.git`,
 * `node_modules`, `__pycache__`, backup files, `.cache`; all off by
 * default), the person's own patterns with a button that removes each,
 * and an entry that adds one. Follows the setting as it changes
 * elsewhere (Exclude This Folder, another window). Main thread.
 */

/* The patterns offered, in their order: NULL-terminated, static. */
const char * const *fw_exclude_group_get_offered (void);

G_END_DECLS
