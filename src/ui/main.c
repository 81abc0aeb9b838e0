/* main.c — fileworks, the GTK application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <openssl/crypto.h>

#include <glib/gi18n.h>

#include "fw-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(FwApplication) app = NULL;

  /* The digest reader keeps its fetched EVP digests for the life of the
   * process; OpenSSL's own exit handler would free the store under them. */
  OPENSSL_init_crypto (OPENSSL_INIT_NO_ATEXIT, NULL);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = fw_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
