import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Sharp from 'sharp';
import { lazyModule, requireModule } from '../../lazyModule';

const sharp = lazyModule(() => requireModule('sharp') as typeof Sharp);
import type { Language, LocalizedText } from '../../../../shared/text';
import { AppError } from '../../appError';
import type { BatchRepo } from '../../issuing/batchRepo';
import type { Db } from '../../store/openStore';
import type { ProductFields, ProductOwner } from './exportTypes';
import type { LinearSymbology } from '../../../../shared/sheets/templateSchema';
import { checkLabelData, gs1Fields, rowColumns, sampleFields } from '../design/labelData';
import { columnsUsed, fillPlaceholders, sheetGeometry, type SheetGeometry } from '../design/labelLayout';
import { checkLabelRun, LabelPositions, SINGLE_RUN, type LabelRun } from './labelPositions';
import type { GreyImage } from '../verify/qrDecoder';
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
import { faceOf, fontBox, textWidthEm, usedFaces } from '../design/fontCatalog';
import { lineSegments } from '../design/lineBreaks';
import { fitText, legibleLine } from '../../../../shared/sheets/textFit';

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
  /** `run`: where the labels start on the first sheet and their copies, as the export will print them. */
  request: { template: Template; batchId?: number; page?: number; widthPx?: number; title?: string; product?: ProductOwner; run?: LabelRun },
  /** The language of the stand-in values shown without a batch. */
  language: Language,
): Promise<{ png: Buffer; pages: number; problem: LocalizedText | null; modules: number }> {
  const template = request.template;
  const stock = resolveStock(template);
  const geometry = sheetGeometry(template, stock);
  const batch = request.batchId === undefined ? undefined : batches.get(request.batchId);
  const count = batch?.codeCount ?? geometry.perPage;
  // A run the export would refuse is named as the problem (the first refusal); the sheet is
  // drawn with the numbers refused set back to 1, the others as given.
  let runProblem: LocalizedText | null = null;
  let run = request.run ?? SINGLE_RUN;
  for (let refused = 0; refused < 3 && run !== SINGLE_RUN; refused++) {
    try {
      checkLabelRun(run, stock, template.order, count);
      break;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      runProblem ??= error.text;
      const field = error.extra.fields?.[0]?.field as keyof LabelRun | undefined;
      run = field && field in run && run[field] !== 1 ? { ...run, [field]: 1 } : SINGLE_RUN;
    }
  }
  const positions = new LabelPositions(count, geometry.perPage, template.order, run);
  const pages = positions.pages;
  const page = Math.min(Math.max(1, request.page ?? 1), pages) - 1;
  const owner = batch?.kind === 'product' ? batch : request.product;
  const cached = owner ? productOf(owner) : null;
  const fields = batch
    ? { keystr: batch.keystr, title: request.title ?? cached?.title ?? '', batch: batch.name, date: new Date().toISOString().slice(0, 10), product: cached?.product ?? {}, gs1: gs1Fields(batch) }
    : {
        ...sampleFields(language),
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
    const at = positions.at(page, slot);
    if (!at) continue;
    const seq = at.code + 1;
    const row = codeAt?.get(batch!.id, seq);
    const extinfo = row?.extinfo ?? `SAMPLE-${String(seq).padStart(6, '0')}`;
    // Codes not issued yet preview with a stand-in of the same length.
    labels.push({ label: at.label, slot, seq, extinfo, content: row?.content ?? productCodeStandIn(extinfo), data: row ? row.data_json : sampleData });
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
      const sample = checkLabelData(db, batch.id, { from: Math.min(...seqs), to: Math.max(...seqs) }, template, fields, 'design');
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
    // A barcode whose values cannot be encoded, and a text line that cannot fit its box on some
    // label of the page, are left out of the picture; the problem says why.
    const fieldsOf = (l: PageLabel) => ({ ...fields, extinfo: l.extinfo, seq: l.seq, columns: rowColumns(l.data) });
    const fitsEvery = (line: Template['text'][number]) =>
      labels.every((l) => {
        const text = fillPlaceholders(line.text, fieldsOf(l));
        const face = faceOf(line);
        return !text || fitText(text, legibleLine(line, text, template.printerDpi), stock.labelWidthMm, fontBox(face), (t) => textWidthEm(t, face), lineSegments) !== null;
      });
    const encodes = (bars: Template['barcodes'][number]) => labels.every((l) => 'value' in barcodeValue(bars.symbology, fillPlaceholders(bars.value, fieldsOf(l))));
    drawn = { ...template, barcodes: template.barcodes.filter(encodes), text: template.text.filter(fitsEvery) };
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
      if (page === 0) for (let slot = 0; slot < positions.skipped; slot++) hatchLabel(image, geometry, slot, dpi / 25.4);
      const png = await sharp()(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), { raw: { width: image.width, height: image.height, channels: 1 } })
        .png({ compressionLevel: 3 })
        .toBuffer();
      return { png, pages, problem: runProblem ?? problem, modules };
    } finally {
      await pdf.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A label position left empty (a sheet's labels used before) hatched grey in the preview, its outline drawn. */
function hatchLabel(image: GreyImage, geometry: SheetGeometry, slot: number, pxPerMm: number): void {
  const { stock } = geometry;
  const x0 = Math.round((stock.firstXMm + (slot % stock.columns) * stock.pitchXMm) * pxPerMm);
  const y0 = Math.round((stock.firstYMm + Math.floor(slot / stock.columns) * stock.pitchYMm) * pxPerMm);
  const x1 = Math.min(image.width, Math.round(x0 + stock.labelWidthMm * pxPerMm));
  const y1 = Math.min(image.height, Math.round(y0 + stock.labelHeightMm * pxPerMm));
  for (let y = Math.max(0, y0); y < y1; y++) {
    for (let x = Math.max(0, x0); x < x1; x++) {
      const edge = x === x0 || x === x1 - 1 || y === y0 || y === y1 - 1;
      if (edge || (x + y) % 8 < 2) image.data[y * image.width + x] = 150;
    }
  }
}
