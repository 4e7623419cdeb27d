import { useEffect, useMemo, useState } from 'react';
import type { AppInfo, BatchView, Result } from '../../../shared/contract';
import { TEMPLATE_LIMITS, type Template } from '../../../shared/sheets/templateSchema';
import { call, ServiceError, subscribe } from '../bridge/api';
import { EccSelect } from '../components/EccSelect';
import { LabelRunFields, type LabelRun } from '../components/LabelRunFields';
import { StockOptions, useStocks } from '../components/stockPicker';
import { NoticeLine, useNotice } from '../components/useNotice';
import { PrintForm } from '../components/PrintForm';
import { useSheetPreview } from '../components/useSheetPreview';
import { useI18n } from '../i18n/i18n';

type ExportResult = Result<'exportBatch'>;

const TEXT_SIZES = [60, 70, 80, 90, 100, 110, 125, 150] as const;

/** A design with every text line's size (and smallest size) scaled by a percentage. */
function withTextSize(template: Template, percent: number): Template {
  const scaled = (pt: number) => Math.min(TEMPLATE_LIMITS.textPt.max, Math.max(TEMPLATE_LIMITS.textPt.min, Math.round(pt * percent) / 100));
  return { ...template, text: template.text.map((line) => ({ ...line, sizePt: scaled(line.sizePt), ...(line.minSizePt === undefined ? {} : { minSizePt: Math.min(scaled(line.minSizePt), scaled(line.sizePt)) }) })) };
}

