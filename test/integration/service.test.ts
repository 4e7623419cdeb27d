import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { AccountView, Settings } from '../../shared/contract';
import { QrPackApp } from '../../electron/core/app';
import { allBytesUnder, tempDir } from '../support/tempDir';
import { ok, testApp, VALID_SECRET, validDraft } from '../support/testApp';

test('a fresh install uses the sandbox account and the OS language', async () => {
  const app = testApp({ systemLocale: 'zh_CN.UTF-8' });
  const settings = await ok<Settings>(app, 'getSettings');
  assert.deepEqual(settings, { language: 'zh-CN', languageSource: 'system', activeAccountId: 'sandbox' });
  const accounts = await ok<AccountView[]>(app, 'listAccounts');
  assert.equal(accounts.length, 1);
  assert.equal(accounts[0]!.kind, 'sandbox');
  assert.equal(accounts[0]!.active, true);
});

test('the chosen language is saved and announced', async () => {
  const app = testApp();
  const seen: unknown[] = [];
  app.onEvent((event, payload) => seen.push([event, payload]));
  await ok(app, 'setLanguage', { language: 'zh-CN' });
  assert.deepEqual(await ok(app, 'getSettings'), { language: 'zh-CN', languageSource: 'saved', activeAccountId: 'sandbox' });
  assert.deepEqual(seen, [['settingsChanged', { language: 'zh-CN', languageSource: 'saved', activeAccountId: 'sandbox' }]]);
});

test('bad calls get typed errors in both languages, never a crash', async () => {
  const app = testApp();
  const unknown = await app.dispatch('dropTables', {});
  assert.equal(!unknown.ok && unknown.error.code, 'unknown_method');
  for (const [method, args] of [
    ['setLanguage', { language: 'fr' }],
    ['setLanguage', {}],
    ['setLanguage', 'zh-CN'],
    ['getSettings', { extra: 1 }],
    ['saveAccount', { ...validDraft(), secret: 'x'.repeat(5000) }],
    ['selectAccount', { id: '' }],
  ] as const) {
    const envelope = await app.dispatch(method, args);
    assert.equal(envelope.ok, false, `${method} ${JSON.stringify(args)}`);
    if (!envelope.ok) {
      assert.equal(envelope.error.code, 'invalid_argument');
      assert.ok(envelope.error.message.en && envelope.error.message['zh-CN']);
    }
  }
  // Nothing was changed by the refused calls.
  assert.equal((await ok<Settings>(app, 'getSettings')).languageSource, 'system');
});

test('a request the contract refuses is told in plain words per field, never in the schema library\'s', async () => {
  const app = testApp();
  const product = await app.dispatch('createProduct', { keystandard: 'ean13', keystr: '', brandInfo: { base_info: { title: 'x' } } });
  assert.ok(!product.ok);
  assert.equal(product.error.message.en, 'Code (keystr) is required (it is empty).');
  assert.equal(product.error.message['zh-CN'], '编码(keystr)为必填项(现为空)。');
  assert.deepEqual(product.error.fields?.map((f) => f.field), ['keystr']);
  const template = await ok<object>(app, 'defaultTemplate', { stockId: 'avery-l7160' });
  const saved = await app.dispatch('saveTemplate', { name: 'big', template: { ...template, text: [{ text: 'x', xMm: 1, yMm: 1, sizePt: 100, bold: false, align: 'left' }] } });
  assert.ok(!saved.ok);
  assert.match(saved.error.message.en, /^Text size \(pt\) \(template\.text\.0\.sizePt\) must be at most 72\.$/);
  assert.equal(saved.error.message['zh-CN'], '字号(磅)(template.text.0.sizePt)不能大于 72。');
  for (const envelope of [product, saved]) assert.doesNotMatch(JSON.stringify(envelope), /Too small|Too big|expected|>=|<=/);
});

test('an invalid account is refused field by field, and nothing is written', async () => {
  const app = testApp();
  const envelope = await app.dispatch('saveAccount', validDraft({ appId: 'wx12', secret: '' }));
  assert.equal(envelope.ok, false);
  if (envelope.ok) return;
  assert.equal(envelope.error.code, 'invalid_argument');
  assert.deepEqual(envelope.error.fields?.map((f) => f.field), ['appId', 'secret']);
  assert.match(envelope.error.fields![0]!.message['zh-CN'], /AppID/);
  assert.equal((await ok<AccountView[]>(app, 'listAccounts')).length, 1);
});

