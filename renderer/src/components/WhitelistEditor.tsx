import { useEffect, useState } from 'react';
import type { Result } from '../../../shared/contract';
import { testerLines as lines, WHITELIST_MAX as MAX_TESTERS, whitelistProblems } from '../../../shared/products/testerEntry';
import type { MessageKey } from '../i18n/en';
import { call } from '../bridge/api';
import { bothLanguages, useI18n } from '../i18n/i18n';
import { NoticeLine, useNotice } from './useNotice';


/**
 * A test whitelist (products' or cards'): counted to 10 as typed, saved whole, with the diff
 * against the list last saved from this app (WeChat cannot read a whitelist back; the audit can).
 * What saving came to is told under its button.
 */
export function WhitelistEditor(props: { target: 'product' | 'card'; title: MessageKey; idPrefix: string }) {
  const { t, local } = useI18n();
  const { notice, setNotice, fail } = useNotice();
  const { target, idPrefix } = props;
  const [saved, setSaved] = useState<Result<'getTestWhitelist'>>(null);
  const [openids, setOpenids] = useState('');
  const [usernames, setUsernames] = useState('');

  useEffect(() => {
    call('getTestWhitelist', { target }).then((w) => {
      setSaved(w);
      if (w) {
        setOpenids(w.openid.join('\n'));
        setUsernames(w.username.join('\n'));
      }
    }, fail);
  }, [target]);

  const ids = lines(openids);
  const names = lines(usernames);
  const total = ids.length + names.length;
  const problems = whitelistProblems(ids, names);
  const problemsOf = (field: 'openid' | 'username') =>
    problems
      .filter((p) => p.field === field)
      .map((p) => (
        <p key={`${field}${p.line}`} className="field-error" data-testid={`${idPrefix}wl-${field}-problem`}>
          {t('testers.entryLine', { line: p.line })} {local(p.text)}
        </p>
      ));
  const before = new Set([...(saved?.openid ?? []), ...(saved?.username ?? [])]);
  const after = new Set([...ids, ...names]);
  const added = [...after].filter((x) => !before.has(x));
  const removed = [...before].filter((x) => !after.has(x));

  const save = async () => {
    try {
      await call('setTestWhitelist', { target, openid: ids, username: names });
      setSaved({ openid: ids, username: names, savedAt: new Date().toISOString() });
      setNotice({ kind: 'ok', text: bothLanguages(target === 'card' ? 'testers.cardSaved' : 'testers.saved', { count: total }) });
    } catch (error) {
      fail(error);
    }
  };

  return (
    <div className="panel" data-testid={`${idPrefix}whitelist-editor`}>
      <h2>{t(props.title)}</h2>
      <p className="notice">{t('testers.replaces')}</p>
      <div className="field">
        <label htmlFor={`${idPrefix}wl-openid`}>{t('testers.openids')}</label>
        <textarea id={`${idPrefix}wl-openid`} rows={4} value={openids} onChange={(e) => setOpenids(e.target.value)} spellCheck={false} aria-invalid={problems.some((p) => p.field === 'openid')} />
        {problemsOf('openid')}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}wl-username`}>{t('testers.usernames')}</label>
        <textarea id={`${idPrefix}wl-username`} rows={3} value={usernames} onChange={(e) => setUsernames(e.target.value)} spellCheck={false} aria-invalid={problems.some((p) => p.field === 'username')} />
        {problemsOf('username')}
      </div>
      <p className={total > MAX_TESTERS ? 'field-error' : 'hint'} data-testid={`${idPrefix}tester-count`}>
        {t(total > MAX_TESTERS ? 'testers.tooMany' : 'testers.count', { count: total, max: MAX_TESTERS })}
      </p>
      <div className="diff" data-testid={`${idPrefix}whitelist-diff`}>
        {added.map((x) => (
          <div key={`+${x}`} className="diff-add">+ {x}</div>
        ))}
        {removed.map((x) => (
          <div key={`-${x}`} className="diff-remove">− {x}</div>
        ))}
        {!added.length && !removed.length && <span className="muted small">{t('testers.noChange')}</span>}
      </div>
      <button type="button" className="primary" disabled={total > MAX_TESTERS || problems.length > 0} onClick={save} data-testid={`${idPrefix}save-whitelist`}>
        {t('testers.save')}
      </button>
      <NoticeLine notice={notice} />
    </div>
  );
}
