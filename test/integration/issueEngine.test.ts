import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BatchProgressEvent } from '../../shared/contract';
import { brandSetup, patternPlan } from '../support/batchSetup';
import { ok, validDraft } from '../support/testApp';

/** Every planned extinfo issued exactly once, with the content WeChat gives for it. */
function assertComplete(app: Awaited<ReturnType<typeof brandSetup>>['app'], batchId: number, pid: string, count: number): void {
  const codes = app.batches.repo.codes({ batchId });
  assert.equal(codes.length, count);
  assert.equal(new Set(codes.map((c) => c.extinfo)).size, count);
  for (const code of codes) {
    assert.equal(code.status, 'issued', code.extinfo);
    assert.equal(code.content, `http://p.url.cn/${pid}/${code.extinfo}`);
    assert.ok(code.pic_url && code.issued_at);
  }
}

test('a batch issues every code, reporting progress with rate and ETA', async () => {
  const { app, sandbox, accountId, pid } = await brandSetup({ faults: { latencyMs: 2 } });
  const events: BatchProgressEvent[] = [];
  app.onEvent((event, payload) => event === 'batchProgress' && events.push(payload as BatchProgressEvent));
  const batch = await app.batches.plan(accountId, patternPlan(1500));
  const done = await app.batches.run(batch.id, { concurrency: 16 });
  assert.equal(done.state, 'done');
  assert.equal(done.issued, 1500);
  assertComplete(app, batch.id, pid, 1500);
  assert.equal(sandbox.products.qrcodesIssued, 1500, 'no code was fetched twice');
  assert.equal(events.at(-1)!.state, 'done');
  assert.ok(events.some((e) => e.state === 'running' && e.ratePerS > 0 && e.etaS !== null), 'running events carry a rate and an ETA');
});

test('3 % "system busy" answers are retried: everything is issued', async () => {
  const { app, sandbox, accountId, pid } = await brandSetup({ faults: { failRates: { [-1]: 0.03 } } });
  const batch = await app.batches.plan(accountId, patternPlan(1000));
  const done = await app.batches.run(batch.id, { concurrency: 8 });
  assert.equal(done.state, 'done', JSON.stringify(done.stopReason));
  assertComplete(app, batch.id, pid, 1000);
  assert.ok(sandbox.faults.callsCounted > 1000, 'some calls were answered "busy" and retried');
});

test('tokens expiring in the middle of a batch are refreshed without losing a code', async () => {
  let now = Date.now();
  const { app, sandbox, accountId, pid } = await brandSetup({ nowMs: () => now, tokenTtlS: 600 });
  const batch = await app.batches.plan(accountId, patternPlan(600));
  const ticking = setInterval(() => (now += 100_000), 20);
  try {
    const done = await app.batches.run(batch.id, { concurrency: 4, ratePerS: 3000 });
    assert.equal(done.state, 'done');
  } finally {
    clearInterval(ticking);
  }
  assertComplete(app, batch.id, pid, 600);
  assert.ok(sandbox.tokens.issued.stable >= 2, `${sandbox.tokens.issued.stable} tokens`);
});

test('the daily quota stops the batch with its reason stored; after a reset it resumes to the end', async () => {
  const { app, sandbox, accountId, pid } = await brandSetup();
  const batch = await app.batches.plan(accountId, patternPlan(1000));
  // After the plan (which reads the product page once): 300 calls left for issuing.
  sandbox.control({ quotaCalls: sandbox.faults.callsCounted + 300 });
  const stopped = await app.batches.run(batch.id, { concurrency: 8 });
  assert.equal(stopped.state, 'stopped');
  assert.equal(stopped.stopErrcode, 45009);
  assert.match(stopped.stopReason!.en, /daily API quota/);
  assert.match(stopped.stopReason!['zh-CN'], /调用次数已用完/);
  assert.equal(stopped.issued, 300);
  sandbox.control({ quotaCalls: null });
  const resumed = await app.batches.run(batch.id);
  assert.equal(resumed.state, 'done');
  assert.equal(resumed.stopReason, null);
  assertComplete(app, batch.id, pid, 1000);
});

