/* fw-job-size.h — the size job's scan (adapter over the folder walk)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * FwSizeScan:
 * @disk_usage: bytes allocated on disk (st_blocks × 512), like `du -s -B1`
 * @apparent_size: sum of st_size
 * @n_files: non-directory entries counted
 * @n_dirs: directories counted, the top one included
 * @largest: (element-type FwSizeChild): the ten largest direct children,
 *   largest first
 */
typedef struct {
  guint64    disk_usage;
  guint64    apparent_size;
  guint64    n_files;
  guint64    n_dirs;
  GPtrArray *largest;
} FwSizeScan;

/**
 * fw_size_scan:
 * @path: a file or folder
 * @one_file_system: do not descend into other file systems
 * @cancellable: (nullable): checked between entries
 * @bytes_done: (nullable): disk usage found so far, updated atomically
 * @error: return location for an error
 *
 * Walks @path without following symlinks, counting hard-linked files once,
 * as `du -s` does. Runs in any thread.
 *
 * Returns: (transfer full): the scan, or %NULL with @error set
 */
FwSizeScan *fw_size_scan      (const char    *path,
                               gboolean       one_file_system,
                               GCancellable  *cancellable,
                               guint64       *bytes_done,
                               GError       **error);
void        fw_size_scan_free (FwSizeScan    *scan);
void        fw_size_child_free (gpointer      child);

G_END_DECLS
