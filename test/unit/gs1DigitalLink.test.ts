import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  expiryYymmdd,
  gs1HumanReadable,
  gs1Uri,
  gtin14,
  gtinOfPrefix,
  gtinOfProductKey,
  lotProblem,
  parseGs1DigitalLink,
  percentEncoded,
  set82Problem,
} from '../../shared/jump/gs1DigitalLink';
import { gs1DigitalLinkProblem } from '../../electron/core/sheets/symbols/gs1DigitalLink';
import { gs1OptionsFor } from '../../electron/core/issuing/jumpPlan';
import { fillPlaceholders } from '../../electron/core/sheets/design/labelLayout';

// The GS1 Digital Link standard's own examples (GS1 Digital Link standard: URI syntax, 1.4, §4 and annex).
const STANDARD_EXAMPLES = [
  { uri: 'https://id.gs1.org/01/09520123456788/10/ABC123/21/12345?17=180426', data: { gtin: '09520123456788', lot: 'ABC123', serial: '12345', expiry: '180426' } },
  { uri: 'https://id.gs1.org/01/09520123456788/21/12345', data: { gtin: '09520123456788', lot: null, serial: '12345', expiry: null } },
  { uri: 'https://example.com/01/09520123456788/10/ABC1/21/12345?17=180426', data: { gtin: '09520123456788', lot: 'ABC1', serial: '12345', expiry: '180426' } },
  { uri: 'https://id.gs1.org/01/05412345000013/10/ABC123?17=290331', data: { gtin: '05412345000013', lot: 'ABC123', serial: null, expiry: '290331' } },
];

test("the standard's own example URIs parse to their AIs, and GS1's linter (bwip-js) takes them", () => {
  for (const { uri, data } of STANDARD_EXAMPLES) {
    assert.deepEqual(parseGs1DigitalLink(uri), data, uri);
    assert.equal(gs1DigitalLinkProblem(uri), null, uri);
  }
});

test("our URIs are the standard's canonical form: 01, then 10, then 21 in the path; 17 in the query", () => {
  const prefix = 'https://id.gs1.org/01/09520123456788/';
  assert.equal(gs1Uri(prefix, { gtin: '09520123456788', lot: 'ABC123', expiry: '180426' }, '12345'), STANDARD_EXAMPLES[0]!.uri);
  assert.equal(gs1Uri(prefix, { gtin: '09520123456788' }, '12345'), STANDARD_EXAMPLES[1]!.uri);
  // A prefix without its final slash gets one before the qualifiers.
  assert.equal(gs1Uri('https://qr.brand.com/p/01/06901234567892', { gtin: '06901234567892', lot: 'LOT7' }, 'S000001'), 'https://qr.brand.com/p/01/06901234567892/10/LOT7/21/S000001');
  for (const serial of ['S000001', 'A/B', 'x%y', "a!b'c(d)e*f+g,", 'h:i;j<k=l>m?n&o"p', 'x'.repeat(20)]) {
    const uri = gs1Uri(prefix, { gtin: '09520123456788', lot: 'L/1', expiry: '261231' }, serial);
    assert.equal(gs1DigitalLinkProblem(uri), null, uri);
    assert.deepEqual(parseGs1DigitalLink(uri), { gtin: '09520123456788', lot: 'L/1', serial, expiry: '261231' }, uri);
  }
});

test('a till finds the key after any path, even when a lot or serial is itself "01" or "21"; anything else is no GS1 Digital Link', () => {
  assert.deepEqual(parseGs1DigitalLink('https://qr.brand.com/01/x/01/09520123456788/10/21/21/01'), { gtin: '09520123456788', lot: '21', serial: '01', expiry: null });
  for (const text of ['https://qr.brand.com/p/S1', 'https://qr.brand.com/01/952012345678/21/1', 'https://qr.brand.com/01/09520123456788/21/1/10/L', 'https://qr.brand.com/01/09520123456788/21', 'not a url']) {
    assert.equal(parseGs1DigitalLink(text), null, text);
  }
});

