import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { AppError } from '../../electron/core/appError';
import { defaultTemplate, type Template } from '../../electron/core/sheets/design/template';
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
