import assert from 'node:assert/strict';
import { test } from 'node:test';
import QRCode from 'qrcode';
import { encodeQr, type Ecc } from '../../../../electron/core/sheets/symbols/qrEncoder';

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

/** ISO/IEC 18004's mask penalty, written plainly module by module: the reference for the encoder's bit-parallel scoring. */
function isoPenalty(m: Uint8Array, size: number): number {
  const at = (x: number, y: number) => m[y * size + x]!;
  let score = 0;
  for (const line of [(i: number, j: number) => at(j, i), (i: number, j: number) => at(i, j)]) {
    for (let i = 0; i < size; i++) {
      for (let j = 0, run = 0; j < size; j++) {
        run = j > 0 && line(i, j) === line(i, j - 1) ? run + 1 : 1;
        if (run === 5) score += 3;
        else if (run > 5) score += 1;
      }
      for (let j = 0; j + 11 <= size; j++) {
        let window = 0;
        for (let k = 0; k < 11; k++) window = window * 2 + line(i, j + k);
        if (window === 0b10111010000 || window === 0b00001011101) score += 40;
      }
    }
  }
  for (let y = 0; y + 1 < size; y++) for (let x = 0; x + 1 < size; x++) if (at(x, y) === at(x + 1, y) && at(x, y) === at(x, y + 1) && at(x, y) === at(x + 1, y + 1)) score += 3;
  const dark = m.reduce((a, b) => a + b, 0);
  return score + Math.floor(Math.abs((dark * 100) / (size * size) - 50) / 5) * 10;
}

test('the mask chosen is the one ISO scoring ranks first, for symbols of every size (one word a line and several)', () => {
  const next = random(7);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_/:.';
  for (let i = 0; i < 120; i++) {
    const ecc = (['L', 'M', 'Q', 'H'] as Ecc[])[i % 4]!;
    const length = 1 + Math.floor(next() ** 2 * 600);
    const text = Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    const chosen = encodeQr(text, ecc);
    const scores = Array.from({ length: 8 }, (_, mask) => isoPenalty(encodeQr(text, ecc, { mask }).modules, chosen.size));
    assert.equal(chosen.mask, scores.indexOf(Math.min(...scores)), `${ecc} v${chosen.version}: scores ${scores.join(' ')}`);
  }
});