test('values are percent-encoded where the standard says: everything outside A–Z a–z 0–9 - . _ ~', () => {
  assert.equal(percentEncoded('ABC-1._~'), 'ABC-1._~');
  assert.equal(percentEncoded('A/B'), 'A%2FB');
  assert.equal(percentEncoded("!\"%&'()*+,:;<=>?"), '%21%22%25%26%27%28%29%2A%2B%2C%3A%3B%3C%3D%3E%3F');
});

test('GTINs: EAN-13, EAN-8 and UPC-A become GTIN-14; a wrong check digit is refused with the right one, in both languages', () => {
  assert.deepEqual(gtinOfProductKey({ keystandard: 'ean13', keystr: '6901234567892' }), { gtin: '06901234567892' });
  assert.deepEqual(gtinOfProductKey({ keystandard: 'ean8', keystr: '96385074' }), { gtin: '00000096385074' });
  assert.deepEqual(gtinOfProductKey({ keystandard: 'upc-a', keystr: '036000291452' }), { gtin: '00036000291452' });
  const wrong = gtinOfProductKey({ keystandard: 'ean13', keystr: '6900873042720' });
  assert.ok('problem' in wrong);
  assert.match(wrong.problem.en, /check digit and should be 2 \(6900873042722\)/);
  assert.match(wrong.problem['zh-CN'], /校验位,应为 2/);
  const qr = gtinOfProductKey({ keystandard: 'qrcode', keystr: 'ABC' });
  assert.ok('problem' in qr && /EAN-13, EAN-8 or UPC-A/.test(qr.problem.en) && /EAN-13/.test(qr.problem['zh-CN']));
  assert.ok('problem' in gtin14('123'));
});

test('a prefix must end at a 14-digit GTIN with a right check digit; anything else is refused in plain words', () => {
  assert.deepEqual(gtinOfPrefix('https://qr.brand.com/01/06901234567892/'), { gtin: '06901234567892' });
  assert.deepEqual(gtinOfPrefix('https://qr.brand.com/p/01/06901234567892'), { gtin: '06901234567892' });
  const cases: [string, RegExp, RegExp][] = [
    ['https://qr.brand.com/p/', /must end at the GTIN/, /必须以 GTIN 结尾/],
    ['https://qr.brand.com/01/06901234567892/10/', /must end at the GTIN/, /必须以 GTIN 结尾/],
    ['https://qr.brand.com/01/06901234567892?x=1', /must end at the GTIN/, /必须以 GTIN 结尾/],
    ['https://qr.brand.com/01/6901234567892/', /14 digits in a GS1 Digital Link \(06901234567892\)/, /14 位/],
    ['https://qr.brand.com/01/06900873042720/', /should be 2/, /应为 2/],
  ];
  for (const [prefix, en, zh] of cases) {
    const result = gtinOfPrefix(prefix);
    assert.ok('problem' in result, prefix);
    assert.match(result.problem.en, en, prefix);
    assert.match(result.problem['zh-CN'], zh, prefix);
  }
});

test('serials and lots: 1–20 characters of GS1 set 82', () => {
  assert.equal(set82Problem('S000001', 20), null);
  assert.equal(set82Problem('x'.repeat(20), 20), null);
  assert.equal(set82Problem('x'.repeat(21), 20), 'tooLong');
  assert.equal(set82Problem('A B', 20), 'characters');
  assert.equal(set82Problem('批号', 20), 'characters');
  assert.equal(set82Problem('A^B', 20), 'characters');
  assert.equal(set82Problem('', 20), 'empty');
  assert.equal(lotProblem('LOT7'), null);
  assert.match(lotProblem('LOT 7')!.en, /Lot \(--lot\): 1 to 20/);
  assert.match(lotProblem('x'.repeat(21))!['zh-CN'], /批号\(--lot\).*有 21 个字符/);
});

