import { distance } from 'fastest-levenshtein';

/**
 * The known word a mistyped one was most likely meant to be ("isue" → "issue", "--prodcut" →
 * "--product"): the nearest by edit distance, if it is near enough to be a slip of the fingers (at
 * most a third of the word's letters, and 2 at most), else none.
 */
export function closestWord(typed: string, known: readonly string[]): string | undefined {
  const word = typed.toLowerCase();
  let best: { name: string; cost: number } | undefined;
  for (const name of known) {
    const cost = distance(word, name.toLowerCase());
    if (!best || cost < best.cost) best = { name, cost };
  }
  return best && best.cost > 0 && best.cost <= Math.min(2, Math.floor(word.length / 3)) ? best.name : undefined;
}
