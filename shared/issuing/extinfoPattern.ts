/** `LOT7-{seq:6}`: exactly one serial placeholder, optionally zero-padded to N digits. */
const SEQ_PLACEHOLDER = /\{seq(?::(\d+))?\}/g;
/** Serials are whole numbers up to 2^53 − 1: sixteen digits. */
export const SEQ_WIDTH_MAX = 16;

export interface ParsedPattern {
  before: string;
  after: string;
  /** Zero-padding width; 0 for none. */
  width: number;
}

/** The pattern's parts, or the number of placeholders found when it is not exactly one. */
export function parsePattern(pattern: string): ParsedPattern | { placeholders: number } {
  const found = [...pattern.matchAll(SEQ_PLACEHOLDER)];
  if (found.length !== 1) return { placeholders: found.length };
  const [before, after] = pattern.split(found[0]![0]) as [string, string];
  return { before, after, width: Number(found[0]![1] ?? 0) };
}

/** The extinfo at position `index` (from 0) of a pattern run. */
export function extinfoAt(parsed: ParsedPattern, start: number, step: number, index: number): string {
  return `${parsed.before}${String(start + index * step).padStart(parsed.width, '0')}${parsed.after}`;
}
