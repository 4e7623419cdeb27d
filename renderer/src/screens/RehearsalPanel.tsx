import { useEffect, useState } from 'react';
import type { Result } from '../../../shared/contract';
import { call } from '../bridge/api';
import { NoticeLine, useNotice } from '../components/useNotice';
import { useI18n } from '../i18n/i18n';

type Rehearsal = Result<'getRehearsal'>;
type Answer = Result<'rehearseScan'>['answer'];

/** The sandbox's demo product: a fresh install has it published. */
const DEMO_PRODUCT = 'ean13:6900873042720';

/**
 * Rehearse the anti-fake path on the sandbox: `serve` for the sandbox account on loopback, the
 * sandbox pushing scans to it as WeChat does, and a shopper's scan made here.
 */
export function RehearsalPanel() {
  const { t } = useI18n();
  // A refusal is told under the button that was pressed: starting/stopping, or a scan.
  const { notice, setNotice, fail } = useNotice();
  const [where, setWhere] = useState<'serve' | 'scan'>('serve');
  const [state, setState] = useState<Rehearsal | null>(null);
  const [safeMode, setSafeMode] = useState(true);
  const [busy, setBusy] = useState(false);
  const [product, setProduct] = useState(DEMO_PRODUCT);
  const [extinfo, setExtinfo] = useState('');
  const [answers, setAnswers] = useState<{ code: string; answer: Answer }[]>([]);
  useEffect(() => {
    call('getRehearsal', {}).then(setState, fail);
  }, []);

  const run = async (at: typeof where, action: () => Promise<void>) => {
    setWhere(at);
    setNotice(null);
    setBusy(true);
    try {
      await action();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };
  const start = () => run('serve', async () => setState(await call('startRehearsal', { safeMode })));
  const stop = () => run('serve', async () => setState(await call('stopRehearsal', {})));
  const [keystandard = '', keystr = ''] = product.trim().split(':');
  const scan = () =>
    run('scan', async () => {
      const { answer } = await call('rehearseScan', { keystandard, keystr, extinfo });
      setAnswers((list) => [{ code: `${keystandard}:${keystr} / ${extinfo.trim() || '—'}`, answer }, ...list].slice(0, 5));
    });

  return (
    <div className="panel rehearsal" data-testid="rehearsal">
      <h2>{t('rehearsal.title')}</h2>
      <p className="hint">{t('rehearsal.intro')}</p>
      <div className="row">
        <label className="checkbox">
          <input type="checkbox" checked={safeMode} disabled={busy} onChange={(e) => setSafeMode(e.target.checked)} data-testid="rehearsal-safe-mode" />
          {t('rehearsal.safeMode')}
        </label>
        {state?.running && state.safeMode === safeMode ? (
          <button type="button" disabled={busy} onClick={stop} data-testid="rehearsal-stop">
            {t('rehearsal.stop')}
          </button>
        ) : (
          <button type="button" className="primary" disabled={busy} onClick={start} data-testid="rehearsal-start">
            {state?.running ? t('rehearsal.restart') : t('rehearsal.start')}
          </button>
        )}
      </div>
      <p className={state?.running ? 'check ok' : 'muted'} role="status" data-testid="rehearsal-state">
        {state?.running ? t(state.safeMode ? 'rehearsal.runningSafe' : 'rehearsal.runningPlain', { url: state.url ?? '' }) : t('rehearsal.stopped')}
      </p>
      {where === 'serve' && <NoticeLine notice={notice} />}
      {state?.running && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void scan();
          }}
        >
          <div className="field product-field">
            <label htmlFor="rehearsal-product">{t('rehearsal.product')}</label>
            <input id="rehearsal-product" className="mono" value={product} onChange={(e) => setProduct(e.target.value)} spellCheck={false} />
          </div>
          <div className="field grow">
            <label htmlFor="rehearsal-extinfo">{t('rehearsal.extinfo')}</label>
            <input id="rehearsal-extinfo" className="mono" value={extinfo} maxLength={256} onChange={(e) => setExtinfo(e.target.value)} spellCheck={false} />
          </div>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy || !keystandard || !keystr} data-testid="rehearsal-scan">
              {t('rehearsal.scan')}
            </button>
          </div>
        </form>
      )}
      {where === 'scan' && <NoticeLine notice={notice} />}
      {answers.length > 0 && (
        <ul className="rehearsal-answers" data-testid="rehearsal-answers">
          {answers.map((a, i) => (
            <li key={`${i}-${a.code}`} data-answer={a.answer}>
              <span className="mono small">{a.code}</span> →{' '}
              <strong className={a.answer === 'real' ? 'state-done' : a.answer === 'no_code' ? 'muted' : 'error-text'}>{t(`verdict.${a.answer}`)}</strong>
            </li>
          ))}
        </ul>
      )}
      {answers.length > 0 && (
        <p className="hint">
          <a href="#log">{t('rehearsal.seeLog')}</a>
        </p>
      )}
    </div>
  );
}
