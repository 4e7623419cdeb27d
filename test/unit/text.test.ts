import assert from 'node:assert/strict';
import { test } from 'node:test';
import { languageFromLocale } from '../../shared/text';

test('OS locales map to the UI language', () => {
  for (const zh of ['zh-CN', 'zh_CN.UTF-8', 'zh-Hans-CN', 'zh', 'ZH-TW']) assert.equal(languageFromLocale(zh), 'zh-CN', zh);
  for (const en of ['en-US', 'en_GB.UTF-8', 'de-DE', '', undefined, null, 'C.UTF-8', 'zu-ZA']) {
    assert.equal(languageFromLocale(en), 'en', String(en));
  }
});
