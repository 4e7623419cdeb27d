import { fileSha256 } from '../../files/fileDigest';
import { failedName, type OutputFiles } from '../../files/outputFiles';
import type { Db } from '../../store/openStore';
import { isStorageError, LOG_DATABASE, storageError } from '../../store/storageError';
import type { Template } from '../design/template';
import type { ExportPlan, VerifiedExport } from './exportTypes';

/** What the record stage hands back: the files as named in the log, and whether the range was printed before. */
export interface RecordedExport {
  files: { file: string; pages: number; sha256: string; exportId: number }[];
  reprint: boolean;
}

/**
 * The record stage: each file hashed and recorded in the log, then renamed into place. A record
 * that cannot be written (a full data folder) withdraws the files; a rename that fails withdraws
 * the record. Between the two there are only renames, microseconds for a kill to land in.
 */
export async function recordExport(db: Db, plan: ExportPlan, verified: VerifiedExport, outputs: OutputFiles): Promise<RecordedExport> {
  const { batch, range, template, format, positions, verifyMode } = plan;
  // A reprint: some of these codes were printed before onto the same stock (another stock is a
  // first print of its own, e.g. a roll after sheets).
  const earlier = db
    .prepare<[number, number, number], string>(`SELECT template_json FROM exports WHERE batch_id = ? AND range_from <= ? AND range_to >= ?`)
    .pluck()
    .all(batch.id, range.to, range.from);
  const stock = stockKey(template.stock);
  const reprint = earlier.some((json) => stockKey((JSON.parse(json) as Template).stock) === stock);
  // A file that failed its verification never lands under the name an operator would print:
  // it is kept (with its manifest) as NAME.failed.EXT, for a look at what went wrong.
  const failed = verified.failures.length > 0;
  if (failed && plan.manifestFile) outputs.renameFinal(plan.manifestFile, failedName(plan.manifestFile));
  const files: Omit<RecordedExport['files'][number], 'exportId'>[] = [];
  for (const r of verified.files) files.push({ file: failed ? outputs.renameFinal(r.name, failedName(r.name)) : r.name, pages: r.pages, sha256: await fileSha256(r.file) });
  if (failed) for (const failure of verified.failures) failure.file = failedName(failure.file);
  const record = db.prepare(
    `INSERT INTO exports (account_id, batch_id, at, file, sha256, format, pages, range_from, range_to, is_reprint, template_json, labels, verify_mode, verified_labels, verify_failures, start_at, copies_per_code, repeat_count)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let ids: number[];
  try {
    ids = db.transaction(() =>
      files.map((h) =>
        Number(
          record.run(batch.accountId, batch.id, new Date().toISOString(), h.file, h.sha256, format, h.pages, range.from, range.to, reprint ? 1 : 0, JSON.stringify(template), positions.labels, verifyMode, verified.checked, verified.failures.length, positions.run.startAt, positions.run.copiesPerCode, positions.run.repeat)
            .lastInsertRowid,
        ),
      ),
    )();
  } catch (error) {
    if (!isStorageError(error)) throw error;
    throw storageError(error, { en: `the record of this export in ${LOG_DATABASE.en} (the files were not kept)`, 'zh-CN': `${LOG_DATABASE['zh-CN']}中的导出记录(文件未保留)` });
  }
  try {
    outputs.commit();
  } catch (error) {
    const withdraw = db.prepare('DELETE FROM exports WHERE id = ?');
    db.transaction(() => ids.forEach((id) => withdraw.run(id)))();
    throw error;
  }
  return { files: files.map((f, i) => ({ ...f, exportId: ids[i]! })), reprint };
}

/** A stock's identity: a built-in's id, or a custom stock's geometry (its id and name aside). */
function stockKey(stock: Template['stock']): string {
  if (typeof stock === 'string') return stock;
  // Records from before stocks had a kind hold custom stocks without one: die-cut sheets.
  const { id: _id, name: _name, kind, ...rest } = stock;
  const geometry = { ...rest, kind: kind ?? 'sheet' };
  return JSON.stringify(Object.entries(geometry).sort(([a], [b]) => a.localeCompare(b)));
}
