/* fw-batch-tick.c — the batch's tick: a GSource at a steady rate, brought
 * forward by other threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tick comes every interval, and sooner when another thread raises
 * the batch's wake — the first files of a scan are found, a scan ends, or
 * the pool has run dry (the last result of a run is in, or the workers
 * wait for files) — so that neither the workers nor the end of a batch
 * wait out an interval. A woken tick comes TICK_MIN_GAP_US after the last
 * one ended at the soonest; an urgent wake (fw_wake_raise_urgent()) at
 * once. What a tick does is fw_batch_tick() (fw-batch-progress.c); this
 * file is only its timing, as GNOME Text Editor's editor-frame-source.c.
 */
#include "config.h"

#include "fw-batch-private.h"

/* A tick brought forward comes at least this long after the one before
 * ended. */
#define TICK_MIN_GAP_US (8 * 1000)

typedef struct {
  GSource  source;
  FwWake  *wake;
  gint64   interval_us;
  gint64   last_end;         /* when it last returned */
} TickSource;

/* When a raised wake may be served; 0 when none is raised. The gap counts
 * from the end of the last tick: a long tick with the wake raised again
 * meanwhile must not leave the sources below (GTK's layout and paint) no
 * time to run. */
static gint64
tick_source_woken_time (TickSource *tick)
{
  if (!fw_wake_is_raised (tick->wake))
    return 0;
  return fw_wake_is_urgent (tick->wake) ? tick->last_end : tick->last_end + TICK_MIN_GAP_US;
}

static gboolean
tick_source_prepare (GSource *source,
                     int     *timeout)
{
  gint64 at = tick_source_woken_time ((TickSource *) source);
  gint64 now;

  *timeout = -1;   /* else the ready time set in dispatch */
  if (at == 0)
    return FALSE;
  now = g_source_get_time (source);
  if (now >= at)
    return TRUE;
  *timeout = (int) ((at - now + 999) / 1000);
  return FALSE;
}

static gboolean
tick_source_check (GSource *source)
{
  gint64 at = tick_source_woken_time ((TickSource *) source);

  return at != 0 && g_source_get_time (source) >= at;
}

static gboolean
tick_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  TickSource *tick = (TickSource *) source;
  gint64 start = g_source_get_time (source);
  gboolean again;

  fw_wake_take (tick->wake);
  again = callback (user_data);
  tick->last_end = g_get_monotonic_time ();
  if (!again)
    return G_SOURCE_REMOVE;
  g_source_set_ready_time (source, start + tick->interval_us);
  return G_SOURCE_CONTINUE;
}

static void
tick_source_finalize (GSource *source)
{
  fw_wake_unref (((TickSource *) source)->wake);
}

static GSourceFuncs tick_source_funcs = {
  tick_source_prepare,
  tick_source_check,
  tick_source_dispatch,
  tick_source_finalize,
  NULL, NULL
};

/**
 * fw_batch_tick_source_new:
 * @wake: raised by other threads to bring the tick forward
 * @interval_ms: the steady interval
 * @func: what a tick does; returns %G_SOURCE_REMOVE to stop
 *
 * Main thread. The first tick comes after @interval_ms, or at once when
 * @wake is raised (no tick ran lately: the first files a scan finds are
 * served at once; the workers wait for that tick).
 *
 * Returns: (transfer full): the source, not attached
 */
GSource *
fw_batch_tick_source_new (FwWake      *wake,
                          guint        interval_ms,
                          GSourceFunc  func,
                          gpointer     data)
{
  GSource *source = g_source_new (&tick_source_funcs, sizeof (TickSource));
  TickSource *tick = (TickSource *) source;
  gint64 now = g_get_monotonic_time ();

  tick->wake = fw_wake_ref (wake);
  tick->interval_us = interval_ms * (gint64) 1000;
  tick->last_end = now - TICK_MIN_GAP_US;
  g_source_set_ready_time (source, now + tick->interval_us);
  g_source_set_callback (source, func, data, NULL);
  g_source_set_static_name (source, "[fileworks] batch tick");
  return source;
}
