import type { LinearSymbology } from '../../../../shared/sheets/templateSchema';
import { openRasterPdf, type PixelBox, type RasterPdf } from './pdfRasterizer';
import { decodeLinearBarcodes, decodeQrCell, type GreyImage } from './qrDecoder';

// One page of verification: the page parsed once from the file as written (PDFium), only each
// label's cells drawn, and each cell decoded on its own (zxing) — on a verify worker, or in this
// thread when there are none.

export type Box = PixelBox;

/** A label's cells on the page, and what each must read. */
export interface LabelTask {
  /** The QR code's cell (symbol and quiet zone). */
  cell: Box;
  want: string;
  /** Each linear barcode's box with its quiet zones (the design's barcodes, in order). */
  bars?: (Box & { want: string; symbology: LinearSymbology })[];
}

/** A page to verify: which file, which of its pages (from 1), at what resolution, and its labels. */
export interface PageTask {
  /** Which verification this page belongs to: a file is opened afresh for each, never read from an earlier parse. */
  run: number;
  file: string;
  page: number;
  dpi: number;
  labels: LabelTask[];
}

/** A label's cells as rendered, and what each must read. */
export interface LabelCells {
  cell: GreyImage;
  want: string;
  bars?: { image: GreyImage; want: string; symbology: LinearSymbology }[];
}

/** A label that did not read right: its index on the page, what was read, and which symbol. */
export interface LabelMismatch {
  index: number;
  found: string | null;
  what?: 'barcode';
  /** Which barcode (from 1), when the label has more than one. */
  barcode?: number;
}

/**
 * PDFium keeps what it parsed for the document's life: opened afresh now and then, its memory
 * stays that of a few hundred pages, however long the export.
 */
const REOPEN_PAGES = 200;

/**
 * Checks pages of exported files, keeping the file it last read open (a worker is given pages of
 * one file after another), so the cross-reference table is read once per file, not per page —
 * within one verification only: a file checked again (changed since, perhaps) is read again.
 */
export class PageChecker {
  private open: { run: number; file: string; pdf: RasterPdf; pages: number } | undefined;
  /**
   * The cells' pixels, kept from page to page: fresh arrays for each page's 65-odd cells piled up
   * as memory outside the heap, which the collector frees late (≈40 MB a worker at 100,000 labels).
   */
  private readonly buffers: Uint8Array[] = [];

  async check(task: PageTask): Promise<LabelMismatch[]> {
    if (this.open && (this.open.run !== task.run || this.open.file !== task.file || this.open.pages >= REOPEN_PAGES)) await this.close();
    this.open ??= { run: task.run, file: task.file, pdf: await openRasterPdf(task.file), pages: 0 };
    this.open.pages++;
    const boxes = task.labels.flatMap((label) => [label.cell, ...(label.bars ?? [])]);
    const images = this.open.pdf.renderBoxes(task.page, task.dpi, boxes, this.buffers);
    let next = 0;
    const labels = task.labels.map((label): LabelCells => {
      const cell = images[next++]!;
      return { cell, want: label.want, ...(label.bars ? { bars: label.bars.map((bars) => ({ image: images[next++]!, want: bars.want, symbology: bars.symbology })) } : {}) };
    });
    return decodeCells(labels);
  }

  async close(): Promise<void> {
    await this.open?.pdf.close();
    this.open = undefined;
  }
}

/** Decodes each label's cells on their own; the QR code first, its barcodes (every one) only if the code read right. */
export async function decodeCells(labels: LabelCells[]): Promise<LabelMismatch[]> {
  const mismatches: LabelMismatch[] = [];
  for (const [index, label] of labels.entries()) {
    const found = await decodeQrCell(label.cell);
    if (found.length !== 1 || found[0] !== label.want) {
      mismatches.push({ index, found: found[0] ?? null });
      continue;
    }
    for (const [n, bars] of (label.bars ?? []).entries()) {
      const read = await decodeLinearBarcodes(bars.image, bars.symbology);
      if (read.length !== 1 || read[0] !== bars.want) {
        mismatches.push({ index, found: read[0] ?? null, what: 'barcode', ...(label.bars!.length > 1 ? { barcode: n + 1 } : {}) });
        break;
      }
    }
  }
  return mismatches;
}