test('an expiry date becomes AI 17 (YYMMDD); an impossible date or one outside the two-digit-year window is refused', () => {
  const today = new Date('2026-12-04T00:00:00Z');
  assert.deepEqual(expiryYymmdd('2027-06-30', today), { yymmdd: '270630' });
  for (const bad of ['2027-02-30', '27-06-30', '2027-6-30', 'soon']) {
    const result = expiryYymmdd(bad, today);
    assert.ok('problem' in result && /YYYY-MM-DD/.test(result.problem.en) && /YYYY-MM-DD/.test(result.problem['zh-CN']), bad);
  }
  const far = expiryYymmdd('2080-01-01', today);
  assert.ok('problem' in far && /outside 1977–2076/.test(far.problem.en));
});

test("GS1's linter (bwip-js) refuses what the rules refuse, in our words and both languages, never its own", () => {
  const cases: [string, RegExp][] = [
    ['https://id.gs1.org/01/09520123456789/21/1', /wrong check digit in AI 01/],
    ['https://id.gs1.org/01/09520123456788/21/123456789012345678901', /too long in AI 21/],
    ['https://id.gs1.org/01/09520123456788/21/A%20B', /outside GS1 set 82 in AI 21/],
    ['https://id.gs1.org/01/09520123456788/21/1?17=261331', /month that does not exist in AI 17/],
    ['https://id.gs1.org/01/09520123456788/21/1/10/L', /out of the order/],
  ];
  for (const [uri, en] of cases) {
    const problem = gs1DigitalLinkProblem(uri);
    assert.ok(problem, uri);
    assert.match(problem.en, en, uri);
    assert.doesNotMatch(problem.en + problem['zh-CN'], /bwipp|#\d/);
    assert.match(problem['zh-CN'], /不是有效的 GS1 数字链接/);
  }
});

test('a GS1 batch is checked whole before planning: the product key must be the GTIN the prefix ends at', () => {
  const prefix = 'https://qr.brand.com/01/06901234567892/';
  assert.deepEqual(gs1OptionsFor(prefix, { product: { keystandard: 'ean13', keystr: '6901234567892' }, lot: 'LOT7', expiry: '2027-06-30' }), {
    gtin: '06901234567892',
    lot: 'LOT7',
    expiry: '270630',
    expiryDate: '2027-06-30',
  });
  assert.throws(() => gs1OptionsFor(prefix, { product: { keystandard: 'ean13', keystr: '9520123456788' } }), (e: Error & { message: string }) => /one prefix per GTIN/.test(e.message));
  assert.throws(() => gs1OptionsFor(prefix, { lot: 'LOT 7' }), /Lot \(--lot\)/);
  assert.throws(() => gs1OptionsFor(prefix, { expiry: '2027-13-01' }), /Expiry \(--expiry\)/);
  assert.throws(() => gs1OptionsFor('https://qr.brand.com/p/', {}), /must end at the GTIN/);
});

test('labels: the human-readable line and {gtin} {lot} {serial} {expiry:FMT} {gs1}', () => {
  assert.equal(gs1HumanReadable({ gtin: '06901234567892', lot: 'LOT7', serial: 'S000001', expiry: null }), '(01) 06901234567892 (10) LOT7 (21) S000001');
  const fields = {
    extinfo: 'S000001',
    seq: 1,
    keystr: 'https://qr.brand.com/01/06901234567892/',
    title: '',
    batch: 'b',
    date: '2026-12-04',
    gs1: { gtin: '06901234567892', lot: 'LOT7', expiry: '270630', expiryDate: '2027-06-30' },
  };
  assert.equal(fillPlaceholders('{gs1}', fields), '(01) 06901234567892 (10) LOT7 (21) S000001 (17) 270630');
  assert.equal(fillPlaceholders('GTIN {gtin} · {lot} · {serial} · EXP {expiry:DD/MM/YYYY} · {expiry}', fields), 'GTIN 06901234567892 · LOT7 · S000001 · EXP 30/06/2027 · 2027-06-30');
});
