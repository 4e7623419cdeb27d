import type { LinearSymbology } from '../../../../shared/sheets/templateSchema';
import { cropGrey, type RasterPdf } from './pdfRasterizer';
import { decodeLinearBarcodes, decodeQrCell, type GreyImage } from './qrDecoder';

// One page of verification: rendered once (PDFium, in the exporting thread), each label's cell
// cropped, and the cells decoded on their own (zxing, on the decode workers).

export interface Box {
  xPx: number;
  yPx: number;
  widthPx: number;
  heightPx: number;
}

export interface LabelBoxes {
  /** The QR code's cell (symbol and quiet zone). */
  cell: Box;
  /** The linear barcode's box with its quiet zones, when the design has one. */
  bars?: Box;
}

/** A label's cells as rendered, and what each must read. */
export interface LabelCells {
  cell: GreyImage;
  want: string;
  bars?: { image: GreyImage; want: string; symbology: LinearSymbology };
}

/** A label that did not read right: its index on the page, what was read, and which symbol. */
export interface LabelMismatch {
  index: number;
  found: string | null;
  what?: 'barcode';
}

/** Renders a page (from 1) and cuts out each label's cells. */
export async function renderCells(pdf: RasterPdf, page: number, dpi: number, labels: (LabelBoxes & { want: string; bars?: Box & { want: string; symbology: LinearSymbology } })[]): Promise<LabelCells[]> {
  const image = await pdf.render(page, dpi);
  const crop = (box: Box) => cropGrey(image, box.xPx, box.yPx, box.widthPx, box.heightPx);
  return labels.map((label) => ({
    cell: crop(label.cell),
    want: label.want,
    ...(label.bars ? { bars: { image: crop(label.bars), want: label.bars.want, symbology: label.bars.symbology } } : {}),
  }));
}

/** Decodes each label's cells on their own; the QR code first, its barcode only if the code read right. */
export async function decodeCells(labels: LabelCells[]): Promise<LabelMismatch[]> {
  const mismatches: LabelMismatch[] = [];
  for (const [index, label] of labels.entries()) {
    const found = await decodeQrCell(label.cell);
    if (found.length !== 1 || found[0] !== label.want) {
      mismatches.push({ index, found: found[0] ?? null });
      continue;
    }
    if (label.bars) {
      const read = await decodeLinearBarcodes(label.bars.image, label.bars.symbology);
      if (read.length !== 1 || read[0] !== label.bars.want) mismatches.push({ index, found: read[0] ?? null, what: 'barcode' });
    }
  }
  return mismatches;
}
