import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CLI_ENTRY } from '../support/childProcess';
import { projectRoot } from '../support/projectPaths';
import { tempDir } from '../support/tempDir';

const qrpack = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', CLI_ENTRY, ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8' } });

const data = tempDir();
const issued = qrpack(['--data', data, 'issue', '--product', 'ean13:6900873042720', '--pattern', 'X-{seq:4}', '--count', '90']);
assert.equal(issued.status, 0, issued.stderr);

test('qrpack stocks and qrpack template', () => {
  const stocks = qrpack(['stocks']);
  assert.equal(stocks.status, 0);
  for (const id of ['avery-l7651', 'avery-l4732', 'avery-l7160', 'herma-4097', 'herma-4102', 'roll-50x30']) assert.match(stocks.stdout, new RegExp(`^${id} `, 'm'));
  const template = qrpack(['template', '--stock', 'herma-4102', '--ecc', 'Q']);
  assert.equal(template.status, 0);
  const parsed = JSON.parse(template.stdout);
  assert.deepEqual([parsed.format, parsed.stock, parsed.qr.ecc], ['qrpack-template', 'herma-4102', 'Q']);
});

test('qrpack export: offline from the log, with a template file, a range, a manifest and full verification', () => {
  const dir = tempDir();
  const templateFile = path.join(dir, 'mine.json');
  fs.writeFileSync(templateFile, qrpack(['template', '--stock', 'avery-l7651']).stdout);
  const result = qrpack(['--data', data, 'export', '1', '--template', templateFile, '--out', path.join(dir, 'lot.pdf'), '--manifest', path.join(dir, 'lot.csv'), '--range', '1-70', '--verify', 'full', '--ecc', 'Q', '--title', '样品']);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /lot\.pdf {2}2 pages {2}sha256 [0-9a-f]{64}/);
  assert.match(result.stdout, /verified: 70 labels decoded one by one, 0 failed/);
  assert.equal(fs.readFileSync(path.join(dir, 'lot.csv'), 'utf8').trim().split('\n').length, 71);
});

test('by default an export decodes every label (full verification), not a sample', () => {
  const dir = tempDir();
  const result = qrpack(['--data', data, 'export', '1', '--stock', 'avery-l7651', '--out', path.join(dir, 'default.pdf')]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /verified: 90 labels decoded one by one, 0 failed/);
});

test('qrpack export refuses bad input with exit 2 and a clear reason', () => {
  const dir = tempDir();
  const out = path.join(dir, 'x.pdf');
  for (const [args, message] of [
    [['export', '1', '--out', out], /give --stock ID or --template FILE/],
    [['export', '1', '--stock', 'avery-l7651'], /--out FILE is required/],
    [['export', '1', '--stock', 'nope', '--out', out], /Unknown stock "nope"/],
    [['export', '1', '--stock', 'avery-l7651', '--out', out, '--range', '5'], /--range A-B/],
    [['export', '1', '--stock', 'avery-l7651', '--out', out, '--range', '80-95'], /outside batch 1/],
    [['export', '1', '--stock', 'avery-l4732', '--out', out, '--printer-dpi', '150', '--ecc', 'H'], /below the .* a 150 dpi printer needs/],
    [['export', '1', '--stock', 'avery-l7651', '--out', out, '--format', 'jpeg'], /--format: one of pdf, png, tiff/],
  ] as const) {
    const result = qrpack(['--data', data, ...args]);
    assert.equal(result.status, 2, `${args.join(' ')} → ${result.status} ${result.stderr}`);
    assert.match(result.stderr, message);
  }
  assert.equal(fs.existsSync(out), false);
});

test('qrpack export refuses, in both languages and writing nothing, what a press would catch: characters without a glyph, print off the page, a bar-width reduction without a barcode', () => {
  const dir = tempDir();
  const out = path.join(dir, 'x.pdf');
  for (const [args, en, zh] of [
    [['--stock', 'avery-l7160', '--range', '1-3', '--title', '𠮷野家 한국어 👍'], /no glyph for "𠮷" \(U\+20BB7\), "한" .* in the title: they would print as empty boxes/, /标签字体没有标题中 "𠮷" \(U\+20BB7\)/],
    [['--stock', 'avery-l7651', '--offset-x', '10', '--title', '示例饮料 Demo'], /print runs off the 210 × 297 mm page \([\d.]+ mm past the right edge\)/, /超出 210 × 297 毫米的页面\(超出右边/],
    [['--stock', 'roll-50x30', '--range', '1-1', '--offset-y', '5', '--title', 'Demo'], /runs off the 50 × 30 mm page \([\d.]+ mm past the bottom edge\)/, /超出下边/],
    [['--stock', 'avery-l7160', '--bar-width-reduction', '0.03'], /--bar-width-reduction: the design has no linear barcode/, /--bar-width-reduction:该设计没有一维条码/],
  ] as const) {
    const refused = qrpack(['--data', data, 'export', '1', ...args, '--out', out]);
    assert.equal(refused.status, 2, refused.stderr);
    assert.match(refused.stderr, en);
    assert.match(qrpack(['--data', data, '--lang', 'zh-CN', 'export', '1', ...args, '--out', out]).stderr, zh);
    assert.deepEqual(fs.readdirSync(dir), []);
  }
});
