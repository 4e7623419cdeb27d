import { templateSchema, type Template } from '../../../../shared/sheets/templateSchema';
import { AppError } from '../../appError';
import { requestProblems, type SchemaIssue } from '../../requestProblems';
import { fontBox, textWidthEm } from './fontCatalog';
import { QUIET_ZONE_MODULES } from '../../../../shared/sheets/symbolRules';
import { fitText, LINE_SPACING_EM, MIN_TEXT_PT, MM_PER_PT, smallestTextPt } from '../../../../shared/sheets/textFit';
import { BUILT_IN_STOCKS, findStock, type Stock } from './stocks';
import { lineSegments } from './lineBreaks';
import { CUT_TOLERANCE_MM } from './stockRules';

export { stockSchema, templateSchema, textLineSchema, type Template, type TemplateInput } from '../../../../shared/sheets/templateSchema';
export type TextLine = Template['text'][number];

const unknownStock = (id: string) =>
  new AppError('invalid_argument', {
    en: `Unknown stock "${id}". Built in: ${BUILT_IN_STOCKS.map((s) => s.id).join(', ')}.`,
    'zh-CN': `未知的标签纸“${id}”。内置:${BUILT_IN_STOCKS.map((s) => s.id).join('、')}。`,
  });

export function resolveStock(template: Template): Stock {
  if (typeof template.stock !== 'string') return template.stock;
  const stock = findStock(template.stock);
  if (!stock) throw unknownStock(template.stock);
  return stock;
}

/** Default designs print any product title up to this many characters, Chinese or Latin. */
const DEFAULT_TITLE_CHARS = 64;
/**
 * Lines the extinfo may wrap onto in a default design: two in the narrow column beside the code,
 * one under it on a square label, where a line is the label's width. Either way an extinfo of
 * 24 characters prints on every stock, and the plan's check names a longer one that does not.
 */
const extinfoLines = (wide: boolean) => (wide ? 2 : 1);
/** A roll's labels print on a thermal label printer: 203 or 300 dpi, never 600. */
export const ROLL_PRINTER_DPI = 300;
/** The printer a stock's design assumes until told otherwise: a thermal one for a roll, else 600 dpi. */
export const defaultPrinterDpi = (stock: Pick<Stock, 'kind'>): number => (stock.kind === 'roll' ? ROLL_PRINTER_DPI : 600);
/** Text kept this far inside the label's edge (die-cutting is not exact). */
const TEXT_MARGIN_MM = 1;
/** The widest title a default design must hold: every character a full-width ideograph. */
const WIDEST_TITLE = '国'.repeat(DEFAULT_TITLE_CHARS);

/**
 * The default design for a stock: the code as large as the label allows (with its quiet zone
 * CUT_TOLERANCE_MM inside the label's edge), the title's box at the top of the room beside it (or below it on square
 * labels) and the extinfo at the bottom. The code is made smaller, a step at a time, until a title
 * of DEFAULT_TITLE_CHARS full-width characters fits its box at the smallest text size.
 */
