import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BatchRepo } from '../../issuing/batchRepo';
import { OutputFiles } from '../../files/outputFiles';
import type { Db } from '../../store/openStore';
import { isStorageError, storageError } from '../../store/storageError';
import type { FitSample } from '../design/designFit';
import { firstLabelFields, gs1Fields, labelFieldList, sampleFields } from '../design/labelData';
import { checkExportedFile, type ExportCheck } from '../verify/exportCheck';
import { verifyWorkers } from '../verify/sheetVerification';
import { VerifyPool } from '../verify/verifyPool';
import type { PicCache } from '../writers/raster/picCache';
import { listExportRecords } from './exportRecords';
import type { ExportRequest, ExportResult, ProductFields, ProductOwner } from './exportTypes';
import { planExport } from './planExport';
import { recordExport } from './recordExport';
import type { Language } from '../../../../shared/text';
import { renderPreview } from './sheetPreview';
import { verifyExport } from './verifyExport';
import { sheetFiles, writeSheets } from './writeSheets';

/**
 * Turns codes from the log into print files — PDF, or PNG / TIFF rendered from it — offline, and
 * records them, in four stages: plan → write → verify → record (a file each, types in exportTypes).
 * Preview, verification, rasters and the records each live in a file of their own.
 */
export class ExportService {
  constructor(
    private readonly db: Db,
    private readonly batches: BatchRepo,
    /** The product page's fields from the local cache (null when this computer never read it). */
    private readonly productOf: (product: ProductOwner) => ProductFields | null,
    private readonly pics: PicCache,
    /** The user's language, for the stand-in values shown without a batch. */
    private readonly language: () => Language,
  ) {}

  /** A PNG of one page as it will print (see sheetPreview). */
  preview(request: Parameters<typeof renderPreview>[3]) {
    return renderPreview(this.db, this.batches, this.productOf, request, this.language());
  }

  /** The placeholders a design can print for a batch (or in general), with the values its first label gets. */
  labelFields(batchId?: number) {
    const batch = batchId === undefined ? undefined : this.batches.get(batchId);
    return labelFieldList(this.db, batch, this.fieldsOf(batch));
  }

  /** The label a designer checks a change against: the batch's first (or the sample) values, with a code of `modules` a side. */
  designSample(batchId: number | undefined, modules: number): FitSample {
    const batch = batchId === undefined ? undefined : this.batches.get(batchId);
    return { fields: firstLabelFields(this.db, batch, this.fieldsOf(batch)), modules };
  }

  private fieldsOf(batch: ReturnType<BatchRepo['get']> | undefined) {
    const cached = batch?.kind === 'product' ? this.productOf(batch) : null;
    return batch
      ? { keystr: batch.keystr, title: cached?.title ?? '', batch: batch.name, date: new Date().toISOString().slice(0, 10), product: cached?.product ?? {}, gs1: gs1Fields(batch) }
      : sampleFields(this.language());
  }

  /** The exports and reprints in the log, newest first. */
  records(accountId: string, batchId?: number) {
    return listExportRecords(this.db, accountId, batchId);
  }

  /** Verifies a PDF exported earlier (or handed back by prepress) label by label against the log. */
  verifyFile(accountId: string, file: string, options: { manifest?: string; exportId?: number } = {}): Promise<ExportCheck> {
    return checkExportedFile(this.db, accountId, file, options);
  }

  async export(request: ExportRequest): Promise<ExportResult> {
    const plan = await planExport(this.db, this.batches, this.productOf, request);
    const outputs = new OutputFiles();
    // Rasters are rendered from a PDF kept in a temporary folder of its own, removed at the end.
    const scratch = plan.format === 'pdf' ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'qrpack-export-'));
    // A PDF's verify workers start with the export, so PDFium and zxing load while pages are written
    // (all but the last: see verifyWorkers).
    const workers = plan.request.workers === undefined ? verifyWorkers() : { count: plan.request.workers, whileWriting: plan.request.workers };
    const verifiers = plan.format === 'pdf' && plan.verifyMode !== 'off' ? new VerifyPool(workers.count, workers.whileWriting) : undefined;
    try {
      const sheets = await writeSheets(this.db, plan, sheetFiles(plan, outputs, scratch), outputs);
      const verified = await verifyExport(this.db, this.pics, plan, sheets, outputs, verifiers);
      const recorded = await recordExport(this.db, plan, verified, outputs);
      return {
        files: recorded.files,
        pages: plan.pages,
        labels: plan.positions.labels,
        reprint: recorded.reprint,
        verify: { mode: plan.verifyMode, checked: verified.checked, failures: verified.failures },
        timings: { writeMs: sheets.writeMs, verifyMs: verified.verifyMs },
        contentBytes: sheets.contentBytes,
        partial: plan.codes.partial ? { printed: plan.codes.count, planned: plan.planned } : null,
        warnings: plan.warnings,
      };
    } catch (error) {
      outputs.discard();
      throw isStorageError(error) ? storageError(error, { en: `the export (${plan.out})`, 'zh-CN': `导出文件(${plan.out})` }) : error;
    } finally {
      await verifiers?.close();
      if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
}
