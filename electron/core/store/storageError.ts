import { AppError } from '../appError';

/** SQLITE_IOERR_SHMSIZE: the shared-memory index of the log could not grow, which a full disk causes. */
const FULL = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL', 'SQLITE_IOERR_SHMSIZE']);
const READ_ONLY = new Set(['EROFS', 'EACCES', 'EPERM', 'SQLITE_READONLY', 'SQLITE_CANTOPEN']);

/** Whether an error is the disk (full, read-only, failing) rather than a fault of QR Pack's. */
export function isStorageError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (FULL.has(code) || READ_ONLY.has(code) || code.startsWith('SQLITE_IOERR') || code === 'EIO');
}

/** Whether a storage error came from the code log (SQLite) rather than another file. */
export const isDatabaseError = (error: unknown): boolean => String((error as { code?: unknown } | null)?.code ?? '').startsWith('SQLITE');

/**
 * A disk error in plain words: what could not be written, why, and what to do. `what` names the
 * file or folder (the data folder's log, an export file).
 */
export function storageError(error: unknown, what: { en: string; 'zh-CN': string }): AppError {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (FULL.has(code)) {
    return new AppError('storage', {
      en: `The disk is full: ${what.en} could not be written. Free some space there, then try again; nothing written before was lost.`,
      'zh-CN': `磁盘已满:无法写入${what['zh-CN']}。请在该磁盘上腾出空间后重试;此前写入的内容均未丢失。`,
    });
  }
  if (READ_ONLY.has(code)) {
    return new AppError('storage', {
      en: `${what.en[0]!.toUpperCase()}${what.en.slice(1)} cannot be written (the folder is read-only or not yours). Choose a folder you can write to.`,
      'zh-CN': `无法写入${what['zh-CN']}(文件夹只读或没有权限)。请换一个可写入的文件夹。`,
    });
  }
  return new AppError('storage', {
    en: `${what.en[0]!.toUpperCase()}${what.en.slice(1)} could not be written: the disk reported an error (${code || 'I/O'}). Check the disk, then try again.`,
    'zh-CN': `无法写入${what['zh-CN']}:磁盘报告错误(${code || 'I/O'})。请检查磁盘后重试。`,
  });
}

export const LOG_DATABASE = { en: 'the code log (qrpack.sqlite in the data folder)', 'zh-CN': '码日志(数据文件夹中的 qrpack.sqlite)' };

/** Another process held the log's write lock past the busy timeout: try again later, nothing is wrong. */
export const isBusy = (error: unknown): boolean => String((error as { code?: unknown } | null)?.code ?? '').startsWith('SQLITE_BUSY');
