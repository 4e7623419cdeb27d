import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import pg from 'pg';
import { finished, spawnFastCli } from '../support/childProcess';
import { postgresBinaries, startPostgres } from '../support/postgres';
import { tempDir } from '../support/tempDir';

const found = postgresBinaries();
const skip = 'missing' in found ? `needs PostgreSQL: ${found.missing}` : false;
const cluster = skip ? null : await startPostgres();
after(() => cluster?.stop());

/** The lock every process opening the ledger takes to bring its schema up to date. */
const MIGRATION_LOCK = 0x71727061636b;

/**
 * Holds the ledger's schema lock so the command waits inside opening the ledger, then stops
 * PostgreSQL at that moment (its connection is checked out of the pool, between statements).
 */
async function haltWhileOpening(args: string[]) {
  const holder = new pg.Client({ connectionString: cluster!.url });
  holder.on('error', () => undefined);
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
  const child = spawnFastCli(['--data', tempDir(), ...args]);
  const exited = finished(child);
  for (let i = 0; i < 600; i++) {
    const waiting = await holder.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'qrpack' AND wait_event_type = 'Lock'`);
    if (waiting.rowCount) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  cluster!.halt();
  const result = await exited;
  cluster!.restart();
  return result;
}

for (const args of [['ledger', 'push'], ['verdicts'], ['serve', '--port', '0', '--token', 'outageToken1']]) {
  test(`PostgreSQL stopped while ${args[0]} opens the ledger: told plainly, exit 5, no crash`, { skip }, async () => {
    const r = await haltWhileOpening([...args, '--database', cluster!.url]);
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stderr, /^The ledger database 127\.0\.0\.1:\d+\/qrpack (cannot be reached|lost its connection)/);
    assert.doesNotMatch(r.stderr, /Unhandled|at .*\.js|internal error|Connection terminated/);
  });
}
