import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en } from '../../renderer/src/i18n/en';
import { translate } from '../../renderer/src/i18n/translate';
import { zhCN } from '../../renderer/src/i18n/zhCN';
import { counted } from '../../shared/text';
import { ACTION_KINDS } from '../../electron/core/audit/actionLog';

test('counts take the plural form of their language: 1 page, 20 labels; Chinese has one form', () => {
  assert.equal(translate('en', 'export.done', { labels: 1, pages: 1, seconds: 2 }), '1 label on 1 page in 2 s.');
  assert.equal(translate('en', 'export.done', { labels: 20, pages: 1, seconds: 2 }), '20 labels on 1 page in 2 s.');
  assert.equal(translate('en', 'testers.saved', { count: 0 }), 'The whitelist was saved (0 testers).');
  assert.doesNotMatch(translate('zh-CN', 'export.done', { labels: 20, pages: 1, seconds: 2 }), /\{|\|/);
  assert.equal(counted(1, 'tester'), '1 tester');
  assert.equal(counted(1000, 'code'), '1,000 codes');
});

test('counted things are said in words, never with "(s)": 1 page, 5 scans by 1 user, 1 label does not decode', () => {
  assert.equal(translate('en', 'log.pages', { pages: 1 }), '1 page');
  assert.equal(translate('en', 'log.pages', { pages: 31 }), '31 pages');
  assert.equal(translate('en', 'log.scanCount', { scans: 5, scanners: 5 }), '5 scans by 5 users');
  assert.equal(translate('en', 'log.scanCount', { scans: 1, scanners: 1 }), '1 scan by 1 user');
  assert.equal(translate('en', 'log.recheckPassed', { id: 2, checked: 30 }), 'Export 2: 30 labels decode to their logged codes, as the file is now.');
  assert.equal(translate('en', 'testers.tooMany', { count: 11, max: 10 }), '11 testers: WeChat allows at most 10 in all. Remove some before saving.');
  for (const catalogue of [en, zhCN] as Record<string, string>[]) {
    assert.deepEqual(Object.entries(catalogue).filter(([, text]) => /\w\(s\)|\w\(es\)/.test(text)), []);
  }
});

test('the service and the CLI count in words too: no "${n} code(s)" in their messages', async () => {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const files = ['electron', 'shared'].flatMap((dir) => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f)));
  const offenders = files.flatMap((file) =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .map((line, i) => ({ where: `${file}:${i + 1}`, line }))
      .filter(({ line }) => /\$\{[^}]+\}[^`'"]{0,20}\w\((s|es)\)/.test(line)),
  );
  assert.deepEqual(offenders.map((o) => o.where), []);
  assert.match((await import('../../shared/issuing/productKey')).productKeyProblem({ keystandard: 'ean13', keystr: '12' })!.en, /^An EAN-13 barcode \(ean13\) is 13 digits/);
});

test('every message exists in both languages with the same parameters', () => {
  const params = (text: string) => [...text.matchAll(/\{(\w+)(?::[^{}]*)?\}/g)].map((m) => m[1]).sort();
  assert.deepEqual(Object.keys(zhCN).sort(), Object.keys(en).sort());
  const differing = (Object.keys(en) as (keyof typeof en)[]).filter((key) => JSON.stringify(params(en[key])) !== JSON.stringify(params(zhCN[key])));
  assert.deepEqual(differing, []);
});

test('every audited action has a name on the Log screen in both languages', () => {
  const missing = ACTION_KINDS.filter((kind) => !(`action.${kind}` in en) || !(`action.${kind}` in zhCN));
  assert.deepEqual(missing, []);
});

test('every built-in stock is named in both languages; the English name is the stock file\'s own', async () => {
  const { BUILT_IN_STOCKS } = await import('../../electron/core/sheets/design/stocks');
  const catalogues = { en: en as Record<string, string>, zh: zhCN as Record<string, string> };
  for (const stock of BUILT_IN_STOCKS) {
    assert.equal(catalogues.en[`stock.name.${stock.id}`], stock.name, stock.id);
    assert.match(catalogues.zh[`stock.name.${stock.id}`] ?? '', /毫米/, stock.id);
  }
});

test('no message on a screen speaks of malformed requests or schemas', () => {
  for (const catalogue of [en, zhCN] as Record<string, string>[]) {
    const bad = Object.entries(catalogue).filter(([, text]) => /malformed|zod|invalid_type|\bToo (small|big):/.test(text));
    assert.deepEqual(bad, []);
  }
});

test('the export\'s code range and the sheet\'s first free label are told apart; a failing label\'s page is said in the message\'s language', () => {
  // "From position" beside "Start at label" read as the same thing: a newcomer set the range for a used sheet.
  for (const [catalogue, start] of [[en, /position/i], [zhCN, /位置|起始/]] as const) {
    assert.doesNotMatch(catalogue['export.from'], start);
    assert.doesNotMatch(catalogue['export.to'], start);
  }
  assert.match(en['export.from'], /code/);
  assert.match(zhCN['export.from'], /码/);
  const failed = { id: 3, failed: 1, checked: 30, first: 'LG-007', page: 2 };
  assert.equal(translate('en', 'log.recheckFailed', failed), 'Export 3: 1 of 30 labels do not decode to their logged codes — first: LG-007 (page 2). Do not print this file.');
  assert.match(translate('zh-CN', 'log.recheckFailed', failed), /第一个:LG-007\(第 2 页\)。/);
  assert.doesNotMatch(translate('zh-CN', 'log.recheckFailed', failed), /p\./);
});

test('no message on a screen names a WeChat API (checkcode) for what it does', () => {
  for (const catalogue of [en, zhCN] as Record<string, string>[]) {
    assert.deepEqual(Object.entries(catalogue).filter(([, text]) => /\bcheckcode\b/i.test(text)), []);
  }
  assert.match(translate('zh-CN', 'batches.reconciled', { card: 'p1', wechat: 3, logged: 3 }), /微信逐个核查,全部找到。$/);
});
