import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { AppError } from '../../electron/core/appError';
import { encodeLinear } from '../../electron/core/sheets/symbols/linearBarcode';
import { decodeLinearBarcodes } from '../../electron/core/sheets/verify/qrDecoder';
import { contentStreams } from '../support/pdfInspect';
import { findStock } from '../../electron/core/sheets/design/stocks';
import { defaultTemplate, type Template } from '../../electron/core/sheets/design/template';
import type { Barcode } from '../../shared/sheets/templateSchema';
import { tempDir } from '../support/tempDir';
import { ok, testApp } from '../support/testApp';

// The checks a press would make (issue 32): no character printed as an empty box, nothing pushed
// off the page by the printer offset — refused before a file is opened, in both languages.

const app = testApp();
const out = tempDir();
const KEY = { keystandard: 'ean13', keystr: '6900873042720' };
const csv = ['extinfo,name,note', 'K-1,서울,ok', 'K-2,plain,👍', 'K-3,plain,ok'].join('\n');
const planned = await app.batches.plan('sandbox', { product: KEY, qrcodeSizePx: 100, name: 'Lot 7', source: { kind: 'file', fileName: 'k.csv', content: csv } });
await app.batches.run(planned.id, { concurrency: 4 });
const batchId = planned.id;

/** The refusal an export gets, checked in both languages; nothing is left in the folder. */
async function refusal(request: Parameters<typeof app.exports.export>[0], en: RegExp, zh: RegExp): Promise<void> {
  const before = fs.readdirSync(out);
  await assert.rejects(app.exports.export(request), (error: unknown) => {
    assert.ok(error instanceof AppError, String(error));
    assert.match(error.text.en, en);
    assert.match(error.text['zh-CN'], zh);
    return true;
  });
  assert.deepEqual(fs.readdirSync(out), before, 'nothing written');
}

test('characters the label font lacks are refused, named with where they come from; the rest print as text a reader extracts', async () => {
  const l7160 = defaultTemplate('avery-l7160');
  await refusal(
    { batchId, template: l7160, out: path.join(out, 'tofu.pdf'), title: '𠮷野家 ℃ ®™ ½ µ 한국어 カナ ①② € 👍 Ω ñ ü 繁體字 齉' },
    /no glyph for "𠮷" \(U\+20BB7\), "한" \(U\+D55C\), "국" \(U\+AD6D\), "어" \(U\+C5B4\), "👍" \(U\+1F44D\) in the title: they would print as empty boxes/,
    /标签字体没有标题中 "𠮷" \(U\+20BB7\), "한" .* 的字形:它们会印成空白方框/,
  );
  // A CSV column the design prints, named with the first position that holds the character.
  const named: Template = { ...l7160, text: [l7160.text[0]!, { ...l7160.text[1]!, text: '{col:name}' }] };
  await refusal(
    { batchId, template: named, out: path.join(out, 'col.pdf'), title: 'T' },
    /"서" \(U\+C11C\), "울" \(U\+C6B8\) in the CSV column "name" \(first at position 1\)/,
    /CSV 列“name”\(首次出现在第 1 个\)中 "서" \(U\+C11C\), "울" \(U\+C6B8\) 的字形/,
  );
  // A literal of the design itself.
  await refusal({ batchId, template: { ...l7160, text: [{ ...l7160.text[0]!, text: '👍 {title}' }, l7160.text[1]!] }, out: path.join(out, 'lit.pdf'), title: 'T' }, /"👍" \(U\+1F44D\) in text line 1 of the design/, /设计的第 1 行文字中 "👍"/);
  // An emoji in a column the design does not print is no problem.
  const file = path.join(out, 'fine.pdf');
  const title = '野家 ℃ ®™ ½ µ カナ ①② € Ω ñ ü 繁體字 齉';
  await app.exports.export({ batchId, template: l7160, out: file, title, verify: 'full' });
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  // The title wraps in its box: every character of it is read back, none as a box.
  assert.ok(text.replace(/\s/g, '').includes(title.replace(/\s/g, '')), text);
  fs.rmSync(file);
});

