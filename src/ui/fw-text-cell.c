/* fw-text-cell.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-text-cell.h"

/**
 * FwTextCell:
 *
 * One line of text in a cell of the job list: what GtkInscription shows,
 * made for the couple of hundred rows GTK 4.8's column view builds, most of
 * them off screen. Measured against GtkInscription on GTK 4.8, a
 * 100,000-file batch costs the main thread about 27 ms less (0.167 against
 * 0.140 s, the batch 20 ms less; build-aux/bench-app's app run, A/B),
 * because this cell:
 *
 * - makes its PangoLayout when it is first drawn, not when it is made:
 *   GtkInscription's init makes one at once, and with it the style of a
 *   widget that has no parent yet, thrown away when the cell is parented
 *   (one style computation per cell, 1,025 per batch);
 * - takes its height from one set of font metrics shared by every cell,
 *   not from pango_context_get_metrics() on each measure (two per cell).
 *
 * The height is the taller line of the column view's font and of its
 * monospace variant (the "monospace" style class digests use), so every
 * row is as tall whatever its result. The colour and font come from the
 * cell's own CSS, as for a label; "numeric" digits are set with
 * fw_text_cell_set_numeric(), CSS font features not being public API.
 *
 * A cell may show a second, dimmed line under its text
 * (fw_text_cell_set_secondary()): the narrow layout folds a row's size and
 * state under its name. Such a cell is two lines tall.
 */
struct _FwTextCell
{
  GtkWidget           parent_instance;

  char               *text;
  PangoLayout        *layout;   /* made when first drawn */
  char               *secondary;  /* the second line, or NULL for one line */
  PangoLayout        *secondary_layout;
  float               xalign;
  PangoEllipsizeMode  ellipsize;
  gboolean            numeric;
  char               *icon_name;  /* drawn before the text, or NULL */
};

#define ICON_SIZE 16
#define ICON_SPACING 6

G_DEFINE_FINAL_TYPE (FwTextCell, fw_text_cell, GTK_TYPE_WIDGET)

/* Main thread only: the line height, for the font of one context as it
 * was at one serial (pango_context_get_serial() changes with the font, the
 * resolution or the font options). */
static struct {
  PangoContext *context;
  guint         serial;
  int           height;
} line_cache;

static int
metrics_height (PangoContext               *context,
                const PangoFontDescription *desc)
{
  PangoFontMetrics *metrics = pango_context_get_metrics (context, desc, NULL);
  int height = pango_font_metrics_get_ascent (metrics) + pango_font_metrics_get_descent (metrics);

  pango_font_metrics_unref (metrics);
  return PANGO_PIXELS_CEIL (height);
}

static int
line_height (GtkWidget *widget)
{
  GtkWidget *view = gtk_widget_get_ancestor (widget, GTK_TYPE_COLUMN_VIEW);
  PangoContext *context = gtk_widget_get_pango_context (view != NULL ? view : widget);
  PangoFontDescription *desc;

  if (line_cache.context == context && line_cache.serial == pango_context_get_serial (context))
    return line_cache.height;

  /* Held, so that a context made later at the same address is not taken
   * for it. */
  g_set_object (&line_cache.context, context);
  line_cache.serial = pango_context_get_serial (context);
  desc = pango_font_description_copy (pango_context_get_font_description (context));
  line_cache.height = metrics_height (context, desc);
  pango_font_description_set_family (desc, "monospace");
  line_cache.height = MAX (line_cache.height, metrics_height (context, desc));
  pango_font_description_free (desc);
  return line_cache.height;
}

static void
fw_text_cell_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  /* As wide as its column makes it: the text is cut short to fit. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = 0;
  else
    *minimum = *natural = line_height (widget) * (FW_TEXT_CELL (widget)->secondary != NULL ? 2 : 1);
}

static void
ensure_layout (FwTextCell *self)
{
  PangoAttrList *attrs;

  if (self->layout != NULL)
    return;
  /* The widget's own context follows its CSS font; the layout notices a
   * change of it by itself (the context's serial). */
  self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);
  pango_layout_set_single_paragraph_mode (self->layout, TRUE);
  pango_layout_set_ellipsize (self->layout, self->ellipsize);
  if (self->numeric)
    {
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      pango_layout_set_attributes (self->layout, attrs);
      pango_attr_list_unref (attrs);
    }
}

