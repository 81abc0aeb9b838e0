/* fw-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fw-engine.h"

G_DEFINE_QUARK (fw-engine-error-quark, fw_engine_error)

void
fw_engine_lower_thread_priority (void)
{
  static __thread gboolean done;
  static int nice_value = -1;

  if (done)
    return;
  done = TRUE;
  if (g_atomic_int_get (&nice_value) < 0)
    {
      const char *env = g_getenv ("FW_WORKER_NICE");

      g_atomic_int_set (&nice_value, env != NULL ? CLAMP (atoi (env), 0, 19) : 10);
    }
#ifdef __linux__
  if (g_atomic_int_get (&nice_value) > 0)
    {
      pid_t tid = (pid_t) syscall (SYS_gettid);

      if (getpriority (PRIO_PROCESS, (id_t) tid) < g_atomic_int_get (&nice_value))
        setpriority (PRIO_PROCESS, (id_t) tid, g_atomic_int_get (&nice_value));
    }
#endif
}

struct _FwWake
{
  gatomicrefcount  ref;
  GMainContext    *context;
  int              raised;   /* atomic: 0, RAISED or URGENT */
};

FwWake *
fw_wake_new (GMainContext *context)
{
  FwWake *wake;

  g_return_val_if_fail (context != NULL, NULL);

  wake = g_new0 (FwWake, 1);
  g_atomic_ref_count_init (&wake->ref);
  wake->context = g_main_context_ref (context);
  return wake;
}

FwWake *
fw_wake_ref (FwWake *wake)
{
  g_atomic_ref_count_inc (&wake->ref);
  return wake;
}

void
fw_wake_unref (FwWake *wake)
{
  if (!g_atomic_ref_count_dec (&wake->ref))
    return;
  g_main_context_unref (wake->context);
  g_free (wake);
}

enum { RAISED = 1, URGENT = 2 };

void
fw_wake_raise (FwWake *wake)
{
  if (g_atomic_int_compare_and_exchange (&wake->raised, 0, RAISED))
    g_main_context_wakeup (wake->context);
}

void
fw_wake_raise_urgent (FwWake *wake)
{
  if (g_atomic_int_exchange (&wake->raised, URGENT) != URGENT)
    g_main_context_wakeup (wake->context);
}

gboolean
fw_wake_is_raised (FwWake *wake)
{
  return g_atomic_int_get (&wake->raised) != 0;
}

gboolean
fw_wake_is_urgent (FwWake *wake)
{
  return g_atomic_int_get (&wake->raised) == URGENT;
}

gboolean
fw_wake_take (FwWake *wake)
{
  return g_atomic_int_exchange (&wake->raised, 0) != 0;
}
