/* fw-test-unreadable.h — a file unreadable to this thread, even as root
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tests run as root, who reads a file of mode 000 anyway
 * (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH). A test that runs a program
 * makes it run as uid 65534 (setpriv, test-cli-dupes' setuid); a test
 * whose reads happen on threads of its own process (a scan's pool
 * workers, in the test's window) calls fw_test_drop_dac_override() on
 * those threads instead, from a hook they run before they open a file:
 * Linux keeps capabilities per thread (capset(2) changes the calling
 * thread only), so the rest of the process keeps them, and a thread
 * that ends (a pool disposed) takes the change with it. Files the test
 * wrote (root's, 0644 in root's 0700 folders) stay readable to their
 * owner; the one made mode 000 fails with EACCES, as for anyone.
 */
#pragma once

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <glib.h>

/* Drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the calling
 * thread's effective set (a no-op when it has neither). */
static inline void
fw_test_drop_dac_override (void)
{
  struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct data[2] = { { 0 } };

  g_assert_cmpint (syscall (SYS_capget, &header, data), ==, 0);
  if ((data[0].effective & ((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH))) == 0)
    return;
  data[0].effective &= ~((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH));
  g_assert_cmpint (syscall (SYS_capset, &header, data), ==, 0);
}
