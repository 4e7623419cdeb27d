import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { test } from 'node:test';
import { zplCrc16, zplLabel } from '../../electron/core/sheets/writers/zpl/zplLabels';

test('the :Z64: check is CRC-16/XMODEM (the catalogue check value of "123456789" is 31C3)', () => {
  assert.equal(zplCrc16('123456789'), '31C3');
  assert.equal(zplCrc16(''), '0000');
});

test('a label is one ^GFA field: a set bit a black dot, rows padded to whole bytes, width and length in dots', () => {
  // 10 × 2 dots: the first row black at x = 0 and x = 9, the second all paper.
  const data = new Uint8Array(20).fill(255);
  data[0] = 0;
  data[9] = 0;
  const zpl = zplLabel({ data, width: 10, height: 2 }, 'batch 1 ^label~1');
  const match = /^\^XA\n\^FX(.*)\n\^PW10\^LL2\^LH0,0\^PON\n\^FO0,0\^GFA,4,4,2,:Z64:([A-Za-z0-9+/=]+):([0-9A-F]{4})\^FS\n\^XZ\n$/.exec(zpl);
  assert.ok(match, zpl);
  assert.equal(match[1], 'batch 1  label 1', 'no ^ or ~ in a comment: they would start a command');
  assert.equal(match[3], zplCrc16(match[2]!));
  assert.deepEqual([...zlib.inflateSync(Buffer.from(match[2]!, 'base64'))], [0b1000_0000, 0b0100_0000, 0, 0]);
});
