import type { Db } from '../store/openStore';
import { WechatError } from '../wechat/wechatError';

export const ACTION_KINDS = [
  'clearScanRecord',
  'publishProduct',
  'unpublishProduct',
  'updateProduct',
  'createProduct',
  'clearProduct',
  'setTestWhitelist',
  'confirmCustomEndpoint',
  'addJumpRule',
  'editJumpRule',
  'publishJumpRule',
  'deleteJumpRule',
  'reconcileDeposit',
  'setCardTestWhitelist',
  'setCardDepositMode',
  'modifyCardStock',
  'previewCard',
  'activateCodes',
  'deactivateCodes',
  'clearQuota',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export interface ActionRow {
  id: number;
  accountId: string;
  at: string;
  kind: ActionKind;
  /** What was acted on, e.g. "ean13:6900873042720/LOT7-000001". */
  target: string;
  request: unknown;
  ok: boolean;
  errcode: number | null;
  result: unknown;
}

interface ActionDbRow {
  id: number;
  account_id: string;
  at: string;
  kind: ActionKind;
  target: string;
  request_json: string;
  ok: 0 | 1;
  errcode: number | null;
  result_json: string | null;
}

/** The append-only audit of every action taken on WeChat's side (the table refuses edits). */
export class ActionLog {
  constructor(private readonly db: Db) {}

  /** Runs the action and records it, done or refused; the outcome is passed on unchanged. */
  async audited<T>(accountId: string, kind: ActionKind, target: string, request: unknown, act: () => Promise<T>): Promise<T> {
    try {
      const result = await act();
      this.record(accountId, kind, target, request, true, null, result ?? null);
      return result;
    } catch (error) {
      const errcode = error instanceof WechatError ? error.errcode : null;
      this.record(accountId, kind, target, request, false, errcode, { error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }

  /** Records a decision taken in the app itself (no call to WeChat), such as a confirmed custom endpoint. */
  note(accountId: string, kind: ActionKind, target: string, request: unknown): void {
    this.record(accountId, kind, target, request, true, null, null);
  }

  list(filter: { accountId?: string; limit?: number; beforeId?: number } = {}): ActionRow[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.accountId) (where.push('account_id = ?'), params.push(filter.accountId));
    if (filter.beforeId) (where.push('id < ?'), params.push(filter.beforeId));
    const rows = this.db
      .prepare<(string | number)[], ActionDbRow>(
        `SELECT * FROM actions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${Math.floor(filter.limit ?? 1000)}`,
      )
      .all(...params);
    return rows.map((row) => ({
      id: row.id,
      accountId: row.account_id,
      at: row.at,
      kind: row.kind,
      target: row.target,
      request: JSON.parse(row.request_json),
      ok: row.ok === 1,
      errcode: row.errcode,
      result: row.result_json === null ? null : JSON.parse(row.result_json),
    }));
  }

  /** The latest successful action of a kind (WeChat cannot say what the whitelist is; the audit can). */
  lastSucceeded(accountId: string, kind: ActionKind): ActionRow | undefined {
    const row = this.db
      .prepare<[string, string], { id: number }>('SELECT id FROM actions WHERE account_id = ? AND kind = ? AND ok = 1 ORDER BY id DESC LIMIT 1')
      .get(accountId, kind);
    return row ? this.list({ accountId, beforeId: row.id + 1, limit: 1 })[0] : undefined;
  }

  private record(accountId: string, kind: ActionKind, target: string, request: unknown, ok: boolean, errcode: number | null, result: unknown): void {
    this.db
      .prepare(
        `INSERT INTO actions (account_id, at, kind, target, request_json, ok, errcode, result_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(accountId, new Date().toISOString(), kind, target, JSON.stringify(request), ok ? 1 : 0, errcode, JSON.stringify(result));
  }
}
