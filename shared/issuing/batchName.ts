/** A batch name's length at most, as the new-batch form allows. */
export const BATCH_NAME_MAX_CHARS = 80;

/** Control characters (C0, DEL, C1) would drive the terminal that prints a name (`qrpack batches`). */
const CONTROL = /\p{Cc}/gu;

/** A name as stored and printed: control characters removed, outer spaces trimmed. */
export const printableName = (name: string): string => name.replace(CONTROL, '').trim();

/** The name a batch gets: the one given, made printable and cut to its bound, or `fallback()` when none is left. */
export function batchName(given: string | undefined, fallback: () => string): string {
  const name = printableName(given ?? '').slice(0, BATCH_NAME_MAX_CHARS).trim();
  return name || fallback();
}
