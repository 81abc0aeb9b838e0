/* bench-size-window.c — the size window's tree on a large folder,
 * measured from outside (build-aux/bench-size runs it under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As bench-app-harness.c measures the app: the real FwSizeWindow from the
 * ui library, a 5 ms heartbeat in the main context recording the longest
 * stall (the gap between two beats, less the 5 ms), from the window's
 * first frame until its scan is over and its last folders are rows (the
 * first frame itself, the window's opening, is printed apart), with the
 * main thread's CPU time in that gap and the most CPU time it spent
 * between two beats (on a loaded machine a gap is mostly waiting for a
 * core; the CPU time is the window's own part). Printed as
 * KEY=VALUE lines: the time to the first top-level row, the time to the
 * end, the longest stall and the window's own longest tick, the peak
 * resident memory of the process (VmHWM) and before the window existed,
 * the top-level rows, and the time to expand the largest folder (read
 * from the tree in memory: no scan), and the time Apparent Sizes takes
 * on Largest Files (the toggle's own call, which chooses the other 100
 * files, then until the tree's re-sort is over), on and back off.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include <adwaita.h>

#include "fw-application.h"
#include "fw-digest.h"
#include "fw-size-window-private.h"

#define HEARTBEAT_MS 5

static gint64 last_beat;
static gint64 max_gap;
static gint64 last_cpu;
static gint64 max_gap_cpu;   /* the main thread's CPU time in the longest gap */
static gint64 max_busy_at;
static gint64 max_busy;      /* the most CPU time the main thread spent
                              * between two beats: a stall of its own,
                              * whatever the machine's load */