test('accounts are saved, selected, edited without re-entering the secret, and deleted', async () => {
  const app = testApp();
  const saved = await ok<AccountView>(app, 'saveAccount', validDraft());
  assert.equal(saved.hasSecret, true);
  assert.equal(saved.active, false);
  const duplicate = await app.dispatch('saveAccount', validDraft({ name: 'Other' }));
  assert.equal(!duplicate.ok && duplicate.error.fields?.[0]?.field, 'appId');

  await ok(app, 'selectAccount', { id: saved.id });
  const edited = await ok<AccountView>(app, 'saveAccount', validDraft({ id: saved.id, name: 'Brand A (print)', secret: '' }));
  assert.equal(edited.name, 'Brand A (print)');
  assert.equal(edited.hasSecret, true, 'an empty secret on edit keeps the stored one');
  assert.equal(edited.active, true);

  const sandboxEdit = await app.dispatch('saveAccount', validDraft({ id: 'sandbox' }));
  assert.equal(!sandboxEdit.ok && sandboxEdit.error.code, 'forbidden');
  const sandboxDelete = await app.dispatch('deleteAccount', { id: 'sandbox' });
  assert.equal(!sandboxDelete.ok && sandboxDelete.error.code, 'forbidden');

  await ok(app, 'deleteAccount', { id: saved.id });
  assert.equal((await ok<Settings>(app, 'getSettings')).activeAccountId, 'sandbox', 'falls back to the sandbox');
  assert.equal(fs.existsSync(path.join(app.dataDir, 'secrets', `${saved.id}.bin`)), false);
});

test('an account with history in the log cannot be deleted', async () => {
  const app = testApp();
  const saved = await ok<AccountView>(app, 'saveAccount', validDraft());
  app.db
    .prepare(`INSERT INTO actions (account_id, at, kind, target, request_json, ok) VALUES (?, 'now', 'publish', 'x', '{}', 1)`)
    .run(saved.id);
  const refused = await app.dispatch('deleteAccount', { id: saved.id });
  assert.equal(!refused.ok && refused.error.code, 'conflict');
});

test('without an OS keychain a secret is refused, a token service account is not', async () => {
  const app = testApp({ cipher: null });
  const refused = await app.dispatch('saveAccount', validDraft());
  assert.equal(!refused.ok && refused.error.code, 'forbidden');
  const service = await ok<AccountView>(
    app,
    'saveAccount',
    validDraft({ credentialKind: 'tokenService', secret: '', tokenServiceUrl: 'https://tokens.brand.example/wx' }),
  );
  assert.equal(service.hasSecret, false);
});

test('secrets never reach the database, its WAL, the log, an answer or an event', async () => {
  const dataDir = tempDir();
  const { testCipher } = await import('../support/testCipher');
  const app = new QrPackApp({ dataDir, version: 't', systemLocale: 'en', cipher: testCipher() });
  const wire: string[] = [];
  app.onEvent((event, payload) => wire.push(JSON.stringify([event, payload])));
  const record = async (method: string, args: unknown = {}) => {
    const envelope = await app.dispatch(method, args);
    wire.push(JSON.stringify(envelope));
    return envelope;
  };
  const saved = await record('saveAccount', validDraft());
  assert.ok(saved.ok);
  const id = (saved.value as AccountView).id;
  await record('saveAccount', validDraft({ id, secret: 'fedcba9876543210fedcba9876543210' }));
  await record('saveAccount', validDraft({ id, appId: 'bad', secret: VALID_SECRET }));
  await record('listAccounts');
  await record('selectAccount', { id });
  await record('getAppInfo');
  // An internal failure is logged: make one happen with a secret in its message.
  app.log.write('error', `failure while using ${VALID_SECRET}`, new Error(`token secret=${VALID_SECRET}`));
  const everything = wire.join('\n') + allBytesUnder(dataDir);
  await app.close();
  const afterClose = allBytesUnder(dataDir);
  for (const secret of [VALID_SECRET, 'fedcba9876543210fedcba9876543210']) {
    assert.ok(!everything.includes(secret), 'secret found while open');
    assert.ok(!afterClose.includes(secret), 'secret found after close');
  }
  assert.ok(wire.some((line) => line.includes('"hasSecret":true')), 'the renderer learns only that a secret exists');
  assert.ok(fs.readFileSync(path.join(dataDir, 'logs', 'qrpack.log'), 'utf8').includes('[redacted]'));
});
