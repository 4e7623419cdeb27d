import { useEffect, useState } from 'react';
import type { CardView } from '../../../shared/contract';
import { DEPOSIT_CODE_MODE } from '../../../shared/cards/cardCode';
import { call } from '../bridge/api';
import { useI18n } from '../i18n/i18n';

export interface Cards {
  cards: CardView[];
  /** The list is the one last read on this computer: WeChat could not be reached just now. */
  stale: boolean;
  reading: boolean;
  refresh: () => Promise<void>;
  /** A card read again after a change (its mode or stock). */
  update: (card: CardView) => void;
}

/**
 * The account's cards for a card form: at once as last read on this computer, then afresh from
 * WeChat (card/batchget + card/get), as products are offered.
 */
export function useCards(fail: (error: unknown) => void, enabled = true, version = 0): Cards {
  const [cards, setCards] = useState<CardView[]>([]);
  const [stale, setStale] = useState(false);
  const [reading, setReading] = useState(false);
  // Opening a form reads only cards not read before; ↻ reads every card again (stock moves).
  const read = (tell: boolean) => {
    setReading(true);
    return call('listCards', { read: tell ? 'all' : 'new' })
      .then(
        (fresh) => {
          setCards(fresh);
          setStale(false);
        },
        (error) => {
          setStale(true);
          if (tell) fail(error);
        },
      )
      .finally(() => setReading(false));
  };
  useEffect(() => {
    if (!enabled) return;
    call('listCards', { read: 'cached' }).then(setCards, () => undefined);
    void read(false);
  }, [enabled, version]);
  const update = (card: CardView) => setCards((list) => (list.some((c) => c.cardId === card.cardId) ? list.map((c) => (c.cardId === card.cardId ? card : c)) : [...list, card]));
  return { cards, stale, reading, refresh: () => read(true), update };
}

export type CardMode = 'deposit' | 'custom' | 'wechat';
export const cardMode = (card: CardView): CardMode => (card.codeMode === DEPOSIT_CODE_MODE ? 'deposit' : card.useCustomCode ? 'custom' : 'wechat');

/** A card's type, code mode and stock in one line. */
export function CardFacts({ card, testId }: { card: CardView | undefined; testId?: string }) {
  const { t } = useI18n();
  if (!card) return null;
  return (
    <p className="hint" data-testid={testId}>
      {t('cards.facts', { type: card.cardType, mode: t(`cards.mode.${cardMode(card)}`), stock: card.stock })}
    </p>
  );
}

/**
 * Picks one of the account's cards. With no card read yet (a new account, WeChat out of reach), a
 * card_id can still be typed.
 */
export function CardPicker(props: { id: string; value: string; onChange: (cardId: string) => void; cards: Cards; placeholder?: string; withFacts?: boolean; withRefresh?: boolean }) {
  const { t } = useI18n();
  const { cards, stale, reading, refresh } = props.cards;
  const chosen = cards.find((c) => c.cardId === props.value);
  return (
    <>
      <div className="inline-row">
        {cards.length ? (
          <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
            <option value="">{t('cards.choose')}</option>
            {!chosen && props.value && <option value={props.value}>{props.value}</option>}
            {cards.map((c) => (
              <option key={c.cardId} value={c.cardId}>
                {c.title ? `${c.title} — ${c.cardId}` : c.cardId}
              </option>
            ))}
          </select>
        ) : (
          <input id={props.id} value={props.value} spellCheck={false} placeholder={props.placeholder} onChange={(e) => props.onChange(e.target.value.trim())} />
        )}
        {props.withRefresh !== false && (
          <button type="button" disabled={reading} onClick={() => void refresh()} title={t('cards.refresh')} aria-label={t('cards.refresh')} data-testid={`${props.id}-refresh`}>
            ↻
          </button>
        )}
      </div>
      {props.withFacts !== false && <CardFacts card={chosen} testId={`${props.id}-facts`} />}
      {!cards.length && !reading && <p className="hint">{t('cards.none')}</p>}
      {stale && cards.length > 0 && <p className="hint">{t('cards.stale')}</p>}
    </>
  );
}
