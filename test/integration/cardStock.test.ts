import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BatchView, CardView, WireError } from '../../shared/contract';
import { RequestCheckError, WechatError } from '../../electron/core/wechat/wechatError';
import { WECHAT_APP_ID } from '../support/batchSetup';
import { rawPost, sandboxClient, stableToken, testSandbox } from '../support/sandbox';
import { ok, testApp, VALID_SECRET } from '../support/testApp';

const DEPOSIT_CARD = {
  card_type: 'GROUPON',
  groupon: { base_info: { title: '买一送一', sku: { quantity: 0 }, use_custom_code: true, get_custom_code_mode: 'GET_CUSTOM_CODE_MODE_DEPOSIT' }, deal_detail: '示例' },
};
/** A custom-code card made before deposits: no deposit mode, a stock of 30. */
const OLD_CUSTOM_CARD = { card_type: 'CASH', cash: { base_info: { title: '满减券', sku: { quantity: 30 }, use_custom_code: true }, reduce_cost: 500 } };
/** A card whose codes WeChat makes. */
const PLAIN_CARD = { card_type: 'GIFT', gift: { base_info: { title: '赠品券', sku: { quantity: 100 } }, gift: '杯子' } };

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof WechatError, `expected a refusal, got ${String(error)}`);
  return error;
};

async function refused(app: ReturnType<typeof testApp>, method: string, args: unknown): Promise<WireError> {
  const envelope = await app.dispatch(method, args);
  assert.equal(envelope.ok, false, `${method} should be refused`);
  return (envelope as { ok: false; error: WireError }).error;
}

async function cardSetup() {
  const sandbox = await testSandbox({ appId: WECHAT_APP_ID, secret: VALID_SECRET });
  const { client } = sandboxClient(sandbox);
  const app = testApp();
  const accountId = app.accounts.ensureForAppId(WECHAT_APP_ID, { apiBase: sandbox.url, tokenMode: 'stable' }).id;
  app.useSecret(accountId, VALID_SECRET);
  await ok(app, 'selectAccount', { id: accountId });
  return { sandbox, client, app, accountId };
}

const pattern = (p: string, start: number, count: number) => ({ kind: 'pattern', pattern: p, start, count, step: 1 });

