import { useEffect, useState, type FormEvent } from 'react';
import type { LocalizedText } from '../../../shared/text';
import { call } from '../bridge/api';
import {
  accountIssueText,
  isKnownEndpoint,
  validateAccountDraft,
  withCredentialKind,
  type AccountDraft,
  type AccountField,
} from '../../../shared/account/accountDraft';
import { NoticeLine, type Notice } from '../components/useNotice';
import { useI18n } from '../i18n/i18n';

interface Props {
  initial: AccountDraft;
  hasSecret: boolean;
  /** The last save's result, told under the Save button. */
  notice: Notice | null;
  /** Resolves to field errors to show, or null when saved. */
  onSave: (draft: AccountDraft) => Promise<Partial<Record<AccountField, string>> | null>;
  onCancel: () => void;
}

export function AccountForm({ initial, hasSecret, notice, onSave, onCancel }: Props) {
  const { t, local } = useI18n();
  const [draft, setDraft] = useState(initial);
  const [touched, setTouched] = useState<Set<AccountField>>(new Set());
  const [serverErrors, setServerErrors] = useState<Partial<Record<AccountField, string>>>({});
  const [busy, setBusy] = useState(false);
  // Said before an AppSecret is typed: where this QR Pack cannot keep one, and what works instead.
  const [noSecretStorage, setNoSecretStorage] = useState<LocalizedText | null>(null);
  useEffect(() => {
    call('getAppInfo', {}).then((info) => setNoSecretStorage(info.noSecretStorage), () => setNoSecretStorage(null));
  }, []);

  // Checked as the user types; a field shows its problem once it has been left (or on submit).
  const liveErrors: Partial<Record<AccountField, string>> = {};
  // As the service decides: a stored secret stays only with the same credential sent to the same place.
  const keepsSecret =
    hasSecret &&
    draft.credentialKind === initial.credentialKind &&
    draft.appId.trim() === initial.appId.trim() &&
    draft.apiBase.trim().replace(/\/+$/, '') === initial.apiBase.trim().replace(/\/+$/, '') &&
    draft.tokenServiceUrl.trim() === initial.tokenServiceUrl.trim();
  for (const issue of validateAccountDraft(draft, keepsSecret)) {
    if (touched.has(issue.field)) liveErrors[issue.field] ??= local(accountIssueText(issue));
  }
  const errors = { ...serverErrors, ...liveErrors };

  const update = <K extends keyof AccountDraft>(key: K, value: AccountDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setServerErrors((e) => ({ ...e, [key]: undefined }));
  };
  const touch = (field: AccountField) => setTouched((s) => new Set(s).add(field));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(new Set<AccountField>(['name', 'appId', 'secret', 'tokenServiceUrl', 'apiBase']));
    setBusy(true);
    const result = await onSave(draft);
    setBusy(false);
    if (result) setServerErrors(result);
  };

  const field = (name: AccountField, label: string, input: React.ReactNode, hint?: string) => (
    <div className={errors[name] ? 'field invalid' : 'field'}>
      <label htmlFor={`account-${name}`}>{label}</label>
      {input}
      {hint && !errors[name] && <p className="hint">{hint}</p>}
      {errors[name] && (
        <p className="field-error" id={`account-${name}-error`} data-testid={`error-${name}`}>
          {errors[name]}
        </p>
      )}
    </div>
  );
  const textInput = (name: AccountField, type = 'text', placeholder?: string) => (
    <input
      key={name === 'secret' ? `secret-${draft.credentialKind}` : name}
      id={`account-${name}`}
      name={name}
      type={type}
      autoComplete="off"
      spellCheck={false}
      placeholder={placeholder}
      value={draft[name]}
      aria-invalid={Boolean(errors[name])}
      aria-describedby={errors[name] ? `account-${name}-error` : undefined}
      onChange={(event) => update(name, event.target.value)}
      onBlur={() => touch(name)}
    />
  );

  let apiBaseIsUrl = false;
  try {
    apiBaseIsUrl = Boolean(new URL(draft.apiBase.trim()));
  } catch {
    apiBaseIsUrl = false;
  }
  const custom = apiBaseIsUrl && !isKnownEndpoint(draft.apiBase);
  return (
    <form className="panel account-form" onSubmit={submit} noValidate data-testid="account-form">
      <h2>{initial.id ? t('form.editTitle', { name: initial.name }) : t('form.newTitle')}</h2>
      {field('name', t('form.name'), textInput('name'), t('form.nameHint'))}
      {field('appId', t('form.appId'), textInput('appId', 'text', 'wx1234567890abcdef'))}
      <fieldset className="field">
        <legend>{t('form.credentialKind')}</legend>
        {(['appSecret', 'tokenService'] as const).map((kind) => (
          <label key={kind} className="radio">
            <input
              type="radio"
              name="credentialKind"
              value={kind}
              checked={draft.credentialKind === kind}
              onChange={() => setDraft((d) => withCredentialKind(d, kind))}
            />
            {t(kind === 'appSecret' ? 'form.kind.appSecret' : 'form.kind.tokenService')}
          </label>
        ))}
      </fieldset>
      {draft.credentialKind === 'appSecret' ? (
        <>
          {noSecretStorage && (
            <p className="offer" data-testid="no-secret-storage">
              {local(noSecretStorage)}
            </p>
          )}
          {field('secret', t('form.secret'), textInput('secret', 'password', keepsSecret ? t('form.secretKeep') : ''))}
          <fieldset className="field">
            <legend>{t('form.tokenMode')}</legend>
            {(['stable', 'classic'] as const).map((mode) => (
              <label key={mode} className="radio">
                <input
                  type="radio"
                  name="tokenMode"
                  value={mode}
                  checked={draft.tokenMode === mode}
                  onChange={() => update('tokenMode', mode)}
                />
                {t(mode === 'stable' ? 'form.tokenMode.stable' : 'form.tokenMode.classic')}
              </label>
            ))}
          </fieldset>
        </>
      ) : (
        <>
          {field(
            'tokenServiceUrl',
            t('form.tokenServiceUrl'),
            textInput('tokenServiceUrl', 'url', 'https://tokens.example.com/wechat'),
            t('form.tokenServiceHint'),
          )}
          {field('secret', t('form.serviceKey'), textInput('secret', 'password', keepsSecret ? t('form.secretKeep') : ''))}
        </>
      )}
      {field('apiBase', t('form.apiBase'), textInput('apiBase', 'url'))}
      {custom && (
        <label className="checkbox" data-testid="custom-endpoint">
          <input type="checkbox" checked={draft.customEndpoint === true} onChange={(event) => update('customEndpoint', event.target.checked)} />
          {t('form.customEndpoint')}
        </label>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy} data-testid="save-account">
          {t('form.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
      <NoticeLine notice={notice} />
    </form>
  );
}
