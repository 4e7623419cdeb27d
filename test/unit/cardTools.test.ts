import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CardTools } from '../../electron/core/cards/cardTools';
import type { ActionLog } from '../../electron/core/audit/actionLog';
import type { WechatClient } from '../../electron/core/wechat/wechatClient';

test('the card article HTML is sanitised: no script, no handler, no javascript: URL, nothing that loads by itself', async () => {
  // WeChat's answer stands in here: the sandbox serves only well-formed card HTML.
  const hostile = '<p onclick="steal()">Deal</p><script>alert(1)</script><a href="javascript:alert(1)">x</a><img src="https://t.example/p.gif" onerror="x()"><iframe src="https://evil.example" data-src="https://mp.weixin.qq.com/card"></iframe>';
  const client = { card: { mpnewsHtml: async () => hostile } } as unknown as WechatClient;
  const html = await new CardTools({} as ActionLog).mpnewsPreview(client, 'pCard1');
  assert.doesNotMatch(html, /script|onclick|onerror|javascript:|src="https:\/\/evil|src="https:\/\/t\.example/);
  assert.match(html, /<p>Deal<\/p>/);
  assert.match(html, /<iframe data-src="https:\/\/mp.weixin.qq.com\/card"><\/iframe>/);
  await assert.rejects(new CardTools({} as ActionLog).mpnewsPreview(client, 'not a card id'), /not a card id/);
});
