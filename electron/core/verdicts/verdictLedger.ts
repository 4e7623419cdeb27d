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
/** A code scanned by this many different users or more is ranked among the clone suspects. */
export const SUSPECT_MIN_SCANNERS = 2;

/** The scans of one day (local time), by answer. */
export interface ScanDay {
  day: string;
  real: number;
  not_active: number;
  fake: number;
  no_code: number;
}

/** A code scanned by several different users: a label copied, or goods passed on. */
export interface CloneSuspect {
  keystandard: string;
  keystr: string;
  extinfo: string;
  scans: number;
  scanners: number;
  lastAt: string;
  /** The answer its latest scan got. */
  result: ScanAnswer;
}

export interface CodeRef {
  keystandard: string;
  keystr: string;
  extinfo: string;
}

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

  /** The newest verdicts first (of one code, when given), each with its code's scan counts. */
  list(limit = 100_000, code?: CodeRef): VerdictRow[] {
    const columns = `v.id, v.at, v.from_user AS fromUser, v.create_time AS createTime, v.keystandard, v.keystr, v.extinfo, v.result,
      (SELECT count(*) FROM verdicts w WHERE w.keystandard = v.keystandard AND w.keystr = v.keystr AND w.extinfo = v.extinfo) AS scans,
      (SELECT count(DISTINCT from_user) FROM verdicts w WHERE w.keystandard = v.keystandard AND w.keystr = v.keystr AND w.extinfo = v.extinfo) AS scanners`;
    // Two statements, not one with an OR: a code's scans are read through verdicts_by_code.
    if (code) {
      return this.db
        .prepare<[string, string, string, number], VerdictRow>(`SELECT ${columns} FROM verdicts v WHERE v.keystandard = ? AND v.keystr = ? AND v.extinfo = ? ORDER BY v.id DESC LIMIT ?`)
        .all(code.keystandard, code.keystr, code.extinfo, limit);
    }
    return this.db.prepare<[number], VerdictRow>(`SELECT ${columns} FROM verdicts v ORDER BY v.id DESC LIMIT ?`).all(limit);
  }

  /**
   * The scans of each of the last `days` days up to `today` (local time, as the user reads a
   * calendar), by answer; a day without scans is there with zeros. SQL counts per UTC hour (the
   * index holds `at` and `result`: no row is read); the hours are then put in their local days
   * (in a zone offset by half an hour, a scan in the half hour after midnight counts the day before).
   */
  perDay(days: number, today = new Date()): ScanDay[] {
    const dayOf = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const list = Array.from({ length: days }, (_, i) => dayOf(new Date(today.getFullYear(), today.getMonth(), today.getDate() - (days - 1 - i))));
    const since = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (days - 1)).toISOString();
    const hours = this.db
      .prepare<[string], Omit<ScanDay, 'day'> & { hour: string }>(
        `SELECT substr(at, 1, 13) AS hour, sum(result = 'real') AS real, sum(result = 'not_active') AS not_active,
           sum(result = 'fake') AS fake, sum(result = 'no_code') AS no_code
         FROM verdicts WHERE at >= ? GROUP BY hour`,
      )
      .all(since);
    const byDay = new Map(list.map((day) => [day, { day, real: 0, not_active: 0, fake: 0, no_code: 0 }]));
    for (const { hour, ...counts } of hours) {
      const day = byDay.get(dayOf(new Date(`${hour}:00:00Z`)));
      if (!day) continue;
      day.real += counts.real;
      day.not_active += counts.not_active;
      day.fake += counts.fake;
      day.no_code += counts.no_code;
    }
    return [...byDay.values()];
  }

  /** Codes scanned by SUSPECT_MIN_SCANNERS or more different users: most users, then most scans, then latest scanned first (a scan without a code is no code). */
  cloneSuspects(limit: number): CloneSuspect[] {
    return this.db
      .prepare<[number, number], CloneSuspect & { lastId?: number }>(
        `SELECT s.*, (SELECT w.result FROM verdicts w WHERE w.id = s.lastId) AS result FROM (
           SELECT keystandard, keystr, extinfo, count(*) AS scans, count(DISTINCT from_user) AS scanners, max(at) AS lastAt, max(id) AS lastId
           FROM verdicts WHERE extinfo <> '' GROUP BY keystandard, keystr, extinfo HAVING scanners >= ?
         ) s ORDER BY s.scanners DESC, s.scans DESC, s.lastAt DESC, s.lastId DESC LIMIT ?`,
      )
      .all(SUSPECT_MIN_SCANNERS, limit)
      .map(({ lastId: _lastId, ...suspect }) => suspect);
  }
}
