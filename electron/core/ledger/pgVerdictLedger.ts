import type { Push, Verdict, VerdictRow } from '../verdicts/verdictLedger';
import { ledgerError, type LedgerDatabase } from './ledgerDatabase';

/**
 * The verdict of a push from the shared ledger on PostgreSQL, recorded once: the same rules as the
 * SQLite ledger (`real` issued for that product, active and not a tester code; `not_active`
 * issued; `fake` anything else). One round trip per push: the lookup, the insert and the answer
 * of an earlier identical push are one statement.
 */
export class PgVerdictLedger {
  constructor(private readonly ledger: LedgerDatabase) {}

  async answer(push: Push): Promise<Verdict> {
    const values = [push.fromUser, push.createTime, push.keystandard, push.keystr, push.extinfo];
    try {
      const { rows } = await this.ledger.pool.query<{ result: Verdict }>({
        name: 'qrpack-verdict',
        text: `WITH found AS (
                 SELECT CASE WHEN active_at IS NOT NULL AND NOT test THEN 'real' ELSE 'not_active' END AS result
                 FROM ledger_codes WHERE keystandard = $3 AND keystr = $4 AND extinfo = $5),
               recorded AS (
                 INSERT INTO ledger_verdicts (from_user, create_time, keystandard, keystr, extinfo, result)
                 VALUES ($1, $2, $3, $4, $5, coalesce((SELECT result FROM found), 'fake'))
                 ON CONFLICT (from_user, create_time) DO NOTHING RETURNING result)
               SELECT result FROM recorded
               UNION ALL SELECT result FROM ledger_verdicts WHERE from_user = $1 AND create_time = $2
               LIMIT 1`,
        values,
      });
      if (rows[0]) return rows[0].result;
      // The same push answered by another server at this instant: its row was committed after
      // this statement's snapshot, so a new statement reads it.
      const earlier = await this.ledger.pool.query<{ result: Verdict }>('SELECT result FROM ledger_verdicts WHERE from_user = $1 AND create_time = $2', [push.fromUser, push.createTime]);
      return earlier.rows[0]!.result;
    } catch (error) {
      throw ledgerError(error, this.ledger.where);
    }
  }

  /** The newest verdicts first, each with its code's scan counts (as the SQLite ledger lists them). */
  async list(limit = 100_000): Promise<VerdictRow[]> {
    try {
      const { rows } = await this.ledger.pool.query<VerdictRow & { at: Date }>(
        `SELECT v.id::float8 AS id, v.at, v.from_user AS "fromUser", v.create_time::float8 AS "createTime", v.keystandard, v.keystr, v.extinfo, v.result,
           s.scans::integer AS scans, s.scanners::integer AS scanners
         FROM (SELECT * FROM ledger_verdicts ORDER BY id DESC LIMIT $1) v
         CROSS JOIN LATERAL (SELECT count(*) AS scans, count(DISTINCT from_user) AS scanners FROM ledger_verdicts w
           WHERE w.keystandard = v.keystandard AND w.keystr = v.keystr AND w.extinfo = v.extinfo) s
         ORDER BY v.id DESC`,
        [limit],
      );
      return rows.map((row) => ({ ...row, at: row.at.toISOString() }));
    } catch (error) {
      throw ledgerError(error, this.ledger.where);
    }
  }
}
