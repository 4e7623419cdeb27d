import { useEffect, useState } from 'react';
import {
  accountIssueText,
  DEFAULT_API_BASE,
  validateAccountDraft,
  type AccountDraft,
  type AccountField,
} from '../../../shared/account/accountDraft';
import type { AccountView, AppInfo, Settings } from '../../../shared/contract';
import type { LocalizedText } from '../../../shared/text';
import { call, ServiceError } from '../bridge/api';
import { Screen } from '../components/Screen';
import { useNotice } from '../components/useNotice';
import { bothLanguages, useI18n } from '../i18n/i18n';
import { resetDailyQuota } from '../components/quotaReset';
import { AccountForm } from './AccountForm';
import { RehearsalPanel } from './RehearsalPanel';

interface Props {
  settings: Settings;
  accounts: AccountView[];
  onAccounts: (accounts: AccountView[]) => void;
  onSettings: (settings: Settings) => void;
}

const emptyDraft = (): AccountDraft => ({
  name: '',
  appId: '',
  credentialKind: 'appSecret',
  secret: '',
  tokenMode: 'stable',
  tokenServiceUrl: '',
  apiBase: DEFAULT_API_BASE,
});

const draftOf = (account: AccountView): AccountDraft => ({
  id: account.id,
  name: account.name,
  appId: account.appId,
  credentialKind: account.credentialKind,
  secret: '',
  tokenMode: account.tokenMode,
  tokenServiceUrl: account.tokenServiceUrl,
  apiBase: account.apiBase,
});

/** A refusal as told under the row acted on, with WeChat's errcode when there is one. */
function refusalText(error: unknown): LocalizedText {
  if (!(error instanceof ServiceError)) return { en: String(error), 'zh-CN': String(error) };
  const { message, errcode } = error.wire;
  return errcode === undefined ? message : { en: `${message.en} (errcode ${errcode})`, 'zh-CN': `${message['zh-CN']}(错误码 ${errcode})` };
}

