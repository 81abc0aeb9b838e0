/* fw-nautilus-launch.h — starting Fileworks from Files: a host install or
 * the Flatpak
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which install is started, checked at each menu and each activation (a
 * few stat() calls, no process, no D-Bus in Files' main thread):
 *
 * 1. A host install: this build's `BINDIR/fileworks`, else `fileworks` on
 *    PATH. It is started as `fileworks --JOB PATH…`.
 * 2. The Flatpak io.github.fileworks.Fileworks, when `flatpak` is on PATH
 *    and the app is deployed in the user installation
 *    (`$FLATPAK_USER_DIR`, default `~/.local/share/flatpak`) or the
 *    system one (`$FLATPAK_SYSTEM_DIR`, default `/var/lib/flatpak`): its
 *    folder `app/io.github.fileworks.Fileworks/current/active` exists,
 *    as `flatpak info` would find it (extra installations named in
 *    /etc/flatpak/installations.d are not looked at). It runs with only
 *    what the document portal grants it, exactly the selected items:
 *    - files go through flatpak's own forwarding, `flatpak run
 *      --file-forwarding APP_ID --JOB @@u URI… @@` (the portal's Add,
 *      which takes regular files only);
 *    - folders are exported first by org.freedesktop.portal.Documents
 *      `AddFull` (version 4 and later: xdg-desktop-portal 1.16 in
 *      Debian 12 has it): one O_PATH descriptor each, flags reuse-existing
 *      (1) and export-directory (8), not persistent, for APP_ID, with the
 *      permission "read" (and "write" for Find Duplicates, whose Move to
 *      Trash goes through the trash portal, which trashes only what the
 *      app can open for writing: fw_nautilus_job_permissions());
 *      the app gets `MOUNTPOINT/DOC_ID/BASENAME` (the
 *      mount point from the reply's "mountpoint", else `GetMountPoint`)
 *      as a plain argument between the forwarded groups.
 *    Selection order is kept, and the whole selection is one `flatpak
 *    run`: one batch in the app.
 * 3. Neither: the menu offers nothing.
 *
 * When folders cannot be exported (no Documents portal, one older than
 * version 4, or a failed call), nothing is started and Files shows a
 * notification that says why (GNotification from Files' GApplication);
 * a failed start of a process is reported the same way.
 *
 * FW_NAUTILUS_FILEWORKS (tests only) replaces step 1's lookup: the path it
 * names is the host install if it is executable, and nothing else is.
 */
#pragma once

#include "fw-nautilus-jobs.h"

G_BEGIN_DECLS

#define FW_NAUTILUS_FLATPAK_APP_ID "io.github.fileworks.Fileworks"

/* AddFull's flags (org.freedesktop.portal.Documents.xml). */
#define FW_NAUTILUS_DOC_REUSE_EXISTING   (1u << 0)
#define FW_NAUTILUS_DOC_EXPORT_DIRECTORY (1u << 3)
/* The version that exports folders. */
#define FW_NAUTILUS_DOCUMENTS_VERSION    4u

typedef enum {
  FW_NAUTILUS_INSTALL_NONE,
  FW_NAUTILUS_INSTALL_HOST,
  FW_NAUTILUS_INSTALL_FLATPAK,
} FwNautilusInstall;

/* Which install to start; @program (free it) gets the program to run:
 * the host's `fileworks`, or `flatpak`. */
FwNautilusInstall fw_nautilus_find_install  (char                **program);

/* The Flatpak's argument vector (free with g_strfreev()): @flatpak run
 * --file-forwarding APP_ID --JOB, then each item in order: a file as its
 * URI inside `@@u … @@` (a run of files in one group), a folder as
 * @doc_paths[i] (its document path; NULL for files). */
char            **fw_nautilus_flatpak_argv  (FwNautilusJob         job,
                                             const char           *flatpak,
                                             const FwNautilusItem *items,
                                             guint                 n_items,
                                             const char * const   *doc_paths);

/* Starts @job on the @n_items selected, with whichever install
 * fw_nautilus_find_install() finds; returns at once (the portal's calls
 * run in the thread-default main context, Files' main loop). */
void              fw_nautilus_launch        (FwNautilusJob         job,
                                             const FwNautilusItem *items,
                                             guint                 n_items);

G_END_DECLS
