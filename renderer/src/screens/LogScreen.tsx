import { Fragment, lazy, Suspense, useEffect, useState } from 'react';
import { isProductKeyStandard } from '../../../shared/issuing/productKey';
import type { ActionView, BatchView, CodeView, Result } from '../../../shared/contract';
import { bothLanguages, useI18n } from '../i18n/i18n';
import { call } from '../bridge/api';
import { BatchOptions } from '../components/BatchOptions';
import { Screen } from '../components/Screen';
import { NoticeLine, useNotice } from '../components/useNotice';
import { PrintForm } from '../components/PrintForm';
import { stockName } from '../components/stockPicker';

const PAGE = 100;
type Tab = 'codes' | 'actions' | 'exports' | 'verdicts';
type ExportRecord = Result<'listExports'>[number];
type ClaimRecord = Result<'listCardClaims'>[number];
type VerdictRecord = Result<'listVerdicts'>[number];
type ScanStats = Result<'scanStats'>;
type Suspect = ScanStats['suspects'][number];
/** recharts is ~100 KB gzipped: loaded when the Anti-fake scans tab first opens, not with the app. */
const ScanCharts = lazy(() => import('./ScanCharts'));
const CHART_DAYS = 30;

/** The log: every code issued, every action taken on WeChat, every export and reprint. */
/** The stock an export was printed on (a built-in's id or a custom stock), from its design as recorded. */
function printedStock(templateJson: string): { id: string; name: string } {
  const stock = (JSON.parse(templateJson) as { stock: string | { id: string; name: string } }).stock;
  return typeof stock === 'string' ? { id: stock, name: stock } : stock;
}

