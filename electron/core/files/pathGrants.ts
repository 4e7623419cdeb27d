import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../appError';
import { ensureDir } from '../dataDir';

const inside = (dir: string, file: string) => {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
};

/**
 * The files a renderer's request may touch. A renderer is the least trusted part of the app (it
 * shows content from WeChat), so it never writes or reads a path just by naming it: exports go to
 * the data folder's exports/ or to a folder the user chose in the system's save dialog this
 * session; images (a label's logo) are read from the data folder only. The CLI, typed by the user
 * at a shell, is not held to this.
 */
export class PathGrants {
  readonly exportsDir: string;
  private readonly dataDir: string;
  private readonly writableDirs = new Set<string>();

  constructor(dataDir: string) {
    this.dataDir = path.resolve(dataDir);
    this.exportsDir = path.join(this.dataDir, 'exports');
  }

  grantFolderOf(file: string): void {
    this.writableDirs.add(realDir(path.dirname(path.resolve(file))));
  }

  /** Throws unless `file` is a full path in exports/ (created when first used) or a chosen folder. */
  checkWrite(file: string): void {
    if (!path.isAbsolute(file)) {
      throw new AppError('invalid_argument', {
        en: `"${file.slice(0, 200)}" is not a full path. Choose the file with Browse….`,
        'zh-CN': `“${file.slice(0, 200)}”不是完整路径。请用“浏览…”选择文件。`,
      });
    }
    refuseNul(file);
    const resolved = path.resolve(file);
    if (inside(this.exportsDir, resolved)) {
      // A link inside exports/ must not carry the file (or a folder made for it) outside: judged by real paths.
      if (inside(realPathOf(this.exportsDir), realPathOf(resolved))) {
        ensureDir(path.dirname(resolved));
        return;
      }
    } else if (this.writableDirs.has(realDir(path.dirname(resolved)))) return;
    throw new AppError('forbidden', {
      en: `QR Pack saves exports in its exports folder (${this.exportsDir}) or in a folder you choose with Browse…; ${path.dirname(resolved)} was not chosen.`,
      'zh-CN': `QR Pack 只把导出文件保存到其导出文件夹(${this.exportsDir})或您通过“浏览…”选择的文件夹;未选择 ${path.dirname(resolved)}。`,
    });
  }

  /** Throws unless `file` lies inside the data folder (where designs and their images live). */
  checkRead(file: string): void {
    const resolved = path.resolve(file);
    let real = resolved;
    try {
      real = fs.realpathSync(resolved);
    } catch {
      // A missing file is refused below or reported by its reader.
    }
    if (!inside(realDir(this.dataDir), real)) {
      throw new AppError('forbidden', {
        en: `A design's image must be in QR Pack's data folder (${this.dataDir}); ${resolved} is not.`,
        'zh-CN': `设计中的图片必须位于 QR Pack 的数据文件夹(${this.dataDir})中;${resolved} 不在其中。`,
      });
    }
  }
}

/** A NUL cannot be in a file name on any system (Node refuses it with its own words). */
export function refuseNul(file: string): void {
  if (file.includes('\0')) {
    throw new AppError('invalid_argument', { en: 'A file name cannot contain a NUL character (\\0).', 'zh-CN': '文件名中不能含有 NUL 字符(\\0)。' });
  }
}

/** A path with the links of its nearest existing folder resolved (the rest does not exist yet). */
function realPathOf(file: string): string {
  let existing = path.dirname(file);
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  return path.join(realDir(existing), path.relative(existing, file));
}

/** A folder's real path (links resolved), so a link cannot stand in for a granted folder. */
function realDir(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}
