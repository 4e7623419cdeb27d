import type { LocalizedText } from '../../../../shared/text';
import type { Stock } from './stocks';

// What each kind of stock takes for bleed and marks, and the room a code keeps inside the cut.
// Kept free of fonts and schemas: page workers import this file.

export { CUT_TOLERANCE_MM } from '../../../../shared/sheets/symbolRules';

/** Press marks: 0.25 pt lines on each cut line, starting this far beyond the bleed. */
export const MARK_OFFSET_MM = 1;
/** The longest mark in a margin, and the shortest worth drawing (in a margin or a gutter). */
export const MARK_LENGTH_MM = 5;
export const MIN_MARK_MM = 1;
/** The outer band of the bottom margin kept for the slug line when a press sheet has marks. */
export const SLUG_BAND_MM = 3;

/** A straight mark from (x0, y0) to (x1, y1), in mm on the page. */
export interface MarkLine {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const STOCK_KIND_NAMES = {
  sheet: { en: 'a die-cut label sheet', zh: '模切标签纸' },
  press: { en: 'a press grid', zh: '印刷拼版' },
  roll: { en: 'a roll of labels', zh: '卷筒标签' },
} as const;

/** The grid's outer edges and its gutters (mm). */
function gridOf(stock: Stock) {
  const right = stock.firstXMm + (stock.columns - 1) * stock.pitchXMm + stock.labelWidthMm;
  const bottom = stock.firstYMm + (stock.rows - 1) * stock.pitchYMm + stock.labelHeightMm;
  return {
    left: stock.firstXMm,
    top: stock.firstYMm,
    right,
    bottom,
    gutterXMm: stock.columns > 1 ? stock.pitchXMm - stock.labelWidthMm : Infinity,
    gutterYMm: stock.rows > 1 ? stock.pitchYMm - stock.labelHeightMm : Infinity,
    margins: { left: stock.firstXMm, top: stock.firstYMm, right: stock.pageWidthMm - right, bottom: stock.pageHeightMm - bottom },
  };
}

/** Every position a press grid is cut at, across and down (labels that touch share a cut). */
function cutLines(stock: Stock): { xs: number[]; ys: number[] } {
  const unique = (values: number[]) => [...new Set(values.map((v) => +v.toFixed(3)))].sort((a, b) => a - b);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let c = 0; c < stock.columns; c++) xs.push(stock.firstXMm + c * stock.pitchXMm, stock.firstXMm + c * stock.pitchXMm + stock.labelWidthMm);
  for (let r = 0; r < stock.rows; r++) ys.push(stock.firstYMm + r * stock.pitchYMm, stock.firstYMm + r * stock.pitchYMm + stock.labelHeightMm);
  return { xs: unique(xs), ys: unique(ys) };
}

/**
 * The most bleed a press grid takes: half of each gutter (a label's bleed must not reach its
 * neighbour's), and no more than the margins leave beside the marks.
 */
export function maxBleedMm(stock: Stock, cropMarks: boolean): number {
  const grid = gridOf(stock);
  const beside = cropMarks ? MARK_OFFSET_MM + MIN_MARK_MM : 0;
  return Math.max(0, Math.min(grid.gutterXMm / 2, grid.gutterYMm / 2, ...Object.values(grid.margins).map((m) => m - beside)));
}

/**
 * A press grid's crop marks: on every cut line, in the four margins (outside the bleed, up to
 * MARK_LENGTH_MM, short of the page's edge) and in each gutter wide enough to hold one clear of
 * both labels' bleed. Sheets and rolls take none.
 */
export function pressMarks(stock: Stock, bleedMm: number, slug: boolean): MarkLine[] {
  const grid = gridOf(stock);
  const { xs, ys } = cutLines(stock);
  const offset = bleedMm + MARK_OFFSET_MM;
  const marks: MarkLine[] = [];
  const inMargin = (room: number) => Math.min(MARK_LENGTH_MM, room - offset);
  const top = inMargin(grid.margins.top);
  const bottom = inMargin(grid.margins.bottom - (slug ? SLUG_BAND_MM : 0));
  const left = inMargin(grid.margins.left);
  const right = inMargin(grid.margins.right);
  for (const x of xs) {
    if (top >= MIN_MARK_MM) marks.push({ x0: x, y0: grid.top - offset - top, x1: x, y1: grid.top - offset });
    if (bottom >= MIN_MARK_MM) marks.push({ x0: x, y0: grid.bottom + offset, x1: x, y1: grid.bottom + offset + bottom });
  }
  for (const y of ys) {
    if (left >= MIN_MARK_MM) marks.push({ x0: grid.left - offset - left, y0: y, x1: grid.left - offset, y1: y });
    if (right >= MIN_MARK_MM) marks.push({ x0: grid.right + offset, y0: y, x1: grid.right + offset + right, y1: y });
  }
  // In a gutter between rows, each column's cut lines run on between the two rows' bleed (and
  // likewise between columns).
  if (grid.gutterYMm - 2 * offset >= MIN_MARK_MM && Number.isFinite(grid.gutterYMm)) {
    for (let r = 0; r + 1 < stock.rows; r++) {
      const y0 = stock.firstYMm + r * stock.pitchYMm + stock.labelHeightMm + offset;
      for (const x of xs) marks.push({ x0: x, y0, x1: x, y1: y0 + grid.gutterYMm - 2 * offset });
    }
  }
  if (grid.gutterXMm - 2 * offset >= MIN_MARK_MM && Number.isFinite(grid.gutterXMm)) {
    for (let c = 0; c + 1 < stock.columns; c++) {
      const x0 = stock.firstXMm + c * stock.pitchXMm + stock.labelWidthMm + offset;
      for (const y of ys) marks.push({ x0, y0: y, x1: x0 + grid.gutterXMm - 2 * offset, y1: y });
    }
  }
  return marks;
}

