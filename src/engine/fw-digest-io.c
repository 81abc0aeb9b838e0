/* fw-digest-io.c — the reader's system calls, behind the tests' seam
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The digest reader opens, reads and stats through these, so that tests
 * can make a read fail, a file vanish between listing and hashing, or
 * serve a virtual 10 GB input (fw_digest_set_io_hooks(), in
 * fw-digest-private.h). Without hooks they are the system calls.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fw-digest-private.h"

static FwDigestIoHooks io_hooks;
static gboolean map_disabled;

void
fw_digest_set_map (gboolean enabled)
{
  map_disabled = !enabled;
}

gboolean
fw_digest_io_can_map (void)
{
  /* A hooked read or fstat (a fake input) is served by the hooks only. */
  return !map_disabled && io_hooks.read == NULL && io_hooks.fstat == NULL;
}

void
fw_digest_set_io_hooks (const FwDigestIoHooks *hooks)
{
  if (hooks != NULL)
    io_hooks = *hooks;
  else
    memset (&io_hooks, 0, sizeof io_hooks);
}

int
fw_digest_io_open (const char *path,
                   int         flags)
{
  if (io_hooks.open != NULL)
    return io_hooks.open (path, flags, io_hooks.user_data);
  return open (path, flags);
}

gssize
fw_digest_io_read (int    fd,
                   void  *buffer,
                   gsize  count)
{
  gssize n;

  do
    {
      if (io_hooks.read != NULL)
        n = io_hooks.read (fd, buffer, count, io_hooks.user_data);
      else
        n = read (fd, buffer, count);
    }
  while (n < 0 && errno == EINTR);
  return n;
}

int
fw_digest_io_fstat (int          fd,
                    struct stat *st)
{
  if (io_hooks.fstat != NULL)
    return io_hooks.fstat (fd, st, io_hooks.user_data);
  return fstat (fd, st);
}
