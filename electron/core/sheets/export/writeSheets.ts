import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { csvRows } from '../../csv/csvWriter';
import { seriesNames, type OutputFiles } from '../../files/outputFiles';
import type { Db } from '../../store/openStore';
import { batchColumns, rowColumns } from '../design/labelData';
import { slotOrigin } from '../design/labelLayout';
import type { PageLabel, SheetJob } from '../writers/pdf/pageContent';
import { PageRenderPool, type RenderedPage } from '../writers/pdf/pageRenderPool';
import { PdfSheetWriter } from '../writers/pdf/pdfSheetWriter';
import { usedFaces } from '../design/fontCatalog';
import { rasterImageNames } from '../writers/raster/rasterExport';
import type { ExportPlan, WrittenFile, WrittenSheets } from './exportTypes';
import type { LabelRun } from './labelPositions';

const MANIFEST_COLUMNS = ['extinfo', 'content', 'page', 'index', 'qr_x_mm', 'qr_y_mm', 'qr_size_mm', 'seq', 'file'];
const mm = (value: number) => value.toFixed(3);

/** A run other than every position once, for prepress reading the file's metadata. */
function runKeywords(run: LabelRun): string {
  return `${run.startAt > 1 ? `; start-at=${run.startAt}` : ''}${run.copiesPerCode > 1 ? `; copies-per-code=${run.copiesPerCode}` : ''}${run.repeat > 1 ? `; repeat=${run.repeat}` : ''}`;
}

/** Where the sheets go: the files as written now (parts, or a scratch PDF for rasters) and the names they end under. */
export interface SheetFiles {
  files: string[];
  finalNames: string[];
}

/**
 * The write stage: the plan's pages built on worker threads and streamed into PDF files (one, or
 * a series of splitPages each), with the manifest's rows as each page lands.
 */
export async function writeSheets(db: Db, plan: ExportPlan, target: SheetFiles, outputs: OutputFiles): Promise<WrittenSheets> {
  const { request, batch, range, template, geometry, pages, splitPages } = plan;
  const metadata = {
    title: `${plan.fields.title || batch.keystr} — batch ${batch.id} ${batch.name}`,
    subject: `${batch.keystandard}:${batch.keystr} codes ${range.from}-${range.to} of batch ${batch.id}`,
    keywords: `qrpack; batch=${batch.id}; range=${range.from}-${range.to}; template=${template.name}${runKeywords(plan.positions.run)}`,
  };
  const labelsOf = pageLabels(db, plan);
  const manifest = plan.manifestFile ? await ManifestFile.open(db, plan, outputs.partFor(plan.manifestFile)) : undefined;
  const started = performance.now();
  const contentBytes = { raw: 0, deflated: 0 };
  const workers = request.workers ?? Math.max(1, os.availableParallelism());
  let pool: PageRenderPool | undefined;
  const written: WrittenFile[] = [];
  try {
    for (let f = 0; f < target.files.length; f++) {
      const firstPage = f * splitPages;
      const lastPage = Math.min(pages, firstPage + splitPages);
      const writer = new PdfSheetWriter(target.files[f]!, geometry, metadata, plan.chars, usedFaces(template));
      const logoName = plan.logo ? writer.useLogo(plan.logo) : undefined;
      if (!pool) {
        const job: SheetJob = {
          template, geometry, ecc: template.qr.ecc, pages, modules: plan.modules, fields: plan.fields, slugPrefix: plan.slugPrefix, logoName,
          fonts: writer.jobFonts,
        };
        pool = new PageRenderPool(job, workers);
      }
      const fileName = path.basename(target.finalNames[f]!);
      // A bounded window of pages in flight keeps both cores busy and memory flat.
      const window: { labels: PageLabel[]; rendered: Promise<RenderedPage> }[] = [];
      const drain = async () => {
        const next = window.shift()!;
        const rendered = await next.rendered;
        contentBytes.raw += rendered.rawBytes;
        contentBytes.deflated += rendered.bytes.byteLength;
        await writer.addPage(rendered);
        await manifest?.addPage(rendered, next.labels, rendered.page - firstPage + 1, fileName);
        request.onProgress?.({ stage: 'writing', done: rendered.page + 1, total: pages });
      };
      for (let page = firstPage; page < lastPage; page++) {
        const labels = labelsOf(page);
        window.push({ labels, rendered: pool.render(page, labels) });
        if (window.length >= workers * 3) await drain();
      }
      while (window.length) await drain();
      await writer.finish();
      written.push({ file: target.files[f]!, name: target.finalNames[f]!, pages: lastPage - firstPage });
    }
  } finally {
    await pool?.close();
    await manifest?.close();
  }
  return { written, writeMs: performance.now() - started, contentBytes };
}

/** The files a plan's sheets go to: a PDF series under part names, or one scratch PDF a raster export renders from. */
export function sheetFiles(plan: ExportPlan, outputs: OutputFiles, scratch: string | undefined): SheetFiles {
  if (plan.format !== 'pdf') return { files: [path.join(scratch!, 'sheets.pdf')], finalNames: [path.join(scratch!, 'sheets.pdf')] };
  const finalNames = seriesNames(plan.out, Math.ceil(plan.pages / plan.splitPages), 'pdf');
  return { files: finalNames.map((name) => outputs.partFor(name)), finalNames };
}

