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

/** A JSON-lines log under `<data>/logs/`; every line passes through the redactor first. */
export function openLogFile(dataDir: string, redactor: Redactor): Log {
  const file = logFileOf(dataDir);
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch {
    // A read-only data folder can still be read (qrpack batches, log): writes fail as they come.
  }
  return {
    write(level, message, detail) {
      const line = JSON.stringify({ at: new Date().toISOString(), level, message, detail: describe(detail) });
      try {
        fs.appendFileSync(file, `${redactor.redact(line)}\n`);
      } catch {
        // A full or read-only disk must not turn a logged problem into a crash: the caller reports it.
      }
    },
  };
}
