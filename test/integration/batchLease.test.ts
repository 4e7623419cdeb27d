import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { processStartToken } from '../../electron/core/processAlive';
import { canSimulateHosts, finished, spawnFastCli, spawnUnreapedCli, waitForLine, type WrappedCli } from '../support/childProcess';
import { BRAND_INFO, PRODUCT, sandboxClient, testSandbox } from '../support/sandbox';
import { tempDir } from '../support/tempDir';
import { VALID_SECRET } from '../support/testApp';
import { WECHAT_APP_ID } from '../support/batchSetup';

const env = { QRPACK_APPSECRET: VALID_SECRET };
const PRODUCT_ARG = `${PRODUCT.keystandard}:${PRODUCT.keystr}`;
const REFUSED = /being issued by another QR Pack process/;
const WAITED = /waiting up to|checking for up to/;

async function brandSandbox() {
  const sandbox = await testSandbox({ appId: WECHAT_APP_ID, secret: VALID_SECRET, faults: { latencyMs: 2 } });
  const { pid } = await sandboxClient(sandbox).client.scan.create(PRODUCT, BRAND_INFO);
  return { sandbox, pid, wechat: ['--appid', WECHAT_APP_ID, '--api-base', sandbox.url] };
}

const openLog = (dataDir: string) => new Database(path.join(dataDir, 'qrpack.sqlite'));

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function issuedCount(dataDir: string, batchId: number): number {
  const db = openLog(dataDir);
  try {
    return db.prepare<[number], number>(`SELECT count(*) FROM codes WHERE batch_id = ? AND status = 'issued'`).pluck().get(batchId)!;
  } finally {
    db.close();
  }
}

/** Every planned extinfo is in the log once, issued with its own URL; the batch is done and unowned. */
function assertComplete(dataDir: string, batchId: number, count: number, pid: string): void {
  const db = openLog(dataDir);
  try {
    const rows = db.prepare<[number], { extinfo: string; status: string; content: string }>('SELECT extinfo, status, content FROM codes WHERE batch_id = ?').all(batchId);
    assert.equal(rows.length, count);
    assert.equal(new Set(rows.map((r) => r.extinfo)).size, count);
    for (const row of rows) assert.equal(row.content, `http://p.url.cn/${pid}/${row.extinfo}`);
    assert.equal(db.prepare('SELECT state FROM batches WHERE id = ?').pluck().get(batchId), 'done');
    assert.equal(db.prepare('SELECT count(*) FROM batch_owners').pluck().get(), 0, 'the lease is released');
  } finally {
    db.close();
  }
}

/** A batch planned by an unreaped `qrpack issue` that is then killed: a zombie holding a fresh lease. */
async function batchOfKilledOwner(dataDir: string, wechat: string[], count: number, rate: number, hostname?: string): Promise<{ batchId: number; owner: WrappedCli }> {
  const owner = await spawnUnreapedCli(['--data', dataDir, 'issue', '--product', PRODUCT_ARG, '--pattern', 'L-{seq:5}', '--count', String(count), '--rate', String(rate), ...wechat], env, hostname);
  await until(() => /batch (\d+)\n/.test(owner.output()), 'the batch is planned');
  const batchId = Number(/batch (\d+)\n/.exec(owner.output())![1]);
  await until(() => issuedCount(dataDir, batchId) >= 5, 'codes are issued');
  return { batchId, owner };
}

