/* fw-text-cell.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FW_TYPE_TEXT_CELL (fw_text_cell_get_type ())
G_DECLARE_FINAL_TYPE (FwTextCell, fw_text_cell, FW, TEXT_CELL, GtkWidget)

GtkWidget  *fw_text_cell_new           (void);
void        fw_text_cell_set_text      (FwTextCell         *self,
                                        const char         *text);
const char *fw_text_cell_get_text      (FwTextCell         *self);
void        fw_text_cell_set_secondary (FwTextCell         *self,
                                        const char         *text);
const char *fw_text_cell_get_secondary (FwTextCell         *self);
void        fw_text_cell_set_xalign    (FwTextCell         *self,
                                        float               xalign);
void        fw_text_cell_set_ellipsize (FwTextCell         *self,
                                        PangoEllipsizeMode  mode);
void        fw_text_cell_set_numeric   (FwTextCell         *self,
                                        gboolean            numeric);
/* A symbolic icon before the text, in the text's colour (a verdict's
 * check mark or cross: not the colour alone); %NULL for none. */
void        fw_text_cell_set_icon_name (FwTextCell         *self,
                                        const char         *icon_name);
const char *fw_text_cell_get_icon_name (FwTextCell         *self);

G_END_DECLS
