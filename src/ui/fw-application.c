/* fw-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/resource.h>
#include <time.h>

#include <glib/gi18n.h>

#include "fw-application.h"
#include "fw-resources.h"
#include "fw-preferences.h"
#include "fw-window.h"

struct _FwApplication
{
  AdwApplication parent_instance;

  /* FW_BENCH_REPORT=FILE (build-aux/bench-app): a heartbeat in the main
   * context records the longest stall; the first finished batch writes
   * the figures to FILE and quits. */
  char    *bench_report;
  gint64   heartbeat_last;
  gint64   heartbeat_max_gap;
  guint    heartbeat_id;
  guint    n_frames;           /* frames painted during the batch */
  gint64   frame_start;
  double   frame_cpu_start;    /* main thread's CPU seconds as it began */
  double   frames_cpu;         /* main thread's CPU seconds in frames */
  gint64   bench_started;
  double   bench_cpu_start;      /* process CPU seconds at the batch's start */
  long     bench_inblock_start;  /* blocks read from storage by then */
  double   bench_main_cpu_start; /* main thread's */
  double   bench_seconds;
  guint    bench_jobs;
  GListModel *bench_rows;      /* waiting for every job to be a row */
  GdkFrameClock *frame_clock;

  /* Notification services seen on the session bus (watched). */
  guint    notify_watch_ids[3];
  guint    notify_owned;       /* one bit per notification_services[] */
};

/* GLib warns when it has no server to send a notification to (a bare X
 * session, CI): notify only while one of these is on the bus. */
static const char * const notification_services[] = {
  "org.gtk.Notifications",
  "org.freedesktop.portal.Desktop",
  "org.freedesktop.Notifications",
};

static guint
notify_service_bit (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (notification_services); i++)
    if (g_str_equal (name, notification_services[i]))
      return 1u << i;
  return 0;
}

static void
notify_service_appeared (GDBusConnection *connection,
                         const char      *name,
                         const char      *owner,
                         gpointer         user_data)
{
  FwApplication *self = user_data;

  self->notify_owned |= notify_service_bit (name);
}

static void
notify_service_vanished (GDBusConnection *connection,
                         const char      *name,
                         gpointer         user_data)
{
  FwApplication *self = user_data;

  self->notify_owned &= ~notify_service_bit (name);
}

/**
 * fw_application_get_can_notify:
 *
 * Whether a notification service is on the session bus now (for tests).
 */
gboolean
fw_application_get_can_notify (FwApplication *self)
{
  g_return_val_if_fail (FW_IS_APPLICATION (self), FALSE);
  return self->notify_owned != 0;
}

/**
 * fw_application_notify:
 *
 * Sends a desktop notification when a notification service is on the
 * bus; does nothing otherwise.
 */
void
fw_application_notify (FwApplication *self,
                       const char    *title,
                       const char    *body)
{
  g_autoptr(GNotification) notification = NULL;

  g_return_if_fail (FW_IS_APPLICATION (self));

  if (self->notify_owned == 0)
    return;
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_application_send_notification (G_APPLICATION (self), "batch-finished", notification);
}


G_DEFINE_FINAL_TYPE (FwApplication, fw_application, ADW_TYPE_APPLICATION)

void
fw_ui_ensure_resources (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      fw_register_resource ();
      g_once_init_leave (&once, 1);
    }
}

static FwWindow *
fw_application_get_main_window (FwApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (fw_window_new (self));
  return FW_WINDOW (window);
}

static void
fw_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (fw_application_get_main_window (FW_APPLICATION (app))));
}

/* `fileworks FILE…` and "Open With": the items join the running window. */
static void
fw_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  FwWindow *window = fw_application_get_main_window (FW_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  fw_window_add_files (window, files, (guint) n_files);
}

static void
fw_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  FwApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  fw_preferences_present (window);
}

/* app.export-report(PATH): writes every row of the main window as CSV to
 * PATH. Exported on D-Bus like every application action, so that scripts
 * and the end-to-end tests can see what the app has done. */
static void
fw_application_export_report_action (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
  FwApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *path = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (window == NULL)
    window = GTK_WINDOW (fw_application_get_main_window (self));
  if (fw_window_get_batch (FW_WINDOW (window)) != NULL &&
      g_list_model_get_n_items (fw_batch_get_jobs (fw_window_get_batch (FW_WINDOW (window)))) == 0)
    {
      g_file_set_contents (path, "path,kind,size,state,result\r\n", -1, NULL);
      return;
    }
  if (!fw_window_export (FW_WINDOW (window), FW_EXPORT_CSV, NULL, path, &error))
    g_warning ("export-report: %s", error->message);
}

