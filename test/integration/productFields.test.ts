import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { runFastCli } from '../support/childProcess';
import { tempDir } from '../support/tempDir';

const data = tempDir();
const dir = tempDir();
const qrpack = (args: string[], lang = 'en') => runFastCli(['--data', data, '--lang', lang, ...args]);
/** The text a PDF reader extracts from page 1 (poppler's pdftotext). */
const pageText = (file: string) => execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', file, '-'], { encoding: 'utf8' });

// A data folder used from the command line alone: the Products screen never opened.
const issued = qrpack(['issue', '--product', 'ean13:6900873042720', '--size', '100', '--pattern', 'PF-{seq:3}', '--count', '30']);
assert.equal(issued.status, 0, issued.stderr);

test("a CLI-only data folder prints the product's title: the page was read when the batch was planned", () => {
  const out = path.join(dir, 'default.pdf');
  const exported = qrpack(['export', '1', '--stock', 'avery-l7160', '--out', out, '--verify', 'off']);
  assert.equal(exported.status, 0, exported.stderr);
  assert.doesNotMatch(exported.stderr, /warning/);
  const text = pageText(out);
  // 21 labels, and the slug line, which names the batch — after the product's title by default.
  assert.equal(text.split('示例饮料 Demo').length - 1, 22, 'the bold title line on each of the 21 labels of page 1, and the slug');
  assert.match(text, /QR Pack · batch 1 示例饮料 Demo \d{4}-\d{2}-\d{2} \d{2}:\d{2} · page 1\/2/);
});

test('a design prints the product page fields: {brand_tag} {retail_price} {detail:NAME}', () => {
  const template = JSON.parse(qrpack(['template', '--stock', 'avery-l7160']).stdout);
  template.text = [
    { ...template.text[0], text: '{brand_tag} ¥{retail_price}' },
    { ...template.text[1], text: '{detail:产品名称}' },
  ];
  const file = path.join(dir, 'fields.json');
  fs.writeFileSync(file, JSON.stringify(template));
  const out = path.join(dir, 'fields.pdf');
  const exported = qrpack(['export', '1', '--template', file, '--out', out, '--verify', 'off']);
  assert.equal(exported.status, 0, exported.stderr);
  const text = pageText(out);
  assert.match(text, /QR Pack ¥9\.90/);
  assert.match(text, /示例饮料 500 ml/);
});

test('offline with no cached product page: the export says so (both languages) instead of printing blanks silently', () => {
  const db = new Database(path.join(data, 'qrpack.sqlite'));
  db.prepare('DELETE FROM products').run();
  db.close();
  const exported = qrpack(['export', '1', '--stock', 'avery-l7160', '--out', path.join(dir, 'blank.pdf'), '--verify', 'off']);
  assert.equal(exported.status, 0);
  assert.match(exported.stderr, /warning: This computer has not read the product page of ean13:6900873042720, so its title and other page fields print empty\. .*qrpack product show ean13:6900873042720.*--title/);
  const zh = qrpack(['export', '1', '--stock', 'avery-l7160', '--out', path.join(dir, 'blank-zh.pdf'), '--verify', 'off'], 'zh-CN');
  assert.match(zh.stderr, /注意:本机尚未读取商品 ean13:6900873042720 的主页/);
  const titled = qrpack(['export', '1', '--stock', 'avery-l7160', '--out', path.join(dir, 'titled.pdf'), '--verify', 'off', '--title', 'Given title']);
  assert.doesNotMatch(titled.stderr, /has not read the product page/, 'a title given on the command line needs no cache');
});