test('a product field the design prints is checked at plan time, with the real values, and nothing is stored', async () => {
  const l7160 = defaultTemplate('avery-l7160');
  const design: Template = { ...l7160, text: [l7160.text[0]!, { ...l7160.text[1]!, text: '{brand_tag}' }] };
  const key = { keystandard: 'ean13', keystr: '6901234567892' };
  await ok(app, 'createProduct', { ...key, brandInfo: { base_info: { title: 'Tea', thumb_url: 'http://mmbiz.qpic.cn/x/0', brand_tag: '한국 Tea', category_id: 0, retail_price: '1.00', store_mgr_type: 'auto', color: 'auto' } } });
  const before = app.db.prepare('SELECT count(*) FROM batches').pluck().get();
  const refused = await app.dispatch('planBatch', { product: key, qrcodeSizePx: 100, design, source: { kind: 'pattern', pattern: 'P-{seq:3}', start: 1, count: 3, step: 1 } });
  assert.equal(refused.ok, false);
  if (refused.ok) return;
  assert.match(refused.error.message.en, /"한" \(U\+D55C\), "국" \(U\+AD6D\) in the product field "brand_tag"/);
  assert.match(refused.error.message['zh-CN'], /商品字段“brand_tag”中 "한" \(U\+D55C\), "국" \(U\+AD6D\) 的字形/);
  assert.equal(app.db.prepare('SELECT count(*) FROM batches').pluck().get(), before);
});

test('a printer offset that pushes print off the page is refused; a small one prints and verifies', async () => {
  await refusal(
    { batchId, template: { ...defaultTemplate('avery-l7651'), offsetXMm: 10 }, out: path.join(out, 'off.pdf'), title: '示例饮料 Demo' },
    /With the printer offset \(--offset-x 10 \/ --offset-y 0 mm\) the outermost labels' print runs off the 210 × 297 mm page \([\d.]+ mm past the right edge\)/,
    /按打印偏移\(--offset-x 10 \/ --offset-y 0 毫米\),最外侧标签的印刷内容超出 210 × 297 毫米的页面\(超出右边 [\d.]+ 毫米\)/,
  );
  await refusal(
    { batchId, template: { ...defaultTemplate('roll-50x30'), offsetYMm: 5 }, out: path.join(out, 'roll.pdf'), title: 'Demo', range: { from: 1, to: 1 } },
    /runs off the 50 × 30 mm page \([\d.]+ mm past the bottom edge\)/,
    /超出下边 [\d.]+ 毫米/,
  );
  await refusal({ batchId, template: { ...defaultTemplate('avery-l7651'), offsetXMm: -6, offsetYMm: -12 }, out: path.join(out, 'tl.pdf'), title: 'Demo' }, /mm past the left edge, [\d.]+ mm past the top edge/, /超出左边 [\d.]+ 毫米,超出上边/);
  const file = path.join(out, 'small.pdf');
  const result = await app.exports.export({ batchId, template: { ...defaultTemplate('avery-l7651'), offsetXMm: 1, offsetYMm: -1 }, out: file, title: 'Demo', verify: 'full' });
  assert.deepEqual([result.verify.checked, result.verify.failures.length], [3, 0]);
  fs.rmSync(file);
});

/** Code 128 of LOT-K-n: its width at this module size. */
const code128Mm = (moduleMm: number) => encodeLinear('code128', 'LOT-K-1').modules * moduleMm;
const withBarcode = (barcode: Omit<Barcode, 'rotation'>, printerDpi = 600): Template => {
  const l7160 = defaultTemplate('avery-l7160');
  return { ...l7160, printerDpi, text: [{ ...l7160.text[0]!, widthMm: 24, lines: 2 }], barcodes: [{ ...barcode, rotation: 0 }] };
};

