import type { Db } from '../store/openStore';

/** One issued product code as the shared ledger holds it. */
export interface LedgerCode {
  keystandard: string;
  keystr: string;
  extinfo: string;
  /** What the printed QR code holds (the URL WeChat gave): two stations agree on a code only if it is the same. */
  content: string;
  test: boolean;
  activeAt: string | null;
}

/** Rows per read and per statement sent to the ledger: bounded memory whatever the log's size. */
export const LEDGER_CHUNK = 5_000;

/**
 * The account's issued product codes (optionally one batch's), in chunks read by key so memory
 * stays flat over a log of millions. Jump and card codes have no anti-fake verdict.
 */
export function* stationCodes(db: Db, accountId: string, batchId?: number): Generator<LedgerCode[]> {
  const read = db.prepare<[string, number | null, number | null, number, number], { id: number; keystandard: string; keystr: string; extinfo: string; content: string; test: number; activeAt: string | null }>(
    `SELECT c.id, c.keystandard, c.keystr, c.extinfo, c.content, b.is_test AS test, c.active_at AS activeAt
     FROM codes c JOIN batches b ON b.id = c.batch_id
     WHERE c.account_id = ? AND (? IS NULL OR c.batch_id = ?) AND c.id > ? AND c.status = 'issued' AND b.kind = 'product'
     ORDER BY c.id LIMIT ?`,
  );
  let after = 0;
  for (;;) {
    const rows = read.all(accountId, batchId ?? null, batchId ?? null, after, LEDGER_CHUNK);
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    yield rows.map((r) => ({ keystandard: r.keystandard, keystr: r.keystr, extinfo: r.extinfo, content: r.content, test: r.test === 1, activeAt: r.activeAt }));
  }
}
