/* test-app.c — the real fileworks binary, as its own process, under Xvfb
 *
 * The app is driven only through its own interfaces: its command line,
 * real X input (xdotool) from a second X client, X keyboard focus taken
 * away from it, and its exported D-Bus action app.export-report, which
 * writes every row as CSV. Waiting is on events, never on a clock: the
 * app's name on the bus, its calls to the test's fake session manager
 * (Inhibit as a batch starts, Uninhibit as it ends), windows mapped on
 * the X server, the drag source's lines. A guard fails a test that waits
 * too long; it never ends a wait as if the event had come.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <X11/Xlib.h>

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <gtk/gtk.h>
#include <gdk/x11/gdkx.h>

#include "fw-test-dbus.h"
#include "fw-test-env.h"

typedef struct {
  char            *dir;
  GDBusConnection *bus;
  GSubprocess     *app;
  GSubprocess     *source;
  GDataInputStream *source_out;   /* the drag source's standard output */
  char            *source_line;   /* the line read last, NULL before */
  gboolean         source_read;   /* a read of a line has finished */
  GError          *source_error;
} Fixture;

/* MapNotify events on the X root window's children: a top-level window
 * was mapped (counted by xevent_cb(), see main()). */
static guint n_x_maps;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("fw-test-app-XXXXXX", &error);
  g_assert_no_error (error);
  f->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
}

/* For the asynchronous calls below: the test's main context keeps running
 * while it waits, so the fake services it provides can answer. */
static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->source != NULL)
    {
      g_subprocess_force_exit (f->source);
      g_subprocess_wait (f->source, NULL, NULL);
      g_clear_object (&f->source);
    }
  g_clear_object (&f->source_out);
  g_clear_error (&f->source_error);
  g_free (f->source_line);
  if (f->app != NULL)
    {
      /* Quit through its own action, and check it exits cleanly. */
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GAsyncResult) called = NULL;
      g_autoptr(GAsyncResult) exited = NULL;

      g_dbus_connection_call (f->bus, APP_ID, "/io/github/fileworks/Fileworks",
                              "org.gtk.Actions", "Activate",
                              g_variant_new ("(sava{sv})", "quit", NULL, NULL),
                              NULL, G_DBUS_CALL_FLAGS_NONE, 60000, NULL, call_done, &called);
      while (called == NULL)
        g_main_context_iteration (NULL, TRUE);
      reply = g_dbus_connection_call_finish (f->bus, called, &error);
      g_assert_no_error (error);
      g_subprocess_wait_async (f->app, NULL, call_done, &exited);
      while (exited == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_subprocess_wait_finish (f->app, exited, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (f->app));
      g_assert_cmpint (g_subprocess_get_exit_status (f->app), ==, 0);
      g_clear_object (&f->app);
    }
  g_clear_object (&f->bus);
  {
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (f->dir, name, NULL);
        g_unlink (path);
      }
  }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static gboolean
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waiting for an event: the main context runs (blocking, no timer paces
 * it) until what the test waits for sets its condition. The guard only
 * fails the test: it never ends a wait as if the event had come. */
typedef struct {
  guint       id;
  gboolean    expired;
  guint       seconds;
  const char *what;
} Guard;

static void
guard_start (Guard      *guard,
             guint       seconds,
             const char *what)
{
  guard->expired = FALSE;
  guard->seconds = seconds;
  guard->what = what;
  guard->id = g_timeout_add_seconds (seconds, set_true, &guard->expired);
}

/* One blocking iteration of the main context; fails once the guard has
 * expired. */
static void
guard_iterate (Guard *guard)
{
  if (guard->expired)
    g_error ("waited %u s for %s: it never came", guard->seconds, guard->what);
  g_main_context_iteration (NULL, TRUE);
}

static void
guard_stop (Guard *guard)
{
  if (!guard->expired)
    g_source_remove (guard->id);
  guard->id = 0;
}

#define WAIT_UNTIL(condition, seconds, what) \
  G_STMT_START { \
    Guard guard_; \
    guard_start (&guard_, (seconds), (what)); \
    while (!(condition)) \
      guard_iterate (&guard_); \
    guard_stop (&guard_); \
  } G_STMT_END

/* The app's name on the session bus: it exports its actions before it
 * asks for the name, so export-report answers from then on. */
static void
name_appeared (GDBusConnection *connection,
               const char      *name,
               const char      *owner,
               gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
wait_app_on_bus (Fixture *f)
{
  gboolean on_bus = FALSE;
  guint watch = g_bus_watch_name_on_connection (f->bus, APP_ID, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                name_appeared, NULL, &on_bus, NULL);

  WAIT_UNTIL (on_bus, 60, "the app's name on the session bus");
  g_bus_unwatch_name (watch);
}

static char *
write_file (Fixture    *f,
            const char *name,
            gsize       size,
            guint32     seed,
            char      **sha256)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree guint8 *data = g_malloc (size + 1);
  GRand *rand = g_rand_new_with_seed (seed);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_rand_int (rand);
  g_rand_free (rand);
  g_assert_true (g_file_set_contents (path, (char *) data, size, NULL));
  /* GLib's own SHA-256, not the engine under test. */
  *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
  return g_steal_pointer (&path);
}

