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

/* Lowers the calling thread's priority, once per thread (Linux: nice is
 * per thread), for the window's background threads: workers, folder
 * expansion. The main loop then gets a processor as soon as it wants one
 * while every core is busy; the background loses nothing when the main
 * loop is idle. Nice 10 unless FW_WORKER_NICE says otherwise (0 leaves
 * the priority alone). */
void   fw_engine_lower_thread_priority (void);

/**
 * FwWake:
 *
 * A flag any thread raises to bring forward a consumer that polls in a
 * main context (the batch's tick): raising it wakes the context, once
 * until the consumer takes it. Reference counted; any thread.
 */
typedef struct _FwWake FwWake;

FwWake  *fw_wake_new         (GMainContext *context);
FwWake  *fw_wake_ref         (FwWake       *wake);
void     fw_wake_unref       (FwWake       *wake);
void     fw_wake_raise       (FwWake       *wake);
/* Raises it as urgent: the consumer need not keep its usual distance
 * from its last poll (nothing else waits on the context, such as the
 * end of a run). */
void     fw_wake_raise_urgent (FwWake      *wake);
gboolean fw_wake_is_raised   (FwWake       *wake);
gboolean fw_wake_is_urgent   (FwWake       *wake);
/* Lowers the flag; TRUE if it was raised. */
gboolean fw_wake_take        (FwWake       *wake);

G_END_DECLS
