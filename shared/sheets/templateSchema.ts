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
} as const;
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
});

/** A label design: the stock, where the code and the text lines go, and how the sheet is marked. */
export const templateSchema = z.strictObject({
  format: z.literal('qrpack-template'),
  version: z.literal(1),
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
  }),
  text: z.array(textLineSchema).max(8).default([]),
  /** An optional linear barcode: vector bars in 100 % K, with its quiet zones inside the label. */
  barcode: z
    .strictObject({
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
    })
    .optional(),
  /** An optional logo: an image file, printed in grey (K) at this box within the label. */
  logo: z
    .strictObject({ file: z.string().min(1).max(4096), xMm: mm, yMm: mm, widthMm: positiveMm, heightMm: positiveMm })
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
});

export type Template = z.output<typeof templateSchema>;
export type TemplateInput = z.input<typeof templateSchema>;
export type StockDefinition = z.output<typeof stockSchema>;
