/* fw-job-list.h — the rows of a batch: a list model of jobs over an array
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-job.h"

G_BEGIN_DECLS

/**
 * FwJobList:
 *
 * A #GListModel of #FwJob kept in an array: what #GListStore does for the
 * batch's rows, without a tree node per item. A batch appends its rows
 * in thousands at a time and the view asks for items by position; a
 * #GListStore (a #GSequence) pays a balanced-tree insert per row and a
 * tree walk per lookup. Main thread only, like any model a view shows.
 */
#define FW_TYPE_JOB_LIST (fw_job_list_get_type ())
G_DECLARE_FINAL_TYPE (FwJobList, fw_job_list, FW, JOB_LIST, GObject)

FwJobList *fw_job_list_new        (void);

/* Removes the item at @position; one #GListModel::items-changed. */
void       fw_job_list_remove     (FwJobList  *self,
                                   guint       position);

/* Appends the first @n of @jobs, taking their references over: they
 * leave @jobs, the rest move to its front. */
void       fw_job_list_append_take (FwJobList *self,
                                    GPtrArray *jobs,
                                    guint      n);

/* Keeps the items @keep returns %TRUE for, in order; one
 * #GListModel::items-changed over the range that changed. */
void       fw_job_list_filter     (FwJobList  *self,
                                   gboolean  (*keep) (FwJob *job, gpointer data),
                                   gpointer    data);

gboolean   fw_job_list_find       (FwJobList  *self,
                                   FwJob      *job,
                                   guint      *position);

void       fw_job_list_remove_all (FwJobList  *self);

/* Puts @jobs back where they were: @positions[i] is the index @jobs[i]
 * had, ascending, among the rows then (an index past the end appends).
 * With the rows that stayed in the same order, the list is then as it
 * was. References are added; one #GListModel::items-changed. */
void       fw_job_list_insert_at  (FwJobList   *self,
                                   GPtrArray   *jobs,
                                   const guint *positions);

G_END_DECLS
