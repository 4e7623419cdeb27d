import { useEffect, useRef, useState } from 'react';
import type { Result } from '../../../shared/contract';
import type { LocalizedText } from '../../../shared/text';
import { call, subscribe } from '../bridge/api';
import { Screen } from '../components/Screen';
import { NoticeLine, useNotice } from '../components/useNotice';
import { useI18n } from '../i18n/i18n';
import { SANDBOX_DEMO_CARD_ID } from '../../../shared/cards/cardCode';
import { bothLanguages } from '../i18n/i18n';
import { CardPicker, useCards } from '../components/CardPicker';
import { ProductPagePreview, type BrandInfo } from './ProductPagePreview';
import { WhitelistEditor } from '../components/WhitelistEditor';
import { LandingPageForm } from '../components/LandingPageForm';
import { TicketCheck } from '../components/TicketCheck';

/** The stock a tester sheet is drawn on: six codes large enough to scan from a screen. */
const TESTER_STOCK = 'avery-l7160';

/** For the brand's testers: the whitelist, unpublished product pages, and a tester sheet to scan. */
export function TestersScreen() {
  const { t, local } = useI18n();
  const { notice, fail } = useNotice();
  // Each panel tells what its own buttons came to, under them.
  const sheetNotice = useNotice();
  const cardNotice = useNotice();
  const [products, setProducts] = useState<Result<'listProducts'>['items']>([]);
  const [productKey, setProductKey] = useState('');
  const [page, setPage] = useState<BrandInfo | null>(null);
  const [sheet, setSheet] = useState<{ batchId: number; png?: string; problem?: LocalizedText } | null>(null);
  const [cardId, setCardId] = useState('');
  const [mpnews, setMpnews] = useState<string | null>(null);
  const showMpnews = () => call('getCardMpnews', { cardId }).then((r) => setMpnews(r.html), cardNotice.fail);
  const cards = useCards(cardNotice.fail);
  const [previewBy, setPreviewBy] = useState<'openid' | 'wxname'>('openid');
  const [previewTo, setPreviewTo] = useState('');
  // message/mass/preview: the card as the tester's phone receives it; audited.
  const sendPreview = () =>
    call('previewCard', previewBy === 'openid' ? { cardId, openid: previewTo.trim() } : { cardId, wxname: previewTo.trim() }).then(
      () => cardNotice.setNotice({ kind: 'ok', text: bothLanguages('testers.cardPreviewSent', { card: cardId, to: previewTo.trim() }) }),
      cardNotice.fail,
    );

  useEffect(() => {
    call('listProducts', { limit: 100 }).then((l) => setProducts(l.items.filter((p) => p.status !== 'on')), fail);
  }, []);
  useEffect(() => {
    if (!productKey) return setPage(null);
    const [keystandard, keystr] = productKey.split(':') as [string, string];
    call('getProduct', { keystandard, keystr }).then((info) => setPage(info as BrandInfo), sheetNotice.fail);
  }, [productKey]);
  // The sheet's batch, read by a listener there from the start: six codes can be issued before a
  // listener made anew for the new batch would be, and its "done" was then missed.
  const sheetBatch = useRef<number | null>(null);
  useEffect(
    () =>
      subscribe('batchProgress', async (p) => {
        if (p.batchId !== sheetBatch.current || p.state !== 'done') return;
        const template = await call('defaultTemplate', { stockId: TESTER_STOCK });
        const preview = await call('previewSheet', { template, batchId: p.batchId, widthPx: 700 });
        setSheet({ batchId: p.batchId, png: `data:image/png;base64,${preview.pngBase64}`, problem: preview.problem ?? undefined });
      }),
    [],
  );

  const makeSheet = async () => {
    const [keystandard, keystr] = productKey.split(':') as [string, string];
    try {
      const stamp = new Date().toISOString().replace(/\D/g, '').slice(2, 12);
      // The sheet's design is checked with the product's real title before any code is issued.
      const design = await call('defaultTemplate', { stockId: TESTER_STOCK });
      const batch = await call('planBatch', {
        product: { keystandard, keystr },
        qrcodeSizePx: 200,
        name: t('testers.sheetName'),
        source: { kind: 'pattern', pattern: `TEST${stamp}-{seq:2}`, start: 1, count: 6, step: 1 },
        design,
        tester: true,
      });
      sheetBatch.current = batch.id;
      setSheet({ batchId: batch.id });
      await call('startBatch', { id: batch.id });
    } catch (error) {
      sheetNotice.fail(error);
    }
  };

  return (
    <Screen id="testers" title={t('testers.title')} intro={t('testers.intro')} notice={notice}>
      <div className="columns">
        <div className="stack">
          <WhitelistEditor target="product" title="testers.whitelist" idPrefix="" />
          <WhitelistEditor target="card" title="testers.cardWhitelist" idPrefix="card-" />
          <LandingPageForm />
        </div>
        <div className="stack">
        <TicketCheck />
        <div className="panel">
          <h2>{t('testers.preview')}</h2>
          <div className="field">
            <label htmlFor="tester-product">{t('testers.product')}</label>
            <select id="tester-product" value={productKey} onChange={(e) => setProductKey(e.target.value)}>
              <option value="">—</option>
              {products.map((p) => (
                <option key={`${p.keystandard}:${p.keystr}`} value={`${p.keystandard}:${p.keystr}`}>
                  {p.keystandard}:{p.keystr} ({t(`status.${p.status}`)})
                </option>
              ))}
            </select>
            <p className="hint" data-testid="tester-product-hint">{t(products.length ? 'testers.productHint' : 'testers.noUnpublished')}</p>
          </div>
          {page && <ProductPagePreview info={page} />}
          {productKey && (
            <button type="button" onClick={makeSheet} data-testid="tester-sheet">
              {t('testers.makeSheet')}
            </button>
          )}
          <NoticeLine notice={sheetNotice.notice} />
          {sheet?.problem && (
            <p className="notice error" data-testid="tester-sheet-problem">
              {local(sheet.problem)}
            </p>
          )}
          {sheet?.png && <img className="tester-sheet" src={sheet.png} alt={t('testers.makeSheet')} data-testid="tester-sheet-image" />}
          <h2 className="spaced">{t('testers.cardPreview')}</h2>
          <div className="field">
            <label htmlFor="tester-card">{t('testers.cardId')}</label>
            <CardPicker id="tester-card" value={cardId} onChange={setCardId} cards={cards} placeholder={SANDBOX_DEMO_CARD_ID} />
          </div>
          <div className="field">
            <label htmlFor="card-preview-to">{t('testers.cardPreviewTo')}</label>
            <div className="inline-row">
              <select id="card-preview-by" className="narrow" value={previewBy} aria-label={t('testers.cardPreviewBy')} onChange={(e) => setPreviewBy(e.target.value as 'openid' | 'wxname')}>
                <option value="openid">OpenID</option>
                <option value="wxname">{t('testers.wechatId')}</option>
              </select>
              <input id="card-preview-to" value={previewTo} spellCheck={false} onChange={(e) => setPreviewTo(e.target.value)} />
            </div>
            <p className="hint">{t('testers.cardPreviewHint')}</p>
          </div>
          <div className="form-actions">
            <button type="button" className="primary" disabled={!cardId || !previewTo.trim()} onClick={sendPreview} data-testid="send-card-preview">
              {t('testers.sendCardPreview')}
            </button>
            <button type="button" disabled={!cardId} onClick={showMpnews} data-testid="show-mpnews">
              {t('testers.showMpnews')}
            </button>
          </div>
          <NoticeLine notice={cardNotice.notice} />
          {mpnews !== null && (
            <>
              <p className="hint">{t('testers.mpnewsNote')}</p>
              <iframe className="mpnews" sandbox="" srcDoc={mpnews} title={t('testers.cardPreview')} data-testid="mpnews-frame" />
              <pre className="mono small wrap-pre" data-testid="mpnews-html">{mpnews}</pre>
            </>
          )}
        </div>
        </div>
      </div>
    </Screen>
  );
}
