import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../appError';
import { ensureDir } from '../dataDir';
import { storageError } from './storageError';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

export interface OpenStoreOptions {
  /** The SQLite file; its folder is created if missing. */
  file: string;
  /** A better-sqlite3 binary built for this runtime (Electron's ABI differs from Node's). */
  nativeBinding?: string;
  /** For tests of refusal and upgrade paths. */
  migrations?: readonly Migration[];
}

export class StoreTooNewError extends AppError {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super('store_too_new', {
      en: `This data folder was written by a newer QR Pack (schema ${found}; this version knows ${supported}). Update QR Pack to open it; nothing was changed.`,
      'zh-CN': `该数据文件夹由更新版本的 QR Pack 写入(结构版本 ${found},本版本支持 ${supported})。请升级 QR Pack 后再打开,数据未作任何改动。`,
    });
  }
}

/** Opens (creating if needed) the store: WAL, foreign keys, migrations applied and recorded. */
export function openStore(options: OpenStoreOptions): Db {
  ensureDir(path.dirname(options.file));
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  let db: Db | undefined;
  try {
    db = new Database(options.file, binding);
    db.pragma('journal_mode = WAL');
  } catch (error) {
    db?.close();
    // A data folder on a read-only disk (a locked-down share, a mounted backup) can still be read.
    if (!/^SQLITE_(READONLY|CANTOPEN)/.test(String((error as { code?: string }).code)) || !fs.existsSync(options.file)) throw error;
    // SQLite cannot open a WAL log on a read-only disk in place (it needs its shared-memory file):
    // a copy in the temporary folder is read instead, and removed when the store closes.
    const copyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrpack-read-only-'));
    for (const suffix of ['', '-wal']) {
      if (fs.existsSync(options.file + suffix)) fs.copyFileSync(options.file + suffix, path.join(copyDir, path.basename(options.file) + suffix));
    }
    const readOnly = new Database(path.join(copyDir, path.basename(options.file)), { ...binding, readonly: true });
    const close = readOnly.close.bind(readOnly);
    readOnly.close = () => {
      close();
      fs.rmSync(copyDir, { recursive: true, force: true });
      return readOnly;
    };
    const latest = (options.migrations ?? MIGRATIONS).at(-1)!.version;
    const found = schemaVersion(readOnly);
    if (found !== latest) {
      readOnly.close();
      if (found > latest) throw new StoreTooNewError(found, latest);
      throw storageError(error, { en: `the data folder ${path.dirname(options.file)} (read-only, and its log needs an upgrade)`, 'zh-CN': `数据文件夹 ${path.dirname(options.file)}(只读,且其日志需要升级)` });
    }
    return readOnly;
  }
  try {
    db.pragma('foreign_keys = ON');
    // NORMAL is durable across process kills in WAL mode; only an OS crash may drop the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db, options.migrations ?? MIGRATIONS);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db, migrations: readonly Migration[]): void {
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  const current = schemaVersion(db);
  if (current > latest) throw new StoreTooNewError(current, latest);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    // Each migration and its record commit together, or not at all.
    db.transaction(() => {
      migration.up(db);
      record.run(migration.version, migration.name, new Date().toISOString());
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

export { LATEST_SCHEMA_VERSION };
