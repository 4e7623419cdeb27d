import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ok, testApp } from '../support/testApp';

type Stats = {
  days: { day: string; real: number; not_active: number; fake: number; no_code: number }[];
  suspects: { extinfo: string; scans: number; scanners: number; result: string; suspicious: boolean }[];
};

const app = testApp();
const insert = app.db.prepare(`INSERT INTO verdicts (at, from_user, create_time, keystandard, keystr, extinfo, result) VALUES (?, ?, ?, 'ean13', '6900873042720', ?, ?)`);
let createTime = 1_700_000_000;
const daysAgo = (n: number, hour = 12) => {
  const d = new Date();
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - n, hour).toISOString();
};
const localDay = (n: number) => {
  const d = new Date();
  const x = new Date(d.getFullYear(), d.getMonth(), d.getDate() - n);
  return `${x.getFullYear()}-${String(x.getMonth() + 1).padStart(2, '0')}-${String(x.getDate()).padStart(2, '0')}`;
};
// Today: 3 real (one code, 3 users), 1 fake, 1 without a code; 2 days ago: 2 not_active; 40 days ago: 1 fake (outside 30 days).
for (const user of ['oA', 'oB', 'oC']) insert.run(daysAgo(0), user, ++createTime, 'K-1', 'real');
insert.run(daysAgo(0), 'oA', ++createTime, 'X-9', 'fake');
insert.run(daysAgo(0), 'oBar', ++createTime, '', 'no_code');
insert.run(daysAgo(0), 'oBar2', ++createTime, '', 'no_code');
insert.run(daysAgo(2), 'oD', ++createTime, 'K-2', 'not_active');
insert.run(daysAgo(2, 13), 'oE', ++createTime, 'K-2', 'not_active');
insert.run(daysAgo(40), 'oF', ++createTime, 'X-9', 'fake');
for (let i = 0; i < 5; i++) insert.run(daysAgo(1), `oCopy${i}`, ++createTime, 'K-3', 'real');
insert.run(daysAgo(1), 'oCopy0', ++createTime, 'K-3', 'fake');

test('scanStats: scans per local day by answer, every day present, counted by the service', async () => {
  const stats = await ok<Stats>(app, 'scanStats', { days: 30 });
  assert.equal(stats.days.length, 30);
  assert.equal(stats.days.at(-1)!.day, localDay(0), 'ends today');
  assert.equal(stats.days[0]!.day, localDay(29));
  assert.deepEqual(stats.days.at(-1), { day: localDay(0), real: 3, not_active: 0, fake: 1, no_code: 2 });
  assert.deepEqual(stats.days.at(-2), { day: localDay(1), real: 5, not_active: 0, fake: 1, no_code: 0 });
  assert.deepEqual(stats.days.at(-3), { day: localDay(2), real: 0, not_active: 2, fake: 0, no_code: 0 });
  assert.equal(stats.days.reduce((n, d) => n + d.real + d.not_active + d.fake + d.no_code, 0), 14, 'the scan 40 days ago is outside');
  assert.equal((await ok<Stats>(app, 'scanStats', { days: 1 })).days.length, 1);
});

test('scanStats: clone suspects ranked by different users (then scans, then the latest scan), scans without a code never among them, each opening its scans', async () => {
  const { suspects } = await ok<Stats>(app, 'scanStats', {});
  assert.deepEqual(
    suspects.map(({ extinfo, scans, scanners, result, suspicious }) => ({ extinfo, scans, scanners, result, suspicious })),
    [
      { extinfo: 'K-3', scans: 6, scanners: 5, result: 'fake', suspicious: true },
      { extinfo: 'K-1', scans: 3, scanners: 3, result: 'real', suspicious: false },
      { extinfo: 'X-9', scans: 2, scanners: 2, result: 'fake', suspicious: false },
      { extinfo: 'K-2', scans: 2, scanners: 2, result: 'not_active', suspicious: false },
    ],
  );
  assert.deepEqual((await ok<Stats>(app, 'scanStats', { suspects: 1 })).suspects.map((s) => s.extinfo), ['K-3']);
  const scans = await ok<{ extinfo: string; fromUser: string }[]>(app, 'listVerdicts', { code: { keystandard: 'ean13', keystr: '6900873042720', extinfo: 'K-2' } });
  assert.deepEqual(scans.map((s) => s.fromUser), ['oE', 'oD']);
  const refused = await app.dispatch('scanStats', { days: 367 });
  assert.equal(refused.ok, false);
  assert.match(!refused.ok ? refused.error.message.en : '', /days/);
});
