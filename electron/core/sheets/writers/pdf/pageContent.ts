import { encodeQr, type Ecc } from '../../symbols/qrEncoder';
import type { ContentWriter } from './contentWriter';
import { lineSegments } from '../../design/lineBreaks';
import { pressMarks } from '../../design/stockRules';
import { writeSymbolPath } from '../../symbols/qrPath';
import { fillPlaceholders, PLACEHOLDER_PATTERN, slotOrigin, symbolSizeMm, type LabelFields, type SheetGeometry } from '../../design/labelLayout';
import { barcodeLayout, barcodeValue, encodeLinear } from '../../symbols/linearBarcode';
import { alignedStart, faceOf, fitText, legibleLine, type FittedText, type FontBox, type FontFace } from '../../../../../shared/sheets/textFit';
import { barcodeCentre, textTurnCentre, turnMatrix } from '../../../../../shared/sheets/rotation';
import type { Barcode, Rotation, Shape } from '../../../../../shared/sheets/templateSchema';
import type { Template } from '../../design/template';

export const PT_PER_MM = 72 / 25.4;
const pt = (mm: number) => +(mm * PT_PER_MM).toFixed(3);

/** A glyph: its hex code in the embedded font, and its advance in 1/1000 em. */
export type GlyphMap = Record<string, [hex: string, advance: number]>;

/** A font as pages use it: its resource name, glyphs and vertical metrics. */
export interface JobFont {
  id: string;
  glyphs: GlyphMap;
  box: FontBox;
}

/** What every page of one export shares; sent once to each worker. */
export interface SheetJob {
  template: Template;
  geometry: SheetGeometry;
  ecc: Ecc;
  pages: number;
  /** The largest symbol's modules, so every code of the export prints at one module size. */
  modules: number;
  /** The faces the design prints in (usedFaces); Noto Sans SC Regular always, for the slug and the barcodes' digits. */
  fonts: Partial<Record<FontFace, JobFont>>;
  fields: Omit<LabelFields, 'extinfo' | 'seq'>;
  /** The slug's fixed part, e.g. "QR Pack · batch 12 Lot 7". */
  slugPrefix: string;
  /** The logo's image resource name on every page, when the template has a logo. */
  logoName?: string;
}

export interface PageLabel {
  /** The label's number in the export (from 0). */
  label: number;
  /** Its position on the page (from 0), worked out by the export's positions plan. */
  slot: number;
  seq: number;
  extinfo: string;
  content: string;
  /** The code's CSV columns as stored (a JSON object), for {col:NAME}. */
  data?: string | null;
}

/** Where a label's symbol lands: for the manifest and for verification. */
export interface PlacedSymbol {
  label: number;
  slot: number;
  page: number;
  xMm: number;
  yMm: number;
  sizeMm: number;
}

/** A text in the embedded font: its glyph codes as hex, and its width in ems. */
function glyphRun(glyphs: GlyphMap, text: string): { hex: string; widthEm: number } {
  let hex = '';
  let advance = 0;
  for (const char of text) {
    const glyph = glyphs[char];
    if (!glyph) continue;
    hex += glyph[0];
    advance += glyph[1];
  }
  return { hex, widthEm: advance / 1000 };
}

function textOps(glyphs: GlyphMap, fontId: string, text: string, sizePt: number, xMm: number, baselineMm: number, align: 'left' | 'center' | 'right'): string {
  const { hex, widthEm } = glyphRun(glyphs, text);
  if (!hex) return '';
  const widthPt = widthEm * sizePt;
  const x = alignedStart(align, pt(xMm), widthPt);
  // The page's user space is flipped (y down); the text matrix flips back so glyphs stand upright.
  return `BT /${fontId} ${sizePt} Tf 1 0 0 -1 ${x.toFixed(3)} ${pt(baselineMm)} Tm <${hex}> Tj ET`;
}

/**
 * How each text of a label is laid out in its box — exactly as the template check measured it. A
 * title or lot is the same on many labels: its layout is kept, a few hundred texts at a time.
 */
class TextLayouts {
  private readonly known = new Map<string, FittedText | null>();

  constructor(private readonly job: SheetJob) {}

  fit(index: number, text: string): FittedText | null {
    const key = `${index}\u0000${text}`;
    let fitted = this.known.get(key);
    if (fitted === undefined) {
      const line = this.job.template.text[index]!;
      const font = this.job.fonts[faceOf(line)]!;
      fitted = fitText(text, legibleLine(line, text, this.job.template.printerDpi), this.job.geometry.stock.labelWidthMm, font.box, (t) => glyphRun(font.glyphs, t).widthEm, lineSegments);
      if (this.known.size >= 512) this.known.clear();
      this.known.set(key, fitted);
    }
    return fitted;
  }
}
const layouts = new WeakMap<SheetJob, TextLayouts>();

