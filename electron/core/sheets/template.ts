import { templateSchema, type Template } from '../../../shared/sheets/templateSchema';
import { AppError } from '../appError';
import { QUIET_ZONE_MODULES } from './labelLayout';
import { BUILT_IN_STOCKS, findStock, type Stock } from './stocks';

export { stockSchema, templateSchema, textLineSchema, type Template, type TemplateInput } from '../../../shared/sheets/templateSchema';
export type TextLine = Template['text'][number];

export { MIN_DOTS_PER_MODULE, QUIET_ZONE_MODULES } from './labelLayout';

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

/**
 * The default design for a stock: the code as large as the label's height allows (with its quiet
 * zone inside the label), and the title and extinfo beside it, or below it on square labels.
 */
export function defaultTemplate(stockId: string, ecc: Template['qr']['ecc'] = 'M'): Template {
  const s = findStock(stockId);
  if (!s) throw unknownStock(stockId);
  const wide = s.labelWidthMm >= s.labelHeightMm * 1.4;
  // A version-3 symbol (29 modules) plus quiet zones is 37 modules across.
  const across = 29 + 2 * QUIET_ZONE_MODULES;
  const room = wide ? s.labelHeightMm : Math.min(s.labelWidthMm, s.labelHeightMm * 0.72);
  const moduleMm = Math.floor((room / across) * 1000) / 1000;
  const sizeMm = +(moduleMm * 29).toFixed(3);
  const quietMm = moduleMm * QUIET_ZONE_MODULES;
  const qr = wide ? { xMm: quietMm, yMm: (s.labelHeightMm - sizeMm) / 2 } : { xMm: (s.labelWidthMm - sizeMm) / 2, yMm: quietMm };
  const textX = wide ? qr.xMm + sizeMm + quietMm : s.labelWidthMm / 2;
  const align = wide ? 'left' : 'center';
  const sizePt = Math.max(4, Math.min(8, +(s.labelHeightMm / 4.2).toFixed(1)));
  const lineMm = (sizePt * 25.4) / 72 + 1;
  // Below the code, the first baseline clears the quiet zone by the font's ascent (≈1.16 em for Noto).
  const firstY = wide ? s.labelHeightMm / 2 - lineMm / 2 : qr.yMm + sizeMm + quietMm + ((sizePt * 25.4) / 72) * 1.2;
  return templateSchema.parse({
    format: 'qrpack-template',
    version: 1,
    name: `${s.id} default`,
    stock: s.id,
    qr: { xMm: +qr.xMm.toFixed(3), yMm: +qr.yMm.toFixed(3), sizeMm, ecc },
    text: [
      { text: '{title}', xMm: +textX.toFixed(3), yMm: +firstY.toFixed(3), sizePt, bold: true, align },
      { text: '{extinfo}', xMm: +textX.toFixed(3), yMm: +(firstY + lineMm).toFixed(3), sizePt, align },
    ],
    slug: true,
  });
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
    const where = parsed.error.issues.slice(0, 4).map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ');
    throw new AppError('invalid_argument', { en: `${source} is not a QR Pack template: ${where}`, 'zh-CN': `${source} 不是 QR Pack 模板:${where}` });
  }
  if (!parsed.data.qr.sizeMm === !parsed.data.qr.moduleMm) {
    throw new AppError('invalid_argument', {
      en: `${source}: give the code's size as qr.sizeMm or qr.moduleMm (one of them).`,
      'zh-CN': `${source}:请用 qr.sizeMm 或 qr.moduleMm(二选一)指定码的大小。`,
    });
  }
  return parsed.data;
}