test('sandbox card state: card/get and batchget, update and modifystock within the codes deposited, claims within stock, with WeChat errcodes', async () => {
  const sandbox = await testSandbox();
  const { client } = sandboxClient(sandbox);
  const token = await stableToken(sandbox);
  const { cardId } = await client.card.create(DEPOSIT_CARD);
  const { cardId: oldId } = await client.card.create(OLD_CUSTOM_CARD);
  const { cardId: plainId } = await client.card.create(PLAIN_CARD);
  assert.deepEqual(await client.card.get(cardId), { cardId, cardType: 'GROUPON', title: '买一送一', status: 'CARD_STATUS_VERIFY_OK', useCustomCode: true, codeMode: 'GET_CUSTOM_CODE_MODE_DEPOSIT', stock: 0 });
  assert.deepEqual(await client.card.get(oldId), { cardId: oldId, cardType: 'CASH', title: '满减券', status: 'CARD_STATUS_VERIFY_OK', useCustomCode: true, codeMode: null, stock: 30 });
  assert.deepEqual(await client.card.batchGet(0), { cardIds: [cardId, oldId, plainId], total: 3 });
  assert.deepEqual(await client.card.batchGet(2, 1), { cardIds: [plainId], total: 3 });
  assert.equal((await rawPost(sandbox, '/card/batchget', { offset: 0, count: 51 }, token)).errcode, 40097, 'at most 50 a page');
  const stockAtCreate = { card_type: 'GROUPON', groupon: { base_info: { ...DEPOSIT_CARD.groupon.base_info, sku: { quantity: 5 } } } };
  assert.equal((await refusal(client.card.create(stockAtCreate))).errcode, 40122, 'a deposit-mode card starts at stock 0 (seed 002 §4.1)');

  assert.equal((await refusal(client.card.deposit(oldId, ['A1']))).errcode, 40072, 'not in deposit mode');
  assert.equal((await refusal(client.card.deposit(plainId, ['A1']))).errcode, 40072, 'no custom codes');
  assert.equal((await refusal(client.card.setCodeMode(plainId, 'GIFT', 'GET_CUSTOM_CODE_MODE_DEPOSIT'))).errcode, 40072);
  assert.equal((await refusal(client.card.setCodeMode(oldId, 'CASH', 'GET_CUSTOM_CODE_MODE_DEPOSIT'))).errcode, 40122, 'stock 30 above 0 codes deposited');
  await client.card.modifyStock(oldId, { reduce: 30 });
  await client.card.setCodeMode(oldId, 'CASH', 'GET_CUSTOM_CODE_MODE_DEPOSIT');
  assert.equal((await client.card.get(oldId)).codeMode, 'GET_CUSTOM_CODE_MODE_DEPOSIT');
  assert.equal((await refusal(client.card.modifyStock(oldId, { reduce: 1 }))).errcode, 40122, 'below 0');

  const codes = ['K0001', 'K0002', 'K0003'];
  await client.card.deposit(cardId, codes);
  assert.equal((await refusal(client.card.modifyStock(cardId, { increase: 4 }))).errcode, 40122, 'above the 3 codes deposited');
  const ticket = (await client.card.createQr({ card_id: cardId, code: 'K0001' })).ticket;
  const claim = (body: unknown) => rawPost(sandbox, '/sandbox/card/claim', body);
  assert.equal((await claim({ ticket })).errcode, 45031, 'stock 0: nobody can receive the card');
  await client.card.modifyStock(cardId, { increase: 3 });
  assert.equal((await client.card.get(cardId)).stock, 3);
  assert.deepEqual(await claim({ ticket }), { errcode: 0, errmsg: 'ok', cards: [{ card_id: cardId, code: 'K0001' }] });
  assert.equal((await claim({ ticket })).errcode, 40099, 'a custom code is received once');
  assert.equal((await client.card.get(cardId)).stock, 2);
  for (const code of ['K0002', 'K0003']) assert.equal((await claim({ ticket: (await client.card.createQr({ card_id: cardId, code })).ticket })).errcode, 0);
  assert.equal((await claim({ ticket: (await client.card.createQr({ card_id: cardId, code: 'K0004' })).ticket })).errcode, 45031, 'beyond stock');

  await client.card.preview(cardId, { openid: 'oTester00000000000000000001' });
  await client.card.preview(cardId, { wxname: 'tester_li' });
  assert.deepEqual(sandbox.cards.previews.map(({ atMs: _, ...p }) => p), [{ cardId, touser: 'oTester00000000000000000001' }, { cardId, towxname: 'tester_li' }]);
  assert.equal((await rawPost(sandbox, '/cgi-bin/message/mass/preview', { touser: 'o1', msgtype: 'text', text: { content: 'x' } }, token)).errcode, 40097);
  assert.equal((await rawPost(sandbox, '/cgi-bin/message/mass/preview', { touser: 'o1', msgtype: 'wxcard', wxcard: { card_id: 'pNope' } }, token)).errcode, 40073);
});

test("seed 002's limits: code string(20), outer_str string(128), outer_id an integer, in the client and the sandbox", async () => {
  const sandbox = await testSandbox();
  const { client } = sandboxClient(sandbox);
  const token = await stableToken(sandbox);
  const { cardId } = await client.card.create(DEPOSIT_CARD);
  const code35 = 'C'.repeat(35);
  const early = await refusal(client.card.createQr({ card_id: cardId, code: code35 }));
  assert.ok(early instanceof RequestCheckError, 'refused before the call');
  assert.equal(early.errcode, 45021);
  assert.equal((await rawPost(sandbox, '/card/qrcode/create', { action_name: 'QR_CARD', action_info: { card: { card_id: cardId, code: code35 } } }, token)).errcode, 45021);
  assert.equal((await rawPost(sandbox, '/card/qrcode/create', { action_name: 'QR_CARD', action_info: { card: { card_id: cardId, outer_str: 'x'.repeat(129) } } }, token)).errcode, 45021);
  assert.equal((await rawPost(sandbox, '/card/qrcode/create', { action_name: 'QR_CARD', action_info: { card: { card_id: cardId, outer_id: 1.5 } } }, token)).errcode, 40097);
  assert.ok((await client.card.createQr({ card_id: cardId, code: 'C'.repeat(20), outer_str: 'x'.repeat(128), outer_id: 12 })).url);
  assert.deepEqual((await client.card.deposit(cardId, ['D'.repeat(20)])).succ, ['D'.repeat(20)]);
  assert.equal((await refusal(client.card.deposit(cardId, ['D'.repeat(21)]))).errcode, 45021);
  assert.deepEqual((await rawPost(sandbox, '/card/code/deposit', { card_id: cardId, code: ['E'.repeat(21)] }, token)).fail_code, ['E'.repeat(21)]);
});

