import { useEffect, useState } from 'react';
import type { JumpRuleView } from '../../../shared/contract';
import { DEBUG_URLS_MAX, debugUrlProblem, jumpRuleProblems, OPEN_VERSIONS, prefixProblem, type JumpRuleDraft } from '../../../shared/jump/jumpRule';
import { call } from '../bridge/api';
import { Screen } from '../components/Screen';
import { NoticeLine, useNotice } from '../components/useNotice';
import type { MessageKey } from '../i18n/en';
import { bothLanguages, useI18n } from '../i18n/i18n';

const EMPTY: JumpRuleDraft = { prefix: 'https://', path: 'pages/index/index', openVersion: 'release', exclusive: false, debugUrls: [] };
/** The refusals of publishing, each explained on the screen before anyone meets them. */
const PUBLISH_REFUSALS = [85074, 85075, 85095, 886000] as const;

/** Mini Program jump rules (seed 003): the prefixes whose printed codes open a Mini Program page. */
export function RulesScreen() {
  const { t, local } = useI18n();
  const { notice, fail } = useNotice();
  // A rule's publish or delete is told under the list, a save under the form: where the button was.
  const listNotice = useNotice();
  const formNotice = useNotice();
  const [rules, setRules] = useState<JumpRuleView[] | null>(null);
  const [quota, setQuota] = useState<number | null>(null);
  const [draft, setDraft] = useState<JumpRuleDraft>(EMPTY);
  const [links, setLinks] = useState('');
  const [editing, setEditing] = useState(false);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [verification, setVerification] = useState<{ fileName: string; fileContent: string } | null>(null);

  const reload = () =>
    call('listJumpRules', {}).then((listed) => {
      setRules(listed.rules);
      setQuota(listed.publishQuotaLeft);
    }, fail);
  useEffect(() => void reload(), []);

  const debugUrls = links.split('\n').map((l) => l.trim()).filter(Boolean);
  const rule = { ...draft, debugUrls };
  const problems = jumpRuleProblems(rule);
  const problemOf = (field: string) => (touched ? problems.find((p) => p.field === field)?.message : undefined);

  const act = async (where: typeof listNotice, work: () => Promise<unknown>, done: MessageKey) => {
    setBusy(true);
    listNotice.setNotice(null);
    formNotice.setNotice(null);
    try {
      await work();
      where.setNotice({ kind: 'ok', text: bothLanguages(done) });
      await reload();
      return true;
    } catch (error) {
      where.fail(error);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    setTouched(true);
    if (problems.length) return;
    if (await act(formNotice, () => call('saveJumpRule', { rule, edit: editing }), editing ? 'rules.changed' : 'rules.saved')) {
      setDraft(EMPTY);
      setLinks('');
      setEditing(false);
      setTouched(false);
    }
  };
  const edit = (r: JumpRuleView) => {
    setDraft({ prefix: r.prefix, path: r.path, openVersion: r.openVersion, exclusive: r.exclusive, debugUrls: r.debugUrls });
    setLinks(r.debugUrls.join('\n'));
    setEditing(true);
    setTouched(true);
  };
  const publish = (r: JumpRuleView) => {
    if (window.confirm(t('rules.publishConfirm', { prefix: r.prefix, quota: quota ?? 0 }))) void act(listNotice, () => call('publishJumpRule', { prefix: r.prefix }), 'rules.published');
  };
  const remove = (r: JumpRuleView) => {
    if (window.confirm(t(r.published ? 'rules.deletePublishedConfirm' : 'rules.deleteConfirm', { prefix: r.prefix }))) void act(listNotice, () => call('deleteJumpRule', { prefix: r.prefix }), 'rules.deleted');
  };
  const getVerification = () => call('getJumpVerificationFile', {}).then(setVerification, fail);
  const saveVerification = () => {
    if (!verification) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([verification.fileContent], { type: 'text/plain' }));
    link.download = verification.fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  };

  return (
    <Screen id="rules" title={t('rules.title')} intro={t('rules.intro')} notice={notice}>
      <div className="panel">
        <div className="panel-head">
          <h2>{t('rules.list')}</h2>
          {quota !== null && (
            <span className="quota" data-testid="publish-quota">
              {t('rules.quota', { count: quota })}
            </span>
          )}
        </div>
        {rules && rules.length === 0 && <p className="hint">{t('rules.none')}</p>}
        {rules && rules.length > 0 && (
          <table className="table" data-testid="rules-table">
            <thead>
              <tr>
                <th>{t('rules.prefix')}</th>
                <th>{t('rules.path')}</th>
                <th>{t('rules.openVersion')}</th>
                <th>{t('rules.state')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.prefix} data-testid="rule-row">
                  <td className="mono wrap">
                    {r.prefix}
                    {r.exclusive && <span className="tag">{t('rules.exclusiveTag')}</span>}
                    {r.debugUrls.length > 0 && <div className="hint">{t('rules.linkCount', { count: r.debugUrls.length })}</div>}
                  </td>
                  <td className="mono wrap">{r.path}</td>
                  <td>{t(`rules.version.${r.openVersion}`)}</td>
                  <td>
                    <span className={r.published ? 'state state-done' : 'state state-planned'}>{t(r.published ? 'rules.published.state' : 'rules.unpublished.state')}</span>
                  </td>
                  <td className="actions">
                    {!r.published && (
                      <>
                        <button type="button" className="primary" disabled={busy} onClick={() => publish(r)} data-testid="rule-publish">
                          {t('rules.publish')}
                        </button>
                        <button type="button" disabled={busy} onClick={() => edit(r)}>
                          {t('rules.edit')}
                        </button>
                      </>
                    )}
                    <button type="button" className="danger" disabled={busy} onClick={() => remove(r)}>
                      {t('rules.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <NoticeLine notice={listNotice.notice} />
        <details className="hint-block">
          <summary>{t('rules.refusals')}</summary>
          <ul>
            {PUBLISH_REFUSALS.map((code) => (
              <li key={code}>
                <span className="mono">{code}</span> {t(`rules.refusal.${code}`)}
              </li>
            ))}
          </ul>
        </details>
      </div>

      <div className="panel" data-testid="verification-file">
        <h2>{t('rules.verifyTitle')}</h2>
        <p className="hint">{t('rules.verifyHelp')}</p>
        {verification ? (
          <>
            <p>
              <span className="mono" data-testid="verification-name">{verification.fileName}</span> · <span className="mono">{verification.fileContent}</span>
            </p>
            <p className="hint">{t('rules.verifyWhere', { example: `${originOf(prefixProblem(draft.prefix) ? (rules?.[0]?.prefix ?? '') : draft.prefix)}/${verification.fileName}` })}</p>
            <button type="button" className="primary" onClick={saveVerification} data-testid="verification-save">
              {t('rules.verifySave')}
            </button>
          </>
        ) : (
          <button type="button" onClick={getVerification} data-testid="verification-get">
            {t('rules.verifyGet')}
          </button>
        )}
      </div>
      <div className="panel" data-testid="rule-form">
        <h2>{editing ? t('rules.editTitle') : t('rules.addTitle')}</h2>
        <div className="field">
          <label htmlFor="rule-prefix">{t('rules.prefix')}</label>
          <input id="rule-prefix" value={draft.prefix} readOnly={editing} spellCheck={false} onChange={(e) => (setDraft({ ...draft, prefix: e.target.value }), setTouched(true))} />
          {problemOf('prefix') ? <p className="field-error">{local(problemOf('prefix')!)}</p> : <p className="hint">{t('rules.prefixHint')}</p>}
        </div>
        <div className="row">
          <div className="field grow">
            <label htmlFor="rule-path">{t('rules.path')}</label>
            <input id="rule-path" value={draft.path} spellCheck={false} onChange={(e) => setDraft({ ...draft, path: e.target.value })} />
            {problemOf('path') ? <p className="field-error">{local(problemOf('path')!)}</p> : <p className="hint">{t('rules.pathHint')}</p>}
          </div>
          <div className="field">
            <label htmlFor="rule-version">{t('rules.openVersion')}</label>
            <select id="rule-version" value={draft.openVersion} onChange={(e) => setDraft({ ...draft, openVersion: e.target.value as JumpRuleDraft['openVersion'] })}>
              {OPEN_VERSIONS.map((v) => (
                <option key={v} value={v}>
                  {t(`rules.version.${v}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={draft.exclusive} onChange={(e) => setDraft({ ...draft, exclusive: e.target.checked })} />
          {t('rules.exclusive')}
        </label>
        <div className="field">
          <label htmlFor="rule-links">{t('rules.links', { max: DEBUG_URLS_MAX })}</label>
          <textarea id="rule-links" rows={3} value={links} spellCheck={false} placeholder={prefixProblem(draft.prefix) ? 'https://qr.brand.com/p/TEST-1' : `${draft.prefix}TEST-1`} onChange={(e) => setLinks(e.target.value)} />
          <ul className="link-checks" data-testid="link-checks">
            {debugUrls.map((url, i) => {
              const problem = i >= DEBUG_URLS_MAX ? bothLanguages('rules.tooManyLinks', { max: DEBUG_URLS_MAX }) : debugUrlProblem(url, draft.prefix, i + 1);
              return (
                <li key={`${i}-${url}`} className={problem ? 'field-error' : 'ok'}>
                  {problem ? local(problem) : `✓ ${url}`}
                </li>
              );
            })}
          </ul>
        </div>
        <div className="row">
          <button type="button" className="primary" disabled={busy} onClick={save} data-testid="rule-save">
            {editing ? t('rules.saveChanges') : t('rules.add')}
          </button>
          {editing && (
            <button type="button" onClick={() => (setDraft(EMPTY), setLinks(''), setEditing(false), setTouched(false))}>
              {t('rules.cancelEdit')}
            </button>
          )}
        </div>
        <NoticeLine notice={formNotice.notice} />
      </div>

    </Screen>
  );
}

function originOf(prefix: string): string {
  try {
    const url = new URL(prefix);
    return url.hostname ? url.origin : 'https://your.domain';
  } catch {
    return 'https://your.domain';
  }
}
