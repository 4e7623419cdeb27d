import { useState } from 'react';
import { productKeyProblem } from '../../../shared/issuing/productKey';
import { brandInfoFrom, changedSections, draftFrom, type ActionDraft, type ProductDraft } from '../../../shared/products/productDraft';
import { call } from '../bridge/api';
import { NoticeLine, useNotice } from '../components/useNotice';
import { useI18n } from '../i18n/i18n';
import { ProductPagePreview, type BrandInfo } from './ProductPagePreview';

type Key = { keystandard: string; keystr: string };

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/**
 * Every field of the product page (seed 001), with the page previewed as it is edited. Fields the
 * editor does not show — and actions or modules of other types — are kept as they were read; an
 * update sends only the sections that changed.
 */
export function ProductEditor({
  editing,
  onDone,
}: {
  /** The product being edited; absent when creating one. */
  editing?: { key: Key; info: BrandInfo };
  onDone: (key?: Key, unchanged?: boolean) => void;
}) {
  const { t, local } = useI18n();
  const original = editing?.info ?? {};
  const [keystandard, setKeystandard] = useState(editing?.key.keystandard ?? 'ean13');
  const [keystr, setKeystr] = useState(editing?.key.keystr ?? '');
  const [draft, setDraft] = useState<ProductDraft>(() => {
    const fromPage = draftFrom(original);
    return editing ? fromPage : { ...fromPage, antiFake: true };
  });
  const [bannerText, setBannerText] = useState(draft.banners.join('\n'));
  const [detailText, setDetailText] = useState(draft.details.map((d) => `${d.title}: ${d.desc}`).join('\n'));
  const [tried, setTried] = useState(false);
  // A refusal is told under the button that sent the page.
  const { notice, setNotice, fail } = useNotice();

  const set = (patch: Partial<ProductDraft>) => setDraft({ ...draft, ...patch });
  const setAction = (i: number, action: ActionDraft) => set({ actions: draft.actions.map((a, j) => (j === i ? action : a)) });
  const move = (i: number, by: number) => {
    const next = [...draft.actions];
    const [taken] = next.splice(i, 1);
    next.splice(i + by, 0, taken!);
    set({ actions: next });
  };

  const keyProblem = editing ? null : productKeyProblem({ keystandard, keystr: keystr.trim() });
  const titleProblem = draft.title.trim() ? null : t('editor.titleRequired');
  const linkProblem = (a: ActionDraft) => (a.type === 'link' && !/^https?:\/\/\S+$/.test(a.link) ? t('editor.linkProblem') : a.type === 'user' && !/^wx[0-9a-f]{16}$/i.test(a.appid) ? t('editor.appidProblem') : null);
  const blocked = Boolean(keyProblem || titleProblem || draft.actions.some(linkProblem));
  const page = brandInfoFrom(draft, original) as BrandInfo;

  const submit = async () => {
    setTried(true);
    setNotice(null);
    if (blocked) return;
    const key = { keystandard, keystr: keystr.trim() };
    try {
      if (editing) {
        const changed = changedSections(draft, original);
        if (Object.keys(changed).length === 0) return onDone(key, true);
        await call('updateProduct', { ...key, brandInfo: changed });
      } else await call('createProduct', { ...key, brandInfo: brandInfoFrom(draft, original) });
      onDone(key);
    } catch (error) {
      fail(error);
    }
  };
  const problem = (text: string | null, id: string) =>
    text && tried ? (
      <p className="field-error" id={id} data-testid={id}>
        {text}
      </p>
    ) : null;

  return (
    <div className="panel product-editor" data-testid="new-product-form">
      <h2>{editing ? t('products.edit') : t('products.new')}</h2>
      <div className="editor-columns">
        <div>
          <fieldset>
            <legend>{t('editor.base')}</legend>
            <div className="row">
              <div className="field small-field">
                <label htmlFor="np-standard">{t('products.keystandard')}</label>
                <select id="np-standard" value={keystandard} disabled={Boolean(editing)} onChange={(e) => setKeystandard(e.target.value)}>
                  {['ean13', 'ean8', 'upc-a', 'qrcode'].map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
              </div>
              <div className="field grow">
                <label htmlFor="np-keystr">{t('products.keystr')}</label>
                <input id="np-keystr" value={keystr} readOnly={Boolean(editing)} onChange={(e) => setKeystr(e.target.value)} aria-invalid={Boolean(keyProblem && tried)} />
                {problem(keyProblem && local(keyProblem), 'np-keystr-problem')}
              </div>
            </div>
            <div className="field">
              <label htmlFor="np-title">{t('products.titleField')}</label>
              <input id="np-title" value={draft.title} onChange={(e) => set({ title: e.target.value })} aria-invalid={Boolean(titleProblem && tried)} />
              {problem(titleProblem, 'np-title-problem')}
            </div>
            <div className="row">
              <div className="field grow">
                <label htmlFor="np-brand-tag">{t('editor.brandTag')}</label>
                <input id="np-brand-tag" value={draft.brandTag} onChange={(e) => set({ brandTag: e.target.value })} />
              </div>
              <div className="field small-field">
                <label htmlFor="np-price">{t('products.price')}</label>
                <input id="np-price" value={draft.retailPrice} onChange={(e) => set({ retailPrice: e.target.value })} placeholder="9.90" />
              </div>
            </div>
            <div className="field">
              <label htmlFor="np-thumb">{t('editor.thumb')}</label>
              <input id="np-thumb" value={draft.thumbUrl} onChange={(e) => set({ thumbUrl: e.target.value })} placeholder="https://mmbiz.qpic.cn/…" />
            </div>
            <div className="row">
              <div className="field small-field">
                <label htmlFor="np-category">{t('editor.category')}</label>
                <input id="np-category" value={draft.categoryId} onChange={(e) => set({ categoryId: e.target.value })} />
              </div>
              <div className="field small-field">
                <label htmlFor="np-color">{t('editor.color')}</label>
                <input id="np-color" value={draft.color} onChange={(e) => set({ color: e.target.value })} placeholder="auto" />
              </div>
              <div className="field small-field">
                <label htmlFor="np-store-type">{t('editor.storeType')}</label>
                <input id="np-store-type" value={draft.storeMgrType} onChange={(e) => set({ storeMgrType: e.target.value })} placeholder="auto" />
              </div>
              <div className="field grow">
                <label htmlFor="np-stores">{t('editor.stores')}</label>
                <input id="np-stores" value={draft.storeVendorIds.join(', ')} onChange={(e) => set({ storeVendorIds: e.target.value.split(/[,\s]+/).filter(Boolean) })} />
              </div>
            </div>
          </fieldset>
          <fieldset>
            <legend>{t('editor.detail')}</legend>
            <div className="field">
              <label htmlFor="np-banners">{t('editor.banners')}</label>
              <textarea id="np-banners" rows={2} value={bannerText} spellCheck={false} onChange={(e) => (setBannerText(e.target.value), set({ banners: lines(e.target.value) }))} />
            </div>
            <div className="field">
              <label htmlFor="np-details">{t('products.details')}</label>
              <textarea
                id="np-details"
                rows={3}
                value={detailText}
                placeholder={t('products.detailsHint')}
                onChange={(e) => {
                  setDetailText(e.target.value);
                  set({ details: lines(e.target.value).map((line) => { const [first, ...rest] = line.split(/[:：]/); return { title: first!.trim(), desc: rest.join(':').trim() }; }) });
                }}
              />
            </div>
          </fieldset>
          <fieldset data-testid="actions-editor">
            <legend>{t('editor.actions')}</legend>
            {draft.actions.map((a, i) => (
              <div key={i} className="action-row" data-testid={`action-${i}`}>
                <span className="tag">{t(`editor.action.${a.type}`)}</span>
                {a.type === 'link' && (
                  <>
                    <input aria-label={t('editor.linkName')} placeholder={t('editor.linkName')} value={a.name} onChange={(e) => setAction(i, { ...a, name: e.target.value })} />
                    <input aria-label={t('editor.linkUrl')} placeholder="https://" value={a.link} className="grow" onChange={(e) => setAction(i, { ...a, link: e.target.value })} />
                    <input aria-label={t('editor.linkImage')} placeholder={t('editor.linkImage')} value={a.image} onChange={(e) => setAction(i, { ...a, image: e.target.value })} />
                    <label className="radio">
                      <input type="checkbox" checked={a.banner} onChange={(e) => setAction(i, { ...a, banner: e.target.checked })} />
                      {t('editor.asBanner')}
                    </label>
                  </>
                )}
                {a.type === 'user' && <input aria-label="AppID" placeholder="wx…" value={a.appid} className="grow" onChange={(e) => setAction(i, { ...a, appid: e.target.value.trim() })} />}
                {a.type === 'text' && <input aria-label={t('products.actionText')} value={a.text} className="grow" onChange={(e) => setAction(i, { ...a, text: e.target.value })} />}
                {a.type === 'other' && <code className="grow small">{JSON.stringify(a.original)}</code>}
                <button type="button" aria-label={t('editor.up')} disabled={i === 0} onClick={() => move(i, -1)}>
                  ↑
                </button>
                <button type="button" aria-label={t('editor.down')} disabled={i === draft.actions.length - 1} onClick={() => move(i, 1)}>
                  ↓
                </button>
                <button type="button" aria-label={t('editor.remove')} onClick={() => set({ actions: draft.actions.filter((_, j) => j !== i) })}>
                  ✕
                </button>
                {problem(linkProblem(a), `action-${i}-problem`)}
              </div>
            ))}
            <div className="form-actions">
              <button type="button" data-testid="add-link" onClick={() => set({ actions: [...draft.actions, { type: 'link', original: null, name: '', link: '', image: '', banner: false }] })}>
                + {t('editor.action.link')}
              </button>
              <button type="button" data-testid="add-user" onClick={() => set({ actions: [...draft.actions, { type: 'user', original: null, appid: '' }] })}>
                + {t('editor.action.user')}
              </button>
              <button type="button" data-testid="add-text" onClick={() => set({ actions: [...draft.actions, { type: 'text', original: null, text: '' }] })}>
                + {t('editor.action.text')}
              </button>
            </div>
          </fieldset>
          <fieldset>
            <legend>{t('editor.modules')}</legend>
            <label className="radio">
              <input type="checkbox" checked={draft.antiFake} onChange={(e) => set({ antiFake: e.target.checked })} data-testid="anti-fake" />
              {t('products.antiFake')}
            </label>
            {draft.antiFake && (
              <label className="radio">
                <input type="checkbox" checked={draft.antiFakeNative} onChange={(e) => set({ antiFakeNative: e.target.checked })} />
                {t('editor.native')}
              </label>
            )}
          </fieldset>
          <div className="form-actions">
            <button type="button" className="primary" onClick={submit} data-testid="create-product">
              {editing ? t('products.saveChanges') : t('products.create')}
            </button>
            <button type="button" onClick={() => onDone()}>
              {t('form.cancel')}
            </button>
          </div>
          <NoticeLine notice={notice} />
        </div>
        <div className="editor-preview">
          <ProductPagePreview info={page} />
        </div>
      </div>
    </div>
  );
}