export function AccountScreen({ settings, accounts, onAccounts, onSettings }: Props) {
  const { t, local, language } = useI18n();
  const [editing, setEditing] = useState<{ draft: AccountDraft; hasSecret: boolean } | null>(null);
  // The form's result, told under its Save button.
  const { notice, setNotice, fail: showError } = useNotice();
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    call('getAppInfo', {}).then(setInfo, () => setInfo(null));
  }, []);

  /** What an action on an account came to, told under that account's row. */
  const [checks, setChecks] = useState<Record<string, { busy: boolean; text?: LocalizedText; ok?: boolean }>>({});
  const tellRow = (id: string, ok: boolean, text: LocalizedText) => setChecks((c) => ({ ...c, [id]: { busy: false, ok, text } }));
  const testConnection = async (id: string) => {
    setChecks((c) => ({ ...c, [id]: { busy: true } }));
    try {
      const result = await call('testConnection', { id });
      const text = bothLanguages('account.connected', { ms: result.latencyMs, count: result.productCount });
      setChecks((c) => ({ ...c, [id]: { busy: false, ok: true, text } }));
    } catch (error) {
      setChecks((c) => ({ ...c, [id]: { busy: false, ok: false, text: refusalText(error) } }));
    }
  };

  const resetQuota = async (account: AccountView) => {
    try {
      const text = await resetDailyQuota({ id: account.id, sandbox: account.kind === 'sandbox', name: account.name }, language);
      if (text) setChecks((c) => ({ ...c, [account.id]: { busy: false, ok: true, text } }));
    } catch (error) {
      setChecks((c) => ({ ...c, [account.id]: { busy: false, ok: false, text: refusalText(error) } }));
    }
  };

  const select = async (id: string) => {
    try {
      onSettings(await call('selectAccount', { id }));
      onAccounts(await call('listAccounts', {}));
    } catch (error) {
      tellRow(id, false, refusalText(error));
    }
  };

  const remove = async (account: AccountView) => {
    if (!window.confirm(t('account.deleteConfirm', { name: account.name }))) return;
    try {
      await call('deleteAccount', { id: account.id });
      onAccounts(await call('listAccounts', {}));
      if (editing?.draft.id === account.id) setEditing(null);
    } catch (error) {
      tellRow(account.id, false, refusalText(error));
    }
  };

  /** Returns the field errors to show; null when saved. */
  const save = async (draft: AccountDraft): Promise<Partial<Record<AccountField, string>> | null> => {
    const issues = validateAccountDraft(draft, editing?.hasSecret ?? false);
    if (issues.length) {
      setNotice({ kind: 'error', text: bothLanguages('form.fixFields') });
      return Object.fromEntries(issues.map((issue) => [issue.field, local(accountIssueText(issue))]));
    }
    try {
      const saved = await call('saveAccount', draft);
      onAccounts(await call('listAccounts', {}));
      setEditing(null);
      setNotice(null);
      tellRow(saved.id, true, bothLanguages('form.saved', { name: saved.name }));
      return null;
    } catch (error) {
      showError(error);
      if (error instanceof ServiceError && error.wire.fields) {
        return Object.fromEntries(error.wire.fields.map((f) => [f.field, local(f.message)]));
      }
      return {};
    }
  };

  return (
    <Screen id="account" title={t('account.title')} intro={t('account.intro')} notice={null}>
      <div className="columns">
        <div className="panel">
          <h2>{t('account.list')}</h2>
          <ul className="account-list" data-testid="account-list">
            {accounts.map((account) => (
              <li key={account.id} className={account.active ? 'account active' : 'account'} data-account-id={account.id}>
                <div className="account-main">
                  <strong>{account.kind === 'sandbox' ? t('account.sandboxName') : account.name}</strong>
                  {account.active && <span className="badge">{t('account.active')}</span>}
                  <div className="muted mono">{account.kind === 'sandbox' ? '' : account.appId}</div>
                  <div className="muted small">
                    {account.kind === 'sandbox'
                      ? t('account.sandboxNote')
                      : account.credentialKind === 'tokenService'
                        ? `${t('account.viaService')}: ${account.tokenServiceUrl}`
                        : account.hasSecret
                          ? t('account.secretStored')
                          : t('account.noSecret')}
                  </div>
                  {checks[account.id]?.text && (
                    <div className={checks[account.id]!.ok ? 'check ok' : 'check error'} data-testid={`check-${account.id}`} role="status">
                      {local(checks[account.id]!.text!)}
                    </div>
                  )}
                </div>
                <div className="account-actions">
                  <button type="button" disabled={checks[account.id]?.busy} onClick={() => testConnection(account.id)}>
                    {checks[account.id]?.busy ? t('account.testing') : t('account.test')}
                  </button>
                  <button type="button" disabled={checks[account.id]?.busy} onClick={() => resetQuota(account)} data-testid={`reset-quota-${account.id}`}>
                    {t('account.resetQuota')}
                  </button>
                  {!account.active && (
                    <button type="button" onClick={() => select(account.id)}>
                      {t('account.use')}
                    </button>
                  )}
                  {account.kind === 'wechat' && (
                    <>
                      <button type="button" onClick={() => setEditing({ draft: draftOf(account), hasSecret: account.hasSecret })}>
                        {t('account.edit')}
                      </button>
                      <button type="button" className="danger" onClick={() => remove(account)}>
                        {t('account.delete')}
                      </button>
                    </>
                  )}
                </div>
              </li>
            ))}
          </ul>
          {!editing && (
            <button type="button" className="primary" data-testid="add-account" onClick={() => setEditing({ draft: emptyDraft(), hasSecret: false })}>
              {t('account.add')}
            </button>
          )}
        </div>
        {editing && (
          <AccountForm
            key={editing.draft.id ?? 'new'}
            initial={editing.draft}
            hasSecret={editing.hasSecret}
            notice={notice}
            onSave={save}
            onCancel={() => (setEditing(null), setNotice(null))}
          />
        )}
      </div>
      <RehearsalPanel />
      <div className="panel computer" data-testid="this-computer">
        <h2>{t('computer.title')}</h2>
        <dl>
          <dt>{t('language.label')}</dt>
          <dd>{settings.languageSource === 'saved' ? t('language.saved') : t('language.system')}</dd>
          {info && (
            <>
              <dt>{t('computer.dataDir')}</dt>
              <dd className="mono">{info.dataDir}</dd>
              <dt>{t('computer.logFile')}</dt>
              <dd className="mono">{info.logFile}</dd>
              <dt>{t('computer.version')}</dt>
              <dd>
                {info.version} · {t('computer.schema', { version: info.schemaVersion })}
              </dd>
            </>
          )}
        </dl>
      </div>
    </Screen>
  );
}