/* Quit (Ctrl+Q) closes the windows as their close buttons do: a window
 * whose jobs still run asks first and, kept, keeps the app running. */
static void
fw_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
fw_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  FwApplication *self = user_data;
  static const char *developers[] = { "The Fileworks developers", NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-icon", APP_ID,
                         "website", "https://github.com/fileworks/fileworks",
                         "issue-url", "https://github.com/fileworks/fileworks/issues",
                         "application-name", "Fileworks",
                         "developer-name", "The Fileworks developers",
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "copyright", "© 2026 The Fileworks developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Hash, verify and size files and folders in parallel"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", fw_application_quit_action },
  { "about", fw_application_about_action },
  { "preferences", fw_application_preferences_action },
  { "export-report", fw_application_export_report_action, "s" },
};

static void
fw_application_shutdown (GApplication *app)
{
  FwApplication *self = FW_APPLICATION (app);

  for (guint i = 0; i < G_N_ELEMENTS (self->notify_watch_ids); i++)
    g_clear_handle_id (&self->notify_watch_ids[i], g_bus_unwatch_name);

  G_APPLICATION_CLASS (fw_application_parent_class)->shutdown (app);
}

static void
fw_application_startup (GApplication *app)
{
  FwApplication *self = FW_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (fw_application_parent_class)->startup (app);

  if (g_application_get_dbus_connection (app) != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (notification_services); i++)
      self->notify_watch_ids[i] =
        g_bus_watch_name_on_connection (g_application_get_dbus_connection (app),
                                        notification_services[i], G_BUS_NAME_WATCHER_FLAGS_NONE,
                                        notify_service_appeared, notify_service_vanished,
                                        self, NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
}

#define HEARTBEAT_MS 5

static void fw_application_write_report (FwApplication *self);

static gboolean
fw_application_heartbeat (gpointer user_data)
{
  FwApplication *self = user_data;
  gint64 now = g_get_monotonic_time ();

  if (self->heartbeat_last != 0)
    {
      self->heartbeat_max_gap = MAX (self->heartbeat_max_gap, now - self->heartbeat_last);
      if (now - self->heartbeat_last > 50000)
        g_debug ("main loop stalled %.1f ms", (now - self->heartbeat_last) / 1000.0);
    }
  self->heartbeat_last = now;
  if (self->bench_rows != NULL && g_list_model_get_n_items (self->bench_rows) >= self->bench_jobs)
    {
      g_clear_object (&self->bench_rows);
      fw_application_write_report (self);
    }
  return G_SOURCE_CONTINUE;
}

static double
process_cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* 512-byte blocks the process has read from storage, not from the page
 * cache: the benchmark shows how warm the cache was for the batch. */
static long
inblock (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_inblock;
}

static double
thread_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
frame_start (FwApplication *self)
{
  self->frame_start = g_get_monotonic_time ();
  self->frame_cpu_start = thread_cpu_seconds ();
}

static void
count_frame (FwApplication *self)
{
  gint64 spent = g_get_monotonic_time () - self->frame_start;

  self->n_frames++;
  if (self->frame_start != 0)
    self->frames_cpu += thread_cpu_seconds () - self->frame_cpu_start;
  if (self->frame_start != 0 && spent > 20000)
    g_debug ("frame: %.1f ms", spent / 1000.0);
}

/* The window starts a batch: the stall measured from here on. */
void
fw_application_batch_started (FwApplication *self)
{
  g_return_if_fail (FW_IS_APPLICATION (self));

  self->heartbeat_max_gap = 0;
  self->n_frames = 0;
  self->frames_cpu = 0;
  self->bench_started = g_get_monotonic_time ();
  /* From the batch's start: the window's first frames count too. */
  self->heartbeat_last = self->bench_started;
  self->bench_cpu_start = process_cpu_seconds ();
  self->bench_inblock_start = inblock ();
  self->bench_main_cpu_start = thread_cpu_seconds ();

  if (self->bench_report != NULL && self->frame_clock == NULL)
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
      GdkFrameClock *clock = window != NULL ? gtk_widget_get_frame_clock (GTK_WIDGET (window)) : NULL;

      if (clock != NULL)
        {
          self->frame_clock = g_object_ref (clock);
          g_signal_connect_swapped (clock, "before-paint", G_CALLBACK (frame_start), self);
          g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (count_frame), self);
        }
    }
}

