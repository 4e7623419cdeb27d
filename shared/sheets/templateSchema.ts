import { z } from 'zod';

// The template file format, shared by the app, the CLI and the template editor.

const mm = z.number().finite();

/** The linear barcodes a label can carry: retail GTINs (EAN-13, EAN-8, UPC-A) and Code 128 for any text. */
export const LINEAR_SYMBOLOGIES = ['ean13', 'ean8', 'upca', 'code128'] as const;
export type LinearSymbology = (typeof LINEAR_SYMBOLOGIES)[number];

/** The ranges of a template's press settings, shared by the schema and every check that names them. */
export const TEMPLATE_LIMITS = {
  printerDpi: { min: 150, max: 2400 },
  offsetMm: { min: -20, max: 20 },
  bleedMm: { min: 0, max: 10 },
  barWidthReductionMm: { min: 0, max: 0.1 },
  textPt: { min: 3, max: 72 },
  /** A line's or a box's stroke: a hairline a press still prints, up to a heavy rule. */
  strokeMm: { min: 0.1, max: 5 },
} as const;

/** The turns an element can take on its label, clockwise, about the middle of its box. */
export const ROTATIONS = [0, 90, 180, 270] as const;
export type Rotation = (typeof ROTATIONS)[number];
const rotation = z.literal(ROTATIONS).default(0);

/** The bundled label fonts (SIL OFL): Noto Sans SC, Noto Serif SC and Noto Sans Mono (no Chinese). */
export const FONT_FAMILIES = ['sans', 'serif', 'mono'] as const;
export type FontFamily = (typeof FONT_FAMILIES)[number];

/** How many of each element a design holds. */
export const ELEMENT_LIMITS = { text: 8, barcodes: 4, shapes: 16 } as const;
const positiveMm = z.number().finite().positive().max(2000);

/**
 * What a stock is, for its bleed and marks: a die-cut label sheet (the page is the sheet), a press
 * grid (labels cut from a printed press sheet) or a roll (each page is one label).
 */
export const STOCK_KINDS = ['sheet', 'press', 'roll'] as const;
export type StockKind = (typeof STOCK_KINDS)[number];

export const stockSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().max(120),
  kind: z.enum(STOCK_KINDS).default('sheet'),
  pageWidthMm: positiveMm,
  pageHeightMm: positiveMm,
  labelWidthMm: positiveMm,
  labelHeightMm: positiveMm,
  columns: z.number().int().min(1).max(100),
  rows: z.number().int().min(1).max(200),
  firstXMm: mm.min(0),
  firstYMm: mm.min(0),
  pitchXMm: positiveMm,
  pitchYMm: positiveMm,
});

export const textLineSchema = z.strictObject({
  /**
   * With placeholders: {extinfo} {seq} {keystr} {title} {batch} {date} (or {date:YYYY.MM.DD}), the
   * product page's {brand_tag} {retail_price} {detail:NAME}, and the CSV plan's {col:NAME} (a date
   * column formatted: {col:bbd|DD/MM/YYYY}).
   */
  text: z.string().max(200),
  xMm: mm,
  yMm: mm,
  sizePt: z.number().min(TEMPLATE_LIMITS.textPt.min).max(TEMPLATE_LIMITS.textPt.max),
  bold: z.boolean().default(false),
  align: z.enum(['left', 'center', 'right']).default('left'),
  /**
   * The text's box: its width (without one, the room the alignment leaves on the label) and how
   * many lines of this size it holds. A text too long for it is shrunk, down to minSizePt, then
   * wrapped (a smaller size fits more lines in the same box), then refused.
   */
  widthMm: positiveMm.optional(),
  lines: z.number().int().min(1).max(12).default(1),
  minSizePt: z.number().min(TEMPLATE_LIMITS.textPt.min).max(TEMPLATE_LIMITS.textPt.max).optional(),
  font: z.enum(FONT_FAMILIES).default('sans'),
  /** Turned about the middle of its box. */
  rotation,
});

const strokeMm = z.number().min(TEMPLATE_LIMITS.strokeMm.min).max(TEMPLATE_LIMITS.strokeMm.max);

/** A rule: `lengthMm` long and `strokeMm` thick from its top-left corner, turned about its middle. */
export const lineShapeSchema = z.strictObject({ kind: z.literal('line'), xMm: mm, yMm: mm, lengthMm: positiveMm, strokeMm: strokeMm.default(0.3), rotation });
/** A box: its outline `strokeMm` thick inside its edges, empty or filled black, turned about its middle. */
export const boxShapeSchema = z.strictObject({
  kind: z.literal('box'),
  xMm: mm,
  yMm: mm,
  widthMm: positiveMm,
  heightMm: positiveMm,
  strokeMm: strokeMm.default(0.3),
  fill: z.enum(['none', 'black']).default('none'),
  rotation,
});
export const shapeSchema = z.discriminatedUnion('kind', [lineShapeSchema, boxShapeSchema]);
export type Shape = z.output<typeof shapeSchema>;

