import fs from 'node:fs';
import { PDFDocument, rgb } from 'pdf-lib';
import { encodeQr } from '../../electron/core/sheets/symbols/qrEncoder';

const PT_PER_MM = 72 / 25.4;

/** Where a manifest row says a label's code is printed (page from 1, mm from the top left). */
export type CodeSpot = Partial<Record<'page' | 'qr_x_mm' | 'qr_y_mm' | 'qr_size_mm', string>>;

/**
 * Changes codes of a PDF in place, as a later overlay might: each spot is painted white, then
 * (when `content` is given) a QR code of that content is drawn there instead — a wrong code that
 * reads perfectly well; without content, the code is simply gone.
 */
export async function overCodes(file: string, changes: { spot: CodeSpot; content?: string }[]): Promise<void> {
  const pdf = await PDFDocument.load(fs.readFileSync(file));
  for (const { spot, content } of changes) {
    const page = pdf.getPage(Number(spot.page) - 1);
    const size = Number(spot.qr_size_mm) * PT_PER_MM;
    const x = Number(spot.qr_x_mm) * PT_PER_MM;
    const top = page.getHeight() - Number(spot.qr_y_mm) * PT_PER_MM;
    page.drawRectangle({ x, y: top - size, width: size, height: size, color: rgb(1, 1, 1) });
    if (content === undefined) continue;
    const symbol = encodeQr(content, 'M');
    const module = size / symbol.size;
    for (let row = 0; row < symbol.size; row++) {
      for (let column = 0; column < symbol.size; column++) {
        if (!symbol.modules[row * symbol.size + column]) continue;
        page.drawRectangle({ x: x + column * module, y: top - (row + 1) * module, width: module, height: module, color: rgb(0, 0, 0) });
      }
    }
  }
  fs.writeFileSync(file, await pdf.save());
}
