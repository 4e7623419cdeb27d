import { useEffect, useState } from 'react';
import type { Result } from '../../../shared/contract';
import { call } from '../bridge/api';
import { Screen } from '../components/Screen';
import { NoticeLine, useNotice, type Notice } from '../components/useNotice';
import { bothLanguages, useI18n } from '../i18n/i18n';
import { ProductEditor } from './ProductEditor';
import { ProductPagePreview, type BrandInfo } from './ProductPagePreview';

type ListItem = Result<'listProducts'>['items'][number];
const STATUSES = ['all', 'on', 'off', 'check', 'reject'] as const;
const PAGE = 20;

/** Products on WeChat: list, detail, create, publish rules, clear. */
export function ProductsScreen() {
  const { t } = useI18n();
  const { notice, setNotice, fail } = useNotice();
  /** What an action came to, told where it was taken: under the list's buttons or the product's. */
  const [where, setWhere] = useState<'list' | 'detail'>('list');
  const failAt = (at: typeof where) => (error: unknown) => (setWhere(at), fail(error));
  const tellAt = (at: typeof where, told: Notice) => (setWhere(at), setNotice(told));
  const told = (at: typeof where) => (where === at ? <NoticeLine notice={notice} /> : null);
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('all');
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const [list, setList] = useState<{ total: number; items: ListItem[] }>({ total: 0, items: [] });
  const [selected, setSelected] = useState<{ key: { keystandard: string; keystr: string }; info: BrandInfo } | null>(null);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState(false);

  const load = () => call('listProducts', { offset, limit: PAGE, status, keystr: search || undefined }).then(setList, failAt('list'));
  useEffect(() => {
    void load();
  }, [status, search, offset]);

  const open = async (key: { keystandard: string; keystr: string }) => {
    try {
      setSelected({ key, info: (await call('getProduct', key)) as BrandInfo });
    } catch (error) {
      failAt('list')(error);
    }
  };
  const act = async (action: () => Promise<unknown>, done: Parameters<typeof bothLanguages>[0]) => {
    if (!selected) return;
    try {
      await action();
      // A cleared product's panel closes: its result is told under the list.
      const cleared = done === 'products.cleared';
      if (!cleared) await open(selected.key);
      await load();
      // Told once the page shows what it came to, so that the line brought into view stays there.
      tellAt(cleared ? 'list' : 'detail', { kind: 'ok', text: bothLanguages(done, { keystr: selected.key.keystr }) });
    } catch (error) {
      failAt('detail')(error);
    }
  };
  const productStatus = selected?.info.base_info?.status ?? 'off';

  return (
    <Screen id="products" title={t('products.title')} intro={t('products.intro')} notice={null}>
      {creating || (editing && selected) ? (
        <ProductEditor
          editing={editing ? selected ?? undefined : undefined}
          onDone={async (key, unchanged) => {
            const wasEditing = editing;
            setCreating(false);
            setEditing(false);
            if (!key) return setNotice(null);
            if (!unchanged) await load();
            await open(key);
            tellAt('detail', { kind: 'ok', text: bothLanguages(unchanged ? 'editor.unchanged' : wasEditing ? 'products.updated' : 'products.created', { keystr: key.keystr }) });
          }}
        />
      ) : (
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
            <thead>
              <tr>
                <th>{t('products.keystr')}</th>
                <th>{t('products.titleColumn')}</th>
                <th>{t('batches.state')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((p) => (
                <tr key={`${p.keystandard}:${p.keystr}`} data-keystr={p.keystr} className="clickable" onClick={() => open({ keystandard: p.keystandard, keystr: p.keystr })}>
                  <td className="mono">
                    {p.keystandard}:{p.keystr}
                  </td>
                  <td>{p.title ?? <span className="muted small">{t('products.titleUnread')}</span>}</td>
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
          {told('list')}
        </div>
        {selected && (
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
            {told('detail')}
            {productStatus === 'check' && <p className="notice error">{t('products.underReview')}</p>}
          </div>
        )}
      </div>
      )}
    </Screen>
  );
}