/**
 * The labels a page holds, read from the log: where the page's codes are one run of the batch (in
 * sequence, most pages) in one read, else code by code — each code read once however many of
 * its copies the page holds.
 */
function pageLabels(db: Db, plan: ExportPlan): (page: number) => PageLabel[] {
  const { batch, codes, geometry, positions } = plan;
  const lookup = db.prepare<[number, number, number], Omit<PageLabel, 'label' | 'slot'>>(
    `SELECT seq, extinfo, content, data_json AS data FROM codes WHERE batch_id = ? AND seq BETWEEN ? AND ? AND status = 'issued' ORDER BY seq`,
  );
  const single = db.prepare<[number, number], Omit<PageLabel, 'label' | 'slot'>>(`SELECT seq, extinfo, content, data_json AS data FROM codes WHERE batch_id = ? AND seq = ?`);
  return (page) => {
    const held: { label: number; slot: number; code: number }[] = [];
    for (let slot = 0; slot < geometry.perPage; slot++) {
      const at = positions.at(page, slot);
      if (at) held.push({ label: at.label, slot, code: at.code });
    }
    if (!held.length) return [];
    const first = Math.min(...held.map((h) => h.code));
    const last = Math.max(...held.map((h) => h.code));
    const rows = new Map<number, Omit<PageLabel, 'label' | 'slot'>>();
    if (last - first < geometry.perPage) lookup.all(batch.id, codes.seqAt(first), codes.seqAt(last)).forEach((row, i) => rows.set(first + i, row));
    else for (const { code } of held) if (!rows.has(code)) rows.set(code, single.get(batch.id, codes.seqAt(code))!);
    return held.map(({ label, slot, code }) => ({ label, slot, ...rows.get(code)! }));
  };
}

/** The manifest CSV: a row per label, written as its page lands (awaited: a full disk is an error here). */
class ManifestFile {
  private constructor(
    private readonly handle: fs.promises.FileHandle,
    private readonly plan: ExportPlan,
    private readonly validUntil: string | null,
    private readonly dataColumns: string[],
  ) {}

  private images: string[] | undefined;

  static async open(db: Db, plan: ExportPlan, file: string): Promise<ManifestFile> {
    const handle = await fs.promises.open(file, 'w');
    // Card codes expire: their manifest says until when (the earliest code of the export).
    const validUntil = plan.validUntil?.toISOString() ?? null;
    // A CSV plan's other columns follow, so the manifest says what each label printed.
    const dataColumns = batchColumns(db, plan.batch.id);
    const manifest = new ManifestFile(handle, plan, validUntil, dataColumns);
    // Copies name themselves (copy 2 of 4), so a person tells them apart from a code printed twice by mistake.
    const copyColumns = plan.positions.copied ? ['copy', 'copies'] : [];
    await handle.write(csvRows([], { header: true, columns: [...MANIFEST_COLUMNS, ...copyColumns, ...(validUntil ? ['valid_until'] : []), ...dataColumns] }));
    return manifest;
  }

  async addPage(rendered: RenderedPage, labels: PageLabel[], pageInFile: number, fileName: string): Promise<void> {
    const { positions } = this.plan;
    const rows = rendered.placed.map((p, i) => {
      const label = labels[i]!;
      const at = this.placeOf(p, p.slot, pageInFile, fileName);
      const row: (string | number)[] = [label.extinfo, label.content, at.page, at.index, mm(at.xMm), mm(at.yMm), mm(p.sizeMm), label.seq, at.file];
      if (positions.copied) row.push(positions.at(p.page, p.slot)!.copy, positions.copies);
      if (this.validUntil) row.push(this.validUntil);
      if (this.dataColumns.length) {
        const data = rowColumns(label.data);
        for (const column of this.dataColumns) row.push(data?.[column] ?? '');
      }
      return row;
    });
    await this.handle.write(csvRows(rows));
  }

  /**
   * Where a label is: in a PDF its page in the file, slot and position on the sheet; in a raster
   * export the image it is in — a sheet's (page 1 of it) or its own, with the code's position in
   * the label's image.
   */
  private placeOf(p: RenderedPage['placed'][number], slot: number, pageInFile: number, fileName: string): { page: number; index: number; xMm: number; yMm: number; file: string } {
    const { plan } = this;
    if (plan.format === 'pdf') return { page: pageInFile, index: slot + 1, xMm: p.xMm, yMm: p.yMm, file: fileName };
    const images = (this.images ??= rasterImageNames(plan.request, plan.pages, plan.positions.labels));
    if ((plan.request.rasterScope ?? 'sheet') === 'sheet') return { page: 1, index: slot + 1, xMm: p.xMm, yMm: p.yMm, file: path.basename(images[p.page]!) };
    const origin = slotOrigin(plan.geometry, plan.template, slot);
    return { page: 1, index: 1, xMm: p.xMm - origin.xMm, yMm: p.yMm - origin.yMm, file: path.basename(images[p.label]!) };
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
