import { UsageError } from './command';

/** A whole-number option, at least `min`; `fallback` when absent (or required when there is none). */
export function wholeNumberOption(name: string, value: unknown, options: { min?: number; fallback?: number } = {}): number {
  if (value === undefined && options.fallback !== undefined) return options.fallback;
  const n = Number(value);
  const min = options.min ?? Number.MIN_SAFE_INTEGER;
  if (value === undefined || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${name}: a whole number${options.min === undefined ? '' : ` ≥ ${options.min}`} is required${value === undefined ? '' : ` (got "${String(value)}")`}`);
  }
  return n;
}

/** An optional whole-number option. */
export const optionalWholeNumber = (name: string, value: unknown, min?: number): number | undefined =>
  value === undefined ? undefined : wholeNumberOption(name, value, { min });

/** An optional decimal option (millimetres, dpi). */
export function optionalNumber(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${name}: a number (got "${String(value)}")`);
  return n;
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) throw new UsageError(`--${name}: one of ${allowed.join(', ')}`);
  return value as T;
}