/* In the child: it goes when the test goes. A failed assertion aborts
 * the test; the app and the drag source, left running with the test's
 * standard output, would keep meson waiting until its timeout. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* @no_leak_check: turn ASan's leak check off in the child (see callers). */
static GSubprocess *
spawn_full (const char * const *argv,
            gboolean            no_leak_check,
            GSubprocessFlags    flags)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  if (no_leak_check)
    g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", "detect_leaks=0", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return process;
}

static GSubprocess *
spawn (const char * const *argv)
{
  return spawn_full (argv, FALSE, G_SUBPROCESS_FLAGS_NONE);
}

static char *
app_path (void)
{
  return g_build_filename (g_getenv ("FW_TOP_BUILDDIR"), "src", "ui", "fileworks", NULL);
}

/* The app's rows, as its export-report action writes them; NULL while the
 * app is not on the bus yet. */
static GPtrArray *
report (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "report.csv", NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GAsyncResult) async = NULL;
  GPtrArray *rows;
  GVariantBuilder params;

  g_variant_builder_init (&params, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&params, "v", g_variant_new_string (path));
  /* Asynchronous, with this thread's main context running meanwhile: the
   * app may be waiting on a service this test provides (see
   * /app/inhibit-and-notify). */
  g_dbus_connection_call (f->bus, APP_ID, "/io/github/fileworks/Fileworks",
                          "org.gtk.Actions", "Activate",
                          g_variant_new ("(sava{sv})", "export-report", &params, NULL),
                          NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, 60000, NULL, call_done, &async);
  while (async == NULL)
    g_main_context_iteration (NULL, TRUE);
  reply = g_dbus_connection_call_finish (f->bus, async, &error);
  if (reply == NULL)
    return NULL;
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  g_unlink (path);
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "path,kind,size,state,result");
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 1; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add (rows, g_strsplit (lines[i], ",", 5));
  return rows;
}

/* Whether the report lists exactly @paths, each Done with @digests. */
static gboolean
report_shows (Fixture *f,
              char   **paths,
              char   **digests,
              guint    n)
{
  g_autoptr(GPtrArray) rows = report (f);
  guint matched = 0;

  if (rows == NULL || rows->len != n)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      for (guint j = 0; j < n; j++)
        if (g_strcmp0 (row[0], paths[j]) == 0 && g_strcmp0 (row[3], "done") == 0 &&
            g_strcmp0 (row[4], digests[j]) == 0)
          matched++;
    }
  return matched == n;
}

static void
test_command_line (Fixture       *f,
                   gconstpointer  data)
{
  char *paths[3], *digests[3];
  g_autofree char *app = app_path ();
  const char *argv[5];
  FwFakeSessionManager sm = { 0 };

  /* The session manager only to hear the batch end: the app lifts its
   * suspend inhibition then (the rows are all in by that time). */
  fw_fake_session_manager_start (&sm, f->bus);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("arg-%u.bin", i);
      paths[i] = write_file (f, name, 50000 * (i + 1), i, &digests[i]);
    }
  argv[0] = app;
  argv[1] = paths[0];
  argv[2] = paths[1];
  argv[3] = paths[2];
  argv[4] = NULL;
  f->app = spawn (argv);

  WAIT_UNTIL (g_atomic_int_get (&sm.n_uninhibit) > 0, 60, "the batch to end (the app's Uninhibit)");
  g_assert_true (report_shows (f, paths, digests, 3));
  fw_fake_session_manager_stop (&sm);
  for (guint i = 0; i < 3; i++)
    {
      g_free (paths[i]);
      g_free (digests[i]);
    }
}

/* Runs `fileworks ARGS…` to its end; returns its exit status. */
static int
run_app_to_end (const char * const *argv)
{
  g_autoptr(GSubprocess) process = spawn (argv);
  g_autoptr(GAsyncResult) exited = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_async (process, NULL, call_done, &exited);
  WAIT_UNTIL (exited != NULL, 60, "the second fileworks to exit");
  g_subprocess_wait_finish (process, exited, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* How many rows of @rows have @path (or any, for NULL) and @kind, done. */
static guint
count_rows (GPtrArray  *rows,
            const char *path,
            const char *kind)
{
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      if ((path == NULL || g_strcmp0 (row[0], path) == 0) &&
          g_strcmp0 (row[1], kind) == 0 && g_strcmp0 (row[3], "done") == 0)
        n++;
    }
  return n;
}

/* xdotool ------------------------------------------------------------------ */

static char *
xdotool_out (const char * const *args,
             gboolean           *ok)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_ptr_array_add (argv, (char *) "xdotool");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  *ok = g_subprocess_get_successful (process);
  return out;
}

static void
xdotool (const char * const *args)
{
  gboolean ok;
  g_autofree char *out = xdotool_out (args, &ok);

  g_assert_true (ok);
}