/** Saves the graphics state and turns what follows `rotation` about (cx, cy) on the page (mm); `Q` ends it. */
function turnOp(rotation: Rotation, cxMm: number, cyMm: number): string {
  const [a, b, c, d, e, f] = turnMatrix(rotation, pt(cxMm), pt(cyMm));
  return `q ${a} ${b} ${c} ${d} ${e.toFixed(3)} ${f.toFixed(3)} cm`;
}

/** `ops` turned `rotation` about (cx, cy) on the page (mm), or as they are when not turned. */
const turned = (ops: string, rotation: Rotation, cxMm: number, cyMm: number) => (rotation === 0 ? ops : `${turnOp(rotation, cxMm, cyMm)}\n${ops}\nQ`);

/** A line or a box in 100 % K: a rule is a filled rectangle its stroke thick; a box's outline is drawn inside its edges. */
function shapeOps(shape: Shape, origin: { xMm: number; yMm: number }): string {
  const x = origin.xMm + shape.xMm;
  const y = origin.yMm + shape.yMm;
  if (shape.kind === 'line') return turned(`${pt(x)} ${pt(y)} ${pt(shape.lengthMm)} ${pt(shape.strokeMm)} re f`, shape.rotation, x + shape.lengthMm / 2, y + shape.strokeMm / 2);
  const { widthMm: w, heightMm: h, strokeMm: s } = shape;
  const cx = x + w / 2;
  const cy = y + h / 2;
  if (shape.fill === 'black' || 2 * s >= Math.min(w, h)) return turned(`${pt(x)} ${pt(y)} ${pt(w)} ${pt(h)} re f`, shape.rotation, cx, cy);
  // The outline as the ring between two rectangles (even-odd), so its outer edge is the box's.
  return turned(`${pt(x)} ${pt(y)} ${pt(w)} ${pt(h)} re ${pt(x + s)} ${pt(y + s)} ${pt(w - 2 * s)} ${pt(h - 2 * s)} re f*`, shape.rotation, cx, cy);
}

/** A label's linear barcode: its bars as one path in 100 % K, and the digits under them, turned about its box's middle. */
function barcodeOps(job: SheetJob, barcode: Barcode, fields: LabelFields, origin: { xMm: number; yMm: number }): string {
  const checked = barcodeValue(barcode.symbology, fillPlaceholders(barcode.value, fields));
  // Every value was checked before the first page: one that fails here is a fault, not input.
  if ('problem' in checked) throw new Error(`barcode value refused after its check: ${checked.problem.en}`);
  const symbol = encodeLinear(barcode.symbology, checked.value);
  const layout = barcodeLayout(symbol, barcode, job.template.printerDpi);
  const reduce = layout.barReductionMm;
  const x0 = origin.xMm + barcode.xMm;
  const y0 = origin.yMm + barcode.yMm;
  const rects = symbol.bars.map(([at, width, guard]) => `${pt(x0 + at * layout.moduleMm + reduce / 2)} ${pt(y0)} ${pt(width * layout.moduleMm - reduce)} ${pt(guard ? layout.guardHeightMm : layout.barsHeightMm)} re`);
  const ops = [rects.join(' '), 'f'];
  if (barcode.digits) {
    const { glyphs, id } = job.fonts['sans-regular']!;
    for (const digit of symbol.digits) ops.push(textOps(glyphs, id, digit.text, layout.textSizePt, x0 + digit.atModules * layout.moduleMm, y0 + layout.baselineMm, 'center'));
  }
  const { cx, cy } = barcodeCentre(barcode);
  return turned(ops.join('\n'), barcode.rotation, origin.xMm + cx, origin.yMm + cy);
}

/**
 * One page's content stream, 100 % K codes (one path each), text, marks and slug, written into
 * `writer` from its start: the bytes stay valid until the writer's next page.
 */
