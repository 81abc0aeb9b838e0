/* main.c — fileworks, the GTK application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "fw-application.h"
#include "fw-digest.h"
#include "fw-fatal-log.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(FwApplication) app = NULL;

  /* Only for the tests: see fw-fatal-log.h. */
  fw_fatal_log_init ();
  /* OpenSSL set up once, in the main thread (see fw_digest_init()). */
  fw_digest_init ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  fw_ui_choose_renderer ();
  app = fw_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