static void
fw_application_write_report (FwApplication *self)
{
  g_autofree char *report = NULL;
  struct rusage usage;
  double rows_seconds = (g_get_monotonic_time () - self->bench_started) / (double) G_USEC_PER_SEC;
  double cpu = process_cpu_seconds ();

  getrusage (RUSAGE_SELF, &usage);
  report = g_strdup_printf ("jobs=%u\nbatch_seconds=%.3f\nrows_seconds=%.3f\nmax_stall_ms=%.1f\n"
                            "peak_rss_mib=%.1f\nframes=%u\ncpu_seconds=%.3f\n"
                            "batch_cpu_seconds=%.3f\nmain_cpu_seconds=%.3f\nframes_cpu_seconds=%.3f\n"
                            "disk_read_kib=%ld\n",
                            self->bench_jobs, self->bench_seconds, rows_seconds,
                            self->heartbeat_max_gap / 1000.0 - HEARTBEAT_MS,
                            usage.ru_maxrss / 1024.0, self->n_frames, cpu,
                            cpu - self->bench_cpu_start,
                            thread_cpu_seconds () - self->bench_main_cpu_start,
                            self->frames_cpu,
                            (long) ((inblock () - self->bench_inblock_start) / 2));
  g_file_set_contents (self->bench_report, report, -1, NULL);
  g_application_quit (G_APPLICATION (self));
}

/**
 * fw_application_batch_finished:
 * @seconds: how long the batch took, from the first item added
 * @n_jobs: how many jobs it ran
 * @rows: the window's rows
 *
 * Called by the window when a batch ends. Under FW_BENCH_REPORT, writes
 * the benchmark figures and quits once every job is a row of @rows (the
 * rows join the list on the ticks, after the work when it is quick): the
 * stalls are measured until then.
 */
void
fw_application_batch_finished (FwApplication *self,
                               double         seconds,
                               guint          n_jobs,
                               GListModel    *rows)
{
  g_return_if_fail (FW_IS_APPLICATION (self));

  if (self->bench_report == NULL || self->bench_rows != NULL)
    return;
  self->bench_seconds = seconds;
  self->bench_jobs = n_jobs;
  if (g_list_model_get_n_items (rows) >= n_jobs)
    fw_application_write_report (self);
  else
    self->bench_rows = g_object_ref (rows);
}

static void
fw_application_finalize (GObject *object)
{
  FwApplication *self = FW_APPLICATION (object);

  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  if (self->frame_clock != NULL)
    g_signal_handlers_disconnect_by_data (self->frame_clock, self);
  g_clear_object (&self->frame_clock);
  g_clear_object (&self->bench_rows);
  g_clear_pointer (&self->bench_report, g_free);

  G_OBJECT_CLASS (fw_application_parent_class)->finalize (object);
}

static void
fw_application_class_init (FwApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  fw_ui_ensure_resources ();

  G_OBJECT_CLASS (klass)->finalize = fw_application_finalize;
  app_class->activate = fw_application_activate;
  app_class->open = fw_application_open;
  app_class->startup = fw_application_startup;
  app_class->shutdown = fw_application_shutdown;
}

static void
fw_application_init (FwApplication *self)
{
  const char *report = g_getenv ("FW_BENCH_REPORT");

  if (report != NULL && report[0] != '\0')
    {
      self->bench_report = g_strdup (report);
      self->heartbeat_id = g_timeout_add (HEARTBEAT_MS, fw_application_heartbeat, self);
    }
}

const char *
fw_ui_renderer_for (const char *dri_dir)
{
  g_autoptr(GDir) dir = g_dir_open (dri_dir, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      if (g_str_has_prefix (name, "renderD"))
        return NULL;
  return "cairo";
}

void
fw_ui_choose_renderer (void)
{
  const char *renderer;

  /* Without a GPU, GTK 4's GL renderer runs in Mesa's llvmpipe: every
   * frame is rasterised on the same cores that hash, at 30–60 ms a frame
   * for this window, and 90 MiB more memory. Cairo draws the same window
   * in a few milliseconds. */
  if (g_getenv ("GSK_RENDERER") != NULL)
    return;
  renderer = fw_ui_renderer_for ("/dev/dri");
  if (renderer != NULL)
    g_setenv ("GSK_RENDERER", renderer, FALSE);
}

FwApplication *
fw_application_new (void)
{
  return g_object_new (FW_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/fileworks/Fileworks",
                       NULL);
}
