import { useEffect, useState } from 'react';
import type { Result } from '../../../shared/contract';
import { call } from '../bridge/api';
import { bothLanguages, useI18n } from '../i18n/i18n';
import { NoticeLine, useNotice } from './useNotice';

type Printer = Result<'listPrinters'>[number];

/**
 * Print… for an exported file: a printer CUPS offers, copies and pages, printed at 100 % (a PDF is
 * never fitted to the page; ZPL goes raw). A PDF can also go to the system's print dialog (desktop)
 * or the browser's own viewer — whose print dialog then prints, so the form says what to choose in it.
 */
export function PrintForm({ file, pages, desktop, onClose }: { file: string; pages: number; desktop: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { notice, fail, setNotice } = useNotice();
  // Why no printer can be chosen is told under the printer, not after the buttons.
  const listing = useNotice();
  const [printers, setPrinters] = useState<Printer[] | null>(null);
  const [printer, setPrinter] = useState('');
  const [copies, setCopies] = useState(1);
  const [from, setFrom] = useState(1);
  const [to, setTo] = useState(pages);
  const [busy, setBusy] = useState(false);
  const pdf = file.toLowerCase().endsWith('.pdf');

  useEffect(() => {
    call('listPrinters', {}).then((list) => {
      setPrinters(list);
      setPrinter(list[0]?.name ?? '');
    }, listing.fail);
  }, []);

  const print = async () => {
    setBusy(true);
    setNotice(null);
    try {
      const all = from === 1 && to === pages;
      const job = await call('printOnPrinter', { file, printer, copies, ...(all ? {} : { pages: { from, to } }) });
      setNotice({ kind: 'ok', text: bothLanguages('print.sent', { printer: job.printer, pages: job.pages, copies: job.copies }) });
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };
  // The desktop's print dialog; in a browser, the PDF in the browser's own viewer.
  const system = () =>
    call('printExport', { file }).then((r) => {
      if (r.url) window.open(r.url, '_blank', 'noopener');
    }, fail);

  return (
    <div className="print-form" data-testid="print-form">
      <div className="row">
        <div className="field">
          <label htmlFor="print-printer">{t(desktop ? 'print.printer' : 'print.serverPrinter')}</label>
          <select id="print-printer" value={printer} onChange={(e) => setPrinter(e.target.value)} disabled={!printers?.length}>
            {printers?.map((p) => (
              <option key={p.name} value={p.name}>
                {p.isDefault ? `${p.name} (${t('print.default')})` : p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field small-field">
          <label htmlFor="print-copies">{t('print.copies')}</label>
          <input id="print-copies" type="number" min={1} max={999} value={copies} onChange={(e) => setCopies(Number(e.target.value))} />
        </div>
        <div className="field small-field">
          <label htmlFor="print-from">{t('print.from')}</label>
          <input id="print-from" type="number" min={1} max={pages} value={from} onChange={(e) => setFrom(Number(e.target.value))} />
        </div>
        <div className="field small-field">
          <label htmlFor="print-to">{t('print.to')}</label>
          <input id="print-to" type="number" min={1} max={pages} value={to} onChange={(e) => setTo(Number(e.target.value))} />
        </div>
      </div>
      {printers && !printers.length && <p className="hint" data-testid="print-no-printers">{t('print.noPrinters')}</p>}
      {listing.notice && (
        <div data-testid="print-listing-problem">
          <NoticeLine notice={listing.notice} />
        </div>
      )}
      <p className="hint">{t(pdf ? 'print.actualSize' : 'print.raw')}</p>
      {pdf && (
        <p className="hint print-elsewhere" data-testid="print-dialog-hint">
          {t(desktop ? 'print.systemHint' : 'print.browserHint')}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="primary" data-testid="print-send" disabled={busy || !printer} onClick={() => void print()}>
          {t('print.send')}
        </button>
        {pdf && (
          <button type="button" data-testid="print-system" onClick={() => void system()}>
            {t(desktop ? 'print.systemDialog' : 'print.browserViewer')}
          </button>
        )}
        <button type="button" onClick={onClose}>
          {t('form.cancel')}
        </button>
      </div>
      <NoticeLine notice={notice} />
    </div>
  );
}
