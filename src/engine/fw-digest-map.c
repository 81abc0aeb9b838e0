/* fw-digest-map.c — reading a file through a mapping, safely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * BLAKE3 hashes faster than read(2) copies out of the page cache on the
 * machines measured here (the copy took as much CPU as the hash), so the
 * reader maps a large regular file for it instead, as b3sum does. A file
 * truncated while mapped makes the next touch of a vanished page raise
 * SIGBUS, which would end the process; fw_digest_map_guard() turns it into
 * a FALSE return in the thread that touched the page (a per-thread
 * sigjmp_buf), so a truncated file is an error on its item, as with
 * read(2). A SIGBUS outside a guard goes to the handler that was there
 * before (or the default action).
 */
#include "config.h"

#include <setjmp.h>
#include <signal.h>
#include <string.h>

#include "fw-digest-lane-private.h"

static __thread sigjmp_buf *guard_env;
static struct sigaction previous_action;

static void
on_sigbus (int        sig,
           siginfo_t *info,
           void      *context)
{
  sigjmp_buf *env = guard_env;

  if (env != NULL)
    {
      guard_env = NULL;
      siglongjmp (*env, 1);
    }
  /* Not a guarded read: whoever handled it before, else the default
   * action (returning re-runs the faulting instruction, which then
   * faults with the default disposition). */
  if (previous_action.sa_flags & SA_SIGINFO)
    previous_action.sa_sigaction (sig, info, context);
  else if (previous_action.sa_handler != SIG_DFL && previous_action.sa_handler != SIG_IGN)
    previous_action.sa_handler (sig);
  else
    signal (SIGBUS, SIG_DFL);
}

static void
install_handler (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      struct sigaction action;

      memset (&action, 0, sizeof action);
      action.sa_sigaction = on_sigbus;
      action.sa_flags = SA_SIGINFO;
      sigemptyset (&action.sa_mask);
      sigaction (SIGBUS, &action, &previous_action);
      g_once_init_leave (&once, 1);
    }
}

gboolean
fw_digest_map_guard (FwDigestMapFunc func,
                     gpointer        data)
{
  sigjmp_buf env;

  install_handler ();
  if (sigsetjmp (env, 1) != 0)
    return FALSE;   /* on_sigbus() has cleared guard_env */
  guard_env = &env;
  func (data);
  guard_env = NULL;
  return TRUE;
}
