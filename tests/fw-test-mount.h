/* fw-test-mount.h — bind mounts in a mount namespace of the test's own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the tests of folders seen twice (issue 25): a bind mount of a folder
 * inside itself is a loop, and du does not enter it. The mounts live in a
 * private mount namespace, so that nothing outside the test sees them and
 * they go when the process ends. Use in a g_test_trap_subprocess() child
 * (one process per namespace), before any thread is started: a user
 * namespace cannot be entered by a threaded process. Define _GNU_SOURCE
 * before the first #include (for unshare()).
 */
#pragma once

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <glib.h>

static void
fw_test_write_proc (const char *path,
                    const char *text)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, text, strlen (text)), ==, (gssize) strlen (text));
  close (fd);
}

/* Enters a mount namespace of this process's own, with private
 * propagation; a user that is not root is mapped to root in a user
 * namespace of its own first, which the kernel allows without privileges.
 * Fails the test when the kernel refuses. */
static G_GNUC_UNUSED void
fw_test_enter_mount_namespace (void)
{
  uid_t uid = geteuid ();
  gid_t gid = getegid ();

  if (uid == 0)
    {
      if (unshare (CLONE_NEWNS) != 0)
        g_error ("unshare (CLONE_NEWNS): %s", g_strerror (errno));
    }
  else
    {
      g_autofree char *uid_map = g_strdup_printf ("0 %u 1\n", (guint) uid);
      g_autofree char *gid_map = g_strdup_printf ("0 %u 1\n", (guint) gid);

      if (unshare (CLONE_NEWUSER | CLONE_NEWNS) != 0)
        g_error ("unshare (CLONE_NEWUSER | CLONE_NEWNS): %s", g_strerror (errno));
      fw_test_write_proc ("/proc/self/setgroups", "deny");
      fw_test_write_proc ("/proc/self/uid_map", uid_map);
      fw_test_write_proc ("/proc/self/gid_map", gid_map);
    }
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    g_error ("making / private in the new mount namespace: %s", g_strerror (errno));
}

/* Bind-mounts @from on @to, in this process's mount namespace. */
static G_GNUC_UNUSED void
fw_test_bind_mount (const char *from,
                    const char *to)
{
  if (mount (from, to, NULL, MS_BIND, NULL) != 0)
    g_error ("mount --bind %s %s: %s", from, to, g_strerror (errno));
}