test('a brand from an empty card to claimable codes in the app: read before deposit, deposit mode set, stock brought to the deposit, all audited', async () => {
  const { sandbox, client, app, accountId } = await cardSetup();
  const { cardId: plainId } = await client.card.create(PLAIN_CARD);
  const { cardId: oldId } = await client.card.create(OLD_CUSTOM_CARD);

  const calls = sandbox.faults.callsCounted;
  const plain = await refused(app, 'planDepositBatch', { cardId: plainId, source: pattern('P{seq:6}', 1, 10) });
  assert.match(plain.message.en, /does not use custom codes \(use_custom_code is false\): WeChat refuses deposits/);
  assert.match(plain.message['zh-CN'], /未使用自定义 code/);
  const notMode = await refused(app, 'planDepositBatch', { cardId: oldId, source: pattern('P{seq:6}', 1, 10) });
  assert.match(notMode.message.en, /is not in the deposit mode .*qrpack card deposit-mode --card-id/);
  assert.equal(sandbox.faults.callsCounted - calls, 2, 'one card/get each, no deposit call');
  assert.equal(app.batches.repo.list().length, 0);

  const high = await refused(app, 'setCardDepositMode', { cardId: oldId });
  assert.match(high.message.en, /stock of 30 and 0 codes deposited.*--reduce 30/);
  const reduced = await ok<CardView>(app, 'modifyCardStock', { cardId: oldId, reduce: 30 });
  assert.equal(reduced.stock, 0);
  const moded = await ok<CardView>(app, 'setCardDepositMode', { cardId: oldId });
  assert.equal(moded.codeMode, 'GET_CUSTOM_CODE_MODE_DEPOSIT');
  const badChange = await refused(app, 'modifyCardStock', { cardId: oldId, increase: 0 });
  assert.match(badChange.message.en, /whole number from 1 to 100000000/);

  const deposit = await ok<BatchView>(app, 'planDepositBatch', { cardId: oldId, source: pattern('P{seq:6}', 1, 120) });
  await app.batches.run(deposit.id);
  const report = await ok<{ matches: boolean }>(app, 'reconcileDeposit', { cardId: oldId });
  assert.equal(report.matches, true);
  assert.deepEqual(await ok(app, 'cardStockPlan', { cardId: oldId }), { cardId: oldId, stock: 0, deposited: 120, change: { increase: 120 } });
  const over = await refused(app, 'modifyCardStock', { cardId: oldId, increase: 121 });
  assert.equal(over.errcode, 40122);
  assert.equal((await ok<CardView>(app, 'modifyCardStock', { cardId: oldId, increase: 120 })).stock, 120);
  assert.deepEqual(await ok(app, 'cardStockPlan', { cardId: oldId }), { cardId: oldId, stock: 120, deposited: 120, change: null });

  const qr = await ok<BatchView>(app, 'planCardBatch', { cardId: oldId, source: pattern('P{seq:6}', 1, 3), outerStr: 'o'.repeat(128), outerId: 7 });
  await app.batches.run(qr.id);
  assert.deepEqual(app.batches.repo.get(qr.id).options, { outerStr: 'o'.repeat(128), outerId: 7 });
  const ticket = [...(sandbox.cards as unknown as { tickets: Map<string, { url: string }> }).tickets.entries()].find(([, t]) => t.url === app.batches.repo.codes({ batchId: qr.id })[0]!.content)![0];
  assert.equal((await rawPost(sandbox, '/sandbox/card/claim', { ticket })).errcode, 0, 'the printed code is claimable');
  const tooLongOuter = await refused(app, 'planCardBatch', { cardId: oldId, source: pattern('P{seq:6}', 4, 3), outerStr: 'o'.repeat(129) });
  assert.match(tooLongOuter.message.en, /outer_str: at most 128 printable ASCII characters/);

  assert.deepEqual(
    app.actions.list({ accountId }).reverse().map((a) => [a.kind, a.ok, a.errcode]),
    [
      ['modifyCardStock', true, null],
      ['setCardDepositMode', true, null],
      ['reconcileDeposit', true, null],
      ['modifyCardStock', false, 40122],
      ['modifyCardStock', true, null],
    ],
  );
});

