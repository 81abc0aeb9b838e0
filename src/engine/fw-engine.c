/* fw-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-engine.h"

G_DEFINE_QUARK (fw-engine-error-quark, fw_engine_error)
