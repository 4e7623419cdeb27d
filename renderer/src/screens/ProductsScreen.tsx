import { useEffect, useState } from 'react';
import type { Result } from '../../../shared/contract';
import { call } from '../bridge/api';
import { Screen } from '../components/Screen';
import { useNotice } from '../components/useNotice';
import { bothLanguages, useI18n } from '../i18n/i18n';
import { ProductPagePreview, type BrandInfo } from './ProductPagePreview';

type ListItem = Result<'listProducts'>['items'][number];
const STATUSES = ['all', 'on', 'off', 'check', 'reject'] as const;
const PAGE = 20;

/** Products on WeChat: list, detail, create, publish rules, clear. */
export function ProductsScreen() {
  const { t } = useI18n();
  const { notice, setNotice, fail } = useNotice();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('all');
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const [list, setList] = useState<{ total: number; items: ListItem[] }>({ total: 0, items: [] });
  const [selected, setSelected] = useState<{ key: { keystandard: string; keystr: string }; info: BrandInfo } | null>(null);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState(false);

  const load = () => call('listProducts', { offset, limit: PAGE, status, keystr: search || undefined }).then(setList, fail);
  useEffect(() => {
    void load();
  }, [status, search, offset]);

  const open = async (key: { keystandard: string; keystr: string }) => {
    try {
      setSelected({ key, info: (await call('getProduct', key)) as BrandInfo });
    } catch (error) {
      fail(error);
    }
  };
  const act = async (action: () => Promise<unknown>, done: Parameters<typeof bothLanguages>[0]) => {
    if (!selected) return;
    try {
      await action();
      setNotice({ kind: 'ok', text: bothLanguages(done, { keystr: selected.key.keystr }) });
      await open(selected.key);
      await load();
    } catch (error) {
      fail(error);
    }
  };
  const productStatus = selected?.info.base_info?.status ?? 'off';

  return (
    <Screen id="products" title={t('products.title')} intro={t('products.intro')} notice={notice}>
      <div className="columns">
        <div className="panel">
          <div className="row">
            <div className="field small-field">
              <label htmlFor="product-status">{t('products.status')}</label>
              <select id="product-status" value={status} onChange={(e) => (setOffset(0), setStatus(e.target.value as typeof status))}>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field grow">
              <label htmlFor="product-search">{t('products.search')}</label>
              <input id="product-search" value={search} onChange={(e) => (setOffset(0), setSearch(e.target.value))} />
            </div>
          </div>
          <table className="table" data-testid="product-table">
            <tbody>
              {list.items.map((p) => (
                <tr key={`${p.keystandard}:${p.keystr}`} data-keystr={p.keystr} className="clickable" onClick={() => open({ keystandard: p.keystandard, keystr: p.keystr })}>
                  <td className="mono">
                    {p.keystandard}:{p.keystr}
                  </td>
                  <td>
                    <span className={`state status-${p.status}`}>{t(`status.${p.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="form-actions">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t('log.previous')}
            </button>
            <span className="muted small">{t('products.count', { from: list.total ? offset + 1 : 0, to: offset + list.items.length, total: list.total })}</span>
            <button type="button" disabled={offset + PAGE >= list.total} onClick={() => setOffset(offset + PAGE)}>
              {t('log.next')}
            </button>
            <button type="button" onClick={() => void load()}>
              {t('products.refresh')}
            </button>
            <button type="button" className="primary" data-testid="new-product" onClick={() => setCreating(true)}>
              {t('products.new')}
            </button>
          </div>
        </div>
        {creating || (editing && selected) ? (
          <NewProductForm
            editing={editing ? selected ?? undefined : undefined}
            onDone={async (key) => {
              const wasEditing = editing;
              setCreating(false);
              setEditing(false);
              if (key) {
                setNotice({ kind: 'ok', text: bothLanguages(wasEditing ? 'products.updated' : 'products.created', { keystr: key.keystr }) });
                await load();
                await open(key);
              }
            }}
            onError={fail}
          />
        ) : (
          selected && (
            <div className="panel" data-testid="product-detail">
              <h2 className="mono">
                {selected.key.keystandard}:{selected.key.keystr} · <span className={`state status-${productStatus}`}>{t(`status.${productStatus}`)}</span>
              </h2>
              <ProductPagePreview info={selected.info} />
              <p className="hint">{t('products.rules')}</p>
              <div className="form-actions">
                <button type="button" className="primary" disabled={productStatus === 'check' || productStatus === 'on'} onClick={() => act(() => call('setProductStatus', { ...selected.key, status: 'on' }), 'products.submitted')}>
                  {t('products.submit')}
                </button>
                <button type="button" disabled={productStatus === 'check' || productStatus === 'off'} onClick={() => act(() => call('setProductStatus', { ...selected.key, status: 'off' }), 'products.unpublished')}>
                  {t('products.unpublish')}
                </button>
                <button type="button" disabled={productStatus === 'check'} onClick={() => setEditing(true)} data-testid="edit-product">
                  {t('products.edit')}
                </button>
                <button type="button" className="danger" onClick={() => window.confirm(t('products.clearConfirm', { keystr: selected.key.keystr })) && act(async () => (await call('clearProduct', selected.key), setSelected(null)), 'products.cleared')}>
                  {t('products.clear')}
                </button>
              </div>
              {productStatus === 'check' && <p className="notice error">{t('products.underReview')}</p>}
            </div>
          )
        )}
      </div>
    </Screen>
  );
}

function NewProductForm({
  editing,
  onDone,
  onError,
}: {
  /** The product being edited; absent when creating one. */
  editing?: { key: { keystandard: string; keystr: string }; info: BrandInfo };
  onDone: (key?: { keystandard: string; keystr: string }) => void;
  onError: (error: unknown) => void;
}) {
  const { t } = useI18n();
  const info = editing?.info;
  const [keystandard, setKeystandard] = useState(editing?.key.keystandard ?? 'ean13');
  const [keystr, setKeystr] = useState(editing?.key.keystr ?? '');
  const [title, setTitle] = useState(info?.base_info?.title ?? '');
  const [price, setPrice] = useState(info?.base_info?.retail_price ?? '');
  const [details, setDetails] = useState((info?.detail_info?.detail_list ?? []).map((d) => `${d.title}: ${d.desc}`).join('\n'));
  const [actionText, setActionText] = useState(info?.action_info?.action_list?.find((a) => a.type === 'text')?.text ?? '');
  const [antiFake, setAntiFake] = useState(info ? Boolean(info.module_info?.module_list?.some((m) => m.type === 'anti_fake')) : true);
  const submit = async () => {
    const key = { keystandard, keystr: keystr.trim() };
    try {
      await call(editing ? 'updateProduct' : 'createProduct', {
        ...key,
        brandInfo: {
          base_info: { title, retail_price: price || undefined },
          detail_info: {
            detail_list: details
              .split('\n')
              .map((line) => line.split(/[:：]/))
              .filter((parts) => parts[0]?.trim())
              .map(([first, ...rest]) => ({ title: first!.trim(), desc: rest.join(':').trim() })),
          },
          action_info: { action_list: actionText ? [{ type: 'text', text: actionText }] : [] },
          module_info: { module_list: antiFake ? [{ type: 'anti_fake', native_show: 'true' }] : [] },
        },
      });
      onDone(key);
    } catch (error) {
      onError(error);
    }
  };
  return (
    <div className="panel" data-testid="new-product-form">
      <h2>{editing ? t('products.edit') : t('products.new')}</h2>
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
          <input id="np-keystr" value={keystr} readOnly={Boolean(editing)} onChange={(e) => setKeystr(e.target.value)} />
        </div>
      </div>
      <div className="field">
        <label htmlFor="np-title">{t('products.titleField')}</label>
        <input id="np-title" value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="np-price">{t('products.price')}</label>
        <input id="np-price" value={price} onChange={(e) => setPrice(e.target.value)} placeholder="9.90" />
      </div>
      <div className="field">
        <label htmlFor="np-details">{t('products.details')}</label>
        <textarea id="np-details" rows={3} value={details} onChange={(e) => setDetails(e.target.value)} placeholder={t('products.detailsHint')} />
      </div>
      <div className="field">
        <label htmlFor="np-action">{t('products.actionText')}</label>
        <input id="np-action" value={actionText} onChange={(e) => setActionText(e.target.value)} />
      </div>
      <label className="radio">
        <input type="checkbox" checked={antiFake} onChange={(e) => setAntiFake(e.target.checked)} />
        {t('products.antiFake')}
      </label>
      <div className="form-actions">
        <button type="button" className="primary" onClick={submit} data-testid="create-product">
          {editing ? t('products.saveChanges') : t('products.create')}
        </button>
        <button type="button" onClick={() => onDone()}>
          {t('form.cancel')}
        </button>
      </div>
    </div>
  );
}