export function defaultTemplate(stockId: string, ecc: Template['qr']['ecc'] = 'M'): Template {
  const s = findStock(stockId);
  if (!s) throw unknownStock(stockId);
  const wide = s.labelWidthMm >= s.labelHeightMm * 1.4;
  const printerDpi = defaultPrinterDpi(s);
  // A version-3 symbol (29 modules) plus quiet zones is 37 modules across.
  const across = 29 + 2 * QUIET_ZONE_MODULES;
  const room = (wide ? s.labelHeightMm : Math.min(s.labelWidthMm, s.labelHeightMm * 0.72)) - 2 * CUT_TOLERANCE_MM;
  const sizePt = Math.max(MIN_TEXT_PT, Math.min(8, +(Math.min(s.labelWidthMm, s.labelHeightMm) / 4.2).toFixed(1)));
  const em = sizePt * MM_PER_PT;
  const bold = fontBox('sans-bold');
  const regular = fontBox('sans-regular');
  for (let moduleMm = Math.floor((room / across) * 1000) / 1000; ; moduleMm = Math.floor(moduleMm * 970) / 1000) {
    const sizeMm = +(moduleMm * 29).toFixed(3);
    const quietMm = moduleMm * QUIET_ZONE_MODULES;
    const inset = quietMm + CUT_TOLERANCE_MM;
    const qr = wide ? { xMm: inset, yMm: (s.labelHeightMm - sizeMm) / 2 } : { xMm: (s.labelWidthMm - sizeMm) / 2, yMm: inset };
    // The text's room: right of the code's quiet zone, or below it (a hair clear of it).
    const left = wide ? qr.xMm + sizeMm + quietMm + 0.1 : TEXT_MARGIN_MM;
    const top = wide ? TEXT_MARGIN_MM : qr.yMm + sizeMm + quietMm + 0.1;
    const right = s.labelWidthMm - TEXT_MARGIN_MM;
    const bottom = s.labelHeightMm - TEXT_MARGIN_MM;
    // The extinfo's box sits at the bottom: a long one wraps onto its lines rather than shrinking away.
    const extinfoBaseline = bottom - regular.descentEm * em - (extinfoLines(wide) - 1) * LINE_SPACING_EM * em;
    const titleBottom = extinfoBaseline - regular.ascentEm * em - 0.3;
    const lines = Math.floor((titleBottom - top - (bold.ascentEm + bold.descentEm) * em) / (LINE_SPACING_EM * em) + 1e-9) + 1;
    const align = wide ? ('left' as const) : ('center' as const);
    const x = +(wide ? left : s.labelWidthMm / 2).toFixed(3);
    const title = { text: '{title}', xMm: x, yMm: +(top + bold.ascentEm * em).toFixed(3), sizePt, bold: true, align, widthMm: +(right - left).toFixed(3), lines: Math.max(1, lines) };
    // The title's smallest size: as large as lets the widest title fit, in quarter points.
    let minSizePt = 0;
    const candidates = [sizePt];
    const floorPt = smallestTextPt(WIDEST_TITLE, printerDpi);
    for (let quarter = Math.floor(sizePt * 4) - 1; quarter >= Math.ceil(floorPt * 4); quarter--) candidates.push(quarter / 4);
    for (const candidate of lines < 1 ? [] : candidates) {
      if (!fitText(WIDEST_TITLE, { ...title, minSizePt: candidate }, s.labelWidthMm, bold, (t) => textWidthEm(t, 'sans-bold'), lineSegments)) continue;
      minSizePt = candidate;
      break;
    }
    if (!minSizePt && moduleMm > 0.2) continue;
    return templateSchema.parse({
      format: 'qrpack-template',
      version: 2,
      name: `${s.id} default`,
      stock: s.id,
      qr: { xMm: +qr.xMm.toFixed(3), yMm: +qr.yMm.toFixed(3), sizeMm, ecc },
      text: [
        { ...title, minSizePt: minSizePt || Math.max(MIN_TEXT_PT, smallestTextPt(WIDEST_TITLE, printerDpi)) },
        { text: '{extinfo}', xMm: x, yMm: +extinfoBaseline.toFixed(3), sizePt, align, widthMm: title.widthMm, lines: extinfoLines(wide) },
      ],
      slug: true,
      printerDpi,
    });
  }
}

/** Parses a template file's JSON, with a clear message for what is wrong. */
export function parseTemplate(json: string, source: string): Template {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new AppError('invalid_argument', {
      en: `${source} is not valid JSON: ${(error as Error).message}`,
      'zh-CN': `${source} 不是有效的 JSON:${(error as Error).message}`,
    });
  }
  const parsed = templateSchema.safeParse(raw);
  if (!parsed.success) {
    // Each field named with what it allows (a turn of 0/90/180/270, a stroke's range, a known font), in both languages.
    const { text } = requestProblems(parsed.error.issues as SchemaIssue[]);
    throw new AppError('invalid_argument', { en: `${source} is not a QR Pack template: ${text.en}`, 'zh-CN': `${source} 不是 QR Pack 模板:${text['zh-CN']}` });
  }
  if (!parsed.data.qr.sizeMm === !parsed.data.qr.moduleMm) {
    throw new AppError('invalid_argument', {
      en: `${source}: give the code's size as qr.sizeMm or qr.moduleMm (one of them).`,
      'zh-CN': `${source}:请用 qr.sizeMm 或 qr.moduleMm(二选一)指定码的大小。`,
    });
  }
  return parsed.data;
}
