import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wxticketFrom } from '../../shared/products/wxticket';

test('a wxticket is read from itself or from the link that carries it, as the seed writes one', () => {
  const seedLink = 'http://p.url.cn/wxscandemo/yangbanjian/fangweilanding?91eddae46161ae26a3e6e928f3c07147=scan&wxkeystandard=qrcode&wxkeystr=cosmetics1&wxticket=azlsdGljdXo4Ymow&wxextinfo=123';
  assert.deepEqual(wxticketFrom(seedLink), { ticket: 'azlsdGljdXo4Ymow', extinfo: '123' });
  assert.deepEqual(wxticketFrom('  azlsdGljdXo4Ymow\n'), { ticket: 'azlsdGljdXo4Ymow', extinfo: null });
  // "+" and "/" of base64, escaped in the link or not.
  assert.equal(wxticketFrom('https://brand.example/p?wxticket=ab+c/d==')?.ticket, 'ab+c/d==');
  assert.equal(wxticketFrom('https://brand.example/p?wxticket=ab%2Bc%2Fd%3D%3D')?.ticket, 'ab+c/d==');
  assert.equal(wxticketFrom('https://brand.example/p?wxextinfo=1'), null, 'a link without a ticket (WeChat empties it when a link is shared)');
  assert.equal(wxticketFrom('https://brand.example/p?wxticket='), null);
  assert.equal(wxticketFrom('not a ticket!'), null);
  assert.equal(wxticketFrom(''), null);
});
