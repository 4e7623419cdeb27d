import assert from 'node:assert/strict';
import { test } from 'node:test';
import QRCode from 'qrcode';
import { encodeQr, type Ecc } from '../../electron/core/sheets/qrEncoder';

/** A small deterministic PRNG, so failures repeat. */
function random(seed: number) {
  return () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0) / 4294967296);
}

test('matrices equal the qrcode package module for module, for the same version and mask', () => {
  const next = random(42);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_().*/:中文';
  let compared = 0;
  for (const ecc of ['L', 'M', 'Q', 'H'] as Ecc[]) {
    for (let i = 0; i < 60; i++) {
      const length = 1 + Math.floor(next() ** 2 * 400);
      const text = Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      const ours = encodeQr(text, ecc);
      // Byte mode on both sides: qrcode would otherwise split runs into alphanumeric segments.
      const theirs = QRCode.create([{ data: Buffer.from(text), mode: 'byte' }], { errorCorrectionLevel: ecc, version: ours.version, maskPattern: ours.mask as 0 });
      assert.equal(theirs.modules.size, ours.size, `${ecc} v${ours.version}`);
      assert.deepEqual(Buffer.from(theirs.modules.data), Buffer.from(ours.modules), `${ecc} v${ours.version} mask ${ours.mask} "${text.slice(0, 30)}…"`);
      compared++;
    }
  }
  assert.equal(compared, 240);
});

test('every version from 1 to 40 at every level (every table entry), against qrcode', () => {
  for (const ecc of ['L', 'M', 'Q', 'H'] as Ecc[]) {
    for (let version = 1; version <= 40; version++) {
      const ours = encodeQr('qr', ecc, { minVersion: version, mask: version % 8 });
      assert.equal(ours.version, version, `${ecc} v${version}`);
      const theirs = QRCode.create([{ data: Buffer.from('qr'), mode: 'byte' }], { errorCorrectionLevel: ecc, version, maskPattern: (version % 8) as 0 });
      assert.deepEqual(Buffer.from(theirs.modules.data), Buffer.from(ours.modules), `${ecc} v${version}`);
    }
  }
});

test('the smallest version that holds the text is chosen', () => {
  assert.equal(encodeQr('http://p.url.cn/2OcXev5BqtP/LOT7-000001', 'M').version, 3);
  assert.equal(encodeQr('x'.repeat(14), 'M').version, 1);
  assert.equal(encodeQr('x'.repeat(15), 'M').version, 2);
  assert.throws(() => encodeQr('x'.repeat(3000), 'H'), /too long/);
});