/* The visible window whose name matches @regex (each GTK program also
 * owns a hidden 1×1 window named after it), or NULL. */
static char *
find_window (const char *regex)
{
  gboolean ok;
  g_autofree char *out = xdotool_out ((const char *[]) { "search", "--onlyvisible", "--name", regex, NULL }, &ok);
  g_auto(GStrv) ids = ok && out != NULL ? g_strsplit (out, "\n", -1) : NULL;

  /* xdotool matches names in any case: GTK 4.18 names its 1×1 client
   * leader window after the program ("fileworks"), which "^Fileworks$"
   * matches too. The name is checked again here, case and all. */
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autofree char *name = NULL;

      if (ids[i][0] == '\0')
        continue;
      name = xdotool_out ((const char *[]) { "getwindowname", ids[i], NULL }, &ok);
      if (ok && name != NULL)
        name[strcspn (name, "\n")] = '\0';
      if (ok && name != NULL && g_regex_match_simple (regex, name, 0, 0))
        return g_strdup (ids[i]);
    }
  return NULL;
}

/* The app's visible top-level windows (the hidden 1×1 leader left out). */
static guint
count_visible_windows (GSubprocess *app)
{
  gboolean ok;
  g_autofree char *out = xdotool_out ((const char *[]) { "search", "--onlyvisible", "--pid",
                                                         g_subprocess_get_identifier (app), NULL }, &ok);
  g_auto(GStrv) ids = ok && out != NULL ? g_strsplit (out, "\n", -1) : NULL;
  guint n = 0;

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    if (ids[i][0] != '\0')
      n++;
  return n;
}

/* Waits for the window whose name matches @regex to be mapped: looks
 * again after each top-level window the X server maps (MapNotify). */
static char *
wait_window (const char *regex)
{
  Guard guard;
  char *id;

  guard_start (&guard, 60, regex);
  for (;;)
    {
      guint seen = n_x_maps;

      if ((id = find_window (regex)) != NULL)
        break;
      while (n_x_maps == seen)
        guard_iterate (&guard);
    }
  guard_stop (&guard);
  return id;
}

static void
window_geometry (const char *id,
                 int        *x,
                 int        *y,
                 int        *width,
                 int        *height)
{
  gboolean ok;
  g_autofree char *out = xdotool_out ((const char *[]) { "getwindowgeometry", "--shell", id, NULL }, &ok);
  g_auto(GStrv) lines = NULL;

  g_assert_true (ok);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "X="))
        *x = atoi (lines[i] + 2);
      else if (g_str_has_prefix (lines[i], "Y="))
        *y = atoi (lines[i] + 2);
      else if (g_str_has_prefix (lines[i], "WIDTH="))
        *width = atoi (lines[i] + 6);
      else if (g_str_has_prefix (lines[i], "HEIGHT="))
        *height = atoi (lines[i] + 7);
    }
}

static void
mouse_move (int x,
            int y)
{
  g_autofree char *sx = g_strdup_printf ("%d", x);
  g_autofree char *sy = g_strdup_printf ("%d", y);

  xdotool ((const char *[]) { "mousemove", sx, sy, NULL });
}

/* The drag source's lines (see fw-drag-source.c) ------------------------ */

static void
source_line_cb (GObject      *stream,
                GAsyncResult *result,
                gpointer      user_data)
{
  Fixture *f = user_data;

  g_free (f->source_line);
  f->source_line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (stream), result,
                                                               NULL, &f->source_error);
  f->source_read = TRUE;
}

/* Reads the drag source's next line, and returns it. While it has not
 * come, @stimulate (a pointer motion) is sent again every 50 ms, up to
 * @max times, then the test fails. Why a repeat and not one motion: X11
 * sets a drag up asynchronously, and GTK (4.18 at least) loses the motion
 * sent meanwhile, with nothing to tell the test when it is ready; a lost
 * motion brings no line, the next one does. The wait itself is on the
 * stream: it ends as the line arrives. */
static const char *
source_next_line (Fixture *f,
                  void   (*stimulate) (guint i, gpointer data),
                  gpointer data,
                  guint    max)
{
  f->source_read = FALSE;
  g_data_input_stream_read_line_async (f->source_out, G_PRIORITY_DEFAULT, NULL, source_line_cb, f);
  for (guint i = 0; !f->source_read; i++)
    {
      gboolean paced = FALSE;
      guint pace;

      if (i >= max)
        g_error ("the drag source said nothing after %u pointer motions", max);
      stimulate (i, data);
      pace = g_timeout_add (50, set_true, &paced);
      while (!f->source_read && !paced)
        g_main_context_iteration (NULL, TRUE);
      if (!paced)
        g_source_remove (pace);
    }
  g_assert_no_error (f->source_error);
  /* NULL: its standard output ended, the helper is gone. */
  g_assert_nonnull (f->source_line);
  return f->source_line;
}

typedef struct {
  int x;
  int y;
} Point;

/* Past the drag threshold, within the source. */
static void
move_in_source (guint    i,
                gpointer data)
{
  Point *from = data;

  mouse_move (from->x - (int) ((i + 1) % 40), from->y);
}

