import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A real PostgreSQL for tests and benchmarks: Debian's `postgresql` binaries, a cluster made with
 * initdb in a temporary folder (as the `postgres` user when running as root, which PostgreSQL
 * refuses to run as), started by pg_ctl on a free loopback port, removed when stopped.
 */
export interface PostgresCluster {
  /** postgres://postgres@127.0.0.1:PORT/qrpack */
  url: string;
  port: number;
  /** The URL of another, empty database on the same cluster. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server at once, as a crash or a pulled cable would (the data stays). */
  halt(): void;
  /** Starts it again on the same port and data. */
  restart(): void;
  stop(): void;
}

/** Where initdb and pg_ctl are, or why there are none. */
export function postgresBinaries(): { dir: string } | { missing: string } {
  const candidates: string[] = [];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) candidates.push(dir);
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    for (const version of fs.readdirSync(debian).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(debian, version, 'bin'));
  }
  const dir = candidates.find((d) => fs.existsSync(path.join(d, 'initdb')) && fs.existsSync(path.join(d, 'pg_ctl')));
  if (!dir) return { missing: 'PostgreSQL is not installed here (Debian: apt-get install postgresql; .ci/run installs it)' };
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0) return { missing: 'running as root with no postgres user to run PostgreSQL as' };
  return { dir };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a cluster. `durable: false` (tests) turns fsync off for speed; benchmarks keep
 * PostgreSQL's defaults, which is what a brand's server runs.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<PostgresCluster> {
  const found = postgresBinaries();
  if ('missing' in found) throw new Error(found.missing);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qrpack-pg-'));
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) } : {};
  if (asRoot) fs.chownSync(root, ids.uid!, ids.gid!);
  const data = path.join(root, 'data');
  const run = (tool: string, args: string[]) => execFileSync(path.join(found.dir, tool), args, { ...ids, cwd: root, stdio: 'pipe' });
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const settings = [`-p ${port}`, `-k ${root}`, "-c listen_addresses='127.0.0.1'", '-c max_connections=200', ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'])];
  const start = () => run('pg_ctl', ['-D', data, '-l', path.join(root, 'server.log'), '-o', settings.join(' '), '-w', '-t', '60', 'start']);
  start();
  const createDatabase = async (name: string) => {
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
    return `postgres://postgres@127.0.0.1:${port}/${name}`;
  };
  const url = await createDatabase('qrpack');
  let stopped = false;
  return {
    url,
    port,
    createDatabase,
    halt: () => run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
    restart: start,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already halted by the test.
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/** Rows of one query, on a connection of its own (a test reading the ledger as a person would). */
export async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}