test('pause keeps what was issued and resumes; cancel gives back the codes never issued', async () => {
  const { app, accountId, pid } = await brandSetup({ faults: { latencyMs: 5 } });
  const batch = await app.batches.plan(accountId, patternPlan(400));
  const running = app.batches.run(batch.id, { concurrency: 2 });
  await new Promise((resolve) => setTimeout(resolve, 100));
  app.batches.pause(batch.id);
  const paused = await running;
  assert.equal(paused.state, 'paused');
  assert.ok(paused.issued > 0 && paused.issued < 400, `${paused.issued} issued when paused`);
  assert.equal((await app.batches.run(batch.id, { concurrency: 8 })).state, 'done');
  assertComplete(app, batch.id, pid, 400);

  const second = await app.batches.plan(accountId, patternPlan(300, 'CXL-{seq:4}'));
  const going = app.batches.run(second.id, { concurrency: 1 });
  await new Promise((resolve) => setTimeout(resolve, 60));
  await app.batches.cancel(second.id);
  const cancelled = await going;
  assert.equal(cancelled.state, 'cancelled');
  const kept = app.batches.repo.codes({ batchId: second.id });
  assert.ok(kept.length > 0 && kept.length < 300 && kept.every((c) => c.status === 'issued'), 'issued codes stay in the log');
  // The extinfos never issued can be planned again.
  const again = await app.batches.plan(accountId, { ...patternPlan(1, 'CXL-{seq:4}'), source: { kind: 'pattern', pattern: 'CXL-{seq:4}', start: 300, count: 1, step: 1 } });
  assert.equal(again.codeCount, 1);
});

test('a product error stops the batch at once, resumable once fixed', async () => {
  const { app, accountId } = await brandSetup();
  const batch = await app.batches.plan(accountId, { ...patternPlan(50), product: { keystandard: 'ean13', keystr: '6900000000000' } });
  const stopped = await app.batches.run(batch.id);
  assert.equal(stopped.state, 'stopped');
  assert.equal(stopped.stopErrcode, 61334);
  assert.equal(stopped.issued, 0);
});

test('through the contract: plan, start in the background, events, list codes, clear a scan record, the audit', async () => {
  const { app, sandbox, accountId, pid } = await brandSetup();
  await ok(app, 'selectAccount', { id: accountId });
  const planned = await ok<{ id: number; state: string }>(app, 'planBatch', { ...patternPlan(200), name: 'UI batch' });
  const finished = new Promise<void>((resolve) => app.onEvent((event, payload) => event === 'batchProgress' && (payload as BatchProgressEvent).state === 'done' && resolve()));
  const started = await ok<{ active: boolean }>(app, 'startBatch', { id: planned.id, concurrency: 8 });
  assert.equal(started.active, true);
  await finished;
  const codes = await ok<{ extinfo: string; status: string }[]>(app, 'listCodes', { batchId: planned.id, search: 'LOT7-00010', limit: 50 });
  assert.deepEqual(codes.map((c) => c.extinfo), ['LOT7-000100', 'LOT7-000101', 'LOT7-000102', 'LOT7-000103', 'LOT7-000104', 'LOT7-000105', 'LOT7-000106', 'LOT7-000107', 'LOT7-000108', 'LOT7-000109']);
  await fetch(`${sandbox.url}/sandbox/scan`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ keystandard: 'ean13', keystr: '6900873042720', extinfo: 'LOT7-000007' }) });
  const action = await ok<{ kind: string; ok: boolean; target: string }>(app, 'clearScanRecord', { keystandard: 'ean13', keystr: '6900873042720', extinfo: 'LOT7-000007' });
  assert.deepEqual([action.kind, action.ok, action.target], ['clearScanRecord', true, 'ean13:6900873042720/LOT7-000007']);
  assert.equal(sandbox.products.scanCount('ean13', '6900873042720', 'LOT7-000007'), 0);
  const notLogged = await app.dispatch('clearScanRecord', { keystandard: 'ean13', keystr: '6900873042720', extinfo: 'NOT-ISSUED' });
  assert.equal(!notLogged.ok && notLogged.error.code, 'not_found');
  sandbox.control({ failRates: { 48001: 1 } });
  const refused = await app.dispatch('clearScanRecord', { keystandard: 'ean13', keystr: '6900873042720', extinfo: 'LOT7-000008' });
  assert.equal(!refused.ok && refused.error.errcode, 48001);
  const audit = await ok<{ ok: boolean; errcode: number | null }[]>(app, 'listActions', {});
  assert.deepEqual(audit.map((a) => [a.ok, a.errcode]), [[false, 48001], [true, null]], 'refusals are audited too, newest first');
  assert.ok(pid);
});

