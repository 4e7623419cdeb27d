import { useState } from 'react';
import type { BatchView } from '../../../shared/contract';
import { LANDING_SCENES, SANDBOX_DEMO_CARD_ID } from '../../../shared/cards/cardCode';
import { call } from '../bridge/api';
import { bothLanguages, useI18n } from '../i18n/i18n';
import { NoticeLine, useNotice } from './useNotice';
import { CardPicker, useCards } from './CardPicker';

/**
 * A card landing page (banner, title, cards, scene), created as a one-code batch: its url is the
 * code, exported from the Batches screen like any other.
 */
export function LandingPageForm() {
  const { t } = useI18n();
  const { notice, setNotice, fail } = useNotice();
  const [title, setTitle] = useState('');
  const [banner, setBanner] = useState('https://');
  const [scene, setScene] = useState<string>('SCENE_QRCODE');
  const [canShare, setCanShare] = useState(true);
  const [cards, setCards] = useState('');
  const [created, setCreated] = useState<BatchView | null>(null);
  const picker = useCards(fail);
  // A card picked from the list starts its own line; its thumbnail's address is typed after it.
  const addCard = (cardId: string) => cardId && setCards((text) => `${text.trim() ? `${text.trimEnd()}\n` : ''}${cardId} `);

  const create = async () => {
    try {
      const list = cards
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .filter((parts) => parts[0])
        .map(([cardId, thumbUrl]) => ({ cardId: cardId!, thumbUrl: thumbUrl ?? '' }));
      const planned = await call('planLandingPageBatch', { title, banner, scene, canShare, cards: list });
      setCreated(await call('startBatch', { id: planned.id }));
      setNotice({ kind: 'ok', text: bothLanguages('landing.created', { id: planned.id }) });
    } catch (error) {
      fail(error);
    }
  };

  return (
    <div className="panel" data-testid="landing-page">
      <h2>{t('landing.title')}</h2>
      <p className="hint panel-intro">{t('landing.intro')}</p>
      <div className="field">
        <label htmlFor="landing-title">{t('landing.pageTitle')}</label>
        <input id="landing-title" value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="landing-banner">{t('landing.banner')}</label>
        <input id="landing-banner" value={banner} spellCheck={false} onChange={(e) => setBanner(e.target.value)} />
      </div>
      <div className="row">
        <div className="field grow">
          <label htmlFor="landing-scene">{t('landing.scene')}</label>
          <select id="landing-scene" value={scene} onChange={(e) => setScene(e.target.value)}>
            {LANDING_SCENES.map((s) => (
              <option key={s} value={s}>
                {t(`landing.scene.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={canShare} onChange={(e) => setCanShare(e.target.checked)} />
          {t('landing.share')}
        </label>
      </div>
      <div className="field">
        <label htmlFor="landing-cards">{t('landing.cards')}</label>
        <CardPicker id="landing-card-pick" value="" onChange={addCard} cards={picker} withFacts={false} />
        <textarea id="landing-cards" rows={3} value={cards} spellCheck={false} placeholder={`${SANDBOX_DEMO_CARD_ID} https://img.example/thumb.png`} onChange={(e) => setCards(e.target.value)} />
      </div>
      <button type="button" className="primary" onClick={create} data-testid="landing-create">
        {t('landing.create')}
      </button>
      <NoticeLine notice={notice} />
      {created && <p className="hint">{t('landing.export', { id: created.id })}</p>}
    </div>
  );
}