/** A linear barcode: vector bars in 100 % K, with its quiet zones inside the label. */
export const barcodeSchema = z.strictObject({
  symbology: z.enum(LINEAR_SYMBOLOGIES),
  /** What it encodes, with the same placeholders as text: the product key by default. */
  value: z.string().min(1).max(200).default('{keystr}'),
  /** The bars' box (quiet zones outside it) within the label; the digits are inside the height. */
  xMm: mm,
  yMm: mm,
  widthMm: positiveMm,
  heightMm: positiveMm,
  /** The human-readable digits (or text, for Code 128) under the bars. */
  digits: z.boolean().default(true),
  /** Each bar drawn this much narrower (spaces wider), for a press whose ink spreads (dot gain). */
  barWidthReductionMm: mm.min(TEMPLATE_LIMITS.barWidthReductionMm.min).max(TEMPLATE_LIMITS.barWidthReductionMm.max).optional(),
  rotation,
});
export type Barcode = z.output<typeof barcodeSchema>;

/**
 * A label design: the stock, where the code, text, barcodes, logo, lines and boxes go, and how the
 * sheet is marked. Version 1 files (one optional `barcode`, nothing turned, one font) still open:
 * they are read as version 2, their barcode the first of `barcodes`.
 */
export const templateSchema = z
  .strictObject({
    format: z.literal('qrpack-template'),
    version: z.literal([1, 2]),
    name: z.string().min(1).max(120),
    /** A built-in stock id, or a whole custom stock. */
    stock: z.union([z.string(), stockSchema]),
    qr: z.strictObject({
      /** Top-left corner of the symbol (without its quiet zone) within the label. */
      xMm: mm,
      yMm: mm,
      /** The symbol's side without the quiet zone; or give moduleMm instead. */
      sizeMm: positiveMm.optional(),
      moduleMm: positiveMm.optional(),
      ecc: z.enum(['L', 'M', 'Q', 'H']).default('M'),
      /** Turned about its middle: the same square, read the same way. */
      rotation,
    }),
    text: z.array(textLineSchema).max(ELEMENT_LIMITS.text).default([]),
    /** Version 1's one barcode; read into `barcodes`. */
    barcode: barcodeSchema.optional(),
    /** Linear barcodes, each with its own value and symbology, each checked and verified. */
    barcodes: z.array(barcodeSchema).max(ELEMENT_LIMITS.barcodes).default([]),
    /** Lines and boxes in 100 % K. */
    shapes: z.array(shapeSchema).max(ELEMENT_LIMITS.shapes).default([]),
    /** An optional logo: an image file, printed in grey (K) at this box within the label. */
    logo: z
      .strictObject({ file: z.string().min(1).max(4096), xMm: mm, yMm: mm, widthMm: positiveMm, heightMm: positiveMm, rotation })
      .optional(),
    /**
     * The printer's resolution, for the module-size checks (a QR module must cover ≥ 4 dots, a bar
     * module ≥ 2 whole dots) and the smallest text. Label sheets and press grids default to 600 dpi;
     * a roll's default design to 300 dpi, as thermal label printers print at 203 or 300.
     */
    printerDpi: z.number().int().min(TEMPLATE_LIMITS.printerDpi.min).max(TEMPLATE_LIMITS.printerDpi.max).default(600),
    /** Moves everything on the sheet, to compensate a printer's drift. */
    offsetXMm: mm.min(TEMPLATE_LIMITS.offsetMm.min).max(TEMPLATE_LIMITS.offsetMm.max).default(0),
    offsetYMm: mm.min(TEMPLATE_LIMITS.offsetMm.min).max(TEMPLATE_LIMITS.offsetMm.max).default(0),
    bleedMm: mm.min(TEMPLATE_LIMITS.bleedMm.min).max(TEMPLATE_LIMITS.bleedMm.max).default(0),
    cropMarks: z.boolean().default(false),
    slug: z.boolean().default(true),
    order: z.enum(['sequence', 'cut-stack']).default('sequence'),
  })
  .refine((t) => !(t.barcode && t.barcodes.length), { message: 'give barcodes, or version 1\'s barcode, not both', path: ['barcode'] })
  .transform(({ barcode, ...rest }) => ({ ...rest, version: 2 as const, barcodes: barcode ? [barcode] : rest.barcodes }));

export type Template = z.output<typeof templateSchema>;
export type TemplateInput = z.input<typeof templateSchema>;
export type StockDefinition = z.output<typeof stockSchema>;
