import type { Db } from '../store/openStore';
import type { ExportRequest, VerifyFailure, VerifyMode } from './exportService';
import { labelAt, symbolCell, type SheetGeometry } from './labelLayout';
import { cropGrey, openRasterPdf } from './pdfRasterizer';
import { decodeQrCodes } from './qrDecoder';
import type { Template } from './template';

const VERIFY_DPI = 300;
const SAMPLE_PAGES = 6;

/** Rasterises exported pages and decodes every label's code on its own, against the log. */
export async function verifyPdfLabels(
  db: Db,
  files: { file: string; name: string; pages: number }[],
  o: { template: Template; geometry: SheetGeometry; pages: number; count: number; modules: number; batchId: number; from: number; mode: VerifyMode; onProgress?: ExportRequest['onProgress']; firstPage?: number },
): Promise<{ checked: number; failures: VerifyFailure[] }> {
  const expected = db.prepare<[number, number], { extinfo: string; content: string }>(`SELECT extinfo, content FROM codes WHERE batch_id = ? AND seq = ?`);
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
          if (found.length !== 1 || found[0] !== code.content) failures.push({ extinfo: code.extinfo, page: local + 1, file: name, found: found[0] ?? null });
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

/** The pages to verify: all, a spread of a few, or none. */
export function samplePages(pages: number, mode: VerifyMode): Set<number> {
  const wanted = new Set<number>();
  if (mode === 'off') return wanted;
  if (mode === 'full' || pages <= SAMPLE_PAGES) for (let p = 0; p < pages; p++) wanted.add(p);
  else for (let i = 0; i < SAMPLE_PAGES; i++) wanted.add(Math.round((i * (pages - 1)) / (SAMPLE_PAGES - 1)));
  return wanted;
}