/**
 * What a stock's kind refuses of a design's bleed and marks: a die-cut sheet and a roll take
 * neither (the page is the sheet or the label itself); a press grid takes marks where its margins
 * hold them and bleed up to what its gutters allow.
 */
export function stockRuleProblems(stock: Stock, design: { bleedMm: number; cropMarks: boolean; slug: boolean }): LocalizedText[] {
  const kind = STOCK_KIND_NAMES[stock.kind];
  const problems: LocalizedText[] = [];
  if (stock.kind !== 'press') {
    const asked = [design.bleedMm > 0 ? { en: `a bleed of ${design.bleedMm} mm`, zh: `${design.bleedMm} 毫米出血` } : null, design.cropMarks ? { en: 'crop marks', zh: '裁切线' } : null].filter((a) => a !== null);
    if (asked.length) {
      const why =
        stock.kind === 'sheet'
          ? { en: 'its labels are cut already and the page is the sheet the printer takes, so there is nothing to trim and no room outside it', zh: '标签已模切好,页面就是打印机进纸的整张纸,没有需要裁切之处,纸外也没有空间' }
          : { en: 'each page is the label itself, printed as it comes off the roll', zh: '每页就是标签本身,出卷即用' };
      problems.push({
        en: `${stock.id} is ${kind.en}: ${why.en}. It takes no ${asked.map((a) => a.en).join(' and ')}: leave --bleed at 0 and --crop-marks off (or choose a press grid).`,
        'zh-CN': `${stock.id} 是${kind.zh}:${why.zh}。它不能加${asked.map((a) => a.zh).join('和')}:请把 --bleed 设为 0 并关闭 --crop-marks(或改用印刷拼版)。`,
      });
    }
    return problems;
  }
  const most = maxBleedMm(stock, design.cropMarks);
  if (design.bleedMm > most + 0.001) {
    const grid = gridOf(stock);
    const gutter = Math.min(grid.gutterXMm, grid.gutterYMm);
    problems.push({
      en: `${stock.id} is ${kind.en} whose labels ${gutter <= 0 ? 'touch (no gutter)' : `have ${gutter.toFixed(2)} mm gutters`}: a bleed of ${design.bleedMm} mm would run into the next label or off the sheet. At most ${most.toFixed(2)} mm fits.`,
      'zh-CN': `${stock.id} 是${kind.zh},其标签${gutter <= 0 ? '相互紧贴(无间隙)' : `间隙为 ${gutter.toFixed(2)} 毫米`}:${design.bleedMm} 毫米出血会压到相邻标签或超出纸张。最多 ${most.toFixed(2)} 毫米。`,
    });
  }
  if (design.cropMarks) {
    const grid = gridOf(stock);
    const offset = Math.min(design.bleedMm, most) + MARK_OFFSET_MM;
    const short = (Object.entries(grid.margins) as [keyof typeof grid.margins, number][]).filter(([side, margin]) => margin - offset - (side === 'bottom' && design.slug ? SLUG_BAND_MM : 0) < MIN_MARK_MM);
    if (short.length) {
      const sides = short.map(([side, margin]) => `${side} ${margin.toFixed(2)} mm`).join(', ');
      problems.push({
        en: `${stock.id}'s margins (${sides}) leave no room for crop marks outside the bleed (${(offset + MIN_MARK_MM).toFixed(2)} mm needed${design.slug ? `, and ${SLUG_BAND_MM} mm more at the bottom for the slug line` : ''}).`,
        'zh-CN': `${stock.id} 的页边(${sides})在出血之外放不下裁切线(需要 ${(offset + MIN_MARK_MM).toFixed(2)} 毫米${design.slug ? `,底边还需另留 ${SLUG_BAND_MM} 毫米给版尾信息行` : ''})。`,
      });
    }
  }
  return problems;
}
