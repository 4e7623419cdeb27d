import { randomBytes } from 'node:crypto';
import {
  accountIssueText,
  DEFAULT_API_BASE,
  validateAccountDraft,
  type AccountDraft,
  type FieldIssue,
} from '../../../shared/account/accountDraft';
import type { AccountView } from '../../../shared/contract';
import { AppError } from '../appError';
import type { SecretVault } from '../secrets/secretVault';
import { AccountRepo, SANDBOX_ACCOUNT_ID, type AccountRecord } from './accountRepo';

const NOT_FOUND = {
  en: 'There is no such account. It may have been deleted in another window.',
  'zh-CN': '找不到该账号,可能已在其他窗口中删除。',
};

/** Accounts as the user manages them: validation, the vault for secrets, the sandbox rules. */
export class AccountService {
  constructor(
    private readonly repo: AccountRepo,
    private readonly vault: SecretVault,
  ) {}

  list(activeId: string): AccountView[] {
    return this.repo.list().map((account) => this.view(account, activeId));
  }

  get(id: string): AccountRecord {
    const account = this.repo.get(id);
    if (!account) throw new AppError('not_found', NOT_FOUND);
    return account;
  }

  exists(id: string): boolean {
    return this.repo.get(id) !== undefined;
  }

  view(account: AccountRecord, activeId: string): AccountView {
    return {
      id: account.id,
      kind: account.kind,
      name: account.name,
      appId: account.appId,
      credentialKind: account.credentialKind,
      tokenMode: account.tokenMode,
      tokenServiceUrl: account.tokenServiceUrl,
      apiBase: account.apiBase,
      hasSecret: account.kind === 'wechat' && this.vault.has(account.id),
      active: account.id === activeId,
    };
  }

  save(draft: AccountDraft): AccountRecord {
    const existing = draft.id === undefined ? undefined : this.get(draft.id);
    if (existing?.kind === 'sandbox') {
      throw new AppError('forbidden', {
        en: 'The sandbox account is built in and cannot be changed.',
        'zh-CN': '沙箱账号为内置账号,不能修改。',
      });
    }
    // A stored secret counts only for the same credential, sent to the same place: a new API base,
    // AppID or token service must be given the secret again, never handed the old one.
    const keepsSecret =
      existing !== undefined &&
      existing.credentialKind === draft.credentialKind &&
      existing.appId === draft.appId.trim() &&
      existing.apiBase === normalBase(draft.apiBase) &&
      existing.tokenServiceUrl === (draft.credentialKind === 'tokenService' ? draft.tokenServiceUrl.trim() : '') &&
      this.vault.has(existing.id);
    const issues = validateAccountDraft(draft, keepsSecret);
    const twin = this.repo.findByAppId(draft.appId.trim());
    if (twin && twin.id !== existing?.id) issues.push({ field: 'appId', code: 'duplicate' });
    if (issues.length) throw invalidDraft(issues);

    const secret = draft.secret.trim();
    const cannotStore = secret ? this.vault.cannotStore() : null;
    if (cannotStore) throw new AppError('forbidden', cannotStore);
    const account: AccountRecord = {
      id: existing?.id ?? `acct_${randomBytes(6).toString('hex')}`,
      kind: 'wechat',
      name: draft.name.trim(),
      appId: draft.appId.trim(),
      credentialKind: draft.credentialKind,
      tokenMode: draft.tokenMode,
      tokenServiceUrl: draft.credentialKind === 'tokenService' ? draft.tokenServiceUrl.trim() : '',
      apiBase: normalBase(draft.apiBase),
    };
    this.repo.upsert(account);
    if (secret) this.vault.put(account.id, secret);
    else if (!keepsSecret) this.vault.remove(account.id);
    return account;
  }

  /**
   * The account for an AppID given on the command line: found by AppID (so its codes stay in one
   * namespace) or created with the AppID as its name. An existing account changes only where the
   * command asked (an explicit --api-base or --token-mode); a new API base drops its stored secret.
   */
  ensureForAppId(appId: string, asked: { apiBase?: string; tokenMode?: 'stable' | 'classic' }): AccountRecord {
    const existing = this.repo.findByAppId(appId);
    const apiBase = normalBase(asked.apiBase ?? existing?.apiBase ?? DEFAULT_API_BASE);
    const tokenMode = asked.tokenMode ?? existing?.tokenMode ?? 'stable';
    // The command line gives the secret for each run: a custom endpoint named there is the user's explicit choice.
    const draft: AccountDraft = { name: appId, appId, credentialKind: 'appSecret', secret: '', tokenMode, tokenServiceUrl: '', apiBase, customEndpoint: true };
    const issues = validateAccountDraft(draft, true);
    if (issues.length) throw invalidDraft(issues);
    if (existing && existing.apiBase === apiBase && existing.tokenMode === tokenMode) return existing;
    const account: AccountRecord = {
      id: existing?.id ?? `acct_${randomBytes(6).toString('hex')}`,
      kind: 'wechat',
      name: existing?.name ?? appId,
      appId,
      credentialKind: existing?.credentialKind ?? 'appSecret',
      tokenMode,
      tokenServiceUrl: existing?.tokenServiceUrl ?? '',
      apiBase,
    };
    this.repo.upsert(account);
    if (existing && existing.apiBase !== apiBase) this.vault.remove(existing.id);
    return account;
  }

  delete(id: string): void {
    const account = this.get(id);
    if (account.kind === 'sandbox') {
      throw new AppError('forbidden', {
        en: 'The sandbox account is built in and cannot be deleted.',
        'zh-CN': '沙箱账号为内置账号,不能删除。',
      });
    }
    if (this.repo.hasHistory(id)) {
      throw new AppError('conflict', {
        en: 'This account has issued codes or logged actions; it is kept so the log stays complete for audits.',
        'zh-CN': '该账号已有发码或操作记录,为保证审计日志完整,不能删除。',
      });
    }
    this.repo.delete(id);
    this.vault.remove(id);
  }
}

export { SANDBOX_ACCOUNT_ID };

const normalBase = (apiBase: string) => apiBase.trim().replace(/\/+$/, '');

function invalidDraft(issues: FieldIssue[]): AppError {
  const fields = issues.map((issue) => ({ field: issue.field, message: accountIssueText(issue) }));
  return new AppError(
    'invalid_argument',
    {
      en: `The account was not saved: ${fields.map((f) => f.message.en).join(' ')}`,
      'zh-CN': `账号未保存:${fields.map((f) => f.message['zh-CN']).join('')}`,
    },
    { fields },
  );
}