test("linear symbols within GS1's X-dimension and height tables and the printer's whole dots", async () => {
  // EAN-13 at 72 % (X = 0.237 mm): under GS1's retail minimum (80 %, 0.264 mm).
  await refusal(
    { batchId, template: withBarcode({ symbology: 'ean13', value: '6901234567892', xMm: 38, yMm: 10, widthMm: 22.5, heightMm: 26, digits: true }), out: path.join(out, 'x.pdf'), title: 'T' },
    /The EAN-13 would print at X = 0\.212 mm \(64 % magnification, 5 dots at 600 dpi\), below GS1's retail minimum of 0\.264 mm \(80 %\): make it at least 28\.15 mm wide \(7 dots a module\)/,
    /EAN-13 的模块宽度 X 将为 0\.212 毫米\(放大系数 64%,600 dpi 下 5 个点\),低于 GS1 零售最小值 0\.264 毫米\(80%\)/,
  );
  // Bars of 8.5 mm at X = 0.296 mm: GS1's table asks 69.24 × X = 20.52 mm.
  await refusal(
    { batchId, template: withBarcode({ symbology: 'ean13', value: '6901234567892', xMm: 33, yMm: 26, widthMm: 28, heightMm: 11.2, digits: true }), out: path.join(out, 'h.pdf'), title: 'T' },
    /The EAN-13 bars would be 8\.54 mm tall; GS1's table for X = 0\.296 mm needs at least 20\.52 mm: make the barcode's box at least 23\.18 mm tall/,
    /EAN-13 条的高度将为 8\.54 毫米;GS1 表中 X = 0\.296 毫米时至少需要 20\.52 毫米/,
  );
  // Code 128 at 1.9 dots a module of a 300 dpi printer.
  await refusal(
    { batchId, template: withBarcode({ symbology: 'code128', value: 'LOT-{extinfo}', xMm: 40.5, yMm: 20, widthMm: code128Mm(0.16), heightMm: 12, digits: true }, 300), out: path.join(out, 'c.pdf'), title: 'T' },
    /The Code 128 bars would be 0\.16 mm per module, 1 whole dot of a 300 dpi printer; a module needs at least 2 whole dots \(0\.17 mm\)/,
    /Code 128 条码每个模块只有 0\.16 毫米,即 300 dpi 打印机的 1 个整点;每个模块至少需要 2 个整点/,
  );
  await refusal(
    { batchId, template: withBarcode({ symbology: 'code128', value: 'LOT-{extinfo}', xMm: 40.5, yMm: 20, widthMm: code128Mm(0.17), heightMm: 12, digits: true, barWidthReductionMm: 0.05 }, 300), out: path.join(out, 'r.pdf'), title: 'T' },
    /A bar-width reduction of 0\.05 mm leaves the narrowest bar 0\.119 mm, under 2 dots \(0\.169 mm\) at 300 dpi/,
    /条宽缩减 0\.05 毫米后最窄的条只有 0\.119 毫米/,
  );
});

