import type { Db } from '../store/openStore';
import type { ExportRequest, VerifyFailure, VerifyMode } from './exportService';
import { rowColumns } from './labelData';
import { fillPlaceholders, labelAt, slotOrigin, symbolCell, type SheetGeometry } from './labelLayout';
import { barcodeLayout, barcodeValue, encodeLinear, QUIET_MODULES } from './linearBarcode';
import { cropGrey, openRasterPdf } from './pdfRasterizer';
import { decodeLinearBarcodes, decodeQrCodes } from './qrDecoder';
import type { Template } from './template';

const VERIFY_DPI = 300;
const SAMPLE_PAGES = 6;

/** Rasterises exported pages and decodes every label's code on its own, against the log. */
export async function verifyPdfLabels(
  db: Db,
  files: { file: string; name: string; pages: number }[],
  o: { template: Template; geometry: SheetGeometry; pages: number; count: number; modules: number; batchId: number; from: number; mode: VerifyMode; onProgress?: ExportRequest['onProgress']; firstPage?: number },
): Promise<{ checked: number; failures: VerifyFailure[] }> {
  const expected = db.prepare<[number, number], { extinfo: string; content: string; keystr: string; data_json: string | null }>(
    `SELECT extinfo, content, keystr, data_json FROM codes WHERE batch_id = ? AND seq = ?`,
  );
  const pxPerMm = VERIFY_DPI / 25.4;
  const failures: VerifyFailure[] = [];
  let checked = 0;
  const wanted = samplePages(o.pages, o.mode);
  // One file of a split export starts further into the export's pages.
  let firstPage = o.firstPage ?? 0;
  let done = 0;
  for (const { file, name, pages } of files) {
    const pdf = await openRasterPdf(file);
    try {
      for (let local = 0; local < pages; local++) {
        const page = firstPage + local;
        if (!wanted.has(page)) continue;
        const image = await pdf.render(local + 1, VERIFY_DPI);
        for (let slot = 0; slot < o.geometry.perPage; slot++) {
          const k = labelAt(page, slot, o.geometry.perPage, o.pages, o.template.order);
          if (k >= o.count) continue;
          const cell = symbolCell(o.geometry, o.template, slot, o.modules);
          const found = await decodeQrCodes(cropGrey(image, cell.xMm * pxPerMm, cell.yMm * pxPerMm, cell.sideMm * pxPerMm, cell.sideMm * pxPerMm));
          const code = expected.get(o.batchId, o.from + k)!;
          checked++;
          if (found.length !== 1 || found[0] !== code.content) {
            failures.push({ extinfo: code.extinfo, page: local + 1, file: name, found: found[0] ?? null });
            continue;
          }
          const barcode = o.template.barcode;
          if (barcode) {
            // The barcode too, from its own box with the quiet zones: what it should say is worked
            // out again from the code's row, as the page drew it.
            const want = expectedBarcode(barcode, code, o.from + k);
            const bars = barcodeCell(o.geometry, o.template, slot, want);
            const read = await decodeLinearBarcodes(cropGrey(image, bars.xMm * pxPerMm, bars.yMm * pxPerMm, bars.widthMm * pxPerMm, bars.heightMm * pxPerMm), barcode.symbology);
            if (read.length !== 1 || read[0] !== want) failures.push({ extinfo: code.extinfo, page: local + 1, file: name, found: read[0] ?? null, what: 'barcode' });
          }
        }
        o.onProgress?.({ stage: 'verifying', done: ++done, total: wanted.size });
      }
    } finally {
      await pdf.close();
    }
    firstPage += pages;
  }
  return { checked, failures };
}

function expectedBarcode(barcode: NonNullable<Template['barcode']>, code: { extinfo: string; keystr: string; data_json: string | null }, seq: number): string {
  const value = fillPlaceholders(barcode.value, { extinfo: code.extinfo, seq, keystr: code.keystr, title: '', batch: '', date: '', columns: rowColumns(code.data_json) });
  const checked = barcodeValue(barcode.symbology, value);
  return 'value' in checked ? checked.value : value;
}

/** A slot's barcode box with its quiet zones, on the media box (mm). */
function barcodeCell(geometry: SheetGeometry, template: Template, slot: number, value: string): { xMm: number; yMm: number; widthMm: number; heightMm: number } {
  const barcode = template.barcode!;
  const origin = slotOrigin(geometry, template, slot);
  const { moduleMm } = barcodeLayout(encodeLinear(barcode.symbology, value), barcode);
  const [left, right] = QUIET_MODULES[barcode.symbology];
  return { xMm: origin.xMm + barcode.xMm - left * moduleMm, yMm: origin.yMm + barcode.yMm, widthMm: barcode.widthMm + (left + right) * moduleMm, heightMm: barcode.heightMm };
}

/** The pages to verify: all, a spread of a few, or none. */
export function samplePages(pages: number, mode: VerifyMode): Set<number> {
  const wanted = new Set<number>();
  if (mode === 'off') return wanted;
  if (mode === 'full' || pages <= SAMPLE_PAGES) for (let p = 0; p < pages; p++) wanted.add(p);
  else for (let i = 0; i < SAMPLE_PAGES; i++) wanted.add(Math.round((i * (pages - 1)) / (SAMPLE_PAGES - 1)));
  return wanted;
}
