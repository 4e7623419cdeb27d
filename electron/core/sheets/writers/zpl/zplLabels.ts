import fs from 'node:fs';
import zlib from 'node:zlib';
import { AppError } from '../../../appError';
import type { OutputFiles } from '../../../files/outputFiles';
import type { WrittenFile } from '../../export/exportTypes';
import type { GreyImage } from '../../verify/qrDecoder';
import type { RasterOutput } from '../raster/rasterExport';

/**
 * ZPL II printers come in three resolutions, each a whole number of dots per mm: 8 (203 dpi),
 * 12 (300) and 24 (600). A label is drawn at the printer's own dots, so nothing is scaled.
 */
export const ZPL_DOTS_PER_MM: Record<number, number> = { 203: 8, 300: 12, 600: 24 };

/** Refuses a printer resolution ZPL printers do not have, before anything is written. */
export function checkZplDpi(printerDpi: number): number {
  const dotsPerMm = ZPL_DOTS_PER_MM[printerDpi];
  if (dotsPerMm) return dotsPerMm;
  throw new AppError('invalid_argument', {
    en: `ZPL is written at the label printer's own resolution: --printer-dpi must be 203, 300 or 600 (got ${printerDpi}).`,
    'zh-CN': `ZPL 按标签打印机自身的分辨率生成:--printer-dpi 须为 203、300 或 600(收到 ${printerDpi})。`,
  });
}

/** CRC-16/XMODEM of the Base64 text, the check a Zebra printer makes on a :Z64: field. */
export function zplCrc16(text: string): string {
  let crc = 0;
  for (let i = 0; i < text.length; i++) {
    crc ^= text.charCodeAt(i) << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * One label as a ZPL format: the whole label — code, text, barcode, logo — as one graphic field
 * (^GF) of the 1-bit raster at the printer's dots, deflated and Base64-encoded (:Z64:). The code
 * is the design's exact modules with its quiet zone, as checked and verified; text is a graphic,
 * so a printer without a CJK font prints Chinese as designed.
 */
export function zplLabel(image: GreyImage, comment: string): string {
  const bytesPerRow = Math.ceil(image.width / 8);
  const bits = Buffer.alloc(bytesPerRow * image.height);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      // ZPL graphics: a set bit is a dot burnt black.
      if (image.data[y * image.width + x]! < 128) bits[y * bytesPerRow + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  const field = zlib.deflateSync(bits).toString('base64');
  // ^FX: a comment the printer ignores, kept free of the characters that start a ZPL command.
  const note = comment.replace(/[\^~]/g, ' ');
  return `^XA\n^FX${note}\n^PW${image.width}^LL${image.height}^LH0,0^PON\n^FO0,0^GFA,${bits.length},${bits.length},${bytesPerRow},:Z64:${field}:${zplCrc16(field)}^FS\n^XZ\n`;
}

/** A ZPL file: every label of the export a format of its own, in print order, in one file. */
export function zplLabels(out: string, files: OutputFiles, o: { printerDpi: number; count: number; batchId: number }): RasterOutput {
  const dotsPerMm = checkZplDpi(o.printerDpi);
  const part = files.partFor(out);
  let labels = 0;
  return {
    scope: 'label',
    // Rendered at exactly the printer's dots per mm (203.2, 304.8, 609.6 dpi), a dot a pixel.
    dpi: dotsPerMm * 25.4,
    nameOf: () => out,
    // Appended label by label (no handle left open when an export fails half way; the part is discarded).
    async write(image, index) {
      await fs.promises.appendFile(part, zplLabel(image, `QR Pack batch ${o.batchId} label ${index + 1} of ${o.count}`));
      labels++;
    },
    async finish(): Promise<WrittenFile[]> {
      return [{ file: part, name: out, pages: labels }];
    },
  };
}
