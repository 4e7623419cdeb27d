import type { ParseArgsConfig } from 'node:util';
import type { Language, LocalizedText } from '../../shared/text';
import type { QrPackApp } from '../core/app';

export interface CliContext {
  dataDir: string;
  language: Language;
  /** The environment the command runs in (QRPACK_DATABASE, …). */
  env: NodeJS.ProcessEnv;
  /** Opens the service on the data folder (once); closed by the runner when the command ends. */
  openApp(): QrPackApp;
  out(line: string): void;
  err(line: string): void;
}

export interface Command {
  name: string;
  summary: LocalizedText;
  /** Usage line and option list, shown by `qrpack help NAME`. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Resolves to the exit code. */
  run(
    ctx: CliContext,
    values: Record<string, string | boolean | (string | boolean)[] | undefined>,
    positionals: string[],
  ): Promise<number>;
}

/** A mistake in the command line, told in the user's language (no stack trace). */
export class UsageError extends Error {
  readonly text: LocalizedText;

  constructor(text: LocalizedText | string) {
    const localized = typeof text === 'string' ? { en: text, 'zh-CN': text } : text;
    super(localized.en);
    this.text = localized;
  }
}

/** Resolves when the user stops a serving command (Ctrl-C or a service manager's SIGTERM). */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