/* Over the target: each motion gets its answer. */
static void
move_over_target (guint    i,
                  gpointer data)
{
  Point *to = data;

  mouse_move (to->x + (int) (i % 2), to->y);
}

static void
test_drag_and_drop (Fixture       *f,
                    gconstpointer  data)
{
  char *paths[3], *digests[3];
  g_autofree char *app = app_path ();
  g_autofree char *helper = g_build_filename (g_getenv ("FW_TOP_BUILDDIR"), "tests", "fw-drag-source", NULL);
  g_autofree char *target = NULL;
  g_autofree char *source = NULL;
  int tx = 0, ty = 0, tw = 0, th = 0, sx = 0, sy = 0, sw = 0, sh = 0;
  int from_x, from_y, to_x, to_y;
  FwFakeSessionManager sm = { 0 };

  /* The session manager only to hear the batch end (the app's Uninhibit). */
  fw_fake_session_manager_start (&sm, f->bus);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("dragged-%u.bin", i);
      paths[i] = write_file (f, name, 20000 * (i + 1), 100 + i, &digests[i]);
    }

  /* Under ASan, this run's leak check is off: GTK's X11 drop path leaks
   * one 176-byte object at exit (with a 29-byte string, the length of
   * "application/vnd.portal.files") when there is no document portal;
   * test-window's drop, which does not go through X11, checks ours. */
  f->app = spawn_full ((const char *[]) { app, NULL }, TRUE, G_SUBPROCESS_FLAGS_NONE);
  target = wait_window ("^Fileworks$");
  wait_app_on_bus (f);
  {
    g_autoptr(GPtrArray) rows = report (f);

    g_assert_nonnull (rows);
    g_assert_cmpuint (rows->len, ==, 0);
  }

  /* The helper's own leaks are not under test (it exits after the drop). */
  f->source = spawn_full ((const char *[]) { helper, "fw-drag-source-window", paths[0], paths[1], paths[2], NULL },
                          TRUE, G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  f->source_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->source));
  source = wait_window ("^fw-drag-source-window$");
  window_geometry (target, &tx, &ty, &tw, &th);
  /* No window manager: put the source beside the target. */
  {
    g_autofree char *nx = g_strdup_printf ("%d", tx + tw + 20);
    g_autofree char *ny = g_strdup_printf ("%d", ty + 100);

    xdotool ((const char *[]) { "windowmove", "--sync", source, nx, ny, NULL });
  }
  window_geometry (source, &sx, &sy, &sw, &sh);
  g_assert_cmpint (sx, >=, tx + tw);

  from_x = sx + sw / 2;
  from_y = sy + sh / 2;
  to_x = tx + tw / 2;
  to_y = ty + th / 2;

  /* A real drag: press on the source, move in steps, release on the
   * target. Each step is one X input event, delivered in order. The
   * helper says when its drag is under way and when the target accepts:
   * X11 sets a drag up asynchronously (GTK 4.18 loses the motion and the
   * release sent meanwhile), so the pointer waits for each. */
  mouse_move (from_x, from_y);
  xdotool ((const char *[]) { "mousedown", "1", NULL });
  g_assert_cmpstr (source_next_line (f, move_in_source, &(Point) { from_x, from_y }, 1200), ==, "drag-begin");
  for (int i = 1; i <= 24; i++)
    mouse_move (from_x + (to_x - from_x) * i / 24, from_y + (to_y - from_y) * i / 24);
  /* "refused" while the pointer is over no target. */
  while (g_strcmp0 (source_next_line (f, move_over_target, &(Point) { to_x, to_y }, 1200), "accepted") != 0)
    g_assert_cmpstr (f->source_line, ==, "refused");
  xdotool ((const char *[]) { "mouseup", "1", NULL });

  /* The dropped files became rows, and were hashed: the batch's end
   * brings the app's Uninhibit. */
  WAIT_UNTIL (g_atomic_int_get (&sm.n_uninhibit) > 0, 60,
              "the dropped files' batch to end (the app's Uninhibit): did the drop arrive?");
  g_assert_true (report_shows (f, paths, digests, 3));
  fw_fake_session_manager_stop (&sm);

  for (guint i = 0; i < 3; i++)
    {
      g_free (paths[i]);
      g_free (digests[i]);
    }
}

/* A session manager and a notification server of the test's own, on the
 * session bus the app uses: the app inhibits suspend while its batch runs
 * (gtk_application_inhibit(), org.gnome.SessionManager) and lifts it when
 * the batch ends; its window keeps the keyboard focus, so it sends no
 * notification. -------------------------------------------------------- */

