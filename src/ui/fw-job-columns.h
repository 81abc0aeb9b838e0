/* fw-job-columns.h — the columns of the job list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fw-job.h"

G_BEGIN_DECLS

typedef enum {
  FW_COLUMN_NAME,
  FW_COLUMN_KIND,
  FW_COLUMN_SIZE,
  FW_COLUMN_STATE,
  FW_COLUMN_RESULT,
  FW_N_COLUMNS,
} FwColumn;

/* Called with the row's position when a cell is right-clicked (or
 * long-pressed), with coordinates in @widget. */
typedef void (*FwRowMenuFunc) (GtkWidget *widget,
                               guint      position,
                               double     x,
                               double     y,
                               gpointer   user_data);

/* Appends the job list's columns, each with its factory and sorter, to
 * @column_view. Cells follow their job's notifications while bound. */
void fw_job_columns_add (GtkColumnView *column_view,
                         FwRowMenuFunc  menu_func,
                         gpointer       menu_data);

/**
 * FwColumnsLayout:
 * @FW_COLUMNS_WIDE: every column
 * @FW_COLUMNS_NARROW: the Kind column gives way and the wide ones give up
 *   room, so that the result keeps a readable share
 * @FW_COLUMNS_FOLDED: Name and Result only; the size and state are a
 *   second line in the Name cell, so that the result fits down to 360 px
 *
 * The window picks one by the width the list has (fw-window-details.c).
 */
typedef enum {
  FW_COLUMNS_WIDE,
  FW_COLUMNS_NARROW,
  FW_COLUMNS_FOLDED,
  FW_N_COLUMNS_LAYOUTS,
} FwColumnsLayout;

void            fw_job_columns_set_layout (GtkColumnView   *column_view,
                                           FwColumnsLayout  layout);
FwColumnsLayout fw_job_columns_get_layout (GtkColumnView   *column_view);
/* fw_job_columns_set_layout() with %FW_COLUMNS_NARROW or %FW_COLUMNS_WIDE. */
void fw_job_columns_set_narrow (GtkColumnView *column_view,
                                gboolean       narrow);

/* The Size column's text for @job ("1.2 MB"), or %NULL while it has none
 * (a folder not scanned yet, a missing file). */
char *fw_job_columns_size_text (FwJob *job);

/* The tooltip of @job's cell in @column (made when the pointer asks for
 * it, not on every bind), or %NULL for none. */
char *fw_job_columns_tooltip (FwJob    *job,
                              FwColumn  column);

G_END_DECLS
