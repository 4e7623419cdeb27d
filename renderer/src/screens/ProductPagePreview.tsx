import { useI18n } from '../i18n/i18n';

type Action = { type?: unknown; name?: unknown; text?: unknown; link?: unknown; appid?: unknown; showtype?: unknown };

/** seed 001's brand_info, as loosely as WeChat (and other tools) may fill it. */
export interface BrandInfo {
  base_info?: { title?: string; retail_price?: string; brand_tag?: string; thumb_url?: string; status?: 'on' | 'off' | 'check' | 'reject'; [key: string]: unknown };
  detail_info?: { banner_list?: { link: string }[]; detail_list?: { title: string; desc: string }[]; [key: string]: unknown };
  action_info?: { action_list?: Action[]; [key: string]: unknown };
  module_info?: { module_list?: { type: string; native_show?: string }[]; [key: string]: unknown };
}

/**
 * The product page laid out as WeChat shows it after a scan: the banner images, title, price and
 * brand, the anti-fake module, the detail list, then the promotion area (a banner link, link rows,
 * the official account to follow, a line of text).
 */
export function ProductPagePreview({ info }: { info: BrandInfo }) {
  const { t } = useI18n();
  const base = info.base_info ?? {};
  const actions = info.action_info?.action_list ?? [];
  const antiFake = info.module_info?.module_list?.find((m) => m.type === 'anti_fake');
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return (
    <div className="phone" data-testid="product-page-preview">
      <div className="phone-banner">{info.detail_info?.banner_list?.length ? t('preview.banners', { count: info.detail_info.banner_list.length }) : t('preview.noBanner')}</div>
      <div className="phone-body">
        <h3>{base.title || '—'}</h3>
        {base.retail_price && <p className="phone-price">¥{base.retail_price}</p>}
        {base.brand_tag && <p className="muted small">{base.brand_tag}</p>}
        {antiFake && <div className="phone-module">{t(antiFake.native_show === 'false' ? 'preview.antiFakePage' : 'preview.antiFake')}</div>}
        <dl className="phone-details">
          {(info.detail_info?.detail_list ?? []).map((d, i) => (
            <div key={i}>
              <dt>{d.title}</dt>
              <dd>{d.desc}</dd>
            </div>
          ))}
        </dl>
        {actions.map((a, i) =>
          a.type === 'link' && a.showtype === 'banner' ? (
            <div key={i} className="phone-action-banner" data-testid="preview-banner-link">
              {str(a.name) || str(a.link)}
            </div>
          ) : (
            <div key={i} className="phone-action" data-testid={`preview-action-${str(a.type)}`}>
              {a.type === 'text' ? str(a.text) : a.type === 'user' ? `${t('preview.follow')} ›` : a.type === 'link' ? `${str(a.name) || str(a.link)} ›` : t('preview.otherAction', { type: str(a.type) })}
            </div>
          ),
        )}
      </div>
    </div>
  );
}