/** Stock, live preview, format, range, verification, destination — then the export and its result. */
export function ExportPanel({
  batch,
  info,
  initialStock,
  onClose,
  onExported,
}: {
  batch: BatchView;
  info: AppInfo | null;
  initialStock?: string;
  onClose: () => void;
  onExported?: (batchId: number) => void;
}) {
  const { t, local, language } = useI18n();
  const { notice, fail, setNotice } = useNotice();
  const [stockId, setStockId] = useState(initialStock ?? 'avery-l7651');
  const [designs, setDesigns] = useState<{ name: string; template: Template; savedAt: string }[]>([]);
  const [design, setDesign] = useState('');
  const [template, setTemplate] = useState<Template | null>(null);
  const [ecc, setEcc] = useState<'L' | 'M' | 'Q' | 'H'>('M');
  const [format, setFormat] = useState<'pdf' | 'png' | 'tiff' | 'zpl'>('pdf');
  const [zplDpi, setZplDpi] = useState<203 | 300 | 600>(203);
  const [verify, setVerify] = useState<'full' | 'sample' | 'off'>('full');
  const [from, setFrom] = useState(1);
  const [to, setTo] = useState(batch.codeCount);
  // The desktop app writes anywhere chosen with Browse…; a browser only into the data folder's exports.
  const separator = info?.dataDir.includes('\\') ? '\\' : '/';
  const exportsDir = `${info?.dataDir ?? ''}${separator}exports`;
  const [out, setOut] = useState(`${exportsDir}${separator}batch-${batch.id}.pdf`);
  const [textPercent, setTextPercent] = useState(100);
  const [labelRun, setLabelRun] = useState<LabelRun>({ startAt: 1, copiesPerCode: 1, repeat: 1 });
  const [progress, setProgress] = useState<{ stage: string; done: number; total: number } | null>(null);
  const [result, setResult] = useState<ExportResult | null>(null);
  /** The exported file whose Print… form is open. */
  const [printing, setPrinting] = useState<string | null>(null);
  const stocks = useStocks(fail);
  // A saved design prints on its own stock: shown, whatever was picked before it was chosen.
  const savedStock = designs.find((d) => d.name === design)?.template.stock;
  const shownStockId = savedStock === undefined ? stockId : typeof savedStock === 'string' ? savedStock : savedStock.id;
  const shownStocks = savedStock !== undefined && typeof savedStock !== 'string' && !stocks.some((s) => s.id === savedStock.id) ? [...stocks, savedStock] : stocks;

  useEffect(() => {
    call('listTemplates', {}).then((saved) => {
      setDesigns(saved);
      // The design saved last for the stock the panel opens on is most likely the one to print.
      const forStock = saved.filter((d) => (typeof d.template.stock === 'string' ? d.template.stock : d.template.stock?.id) === stockId);
      const latest = forStock.sort((a, b) => b.savedAt.localeCompare(a.savedAt))[0];
      if (latest) setDesign(latest.name);
    }, fail);
    // A batch exported before is offered a new file name, so its earlier files stay as the Log lists them.
    call('listExports', { batchId: batch.id }).then(
      (earlier) => earlier.length > 0 && setOut((o) => o.replace(new RegExp(`batch-${batch.id}(\\.\\w+)$`), `batch-${batch.id}-${earlier.length + 1}$1`)),
      fail,
    );
  }, []);
  useEffect(() => {
    const saved = designs.find((d) => d.name === design);
    if (saved) setTemplate({ ...saved.template, qr: { ...saved.template.qr, ecc } });
    else call('defaultTemplate', { stockId, ecc, ...(batch.kind === 'jump' && batch.options.gs1 ? { gs1: true } : {}) }).then(setTemplate, fail);
  }, [stockId, ecc, design]);
  // Text made larger or smaller at the press, every line alike (each still shrinks to fit its box).
  const sized = useMemo(() => (template && textPercent !== 100 ? withTextSize(template, textPercent) : template), [template, textPercent]);
  // ZPL is a roll's labels for a label printer, drawn at that printer's own resolution.
  const stock = typeof template?.stock === 'string' ? stocks.find((s) => s.id === template.stock) : template?.stock;
  const roll = stock?.kind === 'roll';
  // A roll has no used positions to skip: its labels always start at the first.
  const sheetRun = roll ? { ...labelRun, startAt: 1 } : labelRun;
  useEffect(() => {
    if (!roll && format === 'zpl') setFormat('pdf');
  }, [roll, format]);
  const preview = useSheetPreview(sized, { batchId: batch.id, widthPx: 520, run: sheetRun }, fail);
  useEffect(() => subscribe('exportProgress', (p) => p.batchId === batch.id && setProgress(p)), [batch.id]);
  useEffect(() => setOut((o) => o.replace(/\.(pdf|png|tif|zpl)$/, `.${format === 'tiff' ? 'tif' : format}`)), [format]);

  /** The service's question, and which of the Log's exports name the file: they will point at the new one. */
  const replaceQuestion = async (question: string): Promise<string> => {
    // Unlisted (the log unreadable just now), the question is still asked, without the names.
    const records = await call('listExports', {}).catch(() => []);
    const logged = records.filter((e) => e.file === out).map((e) => e.id).sort((a, b) => a - b).map(String);
    if (!logged.length) return question;
    const ids = new Intl.ListFormat(language, { type: 'conjunction' }).format(logged);
    return `${question}\n\n${t(logged.length > 1 ? 'export.replaceLoggedMany' : 'export.replaceLogged', { ids })}`;
  };
  const run = async (replace = false): Promise<void> => {
    if (!sized) return;
    setResult(null);
    setNotice(null);
    try {
      const printed = format === 'zpl' ? { ...sized, printerDpi: zplDpi } : sized;
      setResult(await call('exportBatch', { batchId: batch.id, template: printed, out, format, verify, range: { from, to }, ...sheetRun, replace }));
      onExported?.(batch.id);
    } catch (error) {
      // A file already there: the person decides (the service never writes over one unasked).
      const wire = error instanceof ServiceError ? error.wire : undefined;
      if (!replace && wire?.code === 'conflict' && wire.fields?.[0]?.field === 'out') {
        if (window.confirm(await replaceQuestion(local(wire.message)))) return run(true);
        return;
      }
      fail(error);
    } finally {
      setProgress(null);
    }
  };

  return (
    <div className="panel export-panel" data-testid="export-panel">
      <h2>{t('export.title', { id: batch.id, name: batch.name })}</h2>
      <div className="columns">
        <div>
          <div className="field">
            <label htmlFor="export-design">{t('export.template')}</label>
            <select id="export-design" value={design} onChange={(e) => setDesign(e.target.value)}>
              <option value="">{t('export.defaultDesign')}</option>
              {designs.map((d) => (
                <option key={d.name}>{d.name}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="export-stock">{t('export.stock')}</label>
            <select id="export-stock" value={shownStockId} disabled={design !== ''} onChange={(e) => setStockId(e.target.value)}>
              <StockOptions stocks={shownStocks} />
            </select>
          </div>
          <div className="row">
            <EccSelect id="export-ecc" value={ecc} onChange={setEcc} />
            <div className="field small-field">
              <label htmlFor="export-format">{t('export.format')}</label>
              <select id="export-format" value={format} onChange={(e) => setFormat(e.target.value as typeof format)}>
                <option value="pdf">PDF</option>
                <option value="png">PNG</option>
                <option value="tiff">TIFF (1-bit)</option>
                {roll && <option value="zpl">ZPL</option>}
              </select>
            </div>
            {format === 'zpl' && (
              <div className="field small-field">
                <label htmlFor="export-zpl-dpi">{t('export.zplDpi')}</label>
                <select id="export-zpl-dpi" value={zplDpi} onChange={(e) => setZplDpi(Number(e.target.value) as typeof zplDpi)}>
                  <option value={203}>203 dpi</option>
                  <option value={300}>300 dpi</option>
                  <option value={600}>600 dpi</option>
                </select>
              </div>
            )}
            <div className="field small-field">
              <label htmlFor="export-verify">{t('export.verify')}</label>
              <select id="export-verify" value={verify} onChange={(e) => setVerify(e.target.value as typeof verify)}>
                <option value="full">{t('export.verify.full')}</option>
                <option value="sample">{t('export.verify.sample')}</option>
                <option value="off">{t('export.verify.off')}</option>
              </select>
            </div>
          </div>
          <div className="row">
            <div className="field small-field">
              <label htmlFor="export-from">{t('export.from')}</label>
              <input id="export-from" type="number" min={1} max={batch.codeCount} value={from} onChange={(e) => setFrom(Number(e.target.value))} />
            </div>
            <div className="field small-field">
              <label htmlFor="export-to">{t('export.to')}</label>
              <input id="export-to" type="number" min={1} max={batch.codeCount} value={to} onChange={(e) => setTo(Number(e.target.value))} />
            </div>
          </div>
          {batch.state === 'cancelled' && (
            <p className="hint" data-testid="export-range-cancelled">
              {t('export.rangeCancelled', { planned: batch.codeCount, issued: batch.issued })}
            </p>
          )}
          <LabelRunFields run={sheetRun} onChange={setLabelRun} labelsPerSheet={stock ? stock.columns * stock.rows : 1} roll={roll} />
          <div className="row">
            <div className="field small-field">
              <label htmlFor="export-text-size">{t('export.textSize')}</label>
              <select id="export-text-size" value={textPercent} onChange={(e) => setTextPercent(Number(e.target.value))}>
                {TEXT_SIZES.map((pct) => (
                  <option key={pct} value={pct}>
                    {pct} %
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="field">
            <label htmlFor="export-out">{t('export.destination')}</label>
            {info?.desktop ? (
              <div className="inline">
                <input id="export-out" value={out} onChange={(e) => setOut(e.target.value)} spellCheck={false} />
                <button
                  type="button"
                  data-testid="export-browse"
                  onClick={() =>
                    call('chooseExportFile', { suggestedName: out.split(/[\\/]/).pop() || `batch-${batch.id}.pdf`, format }).then((r) => r.file && setOut(r.file), fail)
                  }
                >
                  {t('export.browse')}
                </button>
              </div>
            ) : (
              <>
                <div className="inline path-field">
                  <span className="mono small muted" data-testid="export-folder">
                    {exportsDir}
                    {separator}
                  </span>
                  <input
                    id="export-out"
                    value={out.slice(exportsDir.length + 1)}
                    onChange={(e) => setOut(`${exportsDir}${separator}${e.target.value.replace(/[\\/]/g, '')}`)}
                    spellCheck={false}
                  />
                </div>
                <p className="hint">{t('export.browserFolder')}</p>
              </>
            )}
          </div>
          <div className="form-actions">
            <button type="button" className="primary" disabled={!sized || progress !== null || Boolean(preview?.problem)} onClick={() => void run()} data-testid="run-export">
              {t('export.run')}
            </button>
            <button type="button" onClick={onClose}>
              {t('form.cancel')}
            </button>
          </div>
          {progress && (
            <p className="muted" data-testid="export-progress">
              {t(progress.stage === 'writing' ? 'export.writing' : 'export.verifying', { done: progress.done, total: progress.total })}
            </p>
          )}
          <NoticeLine notice={notice} />
          {result && (
            <div className={`notice ${result.verify.failures.length ? 'error' : 'ok'}`} data-testid="export-result">
              <p>{t('export.done', { labels: result.labels, pages: result.pages, seconds: result.seconds.toFixed(1) })}</p>
              {result.verify.mode !== 'off' && <p>{t('export.verified', { checked: result.verify.checked, failed: result.verify.failures.length })}</p>}
              {result.verify.failures.slice(0, 10).map((f) => (
                <p key={f.extinfo}>{t('export.failure', { extinfo: f.extinfo, page: f.page })}</p>
              ))}
              {result.partial && (
                <p data-testid="export-partial">{t('export.partial', { printed: result.partial.printed, planned: result.partial.planned })}</p>
              )}
              {result.warnings.map((w) => (
                <p key={w.en} className="error-text" data-testid="export-warning">
                  {local(w)}
                </p>
              ))}
              {result.files.slice(0, 5).map((f) => (
                <div key={f.file}>
                  <p className="export-file">
                    <span className="mono small">{f.file}</span>{' '}
                    {(format === 'pdf' || format === 'zpl') && (
                      <button type="button" data-testid="print-export" onClick={() => setPrinting(printing === f.file ? null : f.file)}>
                        {t('export.print')}
                      </button>
                    )}{' '}
                    {info?.desktop && (
                      <>
                        <button type="button" className="primary" data-testid="open-export" onClick={() => call('openExport', { file: f.file }).catch(fail)}>
                          {t('export.open')}
                        </button>{' '}
                        <button type="button" onClick={() => call('showInFolder', { file: f.file })}>
                          {t('export.showInFolder')}
                        </button>
                      </>
                    )}
                  </p>
                  {printing === f.file && <PrintForm file={f.file} pages={f.pages} desktop={Boolean(info?.desktop)} onClose={() => setPrinting(null)} />}
                </div>
              ))}
              {result.manifest && (
                <p className="export-file" data-testid="export-manifest">
                  {t('export.manifest')} <span className="mono small">{result.manifest}</span>
                </p>
              )}
            </div>
          )}
        </div>
        <div className="preview">
          {preview && <img src={preview.src} alt={t('export.preview')} data-testid="sheet-preview" />}
          {preview?.problem && (
            <p className="notice error" data-testid="template-problem">
              {preview.problem}
            </p>
          )}
        </div>
      </div>
    </div>
  );
}
