import type pg from 'pg';
import { lazyModule, requireModule } from '../lazyModule';

const pgModule = lazyModule(() => requireModule('pg') as typeof pg);
import type { LocalizedText } from '../../../shared/text';
import { AppError } from '../appError';
import { migrateLedger } from './ledgerMigrations';

/**
 * The shared ledger on PostgreSQL: several stations push their codes to it and several
 * `qrpack serve` processes answer from it. One database per official account.
 */
export interface LedgerDatabase {
  readonly pool: pg.Pool;
  /** The URL without its password, for messages. */
  readonly where: string;
  /** The one AppID whose codes the ledger holds, named when it was set up (null: not yet). */
  readonly appid: string | null;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 5_000;

/** Why a `--database` value is not a PostgreSQL URL, or null. */
export function ledgerUrlProblem(url: string): LocalizedText | null {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || !/^postgres(ql)?:$/.test(parsed.protocol) || !parsed.hostname || parsed.pathname.length < 2) {
    return {
      en: '--database: a PostgreSQL URL, postgres://USER@HOST:PORT/DATABASE (the password from PGPASSWORD, or in the URL)',
      'zh-CN': '--database:PostgreSQL 地址,形如 postgres://用户@主机:端口/数据库(密码取自 PGPASSWORD 或写在地址中)',
    };
  }
  return null;
}

/** The URL as it may be shown: no password. */
export function describeLedgerUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

/**
 * Connects (checking the connection once, so a wrong address or password is told now rather than
 * at the first scan) and brings the ledger's own schema up to date.
 */
export async function openLedgerDatabase(url: string, options: { poolSize?: number } = {}): Promise<LedgerDatabase> {
  const problem = ledgerUrlProblem(url);
  if (problem) throw new AppError('invalid_argument', problem);
  const where = describeLedgerUrl(url);
  const pool = new (pgModule().Pool)({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'qrpack' });
  // An idle client that loses its server (a restart) must not take the process down.
  pool.on('error', () => undefined);
  let appid: string | null;
  try {
    await migrateLedger(pool);
    appid = (await pool.query<{ appid: string }>('SELECT appid FROM ledger_identity')).rows[0]?.appid ?? null;
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw ledgerError(error, where);
  }
  return { pool, where, appid, close: () => pool.end() };
}

/** A database error in plain words, naming the ledger without its password; never pg's own text. */
export function ledgerError(error: unknown, where: string): AppError {
  if (error instanceof AppError) return error;
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const message = String((error as { message?: unknown } | null)?.message ?? '');
  const text = (en: string, zh: string) => new AppError('storage', { en: `The ledger database ${where} ${en}`, 'zh-CN': `账本数据库 ${where} ${zh}` });
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT' || /timeout/i.test(message)) {
    return text('cannot be reached (is PostgreSQL running there?). Nothing was changed.', '无法连接(PostgreSQL 是否在运行?)。未作任何更改。');
  }
  if (/^57P0[123]$/.test(code) || code === 'ECONNRESET' || code === 'EPIPE' || /terminated/i.test(message)) {
    return text('lost its connection (PostgreSQL stopped or restarted). Nothing more was changed; try again when it is back.', '连接中断(PostgreSQL 已停止或重启)。未再作更改;恢复后请重试。');
  }
  if (code === '28P01' || code === '28000' || /password/i.test(message)) {
    return text('refused the user or password (PGPASSWORD, or the URL). Nothing was changed.', '拒绝了该用户或密码(PGPASSWORD 或地址中的密码)。未作任何更改。');
  }
  if (code === '3D000') return text('does not exist: create it first (createdb). Nothing was changed.', '不存在:请先创建(createdb)。未作任何更改。');
  if (code === '42501') return text('does not let this user create or change tables. Nothing was changed.', '不允许该用户创建或修改表。未作任何更改。');
  if (code === '53100') return text('is out of disk space. Nothing was changed.', '磁盘空间已满。未作任何更改。');
  if (code === 'QRPACK_LEDGER_TOO_NEW') return text('was set up by a newer QR Pack: update QR Pack on this machine.', '由更新版本的 QR Pack 建立:请更新本机的 QR Pack。');
  return text(`failed (${code || 'connection lost'}). Nothing was changed by the failed step; try again.`, `出错(${code || '连接中断'})。失败的步骤未作任何更改;请重试。`);
}