static void
fw_text_cell_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  FwTextCell *self = FW_TEXT_CELL (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  float xalign = self->xalign;
  PangoAlignment alignment;
  PangoRectangle logical, second = { 0, };
  gboolean has_second = self->secondary != NULL && *self->secondary != '\0';
  GdkRGBA color;

  if ((self->text == NULL || *self->text == '\0') && !has_second)
    return;

#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, &color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
#endif

  /* The icon at the start (the end, right to left), in the text's colour;
   * the text in the rest. */
  gtk_snapshot_save (snapshot);
  if (self->icon_name != NULL && width > ICON_SIZE + ICON_SPACING)
    {
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
      gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
      g_autoptr(GtkIconPaintable) icon =
        gtk_icon_theme_lookup_icon (theme, self->icon_name, NULL, ICON_SIZE,
                                    gtk_widget_get_scale_factor (widget),
                                    gtk_widget_get_direction (widget), 0);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (rtl ? width - ICON_SIZE : 0,
                                                              floorf ((height - ICON_SIZE) / 2.0f)));
      gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot,
                                                ICON_SIZE, ICON_SIZE, &color, 1);
      gtk_snapshot_restore (snapshot);
      width -= ICON_SIZE + ICON_SPACING;
      if (!rtl)
        gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (ICON_SIZE + ICON_SPACING, 0));
    }

  ensure_layout (self);
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    xalign = 1.0f - xalign;
  alignment = xalign < 0.33f ? PANGO_ALIGN_LEFT : xalign > 0.67f ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_CENTER;
  /* As GtkInscription aligns (by the widget's direction). */
  pango_layout_set_alignment (self->layout, alignment);
  pango_layout_set_width (self->layout, width * PANGO_SCALE);
  pango_layout_get_pixel_extents (self->layout, NULL, &logical);
  if (has_second)
    {
      if (self->secondary_layout == NULL)
        {
          self->secondary_layout = gtk_widget_create_pango_layout (widget, self->secondary);
          pango_layout_set_single_paragraph_mode (self->secondary_layout, TRUE);
          pango_layout_set_ellipsize (self->secondary_layout, PANGO_ELLIPSIZE_END);
        }
      pango_layout_set_alignment (self->secondary_layout, alignment);
      pango_layout_set_width (self->secondary_layout, width * PANGO_SCALE);
      pango_layout_get_pixel_extents (self->secondary_layout, NULL, &second);
    }

  /* Both lines centred together. */
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, floorf ((height - logical.height - second.height) / 2.0f)));
  gtk_snapshot_append_layout (snapshot, self->layout, &color);
  if (has_second)
    {
      /* Dimmed as the dim-label style class dims. */
      color.alpha *= 0.55f;
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, logical.height));
      gtk_snapshot_append_layout (snapshot, self->secondary_layout, &color);
    }
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_restore (snapshot);
}

static void
fw_text_cell_finalize (GObject *object)
{
  FwTextCell *self = FW_TEXT_CELL (object);

  g_clear_object (&self->layout);
  g_clear_object (&self->secondary_layout);
  g_free (self->text);
  g_free (self->secondary);
  g_free (self->icon_name);
  G_OBJECT_CLASS (fw_text_cell_parent_class)->finalize (object);
}

static void
fw_text_cell_class_init (FwTextCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = fw_text_cell_finalize;
  widget_class->measure = fw_text_cell_measure;
  widget_class->snapshot = fw_text_cell_snapshot;
  /* Styled as a label, as GtkInscription is. */
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
fw_text_cell_init (FwTextCell *self)
{
  self->ellipsize = PANGO_ELLIPSIZE_END;
}

GtkWidget *
fw_text_cell_new (void)
{
  return g_object_new (FW_TYPE_TEXT_CELL, NULL);
}

void
fw_text_cell_set_text (FwTextCell *self,
                       const char *text)
{
  g_return_if_fail (FW_IS_TEXT_CELL (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->text,
                                  -1);
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, text != NULL ? text : "", -1);
  /* Its size does not depend on its text. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A second line under the text, dimmed; %NULL for none. The cell is two
 * lines tall while it has one (an empty one included), so that rows keep
 * one height whatever their cells say. */
void
fw_text_cell_set_secondary (FwTextCell *self,
                            const char *text)
{
  gboolean resize;

  g_return_if_fail (FW_IS_TEXT_CELL (self));

  if (g_strcmp0 (self->secondary, text) == 0)
    return;
  resize = (self->secondary == NULL) != (text == NULL);
  g_free (self->secondary);
  self->secondary = g_strdup (text);
  if (self->secondary_layout != NULL)
    pango_layout_set_text (self->secondary_layout, text != NULL ? text : "", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->secondary,
                                  -1);
  if (resize)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
fw_text_cell_get_secondary (FwTextCell *self)
{
  g_return_val_if_fail (FW_IS_TEXT_CELL (self), NULL);
  return self->secondary;
}

const char *
fw_text_cell_get_text (FwTextCell *self)
{
  g_return_val_if_fail (FW_IS_TEXT_CELL (self), NULL);
  return self->text;
}

void
fw_text_cell_set_xalign (FwTextCell *self,
                         float       xalign)
{
  g_return_if_fail (FW_IS_TEXT_CELL (self));
  self->xalign = CLAMP (xalign, 0.0f, 1.0f);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
fw_text_cell_set_ellipsize (FwTextCell         *self,
                            PangoEllipsizeMode  mode)
{
  g_return_if_fail (FW_IS_TEXT_CELL (self));
  self->ellipsize = mode;
  if (self->layout != NULL)
    pango_layout_set_ellipsize (self->layout, mode);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Digits of one width (OpenType "tnum"), so that sizes line up. */
void
fw_text_cell_set_numeric (FwTextCell *self,
                          gboolean    numeric)
{
  g_return_if_fail (FW_IS_TEXT_CELL (self));
  self->numeric = numeric;
  g_clear_object (&self->layout);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
fw_text_cell_set_icon_name (FwTextCell *self,
                            const char *icon_name)
{
  g_return_if_fail (FW_IS_TEXT_CELL (self));

  if (g_strcmp0 (self->icon_name, icon_name) == 0)
    return;
  g_free (self->icon_name);
  self->icon_name = g_strdup (icon_name);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
fw_text_cell_get_icon_name (FwTextCell *self)
{
  g_return_val_if_fail (FW_IS_TEXT_CELL (self), NULL);
  return self->icon_name;
}
