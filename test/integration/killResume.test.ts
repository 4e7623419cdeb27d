import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { finished, spawnFastCli, spawnUnreapedCli } from '../support/childProcess';
import { BRAND_INFO, PRODUCT, sandboxClient, testSandbox } from '../support/sandbox';
import { tempDir } from '../support/tempDir';
import { VALID_SECRET } from '../support/testApp';
import { WECHAT_APP_ID } from '../support/batchSetup';

const COUNT = 3000;
const KILLS = 20;
/**
 * Codes a second while the kills go on: slow enough that the batch outlasts the longest possible
 * run of kills (20 × 1.25 s = 25 s < 3000 ÷ 100 = 30 s) on any machine, however fast it starts.
 */
const RATE = 100;

test(`kill -9 at random moments, ${KILLS} times, during a batch of ${COUNT}, each killed process left a zombie: every resume takes over at once, every extinfo issued exactly once`, async () => {
  const sandbox = await testSandbox({ appId: WECHAT_APP_ID, secret: VALID_SECRET, faults: { latencyMs: 4 } });
  const { pid } = await sandboxClient(sandbox).client.scan.create(PRODUCT, BRAND_INFO);
  const dataDir = tempDir();
  const wechat = ['--appid', WECHAT_APP_ID, '--api-base', sandbox.url];
  const env = { QRPACK_APPSECRET: VALID_SECRET };

  // Under a parent that never reaps it: a killed CLI stays a zombie, which `kill(pid, 0)` still finds.
  let child = await spawnUnreapedCli(['--data', dataDir, 'issue', '--product', 'ean13:6900873042720', '--size', '120', '--pattern', 'K9-{seq:5}', '--start', '1', '--count', String(COUNT), '--concurrency', '4', '--rate', String(RATE), ...wechat], env);
  for (let i = 0; i < 600 && !/batch (\d+)\n/.test(child.output()); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  const batchId = Number(/batch (\d+)\n/.exec(child.output())![1]);
  const delays: number[] = [];
  const outputs: string[] = [];
  let killedLive = 0;
  let last: ReturnType<typeof spawnFastCli> | undefined;
  for (let kill = 0; kill < KILLS; kill++) {
    // From before the process has claimed the batch to well into its calls.
    const delayMs = Math.round(50 + Math.random() * 1200);
    delays.push(delayMs);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (!child.ended()) {
      killedLive++;
      process.kill(child.pid, 'SIGKILL');
    }
    outputs.push(child.output());
    // At once: no wait for the kill to land, none for a parent to reap.
    const resume = ['--data', dataDir, 'resume', String(batchId), '--concurrency', '4', ...wechat];
    if (kill < KILLS - 1) child = await spawnUnreapedCli([...resume, '--rate', String(RATE)], env);
    else last = spawnFastCli(resume, env);
  }
  const outcome = await finished(last!);
  assert.equal(killedLive, KILLS, 'every kill hit a live process (the rate keeps the batch going that long)');
  assert.ok(outputs.slice(1).every((output) => processStateOf(output) !== 'refused'), `no resume refused or waited:\n${outputs.filter((o) => processStateOf(o) === 'refused').join('\n---\n')}`);
  assert.doesNotMatch(outcome.stderr, /another QR Pack process|waiting up to/, 'the last resume took over at once');
  assert.equal(outcome.code, 0, `the last resume completes the batch (kill delays ${delays.join(', ')} ms): ${outcome.stderr}`);

  const db = new Database(path.join(dataDir, 'qrpack.sqlite'), { readonly: true });
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    const rows = db.prepare<[number], { extinfo: string; status: string; content: string }>('SELECT extinfo, status, content FROM codes WHERE batch_id = ?').all(batchId);
    assert.equal(rows.length, COUNT, 'one row per planned extinfo, none lost, none added');
    assert.equal(new Set(rows.map((r) => r.extinfo)).size, COUNT);
    for (const row of rows) {
      assert.equal(row.status, 'issued');
      assert.equal(row.content, `http://p.url.cn/${pid}/${row.extinfo}`);
    }
    assert.equal(db.prepare('SELECT state FROM batches WHERE id = ?').pluck().get(batchId), 'done');
  } finally {
    db.close();
  }
  // Calls in flight at a kill are simply redone (getqrcode is idempotent per extinfo).
  const redone = sandbox.products.qrcodesIssued - COUNT;
  assert.ok(redone >= 0 && redone <= KILLS * 4 * 4, `${redone} calls redone`);
});

/** Whether a killed resume had refused the batch (or waited for it) before it was killed. */
function processStateOf(output: string): 'refused' | 'took over' {
  return /being issued by another QR Pack process|waiting up to/.test(output) ? 'refused' : 'took over';
}
