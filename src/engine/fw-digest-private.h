/* fw-digest-private.h — test seams of the digest reader (not for the UI)
 *
 * (The digest units' own internals are in fw-digest-lane-private.h.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sys/stat.h>

#include "fw-digest.h"

G_BEGIN_DECLS

/**
 * FwDigestIoHooks:
 * @open: (nullable): replaces open(2) in fw_digest_path() and
 *   fw_digest_path_full(); returns a descriptor or -1 with errno set
 * @read: (nullable): replaces read(2) in fw_digest_fd(); returns the bytes
 *   read, 0 at the end, or -1 with errno set
 * @fstat: (nullable): replaces fstat(2) in fw_digest_fd() and
 *   fw_digest_path_full(); returns 0 or -1 with errno set
 * @user_data: passed to each hook
 *
 * A fault-injection seam for tests: make a read fail, a file vanish between
 * listing and hashing, or serve a virtual 10 GB input. A %NULL member means
 * the real system call. Hooks run in whatever thread reads (a pool worker).
 */
typedef struct {
  int     (*open)  (const char *path, int flags, gpointer user_data);
  gssize  (*read)  (int fd, void *buffer, gsize count, gpointer user_data);
  int     (*fstat) (int fd, struct stat *st, gpointer user_data);
  gpointer user_data;
} FwDigestIoHooks;

/* Installs @hooks (copied) process-wide, or restores the real calls when
 * @hooks is %NULL. Call it only while no digest runs. */
void fw_digest_set_io_hooks (const FwDigestIoHooks *hooks);

/* The calls the reader makes through the seam (fw-digest-io.c): the hook
 * if one is installed, else the system call (read(2) retried on EINTR). */
int    fw_digest_io_open  (const char  *path,
                           int          flags);
gssize fw_digest_io_read  (int          fd,
                           void        *buffer,
                           gsize        count);
int    fw_digest_io_fstat (int          fd,
                           struct stat *st);

/* Whether the reader may map a large regular file for BLAKE3 rather than
 * read(2) it (default TRUE; never while a read or fstat hook is
 * installed). Tests turn it off to cover the read path too. Call only
 * while no digest runs. */
void     fw_digest_set_map    (gboolean enabled);
gboolean fw_digest_io_can_map (void);

/* Whether XXH3/XXH128 may use the AVX2 build (default: when the CPU has
 * AVX2). Tests turn it off to cover libxxhash's own path too. Call only
 * while no digest runs. Returns whether AVX2 is now in use. */
gboolean fw_digest_set_simd (gboolean enabled);

G_END_DECLS
