/* main.c — fileworks-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-cli.h"

int
main (int argc, char **argv)
{
  return fw_cli_run (argc, argv);
}
