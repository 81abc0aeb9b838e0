/* fw-window-sibling.h — the checksum file next to a file, when the window
 * cannot read the file's folder (the Flatpak)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-sibling.h"
#include "fw-window.h"

G_BEGIN_DECLS

/**
 * FwChecksumChosenFunc:
 * @window: the window
 * @file: the file the checksum file was chosen for
 * @sibling: what the chosen list says of @file: %FW_SIBLING_FOUND (its
 *   line, digest and algorithms), %FW_SIBLING_NOT_LISTED, or
 *   %FW_SIBLING_UNREADABLE (the list could not be read); owned by the
 *   caller of the function
 * @user_data: the data given to fw_window_offer_checksum_chooser()
 *
 * Called in the main thread once the person chose a checksum file and it
 * was read. The window has already said (a toast) when the list does not
 * list @file or cannot be read.
 */
typedef void (*FwChecksumChosenFunc) (FwWindow  *window,
                                      GFile     *file,
                                      FwSibling *sibling,
                                      gpointer   user_data);

/**
 * fw_window_offer_checksum_chooser:
 * @self: the window
 * @file: a file whose folder could not be read (fw_sibling_find() gave
 *   %FW_SIBLING_UNREADABLE)
 * @func: (nullable): called with what the chosen checksum file says
 * @user_data: for @func
 * @destroy: (nullable): frees @user_data when the offer ends (answered,
 *   replaced by another offer, or the window closed)
 *
 * Offers one click (a toast that stays until answered) that opens the
 * file chooser for the checksum file of @file. Where the document portal
 * can tell the file's folder on the host (org.freedesktop.portal.Documents
 * version 5 and later: `GetHostPaths`), the chooser opens there; else (the
 * portal of Debian 12) the chooser's filter names the files to look for
 * (fw_sibling_list_names()). The chosen list is read on a worker
 * (fw_sibling_find_in_list()) and @func called. One offer at a time: a new
 * one replaces the last. Main thread.
 */
void fw_window_offer_checksum_chooser (FwWindow             *self,
                                       GFile                *file,
                                       FwChecksumChosenFunc  func,
                                       gpointer              user_data,
                                       GDestroyNotify        destroy);

/* The chooser (fw-window-choosers.c): asks for the checksum file of the
 * file named @name, in @initial_folder when known; the answer goes to
 * fw_window_checksum_file_chosen(). */
void fw_window_choose_checksum_file   (FwWindow   *self,
                                       const char *name,
                                       GFile      *initial_folder);

/* The chooser's answer: reads @list for the offered file. */
void fw_window_checksum_file_chosen   (FwWindow   *self,
                                       GFile      *list);

G_END_DECLS
