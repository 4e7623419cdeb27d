import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { cellText } from '../../csv/csvWriter';
import { AppError } from '../../appError';
import { fileSha256 } from '../../files/fileDigest';
import type { Db } from '../../store/openStore';
import type { VerifyFailure } from '../export/exportTypes';
import { sheetGeometry } from '../design/labelLayout';
import { gs1Fields } from '../design/labelData';
import { openRasterPdf } from './pdfRasterizer';
import { ExportCodes } from '../export/exportCodes';
import { LabelPositions } from '../export/labelPositions';
import { encodeQr } from '../symbols/qrEncoder';
import { verifyPdfLabels } from './sheetVerification';
import { resolveStock, type Template } from '../design/template';
import { counted } from '../../../../shared/text';

export interface ExportCheck {
  exportId: number;
  batchId: number;
  file: string;
  /** The file is byte for byte what QR Pack wrote (else: changed since, e.g. by a prepress step). */
  unchanged: boolean;
  checked: number;
  failures: VerifyFailure[];
}

interface ExportRow {
  id: number;
  batch_id: number;
  at: string;
  file: string;
  sha256: string;
  format: string;
  pages: number;
  range_from: number;
  range_to: number;
  labels: number;
  template_json: string;
  start_at: number;
  copies_per_code: number;
  repeat_count: number;
}

/** A batch's kind and options (a GS1 Digital Link batch's are what its codes are checked against). */
function batchKind(db: Db, batchId: number): { kind: string; options: Record<string, unknown> } {
  const row = db.prepare<[number], { kind: string; options_json: string }>(`SELECT kind, options_json FROM batches WHERE id = ?`).get(batchId)!;
  return { kind: row.kind, options: JSON.parse(row.options_json) as Record<string, unknown> };
}

/** The export `file` came from: by its content, else its path, else (with a manifest) the export the manifest describes, else its name. */
function findExport(db: Db, accountId: string, file: string, digest: string, manifest: string | undefined, exportId: number | undefined): ExportRow {
  const rows = db.prepare<[string], ExportRow>(`SELECT * FROM exports WHERE account_id = ? AND format = 'pdf' ORDER BY id DESC`).all(accountId);
  const found =
    (exportId !== undefined ? rows.find((r) => r.id === exportId) : undefined) ??
    rows.find((r) => r.sha256 === digest) ??
    rows.find((r) => path.resolve(r.file) === path.resolve(file)) ??
    (manifest !== undefined ? describedBy(db, rows, file, manifest) : rows.find((r) => path.basename(r.file) === path.basename(file)));
  if (!found) {
    throw new AppError('not_found', {
      en: `${file} is not a PDF exported from this data folder's log (no export has its content or its name). Give --manifest with the export's manifest if the file was renamed.`,
      'zh-CN': `${file} 不是从此数据文件夹的日志导出的 PDF(没有导出记录的内容或文件名与之相符)。如文件已改名,请用 --manifest 给出该次导出的清单。`,
    });
  }
  return found;
}

/**
 * The export a manifest describes, by what it lists — its codes (the batch), their positions (the
 * range) and how many — never by the file name alone: two exports may share a name in different
 * folders. Of a split export's files, the one named like `file` (or the manifest's first).
 */
function describedBy(db: Db, rows: ExportRow[], file: string, manifest: string): ExportRow | undefined {
  let labels: { content?: string; seq?: string; file?: string }[];
  try {
    labels = parse(fs.readFileSync(manifest, 'utf8'), { columns: true }) as typeof labels;
  } catch {
    labels = [];
  }
  if (!labels[0]?.file || !labels[0].content || !labels[0].seq) {
    throw new AppError('invalid_argument', { en: `${manifest} is not a QR Pack manifest (no content, seq and file columns).`, 'zh-CN': `${manifest} 不是 QR Pack 清单(没有 content、seq 和 file 列)。` });
  }
  const batchId = db.prepare<[string], number>('SELECT batch_id FROM codes WHERE content = ? LIMIT 1').pluck().get(cellText(labels[0].content));
  const seqs = labels.map((l) => Number(l.seq));
  const from = Math.min(...seqs);
  const to = Math.max(...seqs);
  const same = rows.filter((r) => r.batch_id === batchId && r.range_from <= from && r.range_to >= to && r.labels === labels.length);
  const named = path.basename(file);
  return same.find((r) => path.basename(r.file) === named) ?? same.find((r) => path.basename(r.file) === cellText(labels[0]!.file!)) ?? same[0];
}

/**
 * Verifies a PDF QR Pack exported earlier — or the file a prepress step handed back, with the same
 * pages and positions — against the log: every label's code rendered as a PDF renderer draws it,
 * decoded on its own, and compared with the code logged for that position.
 */
export async function checkExportedFile(db: Db, accountId: string, file: string, options: { manifest?: string; exportId?: number } = {}): Promise<ExportCheck> {
  if (!fs.existsSync(file)) throw new AppError('not_found', { en: `There is no file ${file}.`, 'zh-CN': `文件 ${file} 不存在。` });
  const digest = await fileSha256(file);
  const record = findExport(db, accountId, file, digest, options.manifest, options.exportId);
  // A split export is several files recorded together: this one starts after its siblings' pages.
  const siblings = db
    .prepare<[number, string, number, number], { id: number; pages: number }>(`SELECT id, pages FROM exports WHERE batch_id = ? AND at = ? AND range_from = ? AND range_to = ? AND format = 'pdf' ORDER BY id`)
    .all(record.batch_id, record.at, record.range_from, record.range_to);
  const firstPage = siblings.filter((s) => s.id < record.id).reduce((sum, s) => sum + s.pages, 0);

  const pdf = await openRasterPdf(file).catch(() => {
    throw new AppError('invalid_argument', { en: `${file} cannot be read as a PDF.`, 'zh-CN': `${file} 无法作为 PDF 读取。` });
  });
  const pages = pdf.pages;
  await pdf.close();
  if (pages !== record.pages) {
    throw new AppError('invalid_argument', {
      en: `${file} has ${counted(pages, 'page')}; the export it matches (${path.basename(record.file)}) had ${record.pages}: not the same pages and positions.`,
      'zh-CN': `${file} 有 ${pages} 页;与之对应的导出(${path.basename(record.file)})有 ${record.pages} 页:页面与位置不一致。`,
    });
  }
  const template = JSON.parse(record.template_json) as Template;
  const geometry = sheetGeometry(template, resolveStock(template));
  const maxContent = db
    .prepare<[number, number, number], number>(`SELECT max(length(content)) FROM codes WHERE batch_id = ? AND seq BETWEEN ? AND ? AND status = 'issued'`)
    .pluck()
    .get(record.batch_id, record.range_from, record.range_to)!;
  const modules = encodeQr('x'.repeat(maxContent), template.qr.ecc).size;
  const codes = ExportCodes.of(db, record.batch_id, { from: record.range_from, to: record.range_to });
  // The positions the export used: its first label on the first sheet, its copies.
  const positions = new LabelPositions(codes.count, geometry.perPage, template.order, { startAt: record.start_at, copiesPerCode: record.copies_per_code, repeat: record.repeat_count });
  const result = await verifyPdfLabels(db, [{ file, name: file, pages }], {
    template,
    geometry,
    positions,
    modules,
    batchId: record.batch_id,
    codes,
    mode: 'full',
    firstPage,
    gs1: gs1Fields(batchKind(db, record.batch_id)),
  });
  return { exportId: record.id, batchId: record.batch_id, file, unchanged: digest === record.sha256, checked: result.checked, failures: result.failures };
}
