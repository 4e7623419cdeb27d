import { useState } from 'react';
import type { TicketCheckView } from '../../../shared/contract';
import { wxticketFrom } from '../../../shared/products/wxticket';
import { call } from '../bridge/api';
import { useI18n } from '../i18n/i18n';
import { NoticeLine, useNotice } from './useNotice';

/**
 * Who followed a product page's link: the wxticket (or the whole URL a tester copied) checked with
 * WeChat and told in plain words. A ticket lives 20 minutes after the scan.
 */
export function TicketCheck() {
  const { t } = useI18n();
  const { notice, setNotice, fail } = useNotice();
  const [input, setInput] = useState('');
  const [result, setResult] = useState<TicketCheckView | null>(null);
  const parsed = wxticketFrom(input);
  const check = async () => {
    setResult(null);
    setNotice(null);
    try {
      setResult(await call('checkTicket', { ticket: input.trim() }));
    } catch (error) {
      fail(error);
    }
  };
  return (
    <div className="panel" data-testid="ticket-check">
      <h2>{t('ticket.title')}</h2>
      <p className="hint panel-intro" data-testid="ticket-intro">{t('ticket.intro')}</p>
      <div className="field">
        <label htmlFor="ticket-input">{t('ticket.input')}</label>
        <input id="ticket-input" value={input} spellCheck={false} onChange={(e) => setInput(e.target.value)} aria-invalid={Boolean(input.trim()) && !parsed} placeholder="https://brand.example/page?wxticket=…&wxextinfo=…" />
        {input.trim() && !parsed && <p className="field-error">{t('ticket.notATicket')}</p>}
      </div>
      <button type="button" disabled={!parsed} onClick={check} data-testid="check-ticket">
        {t('ticket.check')}
      </button>
      <NoticeLine notice={notice} />
      {result && (
        <dl className="facts" data-testid="ticket-result">
          <dt>{t('ticket.product')}</dt>
          <dd className="mono">
            {result.keystandard}:{result.keystr}
            {result.title && <span className="muted"> · {result.title}</span>}
          </dd>
          <dt>extinfo</dt>
          <dd className="mono">{result.extinfo ?? t('ticket.noExtinfo')}</dd>
          <dt>OpenID</dt>
          <dd className="mono">{result.openid}</dd>
          <dt>{t('ticket.scene')}</dt>
          <dd>{result.scene === 'scan' ? t('ticket.sceneScan') : t('ticket.sceneOther', { scene: result.scene })}</dd>
          <dt>{t('ticket.scannedBefore')}</dt>
          <dd data-testid="ticket-scanned-before">{result.scannedBefore ? t('ticket.yesScanned') : t('ticket.firstScan')}</dd>
          <dt>{t('ticket.follows')}</dt>
          <dd>{result.follows ? t('ticket.yesFollows') : t('ticket.notFollowing')}</dd>
        </dl>
      )}
    </div>
  );
}
