import { BATCH_NAME_MAX_CHARS, printableName } from '../../shared/issuing/batchName';
import { shortened } from '../../shared/text';
import { UsageError } from './command';

/** At most `max` characters of a value the user gave, for an error message (a value may be huge). */
export function excerpt(value: unknown, max = 40): string {
  const text = String(value);
  return text.length > max ? `${shortened(text, max)}(${text.length} chars)` : text;
}

const WHOLE = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

interface Range {
  min?: number;
  max?: number;
}

function rangeText({ min, max }: Range): { en: string; zh: string } {
  if (min !== undefined && max !== undefined) return { en: `from ${min} to ${max}`, zh: `${min} 到 ${max} 之间` };
  if (min !== undefined) return { en: `of at least ${min}`, zh: `不小于 ${min}` };
  if (max !== undefined) return { en: `of at most ${max}`, zh: `不大于 ${max}` };
  return { en: '', zh: '' };
}

function badNumber(name: string, value: unknown, range: Range, whole: boolean): UsageError {
  const r = rangeText(range);
  const got = value === undefined ? '' : ` (got "${excerpt(value)}")`;
  const gotZh = value === undefined ? '' : `(收到 "${excerpt(value)}")`;
  return new UsageError({
    en: `--${name}: a ${whole ? 'whole number' : 'number'} ${r.en} is required${got}`.replace('  ', ' '),
    'zh-CN': `--${name}:须为${r.zh}的${whole ? '整数' : '数'}${gotZh}`,
  });
}

/**
 * A whole number written in plain decimal digits ("0x10", " 3", "1e3" and "2.0" are refused),
 * within its range; `fallback` when absent (or required when there is none).
 */
export function wholeNumberOption(name: string, value: unknown, options: Range & { fallback?: number } = {}): number {
  if (value === undefined && options.fallback !== undefined) return options.fallback;
  const n = typeof value === 'string' && WHOLE.test(value) ? Number(value) : NaN;
  const min = options.min ?? Number.MIN_SAFE_INTEGER;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw badNumber(name, value, options, true);
  return n;
}

/** An optional whole-number option within its range. */
export const optionalWholeNumber = (name: string, value: unknown, range: Range = {}): number | undefined =>
  value === undefined ? undefined : wholeNumberOption(name, value, range);

/** An optional decimal option (millimetres, calls per second) within its range. */
export function optionalNumber(name: string, value: unknown, range: Range & { above?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && DECIMAL.test(value) ? Number(value) : NaN;
  const tooLow = range.above !== undefined ? n <= range.above : range.min !== undefined && n < range.min;
  if (!Number.isFinite(n) || tooLow || (range.max !== undefined && n > range.max)) {
    if (range.above !== undefined) {
      const got = ` (got "${excerpt(value)}")`;
      throw new UsageError({ en: `--${name}: a number above ${range.above} is required${got}`, 'zh-CN': `--${name}:须为大于 ${range.above} 的数(收到 "${excerpt(value)}")` });
    }
    throw badNumber(name, value, range, false);
  }
  return n;
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    throw new UsageError({
      en: `--${name}: one of ${allowed.join(', ')} (got "${excerpt(value)}")`,
      'zh-CN': `--${name}:须为 ${allowed.join('、')} 之一(收到 "${excerpt(value)}")`,
    });
  }
  return value as T;
}

/** A batch id given as the command's argument. */
export function batchIdArgument(command: string, value: unknown, example: string): number {
  const id = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new UsageError({ en: `${command}: give the batch id, e.g. ${example}`, 'zh-CN': `${command}:请给出批次编号,例如 ${example}` });
  }
  return id;
}

/** --range A-B: positions in a batch from 1 (whether they lie inside it is the batch's to say). */
export function positionRange(value: unknown): { from: number; to: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{1,9})-(\d{1,9})$/.exec(String(value));
  if (!match) throw new UsageError({ en: '--range A-B, positions in the batch from 1, e.g. 1-650', 'zh-CN': '--range 格式为 A-B,即批次中从 1 起的位置,例如 1-650' });
  return { from: Number(match[1]), to: Number(match[2]) };
}

/** --name: a batch name, control characters removed (a terminal would run them), at most BATCH_NAME_MAX_CHARS. */
export function batchNameOption(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const name = printableName(String(value));
  if (name.length > BATCH_NAME_MAX_CHARS) {
    throw new UsageError({
      en: `--name: at most ${BATCH_NAME_MAX_CHARS} characters (got ${name.length})`,
      'zh-CN': `--name:最多 ${BATCH_NAME_MAX_CHARS} 个字符(收到 ${name.length} 个)`,
    });
  }
  return name;
}
