import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redactor } from '../../electron/core/log/redactor';

test('known secrets and token-shaped values are removed', () => {
  const redactor = new Redactor();
  redactor.add('0123456789abcdef0123456789abcdef');
  const line = [
    'secret 0123456789abcdef0123456789abcdef in text',
    'GET /cgi-bin/token?grant_type=client_credential&appid=wx1&secret=zzz&x=1',
    'POST /scan/product/getqrcode?access_token=ACCESS.TOKEN-value_1 failed',
    '{"access_token":"abc.def","expires_in":7200}',
    'authorization: Bearer sk-123',
  ].join('\n');
  const out = redactor.redact(line);
  for (const leaked of ['0123456789abcdef0123456789abcdef', 'zzz', 'ACCESS.TOKEN-value_1', 'abc.def', 'sk-123']) {
    assert.ok(!out.includes(leaked), `${leaked} leaked in ${out}`);
  }
  assert.ok(out.includes('appid=wx1'), 'non-secret parameters are kept');
  assert.ok(out.includes('"expires_in":7200'));
});

test('very short values are not registered (they would shred ordinary text)', () => {
  const redactor = new Redactor();
  redactor.add('ab');
  assert.equal(redactor.redact('about abba'), 'about abba');
});
