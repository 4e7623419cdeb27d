import { useI18n } from '../i18n/i18n';

export interface BrandInfo {
  base_info?: { title?: string; retail_price?: string; brand_tag?: string; status?: 'on' | 'off' | 'check' | 'reject' };
  detail_info?: { banner_list?: { link: string }[]; detail_list?: { title: string; desc: string }[] };
  action_info?: { action_list?: { type: string; name?: string; text?: string; link?: string; appid?: string }[] };
  module_info?: { module_list?: { type: string }[] };
}

/** The product page roughly as WeChat shows it after a scan: banner, title, price, details, actions. */
export function ProductPagePreview({ info }: { info: BrandInfo }) {
  const { t } = useI18n();
  const base = info.base_info ?? {};
  return (
    <div className="phone" data-testid="product-page-preview">
      <div className="phone-banner">{info.detail_info?.banner_list?.length ? t('preview.banners', { count: info.detail_info.banner_list.length }) : t('preview.noBanner')}</div>
      <div className="phone-body">
        <h3>{base.title || '—'}</h3>
        {base.retail_price && <p className="phone-price">¥{base.retail_price}</p>}
        {base.brand_tag && <p className="muted small">{base.brand_tag}</p>}
        {info.module_info?.module_list?.some((m) => m.type === 'anti_fake') && <div className="phone-module">{t('preview.antiFake')}</div>}
        <dl className="phone-details">
          {(info.detail_info?.detail_list ?? []).map((d, i) => (
            <div key={i}>
              <dt>{d.title}</dt>
              <dd>{d.desc}</dd>
            </div>
          ))}
        </dl>
        {(info.action_info?.action_list ?? []).map((a, i) => (
          <div key={i} className="phone-action">
            {a.type === 'text' ? a.text : a.type === 'user' ? t('preview.follow') : a.name ?? a.link}
          </div>
        ))}
      </div>
    </div>
  );
}