export function pageContent(job: SheetJob, page: number, labels: PageLabel[], writer: ContentWriter): { content: Buffer; placed: PlacedSymbol[] } {
  const { template, geometry, fonts } = job;
  writer.reset();
  writer.line('0 0 0 1 k');
  const placed: PlacedSymbol[] = [];
  const sizeMm = symbolSizeMm(template, job.modules);
  let texts = layouts.get(job);
  if (!texts) layouts.set(job, (texts = new TextLayouts(job)));
  for (const label of labels) {
    const { slot } = label;
    const origin = slotOrigin(geometry, template, slot);
    const symbol = encodeQr(label.content, job.ecc, { minVersion: (job.modules - 17) / 4 });
    const moduleMm = sizeMm / symbol.size;
    const xMm = origin.xMm + template.qr.xMm;
    const yMm = origin.yMm + template.qr.yMm;
    placed.push({ label: label.label, slot, page, xMm, yMm, sizeMm });
    // A turned code is the same square turned about its middle: its modules' matrix turned first.
    if (template.qr.rotation !== 0) writer.line(turnOp(template.qr.rotation, xMm + sizeMm / 2, yMm + sizeMm / 2));
    writer.line(`q ${pt(moduleMm)} 0 0 ${pt(moduleMm)} ${pt(xMm)} ${pt(yMm)} cm`);
    writeSymbolPath(symbol, writer);
    writer.line('f Q');
    if (template.qr.rotation !== 0) writer.line('Q');
    const logo = template.logo;
    if (logo && job.logoName) {
      // Images fill the unit square; in the flipped user space the image must be flipped back.
      const image = `q ${pt(logo.widthMm)} 0 0 ${-pt(logo.heightMm)} ${pt(origin.xMm + logo.xMm)} ${pt(origin.yMm + logo.yMm + logo.heightMm)} cm /${job.logoName} Do Q`;
      writer.line(turned(image, logo.rotation, origin.xMm + logo.xMm + logo.widthMm / 2, origin.yMm + logo.yMm + logo.heightMm / 2));
    }
    for (const shape of template.shapes) writer.line(shapeOps(shape, origin));
    const fields: LabelFields = { ...job.fields, extinfo: label.extinfo, seq: label.seq, columns: label.data ? (JSON.parse(label.data) as Record<string, string>) : undefined };
    for (const barcode of template.barcodes) writer.line(barcodeOps(job, barcode, fields, origin));
    for (const [index, line] of template.text.entries()) {
      const font = fonts[faceOf(line)]!;
      const text = fillPlaceholders(line.text, fields);
      if (!text) continue;
      const fitted = texts.fit(index, text);
      // Every text was checked before the first page: one that fails here is a fault, not input.
      if (!fitted) throw new Error(`text line ${index + 1} does not fit after its check`);
      const ops = fitted.lines.map((drawn) => textOps(font.glyphs, font.id, drawn.text, fitted.sizePt, origin.xMm + line.xMm, origin.yMm + drawn.baselineMm, line.align)).filter(Boolean);
      if (!ops.length) continue;
      const { cx, cy } = textTurnCentre(line, geometry.stock.labelWidthMm);
      writer.line(turned(ops.join('\n'), line.rotation, origin.xMm + cx, origin.yMm + cy));
    }
  }
  const { stock } = geometry;
  if (geometry.cropMarks) {
    // Marks on every cut line, 0.25 pt in 100 % K (stockRules: where they go on a press grid).
    writer.line('0 0 0 1 K 0.25 w');
    for (const m of pressMarks(stock, geometry.bleedMm, template.slug)) writer.line(`${pt(m.x0)} ${pt(m.y0)} m ${pt(m.x1)} ${pt(m.y1)} l S`);
  }
  if (template.slug && labels.length) {
    const first = labels.reduce((a, b) => (a.seq < b.seq ? a : b));
    const last = labels.reduce((a, b) => (a.seq > b.seq ? a : b));
    const text = `${job.slugPrefix} · page ${page + 1}/${job.pages} · ${first.extinfo} – ${last.extinfo}`;
    const lastLabelBottom = stock.firstYMm + (stock.rows - 1) * stock.pitchYMm + stock.labelHeightMm;
    const room = stock.pageHeightMm - lastLabelBottom;
    // In the sheet's bottom margin (on a die-cut sheet's liner) when there is one; below the
    // marks, in the band kept for it, on a marked press sheet.
    if (room >= 2.5) {
      const baseline = geometry.cropMarks ? stock.pageHeightMm - 1 : stock.pageHeightMm - room / 2 + 0.8;
      const slugFont = fonts['sans-regular']!;
      const ops = textOps(slugFont.glyphs, slugFont.id, text, 5, stock.firstXMm, baseline, 'left');
      if (ops) writer.line(ops);
    }
  }
  return { content: writer.bytes(), placed };
}

/**
 * Every character the texts of an export can use, so the glyph maps are built before drawing.
 * `labelTexts`: what differs per label (extinfos, the values of CSV columns).
 */
export function charactersOf(template: Template, fields: Omit<LabelFields, 'extinfo' | 'seq'>, slugPrefix: string, labelTexts: Iterable<string>): Set<string> {
  const chars = new Set<string>('0123456789/·– page');
  const add = (text: string) => {
    for (const char of text) chars.add(char);
  };
  for (const line of template.text) add(line.text.replace(PLACEHOLDER_PATTERN, ''));
  // Date formats print their separators (and 年月日); the digits are in the set already.
  for (const line of template.text) for (const match of line.text.matchAll(/\|([^{}]+)\}|\{(?:date|expiry):([^{}]+)\}/g)) add(match[1] ?? match[2]!);
  for (const barcode of template.barcodes) add(barcode.value.replace(PLACEHOLDER_PATTERN, ''));
  add(fields.keystr + fields.title + fields.batch + fields.date + slugPrefix + Object.values(fields.product ?? {}).join(''));
  if (fields.gs1) add(`() ${fields.gs1.gtin}${fields.gs1.lot ?? ''}${fields.gs1.expiry ?? ''}${fields.gs1.expiryDate ?? ''}`);
  for (const text of labelTexts) add(text);
  return chars;
}
