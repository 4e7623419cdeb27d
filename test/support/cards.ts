import { WECHAT_APP_ID } from './batchSetup';
import { sandboxClient, testSandbox } from './sandbox';
import { ok, testApp, VALID_SECRET } from './testApp';

/** A custom-code card in deposit mode with a stock of 0, as seed 002 has a brand create it. */
export const DEPOSIT_CARD = {
  card_type: 'GROUPON',
  groupon: { base_info: { title: '买一送一', sku: { quantity: 0 }, use_custom_code: true, get_custom_code_mode: 'GET_CUSTOM_CODE_MODE_DEPOSIT' }, deal_detail: '示例' },
};

/** A brand's WeChat with a deposit-mode card, and the app's account for it, selected. */
export async function cardSetup() {
  const sandbox = await testSandbox({ appId: WECHAT_APP_ID, secret: VALID_SECRET });
  const { cardId } = await sandboxClient(sandbox).client.card.create(DEPOSIT_CARD);
  const app = testApp();
  const accountId = app.accounts.ensureForAppId(WECHAT_APP_ID, { apiBase: sandbox.url, tokenMode: 'stable' }).id;
  app.useSecret(accountId, VALID_SECRET);
  await ok(app, 'selectAccount', { id: accountId });
  return { sandbox, cardId, app, accountId };
}
