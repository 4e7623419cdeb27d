import assert from 'node:assert/strict';
import { once } from 'node:events';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { spawnFastCli, waitForLine } from '../support/childProcess';
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

test(`kill -9 at random moments, ${KILLS} times, during a batch of ${COUNT}: every extinfo issued exactly once`, async () => {
  const sandbox = await testSandbox({ appId: WECHAT_APP_ID, secret: VALID_SECRET, faults: { latencyMs: 4 } });
  const { pid } = await sandboxClient(sandbox).client.scan.create(PRODUCT, BRAND_INFO);
  const dataDir = tempDir();
  const wechat = ['--appid', WECHAT_APP_ID, '--api-base', sandbox.url];
  const env = { QRPACK_APPSECRET: VALID_SECRET };

  const first = spawnFastCli(['--data', dataDir, 'issue', '--product', 'ean13:6900873042720', '--size', '120', '--pattern', 'K9-{seq:5}', '--start', '1', '--count', String(COUNT), '--concurrency', '4', '--rate', String(RATE), ...wechat], env);
  const batchId = Number((await waitForLine(first, /batch (\d+)\n/)).match[1]);
  let child = first;
  const delays: number[] = [];
  let killedLive = 0;
  for (let kill = 0; kill < KILLS; kill++) {
    // From before the process has claimed the batch to well into its calls.
    const delayMs = Math.round(50 + Math.random() * 1200);
    delays.push(delayMs);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (child.exitCode === null) {
      killedLive++;
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    child = spawnFastCli(['--data', dataDir, 'resume', String(batchId), '--concurrency', '4', ...(kill < KILLS - 1 ? ['--rate', String(RATE)] : []), ...wechat], env);
  }
  const [code] = await once(child, 'exit');
  assert.equal(killedLive, KILLS, 'every kill hit a live process (the rate keeps the batch going that long)');
  assert.equal(code, 0, `the last resume completes the batch (kill delays ${delays.join(', ')} ms)`);

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
