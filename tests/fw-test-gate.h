/* fw-test-gate.h — a gate that worker threads wait at until the test
 * opens it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by tests/test-pool.c and tests/test-batch.c. No test waits a
 * fixed time for something to happen: a job that must be held calls
 * fw_test_gate_pass(), and the test waits for the counts (under the
 * gate's mutex, or with fw_test_gate_wait_running()) before it opens the
 * gate.
 */
#pragma once

#include <string.h>

#include <glib.h>

typedef struct {
  GMutex   mutex;
  GCond    cond;
  gboolean open;
  guint    started;      /* passes begun: threads that reached the gate */
  guint    running;      /* threads between reaching and leaving it */
  guint    max_running;
  guint    finished;     /* passes ended */
} FwTestGate;

/* For a gate on the stack; a static one is ready as it is (zeroed). */
static inline void
fw_test_gate_init (FwTestGate *gate)
{
  memset (gate, 0, sizeof *gate);
  g_mutex_init (&gate->mutex);
  g_cond_init (&gate->cond);
}

static inline void
fw_test_gate_clear (FwTestGate *gate)
{
  g_mutex_clear (&gate->mutex);
  g_cond_clear (&gate->cond);
}

static inline void
fw_test_gate_open (FwTestGate *gate)
{
  g_mutex_lock (&gate->mutex);
  gate->open = TRUE;
  g_cond_broadcast (&gate->cond);
  g_mutex_unlock (&gate->mutex);
}

static inline void
fw_test_gate_close (FwTestGate *gate)
{
  g_mutex_lock (&gate->mutex);
  gate->open = FALSE;
  g_mutex_unlock (&gate->mutex);
}

/* Closed, and the counts back to zero; no thread may be at the gate. */
static inline void
fw_test_gate_reset (FwTestGate *gate)
{
  g_mutex_lock (&gate->mutex);
  gate->open = FALSE;
  gate->started = gate->running = gate->max_running = gate->finished = 0;
  g_mutex_unlock (&gate->mutex);
}

/* Any thread: waits at the gate until it is open, counted. */
static inline void
fw_test_gate_pass (FwTestGate *gate)
{
  g_mutex_lock (&gate->mutex);
  gate->started++;
  gate->running++;
  gate->max_running = MAX (gate->max_running, gate->running);
  g_cond_broadcast (&gate->cond);
  while (!gate->open)
    g_cond_wait (&gate->cond, &gate->mutex);
  gate->running--;
  gate->finished++;
  g_cond_broadcast (&gate->cond);
  g_mutex_unlock (&gate->mutex);
}

static inline guint
fw_test_gate_get_started (FwTestGate *gate)
{
  guint n;

  g_mutex_lock (&gate->mutex);
  n = gate->started;
  g_mutex_unlock (&gate->mutex);
  return n;
}

/* Waits (a minute at most, then fails) until @n threads are at the gate
 * or between reaching and leaving it. */
static inline void
fw_test_gate_wait_running (FwTestGate *gate,
                           guint       n)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  g_mutex_lock (&gate->mutex);
  while (gate->running != n)
    if (!g_cond_wait_until (&gate->cond, &gate->mutex, deadline))
      break;
  g_assert_cmpuint (gate->running, ==, n);
  g_mutex_unlock (&gate->mutex);
}
