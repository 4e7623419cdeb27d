import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { test } from 'node:test';
import { claimText, enrolmentLine, readEnrolmentLine, signedBy, type PushClaim } from '../../electron/core/ledger/pushClaim';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
const signed = (claim: Omit<PushClaim, 'signature'>): PushClaim => ({ ...claim, signature: sign(null, Buffer.from(claimText(claim)), privateKey).toString('base64') });

test('a claim passes only under the key that signed it, and only as it was signed', () => {
  const claim = signed({ kind: 'file', station: 'a1b2c3d4-0000-4000-8000-000000000001', appid: 'wx1234567890abcdef', seq: 7, sha256: 'ab'.repeat(32) });
  assert.ok(signedBy(claim, raw));
  const other = Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
  assert.ok(!signedBy(claim, other), 'another key');
  for (const changed of [{ seq: 8 }, { appid: 'wx5a4db0c0de000001' }, { station: 'a1b2c3d4-0000-4000-8000-000000000002' }, { sha256: 'cd'.repeat(32) }, { kind: 'push' as const }]) {
    assert.ok(!signedBy({ ...claim, ...changed }, raw), JSON.stringify(changed));
  }
  assert.ok(!signedBy({ ...claim, signature: 'not base64 at all' }, raw));
  assert.ok(!signedBy(claim, 'short'), 'a malformed key is no key');
});

test('an enrolment line carries id, name and key; anything else is not one', () => {
  const station = { id: 'a1b2c3d4-0000-4000-8000-000000000001', name: '印刷厂 A, line 2', publicKey: raw };
  assert.deepEqual(readEnrolmentLine(enrolmentLine(station)), station);
  for (const bad of ['', 'qrpack-station:', 'qrpack-station:!!!', `x${enrolmentLine(station)}`, enrolmentLine({ ...station, name: 'a\u001b[31m' }), enrolmentLine({ ...station, name: '' }), enrolmentLine({ ...station, publicKey: 'AAAA' }), enrolmentLine({ ...station, id: '../../etc' })]) {
    assert.equal(readEnrolmentLine(bad), null, bad);
  }
});
