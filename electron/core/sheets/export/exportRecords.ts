import type { Db } from '../../store/openStore';

/** The exports and reprints in the log, newest first. */
export function listExportRecords(db: Db, accountId: string, batchId?: number) {
  const rows = db
    .prepare<(string | number)[], Record<string, string | number>>(
      `SELECT * FROM exports WHERE account_id = ? ${batchId === undefined ? '' : 'AND batch_id = ?'} ORDER BY id DESC LIMIT 1000`,
    )
    .all(...(batchId === undefined ? [accountId] : [accountId, batchId]));
  return rows.map((r) => ({
    id: Number(r.id),
    batchId: Number(r.batch_id),
    at: String(r.at),
    file: String(r.file),
    sha256: String(r.sha256),
    format: String(r.format),
    pages: Number(r.pages),
    labels: Number(r.labels),
    rangeFrom: Number(r.range_from),
    rangeTo: Number(r.range_to),
    reprint: r.is_reprint === 1,
    template: String(r.template_json),
    verifyMode: String(r.verify_mode),
    verifiedLabels: Number(r.verified_labels),
    verifyFailures: Number(r.verify_failures),
    startAt: Number(r.start_at),
    copiesPerCode: Number(r.copies_per_code),
    repeat: Number(r.repeat_count),
  }));
}