static gint64 started;
static gint64 first_rows;
static gint64 open_gap;     /* the longest gap until the first frame */
static gboolean painted;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  /* The window's first frame (mapping, styles, the renderer's start) is
   * its opening, not the tree streaming in: counted apart. */
  if (!painted)
    {
      painted = TRUE;
      open_gap = max_gap;
      max_gap = max_gap_cpu = max_busy = 0;
    }
}

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
heartbeat (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (last_beat > 0)
    {
      if (now - last_beat > max_gap)
        {
          max_gap = now - last_beat;
          max_gap_cpu = cpu - last_cpu;
        }
      if (cpu - last_cpu > max_busy)
        {
          max_busy = cpu - last_cpu;
          max_busy_at = now;
        }
    }
  last_beat = now;
  last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static long
status_kib (const char *key)
{
  g_autofree char *text = NULL;
  const char *at;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL) ||
      (at = strstr (text, key)) == NULL)
    return -1;
  return strtol (at + strlen (key) + 1, NULL, 10);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GFile) folder = NULL;
  FwSizeWindow *window;
  GListModel *rows;
  long rss_before;
  gint64 done, expand_us;
  gint64 switch_us[2], switch_sorted_us[2], tree_switch_us[2], largest_us;

  if (argc != 2)
    {
      g_printerr ("usage: bench-size-window FOLDER\n");
      return 2;
    }
  fw_digest_init ();
  /* As main.c: Cairo where there is no GPU (Xvfb), not emulated GL. */
  fw_ui_choose_renderer ();
  gtk_init ();
  adw_init ();
  fw_ui_ensure_resources ();
  rss_before = status_kib ("VmRSS:");

  folder = g_file_new_for_commandline_arg (argv[1]);
  g_timeout_add (HEARTBEAT_MS, heartbeat, NULL);
  started = g_get_monotonic_time ();
  window = fw_size_window_new (NULL, folder);
  gtk_window_present (GTK_WINDOW (window));
  rows = G_LIST_MODEL (fw_size_window_get_tree_selection (window));
  while (!gtk_widget_get_realized (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
  while (fw_size_window_get_scanning (window))
    {
      g_main_context_iteration (NULL, TRUE);
      if (first_rows == 0 && g_list_model_get_n_items (rows) > 0)
        first_rows = g_get_monotonic_time ();
    }
  /* The last tick's rows drawn. */
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  done = g_get_monotonic_time ();
  if (first_rows == 0 && g_list_model_get_n_items (rows) > 0)
    first_rows = done;

  {
    gint64 t0 = g_get_monotonic_time ();
    g_autoptr(GtkTreeListRow) top = g_list_model_get_item (rows, 0);

    if (top != NULL)
      gtk_tree_list_row_set_expanded (top, TRUE);
    expand_us = g_get_monotonic_time () - t0;
  }

  {
    /* Apparent Sizes with the tree shown: the tree's part alone (Largest
     * Files is chosen again when it is shown). */
    for (guint k = 0; k < 2; k++)
      {
        gint64 t0 = g_get_monotonic_time ();

        gtk_toggle_button_set_active (window->apparent_button, k == 0);
        tree_switch_us[k] = g_get_monotonic_time () - t0;
        while (fw_size_window_get_sorting (window))
          g_main_context_iteration (NULL, TRUE);
      }
    /* Apparent Sizes on Largest Files: the other list, chosen at once. */
    adw_view_stack_set_visible_child_name (window->stack, "largest");
    for (int i = 0; i < 20; i++)
      g_main_context_iteration (NULL, FALSE);
    {
      /* Largest Files' own part: the other list chosen, and back. */
      gint64 t0 = g_get_monotonic_time ();

      window->apparent = TRUE;
      fw_size_window_refresh_largest (window);
      largest_us = g_get_monotonic_time () - t0;
      window->apparent = FALSE;
      fw_size_window_refresh_largest (window);
      for (int i = 0; i < 20; i++)
        g_main_context_iteration (NULL, FALSE);
    }
    for (guint k = 0; k < 2; k++)
      {
        gint64 t0 = g_get_monotonic_time ();

        gtk_toggle_button_set_active (window->apparent_button, k == 0);
        switch_us[k] = g_get_monotonic_time () - t0;
        while (fw_size_window_get_sorting (window))
          g_main_context_iteration (NULL, TRUE);
        switch_sorted_us[k] = g_get_monotonic_time () - t0;
      }
  }

  g_print ("first_rows_ms=%.1f\n", (first_rows - started) / 1000.0);
  g_print ("apparent_on_ms=%.2f\n", switch_us[0] / 1000.0);
  g_print ("apparent_on_sorted_ms=%.1f\n", switch_sorted_us[0] / 1000.0);
  g_print ("apparent_off_ms=%.2f\n", switch_us[1] / 1000.0);
  g_print ("apparent_off_sorted_ms=%.1f\n", switch_sorted_us[1] / 1000.0);
  g_print ("apparent_tree_on_ms=%.2f\n", tree_switch_us[0] / 1000.0);
  g_print ("apparent_largest_ms=%.2f\n", largest_us / 1000.0);
  g_print ("apparent_tree_off_ms=%.2f\n", tree_switch_us[1] / 1000.0);
  g_print ("done_ms=%.1f\n", (done - started) / 1000.0);
  g_print ("longest_stall_ms=%.1f\n", MAX (0, max_gap - HEARTBEAT_MS * 1000) / 1000.0);
  g_print ("stall_cpu_ms=%.1f\n", max_gap_cpu / 1000.0);
  g_print ("longest_busy_ms=%.1f\n", max_busy / 1000.0);
  g_print ("longest_busy_at_ms=%.1f\n", (max_busy_at - started) / 1000.0);
  g_print ("opening_stall_ms=%.1f\n", MAX (0, open_gap - HEARTBEAT_MS * 1000) / 1000.0);
  g_print ("longest_tick_ms=%.1f\n", fw_size_window_get_longest_tick (window) / 1000.0);
  g_print ("peak_rss_mib=%.1f\n", status_kib ("VmHWM:") / 1024.0);
  g_print ("rss_before_mib=%.1f\n", rss_before / 1024.0);
  g_print ("top_rows=%u\n", g_list_model_get_n_items (rows));
  g_print ("expand_ms=%.2f\n", expand_us / 1000.0);
  g_print ("total_bytes=%" G_GUINT64_FORMAT "\n",
           fw_size_window_get_root (window) != NULL
           ? fw_size_item_get_size (fw_size_window_get_root (window), FALSE) : 0);
  gtk_window_destroy (window == NULL ? NULL : GTK_WINDOW (window));
  return 0;
}
