import fs from 'node:fs';
import type { GreyImage } from './qrDecoder';

/** pdf.js expects a canvas factory in Node; @napi-rs/canvas is one (prebuilt, no system libs). */
type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;
const loadPdfJs = () => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

export interface RasterPdf {
  pages: number;
  /** A page (from 1) as an 8-bit grey image at `dpi`. */
  render(pageNumber: number, dpi: number): Promise<GreyImage>;
  close(): Promise<void>;
}

/**
 * Opens an exported PDF with pdf.js (the renderer shipped with the app, on every platform) to
 * rasterise its pages: for verification, raster export and previews — always what was written.
 */
export async function openRasterPdf(source: string | Uint8Array): Promise<RasterPdf> {
  const { getDocument } = await loadPdfJs();
  const { createCanvas } = await import('@napi-rs/canvas');
  const data = typeof source === 'string' ? new Uint8Array(fs.readFileSync(source)) : source;
  const doc = await getDocument({ data, disableFontFace: true, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  return {
    pages: doc.numPages,
    async render(pageNumber, dpi) {
      const page = await doc.getPage(pageNumber);
      const viewport = page.getViewport({ scale: dpi / 72 });
      const width = Math.round(viewport.width);
      const height = Math.round(viewport.height);
      const canvas = createCanvas(width, height);
      const context = canvas.getContext('2d');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, width, height);
      await page.render({ canvasContext: context as never, viewport, canvas: canvas as never }).promise;
      const rgba = context.getImageData(0, 0, width, height).data;
      const grey = new Uint8Array(width * height);
      for (let i = 0, j = 0; i < grey.length; i++, j += 4) grey[i] = (rgba[j]! * 299 + rgba[j + 1]! * 587 + rgba[j + 2]! * 114) / 1000;
      page.cleanup();
      return { data: grey, width, height };
    },
    close: () => doc.destroy(),
  };
}

/** A rectangle of a grey image (clipped to it). */
export function cropGrey(image: GreyImage, x: number, y: number, width: number, height: number): GreyImage {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(image.width, Math.ceil(x + width));
  const y1 = Math.min(image.height, Math.ceil(y + height));
  const out = new Uint8Array((x1 - x0) * (y1 - y0));
  for (let row = y0; row < y1; row++) out.set(image.data.subarray(row * image.width + x0, row * image.width + x1), (row - y0) * (x1 - x0));
  return { data: out, width: x1 - x0, height: y1 - y0 };
}
