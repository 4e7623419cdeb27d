import type { FontFamily } from './templateSchema';

// How a text line fills its box: drawn at its own size when it fits, else shrunk, else wrapped,
// else refused. Kept free of fonts: the template check measures with the font file's metrics,
// page workers with the glyph advances of the embedded subset — the same numbers, so what was
// checked is what prints.

export const MM_PER_PT = 25.4 / 72;
/** The distance between the baselines of a wrapped text, in ems. */
export const LINE_SPACING_EM = 1.2;
/** The smallest size a text is shrunk to by default (1.4 mm capitals: still legible). */
export const MIN_TEXT_PT = 4;

/**
 * The smallest text a printer keeps legible, by script: an em must span at least this many printer
 * dots. Chinese, Japanese and Korean glyphs pack up to ~20 strokes into the em (齉, 鬱): 24 × 24
 * dots is the smallest grid on which a full GB 2312 font stays legible, and below it a 1-bit
 * raster fills their counters in (4 pt at 300 dpi is 16.7 dots). Latin, digits and the like read
 * at 12 dots an em (a 5 × 7 dot capital). So at 300 dpi CJK needs 5.76 pt and Latin 4 pt (the
 * floor, MIN_TEXT_PT); at 203 dpi 8.51 pt and 4.25 pt; at 600 dpi both 4 pt.
 */
export const MIN_DOTS_PER_EM = { cjk: 24, other: 12 } as const;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** The smallest size (pt) a text prints at on a printer of this resolution: by its densest script, never under MIN_TEXT_PT. */
export function smallestTextPt(text: string, printerDpi: number): number {
  const dots = CJK.test(text) ? MIN_DOTS_PER_EM.cjk : MIN_DOTS_PER_EM.other;
  return Math.max(MIN_TEXT_PT, Math.ceil(((dots * 72) / printerDpi) * 100) / 100);
}

/** A text line with its smallest size raised to what the printer keeps legible for this text (see smallestTextPt). */
export function legibleLine<T extends TextBoxSpec>(line: T, text: string, printerDpi: number): T {
  const floorPt = smallestTextPt(text, printerDpi);
  const minPt = line.minSizePt ?? MIN_TEXT_PT;
  return minPt >= floorPt ? line : { ...line, minSizePt: floorPt };
}

/** What fitting needs of a text line (a template's line, with its box). */
export interface TextBoxSpec {
  xMm: number;
  yMm: number;
  sizePt: number;
  align: 'left' | 'center' | 'right';
  /** The box's width; without one, the room the alignment leaves on the label. */
  widthMm?: number;
  /** How many lines of the line's own size the box holds. */
  lines: number;
  minSizePt?: number;
}

/** A bundled family in a weight: one font file (core/sheets/design/fontCatalog). */
export type FontFace = `${FontFamily}-${'regular' | 'bold'}`;

/** The face a text line is drawn in. */
export const faceOf = (line: { font?: FontFamily; bold?: boolean }): FontFace => `${line.font ?? 'sans'}-${line.bold ? 'bold' : 'regular'}`;

/** A font's vertical metrics in ems: how far glyphs rise above and fall below the baseline. */
export interface FontBox {
  ascentEm: number;
  descentEm: number;
}

/**
 * The label font's vertical metrics (Noto Sans SC, both weights): what the designer draws a text
 * box with. test/unit/textFit.test.ts checks them against the font files.
 */
export const LABEL_FONT_BOX: FontBox = { ascentEm: 1.16, descentEm: 0.288 };

/** Each bundled family's vertical metrics (both weights alike), for the designer; checked against the files like LABEL_FONT_BOX. */
export const FONT_BOXES: Record<FontFamily, FontBox> = {
  sans: LABEL_FONT_BOX,
  serif: { ascentEm: 1.151, descentEm: 0.286 },
  mono: { ascentEm: 1.069, descentEm: 0.293 },
};

/** A text as drawn: its size and its lines, each with its baseline (mm down the label). */
export interface FittedText {
  sizePt: number;
  lines: { text: string; baselineMm: number }[];
}

/** Where a text of `width` starts when its alignment anchors it at `anchor` (any one unit). */
export function alignedStart(align: TextBoxSpec['align'], anchor: number, width: number): number {
  return align === 'left' ? anchor : align === 'center' ? anchor - width / 2 : anchor - width;
}

