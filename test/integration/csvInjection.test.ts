import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { SANDBOX_DEMO_CARD_ID } from '../../shared/cards/cardCode';
import { cellText, inertCell } from '../../electron/core/csv/csvWriter';
import { runFastCli } from '../support/childProcess';
import { tempDir } from '../support/tempDir';

const qrpack = (data: string, args: string[]) => runFastCli(['--data', data, ...args]);

/** What a spreadsheet would run: a cell starting with = + - @, a tab or a carriage return (OWASP). */
const FORMULA = /^[=+\-@\t\r]/;
const cellsOf = (csv: string) => (parse(csv, { relax_column_count: true }) as string[][]).flat();

test('a cell that would start a formula gets a leading apostrophe; every other cell is as it was', () => {
  for (const cell of ['=cmd|\' /Ccalc\'!A0', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x","y")']) {
    assert.equal(inertCell(cell), `'${cell}`);
    assert.equal(cellText(inertCell(cell)), cell, 'QR Pack reads its own cell back as it was');
  }
  for (const cell of ['LOT-1', 'http://p.url.cn/x', '', "'=already", ' =1', '产品批次']) assert.equal(inertCell(cell), cell);
});

test('log --csv and export --manifest: card codes and CSV columns that start a formula cannot run in a spreadsheet', () => {
  const data = tempDir();
  const dir = tempDir();
  const codes = ['=cmd|\'/Ccalc\'!A0', '+SUM(1+1)', '-2+3*cmd', '@SUM(1)', 'PLAIN-1'];
  fs.writeFileSync(path.join(dir, 'cards.txt'), `${codes.join('\n')}\n`);
  const cards = qrpack(data, ['card', 'issue', '--card-id', SANDBOX_DEMO_CARD_ID, '--csv', path.join(dir, 'cards.txt')]);
  assert.equal(cards.status, 0, cards.stderr);
  fs.writeFileSync(path.join(dir, 'lot.csv'), 'extinfo,"=HYPERLINK(""http://evil.example"",""note"")"\nL-1,"=HYPERLINK(""http://evil.example"",""open"")"\nL-2,+1\nL-3,@x\nL-4,"\tTAB"\n');
  const products = qrpack(data, ['issue', '--product', 'ean13:6900873042720', '--csv', path.join(dir, 'lot.csv'), '--column', 'extinfo']);
  assert.equal(products.status, 0, products.stderr);

  const log = qrpack(data, ['log', '--csv']);
  assert.equal(log.status, 0, log.stderr);
  const logCells = cellsOf(log.stdout);
  assert.deepEqual(logCells.filter((c) => FORMULA.test(c)), [], 'no cell of log --csv starts a formula');
  for (const code of codes.slice(0, 4)) assert.ok(logCells.includes(`'${code}`), `${code} kept, made inert`);
  assert.ok(logCells.includes('PLAIN-1'));

  for (const batch of ['1', '2']) {
    const manifest = path.join(dir, `manifest-${batch}.csv`);
    const exported = qrpack(data, ['export', batch, '--stock', 'avery-l7651', '--out', path.join(dir, `${batch === '1' ? '=' : ''}b${batch}.pdf`), '--manifest', manifest, '--verify', 'off']);
    assert.equal(exported.status, 0, exported.stderr);
    const cells = cellsOf(fs.readFileSync(manifest, 'utf8'));
    assert.deepEqual(cells.filter((c) => FORMULA.test(c)), [], `no cell of manifest ${batch} starts a formula`);
    if (batch === '1') {
      assert.ok(cells.includes(`'${codes[0]}`) && cells.includes("'=b1.pdf"));
      // verify still reads the manifest it wrote, the file column made inert.
      fs.renameSync(path.join(dir, '=b1.pdf'), path.join(dir, 'renamed.pdf'));
      const verified = qrpack(data, ['verify', path.join(dir, 'renamed.pdf'), '--manifest', manifest]);
      assert.equal(verified.status, 0, verified.stderr);
    }
    else assert.ok(cells.includes(`'=HYPERLINK("http://evil.example","note")`) && cells.includes(`'=HYPERLINK("http://evil.example","open")`) && cells.includes("'+1") && cells.includes("'\tTAB"));
  }
});
