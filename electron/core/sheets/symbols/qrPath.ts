import type { ContentWriter } from '../writers/pdf/contentWriter';
import type { QrSymbol } from './qrEncoder';

/** Modules a side of the largest symbol (version 40): a row holds at most half as many runs. */
const MAX_SIZE = 177;
/** Where each run open from the rows above starts, its first row and its end; reused between symbols. */
let openStart = new Int16Array(MAX_SIZE);
let openRow = new Int16Array(MAX_SIZE);
let openEnd = new Int16Array(MAX_SIZE);
let nextStart = new Int16Array(MAX_SIZE);
let nextRow = new Int16Array(MAX_SIZE);
let nextEnd = new Int16Array(MAX_SIZE);

/**
 * Writes the symbol as PDF path operators in module units (origin at its top-left, y down, as the
 * page's flipped user space is): one rectangle per run of dark modules — runs repeated on the rows
 * below are merged into taller rectangles — all filled by the caller as ONE path. One fill per
 * symbol leaves no hairline seams between modules after rasterising (print-ready.md).
 */
export function writeSymbolPath(symbol: QrSymbol, out: ContentWriter): void {
  const { size, modules } = symbol;
  let open = 0;
  for (let y = 0; y <= size; y++) {
    let next = 0;
    let o = 0;
    if (y < size) {
      for (let x = 0, i = y * size; x < size; ) {
        if (!modules[i]) {
          x++;
          i++;
          continue;
        }
        const start = x;
        while (x < size && modules[i]) {
          x++;
          i++;
        }
        // Both lists run left to right: the runs above that start before this one end here.
        while (o < open && openStart[o]! < start) {
          out.rect(openStart[o]!, openRow[o]!, openEnd[o]! - openStart[o]!, y - openRow[o]!);
          o++;
        }
        let row = y;
        if (o < open && openStart[o] === start) {
          if (openEnd[o] === x) row = openRow[o]!;
          else out.rect(start, openRow[o]!, openEnd[o]! - start, y - openRow[o]!);
          o++;
        }
        nextStart[next] = start;
        nextRow[next] = row;
        nextEnd[next++] = x;
      }
    }
    for (; o < open; o++) out.rect(openStart[o]!, openRow[o]!, openEnd[o]! - openStart[o]!, y - openRow[o]!);
    [openStart, nextStart] = [nextStart, openStart];
    [openRow, nextRow] = [nextRow, openRow];
    [openEnd, nextEnd] = [nextEnd, openEnd];
    open = next;
  }
}
