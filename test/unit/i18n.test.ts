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
