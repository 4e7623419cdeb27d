import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { BatchView, WireError } from '../../shared/contract';
import { decodeQrCodes } from '../../electron/core/sheets/verify/qrDecoder';
import { defaultTemplate } from '../../electron/core/sheets/design/template';
import { WECHAT_APP_ID } from '../support/batchSetup';
import { finished, runFastCli, spawnFastCli } from '../support/childProcess';
import { sandboxClient, testSandbox } from '../support/sandbox';
import { cardSetup, DEPOSIT_CARD } from '../support/cards';
import { tempDir } from '../support/tempDir';
import { ok, testApp, VALID_SECRET } from '../support/testApp';

async function refused(app: ReturnType<typeof testApp>, method: string, args: unknown): Promise<WireError> {
  const envelope = await app.dispatch(method, args);
  assert.equal(envelope.ok, false, `${method} should be refused`);
  return (envelope as { ok: false; error: WireError }).error;
}

const pattern = (p: string, start: number, count: number) => ({ kind: 'pattern', pattern: p, start, count, step: 1 });

test('a deposit of 1,050 codes is 11 calls of at most 100, each answer stored, and it reconciles code by code', async () => {
  const { sandbox, cardId, app } = await cardSetup();
  const planned = await ok<BatchView>(app, 'planDepositBatch', { cardId, source: pattern('C{seq:8}', 1, 1050) });
  assert.equal(planned.kind, 'deposit');
  assert.equal(planned.codeCount, 1050);
  const before = sandbox.faults.callsCounted;
  const done = await app.batches.run(planned.id);
  assert.equal(done.state, 'done');
  assert.equal(done.issued, 1050);
  assert.equal(sandbox.faults.callsCounted - before, 11, '1,050 codes in 11 deposit calls');
  const report = await ok<{ wechatCount: number; loggedCount: number; missing: string[]; matches: boolean }>(app, 'reconcileDeposit', { cardId });
  assert.deepEqual(report, { cardId, wechatCount: 1050, loggedCount: 1050, missing: [], matches: true });
  // A code WeChat lost shows, by name.
  (sandbox.cards as unknown as { cards: Map<string, { deposited: Set<string> }> }).cards.get(cardId)!.deposited.delete('C00000007');
  const lost = await ok<{ missing: string[]; matches: boolean; wechatCount: number }>(app, 'reconcileDeposit', { cardId });
  assert.deepEqual([lost.missing, lost.matches, lost.wechatCount], [['C00000007'], false, 1049]);
  assert.deepEqual(app.actions.list({}).map((a) => a.kind).slice(0, 2), ['reconcileDeposit', 'reconcileDeposit']);
});

test('a deposit planned without a name is named in the language the user chose', async () => {
  const { cardId, app } = await cardSetup();
  await ok(app, 'setLanguage', { language: 'en' });
  const english = await ok<BatchView>(app, 'planDepositBatch', { cardId, source: pattern('E{seq:8}', 1, 10) });
  assert.match(english.name, new RegExp(`^Deposit ${cardId.slice(0, 10)}… \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$`));
  await ok(app, 'setLanguage', { language: 'zh-CN' });
  const chinese = await ok<BatchView>(app, 'planDepositBatch', { cardId, source: pattern('Z{seq:8}', 1, 10) });
  assert.match(chinese.name, new RegExp(`^卡券 ${cardId.slice(0, 10)}… 导入 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$`));
  const named = await ok<BatchView>(app, 'planDepositBatch', { cardId, name: 'Run 8', source: pattern('N{seq:8}', 1, 10) });
  assert.equal(named.name, 'Run 8');
});

test('a deposit answered in each documented form — codes listed, counts, or seed 002\'s bare errcode 0: 120 codes held by WeChat are recorded deposited and reconcile', async () => {
  for (const form of ['lists', 'counts', 'bare'] as const) {
    const { sandbox, cardId } = await cardSetup();
    sandbox.control({ depositAnswer: form });
    // Ten of them are in the card's pool already: the answer must not turn them into failures either.
    await sandboxClient(sandbox).client.card.deposit(cardId, Array.from({ length: 10 }, (_, i) => `F${String(i + 1).padStart(4, '0')}`));
    const data = tempDir();
    const run = await finished(spawnFastCli(['--data', data, 'card', 'deposit', '--card-id', cardId, '--pattern', 'F{seq:4}', '--count', '120', '--appid', WECHAT_APP_ID, '--api-base', sandbox.url], { QRPACK_APPSECRET: VALID_SECRET }));
    assert.equal(run.code, 0, `${form}: ${run.stdout}${run.stderr}`);
    assert.match(run.stdout, /120 deposited, 0 failed/, form);
    assert.match(run.stdout, /reconciled: WeChat holds 120, the log has 120 deposited, 0 not found/, form);
  }
});