test("the account's cards listed (batchget + get) and cached; a multiple-card code with a code per custom-code card; the seed's thumb_url; preview to a tester, audited", async () => {
  const { sandbox, client, app, accountId } = await cardSetup();
  const { cardId: depositId } = await client.card.create(DEPOSIT_CARD);
  const { cardId: customId } = await client.card.create({ ...OLD_CUSTOM_CARD, cash: { ...OLD_CUSTOM_CARD.cash, base_info: { ...OLD_CUSTOM_CARD.cash.base_info, sku: { quantity: 0 } } } });
  const { cardId: plainId } = await client.card.create(PLAIN_CARD);
  for (let i = 0; i < 52; i++) await client.card.create(PLAIN_CARD);
  const listed = await ok<CardView[]>(app, 'listCards', {});
  assert.equal(listed.length, 55, 'two batchget pages of at most 50');
  assert.deepEqual(listed.slice(0, 2).map((c) => [c.cardId, c.cardType, c.codeMode, c.stock]), [
    [depositId, 'GROUPON', 'GET_CUSTOM_CODE_MODE_DEPOSIT', 0],
    [customId, 'CASH', null, 0],
  ]);
  await sandbox.close();
  const cached = await ok<CardView[]>(app, 'listCards', { read: 'cached' });
  assert.equal(cached.length, 55, 'the cache answers with WeChat out of reach');
  await sandbox.start(Number(new URL(sandbox.url).port));
  await client.card.modifyStock(plainId, { reduce: 1 });
  const calls = sandbox.faults.callsCounted;
  const again = await ok<CardView[]>(app, 'listCards', {});
  assert.equal(sandbox.faults.callsCounted - calls, 2, 'a form opening: two batchget pages, no card/get for cards read before');
  assert.equal(again.find((c) => c.cardId === plainId)!.stock, 100);
  const all = await ok<CardView[]>(app, 'listCards', { read: 'all' });
  assert.equal(sandbox.faults.callsCounted - calls, 2 + 2 + 55, 'read again: every card');
  assert.equal(all.find((c) => c.cardId === plainId)!.stock, 99);

  const needsCode = await refused(app, 'planMultipleCardBatch', { cards: [{ cardId: depositId }, { cardId: customId }] });
  assert.match(needsCode.message.en, new RegExp(`Card ${customId} uses custom codes: give the code`));
  const noCode = await refused(app, 'planMultipleCardBatch', { cards: [{ cardId: customId, code: '2392583481' }, { cardId: plainId, code: '1' }] });
  assert.match(noCode.message.en, /has no custom codes: leave its code empty/);
  const shelf = await ok<BatchView>(app, 'planMultipleCardBatch', { cards: [{ cardId: customId, code: '2392583481' }, { cardId: plainId }], outerStr: '12b' });
  await app.batches.run(shelf.id);
  const tickets = (sandbox.cards as unknown as { tickets: Map<string, { url: string; cards: unknown }> }).tickets;
  const issued = [...tickets.values()].find((t) => t.url === app.batches.repo.codes({ batchId: shelf.id })[0]!.content)!;
  assert.deepEqual(issued.cards, [{ cardId: customId, code: '2392583481', outerStr: '12b' }, { cardId: plainId, outerStr: '12b' }], 'each card with the outer_str its claims carry');

  const landing = await ok<BatchView>(app, 'planLandingPageBatch', { title: '惠城优惠大派送', banner: 'http://mmbiz.qpic.cn/mmbiz/b', scene: 'SCENE_NEAR_BY', canShare: true, cards: [{ cardId: plainId, thumbUrl: 'www.qq.com/a.jpg' }] });
  assert.equal(landing.kind, 'card', "the seed's own thumb_url is taken");
  const badThumb = await refused(app, 'planLandingPageBatch', { title: 't', banner: 'http://b.example/b', scene: 'SCENE_NEAR_BY', canShare: true, cards: [{ cardId: plainId, thumbUrl: 'javascript:alert(1)' }] });
  assert.match(badThumb.message.en, /thumb_url of .*an image address such as/);

  assert.deepEqual(await ok(app, 'previewCard', { cardId: plainId, wxname: 'tester_li' }), { msgId: '1' });
  const badTester = await refused(app, 'previewCard', { cardId: plainId, openid: 'o1' });
  assert.match(badTester.message.en, /"o1" is not an OpenID/);
  assert.equal(sandbox.cards.previews.length, 1, 'nothing sent for the refusal');
  const previewAction = app.actions.list({ accountId }).find((a) => a.kind === 'previewCard')!;
  assert.deepEqual(previewAction.request, { card_id: plainId, wxname: 'tester_li' });
});
