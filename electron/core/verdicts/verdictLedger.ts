import type { Db } from '../store/openStore';
import { CardEventLog, type CardEvent } from './cardEvents';

export type Verdict = 'real' | 'fake' | 'not_active';
/**
 * What a scan is answered: a verdict, or `no_code` for a scan that carries no code (no ExtInfo —
 * the pack's barcode opens the product page too). Such a scan is recorded and answered "success"
 * (no anti-fake result shown): nothing was scanned that could be judged, and a customer who
 * scanned the barcode must never read "fake".
 */
export type ScanAnswer = Verdict | 'no_code';

export interface Push {
  fromUser: string;
  createTime: number;
  keystandard: string;
  keystr: string;
  /** Empty when the push carried no ExtInfo. */
  extinfo: string;
}

export interface VerdictRow extends Push {
  id: number;
  at: string;
  result: ScanAnswer;
  /** Scans of the same code so far, and by how many different users. */
  scans: number;
  scanners: number;
}

/** A code scanned by this many different users or more is flagged: one label, many hands. */
export const SUSPICIOUS_SCANNERS = 5;

/** What the message server answers from: the SQLite log here, or the shared ledger on PostgreSQL. */
export interface VerdictSource {
  answer(push: Push): ScanAnswer | Promise<ScanAnswer>;
  /** Records a card event (claim, use, deletion) once; true when it was new. */
  cardEvent(event: CardEvent): boolean | Promise<boolean>;
}

/**
 * The verdict of a scan from the code log of the account being served (a sandbox code never
 * answers for a real account): `real` when the code was issued for that product and activated,
 * `not_active` when issued but not activated (tester codes never get further), `fake` for anything
 * else — an unknown extinfo, or a known one under another product.
 */
export class VerdictLedger implements VerdictSource {
  private readonly lookup;
  private readonly recorded;
  private readonly record;
  readonly cardEvents: CardEventLog;

  constructor(
    private readonly db: Db,
    private readonly accountId: () => string,
  ) {
    this.cardEvents = new CardEventLog(db, accountId);
    this.lookup = db.prepare<[string, string, string, string], { active: number; test: number }>(
      `SELECT c.active_at IS NOT NULL AS active, b.is_test AS test FROM codes c JOIN batches b ON b.id = c.batch_id
       WHERE c.account_id = ? AND c.keystandard = ? AND c.keystr = ? AND c.extinfo = ? AND c.status = 'issued' AND b.kind = 'product'`,
    );
    this.recorded = db.prepare<[string, number, string, string, string], { result: ScanAnswer }>(
      'SELECT result FROM verdicts WHERE from_user = ? AND create_time = ? AND keystandard = ? AND keystr = ? AND extinfo = ?',
    );
    this.record = db.prepare(
      `INSERT INTO verdicts (at, from_user, create_time, keystandard, keystr, extinfo, result) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (from_user, create_time, keystandard, keystr, extinfo) DO NOTHING`,
    );
  }

  verdictOf(keystandard: string, keystr: string, extinfo: string): Verdict {
    const code = this.lookup.get(this.accountId(), keystandard, keystr, extinfo);
    if (!code) return 'fake';
    return code.active && !code.test ? 'real' : 'not_active';
  }

  /**
   * Answers a push, recorded once: a retry — the same push again, user, time and code alike — gets
   * the answer first given; a scan of another code in the same second is a scan of its own.
   */
  answer(push: Push): ScanAnswer {
    return this.db.transaction(() => {
      const earlier = this.recorded.get(push.fromUser, push.createTime, push.keystandard, push.keystr, push.extinfo);
      if (earlier) return earlier.result;
      const result: ScanAnswer = push.extinfo === '' ? 'no_code' : this.verdictOf(push.keystandard, push.keystr, push.extinfo);
      this.record.run(new Date().toISOString(), push.fromUser, push.createTime, push.keystandard, push.keystr, push.extinfo, result);
      return result;
    }).immediate();
  }

  cardEvent(event: CardEvent): boolean {
    return this.cardEvents.add(event);
  }

  /** The newest verdicts first, each with its code's scan counts. */
  list(limit = 100_000): VerdictRow[] {
    return this.db
      .prepare<[number], VerdictRow>(
        `SELECT v.id, v.at, v.from_user AS fromUser, v.create_time AS createTime, v.keystandard, v.keystr, v.extinfo, v.result,
           (SELECT count(*) FROM verdicts w WHERE w.keystandard = v.keystandard AND w.keystr = v.keystr AND w.extinfo = v.extinfo) AS scans,
           (SELECT count(DISTINCT from_user) FROM verdicts w WHERE w.keystandard = v.keystandard AND w.keystr = v.keystr AND w.extinfo = v.extinfo) AS scanners
         FROM verdicts v ORDER BY v.id DESC LIMIT ?`,
      )
      .all(limit);
  }
}
