import type { QrSymbol } from './qrEncoder';

/**
 * The symbol as PDF path operators in module units (origin at its top-left, y down, as the page's
 * flipped user space is): one rectangle per run of dark modules — runs repeated on the rows below
 * are merged into taller rectangles — all filled by the caller as ONE path. One fill per symbol
 * leaves no hairline seams between modules after rasterising (print-ready.md).
 */
export function symbolPath(symbol: QrSymbol): string {
  const { size, modules } = symbol;
  // Open runs: start column → [start row, end column], carried down while rows repeat them.
  let open = new Map<number, { row: number; end: number }>();
  const parts: string[] = [];
  const close = (x: number, run: { row: number; end: number }, row: number) => parts.push(`${x} ${run.row} ${run.end - x} ${row - run.row} re`);
  for (let y = 0; y <= size; y++) {
    const next = new Map<number, { row: number; end: number }>();
    if (y < size) {
      for (let x = 0; x < size; ) {
        if (!modules[y * size + x]) {
          x++;
          continue;
        }
        const start = x;
        while (x < size && modules[y * size + x]) x++;
        const carried = open.get(start);
        if (carried && carried.end === x) {
          next.set(start, carried);
          open.delete(start);
        } else next.set(start, { row: y, end: x });
      }
    }
    for (const [x, run] of open) close(x, run, y);
    open = next;
  }
  return parts.join('\n');
}
