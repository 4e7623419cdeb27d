import fs from 'node:fs';
import type { WrappedPdfiumModule } from '@embedpdf/pdfium';
import { requireModule } from '../../lazyModule';
import type { GreyImage } from './qrDecoder';

// PDFium — Chrome's PDF renderer, compiled to WebAssembly (@embedpdf/pdfium) — rasterises what we
// wrote, on every platform the app runs on (Windows and macOS have no poppler). Measured on an A4
// sheet of 65 labels: 64 ms at 300 dpi and 20 ms at 150 dpi, where pdf.js with @napi-rs/canvas
// took 518 ms and 181 ms.

let module: Promise<WrappedPdfiumModule> | undefined;

/** One PDFium instance per thread, loaded on first use from the wasm file in node_modules. */
export function loadPdfium(): Promise<WrappedPdfiumModule> {
  module ??= (async () => {
    const { init } = await import('@embedpdf/pdfium');
    const wasm = fs.readFileSync(requireModule.resolve('@embedpdf/pdfium/pdfium.wasm'));
    const loaded = await init({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer });
    loaded.PDFiumExt_Init();
    return loaded;
  })();
  return module;
}

export interface RasterPdf {
  pages: number;
  /** A page (from 1) as an 8-bit grey image at `dpi`. */
  render(pageNumber: number, dpi: number): Promise<GreyImage>;
  /**
   * Parts of a page (from 1) at `dpi`, each an image of its own: the page is loaded once and only
   * what falls in each box is drawn, as it is drawn on the whole page. With `buffers`, the images'
   * pixels go into those (grown as needed, kept for the next page) instead of new memory.
   */
  renderBoxes(pageNumber: number, dpi: number, boxes: PixelBox[], buffers?: Uint8Array[]): GreyImage[];
  close(): Promise<void>;
}

/** A rectangle of a page rendered at some resolution, in pixels from its top left. */
export interface PixelBox {
  xPx: number;
  yPx: number;
  widthPx: number;
  heightPx: number;
}

/** FPDF_ANNOT | FPDF_PRINTING: annotations drawn, as a printer gets the page. */
const RENDER_FLAGS = 0x01 | 0x800;
const FPDFBITMAP_GRAY = 1;

/**
 * Opens a PDF to rasterise its pages — for verification, raster export and previews, always what
 * was written. A file is read block by block as PDFium asks for it, never held whole in memory.
 */
export async function openRasterPdf(source: string | Uint8Array): Promise<RasterPdf> {
  const m = await loadPdfium();
  const { pdfium: runtime } = m;
  const owned: number[] = [];
  let fd: number | undefined;
  let reader: number | undefined;
  let doc: number;
  if (typeof source === 'string') {
    fd = fs.openSync(source, 'r');
    const file = fd;
    const size = fs.fstatSync(file).size;
    // FPDF_FILEACCESS { m_FileLen, m_GetBlock(param, position, buffer, size), m_Param }.
    reader = runtime.addFunction((_param: number, position: number, buffer: number, length: number) => {
      const into = runtime.HEAPU8.subarray(buffer, buffer + length);
      return fs.readSync(file, into, 0, length, position) === length ? 1 : 0;
    }, 'iiiii');
    const access = runtime.wasmExports.malloc(12);
    owned.push(access);
    runtime.setValue(access, size, 'i32');
    runtime.setValue(access + 4, reader, 'i32');
    runtime.setValue(access + 8, 0, 'i32');
    doc = m.FPDF_LoadCustomDocument(access, '');
  } else {
    const bytes = runtime.wasmExports.malloc(source.byteLength);
    owned.push(bytes);
    runtime.HEAPU8.set(source, bytes);
    doc = m.FPDF_LoadMemDocument(bytes, source.byteLength, '');
  }
  const release = () => {
    for (const pointer of owned) runtime.wasmExports.free(pointer);
    if (reader !== undefined) runtime.removeFunction(reader);
    if (fd !== undefined) fs.closeSync(fd);
  };
  if (!doc) {
    release();
    throw new Error(`PDFium cannot open this PDF (error ${m.FPDF_GetLastError()})`);
  }
  /**
   * A bitmap's pixels copied out of the wasm heap row by row (rows may be padded), so the bitmap
   * can go: into `into` when it is large enough.
   */
  const greyOut = (bitmap: number, width: number, height: number, into?: Uint8Array): GreyImage => {
    const stride = m.FPDFBitmap_GetStride(bitmap);
    const start = m.FPDFBitmap_GetBuffer(bitmap);
    const pixels = runtime.HEAPU8.subarray(start, start + stride * height);
    const data = into && into.length >= width * height ? into.subarray(0, width * height) : new Uint8Array(width * height);
    for (let row = 0; row < height; row++) data.set(pixels.subarray(row * stride, row * stride + width), row * width);
    return { data, width, height };
  };
  return {
    pages: m.FPDF_GetPageCount(doc),
    async render(pageNumber, dpi) {
      const page = m.FPDF_LoadPage(doc, pageNumber - 1);
      if (!page) throw new Error(`PDFium cannot load page ${pageNumber} (error ${m.FPDF_GetLastError()})`);
      try {
        const width = Math.round((m.FPDF_GetPageWidthF(page) * dpi) / 72);
        const height = Math.round((m.FPDF_GetPageHeightF(page) * dpi) / 72);
        const bitmap = m.FPDFBitmap_CreateEx(width, height, FPDFBITMAP_GRAY, 0, 0);
        try {
          m.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, 0xffffffff);
          m.FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0, RENDER_FLAGS);
          return greyOut(bitmap, width, height);
        } finally {
          m.FPDFBitmap_Destroy(bitmap);
        }
      } finally {
        m.FPDF_ClosePage(page);
      }
    },
    renderBoxes(pageNumber, dpi, boxes, buffers) {
      const page = m.FPDF_LoadPage(doc, pageNumber - 1);
      if (!page) throw new Error(`PDFium cannot load page ${pageNumber} (error ${m.FPDF_GetLastError()})`);
      try {
        const pageWidth = Math.round((m.FPDF_GetPageWidthF(page) * dpi) / 72);
        const pageHeight = Math.round((m.FPDF_GetPageHeightF(page) * dpi) / 72);
        return boxes.map((box, index) => {
          // The same pixel grid as the whole page's render, cut to the box (clipped to the page).
          const x0 = Math.max(0, Math.floor(box.xPx));
          const y0 = Math.max(0, Math.floor(box.yPx));
          const width = Math.max(1, Math.min(pageWidth, Math.ceil(box.xPx + box.widthPx)) - x0);
          const height = Math.max(1, Math.min(pageHeight, Math.ceil(box.yPx + box.heightPx)) - y0);
          const bitmap = m.FPDFBitmap_CreateEx(width, height, FPDFBITMAP_GRAY, 0, 0);
          try {
            m.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, 0xffffffff);
            m.FPDF_RenderPageBitmap(bitmap, page, -x0, -y0, pageWidth, pageHeight, 0, RENDER_FLAGS);
            if (buffers && (buffers[index]?.length ?? 0) < width * height) buffers[index] = new Uint8Array(width * height);
            return greyOut(bitmap, width, height, buffers?.[index]);
          } finally {
            m.FPDFBitmap_Destroy(bitmap);
          }
        });
      } finally {
        m.FPDF_ClosePage(page);
      }
    },
    async close() {
      m.FPDF_CloseDocument(doc);
      release();
    },
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
