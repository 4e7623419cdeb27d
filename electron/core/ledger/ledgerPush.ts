import { ledgerError, type LedgerDatabase } from './ledgerDatabase';
import { acceptClaim, completeClaim } from './ledgerEnrolment';
import type { PushClaim } from './pushClaim';
import type { LedgerCode } from './stationCodes';

/** A code the ledger refused: another station holds it for the same product with other content. */
export interface LedgerConflict {
  keystandard: string;
  keystr: string;
  extinfo: string;
  heldBy: string;
}

export interface LedgerPushReport {
  /** The station as the ledger enrolled it, and the number of this push or file. */
  station: string;
  seq: number;
  codes: number;
  /** New to the ledger. */
  added: number;
  /** Held by this station already; their activation (or tester mark) changed. */
  updated: number;
  /** Already there as they are (pushed before, or the same code from another station). */
  unchanged: number;
  refused: number;
  /** The refused codes, the first LISTED_CONFLICTS of them. */
  conflicts: LedgerConflict[];
}

const LISTED_CONFLICTS = 10_000;

/**
 * Sends a station's codes to the ledger, chunk by chunk, each chunk committed on its own: a push
 * cut short (a kill, a lost network) is completed by pushing again, and pushing twice changes
 * nothing. A code is held by the station that first pushed it; only that station changes its
 * activation. A code another station holds with different content is refused and listed.
 */
export async function pushToLedger(
  ledger: LedgerDatabase,
  claim: PushClaim,
  sandboxAppId: string,
  chunks: Iterable<LedgerCode[]> | AsyncIterable<LedgerCode[]>,
): Promise<LedgerPushReport> {
  const station = await acceptClaim(ledger, claim, sandboxAppId);
  const report: LedgerPushReport = { station, seq: claim.seq, codes: 0, added: 0, updated: 0, unchanged: 0, refused: 0, conflicts: [] };
  try {
    for await (const chunk of chunks) {
      const columns = [
        chunk.map((c) => c.keystandard),
        chunk.map((c) => c.keystr),
        chunk.map((c) => c.extinfo),
        chunk.map((c) => c.content),
        chunk.map((c) => c.test),
        chunk.map((c) => c.activeAt),
      ];
      const written = await ledger.pool.query<{ added: boolean }>({
        name: 'qrpack-push',
        text: `INSERT INTO ledger_codes (keystandard, keystr, extinfo, content, test, active_at, station, pushed_at, appid)
               SELECT i.*, $7, now(), $8 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::timestamptz[]) AS i
               ON CONFLICT (keystandard, keystr, extinfo) DO UPDATE
                 SET active_at = EXCLUDED.active_at, test = EXCLUDED.test, pushed_at = EXCLUDED.pushed_at, appid = EXCLUDED.appid
                 WHERE ledger_codes.station = EXCLUDED.station AND ledger_codes.content = EXCLUDED.content
                   AND (ledger_codes.active_at IS DISTINCT FROM EXCLUDED.active_at OR ledger_codes.test <> EXCLUDED.test
                     OR ledger_codes.appid IS DISTINCT FROM EXCLUDED.appid)
               RETURNING (xmax = 0) AS added`,
        values: [...columns, claim.station, claim.appid],
      });
      // A new statement: it sees codes other stations committed while this chunk was written.
      const refused = await ledger.pool.query<LedgerConflict>({
        name: 'qrpack-push-conflicts',
        text: `SELECT i.keystandard, i.keystr, i.extinfo, s.name AS "heldBy"
               FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS i(keystandard, keystr, extinfo, content)
               JOIN ledger_codes c USING (keystandard, keystr, extinfo)
               JOIN ledger_stations s ON s.station = c.station
               WHERE c.content <> i.content`,
        values: columns.slice(0, 4),
      });
      const added = written.rows.filter((r) => r.added).length;
      report.codes += chunk.length;
      report.added += added;
      report.updated += written.rows.length - added;
      report.refused += refused.rows.length;
      report.unchanged += chunk.length - written.rows.length - refused.rows.length;
      report.conflicts.push(...refused.rows.slice(0, LISTED_CONFLICTS - report.conflicts.length));
    }
    await completeClaim(ledger, claim, report.codes);
    return report;
  } catch (error) {
    throw ledgerError(error, ledger.where);
  }
}
