import { Fragment, useEffect, useRef, useState } from 'react';
import type { AppInfo, BatchProgressEvent, BatchView, Result } from '../../../shared/contract';
import { call, subscribe } from '../bridge/api';
import { Screen } from '../components/Screen';
import { NoticeLine, useNotice } from '../components/useNotice';
import { bothLanguages, useI18n } from '../i18n/i18n';
import { resetDailyQuota } from '../components/quotaReset';
import { ExportPanel } from './ExportPanel';
import { NewBatchForm } from './NewBatchForm';

/** The guide's demo batch, found by what it is made of (its name is in the language it was issued in). */
const DEMO_PRODUCT = { keystandard: 'ean13', keystr: '6900873042720' };
const DEMO_PATTERN = 'DEMO-{seq:4}';
const isDemo = (b: BatchView) => b.kind === 'product' && !b.test && b.keystr === DEMO_PRODUCT.keystr && b.source.kind === 'pattern' && b.source.pattern === DEMO_PATTERN;

const formatEta = (seconds: number | null) => (seconds === null ? '' : seconds < 90 ? `${Math.ceil(seconds)} s` : `${Math.ceil(seconds / 60)} min`);

/** The main job: new batches, their progress, and exports. */
const LIST_REFRESH_MS = 3_000;

/** WeChat's errcode for a daily API quota used up: the stop message offers the reset. */
const QUOTA_USED_UP = 45009;

