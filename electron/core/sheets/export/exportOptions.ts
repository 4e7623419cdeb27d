import { TEMPLATE_LIMITS, templateSchema } from '../../../../shared/sheets/templateSchema';
import { AppError } from '../../appError';
import { requestProblems, type SchemaIssue } from '../../requestProblems';
import type { ExportRequest } from './exportTypes';

/** Raster resolutions a print file is made at: a 72 dpi screen proof to a 1200 dpi film. */
export const RASTER_DPI = { min: 72, max: 1200 } as const;
export const SPLIT_PAGES = { min: 1, max: 100_000 } as const;
export const EXPORT_WORKERS = { min: 1, max: 64 } as const;

/** Each setting as the user knows it: the CLI option and the design field. */
const SETTINGS: Record<string, { option: string; en: string; zh: string; range: { min: number; max: number }; whole: boolean }> = {
  dpi: { option: '--dpi', en: 'Raster resolution', zh: '位图分辨率', range: RASTER_DPI, whole: true },
  splitPages: { option: '--split', en: 'Pages per file', zh: '每个文件的页数', range: SPLIT_PAGES, whole: true },
  workers: { option: '--workers', en: 'Worker threads', zh: '工作线程数', range: EXPORT_WORKERS, whole: true },
  printerDpi: { option: '--printer-dpi', en: "Printer's resolution", zh: '打印机分辨率', range: TEMPLATE_LIMITS.printerDpi, whole: true },
  offsetXMm: { option: '--offset-x', en: 'Printer offset X (mm)', zh: '打印偏移 X(毫米)', range: TEMPLATE_LIMITS.offsetMm, whole: false },
  offsetYMm: { option: '--offset-y', en: 'Printer offset Y (mm)', zh: '打印偏移 Y(毫米)', range: TEMPLATE_LIMITS.offsetMm, whole: false },
  bleedMm: { option: '--bleed', en: 'Bleed (mm)', zh: '出血(毫米)', range: TEMPLATE_LIMITS.bleedMm, whole: false },
};

function outOfRange(key: string, value: unknown): AppError {
  const s = SETTINGS[key]!;
  const got = String(value).slice(0, 30);
  return new AppError('invalid_argument', {
    en: `${s.en} (${s.option}) must be a ${s.whole ? 'whole number' : 'number'} from ${s.range.min} to ${s.range.max} (got ${got}).`,
    'zh-CN': `${s.zh}(${s.option})须为 ${s.range.min} 到 ${s.range.max} 之间的${s.whole ? '整数' : '数'}(收到 ${got})。`,
  });
}

const inRange = (key: string, value: number) => {
  const s = SETTINGS[key]!;
  return Number.isFinite(value) && (!s.whole || Number.isInteger(value)) && value >= s.range.min && value <= s.range.max;
};

/**
 * Every export setting within its range, named as the user knows it, before anything is written:
 * the request's own numbers and the design's press settings (which a command line may override).
 */
export function checkExportOptions(request: ExportRequest): void {
  for (const key of ['dpi', 'splitPages', 'workers'] as const) {
    const value = request[key];
    if (value !== undefined && !inRange(key, value)) throw outOfRange(key, value);
  }
  for (const key of ['printerDpi', 'offsetXMm', 'offsetYMm', 'bleedMm'] as const) {
    const value = request.template[key];
    if (!inRange(key, value)) throw outOfRange(key, value);
  }
  const parsed = templateSchema.safeParse(request.template);
  if (!parsed.success) {
    const { text } = requestProblems(parsed.error.issues as SchemaIssue[]);
    throw new AppError('invalid_argument', { en: `The label design is not valid: ${text.en}`, 'zh-CN': `标签设计无效:${text['zh-CN']}` });
  }
}
