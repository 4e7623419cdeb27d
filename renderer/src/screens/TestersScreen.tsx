import { useEffect, useState } from 'react';
import type { Result } from '../../../shared/contract';
import { call, subscribe } from '../bridge/api';
import { Screen } from '../components/Screen';
import { useNotice } from '../components/useNotice';
import { bothLanguages, useI18n } from '../i18n/i18n';
import { ProductPagePreview, type BrandInfo } from './ProductPagePreview';

const MAX_TESTERS = 10;
const lines = (text: string) => [...new Set(text.split(/[\n,;\s]+/).map((s) => s.trim()).filter(Boolean))];

/** For the brand's testers: the whitelist, unpublished product pages, and a tester sheet to scan. */
export function TestersScreen() {
  const { t } = useI18n();
  const { notice, setNotice, fail } = useNotice();
  const [saved, setSaved] = useState<Result<'getTestWhitelist'>>(null);
  const [openids, setOpenids] = useState('');
  const [usernames, setUsernames] = useState('');
  const [products, setProducts] = useState<Result<'listProducts'>['items']>([]);
  const [productKey, setProductKey] = useState('');
  const [page, setPage] = useState<BrandInfo | null>(null);
  const [sheet, setSheet] = useState<{ batchId: number; png?: string } | null>(null);

  useEffect(() => {
    call('getTestWhitelist', {}).then((w) => {
      setSaved(w);
      if (w) {
        setOpenids(w.openid.join('\n'));
        setUsernames(w.username.join('\n'));
      }
    }, fail);
    call('listProducts', { limit: 100 }).then((l) => setProducts(l.items.filter((p) => p.status !== 'on')), fail);
  }, []);
  useEffect(() => {
    if (!productKey) return setPage(null);
    const [keystandard, keystr] = productKey.split(':') as [string, string];
    call('getProduct', { keystandard, keystr }).then((info) => setPage(info as BrandInfo), fail);
  }, [productKey]);
  useEffect(
    () =>
      subscribe('batchProgress', async (p) => {
        if (!sheet || p.batchId !== sheet.batchId || p.state !== 'done') return;
        const template = await call('defaultTemplate', { stockId: 'avery-l7160' });
        const preview = await call('previewSheet', { template, batchId: sheet.batchId, widthPx: 700 });
        setSheet({ batchId: sheet.batchId, png: `data:image/png;base64,${preview.pngBase64}` });
      }),
    [sheet?.batchId],
  );

  const ids = lines(openids);
  const names = lines(usernames);
  const total = ids.length + names.length;
  const before = new Set([...(saved?.openid ?? []), ...(saved?.username ?? [])]);
  const after = new Set([...ids, ...names]);
  const added = [...after].filter((x) => !before.has(x));
  const removed = [...before].filter((x) => !after.has(x));

  const save = async () => {
    try {
      await call('setTestWhitelist', { openid: ids, username: names });
      setSaved({ openid: ids, username: names, savedAt: new Date().toISOString() });
      setNotice({ kind: 'ok', text: bothLanguages('testers.saved', { count: total }) });
    } catch (error) {
      fail(error);
    }
  };

  const makeSheet = async () => {
    const [keystandard, keystr] = productKey.split(':') as [string, string];
    try {
      const stamp = new Date().toISOString().replace(/\D/g, '').slice(2, 12);
      const batch = await call('planBatch', {
        product: { keystandard, keystr },
        qrcodeSizePx: 200,
        name: t('testers.sheetName'),
        source: { kind: 'pattern', pattern: `TEST${stamp}-{seq:2}`, start: 1, count: 6, step: 1 },
      });
      setSheet({ batchId: batch.id });
      await call('startBatch', { id: batch.id });
    } catch (error) {
      fail(error);
    }
  };

  return (
    <Screen id="testers" title={t('testers.title')} intro={t('testers.intro')} notice={notice}>
      <div className="columns">
        <div className="panel" data-testid="whitelist-editor">
          <h2>{t('testers.whitelist')}</h2>
          <p className="notice">{t('testers.replaces')}</p>
          <div className="field">
            <label htmlFor="wl-openid">{t('testers.openids')}</label>
            <textarea id="wl-openid" rows={5} value={openids} onChange={(e) => setOpenids(e.target.value)} spellCheck={false} />
          </div>
          <div className="field">
            <label htmlFor="wl-username">{t('testers.usernames')}</label>
            <textarea id="wl-username" rows={3} value={usernames} onChange={(e) => setUsernames(e.target.value)} spellCheck={false} />
          </div>
          <p className={total > MAX_TESTERS ? 'field-error' : 'hint'} data-testid="tester-count">
            {t(total > MAX_TESTERS ? 'testers.tooMany' : 'testers.count', { count: total, max: MAX_TESTERS })}
          </p>
          <div className="diff" data-testid="whitelist-diff">
            {added.map((x) => (
              <div key={`+${x}`} className="diff-add">+ {x}</div>
            ))}
            {removed.map((x) => (
              <div key={`-${x}`} className="diff-remove">− {x}</div>
            ))}
            {!added.length && !removed.length && <span className="muted small">{t('testers.noChange')}</span>}
          </div>
          <button type="button" className="primary" disabled={total > MAX_TESTERS} onClick={save} data-testid="save-whitelist">
            {t('testers.save')}
          </button>
        </div>
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
          </div>
          {page && <ProductPagePreview info={page} />}
          {productKey && (
            <button type="button" onClick={makeSheet} data-testid="tester-sheet">
              {t('testers.makeSheet')}
            </button>
          )}
          {sheet?.png && <img className="tester-sheet" src={sheet.png} alt={t('testers.makeSheet')} data-testid="tester-sheet-image" />}
        </div>
      </div>
    </Screen>
  );
}