/** The width a text line may take: its box's, or else the room its alignment leaves on the label. */
export function textRoomMm(line: TextBoxSpec, labelWidthMm: number): number {
  if (line.widthMm !== undefined) return line.widthMm;
  return line.align === 'left' ? labelWidthMm - line.xMm : line.align === 'right' ? line.xMm : 2 * Math.min(line.xMm, labelWidthMm - line.xMm);
}

/** The box a text line reserves on the label (mm): its width, and its lines at the line's own size. */
export function textBoxMm(line: TextBoxSpec, labelWidthMm: number, font: FontBox): { x0: number; y0: number; x1: number; y1: number } {
  const width = textRoomMm(line, labelWidthMm);
  const x0 = alignedStart(line.align, line.xMm, width);
  const em = line.sizePt * MM_PER_PT;
  return { x0, x1: x0 + width, y0: line.yMm - font.ascentEm * em, y1: line.yMm + ((line.lines - 1) * LINE_SPACING_EM + font.descentEm) * em };
}

/** A text cut where a line may break (core's lineSegments: UAX #14), each piece with its trailing spaces. */
export type LineSegments = (text: string) => string[];

/**
 * Breaks a text, cut into pieces at its break opportunities (LineSegments), into lines no wider
 * than `roomEm`, and inside a piece only when the piece alone is wider than a line. Null when one
 * character is wider still.
 */
export function wrapText(pieces: readonly string[], roomEm: number, widthEm: (text: string) => number): string[] | null {
  const lines: string[] = [];
  let line = '';
  const close = () => {
    if (line.trim()) lines.push(line.trimEnd());
    line = '';
  };
  for (const piece of pieces) {
    if (widthEm((line + piece).trimEnd()) <= roomEm) {
      line += piece;
      continue;
    }
    close();
    if (widthEm(piece.trimEnd()) <= roomEm) {
      line = piece;
      continue;
    }
    for (const char of piece) {
      if (widthEm((line + char).trimEnd()) <= roomEm) line += char;
      else if (widthEm(char) > roomEm) return null;
      else {
        close();
        line = char;
      }
    }
  }
  close();
  return lines;
}

/**
 * Fits a text into its line's box: at the line's size on one line when it fits; else shrunk onto
 * one line, down to the line's minimum size; else wrapped at the largest size from the line's own
 * down to its minimum at which the lines fit the box (a smaller size fits more of them); else null.
 * One line sits on the line's baseline; wrapped lines hang from the top of the box.
 */
export function fitText(text: string, line: TextBoxSpec, labelWidthMm: number, font: FontBox, widthEm: (text: string) => number, segments: LineSegments): FittedText | null {
  const roomMm = textRoomMm(line, labelWidthMm);
  const minPt = Math.min(line.minSizePt ?? MIN_TEXT_PT, line.sizePt);
  const oneLineEm = widthEm(text);
  if (oneLineEm * line.sizePt * MM_PER_PT <= roomMm) return { sizePt: line.sizePt, lines: [{ text, baselineMm: line.yMm }] };
  const shrunkPt = Math.floor(((line.sizePt * roomMm) / (oneLineEm * line.sizePt * MM_PER_PT)) * 100) / 100;
  if (shrunkPt >= minPt) return { sizePt: shrunkPt, lines: [{ text, baselineMm: line.yMm }] };
  if (roomMm <= 0) return null;
  const box = textBoxMm(line, labelWidthMm, font);
  const pieces = segments(text);
  const wrapAt = (sizePt: number) => {
    const em = sizePt * MM_PER_PT;
    // Lines of this size that the box holds, from its top.
    const fits = Math.floor((box.y1 - box.y0 - (font.ascentEm + font.descentEm) * em) / (LINE_SPACING_EM * em) + 1e-9) + 1;
    const lines = fits >= 2 ? wrapText(pieces, roomMm / em, widthEm) : null;
    return lines && lines.length <= fits ? lines : null;
  };
  if (!wrapAt(minPt)) return null;
  // The largest size that still fits (fewer lines fit as the size grows): bisected to 0.01 pt.
  let low = Math.round(minPt * 100);
  let high = Math.round(line.sizePt * 100);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (wrapAt(mid / 100)) low = mid;
    else high = mid - 1;
  }
  const sizePt = low / 100;
  const em = sizePt * MM_PER_PT;
  return { sizePt, lines: wrapAt(sizePt)!.map((text, i) => ({ text, baselineMm: box.y0 + (font.ascentEm + i * LINE_SPACING_EM) * em })) };
}
