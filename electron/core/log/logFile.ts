import fs from 'node:fs';
import path from 'node:path';
import type { Redactor } from './redactor';

export type LogLevel = 'info' | 'warn' | 'error';

export interface Log {
  write(level: LogLevel, message: string, detail?: unknown): void;
}

function describe(detail: unknown): string {
  if (detail instanceof Error) return detail.stack ?? `${detail.name}: ${detail.message}`;
  if (detail === undefined) return '';
  try {
    return JSON.stringify(detail);
  } catch {
    return String(detail);
  }
}

/** The log file of a data folder. */
export const logFileOf = (dataDir: string): string => path.join(dataDir, 'logs', 'qrpack.log');

/** Past this size the log becomes qrpack.log.1 (replacing the one before): two files at most on disk. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;

/** A JSON-lines log under `<data>/logs/`; every line passes through the redactor first. */
export function openLogFile(dataDir: string, redactor: Redactor, maxBytes = LOG_MAX_BYTES): Log {
  const file = logFileOf(dataDir);
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch {
    // A read-only data folder can still be read (qrpack batches, log): writes fail as they come.
  }
  const sizeOnDisk = () => fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  let size: number | null = null;
  return {
    write(level, message, detail) {
      const line = `${redactor.redact(JSON.stringify({ at: new Date().toISOString(), level, message, detail: describe(detail) }))}\n`;
      const bytes = Buffer.byteLength(line);
      try {
        size ??= sizeOnDisk();
        // Counted here, checked on disk only when it seems full: other processes write the same file.
        if (size + bytes > maxBytes && (size = sizeOnDisk()) + bytes > maxBytes) {
          try {
            fs.renameSync(file, `${file}.1`);
            size = 0;
          } catch {
            // A system that holds the file open (Windows) keeps it: the line is still written.
          }
        }
        fs.appendFileSync(file, line);
        size += bytes;
      } catch {
        // A full or read-only disk must not turn a logged problem into a crash: the caller reports it.
      }
    },
  };
}
