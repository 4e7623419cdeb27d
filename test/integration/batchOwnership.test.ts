import assert from 'node:assert/strict';
import { once } from 'node:events';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { BatchView } from '../../shared/contract';
import { finished, spawnFastCli, waitForLine } from '../support/childProcess';
import { BRAND_INFO, PRODUCT, sandboxClient, testSandbox } from '../support/sandbox';
import { tempDir } from '../support/tempDir';
import { ok, testApp, VALID_SECRET } from '../support/testApp';
import { WECHAT_APP_ID } from '../support/batchSetup';

const env = { QRPACK_APPSECRET: VALID_SECRET };
const PRODUCT_ARG = `${PRODUCT.keystandard}:${PRODUCT.keystr}`;

async function brandSandbox(latencyMs: number) {
  const sandbox = await testSandbox({ appId: WECHAT_APP_ID, secret: VALID_SECRET, faults: { latencyMs } });
  const { pid } = await sandboxClient(sandbox).client.scan.create(PRODUCT, BRAND_INFO);
  return { sandbox, pid, wechat: ['--appid', WECHAT_APP_ID, '--api-base', sandbox.url] };
}

function openLog(dataDir: string) {
  return new Database(path.join(dataDir, 'qrpack.sqlite'));
}

/** Waits (bounded) until the batch has at least `count` codes issued, however fast the machine. */
async function untilIssued(dataDir: string, batchId: number, count: number): Promise<void> {
  const db = openLog(dataDir);
  try {
    const issued = db.prepare<[number], number>(`SELECT count(*) FROM codes WHERE batch_id = ? AND status = 'issued'`).pluck();
    for (let i = 0; i < 300 && issued.get(batchId)! < count; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(issued.get(batchId)! >= count, `${count} codes issued within 15 s`);
  } finally {
    db.close();
  }
}

/** Every qrcode_url the sandbox answered is in the log as an issued code, exactly once. */
function assertNothingAnsweredIsMissing(dataDir: string, answered: Set<string>): void {
  const db = openLog(dataDir);
  try {
    const logged = db.prepare<[], string>(`SELECT content FROM codes WHERE status = 'issued'`).pluck().all();
    assert.equal(new Set(logged).size, logged.length, 'no code twice');
    const inLog = new Set(logged);
    const missing = [...answered].filter((url) => !inLog.has(url));
    assert.deepEqual(missing.slice(0, 5), [], `${missing.length} code(s) WeChat answered are missing from the log`);
  } finally {
    db.close();
  }
}

test('30 resumes racing for a batch on a stale claim: one issues it, every code is called once', async () => {
  const { sandbox, wechat } = await brandSandbox(10);
  const dataDir = tempDir();
  const planned = spawnFastCli(['--data', dataDir, 'issue', '--product', PRODUCT_ARG, '--pattern', 'RACE-{seq:4}', '--count', '300', '--rate', '1', ...wechat], env);
  const batchId = Number((await waitForLine(planned, /batch (\d+)\n/)).match[1]);
  planned.kill('SIGKILL');
  await once(planned, 'exit');
  // A stale claim: the killed process's own, plus one of a pid that no longer exists.
  const db = openLog(dataDir);
  db.prepare(`UPDATE batch_owners SET pid = 2147483646 WHERE batch_id = ?`).run(batchId);
  db.close();
  const callsBefore = sandbox.products.qrcodesIssued;

  const racers = Array.from({ length: 30 }, () => finished(spawnFastCli(['--data', dataDir, 'resume', String(batchId), '--concurrency', '4', ...wechat], env)));
  const results = await Promise.all(racers);
  const all = results.map((r) => `${r.pid}: ${r.code} ${r.stdout}${r.stderr}`).join('\n');
  // Racers that came after the end find the batch done and exit 0 without a call.
  const completed = results.filter((r) => r.code === 0 && /done: 300 issued, 0 failed/.test(r.stdout));
  const refused = results.filter((r) => r.code !== 0);
  assert.equal(completed.length + refused.length, 30, all);
  for (const r of refused) {
    const holder = /being issued by another QR Pack process \(pid (\d+)/.exec(r.stderr);
    assert.ok(holder, `a loser says who holds the batch: ${r.stderr}`);
    assert.ok(completed.some((c) => c.pid === Number(holder[1])), `the holder named (${holder[1]}) is the racer that issued it`);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
  }
  assert.ok(results.filter((r) => r.code !== 0).length >= 1, 'some racers were refused while it issued');
  const check = openLog(dataDir);
  try {
    assert.equal(check.prepare(`SELECT count(*) FROM codes WHERE batch_id = ? AND status = 'issued'`).pluck().get(batchId), 300);
    assert.equal(check.prepare('SELECT count(*) FROM batch_owners').pluck().get(), 0, 'the claim is released');
  } finally {
    check.close();
  }
  // The killed planner may have had a call or two in flight; the racers made exactly one call per code left.
  assert.ok(sandbox.products.qrcodesIssued - callsBefore <= 300 && sandbox.products.qrcodesIssued - callsBefore >= 298, `${sandbox.products.qrcodesIssued - callsBefore} calls for 300 codes`);
});

test('cancel from the service while a CLI process issues: the CLI stops, nothing WeChat answered is lost', async () => {
  const { sandbox, wechat } = await brandSandbox(5);
  const dataDir = tempDir();
  const cli = spawnFastCli(['--data', dataDir, 'issue', '--product', PRODUCT_ARG, '--pattern', 'CXL-{seq:5}', '--count', '1500', '--rate', '200', ...wechat], env);
  const outcome = finished(cli);
  const batchId = Number((await waitForLine(cli, /batch (\d+)\n/)).match[1]);
  await untilIssued(dataDir, batchId, 150);

  const app = testApp({ dataDir });
  const accountId = app.accounts.ensureForAppId(WECHAT_APP_ID, { apiBase: sandbox.url, tokenMode: 'stable' }).id;
  await ok(app, 'selectAccount', { id: accountId });
  const [listed] = await ok<BatchView[]>(app, 'listBatches');
  assert.equal(listed!.owner?.elsewhere, true, 'the service sees the CLI process issuing it');
  assert.equal(listed!.owner?.pid, cli.pid);
  const paused = await ok<BatchView>(app, 'pauseBatch', { id: batchId });
  assert.equal(paused.owner?.requested, 'pause', 'a pause is handed to the owner');
  const cancelled = await ok<BatchView>(app, 'cancelBatch', { id: batchId });
  assert.equal(cancelled.owner?.requested, 'cancel', 'a cancel overrides the pause and is handed to the owner');

  const { code, stderr } = await outcome;
  assert.equal(code, 3, stderr);
  assert.match(stderr, /cancelled: \d+ issued and kept in the log/);
  const batch = app.batches.repo.get(batchId);
  assert.equal(batch.state, 'cancelled');
  assert.ok(batch.issued > 100 && batch.issued < 1500, `${batch.issued} issued before the cancel`);
  assert.equal(batch.codeCount, 1500, 'the plan size stays on record');
  assert.equal(app.batches.repo.counts(batchId).pending, 0, 'no pending code is left behind');
  assert.equal(sandbox.products.qrcodeUrls.size, batch.issued, 'every code WeChat answered is in the log, and only those');
  assertNothingAnsweredIsMissing(dataDir, sandbox.products.qrcodeUrls);
});

test('killed in the middle, then cancelled: codes sent without a stored answer are asked again and kept', async () => {
  const { sandbox, wechat } = await brandSandbox(20);
  const dataDir = tempDir();
  const cli = spawnFastCli(['--data', dataDir, 'issue', '--product', PRODUCT_ARG, '--pattern', 'KC-{seq:5}', '--count', '2000', '--concurrency', '16', ...wechat], env);
  const batchId = Number((await waitForLine(cli, /batch (\d+)\n/)).match[1]);
  await untilIssued(dataDir, batchId, 200);
  cli.kill('SIGKILL');
  await once(cli, 'exit');
  // Let answers to calls in flight at the kill reach the sandbox's record.
  await new Promise((resolve) => setTimeout(resolve, 100));

  const app = testApp({ dataDir });
  const accountId = app.accounts.ensureForAppId(WECHAT_APP_ID, { apiBase: sandbox.url, tokenMode: 'stable' }).id;
  app.useSecret(accountId, VALID_SECRET);
  await ok(app, 'selectAccount', { id: accountId });
  const doubts = app.batches.repo.inDoubt(batchId).length;
  const cancelled = await ok<BatchView>(app, 'cancelBatch', { id: batchId });
  assert.equal(cancelled.state, 'cancelled');
  assert.equal(cancelled.owner, null);
  assert.ok(doubts > 0, 'the kill left codes sent without a stored answer');
  assertNothingAnsweredIsMissing(dataDir, sandbox.products.qrcodeUrls);
  assert.equal(app.batches.repo.counts(batchId).pending, 0);
});
