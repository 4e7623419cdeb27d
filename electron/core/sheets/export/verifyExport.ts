import type { Db } from '../../store/openStore';
import { verifyPdfLabels } from '../verify/sheetVerification';
import type { VerifyPool } from '../verify/verifyPool';
import type { PicCache } from '../writers/raster/picCache';
import { imageFiles, rasteriseExport } from '../writers/raster/rasterExport';
import { zplLabels } from '../writers/zpl/zplLabels';
import type { OutputFiles } from '../../files/outputFiles';
import type { ExportPlan, VerifiedExport, VerifyFailure, WrittenSheets } from './exportTypes';

/**
 * The verify stage: a PDF's labels decoded from the written files; a raster export (PNG, TIFF,
 * ZPL) rendered from its scratch PDF into 1-bit images, each decoded as it is written (the images,
 * or the ZPL made of them, replace the PDF).
 */
export async function verifyExport(db: Db, pics: PicCache, plan: ExportPlan, sheets: WrittenSheets, outputs: OutputFiles, pool?: VerifyPool): Promise<VerifiedExport> {
  const { request, template, geometry, positions, modules, batch, codes, verifyMode: mode } = plan;
  const count = positions.labels;
  const started = performance.now();
  const failures: VerifyFailure[] = [];
  let checked = 0;
  if (mode !== 'off' && plan.format === 'pdf') {
    const result = await verifyPdfLabels(db, sheets.written, { template, geometry, positions, modules, batchId: batch.id, codes, mode, onProgress: request.onProgress, workers: request.workers, pool, gs1: plan.fields.gs1 });
    checked = result.checked;
    failures.push(...result.failures);
  }
  const verifyMs = performance.now() - started;
  if (plan.format === 'pdf') return { files: sheets.written, checked, failures, verifyMs };
  // Rasters go to the writer of their format: image files, or a ZPL file's labels.
  const output =
    plan.format === 'zpl'
      ? zplLabels(plan.out, outputs, { printerDpi: template.printerDpi, count, batchId: batch.id })
      : imageFiles({ ...request, out: plan.out }, outputs, { pages: positions.pages, count });
  const rasters = await rasteriseExport(db, pics, sheets.written[0]!.file, { ...request, out: plan.out }, output, { geometry, positions, modules, batchId: batch.id, codes, mode, gs1: plan.fields.gs1 });
  return { files: rasters.outputs, checked: rasters.checked, failures: rasters.failures, verifyMs };
}