static void
test_inhibit_and_notify (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *app = app_path ();
  char *paths[3], *digests[3];
  FwFakeSessionManager sm = { 0 };
  FwFakeNotifications notifications = { 0 };

  /* Both on the test's connection, in its main context: see below. */
  fw_fake_session_manager_start (&sm, f->bus);
  fw_fake_notifications_start (&notifications, f->bus);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("notify-%u.bin", i);
      paths[i] = write_file (f, name, 40000 * (i + 1), 200 + i, &digests[i]);
    }
  f->app = spawn ((const char *[]) { app, paths[0], paths[1], paths[2], NULL });

  /* The app calls the session manager synchronously: the main context
   * runs all along (report() is asynchronous too), so it is answered.
   * The batch's end lifts the inhibition: the rows are all in by then. */
  WAIT_UNTIL (g_atomic_int_get (&sm.n_uninhibit) > 0, 60, "the batch to end (the app's Uninhibit)");
  g_assert_true (report_shows (f, paths, digests, 3));

  g_assert_cmpuint (sm.n_inhibit, ==, 1);
  g_assert_cmpstr (sm.inhibit_app_id, ==, APP_ID);
  g_assert_cmpuint (sm.inhibit_flags & GTK_APPLICATION_INHIBIT_SUSPEND, !=, 0);
  g_assert_cmpstr (sm.inhibit_reason, ==, "Files are being processed");
  g_assert_cmpuint (sm.n_uninhibit, ==, 1);
  g_assert_true (sm.uninhibit_after_inhibit);
  g_assert_cmpuint (sm.uninhibit_cookie, ==, FW_FAKE_SM_COOKIE);

  /* The window took the X keyboard focus as it presented itself and kept
   * it, and a focused window gets a toast, not a notification. The app
   * sends a notification, if any, as its batch ends, before it answers a
   * later call: everything travels on its one bus connection, in order,
   * so the report's answer came after it. (The unfocused case is
   * /app/notify-unfocused.) */
  g_assert_cmpuint (notifications.n, ==, 0);

  fw_fake_notifications_stop (&notifications);
  fw_fake_session_manager_stop (&sm);
  for (guint i = 0; i < 3; i++)
    {
      g_free (paths[i]);
      g_free (digests[i]);
    }
}

/* /app/notify-unfocused ----------------------------------------------------
 *
 * A batch that ends while the window is not focused brings a desktop
 * notification. With no window manager, X keyboard focus follows the
 * pointer into the app's window, and the app takes it when it presents
 * itself; the test then takes it away (focus to None, as when the user
 * switches to another app) while a large file is still being read. */

/* The state column of @path's row in the report, or NULL. */
static char *
report_state (Fixture    *f,
              const char *path)
{
  g_autoptr(GPtrArray) rows = report (f);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row[0], path) == 0)
        return g_strdup (row[3]);
    }
  return NULL;
}

static void
test_notify_unfocused (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *app = app_path ();
  g_autofree char *path = g_build_filename (f->dir, "large.bin", NULL);
  g_autofree char *state = NULL;
  FwFakeNotifications notifications = { 0 };
  FwFakeSessionManager sm = { 0 };
  Display *dpy;
  int fd;

  g_assert_true (GDK_IS_X11_DISPLAY (gdk_display_get_default ()));
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dpy = gdk_x11_display_get_xdisplay (gdk_display_get_default ());
  G_GNUC_END_IGNORE_DEPRECATIONS
  fw_fake_notifications_start (&notifications, f->bus);
  /* The session manager to hear the batch start (Inhibit) and end
   * (Uninhibit). */
  fw_fake_session_manager_start (&sm, f->bus);

  /* 2 GiB of holes: no disk space, and seconds of reading. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 2 << 30), ==, 0);
  close (fd);
  f->app = spawn ((const char *[]) { app, path, NULL });

  /* The batch started: the file is being read (seconds of it). */
  WAIT_UNTIL (g_atomic_int_get (&sm.n_inhibit) > 0, 60, "the batch to start (the app's Inhibit)");
  state = report_state (f, path);
  /* Finished before the test could look: nothing here shows focus. */
  g_assert_cmpstr (state, !=, "done");
  XSetInputFocus (dpy, None, RevertToNone, CurrentTime);
  XSync (dpy, False);

  WAIT_UNTIL (g_atomic_int_get (&sm.n_uninhibit) > 0, 60, "the batch to end (the app's Uninhibit)");
  /* The notification is sent as the batch ends, before the app answers
   * a later call (one connection, in order): by this report's answer, it
   * has come. */
  g_clear_pointer (&state, g_free);
  state = report_state (f, path);
  g_assert_cmpstr (state, ==, "done");
  g_assert_cmpuint (notifications.n, ==, 1);
  g_assert_cmpstr (notifications.app_id, ==, APP_ID);
  g_assert_cmpstr (notifications.id, ==, "batch-finished");
  g_assert_cmpstr (notifications.title, ==, "Fileworks: batch finished");
  g_assert_cmpstr (notifications.body, ==, "1 done");
  fw_fake_notifications_stop (&notifications);
  fw_fake_session_manager_stop (&sm);
  /* Focus follows the pointer again, as Xvfb starts. */
  XSetInputFocus (dpy, PointerRoot, RevertToPointerRoot, CurrentTime);
  XSync (dpy, False);
}

/* `fileworks --size|--verify|--hash FILE…` while an instance runs: the
 * files reach its window as that job (the open hint over D-Bus), the
 * second process exits at once, and no second window opens. */