test('a Code 128 of 2.2 dots a module is drawn at 2 whole dots: in Ghostscript at the printer resolution every bar of one width prints at one width, and every label reads', async () => {
  // 0.189 mm modules (2.2 dots at 300 dpi), as the press check found Ghostscript losing 10 of 300.
  const template = withBarcode({ symbology: 'code128', value: 'LOT-{extinfo}', xMm: 40.4, yMm: 20, widthMm: code128Mm(0.189), heightMm: 12, digits: true }, 300);
  const file = path.join(out, 'code128.pdf');
  const result = await app.exports.export({ batchId, template, out: file, title: 'T', verify: 'full', range: { from: 1, to: 1 } });
  assert.equal(result.verify.failures.length, 0);
  execFileSync('gs', ['-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', '-r300', '-sDEVICE=pnggray', '-o', path.join(out, 'gs-%d.png'), file]);
  const { data, info } = await sharp(path.join(out, 'gs-1.png')).greyscale().raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual(await decodeLinearBarcodes({ data: new Uint8Array(data), width: info.width, height: info.height }, 'code128'), ['LOT-K-1']);
  // A row through the first label's bars: the runs of ink, left to right, are the symbol's bars.
  const stock = findStock('avery-l7160')!;
  const px = (mm: number) => Math.round((mm * 300) / 25.4);
  const y = px(stock.firstYMm + 25);
  const runs: number[] = [];
  let run = 0;
  for (let x = px(stock.firstXMm + 39.5); x < px(stock.firstXMm + 63); x++) {
    if (data[y * info.width + x]! < 128) run++;
    else if (run) runs.push(run), (run = 0);
  }
  const bars = encodeLinear('code128', 'LOT-K-1').bars;
  assert.equal(runs.length, bars.length);
  const widths = new Map<number, Set<number>>();
  bars.forEach(([, modules], i) => widths.set(modules, (widths.get(modules) ?? new Set()).add(runs[i]!)));
  for (const [modules, pixels] of widths) assert.equal(pixels.size, 1, `bars of ${modules} module(s) print ${[...pixels].join(' or ')} dots wide`);
  for (const f of fs.readdirSync(out).filter((n) => n.startsWith('gs-'))) fs.rmSync(path.join(out, f));
  fs.rmSync(file);
});

test('the smallest text is set by script and printer resolution: dense Chinese at 300 dpi is refused under 5.76 pt, Latin is not', async () => {
  const l7160 = defaultTemplate('avery-l7160');
  const small: Template = { ...l7160, printerDpi: 300, text: [{ ...l7160.text[0]!, sizePt: 4, minSizePt: 4, lines: 8 }, l7160.text[1]!] };
  await refusal(
    { batchId, template: small, out: path.join(out, 'small.pdf'), title: '齉鬱灪 饮料' },
    /Text line 1 \("齉鬱灪 饮料"\) would print at 4 pt; Chinese, Japanese or Korean text on a 300 dpi printer needs at least 5\.76 pt \(an em of 24 dots\)/,
    /第 1 行文字\(“齉鬱灪 饮料”\)将以 4 磅打印;300 dpi 打印机上的中日韩文字至少需要 5\.76 磅\(每个字 24 个点\)/,
  );
  // The same 4 pt line holds a Latin title at 300 dpi, and a Chinese one at 600 dpi.
  for (const [title, printerDpi] of [['Spring water', 300], ['齉鬱灪 饮料', 600]] as const) {
    const file = path.join(out, 'ok.pdf');
    await app.exports.export({ batchId, template: { ...small, printerDpi }, out: file, title, verify: 'off' });
    fs.rmSync(file);
  }
  // A long Chinese title is wrapped at 5.76 pt or more rather than shrunk below it.
  const wraps: Template = { ...l7160, printerDpi: 300, slug: false, text: [{ ...l7160.text[0]!, sizePt: 8, minSizePt: 4, lines: 4 }, l7160.text[1]!] };
  const file = path.join(out, 'wrap.pdf');
  await app.exports.export({ batchId, template: wraps, out: file, title: '山泉水天然矿泉水饮用水'.repeat(3), verify: 'off' });
  const sizes = [...contentStreams(file).join('\n').matchAll(/\/F\w+ ([\d.]+) Tf/g)].map((m) => Number(m[1]));
  assert.ok(Math.min(...sizes) >= 5.76, `smallest size ${Math.min(...sizes)}`);
  fs.rmSync(file);
});

test("a roll's default design is for a 300 dpi label printer", () => {
  assert.equal(defaultTemplate('roll-50x30').printerDpi, 300);
  assert.equal(defaultTemplate('avery-l7160').printerDpi, 600);
});
