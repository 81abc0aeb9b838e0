/* fw-engine.h — shared definitions of the Fileworks engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * FW_ENGINE_ERROR:
 *
 * Error domain of the engine, for failures that no GIO error code names
 * (a malformed checksum line, an unknown algorithm, …). Failures of the
 * file system are reported in `G_IO_ERROR` with the errno mapped by
 * g_io_error_from_errno().
 */
#define FW_ENGINE_ERROR (fw_engine_error_quark ())

typedef enum {
  FW_ENGINE_ERROR_FAILED,
  FW_ENGINE_ERROR_UNKNOWN_ALGORITHM,
  FW_ENGINE_ERROR_MALFORMED,
  FW_ENGINE_ERROR_SKIPPED,
} FwEngineError;

GQuark fw_engine_error_quark (void);

G_END_DECLS
