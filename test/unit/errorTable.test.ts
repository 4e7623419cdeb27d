import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERRCODES, errcodeInfo, NETWORK_ERRCODE } from '../../electron/core/wechat/errorTable';

// Every errcode named in ../shared/reference/wechat-api.md (85066–85075 as a range).
const REFERENCE_ERRCODES = [
  -1, 40001, 40014, 42001, 40164, 45009, 45011, 47001, 48001, 48006, 61305, 61314, 61316, 61317, 61334, 61337, 61341,
  61342, 61343, 61350, 61351, 63158, 63166, 63167, 40109, 40056, 44990, 85066, 85067, 85068, 85069, 85070, 85071, 85072,
  85073, 85074, 85075, 85095, 886000,
];

test('every errcode in the reference has a message and an action in both languages', () => {
  for (const errcode of REFERENCE_ERRCODES) {
    const info = ERRCODES[errcode];
    assert.ok(info, `errcode ${errcode} missing`);
    for (const text of [info.message, info.action]) {
      assert.ok(text.en.length > 8, `${errcode} en`);
      assert.match(text['zh-CN'], /[\u4e00-\u9fff]/, `${errcode} zh-CN`);
    }
  }
});

test('categories follow the retry policy of mature SDKs', () => {
  const category = (code: number) => errcodeInfo(code).category;
  for (const code of [40001, 40014, 42001]) assert.equal(category(code), 'refreshToken');
  for (const code of [-1, 45011, NETWORK_ERRCODE]) assert.equal(category(code), 'retry');
  for (const code of [45009, 40164, 48001, 61314, 61341, 63166]) assert.equal(category(code), 'userFix');
  assert.equal(category(123456), 'fatal');
  assert.match(errcodeInfo(123456, 'strange').message.en, /strange/);
});
