import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { BatchView } from '../../shared/contract';
import { aesKeyOf, encryptMessage, messageSignature } from '../../electron/core/verdicts/messageCrypto';
import { buildMessage } from '../../electron/core/verdicts/messageXml';
import { startMessageServer } from '../../electron/core/verdicts/messageServer';
import { cardSetup } from '../support/cards';
import { finished, spawnFastCli } from '../support/childProcess';
import { ok } from '../support/testApp';

const TOKEN = 'cardEventsToken';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const OFFICIAL_APPID = 'wx5a4db0c0de00beef';
const pattern = (p: string, start: number, count: number) => ({ kind: 'pattern', pattern: p, start, count, step: 1 });

const { cardId, app } = await cardSetup();
await app.batches.run((await ok<BatchView>(app, 'planDepositBatch', { cardId, source: pattern('E{seq:4}', 1, 40) })).id);
const run7 = await ok<BatchView>(app, 'planCardBatch', { cardId, name: 'Run 7', source: pattern('E{seq:4}', 1, 20), outerStr: 'press-run-7' });
await app.batches.run(run7.id);
const run8 = await ok<BatchView>(app, 'planCardBatch', { cardId, name: 'Run 8', source: pattern('E{seq:4}', 21, 20), outerStr: 'press-run-8' });
await app.batches.run(run8.id);
const server = await startMessageServer(app.verdicts, app.log, { token: TOKEN, safeMode: { encodingAesKey: AES_KEY, appId: OFFICIAL_APPID, compatible: true } });
after(() => server.close());

let createTime = 1_700_100_000;
/** A card event as WeChat pushes it (the fields of its event documentation). */
const cardEvent = (event: string, fields: Record<string, string | number>) =>
  buildMessage({ ToUserName: 'gh_fbe8a958756e', FromUserName: 'oClaimer1', CreateTime: ++createTime, MsgType: 'event', Event: event, CardId: cardId, ...fields });

let nonces = 0;
async function postPlain(xml: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = `cn${++nonces}`;
  const res = await fetch(`${server.url}/?signature=${messageSignature(TOKEN, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`, { method: 'POST', body: xml });
  return { status: res.status, body: await res.text() };
}

async function postSafe(xml: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const encrypt = encryptMessage(aesKeyOf(AES_KEY), OFFICIAL_APPID, xml);
  const nonce = `sn${++nonces}`;
  const query = `signature=${messageSignature(TOKEN, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}&encrypt_type=aes&msg_signature=${messageSignature(TOKEN, timestamp, nonce, encrypt)}`;
  const res = await fetch(`${server.url}/?${query}`, {
    method: 'POST',
    body: buildMessage({ ToUserName: 'gh_fbe8a958756e', Encrypt: encrypt }),
  });
  return { status: res.status, body: await res.text() };
}

test('card events are recorded once and counted per print run: claims by code or by outer_str, gifts, uses, deletions', async () => {
  // A claim through run 7's printed code E0003; WeChat retries it.
  const claim = cardEvent('user_get_card', { UserCardCode: 'E0003', OuterStr: 'press-run-7', IsGiveByFriend: 0, FriendUserName: '', OldUserCardCode: '', OuterId: 0 });
  assert.deepEqual(await postPlain(claim), { status: 200, body: 'success' });
  assert.deepEqual(await postPlain(claim), { status: 200, body: 'success' }, 'a retry is answered too');
  // A claim in safe mode whose code no batch printed, but with run 8's outer_str.
  assert.equal((await postSafe(cardEvent('user_get_card', { UserCardCode: 'X999', OuterStr: 'press-run-8', IsGiveByFriend: 0 }))).status, 200);
  // E0003 given to a friend: the new holder's claim follows the code it was given from.
  assert.equal((await postPlain(cardEvent('user_get_card', { FromUserName: 'oFriend2', UserCardCode: 'G0001', IsGiveByFriend: 1, FriendUserName: 'oClaimer1', OldUserCardCode: 'E0003', OuterStr: '' }))).status, 200);
  assert.equal((await postPlain(cardEvent('user_consume_card', { FromUserName: 'oFriend2', UserCardCode: 'G0001', ConsumeSource: 'FROM_API', OuterStr: '' }))).status, 200);
  assert.equal((await postPlain(cardEvent('user_get_card', { FromUserName: 'oClaimer3', UserCardCode: 'E0025', OuterStr: 'press-run-8', IsGiveByFriend: 0 }))).status, 200);
  assert.equal((await postSafe(cardEvent('user_del_card', { FromUserName: 'oClaimer3', UserCardCode: 'E0025' }))).status, 200);
  // A claim of a card some other tool printed.
  assert.equal((await postPlain(cardEvent('user_get_card', { UserCardCode: 'Z1', OuterStr: 'shelf-A', IsGiveByFriend: 0 }))).status, 200);
  // Signed but incomplete: refused, recorded nowhere.
  assert.equal((await postPlain(buildMessage({ ToUserName: 'gh_1', FromUserName: 'o9', CreateTime: ++createTime, MsgType: 'event', Event: 'user_get_card' }))).status, 400);

  assert.equal(app.db.prepare('SELECT count(*) FROM card_events').pluck().get(), 7, 'the retry recorded once, the incomplete push not at all');
  const claims = await ok<{ batchId: number | null; outerStr: string; claims: number; gifts: number; consumed: number; deleted: number }[]>(app, 'listCardClaims', {});
  const byRun = Object.fromEntries(claims.map((c) => [c.batchId ?? c.outerStr, [c.outerStr, c.claims, c.gifts, c.consumed, c.deleted]]));
  assert.deepEqual(byRun, {
    [run7.id]: ['press-run-7', 1, 1, 1, 0],
    [run8.id]: ['press-run-8', 2, 0, 0, 1],
    'shelf-A': ['shelf-A', 1, 0, 0, 0],
  });
});

test('qrpack card claims prints the same per print run, and --json', async () => {
  const text = await finished(spawnFastCli(['--data', app.dataDir, 'card', 'claims']));
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`batch ${run7.id} Run 7  ${cardId}  outer_str=press-run-7  1 claimed, 1 received as gifts, 1 used, 0 deleted`));
  assert.match(text.stdout, /\(no batch of this log\) .* outer_str=shelf-A {2}1 claimed/);
  const json = await finished(spawnFastCli(['--data', app.dataDir, '--lang', 'zh-CN', 'card', 'claims', '--card-id', cardId, '--json']));
  assert.equal(JSON.parse(json.stdout).length, 3);
  const zh = await finished(spawnFastCli(['--data', app.dataDir, '--lang', 'zh-CN', 'card', 'claims']));
  assert.match(zh.stdout, /领取 2,转赠领取 0,核销 0,删除 1/);
});
