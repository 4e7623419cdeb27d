import { counted, quoted, type LocalizedText } from '../../../shared/text';
import { AppError } from '../appError';
import type { Db } from '../store/openStore';
import { OFFENDERS_SHOWN, type Duplicate, type PlanCheck, type PlannedExtinfo } from './batchPlan';
import type { CodeSource } from './codeSources';
import { DEPOSIT_SPACE } from '../../../shared/cards/cardCode';

export type BatchState = 'planned' | 'running' | 'paused' | 'stopped' | 'cancelled' | 'done';
export type CodeStatus = 'pending' | 'issued' | 'failed';
/**
 * Product codes come from getqrcode one by one; jump codes are made locally as prefix + serial;
 * card codes are card QR tickets, one per code; a deposit sends a card's custom codes, 100 a call.
 */
export type BatchKind = 'product' | 'jump' | 'card' | 'deposit';

export interface NewBatch {
  accountId: string;
  kind: BatchKind;
  /** Tester codes: printed for trying a rule or product out, never counted as goods. */
  test: boolean;
  name: string;
  /** The space the extinfos are unique in: the product's key, or a jump space and the prefix. */
  keystandard: string;
  keystr: string;
  /** WeChat's image size; 0 for kinds without an image. */
  qrcodeSizePx: number;
  /** How the extinfos were made (pattern or file name), for the record. */
  source: Record<string, unknown>;
  /** What the code source is called with (a card QR's outer_str…); {} for most kinds. */
  options: Record<string, unknown>;
}

export interface BatchRow extends NewBatch {
  id: number;
  state: BatchState;
  codeCount: number;
  issued: number;
  failed: number;
  /** Issued codes marked active (their goods shipped): scans of them answer real. */
  activated: number;
  stopErrcode: number | null;
  /** Why a stopped batch stopped, in both languages. */
  stopReason: LocalizedText | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface CodeRow {
  id: number;
  batch: number;
  seq: number;
  keystandard: string;
  keystr: string;
  extinfo: string;
  content: string | null;
  pic_url: string | null;
  status: CodeStatus;
  errcode: number | null;
  attempts: number;
  issued_at: string | null;
  active_at: string | null;
  data: string | null;
}

export interface PendingCode {
  id: number;
  seq: number;
  extinfo: string;
  /** Calls sent for it so far. */
  attempts: number;
}

export interface CodeResult {
  id: number;
  status: 'issued' | 'failed';
  content?: string;
  picUrl?: string;
  errcode?: number;
  attempts: number;
  issuedAt: string;
}

/** Staged plan rows written per transaction while a plan streams in. */
const STAGE_CHUNK = 10_000;
/** Each plan stages in a table of its own: two plans may stream in at once. */
let stagedPlans = 0;
const CODE_SELECT = `SELECT id, batch_id AS batch, seq, keystandard, keystr, extinfo, content, pic_url, status, errcode, attempts, issued_at, active_at, data_json AS data FROM codes`;
const now = () => new Date().toISOString();

interface BatchDbRow {
  id: number;
  account_id: string;
  kind: BatchKind;
  is_test: 0 | 1;
  name: string;
  keystandard: string;
  keystr: string;
  qrcode_size: number;
  source_json: string;
  options_json: string;
  state: BatchState;
  code_count: number;
  issued: number;
  failed: number;
  activated: number;
  stop_errcode: number | null;
  stop_reason: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

const BATCH_SELECT = `
  SELECT b.*,
    (SELECT count(*) FROM codes c WHERE c.batch_id = b.id AND c.status = 'issued') AS issued,
    (SELECT count(*) FROM codes c WHERE c.batch_id = b.id AND c.status = 'failed') AS failed,
    (SELECT count(*) FROM codes c WHERE c.batch_id = b.id AND c.active_at IS NOT NULL) AS activated
  FROM batches b`;

const toBatch = (row: BatchDbRow): BatchRow => ({
  id: row.id,
  accountId: row.account_id,
  kind: row.kind,
  test: row.is_test === 1,
  name: row.name,
  keystandard: row.keystandard,
  keystr: row.keystr,
  qrcodeSizePx: row.qrcode_size,
  source: JSON.parse(row.source_json) as Record<string, unknown>,
  options: JSON.parse(row.options_json) as Record<string, unknown>,
  state: row.state,
  codeCount: row.code_count,
  issued: row.issued,
  failed: row.failed,
  activated: row.activated,
  stopErrcode: row.stop_errcode,
  stopReason: row.stop_reason ? (JSON.parse(row.stop_reason) as LocalizedText) : null,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  finishedAt: row.finished_at,
});

/** Batches and their code rows: the log a print shop audits. */
export class BatchRepo {
  private readonly saveResultStmt;
  private readonly pendingAfterStmt;
  private readonly markSentStmt;
  private readonly unmarkStmt;