static void
test_command_line_modes (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *app = app_path ();
  g_autofree char *folder = g_build_filename (f->dir, "folder", NULL);
  g_autofree char *inner = g_build_filename (folder, "inner.bin", NULL);
  g_autofree char *sums = g_build_filename (f->dir, "SHA256SUMS", NULL);
  g_autofree char *sums_text = NULL;
  g_autofree char *file_path = NULL, *digest = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  FwFakeSessionManager sm = { 0 };

  fw_fake_session_manager_start (&sm, f->bus);
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_true (g_file_set_contents (inner, "inner", -1, NULL));
  file_path = write_file (f, "one.bin", 70000, 7, &digest);
  sums_text = g_strdup_printf ("%s  one.bin\n", digest);
  g_assert_true (g_file_set_contents (sums, sums_text, -1, NULL));

  /* Two jobs at once: refused, nothing started. */
  g_assert_cmpint (run_app_to_end ((const char *[]) { app, "--hash", "--size", file_path, NULL }), ==, 1);
  /* A job without files: refused. */
  g_assert_cmpint (run_app_to_end ((const char *[]) { app, "--size", NULL }), ==, 1);

  f->app = spawn ((const char *[]) { app, NULL });
  wait_app_on_bus (f);
  g_free (wait_window ("^Fileworks$"));

  /* A folder and a file, sized as wholes: the header's job (Hash by
   * default) would have hashed the folder's file instead. */
  g_assert_cmpint (run_app_to_end ((const char *[]) { app, "--size", folder, file_path, NULL }), ==, 0);
  WAIT_UNTIL (g_atomic_int_get (&sm.n_uninhibit) >= 1, 60, "the size batch to end");
  rows = report (f);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpuint (count_rows (rows, folder, "size"), ==, 1);
  g_assert_cmpuint (count_rows (rows, file_path, "size"), ==, 1);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* A checksum file, verified: its listed file becomes a verify row. */
  g_assert_cmpint (run_app_to_end ((const char *[]) { app, "--verify", sums, NULL }), ==, 0);
  WAIT_UNTIL (g_atomic_int_get (&sm.n_uninhibit) >= 2, 60, "the verify batch to end");
  rows = report (f);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpuint (count_rows (rows, file_path, "verify"), ==, 1);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* --hash on a checksum file hashes it (without a job it would be
   * verified), with its SHA-256. */
  g_assert_cmpint (run_app_to_end ((const char *[]) { app, "--hash", sums, NULL }), ==, 0);
  WAIT_UNTIL (g_atomic_int_get (&sm.n_uninhibit) >= 3, 60, "the hash batch to end");
  rows = report (f);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpuint (count_rows (rows, sums, "hash"), ==, 1);
  {
    g_autofree char *sums_digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, sums_text, -1);

    for (guint i = 0; i < rows->len; i++)
      if (g_strcmp0 (((char **) g_ptr_array_index (rows, i))[0], sums) == 0)
        g_assert_cmpstr (((char **) g_ptr_array_index (rows, i))[4], ==, sums_digest);
  }

  g_assert_cmpuint (count_visible_windows (f->app), ==, 1);
  fw_fake_session_manager_stop (&sm);
  g_unlink (inner);
  g_rmdir (folder);
}

/* `fileworks --dupes FOLDER…` and `fileworks --compare A B` (two folders)
 * ------------------------------------------------------------------------ */

typedef struct {
  char *dupes;        /* a folder: two copies and a unique file */
  char *copy1, *copy2, *unique;
  char *left, *right; /* two folders to compare */
  char *same, *differs, *only;  /* in left */
} Folders;

