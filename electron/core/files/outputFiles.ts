import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LocalizedText } from '../../../shared/text';
import { AppError } from '../appError';
import { isProcessAlive } from '../processAlive';
import { refuseNul } from './pathGrants';

const PART = /^\.(.+)\.(\d+)-[0-9a-f]{8}\.qrpack-part$/;

/**
 * Refuses an output path that cannot be written as asked, naming it: a folder, or a folder that
 * does not exist (nothing is created unasked).
 */
export function checkOutputPath(file: string, name: LocalizedText): string {
  refuseNul(file);
  const shown = file.length > 200 ? `${file.slice(0, 200)}…` : file;
  const resolved = path.resolve(file);
  if (fs.statSync(resolved, { throwIfNoEntry: false })?.isDirectory()) {
    throw new AppError('invalid_argument', {
      en: `${name.en}: "${shown}" is a folder. Give a file name inside it, e.g. ${path.join(shown, 'sheets.pdf')}.`,
      'zh-CN': `${name['zh-CN']}:“${shown}”是文件夹。请给出其中的文件名,例如 ${path.join(shown, 'sheets.pdf')}。`,
    });
  }
  const dir = path.dirname(resolved);
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new AppError('invalid_argument', {
      en: `${name.en}: the folder ${dir} does not exist. Create it first, or choose another.`,
      'zh-CN': `${name['zh-CN']}:文件夹 ${dir} 不存在。请先创建,或另选一个。`,
    });
  }
  return resolved;
}

/**
 * The files of one export, each written under a temporary name in its own folder (so the rename
 * never crosses a disk) and renamed into place together once complete and synced. A kill leaves
 * at most a `.NAME.PID-RANDOM.qrpack-part` beside a file that is still whole — the old one, if any —
 * and the next export into that folder removes parts whose process is gone.
 */
export class OutputFiles {
  private readonly parts = new Map<string, string>();

  /** The temporary name to write `finalPath` under. */
  partFor(finalPath: string): string {
    const existing = this.parts.get(finalPath);
    if (existing) return existing;
    const dir = path.dirname(finalPath);
    sweepStaleParts(dir);
    const part = path.join(dir, `.${path.basename(finalPath)}.${process.pid}-${randomBytes(4).toString('hex')}.qrpack-part`);
    this.parts.set(finalPath, part);
    return part;
  }

  /** Gives a part a different final name (in the same folder): the name it is renamed to on commit. */
  renameFinal(finalPath: string, newFinalPath: string): string {
    const part = this.parts.get(finalPath);
    if (!part) throw new Error(`no part for ${finalPath}`);
    this.parts.delete(finalPath);
    this.parts.set(newFinalPath, part);
    return newFinalPath;
  }

  /** Syncs every part to disk, then renames each over its final name. */
  commit(): void {
    for (const part of this.parts.values()) {
      const fd = fs.openSync(part, 'r+');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
    for (const [finalPath, part] of this.parts) fs.renameSync(part, finalPath);
    for (const dir of new Set([...this.parts.keys()].map((f) => path.dirname(f)))) syncDir(dir);
    this.parts.clear();
  }

  /** Removes every part not committed (after a failure). */
  discard(): void {
    for (const part of this.parts.values()) fs.rmSync(part, { force: true });
    this.parts.clear();
  }
}

function syncDir(dir: string): void {
  // Makes the renames themselves durable; not every platform can open a folder for this.
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Windows cannot fsync a directory handle; NTFS journals the rename itself.
  }
}

/** Removes parts left in `dir` by exports whose process died (a kill, a crash). */
export function sweepStaleParts(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = PART.exec(name);
    if (match && Number(match[2]) !== process.pid && !isProcessAlive(Number(match[2]))) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** `out.failed.pdf` for `out.pdf`: the name a file is kept under when it failed its verification. */
export function failedName(file: string): string {
  const parsed = path.parse(file);
  return path.join(parsed.dir, `${parsed.name}.failed${parsed.ext}`);
}

/**
 * `out.pdf` for one file; `out-0001.pdf`, `out-0002.pdf`… for several — or numbered however many
 * there are (`always`), for a series whose length depends on the data (raster images).
 */
export function seriesNames(out: string, count: number, extension: string, always = false): string[] {
  const parsed = path.parse(out);
  const base = path.join(parsed.dir, parsed.name);
  if (count === 1 && !always) return [`${base}.${extension}`];
  const width = Math.max(4, String(count).length);
  return Array.from({ length: count }, (_, i) => `${base}-${String(i + 1).padStart(width, '0')}.${extension}`);
}

/** Which of an export's files are there already (files only: a folder as --out is refused in its own words). */
export function existingFiles(files: readonly (string | undefined)[]): string[] {
  return files.filter((file): file is string => file !== undefined && fs.statSync(file, { throwIfNoEntry: false })?.isFile() === true);
}