  constructor(private readonly db: Db) {
    this.pendingAfterStmt = db.prepare<[number, number, number], PendingCode>(
      `SELECT id, seq, extinfo, attempts FROM codes WHERE batch_id = ? AND status = 'pending' AND seq > ? ORDER BY seq LIMIT ?`,
    );
    this.markSentStmt = db.prepare(`UPDATE codes SET attempts = attempts + 1 WHERE batch_id = ? AND seq BETWEEN ? AND ? AND status = 'pending'`);
    this.unmarkStmt = db.prepare(`UPDATE codes SET attempts = attempts - 1 WHERE id = ? AND status = 'pending' AND attempts > 0`);
    this.saveResultStmt = db.prepare(
      `UPDATE codes SET status = @status, content = @content, pic_url = @picUrl, errcode = @errcode,
         attempts = @attempts, issued_at = @issuedAt WHERE id = @id AND status = 'pending'`,
    );
  }

  /**
   * Stores a plan whole, or nothing: the extinfos are staged in a temporary table as they stream
   * in (checked one by one), duplicates inside the plan and clashes with the log (this product,
   * this account) are found there, and the batch with one pending code per extinfo is written in
   * one transaction. A refused plan writes nothing.
   *
   * A local source's codes (`source.local`: jump codes, content = prefix + extinfo) are obtained in
   * that same write, so the batch is stored done: there is nothing to call, and a row written
   * once costs a third of a row written and then updated.
   */
  async createPlan(
    batch: NewBatch,
    planned: Iterable<PlannedExtinfo> | AsyncIterable<PlannedExtinfo>,
    check: PlanCheck,
    source: CodeSource,
    /** A space every extinfo must already be logged in (and done): a card's deposited codes. */
    within?: { keystandard: string; keystr: string },
  ): Promise<number> {
    const stage = `plan_stage_${++stagedPlans}`;
    this.db.exec(`CREATE TEMP TABLE ${stage} (extinfo TEXT NOT NULL, line INTEGER NOT NULL, data TEXT)`);
    try {
      const insert = this.db.prepare(`INSERT INTO temp.${stage} (extinfo, line, data) VALUES (?, ?, ?)`);
      const write = this.db.transaction((items: PlannedExtinfo[]) => {
        for (const item of items) insert.run(item.extinfo, item.line, item.data ?? null);
      });
      let chunk: PlannedExtinfo[] = [];
      for await (const item of planned) {
        check.add(item);
        chunk.push(item);
        if (chunk.length === STAGE_CHUNK) {
          write(chunk);
          chunk = [];
        }
      }
      write(chunk);
      check.finish(this.duplicates(stage));
      return this.db.transaction(() => {
        this.refuseClashes(stage, batch);
        if (within) this.refuseOutside(stage, batch, within);
        const at = now();
        const done = source.local;
        const batchId = Number(
          this.db
            .prepare(
              `INSERT INTO batches (account_id, kind, is_test, name, keystandard, keystr, qrcode_size, source_json, options_json, state, code_count, created_at, updated_at, finished_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(batch.accountId, batch.kind, batch.test ? 1 : 0, batch.name, batch.keystandard, batch.keystr, batch.qrcodeSizePx, JSON.stringify(batch.source), JSON.stringify(batch.options), done ? 'done' : 'planned', check.count, at, at, done ? at : null)
            .lastInsertRowid,
        );
        if (source.local) {
          // A GS1 code's URI percent-encodes its serial: made in JS, row by row, in the same statement.
          const content = source.contentOf ? 'plan_code_content(extinfo)' : '? || extinfo';
          if (source.contentOf) this.db.function('plan_code_content', { deterministic: true }, source.contentOf);
          const values = [batch.accountId, batchId, batch.keystandard, batch.keystr, ...(source.contentOf ? [] : [source.prefix]), at];
          this.db
            .prepare(
              `INSERT INTO codes (account_id, batch_id, seq, keystandard, keystr, extinfo, status, content, issued_at, data_json)
               SELECT ?, ?, rowid, ?, ?, extinfo, 'issued', ${content}, ?, data FROM temp.${stage} ORDER BY rowid`,
            )
            .run(...values);
        } else {
          this.db
            .prepare(
              `INSERT INTO codes (account_id, batch_id, seq, keystandard, keystr, extinfo, status, data_json)
               SELECT ?, ?, rowid, ?, ?, extinfo, 'pending', data FROM temp.${stage} ORDER BY rowid`,
            )
            .run(batch.accountId, batchId, batch.keystandard, batch.keystr);
        }
        return batchId;
      }).immediate();
    } finally {
      this.db.exec(`DROP TABLE IF EXISTS temp.${stage}`);
    }
  }

  /** A batch's first and last extinfo (what a confirmation and a label sheet's slug show). */
  firstAndLastExtinfo(batchId: number, count: number): { firstExtinfo: string | null; lastExtinfo: string | null } {
    const at = this.db.prepare<[number, number], string>(`SELECT extinfo FROM codes WHERE batch_id = ? AND seq = ?`).pluck();
    return { firstExtinfo: at.get(batchId, 1) ?? null, lastExtinfo: at.get(batchId, count) ?? null };
  }

  /** Duplicates inside a staged plan: a grouped scan first, the offenders only when there are any. */
  private duplicates(stage: string): { n: number; shown: Duplicate[] } {
    const n = this.db.prepare(`SELECT count(*) - count(DISTINCT extinfo) FROM temp.${stage} WHERE extinfo <> ''`).pluck().get() as number;
    if (!n) return { n, shown: [] };
    const shown = this.db
      .prepare<[], Duplicate>(
        `SELECT extinfo, line, first FROM (
           SELECT extinfo, line, min(line) OVER (PARTITION BY extinfo) AS first FROM temp.${stage} WHERE extinfo <> '')
         WHERE line > first ORDER BY line LIMIT ${OFFENDERS_SHOWN}`,
      )
      .all();
    return { n, shown };
  }

  /** Refuses a plan with extinfos already in the log of the same space (product, or jump prefix), naming them. */
  private refuseClashes(stage: string, batch: NewBatch): void {
    // CROSS JOIN keeps the staged plan as the outer loop: each extinfo probes the log's unique
    // index once. (Left to itself the planner may scan the staged plan, unindexed, per logged code.)
    const join = `FROM temp.${stage} p CROSS JOIN codes c ON c.account_id = ? AND c.keystandard = ? AND c.keystr = ? AND c.extinfo = p.extinfo`;
    const clashes = this.db
      .prepare<[string, string, string], { extinfo: string; line: number; batch_id: number }>(`SELECT p.extinfo, p.line, c.batch_id ${join} ORDER BY p.line LIMIT ${OFFENDERS_SHOWN + 1}`)
      .all(batch.accountId, batch.keystandard, batch.keystr);
    if (!clashes.length) return;
    // Counted by the batch holding them: a plan run again after a kill clashes with its own
    // unfinished batch, whose codes are mostly not issued yet; that batch is to be resumed.
    const byBatch = this.db
      .prepare<[string, string, string], { batch_id: number; n: number; issued: number }>(
        `SELECT c.batch_id, count(*) AS n, sum(c.status = 'issued') AS issued ${join} GROUP BY c.batch_id ORDER BY c.batch_id`,
      )
      .all(batch.accountId, batch.keystandard, batch.keystr);
    const total = byBatch.reduce((sum, b) => sum + b.n, 0);
    const issued = byBatch.reduce((sum, b) => sum + b.issued, 0);
    const shown = clashes.slice(0, OFFENDERS_SHOWN);
    const more = total > OFFENDERS_SHOWN ? ' …' : '';
    const what: Record<BatchKind, LocalizedText> = {
      product: { en: `${counted(total, 'extinfo already exists', 'extinfos already exist')} for ${batch.keystandard}:${batch.keystr} in the log`, 'zh-CN': `日志中 ${batch.keystandard}:${batch.keystr} 已有 ${total} 个相同的 extinfo` },
      jump: { en: `${counted(total, 'serial was', 'serials were')} already planned under the prefix ${batch.keystr} in the log`, 'zh-CN': `日志中前缀 ${batch.keystr} 下已有 ${total} 个相同的序列号` },
      deposit: { en: `${counted(total, 'code was', 'codes were')} already deposited for the card ${batch.keystr} by another batch`, 'zh-CN': `有 ${total} 个 code 已由其他批次导入卡券 ${batch.keystr}` },
      card:
        issued === total
          ? { en: `${counted(total, 'code already has', 'codes already have')} a card QR code of the card ${batch.keystr} in the log`, 'zh-CN': `日志中卡券 ${batch.keystr} 已有 ${total} 个 code 生成过卡券二维码` }
          : {
              en: `${counted(total, 'code is', 'codes are')} already planned for card QR codes of the card ${batch.keystr} in the log, ${issued} of them made`,
              'zh-CN': `日志中卡券 ${batch.keystr} 已有 ${total} 个 code 计划生成卡券二维码,其中 ${issued} 个已生成`,
            },
    };
    const unfinished = byBatch
      .map((b) => ({ ...b, row: this.get(b.batch_id) }))
      .filter((b) => b.row.state !== 'done' && b.row.state !== 'cancelled')
      .slice(0, OFFENDERS_SHOWN);
    const resume = unfinished.map((b) => ({
      en: ` Batch ${b.batch_id} holds ${b.n} of them and is unfinished (${b.row.issued} of ${b.row.codeCount} issued): resume it with qrpack resume ${b.batch_id}.`,
      'zh-CN': ` 其中 ${b.n} 个在未完成的批次 ${b.batch_id} 中(已发 ${b.row.issued}/${b.row.codeCount}):请用 qrpack resume ${b.batch_id} 继续。`,
    }));
    throw new AppError('conflict', {
      en: `The plan was refused; nothing was written. ${what[batch.kind].en}: ${shown.map((c) => `line ${c.line} ${quoted(c.extinfo)} (batch ${c.batch_id})`).join(', ')}${more}${resume.map((r) => r.en).join('')}`,
      'zh-CN': `计划未被接受,未写入任何内容。${what[batch.kind]['zh-CN']}:${shown.map((c) => `第 ${c.line} 行 ${quoted(c.extinfo)}(批次 ${c.batch_id})`).join(',')}${more}${resume.map((r) => r['zh-CN']).join('')}`,
    });
  }

  /** Refuses a plan with extinfos not done in another space of the log (card codes never deposited), naming them. */
  private refuseOutside(stage: string, batch: NewBatch, within: { keystandard: string; keystr: string }): void {
    const outside = `FROM temp.${stage} p WHERE NOT EXISTS (SELECT 1 FROM codes c WHERE c.account_id = ? AND c.keystandard = ? AND c.keystr = ? AND c.extinfo = p.extinfo AND c.status = 'issued')`;
    const args: [string, string, string] = [batch.accountId, within.keystandard, within.keystr];
    const shown = this.db.prepare<[string, string, string], { extinfo: string; line: number }>(`SELECT p.extinfo, p.line ${outside} ORDER BY p.line LIMIT ${OFFENDERS_SHOWN}`).all(...args);
    if (!shown.length) return;
    const total = this.db.prepare<[string, string, string], number>(`SELECT count(*) ${outside}`).pluck().get(...args)!;
    const more = total > OFFENDERS_SHOWN ? ' …' : '';
    throw new AppError('conflict', {
      en: `The plan was refused; nothing was written. ${counted(total, 'code was', 'codes were')} never deposited for the card ${within.keystr} (deposit them first: qrpack card deposit): ${shown.map((c) => `line ${c.line} ${quoted(c.extinfo)}`).join(', ')}${more}`,
      'zh-CN': `计划未被接受,未写入任何内容。有 ${total} 个 code 从未导入卡券 ${within.keystr}(请先导入:qrpack card deposit):${shown.map((c) => `第 ${c.line} 行 ${quoted(c.extinfo)}`).join(',')}${more}`,
    });
  }

  /** The newest batch of a kind with this space and source that was not cancelled, if any. */
  sameSource(accountId: string, kind: BatchKind, keystr: string, source: Record<string, unknown>): BatchRow | undefined {
    const row = this.db
      .prepare<[string, string, string, string], BatchDbRow>(
        `${BATCH_SELECT} WHERE b.account_id = ? AND b.kind = ? AND b.keystr = ? AND b.source_json = ? AND b.state <> 'cancelled' ORDER BY b.id DESC LIMIT 1`,
      )
      .get(accountId, kind, keystr, JSON.stringify(source));
    return row && toBatch(row);
  }

  /** How many codes the log holds in a space. */
  countIn(accountId: string, keystandard: string, keystr: string): number {
    return this.db.prepare(`SELECT count(*) FROM codes WHERE account_id = ? AND keystandard = ? AND keystr = ?`).pluck().get(accountId, keystandard, keystr) as number;
  }

  /** Whether the log holds deposited codes for a card (then it is a deposit-mode card). */
  hasDepositedCodes(accountId: string, cardId: string): boolean {
    return this.db.prepare(`SELECT 1 FROM codes WHERE account_id = ? AND keystandard = ? AND keystr = ? AND status = 'issued' LIMIT 1`).get(accountId, DEPOSIT_SPACE, cardId) !== undefined;
  }

  /** Every code of a card the log holds as deposited, in log order. */
  depositedCodes(accountId: string, cardId: string): string[] {
    return this.db
      .prepare<[string, string, string], string>(`SELECT extinfo FROM codes WHERE account_id = ? AND keystandard = ? AND keystr = ? AND status = 'issued' ORDER BY id`)
      .pluck()
      .all(accountId, DEPOSIT_SPACE, cardId);
  }

  /** Runs `write` as one transaction. */
  transaction<T>(write: () => T): T {
    return this.db.transaction(write)();
  }

  get(id: number): BatchRow {
    const row = this.db.prepare<[number], BatchDbRow>(`${BATCH_SELECT} WHERE b.id = ?`).get(id);
    if (!row) {
      throw new AppError('not_found', { en: `There is no batch ${id}.`, 'zh-CN': `没有编号为 ${id} 的批次。` });
    }
    return toBatch(row);
  }

  list(accountId?: string): BatchRow[] {
    const rows = accountId
      ? this.db.prepare<[string], BatchDbRow>(`${BATCH_SELECT} WHERE b.account_id = ? ORDER BY b.id DESC`).all(accountId)
      : this.db.prepare<[], BatchDbRow>(`${BATCH_SELECT} ORDER BY b.id DESC`).all();
    return rows.map(toBatch);
  }

  setState(id: number, state: BatchState, stop?: { errcode: number | null; reason: string }): void {
    this.db
      .prepare(
        `UPDATE batches SET state = ?, stop_errcode = ?, stop_reason = ?, updated_at = ?,
           finished_at = CASE WHEN ? IN ('done', 'cancelled') THEN ? ELSE finished_at END WHERE id = ?`,
      )
      .run(state, stop?.errcode ?? null, stop?.reason ?? null, now(), state, now(), id);
  }

  /** Pending codes after `afterSeq`, in order, at most `limit`. */
  pendingAfter(batchId: number, afterSeq: number, limit: number): PendingCode[] {
    return this.pendingAfterStmt.all(batchId, afterSeq, limit);
  }

  /**
   * Pending codes that were sent to WeChat without a stored answer (a kill, a lost connection):
   * WeChat may have issued them, so they are asked again, never dropped.
   */
  inDoubt(batchId: number): PendingCode[] {
    return this.db
      .prepare<[number], PendingCode>(`SELECT id, seq, extinfo, attempts FROM codes WHERE batch_id = ? AND status = 'pending' AND attempts > 0 ORDER BY seq`)
      .all(batchId);
  }

  /**
   * Counts one more call for the pending codes in a run of positions — written before the calls
   * go out, so a code whose answer is lost is known to be in doubt.
   */
  markSent(batchId: number, fromSeq: number, toSeq: number): void {
    this.markSentStmt.run(batchId, fromSeq, toSeq);
  }

  /** Takes back the marks of codes that were marked but never sent (a pause or stop came first). */
  unmarkSent(codes: readonly PendingCode[]): void {
    if (!codes.length) return;
    this.db.transaction(() => {
      for (const code of codes) this.unmarkStmt.run(code.id);
    })();
  }

  /** Stores results that arrived together in one transaction. */
  saveResults(results: CodeResult[]): void {
    if (!results.length) return;
    this.db.transaction(() => {
      for (const r of results) {
        this.saveResultStmt.run({
          id: r.id,
          status: r.status,
          content: r.content ?? null,
          picUrl: r.picUrl ?? null,
          errcode: r.errcode ?? null,
          attempts: r.attempts,
          issuedAt: r.issuedAt,
        });
      }
    })();
  }

  /** Removes the codes never sent to WeChat (a cancelled batch gives their extinfos back). */
  dropUnsent(batchId: number): number {
    return this.db.prepare(`DELETE FROM codes WHERE batch_id = ? AND status = 'pending' AND attempts = 0`).run(batchId).changes;
  }

  counts(batchId: number): { pending: number; issued: number; failed: number } {
    const rows = this.db
      .prepare<[number], { status: CodeStatus; n: number }>(`SELECT status, count(*) AS n FROM codes WHERE batch_id = ? GROUP BY status`)
      .all(batchId);
    const counts = { pending: 0, issued: 0, failed: 0 };
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  /**
   * Code rows in id order after `afterId`, or newest first before `beforeId` (keyset paging: as fast
   * on page 5,000 as on page 1).
   */
  codes(filter: { batchId?: number; accountId?: string; status?: CodeStatus; search?: string; since?: string; until?: string; afterId?: number; beforeId?: number; newestFirst?: boolean; limit?: number }): CodeRow[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.batchId !== undefined) (where.push('batch_id = ?'), params.push(filter.batchId));
    if (filter.accountId !== undefined) (where.push('account_id = ?'), params.push(filter.accountId));
    if (filter.status !== undefined) (where.push('status = ?'), params.push(filter.status));
    if (filter.search) (where.push(`extinfo LIKE ? ESCAPE '\\'`), params.push(`%${filter.search.replace(/[%_\\]/g, '\\$&')}%`));
    if (filter.since) (where.push('issued_at >= ?'), params.push(filter.since));
    if (filter.until) (where.push("issued_at < date(?, '+1 day')"), params.push(filter.until));
    if (filter.afterId !== undefined) (where.push('id > ?'), params.push(filter.afterId));
    if (filter.beforeId !== undefined) (where.push('id < ?'), params.push(filter.beforeId));
    const sql = `${CODE_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id ${filter.newestFirst ? 'DESC ' : ''}${filter.limit ? `LIMIT ${Math.floor(filter.limit)}` : ''}`;
    return this.db.prepare<(string | number)[], CodeRow>(sql).all(...params);
  }

  /** The logged code of a product, if any. */
  findCode(accountId: string, keystandard: string, keystr: string, extinfo: string): CodeRow | undefined {
    return this.db
      .prepare<[string, string, string, string], CodeRow>(`${CODE_SELECT} WHERE account_id = ? AND keystandard = ? AND keystr = ? AND extinfo = ?`)
      .get(accountId, keystandard, keystr, extinfo);
  }
}