export function BatchesScreen({ onSandbox, accountId, accountName }: { onSandbox: boolean; accountId: string; accountName: string }) {
  const { t, local, language } = useI18n();
  const { notice, fail } = useNotice();
  /** What an action on a batch's row came to, told under that row (where the person clicked). */
  const row = useNotice();
  const [rowId, setRowId] = useState<number | null>(null);
  const rowResult = useRef<HTMLTableRowElement>(null);
  const [batches, setBatches] = useState<BatchView[]>([]);
  /** The list has been read once (until then an empty list says nothing). */
  const [listed, setListed] = useState(false);
  const [progress, setProgress] = useState<Record<number, BatchProgressEvent>>({});
  const [exporting, setExporting] = useState<BatchView | null>(null);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [stockFor, setStockFor] = useState<Record<number, string>>({});
  /** The newest exported file of each batch exported (the guide's third step opens the demo's); null until read. */
  const [exported, setExported] = useState<Map<number, string> | null>(null);
  /** The demo was exported here and now: the guide stays for its third step until it is closed. */
  const [guideStays, setGuideStays] = useState(false);
  const guideNotice = useNotice();
  /** After a reconciled deposit: the stock change that makes the card's deposited codes claimable. */
  const [stockOffer, setStockOffer] = useState<Result<'cardStockPlan'> | null>(null);
  const [cardsVersion, setCardsVersion] = useState(0);

  const [claims, setClaims] = useState<Record<number, Result<'listCardClaims'>[number]>>({});
  const readExports = () => call('listExports', {}).then((records) => setExported(new Map(records.map((r) => [r.batchId, r.file]))), fail);
  const refresh = () =>
    Promise.all([call('listBatches', {}), call('listCardClaims', {})]).then(([list, runs]) => {
      setBatches(list);
      setListed(true);
      setClaims(Object.fromEntries(runs.filter((r) => r.batchId !== null).map((r) => [r.batchId, r])));
    }, fail);
  useEffect(() => {
    void refresh();
    call('getAppInfo', {}).then(setInfo, fail);
    void readExports();
    // Batches planned or issued by another process on this data folder (the CLI, a second window)
    // send no events here: the list is read again every few seconds.
    const poll = setInterval(() => void refresh(), LIST_REFRESH_MS);
    const unsubscribe = subscribe('batchProgress', (p) => {
      setProgress((all) => ({ ...all, [p.batchId]: p }));
      if (p.state !== 'running') void refresh();
    });
    return () => {
      clearInterval(poll);
      unsubscribe();
    };
  }, []);

  const onRow = (id: number) => {
    setRowId(id);
    row.setNotice(null);
    setStockOffer(null);
  };
  const act = async (id: number, action: () => Promise<unknown>) => {
    onRow(id);
    try {
      await action();
      await refresh();
    } catch (error) {
      row.fail(error);
    }
  };

  // Where the quota stop is read: reset it here (confirmed, audited), then resume the batch.
  const resetQuota = (id: number) => {
    onRow(id);
    resetDailyQuota({ id: accountId, sandbox: onSandbox, name: accountName }, language).then((text) => text && row.setNotice({ kind: 'ok', text }), row.fail);
  };

  const reconcile = (id: number, cardId: string) => {
    onRow(id);
    call('reconcileDeposit', { cardId }).then(async (report) => {
      const values = { card: cardId, wechat: report.wechatCount, logged: report.loggedCount, missing: report.missing.slice(0, 10).join(', ') };
      row.setNotice({ kind: report.matches ? 'ok' : 'error', text: bothLanguages(report.matches ? 'batches.reconciled' : 'batches.reconcileMissing', values) });
      // Seed 002 §4.1: WeChat hands out a deposit-mode card only up to its stock.
      const plan = report.matches ? await call('cardStockPlan', { cardId }) : null;
      setStockOffer(plan?.change ? plan : null);
    }, row.fail);
  };

  // The result and the offer that follows it, whole in the window.
  useEffect(() => {
    rowResult.current?.scrollIntoView({ block: 'nearest' });
  }, [row.notice, stockOffer]);

  const applyStock = async (plan: Result<'cardStockPlan'>) => {
    if (!window.confirm(t('batches.stockConfirm', { card: plan.cardId, stock: plan.stock, deposited: plan.deposited }))) return;
    try {
      const card = await call('modifyCardStock', { cardId: plan.cardId, ...plan.change! });
      setStockOffer(null);
      setCardsVersion((v) => v + 1);
      row.setNotice({ kind: 'ok', text: bothLanguages('batches.stockSet', { card: card.cardId, stock: card.stock }) });
    } catch (error) {
      row.fail(error);
    }
  };

  const demo = batches.find(isDemo);
  const issueDemo = async () => {
    try {
      const planned = await call('planBatch', {
        product: DEMO_PRODUCT,
        qrcodeSizePx: 100,
        name: t('guide.batchName'),
        source: { kind: 'pattern', pattern: DEMO_PATTERN, start: 1, count: 50, step: 1 },
      });
      await call('startBatch', { id: planned.id });
      await refresh();
    } catch (error) {
      guideNotice.fail(error);
    }
  };
  const demoFile = demo && exported?.get(demo.id);
  // The desktop opens the PDF in the system's viewer; a browser in its own viewer.
  const openDemo = (file: string) =>
    (info?.desktop ? call('openExport', { file }) : call('printExport', { file }).then((r) => r.url && window.open(r.url, '_blank', 'noopener'))).catch(guideNotice.fail);
  // The guided first batch: on the sandbox, from an empty log to the demo's PDF opened. It stays above
  // the export of the demo (its second step) and then offers the third until closed; it steps aside
  // for any other export, and is not offered again once the demo has been exported. Nothing shows
  // before both lists are read, so a guide closed before does not flash back on a reload.
  const guide = onSandbox && listed && exported !== null && (demo ? (!demoFile || guideStays) && (!exporting || exporting.id === demo.id) : batches.length === 0 && !exporting);

  return (
    <Screen id="batches" title={t('batches.title')} intro={t('batches.intro')} notice={notice}>
      {guide && (
        <div className="panel guide" data-testid="first-run">
          <h2>{t('guide.title')}</h2>
          <p>{t('sandbox.notWechatLong')}</p>
          <ol>
            <li className={demo ? 'step done' : 'step'}>
              {t('guide.step1')}{' '}
              {!demo && (
                <button type="button" className="primary" data-testid="guide-issue" onClick={issueDemo}>
                  {t('guide.issue')}
                </button>
              )}
            </li>
            <li className={demoFile ? 'step done' : demo?.state === 'done' ? 'step' : 'step waiting'}>
              {t('guide.step2')}{' '}
              {demo?.state === 'done' && !demoFile && !exporting && (
                <button type="button" className="primary" data-testid="guide-export" onClick={() => setExporting(demo)}>
                  {t('batches.export')}
                </button>
              )}
            </li>
            <li className={demoFile ? 'step' : 'step waiting'} data-testid="guide-step3">
              {t('guide.step3')}{' '}
              {demoFile && (
                <>
                  <button type="button" className="primary" data-testid="guide-open" onClick={() => void openDemo(demoFile)}>
                    {t('guide.open')}
                  </button>{' '}
                  <button type="button" data-testid="guide-close" onClick={() => setGuideStays(false)}>
                    {t('guide.close')}
                  </button>
                </>
              )}
            </li>
          </ol>
          <NoticeLine notice={guideNotice.notice} />
        </div>
      )}
      {exporting ? (
        <ExportPanel
          batch={exporting}
          info={info}
          initialStock={stockFor[exporting.id]}
          onClose={() => setExporting(null)}
          onExported={(batchId) => {
            if (batchId === demo?.id) setGuideStays(true);
            void readExports();
          }}
        />
      ) : (
        <NewBatchForm
          account={{ sandbox: onSandbox, name: accountName }}
          cardsVersion={cardsVersion}
          onStarted={(batch, stockId) => {
            setStockFor((all) => ({ ...all, [batch.id]: stockId }));
            void refresh();
          }}
        />
      )}
      <div className="panel">
        <h2>{t('batches.list')}</h2>
        <table className="table" data-testid="batch-table">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('batch.name')}</th>
              <th>{t('batches.codesOf')}</th>
              <th>{t('batches.state')}</th>
              <th>{t('batches.progress')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {batches.map((b) => {
              // Live counts while it issues; once it has stopped, the log's own row says how it ended.
              const live = progress[b.id]?.state === 'running' && (b.state === 'running' || b.state === 'planned') ? progress[b.id] : undefined;
              const issued = live?.issued ?? b.issued;
              const failed = live?.failed ?? b.failed;
              const state = live ? 'running' : b.state === 'running' && !b.active ? 'interrupted' : b.state;
              const pct = b.codeCount ? Math.floor(((issued + failed) / b.codeCount) * 100) : 0;
              return (
                <Fragment key={b.id}>
                <tr data-batch-id={b.id} data-state={state}>
                  <td>{b.id}</td>
                  <td>
                    {b.name}
                    {b.validityS !== null && b.finishedAt && (
                      <div className="small muted" data-testid={`valid-until-${b.id}`}>
                        {t('batches.validUntil', { date: new Date(Date.parse(b.createdAt) + b.validityS * 1000).toISOString().slice(0, 10) })}
                      </div>
                    )}
                  </td>
                  <td className="mono wrap">
                    {b.kind === 'product' ? (
                      <>
                        {b.keystandard}:<wbr />
                        <span className="product-key">{b.keystr}</span>
                      </>
                    ) : (
                      b.keystr
                    )}
                    {b.kind === 'jump' && <> <span className="tag">{t('batch.kind.jump')}</span></>}
                    {b.kind === 'card' && <> <span className="tag">{t('batch.kind.card')}</span></>}
                    {b.kind === 'deposit' && <> <span className="tag">{t('batches.deposit')}</span></>}
                    {b.test && <> <span className="tag">{t('batches.test')}</span></>}
                  </td>
                  <td>
                    <span className={`state state-${state}`}>{t(`state.${state}` as 'state.done')}</span>
                    {b.owner?.elsewhere && (
                      <div className="small muted" data-testid={`owner-${b.id}`}>
                        {t(b.owner.requested === 'cancel' ? 'batches.elsewhereCancelling' : b.owner.requested === 'pause' ? 'batches.elsewherePausing' : 'batches.elsewhere', { pid: b.owner.pid })}
                      </div>
                    )}
                    {b.kind === 'product' && b.issued > 0 && (
                      <div className="small muted" data-testid={`activation-${b.id}`}>
                        {b.test
                          ? t('batches.activation.tester')
                          : b.activated === 0
                            ? t('batches.activation.none')
                            : b.activated >= b.issued
                              ? t('batches.activation.all', { count: b.activated })
                              : t('batches.activation.part', { count: b.activated, issued: b.issued })}
                      </div>
                    )}
                    {b.state === 'stopped' && b.stopReason && (
                      <div className="small error-text">
                        {local(b.stopReason)}
                        {b.stopErrcode !== null && ` (${t('error.code', { code: b.stopErrcode })})`}
                        {b.stopErrcode === QUOTA_USED_UP && (
                          <div>
                            <button type="button" data-testid={`reset-quota-${b.id}`} onClick={() => resetQuota(b.id)}>
                              {t('account.resetQuota')}
                            </button>
                          </div>
                        )}
                      </div>
                    )}
                  </td>
                  <td className="progress-cell">
                    <div className="bar" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
                      <div className="bar-fill" style={{ width: `${pct}%` }} />
                    </div>
                    <div className="small muted" data-testid={`progress-${b.id}`}>
                      {t(b.kind === 'deposit' ? 'batches.countsDeposited' : 'batches.counts', { issued, total: b.codeCount, failed })}
                      {live?.state === 'running' && live.ratePerS > 0 && ` · ${Math.round(live.ratePerS)}/s · ${t('batches.eta')} ${formatEta(live.etaS)}`}
                    </div>
                    {claims[b.id] && (
                      <div className="small" data-testid={`claims-${b.id}`}>
                        {t('batches.claims', { claims: claims[b.id]!.claims + claims[b.id]!.gifts, consumed: claims[b.id]!.consumed, deleted: claims[b.id]!.deleted })}
                      </div>
                    )}
                  </td>
                  <td className="actions">
                    {(b.active || live?.state === 'running') && (
                      <button type="button" onClick={() => act(b.id, () => call('pauseBatch', { id: b.id }))}>
                        {t('batches.pause')}
                      </button>
                    )}
                    {!b.active && ['planned', 'paused', 'stopped', 'running'].includes(b.state) && live?.state !== 'running' && (
                      <button type="button" onClick={() => act(b.id, () => call('startBatch', { id: b.id }))}>
                        {t('batches.resume')}
                      </button>
                    )}
                    {b.state !== 'done' && b.state !== 'cancelled' && (
                      <button type="button" className="danger" onClick={() => window.confirm(t('batches.cancelConfirm', { id: b.id })) && act(b.id, () => call('cancelBatch', { id: b.id }))}>
                        {t('batches.cancel')}
                      </button>
                    )}
                    {(b.state === 'done' || (b.state === 'cancelled' && b.issued > 0)) && b.kind !== 'deposit' && (
                      <button type="button" className={b.state === 'done' ? 'primary' : undefined} data-testid={`export-${b.id}`} onClick={() => setExporting(b)}>
                        {t(b.state === 'done' ? 'batches.export' : 'batches.exportIssued', { count: b.issued })}
                      </button>
                    )}
                    {b.kind === 'product' && !b.test && b.activated < b.issued && ['done', 'cancelled'].includes(b.state) && (
                      <button
                        type="button"
                        data-testid={`activate-${b.id}`}
                        onClick={() =>
                          window.confirm(t('batches.activateConfirm', { id: b.id, count: b.issued - b.activated })) &&
                          act(b.id, async () => {
                            const r = await call('activateBatch', { id: b.id });
                            row.setNotice({ kind: 'ok', text: bothLanguages('batches.activated', { id: b.id, count: r.changed }) });
                          })
                        }
                      >
                        {t('batches.activate')}
                      </button>
                    )}
                    {b.kind === 'product' && b.activated > 0 && (
                      <button
                        type="button"
                        data-testid={`deactivate-${b.id}`}
                        onClick={() =>
                          window.confirm(t('batches.deactivateConfirm', { id: b.id, count: b.activated })) &&
                          act(b.id, async () => {
                            const r = await call('activateBatch', { id: b.id, undo: true });
                            row.setNotice({ kind: 'ok', text: bothLanguages('batches.deactivated', { id: b.id, count: r.changed }) });
                          })
                        }
                      >
                        {t('batches.deactivate')}
                      </button>
                    )}
                    {b.state === 'done' && b.kind === 'deposit' && (
                      <button type="button" data-testid={`reconcile-${b.id}`} onClick={() => reconcile(b.id, b.keystr)}>
                        {t('batches.reconcile')}
                      </button>
                    )}
                  </td>
                </tr>
                {rowId === b.id && (row.notice || stockOffer) && (
                  <tr ref={rowResult} className="row-result" data-testid={`row-result-${b.id}`}>
                    <td colSpan={6}>
                      <NoticeLine notice={row.notice} />
                      {stockOffer && (
                        <div className="offer" data-testid="stock-offer">
                          <p>{t('batches.stockOffer', { card: stockOffer.cardId, stock: stockOffer.stock, deposited: stockOffer.deposited })}</p>
                          <button type="button" className="primary" onClick={() => void applyStock(stockOffer)} data-testid="stock-apply">
                            {t('batches.stockApply', { deposited: stockOffer.deposited })}
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
        {!batches.length && <p className="muted">{t('batches.none')}</p>}
      </div>
    </Screen>
  );
}