test('one issuing process per batch: a live owner is refused, a dead one is taken over, another computer is named while it renews', async () => {
  const { spawn } = await import('node:child_process');
  const os = await import('node:os');
  const { app, accountId } = await brandSetup();
  const batch = await app.batches.plan(accountId, patternPlan(20));
  const holdAs = (pid: number, host = os.hostname()) =>
    app.db
      .prepare(`INSERT OR REPLACE INTO batch_owners (batch_id, pid, host, run_id, since, renewed_ms) VALUES (?, ?, ?, 'other-run', '2026-01-01T00:00:00Z', ?)`)
      .run(batch.id, pid, host, Date.now());
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
  try {
    holdAs(other.pid!);
    await assert.rejects(app.batches.run(batch.id), new RegExp(`being issued by another QR Pack process \\(pid ${other.pid}`));
    assert.equal(app.batches.repo.get(batch.id).issued, 0);
    const viewed = app.batches.view(app.batches.repo.get(batch.id));
    assert.deepEqual(viewed.owner, { pid: other.pid, elsewhere: true, requested: null });
  } finally {
    other.kill('SIGKILL');
    await new Promise((resolve) => other.once('exit', resolve));
  }
  holdAs(other.pid!, 'another-computer');
  // That computer renews its lease as an owner does on its progress tick.
  const renewing = setInterval(() => app.db.prepare('UPDATE batch_owners SET beat = beat + 1 WHERE batch_id = ?').run(batch.id), 250);
  try {
    await assert.rejects(app.batches.run(batch.id), /on another-computer/, 'a claim another computer renews is never taken over');
  } finally {
    clearInterval(renewing);
  }
  holdAs(0);
  assert.equal((await app.batches.run(batch.id)).state, 'done', "a dead owner's claim (or a pid of 0) is taken over");
  assert.equal(app.db.prepare('SELECT count(*) FROM batch_owners WHERE batch_id = ?').pluck().get(batch.id), 0, 'released at the end');
});

test('an account whose token service fails: the batch stops with its codes never sent, and can be cancelled', async () => {
  const http = await import('node:http');
  const { app, sandbox } = await brandSetup();
  const service = http.createServer((_req, res) => res.writeHead(503).end('down'));
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  const { port } = service.address() as { port: number };
  try {
    const { id: accountId } = await ok<{ id: string }>(
      app,
      'saveAccount',
      validDraft({ name: 'Brand B', appId: 'wx00000000000000bb', credentialKind: 'tokenService', secret: 'service-key-123', tokenServiceUrl: `http://127.0.0.1:${port}/token`, apiBase: sandbox.url }),
    );
    const batch = await app.batches.plan(accountId, patternPlan(3));
    const stopped = await app.batches.run(batch.id);
    assert.equal(stopped.state, 'stopped');
    assert.match(stopped.stopReason!.en, /token service did not give a token/);
    assert.deepEqual(app.batches.repo.inDoubt(batch.id), [], 'no code counts as sent: no request left without a token');
    const cancelled = await app.batches.cancel(batch.id);
    assert.equal(cancelled.state, 'cancelled', cancelled.stopReason?.en);
    assert.equal(app.batches.repo.codes({ batchId: batch.id }).length, 0, 'the codes never sent are given back');
  } finally {
    service.close();
  }
});

test('WeChat unreachable: the stop says what was tried and that nothing is lost, and the codes are not in doubt', async () => {
  const http = await import('node:http');
  const { app } = await brandSetup();
  const listen = async (server: import('node:http').Server) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  };
  const tokens = http.createServer((_req, res) => res.end(JSON.stringify({ access_token: 'token-from-the-brand', expires_in: 7200 })));
  const tokensPort = await listen(tokens);
  // A port nobody listens on: every connection to "WeChat" is refused.
  const gone = http.createServer();
  const gonePort = await listen(gone);
  await new Promise((resolve) => gone.close(resolve));
  try {
    const { id: accountId } = await ok<{ id: string }>(
      app,
      'saveAccount',
      validDraft({ name: 'Brand C', appId: 'wx00000000000000cc', credentialKind: 'tokenService', secret: 'k', tokenServiceUrl: `http://127.0.0.1:${tokensPort}/token`, apiBase: `http://127.0.0.1:${gonePort}`, customEndpoint: true }),
    );
    const batch = await app.batches.plan(accountId, patternPlan(4, 'GONE-{seq:3}'));
    const stopped = await app.batches.run(batch.id);
    assert.equal(stopped.state, 'stopped');
    assert.equal(stopped.stopErrcode, -2);
    assert.match(stopped.stopReason!.en, /QR Pack tried \d+ times over \d+ s without an answer and stopped; nothing is lost/);
    assert.doesNotMatch(stopped.stopReason!.en, /retries on its own/);
    assert.match(stopped.stopReason!['zh-CN'], /尝试了 \d+ 次均无应答,已停止/);
    assert.deepEqual(app.batches.repo.inDoubt(batch.id), [], 'refused connections sent nothing');
    assert.equal((await app.batches.cancel(batch.id)).state, 'cancelled');
  } finally {
    tokens.close();
  }
});
