import type { CardClaims, CardEvent } from '../verdicts/cardEvents';
import type { Push, ScanAnswer, VerdictRow, VerdictSource } from '../verdicts/verdictLedger';
import { ledgerError, type LedgerDatabase } from './ledgerDatabase';
import { ledgerAppId } from './ledgerEnrolment';

/** Pushes answered by one statement at most, and statements in flight at once. */
const GROUP_MAX = 256;
const GROUPS_IN_FLIGHT = 4;

interface Waiting {
  push: Push;
  resolve(verdict: ScanAnswer): void;
  reject(error: unknown): void;
}

/**
 * The verdict of a push from the shared ledger on PostgreSQL, recorded once: the same rules as the
 * SQLite ledger (`real` issued for that product, active and not a tester code; `not_active`
 * issued; `fake` anything else). Pushes that arrive while statements are in flight are answered
 * together by the next one — lookup, record and the answer of an earlier identical push in one
 * round trip and one commit (group commit: each answer still waits for its own record to commit).
 */
export class PgVerdictLedger implements VerdictSource {
  private queue: Waiting[] = [];
  private inFlight = 0;
  /** Only codes issued under the ledger's own AppID answer: another's (the sandbox's) are `fake`. */
  readonly appid: string;

  constructor(private readonly ledger: LedgerDatabase) {
    this.appid = ledgerAppId(ledger);
  }

  answer(push: Push): Promise<ScanAnswer> {
    return new Promise((resolve, reject) => {
      this.queue.push({ push, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < GROUPS_IN_FLIGHT && this.queue.length > 0) {
      const group = this.queue.splice(0, GROUP_MAX);
      this.inFlight++;
      this.answerGroup(group.map((w) => w.push)).then(
        (verdicts) => group.forEach((w, i) => w.resolve(verdicts[i]!)),
        (error: unknown) => {
          const told = ledgerError(error, this.ledger.where);
          group.forEach((w) => w.reject(told));
        },
      ).finally(() => {
        this.inFlight--;
        this.flush();
      });
    }
  }

  private async answerGroup(pushes: Push[]): Promise<ScanAnswer[]> {
    const { rows } = await this.ledger.pool.query<{ result: ScanAnswer | null }>({
      name: 'qrpack-verdicts',
      text: `WITH incoming AS (
               SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY
                 AS i(from_user, create_time, keystandard, keystr, extinfo, n)),
             judged AS (
               SELECT i.*, CASE WHEN i.extinfo = '' THEN 'no_code' WHEN c.keystr IS NULL THEN 'fake' WHEN c.active_at IS NOT NULL AND NOT c.test THEN 'real' ELSE 'not_active' END AS result
               FROM incoming i LEFT JOIN ledger_codes c
                 ON c.keystandard = i.keystandard AND c.keystr = i.keystr AND c.extinfo = i.extinfo AND c.appid = $6),
             recorded AS (
               INSERT INTO ledger_verdicts (from_user, create_time, keystandard, keystr, extinfo, result)
               SELECT from_user, create_time, keystandard, keystr, extinfo, result FROM judged ORDER BY n
               ON CONFLICT (from_user, create_time, keystandard, keystr, extinfo) DO NOTHING
               RETURNING from_user, create_time, keystandard, keystr, extinfo, result)
           SELECT coalesce(r.result, e.result) AS result FROM judged j
           LEFT JOIN recorded r USING (from_user, create_time, keystandard, keystr, extinfo)
           LEFT JOIN ledger_verdicts e ON (e.from_user, e.create_time, e.keystandard, e.keystr, e.extinfo) = (j.from_user, j.create_time, j.keystandard, j.keystr, j.extinfo)
           ORDER BY j.n`,
      values: [pushes.map((p) => p.fromUser), pushes.map((p) => p.createTime), pushes.map((p) => p.keystandard), pushes.map((p) => p.keystr), pushes.map((p) => p.extinfo), this.appid],
    });
    const verdicts = rows.map((row) => row.result);
    // A push another server recorded at this instant: its row was committed after this
    // statement's snapshot (so neither join saw it), and a new statement reads it.
    for (const [i, verdict] of verdicts.entries()) {
      if (verdict !== null) continue;
      const p = pushes[i]!;
      const earlier = await this.ledger.pool.query<{ result: ScanAnswer }>(
        'SELECT result FROM ledger_verdicts WHERE from_user = $1 AND create_time = $2 AND keystandard = $3 AND keystr = $4 AND extinfo = $5',
        [p.fromUser, p.createTime, p.keystandard, p.keystr, p.extinfo],
      );
      verdicts[i] = earlier.rows[0]!.result;
    }
    return verdicts as ScanAnswer[];
  }

  /** Records a card event once (a retry is the same push again); true when it was new. */
  async cardEvent(event: CardEvent): Promise<boolean> {
    try {
      const { rowCount } = await this.ledger.pool.query(
        `INSERT INTO ledger_card_events (from_user, create_time, event, card_id, user_card_code, outer_str, given_by, old_code)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [event.fromUser, event.createTime, event.event, event.cardId, event.userCardCode, event.outerStr, event.givenBy, event.oldCode],
      );
      return rowCount === 1;
    } catch (error) {
      throw ledgerError(error, this.ledger.where);
    }
  }

  /**
   * Claims, gifts, uses and deletions per print run. The ledger holds no station's batches: a print
   * run is its card and outer_str, and a gift, a use or a deletion counts for the run its card was
   * first claimed through.
   */
  async claims(cardId?: string): Promise<CardClaims[]> {
    try {
      const { rows } = await this.ledger.pool.query<CardClaims>(
        `WITH origins AS (
           SELECT e.*, coalesce(e.old_code,
             (SELECT g.old_code FROM ledger_card_events g WHERE g.event = 'claim' AND g.given_by IS NOT NULL AND g.card_id = e.card_id
                AND g.user_card_code = e.user_card_code ORDER BY g.id LIMIT 1), e.user_card_code) AS origin
           FROM ledger_card_events e WHERE $1::text IS NULL OR e.card_id = $1),
         runs AS (
           SELECT o.*, coalesce(
             (SELECT c.outer_str FROM ledger_card_events c WHERE c.event = 'claim' AND c.given_by IS NULL AND c.card_id = o.card_id
                AND c.user_card_code = o.origin ORDER BY c.id LIMIT 1), o.outer_str) AS run
           FROM origins o)
         SELECT NULL::integer AS "batchId", NULL::text AS "batchName", card_id AS "cardId", run AS "outerStr",
           count(*) FILTER (WHERE event = 'claim' AND given_by IS NULL)::integer AS claims,
           count(*) FILTER (WHERE event = 'claim' AND given_by IS NOT NULL)::integer AS gifts,
           count(*) FILTER (WHERE event = 'consume')::integer AS consumed,
           count(*) FILTER (WHERE event = 'delete')::integer AS deleted
         FROM runs GROUP BY card_id, run ORDER BY card_id, run`,
        [cardId ?? null],
      );
      return rows;
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
