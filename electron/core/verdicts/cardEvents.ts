import { CARD_SPACE } from '../../../shared/cards/cardCode';
import type { Db } from '../store/openStore';

export type CardEventKind = 'claim' | 'consume' | 'delete';

/** A card event as WeChat pushes it (seed 002 §5), reduced to what a print run's statistics need. */
export interface CardEvent {
  event: CardEventKind;
  fromUser: string;
  createTime: number;
  cardId: string;
  userCardCode: string;
  /** The outer_str of the QR code the card was claimed through (claims only; empty otherwise). */
  outerStr: string;
  /** A claim of a card a friend gave: the friend's openid, and the code the card had before. */
  givenBy: string | null;
  oldCode: string | null;
}

/** What a print run's codes brought: claims, claims of cards given on by friends, uses, deletions. */
export interface CardClaims {
  batchId: number | null;
  batchName: string | null;
  cardId: string;
  outerStr: string;
  claims: number;
  gifts: number;
  consumed: number;
  deleted: number;
}

/** The WeChat event names of the card events QR Pack records. */
export const CARD_EVENTS: Readonly<Record<string, CardEventKind>> = {
  user_get_card: 'claim',
  user_consume_card: 'consume',
  user_del_card: 'delete',
};

/**
 * Card events in the code log: each recorded once (a retry is the same push again), attributed to
 * the print run it came from — the card batch that issued the claimed code (a deposit-mode card's
 * QR code carries its code), else the newest card batch of that card with the claim's outer_str; a
 * use or a deletion follows its card's claim (a gift follows the code it was given from).
 */
export class CardEventLog {
  private readonly record;
  private readonly byCode;
  private readonly byOuterStr;
  private readonly byEarlierEvent;

  constructor(
    private readonly db: Db,
    private readonly accountId: () => string,
  ) {
    this.record = db.prepare(
      `INSERT INTO card_events (at, from_user, create_time, event, card_id, user_card_code, outer_str, given_by, old_code, batch_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (from_user, create_time, event, card_id, user_card_code) DO NOTHING`,
    );
    // By the code's key (codes_by_key): a card QR batch's codes are filed under the card.
    this.byCode = db
      .prepare<[string, string, string], number>(
        `SELECT batch_id FROM codes WHERE keystandard = '${CARD_SPACE}' AND keystr = ? AND extinfo = ? AND account_id = ? AND status = 'issued' ORDER BY batch_id DESC LIMIT 1`,
      )
      .pluck();
    this.byOuterStr = db
      .prepare<[string, string, string, string], number>(
        `SELECT b.id FROM batches b
         WHERE b.account_id = ? AND b.kind = 'card' AND json_extract(b.options_json, '$.outerStr') = ?
           AND (b.keystr = ? OR EXISTS (SELECT 1 FROM json_each(b.options_json, '$.cards') WHERE value = ?))
         ORDER BY b.id DESC LIMIT 1`,
      )
      .pluck();
    this.byEarlierEvent = db
      .prepare<[string, string], number>(`SELECT batch_id FROM card_events WHERE card_id = ? AND user_card_code = ? AND batch_id IS NOT NULL ORDER BY id LIMIT 1`)
      .pluck();
  }

  /** Records an event once; true when it is new (a retry records nothing). */
  add(event: CardEvent): boolean {
    return this.db.transaction(() => {
      const batchId = this.attribute(event);
      const { changes } = this.record.run(
        new Date().toISOString(),
        event.fromUser,
        event.createTime,
        event.event,
        event.cardId,
        event.userCardCode,
        event.outerStr,
        event.givenBy,
        event.oldCode,
        batchId,
      );
      return changes === 1;
    }).immediate();
  }

  /** Claims, gifts, uses and deletions per print run (and per card and outer_str for events no batch of this log issued). */
  claims(cardId?: string): CardClaims[] {
    return this.db
      .prepare<[string | null, string | null], CardClaims>(
        `SELECT e.batch_id AS batchId, b.name AS batchName, e.card_id AS cardId,
           coalesce(json_extract(b.options_json, '$.outerStr'), max(e.outer_str)) AS outerStr,
           sum(e.event = 'claim' AND e.given_by IS NULL) AS claims, sum(e.event = 'claim' AND e.given_by IS NOT NULL) AS gifts,
           sum(e.event = 'consume') AS consumed, sum(e.event = 'delete') AS deleted
         FROM card_events e LEFT JOIN batches b ON b.id = e.batch_id
         WHERE (? IS NULL OR e.card_id = ?)
         GROUP BY e.batch_id, e.card_id, CASE WHEN e.batch_id IS NULL THEN e.outer_str END
         ORDER BY e.batch_id IS NULL, e.batch_id DESC, e.card_id`,
      )
      .all(cardId ?? null, cardId ?? null);
  }

  private attribute(event: CardEvent): number | null {
    const account = this.accountId();
    if (event.event === 'claim' && event.givenBy === null) {
      return this.byCode.get(event.cardId, event.userCardCode, account) ?? (event.outerStr ? this.byOuterStr.get(account, event.outerStr, event.cardId, event.cardId) : undefined) ?? null;
    }
    // A gift follows the code it was given from; a use or a deletion follows the card's claim.
    const earlier = this.byEarlierEvent.get(event.cardId, event.oldCode ?? event.userCardCode) ?? this.byEarlierEvent.get(event.cardId, event.userCardCode);
    return earlier ?? this.byCode.get(event.cardId, event.oldCode ?? event.userCardCode, account) ?? null;
  }
}
