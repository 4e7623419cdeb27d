import type sanitize from 'sanitize-html';
import { lazyModule, requireModule } from '../lazyModule';

const sanitizeHtml = lazyModule(() => requireModule('sanitize-html') as typeof sanitize);
import { cardIdProblem } from '../../../shared/cards/cardCode';
import type { ActionLog } from '../audit/actionLog';
import { AppError } from '../appError';
import type { WechatClient } from '../wechat/wechatClient';
import { checkWhitelist } from '../wechat/requestChecks';
import { checkTesterEntries } from '../products/testerWhitelist';

/** The card tools a brand's testers use (seed 002): the card test whitelist and the mpnews preview. */
export class CardTools {
  constructor(private readonly actions: ActionLog) {}

  /** Replaces the card test whitelist; audited like the product one. */
  setTestWhitelist(accountId: string, client: WechatClient, openids: string[], usernames: string[]): Promise<void> {
    checkWhitelist(openids, usernames, '/card/testwhitelist/set');
    checkTesterEntries(openids, usernames);
    return this.actions.audited(accountId, 'setCardTestWhitelist', 'card whitelist', { openid: openids, username: usernames }, () =>
      client.card.setTestWhitelist(openids, usernames),
    );
  }

  /**
   * The card's mpnews HTML (what an article embeds), sanitised: no script, no event handler, no
   * URL that runs code, nothing that loads by itself. The screen shows it in a frame that runs no
   * script as well.
   */
  async mpnewsPreview(client: WechatClient, cardId: string): Promise<string> {
    const problem = cardIdProblem(cardId);
    if (problem) throw new AppError('invalid_argument', problem);
    const html = await client.card.mpnewsHtml(cardId);
    const clean = sanitizeHtml();
    return clean(html, {
      allowedTags: [...clean.defaults.allowedTags, 'img', 'iframe'],
      allowedAttributes: { '*': ['class', 'title', 'alt'], iframe: ['data-src'], img: ['data-src', 'width', 'height'] },
      allowedSchemes: ['https', 'http'],
    });
  }
}