test('6 resumes racing right after a kill -9 whose zombie is not reaped: one takes over at once and finishes, the others name it', async () => {
  const { sandbox, pid, wechat } = await brandSandbox();
  const dataDir = tempDir();
  const { batchId, owner } = await batchOfKilledOwner(dataDir, wechat, 400, 50);
  process.kill(owner.pid, 'SIGKILL');
  const callsBefore = sandbox.products.qrcodesIssued;

  const results = await Promise.all(Array.from({ length: 6 }, () => finished(spawnFastCli(['--data', dataDir, 'resume', String(batchId), '--concurrency', '4', ...wechat], env))));
  const all = results.map((r) => `${r.pid}: ${r.code} ${r.stdout}${r.stderr}`).join('\n');
  const completed = results.filter((r) => r.code === 0);
  assert.ok(completed.some((r) => /done: 400 issued/.test(r.stdout)), `one resume finished the batch:\n${all}`);
  for (const r of results.filter((r) => r.code !== 0)) {
    const holder = /another QR Pack process \(pid (\d+)/.exec(r.stderr);
    assert.ok(holder && completed.some((c) => c.pid === Number(holder[1])), `a loser names the resume that took over:\n${all}`);
  }
  assert.ok(results.every((r) => !new RegExp(`pid ${owner.pid}\\b`).test(r.stderr)), 'nobody waited on the zombie');
  assertComplete(dataDir, batchId, 400, pid);
  assert.ok(sandbox.products.qrcodesIssued - callsBefore <= 400, 'no code asked twice by the racers');
});

test('a lease left with the pid of an unrelated live process, from before a reboot, or long unrenewed: taken over at once', async (t) => {
  const { pid, wechat } = await brandSandbox();
  const unrelated = spawn('sleep', ['60']);
  t.after(() => unrelated.kill('SIGKILL'));
  const cases: { name: string; set: string; params: (number | string)[] }[] = [
    // A fresh lease naming a live pid whose process started at another time (the pid was reused).
    { name: 'reused pid', set: 'pid = ?, proc_start = ?, renewed_ms = ?', params: [unrelated.pid!, '1', Date.now()] },
    // Written before a power cut: the same pid may be alive now, but this boot is another.
    { name: 'another boot', set: 'pid = ?, proc_start = ?, boot_id = ?, renewed_ms = ?', params: [unrelated.pid!, processStartToken(unrelated.pid!) ?? '', 'a-boot-before-the-power-cut', Date.now()] },
    // No way to tell the process (a row from a system without /proc): the lease's age decides.
    { name: 'lapsed', set: 'pid = ?, proc_start = NULL, boot_id = NULL, renewed_ms = ?', params: [unrelated.pid!, Date.now() - 60_000] },
  ];
  for (const c of cases) {
    const dataDir = tempDir();
    const { batchId, owner } = await batchOfKilledOwner(dataDir, wechat, 60, 40);
    owner.parent.kill('SIGKILL');
    process.kill(owner.pid, 'SIGKILL');
    await until(() => owner.ended(), 'the owner is killed');
    const db = openLog(dataDir);
    db.prepare(`UPDATE batch_owners SET ${c.set} WHERE batch_id = ?`).run(...c.params, batchId);
    db.close();
    const startedMs = performance.now();
    const resumed = await finished(spawnFastCli(['--data', dataDir, 'resume', String(batchId), ...wechat], env));
    assert.equal(resumed.code, 0, `${c.name}: ${resumed.stderr}`);
    assert.doesNotMatch(resumed.stderr, REFUSED, c.name);
    assert.doesNotMatch(resumed.stderr, WAITED, `${c.name}: taken at once`);
    assert.ok(performance.now() - startedMs < 7_000, `${c.name}: well before the lease could lapse`);
    assertComplete(dataDir, batchId, 60, pid);
  }
});

test('a live owner is named at once; a stopped owner is waited for (saying so) and taken over when its lease lapses, and stops sending when it wakes', async () => {
  const { sandbox, pid, wechat } = await brandSandbox();
  const dataDir = tempDir();
  const owner = spawnFastCli(['--data', dataDir, 'issue', '--product', PRODUCT_ARG, '--pattern', 'S-{seq:5}', '--count', '300', '--rate', '30', ...wechat], env);
  const ownerDone = finished(owner);
  const batchId = Number((await waitForLine(owner, /batch (\d+)\n/)).match[1]);
  await until(() => issuedCount(dataDir, batchId) >= 5, 'codes are issued');

  const refused = await finished(spawnFastCli(['--data', dataDir, 'resume', String(batchId), ...wechat], env));
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, new RegExp(`another QR Pack process \\(pid ${owner.pid},`), 'a live owner is named');
  assert.doesNotMatch(refused.stderr, WAITED, 'and not waited for');

  owner.kill('SIGSTOP');
  // Renewed within the last 2 s, a lease is live (refused, as above); older, it is lapsing.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  const stoppedAt = issuedCount(dataDir, batchId);
  const startedMs = performance.now();
  const resumed = await finished(spawnFastCli(['--data', dataDir, 'resume', String(batchId), '--concurrency', '4', ...wechat], env));
  const tookMs = performance.now() - startedMs;
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, new RegExp(`held by pid ${owner.pid}, which has not renewed its claim lately: waiting up to \\d s`), 'the wait is said');
  assert.ok(tookMs > 4_000, `the lease was waited for (${Math.round(tookMs)} ms)`);
  assert.ok(issuedCount(dataDir, batchId) > stoppedAt);

  const callsBefore = sandbox.products.qrcodesIssued;
  owner.kill('SIGCONT');
  const woken = await ownerDone;
  assert.equal(woken.code, 2, woken.stderr);
  assert.match(woken.stderr, /was taken over by another QR Pack process/);
  // A call the owner was writing when SIGSTOP landed goes out when it wakes — no client can recall
  // half a request; every call after it is fenced. So at most its calls in flight (8 by default).
  assert.ok(sandbox.products.qrcodesIssued - callsBefore <= 8, `the woken owner began no new call (${sandbox.products.qrcodesIssued - callsBefore} went out)`);
  assertComplete(dataDir, batchId, 300, pid);
});

test('two computers sharing the data folder: a live owner elsewhere is named; a dead one is taken over once its renewals have stood still for 8 s', { skip: canSimulateHosts() ? false : 'needs root on Linux to give a process another hostname (unshare --uts)' }, async () => {
  const { pid, wechat } = await brandSandbox();
  const dataDir = tempDir();
  const { batchId, owner } = await batchOfKilledOwner(dataDir, wechat, 200, 30, 'station-b');

  const refused = await finished(spawnFastCli(['--data', dataDir, 'resume', String(batchId), ...wechat], env));
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, new RegExp(`another QR Pack process \\(pid ${owner.pid} on station-b`), 'the other computer is named once it is seen renewing');

  process.kill(owner.pid, 'SIGKILL');
  const startedMs = performance.now();
  const resumed = await finished(spawnFastCli(['--data', dataDir, 'resume', String(batchId), '--concurrency', '4', ...wechat], env));
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /held by pid \d+ on station-b: checking for up to \d s whether it still renews its claim/);
  assert.ok(performance.now() - startedMs >= 8_000, 'another computer\'s pid is never looked up here: only its renewals count');
  assertComplete(dataDir, batchId, 200, pid);
  owner.parent.kill('SIGKILL');
  await once(owner.parent, 'exit');
});