export function LogScreen() {
  const { t } = useI18n();
  const { notice, setNotice, fail } = useNotice();
  /** What an action came to, told where it was taken: under a code's or an export's row, or in the activation bar. */
  const near = useNotice();
  const [nearWhere, setNearWhere] = useState('');
  const actingAt = (where: string) => {
    setNearWhere(where);
    near.setNotice(null);
  };
  const nearLine = (where: string) => (nearWhere === where ? <NoticeLine notice={near.notice} /> : null);
  const [tab, setTab] = useState<Tab>('codes');
  // A message belongs to the tab it was given on.
  const openTab = (name: Tab) => {
    setTab(name);
    setNotice(null);
    near.setNotice(null);
  };
  const [batches, setBatches] = useState<BatchView[]>([]);
  const [filter, setFilter] = useState<{ search: string; batchId: string; status: string; since: string; until: string }>({ search: '', batchId: '', status: '', since: '', until: '' });
  const [codes, setCodes] = useState<CodeView[]>([]);
  const [cursor, setCursor] = useState<number[]>([0]);
  const [actions, setActions] = useState<ActionView[]>([]);
  const [exports, setExports] = useState<ExportRecord[]>([]);
  const [verdicts, setVerdicts] = useState<VerdictRecord[]>([]);
  const [claims, setClaims] = useState<ClaimRecord[]>([]);
  const [stats, setStats] = useState<ScanStats | null>(null);
  const [opened, setOpened] = useState<Suspect | null>(null);
  const [span, setSpan] = useState({ from: '', to: '' });
  const [rechecking, setRechecking] = useState<number | null>(null);
  /** The export whose Print… form is open, and whether this is the desktop app (its print dialog). */
  const [printing, setPrinting] = useState<number | null>(null);
  const [desktop, setDesktop] = useState(false);
  const [rechecked, setRechecked] = useState<Record<number, Result<'verifyExport'>>>({});

  /** A page of codes, newest first: before the id `beforeId`, or from the newest when 0. */
  const loadCodes = async (beforeId: number) => {
    try {
      const rows = await call('listCodes', {
        limit: PAGE,
        newestFirst: true,
        beforeId: beforeId || undefined,
        search: filter.search || undefined,
        batchId: filter.batchId ? Number(filter.batchId) : undefined,
        status: (filter.status || undefined) as CodeView['status'] | undefined,
        since: filter.since || undefined,
        until: filter.until || undefined,
      });
      setCodes(rows);
    } catch (error) {
      fail(error);
    }
  };
  useEffect(() => {
    call('listBatches', {}).then(setBatches, fail);
  }, []);
  useEffect(() => {
    setCursor([0]);
    void loadCodes(0);
  }, [filter]);
  useEffect(() => {
    if (tab === 'actions') call('listActions', {}).then(setActions, fail);
    if (tab === 'exports') {
      call('listExports', {}).then(setExports, fail);
      call('getAppInfo', {}).then((info) => setDesktop(info.desktop), fail);
    }
    if (tab === 'verdicts') {
      call('listCardClaims', {}).then(setClaims, fail);
      call('scanStats', { days: CHART_DAYS }).then(setStats, fail);
    }
  }, [tab]);
  useEffect(() => {
    if (tab !== 'verdicts') return;
    const code = opened ? { keystandard: opened.keystandard, keystr: opened.keystr, extinfo: opened.extinfo } : undefined;
    call('listVerdicts', { code }).then(setVerdicts, fail);
  }, [tab, opened]);
  const openScans = (suspect: Suspect) => {
    setOpened(suspect);
    requestAnimationFrame(() => document.getElementById('verdict-scans')?.scrollIntoView({ block: 'start' }));
  };

  const clearRecord = async (code: CodeView) => {
    if (!window.confirm(t('log.clearConfirm', { extinfo: code.extinfo }))) return;
    actingAt(`code-${code.id}`);
    try {
      await call('clearScanRecord', { keystandard: code.keystandard, keystr: code.keystr, extinfo: code.extinfo });
      near.setNotice({ kind: 'ok', text: bothLanguages('log.cleared', { extinfo: code.extinfo }) });
    } catch (error) {
      near.fail(error);
    }
  };

  // Activation applies to one product batch (not a tester batch): shown when the filter names one.
  const chosen = batches.find((b) => String(b.id) === filter.batchId);
  const activatable = chosen && chosen.kind === 'product' && !chosen.test ? chosen : undefined;
  useEffect(() => setSpan(activatable ? { from: '1', to: String(activatable.codeCount) } : { from: '', to: '' }), [activatable?.id]);
  const spanProblem = (() => {
    if (!activatable) return null;
    const from = Number(span.from);
    const to = Number(span.to);
    const whole = (v: string, n: number) => /^\d{1,9}$/.test(v) && n >= 1 && n <= activatable.codeCount;
    if (!whole(span.from, from) || !whole(span.to, to) || from > to) return t('log.activateSpanProblem', { count: activatable.codeCount });
    return null;
  })();
  const setActive = async (undo: boolean) => {
    if (!activatable || spanProblem) return;
    const range = { from: Number(span.from), to: Number(span.to) };
    if (!window.confirm(t(undo ? 'log.deactivateConfirm' : 'log.activateConfirm', { id: activatable.id, from: range.from, to: range.to }))) return;
    actingAt('activation');
    try {
      const { changed } = await call('activateBatch', { id: activatable.id, range, undo });
      near.setNotice({ kind: 'ok', text: bothLanguages(undo ? 'log.deactivated' : 'log.activated', { id: activatable.id, count: changed, from: range.from, to: range.to }) });
      void loadCodes(cursor.at(-1) ?? 0);
    } catch (error) {
      near.fail(error);
    }
  };

  const verifyAgain = async (id: number) => {
    setRechecking(id);
    actingAt(`export-${id}`);
    try {
      const result = await call('verifyExport', { id });
      setRechecked({ ...rechecked, [id]: result });
      near.setNotice(
        result.failures.length
          ? { kind: 'error', text: bothLanguages('log.recheckFailed', { id, failed: result.failures.length, checked: result.checked, first: result.failures[0]!.extinfo, page: result.failures[0]!.page }) }
          : { kind: 'ok', text: bothLanguages('log.recheckPassed', { id, checked: result.checked }) },
      );
    } catch (error) {
      near.fail(error);
    } finally {
      setRechecking(null);
    }
  };

  const next = () => {
    const last = codes.at(-1);
    if (!last) return;
    setCursor([...cursor, last.id]);
    void loadCodes(last.id);
  };
  const previous = () => {
    const back = cursor.slice(0, -1);
    setCursor(back.length ? back : [0]);
    void loadCodes(back.at(-1) ?? 0);
  };

  return (
    <Screen id="log" title={t('log.title')} intro={t('log.intro')} notice={notice}><div className="tabs" role="tablist">
        {(['codes', 'actions', 'exports', 'verdicts'] as const).map((name) => (
          <button key={name} type="button" role="tab" aria-selected={tab === name} className={tab === name ? 'tab current' : 'tab'} data-testid={`tab-${name}`} onClick={() => openTab(name)}>
            {t(`log.tab.${name}`)}
          </button>
        ))}
      </div>
      
      {tab === 'codes' && (
        <div className="panel">
          <div className="row">
            <div className="field grow">
              <label htmlFor="log-search">{t('log.search')}</label>
              <input id="log-search" value={filter.search} onChange={(e) => setFilter({ ...filter, search: e.target.value })} spellCheck={false} />
            </div>
            <div className="field small-field">
              <label htmlFor="log-batch">{t('log.batch')}</label>
              <select id="log-batch" value={filter.batchId} onChange={(e) => setFilter({ ...filter, batchId: e.target.value })}>
                <option value="">{t('log.all')}</option>
                <BatchOptions batches={batches} />
              </select>
            </div>
            <div className="field small-field">
              <label htmlFor="log-status">{t('log.status')}</label>
              <select id="log-status" value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value })}>
                <option value="">{t('log.all')}</option>
                <option value="issued">{t('code.issued')}</option>
                <option value="pending">{t('code.pending')}</option>
                <option value="failed">{t('code.failed')}</option>
              </select>
            </div>
            <div className="field small-field">
              <label htmlFor="log-since">{t('log.since')}</label>
              <input id="log-since" type="date" value={filter.since} onChange={(e) => setFilter({ ...filter, since: e.target.value })} />
            </div>
            <div className="field small-field">
              <label htmlFor="log-until">{t('log.until')}</label>
              <input id="log-until" type="date" value={filter.until} onChange={(e) => setFilter({ ...filter, until: e.target.value })} />
            </div>
          </div>
          {activatable && (
            <div className="row activation" data-testid="activation-bar">
              <p className="hint">{t('log.activateHint')}</p>
              <div className="field small-field">
                <label htmlFor="activate-from">{t('log.activateFrom')}</label>
                <input id="activate-from" inputMode="numeric" value={span.from} aria-invalid={!!spanProblem} aria-describedby="activate-problem" onChange={(e) => setSpan({ ...span, from: e.target.value.trim() })} />
              </div>
              <div className="field small-field">
                <label htmlFor="activate-to">{t('log.activateTo')}</label>
                <input id="activate-to" inputMode="numeric" value={span.to} aria-invalid={!!spanProblem} aria-describedby="activate-problem" onChange={(e) => setSpan({ ...span, to: e.target.value.trim() })} />
              </div>
              <div className="form-actions">
                <button type="button" className="primary" disabled={!!spanProblem} onClick={() => setActive(false)} data-testid="activate-range">
                  {t('log.activateRange')}
                </button>
                <button type="button" disabled={!!spanProblem} onClick={() => setActive(true)} data-testid="deactivate-range">
                  {t('log.deactivateRange')}
                </button>
              </div>
              {spanProblem && (
                <p className="field-error" id="activate-problem" data-testid="activate-problem">
                  {spanProblem}
                </p>
              )}
              {nearLine('activation')}
            </div>
          )}
          <div className="table-scroll">
          <table className="table" data-testid="code-table">
            <thead>
              <tr>
                <th>{t('log.batch')}</th>
                <th>#</th>
                <th>{t('log.codeValue')}</th>
                <th>{t('log.status')}</th>
                <th>{t('log.content')}</th>
                <th>{t('log.issuedAt')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {codes.map((c) => (
                <Fragment key={c.id}>
                <tr data-extinfo={c.extinfo}>
                  <td>{c.batch}</td>
                  <td>{c.seq}</td>
                  <td className="mono wrap">{c.extinfo}</td>
                  <td className="nowrap">
                    {t(`code.${c.status}`)}
                    {c.errcode !== null && ` (${c.errcode})`}
                  </td>
                  <td className="mono small wrap">{c.content}</td>
                  <td className="small">
                    {c.issued_at?.replace('T', ' ').slice(0, 19)}
                    {c.status === 'issued' && isProductKeyStandard(c.keystandard) && (
                      <div className={c.active_at ? 'state-done' : 'muted'} data-testid="active-at">
                        {c.active_at ? t('log.activeSince', { at: c.active_at.replace('T', ' ').slice(0, 16) }) : t('log.notActive')}
                      </div>
                    )}
                  </td>
                  <td className="actions">
                    {c.status === 'issued' && isProductKeyStandard(c.keystandard) && (
                      <button type="button" onClick={() => clearRecord(c)}>
                        {t('log.clearRecord')}
                      </button>
                    )}
                  </td>
                </tr>
                {nearWhere === `code-${c.id}` && near.notice && (
                  <tr className="row-result">
                    <td colSpan={7}>{nearLine(`code-${c.id}`)}</td>
                  </tr>
                )}
                </Fragment>
              ))}
            </tbody>
          </table>
          </div>
          {!codes.length && <p className="muted">{t('log.noCodes')}</p>}
          <div className="form-actions">
            <button type="button" disabled={cursor.length <= 1} onClick={previous}>
              {t('log.previous')}
            </button>
            <button type="button" disabled={codes.length < PAGE} onClick={next} data-testid="next-page">
              {t('log.next')}
            </button>
          </div>
        </div>
      )}
      {tab === 'actions' && (
        <div className="panel">
          <table className="table" data-testid="action-table">
            <thead>
              <tr>
                <th>{t('log.when')}</th>
                <th>{t('log.action')}</th>
                <th>{t('log.target')}</th>
                <th>{t('log.result')}</th>
              </tr>
            </thead>
            <tbody>
              {actions.map((a) => (
                <tr key={a.id}>
                  <td className="small">{a.at.replace('T', ' ').slice(0, 19)}</td>
                  <td>{t(`action.${a.kind}` as 'action.clearScanRecord')}</td>
                  <td className="mono small">{a.target}</td>
                  <td className={a.ok ? '' : 'error-text'}>{a.ok ? t('log.ok') : t('log.refused', { errcode: a.errcode ?? '—' })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {!actions.length && <p className="muted">{t('log.noActions')}</p>}
        </div>
      )}
      {tab === 'exports' && (
        <div className="panel">
          <table className="table" data-testid="export-table">
            <thead>
              <tr>
                <th>{t('log.exportId')}</th>
                <th>{t('log.when')}</th>
                <th>{t('log.batch')}</th>
                <th>{t('log.file')}</th>
                <th>{t('log.range')}</th>
                <th>{t('log.verification')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {exports.map((e) => (
                <Fragment key={e.id}>
                  <tr>
                    <td>{e.id}</td>
                    <td className="small">
                      {/* The date and the time each whole, on two lines if the column is narrow. */}
                      <span className="nowrap">{e.at.slice(0, 10)}</span> <span className="nowrap">{e.at.slice(11, 19)}</span>
                    </td>
                    <td>{e.batchId}</td>
                    <td className="mono small">
                      {e.file}
                      <div className="muted">sha256 {e.sha256.slice(0, 16)}…</div>
                    </td>
                    <td>
                      {e.rangeFrom}–{e.rangeTo} · {t('log.pages', { pages: e.pages })}
                      {e.reprint && <> <span className="badge">{t('log.reprint')}</span></>}
                      {/* A reprint goes on the stock the file was laid out for. */}
                      <div className="muted small" data-testid={`export-stock-${e.id}`}>
                        {t('log.onStock', { stock: stockName(t, printedStock(e.template)) })}
                      </div>
                      {(e.startAt > 1 || e.copiesPerCode > 1 || e.repeat > 1) && (
                        <div className="muted small export-run" data-testid={`export-run-${e.id}`}>
                          {e.startAt > 1 && <div>{t('log.startAt', { label: e.startAt })}</div>}
                          {e.copiesPerCode > 1 && <div>{t('log.copiesPerCode', { labels: e.copiesPerCode })}</div>}
                          {e.repeat > 1 && <div>{t('log.repeat', { times: e.repeat })}</div>}
                        </div>
                      )}
                    </td>
                    <td className="keep-words">
                      {e.verifyMode === 'off' ? t('export.verify.off') : t('log.verified', { checked: e.verifiedLabels, failed: e.verifyFailures })}
                      {rechecked[e.id] && (
                        <div className={rechecked[e.id]!.failures.length ? 'error-text' : 'state-done'} data-testid={`recheck-${e.id}`}>
                          {t('log.rechecked', { checked: rechecked[e.id]!.checked, failed: rechecked[e.id]!.failures.length })}
                          {!rechecked[e.id]!.unchanged && ` · ${t('log.fileChanged')}`}
                        </div>
                      )}
                    </td>
                    <td className="actions">
                      {e.format === 'pdf' && (
                        <button type="button" disabled={rechecking !== null} onClick={() => verifyAgain(e.id)} data-testid={`verify-again-${e.id}`}>
                          {rechecking === e.id ? t('log.verifying') : t('log.verifyAgain')}
                        </button>
                      )}
                      {(e.format === 'pdf' || e.format === 'zpl') && (
                        <button type="button" onClick={() => setPrinting(printing === e.id ? null : e.id)} data-testid={`print-log-${e.id}`}>
                          {t('export.print')}
                        </button>
                      )}
                    </td>
                  </tr>
                  {nearWhere === `export-${e.id}` && near.notice && (
                    <tr className="row-result">
                      <td colSpan={7}>{nearLine(`export-${e.id}`)}</td>
                    </tr>
                  )}
                  {printing === e.id && (
                    <tr>
                      <td colSpan={7}>
                        <PrintForm file={e.file} pages={e.pages} desktop={desktop} onClose={() => setPrinting(null)} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
          {!exports.length && <p className="muted">{t('log.noExports')}</p>}
        </div>
      )}
      {tab === 'verdicts' && (
        <div className="panel verdicts-panel">
          <p className="hint">{t('log.verdictsIntro')}</p>
          {stats && (
            <Suspense fallback={<p className="muted charts-loading">{t('log.chartsLoading')}</p>}>
              <ScanCharts days={stats.days} claims={claims} />
            </Suspense>
          )}
          <h2>{t('log.suspectsTitle')}</h2>
          <p className="hint">{t('log.suspectsIntro')}</p>
          {stats && stats.suspects.length > 0 && (
            <div className="table-scroll">
              <table className="table" data-testid="suspect-table">
                <thead>
                  <tr>
                    <th>#</th>
                    <th>{t('log.code')}</th>
                    <th>{t('log.scanners')}</th>
                    <th>{t('log.scansColumn')}</th>
                    <th>{t('log.lastScan')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {stats.suspects.map((s, i) => (
                    <tr key={`${s.keystandard}:${s.keystr}/${s.extinfo}`} data-suspect={s.extinfo} className={opened?.extinfo === s.extinfo && opened.keystr === s.keystr ? 'selected' : undefined}>
                      <td>{i + 1}</td>
                      <td className="mono small wrap">
                        {s.keystandard}:{s.keystr} / {s.extinfo}
                      </td>
                      <td>
                        {s.scanners}
                        {s.suspicious && <span className="tag error-text">{t('log.suspicious')}</span>}
                      </td>
                      <td>{s.scans}</td>
                      <td className="small">
                        {s.lastAt.replace('T', ' ').slice(0, 16)} · <span className={s.result === 'real' ? 'state-done' : s.result === 'no_code' ? 'muted' : 'error-text'}>{t(`verdict.${s.result}`)}</span>
                      </td>
                      <td className="end">
                        <button type="button" onClick={() => openScans(s)} data-testid={`open-scans-${s.extinfo}`}>
                          {t('log.openScans')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {stats && !stats.suspects.length && <p className="muted">{t('log.noSuspects')}</p>}
          <h2 id="verdict-scans">{opened ? t('log.scansOf', { code: `${opened.keystandard}:${opened.keystr} / ${opened.extinfo}` }) : t('log.allScans')}</h2>
          {opened && (
            <div className="form-actions">
              <button type="button" onClick={() => setOpened(null)} data-testid="all-scans">
                {t('log.showAllScans')}
              </button>
            </div>
          )}
          <div className="table-scroll">
          <table className="table" data-testid="verdict-table">
            <thead>
              <tr>
                <th>{t('log.when')}</th>
                <th>{t('log.code')}</th>
                <th>{t('log.verdict')}</th>
                <th>{t('log.scans')}</th>
                <th>OpenID</th>
              </tr>
            </thead>
            <tbody>
              {verdicts.map((v) => (
                <tr key={v.id} data-verdict={v.result}>
                  <td className="small">{v.at.replace('T', ' ').slice(0, 19)}</td>
                  <td className="mono small">
                    {v.keystandard}:{v.keystr} / <span className="nowrap">{v.extinfo || '—'}</span>
                  </td>
                  <td className={v.result === 'real' ? 'state-done' : v.result === 'no_code' ? 'muted' : 'error-text'}>{t(`verdict.${v.result}`)}</td>
                  <td>
                    {t('log.scanCount', { scans: v.scans, scanners: v.scanners })}
                    {v.suspicious && <span className="tag error-text">{t('log.suspicious')}</span>}
                  </td>
                  <td className="mono small">{v.fromUser}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
          {!verdicts.length && <p className="muted">{t('log.noVerdicts')}</p>}
          <h2>{t('log.claimsTitle')}</h2>
          <p className="hint">{t('log.claimsIntro')}</p>
          <table className="table" data-testid="claims-table">
            <thead>
              <tr>
                <th>{t('log.printRun')}</th>
                <th>{t('log.card')}</th>
                <th>outer_str</th>
                <th>{t('log.claimed')}</th>
                <th>{t('log.gifts')}</th>
                <th>{t('log.consumed')}</th>
                <th>{t('log.deleted')}</th>
              </tr>
            </thead>
            <tbody>
              {claims.map((c) => (
                <tr key={`${c.batchId}-${c.cardId}-${c.outerStr}`} data-claims-batch={c.batchId ?? 'none'}>
                  <td>{c.batchId === null ? t('log.noBatch') : `${c.batchId} · ${c.batchName ?? ''}`}</td>
                  <td className="mono small wrap">{c.cardId}</td>
                  <td className="mono small">{c.outerStr || '—'}</td>
                  <td>{c.claims}</td>
                  <td>{c.gifts}</td>
                  <td>{c.consumed}</td>
                  <td>{c.deleted}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {!claims.length && <p className="muted">{t('log.noClaims')}</p>}
        </div>
      )}
    </Screen>
  );
}