test('card QR batch: one ticket per deposited code with outer_str, validity stored and printed, every label decodes to its ticket url', async () => {
  const { sandbox, cardId, app } = await cardSetup();
  await app.batches.run((await ok<BatchView>(app, 'planDepositBatch', { cardId, source: pattern('C{seq:8}', 1, 200) })).id);
  const calls = sandbox.faults.callsCounted;
  const undeposited = await refused(app, 'planCardBatch', { cardId, source: pattern('C{seq:8}', 190, 20) });
  assert.match(undeposited.message.en, /9 codes were never deposited for the card .*line 12 "C00000201"/);
  assert.equal(sandbox.faults.callsCounted, calls, 'refused before any call');
  const expiry = await refused(app, 'planCardBatch', { cardId, source: pattern('C{seq:8}', 1, 5), expireSeconds: 3600 });
  assert.match(expiry.message.en, /expire_seconds is a whole number from 60 to 1800/);
  const tooLong = await refused(app, 'planDepositBatch', { cardId, source: { kind: 'file', fileName: 'c.txt', content: `${'x'.repeat(35)}\nok-1\n` } });
  assert.match(tooLong.message.en, /1 × longer than 20 characters: line 1/, 'seed 002: code is string(20)');
  const longQr = await refused(app, 'planCardBatch', { cardId, source: { kind: 'file', fileName: 'c.txt', content: `${'C'.repeat(35)}\n` } });
  assert.match(longQr.message.en, /longer than 20 characters/, 'a 35-character code never reaches qrcode/create');
  const nope = await refused(app, 'planCardBatch', { cardId: 'pNoSuchCard', source: pattern('C{seq:8}', 1, 5) });
  assert.equal(nope.errcode, 40073);
  assert.equal(app.batches.repo.list().length, 1, 'nothing written by the refusals');

  const batch = await ok<BatchView>(app, 'planCardBatch', { cardId, name: 'Run 7', source: pattern('C{seq:8}', 1, 130), outerStr: 'press-run-7' });
  assert.equal(batch.kind, 'card');
  assert.equal(batch.validityS, 365 * 24 * 3600);
  assert.deepEqual(batch.options, { outerStr: 'press-run-7' });
  const done = await app.batches.run(batch.id);
  assert.equal(done.issued, 130);
  const codes = app.batches.repo.codes({ batchId: batch.id });
  assert.ok(codes.every((c) => /^http:\/\/weixin\.qq\.com\/q\//.test(c.content!)));
  assert.equal(new Set(codes.map((c) => c.content)).size, 130);
  // Codes are unique per card across the log.
  const again = await refused(app, 'planCardBatch', { cardId, source: pattern('C{seq:8}', 125, 10) });
  assert.match(again.message.en, /6 codes already have a card QR code of the card/);

  const out = path.join(app.dataDir, 'exports', 'card.pdf');
  const result = await ok<{ verify: { checked: number; failures: unknown[] }; manifest: string; warnings: unknown[] }>(app, 'exportBatch', { batchId: batch.id, template: defaultTemplate('avery-l7651'), out, verify: 'full' });
  assert.equal(result.verify.checked, 130);
  assert.deepEqual(result.verify.failures, []);
  assert.deepEqual(result.warnings, []);
  const rows = fs.readFileSync(result.manifest, 'utf8').trim().split('\n');
  assert.match(rows[0]!, /,valid_until$/);
  const validUntil = rows[1]!.split(',').at(-1)!;
  assert.ok(Math.abs(Date.parse(validUntil) - Date.now() - 365 * 86_400_000) < 120_000, validUntil);
  assert.match(execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' }), new RegExp(`valid until ${validUntil.slice(0, 10)}`));
  // Independently: poppler renders page 2, its 65 codes are the tickets' urls of codes 66–130.
  const dir = tempDir();
  execFileSync('pdftoppm', ['-r', '300', '-f', '2', '-l', '2', '-gray', '-png', out, path.join(dir, 'p')]);
  const decoded = await decodeQrCodes(new Uint8Array(fs.readFileSync(path.join(dir, fs.readdirSync(dir)[0]!))));
  assert.deepEqual(decoded.sort(), codes.slice(65).map((c) => c.content!).sort());
  // Each url is a live ticket of the card on WeChat's side.
  assert.ok(codes.every((c) => [...(sandbox.cards as unknown as { tickets: Map<string, { url: string }> }).tickets.values()].some((t) => t.url === c.content)));

  // Close to expiry: an export warns first.
  const short = await ok<BatchView>(app, 'planCardBatch', { cardId, source: pattern('C{seq:8}', 131, 3), expireSeconds: 600 });
  await app.batches.run(short.id);
  const warned = await ok<{ warnings: { en: string }[] }>(app, 'exportBatch', { batchId: short.id, template: defaultTemplate('avery-l7651'), out: path.join(app.dataDir, 'exports', 'short.pdf'), verify: 'off' });
  assert.match(warned.warnings[0]!.en, /These card codes expire on \d{4}-\d{2}-\d{2}, in 0 day/);
  // A deposit holds nothing to print.
  const depositExport = await refused(app, 'exportBatch', { batchId: 1, template: defaultTemplate('avery-l7651'), out: path.join(app.dataDir, 'exports', 'd.pdf') });
  assert.match(depositExport.message.en, /a deposit of a card's codes: nothing to print/);
});

test('kill -9 during a deposit of 2,000 (real processes), then the same command: every code deposited once, the count exact', async () => {
  const sandbox = await testSandbox({ appId: WECHAT_APP_ID, secret: VALID_SECRET, faults: { latencyMs: 150 } });
  const { cardId } = await sandboxClient(sandbox).client.card.create(DEPOSIT_CARD);
  const data = tempDir();
  const args = ['--data', data, 'card', 'deposit', '--card-id', cardId, '--pattern', 'K{seq:6}', '--count', '2000', '--concurrency', '2', '--appid', WECHAT_APP_ID, '--api-base', sandbox.url];
  const env = { QRPACK_APPSECRET: VALID_SECRET };
  let kills = 0;
  for (const delayMs of [1000, 1400]) {
    const child = spawnFastCli(args, env);
    const ended = finished(child);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      kills++;
    }
    await ended;
  }
  assert.ok(kills >= 1, 'at least one kill hit a live deposit');
  // Asynchronously: the sandbox answers from this process.
  const last = await finished(spawnFastCli(args, env));
  assert.equal(last.code, 0, last.stderr);
  assert.match(last.stdout, /reconciled: WeChat holds 2000, the log has 2000 deposited, 0 not found/);
  const deposited = (sandbox.cards as unknown as { cards: Map<string, { deposited: Set<string> }> }).cards.get(cardId)!.deposited;
  assert.equal(deposited.size, 2000);
  const batches = JSON.parse(runFastCli(['--data', data, 'batches', '--json']).stdout) as { kind: string; state: string; issued: number; failed: number }[];
  assert.deepEqual(batches.map((b) => [b.kind, b.state, b.issued, b.failed]), [['deposit', 'done', 2000, 0]], 'one batch, resumed, not a second plan');
  const log = runFastCli(['--data', data, 'log', '--csv']).stdout.trim().split('\n').slice(1);
  assert.equal(log.length, 2000);
  assert.equal(new Set(log.map((line) => line.split(',')[5])).size, 2000, 'each code once in the log');
});

test('a multiple-card code (2–5 cards) for a shelf label: one ticket, shelf-N in the log; six cards refused with no call', async () => {
  const { sandbox, cardId, app, accountId } = await cardSetup();
  const { cardId: second } = await sandboxClient(sandbox).client.card.create(DEPOSIT_CARD);
  const client = await app.wechatFor(accountId);
  const first = await app.cardBatches.planMultipleCardQr(accountId, client, { cards: [{ cardId }, { cardId: second }], options: { outerStr: 'shelf' } });
  const done = await app.batches.run(first.id);
  assert.equal(done.issued, 1);
  const [code] = app.batches.repo.codes({ batchId: first.id });
  assert.equal(code!.extinfo, 'shelf-1');
  assert.match(code!.content!, /^http:\/\/weixin\.qq\.com\/q\//);
  const next = await app.cardBatches.planMultipleCardQr(accountId, client, { cards: [{ cardId: second }, { cardId }], options: {} });
  assert.equal(app.batches.repo.codes({ batchId: next.id })[0]!.extinfo, 'shelf-1', 'the same cards in another order make another code (their order is the one WeChat shows)');
  const calls = sandbox.faults.callsCounted;
  const six = await app.cardBatches.planMultipleCardQr(accountId, client, { cards: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((id) => ({ cardId: id })), options: {} }).then(() => null, (e: Error) => e);
  assert.match(six!.message, /2 to 5 different cards/);
  assert.equal(sandbox.faults.callsCounted, calls, 'no call made');
});