static void
write_text (const char *path,
            const char *text)
{
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
folders_make (Fixture *f,
              Folders *d)
{
  g_autofree char *right_same = NULL, *right_differs = NULL;

  d->dupes = g_build_filename (f->dir, "dupes", NULL);
  d->copy1 = g_build_filename (d->dupes, "copy-1.txt", NULL);
  d->copy2 = g_build_filename (d->dupes, "copy-2.txt", NULL);
  d->unique = g_build_filename (d->dupes, "unique.txt", NULL);
  d->left = g_build_filename (f->dir, "left", NULL);
  d->right = g_build_filename (f->dir, "right", NULL);
  d->same = g_build_filename (d->left, "same.txt", NULL);
  d->differs = g_build_filename (d->left, "differs.txt", NULL);
  d->only = g_build_filename (d->left, "only-left.txt", NULL);
  right_same = g_build_filename (d->right, "same.txt", NULL);
  right_differs = g_build_filename (d->right, "differs.txt", NULL);
  g_assert_cmpint (g_mkdir (d->dupes, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (d->left, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (d->right, 0755), ==, 0);
  write_text (d->copy1, "the same words in two files\n");
  write_text (d->copy2, "the same words in two files\n");
  write_text (d->unique, "other words, of the same length\n");
  write_text (d->same, "same\n");
  write_text (right_same, "same\n");
  write_text (d->differs, "left\n");
  write_text (right_differs, "right, longer\n");
  write_text (d->only, "only here\n");
}

static void
folders_free (Folders *d)
{
  g_assert_true (g_spawn_sync (NULL, (char *[]) { (char *) "rm", (char *) "-rf", d->dupes, d->left, d->right, NULL },
                               NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL));
  g_free (d->dupes);
  g_free (d->copy1);
  g_free (d->copy2);
  g_free (d->unique);
  g_free (d->left);
  g_free (d->right);
  g_free (d->same);
  g_free (d->differs);
  g_free (d->only);
}

/* The report while the window is in Find Duplicates: its groups' CSV
 * (fw_export_build_dupes()), as "GROUP PATH" lines, in the report's order;
 * NULL when the window shows another job (the report is the rows' CSV). */
static char *
dupes_report (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "report.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GAsyncResult) async = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  GVariantBuilder params;

  g_variant_builder_init (&params, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&params, "v", g_variant_new_string (path));
  g_dbus_connection_call (f->bus, APP_ID, "/io/github/fileworks/Fileworks",
                          "org.gtk.Actions", "Activate",
                          g_variant_new ("(sava{sv})", "export-report", &params, NULL),
                          NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, 60000, NULL, call_done, &async);
  while (async == NULL)
    g_main_context_iteration (NULL, TRUE);
  reply = g_dbus_connection_call_finish (f->bus, async, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_unlink (path);
  lines = g_strsplit (contents, "\r\n", -1);
  if (!g_str_equal (lines[0], "group,size,path,device,inode,linked,mtime"))
    return NULL;
  for (guint i = 1; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      {
        g_auto(GStrv) row = g_strsplit (lines[i], ",", 4);

        g_assert_cmpuint (g_strv_length (row), ==, 4);
        g_string_append_printf (out, "%s%s %s", out->len > 0 ? "\n" : "", row[0], row[2]);
      }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The duplicates found in @d->dupes: one group, the two copies (in
 * either order), the unique file in none. */
static void
assert_dupes_found (Fixture *f,
                    Folders *d)
{
  g_autofree char *groups = dupes_report (f);
  g_autofree char *one = g_strdup_printf ("1 %s\n1 %s", d->copy1, d->copy2);
  g_autofree char *other = g_strdup_printf ("1 %s\n1 %s", d->copy2, d->copy1);

  /* NULL: not in Find Duplicates. */
  g_assert_nonnull (groups);
  if (g_strcmp0 (groups, other) != 0)
    g_assert_cmpstr (groups, ==, one);
}

/* @d's left and right compared as folders: a row per relative path, the
 * first column left's path, all finished; and no other row but @n_others. */
static void
assert_folders_compared (Fixture *f,
                         Folders *d,
                         guint    n_others)
{
  g_autoptr(GPtrArray) rows = report (f);
  g_autofree char *right_same = g_build_filename (d->right, "same.txt", NULL);
  g_autofree char *identical = g_strdup_printf ("identical to %s", right_same);

  /* NULL: the report was Find Duplicates' (its header differs). */
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 3 + n_others);
  g_assert_cmpuint (count_rows (rows, NULL, "compare-folders"), ==, 3);
  g_assert_cmpuint (count_rows (rows, d->same, "compare-folders"), ==, 1);
  g_assert_cmpuint (count_rows (rows, d->differs, "compare-folders"), ==, 1);
  g_assert_cmpuint (count_rows (rows, d->only, "compare-folders"), ==, 1);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row[0], d->same) == 0)
        g_assert_cmpstr (row[4], ==, identical);
      else if (g_strcmp0 (row[0], d->differs) == 0)
        g_assert_true (g_str_has_prefix (row[4], "differs from "));
      else if (g_strcmp0 (row[0], d->only) == 0)
        g_assert_cmpstr (row[4], ==, "only in A");
    }
}

/* `fileworks --dupes FOLDER` as the first instance: the window opens in
 * Find Duplicates and scans (its suspend inhibition comes and goes).
 * Then, while it runs: `--compare LEFT RIGHT` (two folders) becomes
 * Compare Folders, as two folders dropped in Compare Files do, and
 * `--hash FILE` a hash row in the list; `--dupes` again brings Find
 * Duplicates back. One window all along. */
static void
test_command_line_dupes (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *app = app_path ();
  g_autofree char *file_path = NULL, *digest = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  FwFakeSessionManager sm = { 0 };
  Folders d = { 0 };

  fw_fake_session_manager_start (&sm, f->bus);
  folders_make (f, &d);
  file_path = write_file (f, "hashed.bin", 30000, 11, &digest);

  /* --dupes needs folders or files. */
  g_assert_cmpint (run_app_to_end ((const char *[]) { app, "--dupes", NULL }), ==, 1);
  g_assert_cmpint (run_app_to_end ((const char *[]) { app, "--dupes", "--compare", d.dupes, NULL }), ==, 1);

  f->app = spawn ((const char *[]) { app, "--dupes", d.dupes, NULL });
  WAIT_UNTIL (g_atomic_int_get (&sm.n_uninhibit) >= 1, 60, "the duplicate scan to end (the app's Uninhibit)");
  g_assert_cmpuint (sm.n_inhibit, ==, 1);
  assert_dupes_found (f, &d);

  g_assert_cmpint (run_app_to_end ((const char *[]) { app, "--compare", d.left, d.right, NULL }), ==, 0);
  WAIT_UNTIL (g_atomic_int_get (&sm.n_uninhibit) >= 2, 60, "the folder comparison to end");
  assert_folders_compared (f, &d, 0);
  g_assert_null (dupes_report (f));

  g_assert_cmpint (run_app_to_end ((const char *[]) { app, "--hash", file_path, NULL }), ==, 0);
  WAIT_UNTIL (g_atomic_int_get (&sm.n_uninhibit) >= 3, 60, "the hash batch to end");
  rows = report (f);
  g_assert_nonnull (rows);
  g_assert_cmpuint (count_rows (rows, file_path, "hash"), ==, 1);
  assert_folders_compared (f, &d, 1);

  g_assert_cmpint (run_app_to_end ((const char *[]) { app, "--dupes", d.dupes, NULL }), ==, 0);
  WAIT_UNTIL (g_atomic_int_get (&sm.n_uninhibit) >= 4, 60, "the second duplicate scan to end");
  assert_dupes_found (f, &d);

  g_assert_cmpuint (count_visible_windows (f->app), ==, 1);
  fw_fake_session_manager_stop (&sm);
  folders_free (&d);
}

/* `fileworks --compare LEFT RIGHT` as the first instance: Compare
 * Folders at once; then `--dupes FOLDER` while it runs: Find Duplicates,
 * in the same window. */
static void
test_command_line_compare_folders (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *app = app_path ();
  FwFakeSessionManager sm = { 0 };
  Folders d = { 0 };

  fw_fake_session_manager_start (&sm, f->bus);
  folders_make (f, &d);

  f->app = spawn ((const char *[]) { app, "--compare", d.left, d.right, NULL });
  WAIT_UNTIL (g_atomic_int_get (&sm.n_uninhibit) >= 1, 60, "the folder comparison to end (the app's Uninhibit)");
  assert_folders_compared (f, &d, 0);
  g_assert_null (dupes_report (f));

  g_assert_cmpint (run_app_to_end ((const char *[]) { app, "--dupes", d.dupes, d.left, NULL }), ==, 0);
  WAIT_UNTIL (g_atomic_int_get (&sm.n_uninhibit) >= 2, 60, "the duplicate scan to end");
  assert_dupes_found (f, &d);

  g_assert_cmpuint (count_visible_windows (f->app), ==, 1);
  fw_fake_session_manager_stop (&sm);
  folders_free (&d);
}

/* GDK hands every X event it reads to this signal first. */
static gboolean
xevent_cb (GdkDisplay *display,
           gpointer    xevent,
           gpointer    user_data)
{
  if (((XEvent *) xevent)->type == MapNotify)
    n_x_maps++;
  return FALSE;  /* GDK goes on with it */
}

int
main (int    argc,
      char **argv)
{
  GdkDisplay *display;
  Display *dpy;
  Window root;
  XWindowAttributes attributes;

  fw_test_env_setup ();
  g_test_init (&argc, &argv, NULL);
  fw_test_env_fatal_logs ();
  /* Holds a connection to the X server for the whole run: Xvfb resets
   * when its last client leaves, and a client connecting during that
   * reset is refused ("cannot open display"). */
  gtk_init ();

  /* Hear every top-level window mapped (wait_window()): MapNotify on the
   * root's children, added to what GDK already asks of the root. */
  display = gdk_display_get_default ();
  g_assert_true (GDK_IS_X11_DISPLAY (display));
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dpy = gdk_x11_display_get_xdisplay (display);
  root = gdk_x11_display_get_xrootwindow (display);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_assert_true (XGetWindowAttributes (dpy, root, &attributes));
  XSelectInput (dpy, root, attributes.your_event_mask | SubstructureNotifyMask);
  XFlush (dpy);
  g_signal_connect (display, "xevent", G_CALLBACK (xevent_cb), NULL);

  g_test_add ("/app/command-line", Fixture, NULL, fixture_setup, test_command_line, fixture_teardown);
  g_test_add ("/app/command-line-modes", Fixture, NULL, fixture_setup, test_command_line_modes, fixture_teardown);
  g_test_add ("/app/command-line-dupes", Fixture, NULL, fixture_setup, test_command_line_dupes, fixture_teardown);
  g_test_add ("/app/command-line-compare-folders", Fixture, NULL, fixture_setup, test_command_line_compare_folders,
              fixture_teardown);
  g_test_add ("/app/drag-and-drop", Fixture, NULL, fixture_setup, test_drag_and_drop, fixture_teardown);
  g_test_add ("/app/inhibit-and-notify", Fixture, NULL, fixture_setup, test_inhibit_and_notify, fixture_teardown);
  g_test_add ("/app/notify-unfocused", Fixture, NULL, fixture_setup, test_notify_unfocused, fixture_teardown);

  return g_test_run ();
}
