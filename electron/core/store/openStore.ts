import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../appError';
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
  fs.mkdirSync(path.dirname(options.file), { recursive: true });
  const db = new Database(options.file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
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
