import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Sharp from 'sharp';
import { lazyModule, requireModule } from '../../lazyModule';

const sharp = lazyModule(() => requireModule('sharp') as typeof Sharp);
import type { LocalizedText } from '../../../../shared/text';
import { AppError } from '../../appError';
import type { BatchRepo } from '../../issuing/batchRepo';
import type { Db } from '../../store/openStore';
import type { ProductFields, ProductOwner } from './exportTypes';
import type { LinearSymbology } from '../../../../shared/sheets/templateSchema';
import { checkLabelData, gs1Fields, rowColumns, sampleFields } from '../design/labelData';
import { columnsUsed, fillPlaceholders, labelAt, sheetGeometry } from '../design/labelLayout';
import { barcodeValue, encodeLinear, type LinearSymbol } from '../symbols/linearBarcode';
import { charactersOf, type PageLabel, type SheetJob } from '../writers/pdf/pageContent';
import { PageRenderPool } from '../writers/pdf/pageRenderPool';
import { openRasterPdf } from '../verify/pdfRasterizer';
import { PdfSheetWriter } from '../writers/pdf/pdfSheetWriter';
import { loadLogo } from '../design/logoFiles';
import { encodeQr } from '../symbols/qrEncoder';
import { resolveStock, type Template } from '../design/template';
import { checkTemplate } from '../design/templateCheck';
import { productCodeStandIn } from '../design/designCheck';
import { usedFaces } from '../design/fontCatalog';

const SAMPLE_BARCODES: Record<LinearSymbology, string> = { ean13: '6901234567892', ean8: '96385074', upca: '036000291452', code128: 'LOT-0001' };

/** Stand-in values of the CSV columns a design prints, for a preview without a batch. */
function sampleColumns(template: Template): Record<string, string> {
  const sample: Record<string, string> = {};
  for (const line of template.text) for (const use of columnsUsed(line.text)) sample[use.column] ??= use.dateFormat === undefined ? use.column.toUpperCase() : '2027-03-31';
  for (const barcode of template.barcodes) for (const use of columnsUsed(barcode.value)) sample[use.column] = SAMPLE_BARCODES[barcode.symbology];
  return sample;
}

/**
 * A PNG of one page as it will print, for a live template editor: a one-page PDF built the same
 * way as an export, rendered by PDFium. A template problem is returned beside the picture, not
 * thrown, so the editor can show both.
 */
export async function renderPreview(
  db: Db,
  batches: BatchRepo,
  productOf: (product: ProductOwner) => ProductFields | null,
  /** Without a batch, `product` is the product a batch is being planned for: its cached page fills the fields. */
  request: { template: Template; batchId?: number; page?: number; widthPx?: number; title?: string; product?: ProductOwner },
): Promise<{ png: Buffer; pages: number; problem: LocalizedText | null; modules: number }> {
  const template = request.template;
  const stock = resolveStock(template);
  const geometry = sheetGeometry(template, stock);
  const batch = request.batchId === undefined ? undefined : batches.get(request.batchId);
  const count = batch?.codeCount ?? geometry.perPage;
  const pages = Math.max(1, Math.ceil(count / geometry.perPage));
  const page = Math.min(Math.max(1, request.page ?? 1), pages) - 1;
  const owner = batch?.kind === 'product' ? batch : request.product;
  const cached = owner ? productOf(owner) : null;
  const fields = batch
    ? { keystr: batch.keystr, title: request.title ?? cached?.title ?? '', batch: batch.name, date: new Date().toISOString().slice(0, 10), product: cached?.product ?? {}, gs1: gs1Fields(batch) }
    : {
        ...sampleFields(),
        ...(request.product ? { keystr: request.product.keystr } : {}),
        ...(cached ? { title: cached.title, product: cached.product } : {}),
        ...(request.title === undefined ? {} : { title: request.title }),
      };
  const codeAt = batch ? db.prepare<[number, number], { extinfo: string; content: string | null; data_json: string | null }>('SELECT extinfo, content, data_json FROM codes WHERE batch_id = ? AND seq = ?') : undefined;
  // Without a batch, the design's CSV columns show stand-ins: a date where it is printed as one, a
  // value its barcode can encode, else the column's name.
  const sampleData = batch ? null : JSON.stringify(sampleColumns(template));
  const labels: PageLabel[] = [];
  for (let slot = 0; slot < geometry.perPage; slot++) {
    const k = labelAt(page, slot, geometry.perPage, pages, template.order);
    if (k >= count) continue;
    const row = codeAt?.get(batch!.id, k + 1);
    const extinfo = row?.extinfo ?? `SAMPLE-${String(k + 1).padStart(6, '0')}`;
    // Codes not issued yet preview with a stand-in of the same length.
    labels.push({ k, seq: k + 1, extinfo, content: row?.content ?? productCodeStandIn(extinfo), data: row ? row.data_json : sampleData });
  }
  const modules = encodeQr('x'.repeat(Math.max(...labels.map((l) => l.content.length))), template.qr.ecc).size;
  let problem: LocalizedText | null = null;
  let drawn = template;
  try {
    const widest = labels.reduce((a, b) => (b.extinfo.length > a.extinfo.length ? b : a));
    let barcodes: (LinearSymbol | undefined)[] = [];
    let columns = rowColumns(widest.data);
    if (batch) {
      // The page's own codes, checked as an export would check them.
      const seqs = labels.map((l) => l.seq);
      const sample = checkLabelData(db, batch.id, { from: Math.min(...seqs), to: Math.max(...seqs) }, template, fields);
      barcodes = sample.barcodes;
      columns = sample.columns ?? columns;
    } else {
      barcodes = template.barcodes.map((barcode) => {
        const value = barcodeValue(barcode.symbology, fillPlaceholders(barcode.value, { ...fields, extinfo: widest.extinfo, seq: widest.seq, columns }));
        if ('problem' in value) throw new AppError('invalid_argument', value.problem);
        return encodeLinear(barcode.symbology, value.value);
      });
    }
    checkTemplate(template, stock, [{ fields: { ...fields, extinfo: widest.extinfo, seq: count, columns }, modules, barcodes }]);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problem = error.text;
    // A barcode whose values cannot be encoded is left out of the picture; the problem says why.
    drawn = { ...template, barcodes: [] };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrpack-preview-'));
  try {
    const file = path.join(dir, 'preview.pdf');
    const slugPrefix = `QR Pack · batch ${batch?.id ?? 0} ${fields.batch}`;
    const writer = new PdfSheetWriter(file, geometry, { title: 'preview', subject: '', keywords: '' }, charactersOf(template, fields, slugPrefix, labels.flatMap((l) => [l.extinfo, l.data ?? ''])), usedFaces(template));
    const logoName = template.logo ? writer.useLogo(await loadLogo(template.logo.file)) : undefined;
    const job: SheetJob = {
      template: drawn, geometry, ecc: template.qr.ecc, pages, modules, fields, slugPrefix, logoName,
      fonts: writer.jobFonts,
    };
    const pool = new PageRenderPool(job, 0);
    await writer.addPage(await pool.render(page, labels));
    await writer.finish();
    const pdf = await openRasterPdf(file);
    try {
      const dpi = ((request.widthPx ?? 800) / geometry.stock.pageWidthMm) * 25.4;
      const image = await pdf.render(1, dpi);
      const png = await sharp()(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), { raw: { width: image.width, height: image.height, channels: 1 } })
        .png({ compressionLevel: 3 })
        .toBuffer();
      return { png, pages, problem, modules };
    } finally {
      await pdf.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
