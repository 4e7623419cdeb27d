import type { CredentialKind, TokenMode } from '../../../shared/account/accountDraft';
import type { Db } from '../store/openStore';

export const SANDBOX_ACCOUNT_ID = 'sandbox';

export interface AccountRecord {
  id: string;
  kind: 'sandbox' | 'wechat';
  name: string;
  appId: string;
  credentialKind: CredentialKind;
  tokenMode: TokenMode;
  tokenServiceUrl: string;
  apiBase: string;
}

interface AccountRow {
  id: string;
  kind: 'sandbox' | 'wechat';
  name: string;
  app_id: string;
  credential_kind: CredentialKind;
  token_mode: TokenMode;
  token_service_url: string;
  api_base: string;
}

const fromRow = (row: AccountRow): AccountRecord => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  appId: row.app_id,
  credentialKind: row.credential_kind,
  tokenMode: row.token_mode,
  tokenServiceUrl: row.token_service_url,
  apiBase: row.api_base,
});

/** The accounts table: metadata only. */
export class AccountRepo {
  constructor(private readonly db: Db) {}

  list(): AccountRecord[] {
    const rows = this.db
      .prepare<[], AccountRow>(`SELECT * FROM accounts ORDER BY kind = 'sandbox' DESC, name COLLATE NOCASE, id`)
      .all();
    return rows.map(fromRow);
  }

  get(id: string): AccountRecord | undefined {
    const row = this.db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE id = ?').get(id);
    return row && fromRow(row);
  }

  findByAppId(appId: string): AccountRecord | undefined {
    const row = this.db
      .prepare<[string], AccountRow>(`SELECT * FROM accounts WHERE kind = 'wechat' AND lower(app_id) = lower(?)`)
      .get(appId);
    return row && fromRow(row);
  }

  upsert(account: AccountRecord): void {
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO accounts (id, kind, name, app_id, credential_kind, token_mode, token_service_url, api_base, created_at, updated_at)
         VALUES (@id, @kind, @name, @appId, @credentialKind, @tokenMode, @tokenServiceUrl, @apiBase, @now, @now)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, app_id = excluded.app_id,
           credential_kind = excluded.credential_kind, token_mode = excluded.token_mode,
           token_service_url = excluded.token_service_url, api_base = excluded.api_base,
           updated_at = excluded.updated_at`,
      )
      .run({ ...account, now });
  }

  /** Whether anything in the log belongs to the account (then it may not be deleted). */
  hasHistory(id: string): boolean {
    return Boolean(
      this.db
        .prepare<[string, string], { n: number }>(
          'SELECT (SELECT count(*) FROM batches WHERE account_id = ?) + (SELECT count(*) FROM actions WHERE account_id = ?) AS n',
        )
        .get(id, id)?.n,
    );
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM products WHERE account_id = ?').run(id);
    this.db.prepare('DELETE FROM accounts WHERE id = ?').run(id);
  }
}
