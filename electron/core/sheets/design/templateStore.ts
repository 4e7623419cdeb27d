import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../appError';
import { parseTemplate, type Template } from './template';

/** Starts with a letter or digit, ends without a dot or space (Windows drops those), 1–60 characters. */
const NAME = /^[\p{L}\p{N}](?:[\p{L}\p{N} _.-]{0,58}[\p{L}\p{N}_-])?$/u;
/** Names Windows keeps for devices, with or without an extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

const nameRule = {
  en: 'A design name is 1–60 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit and not ending with a dot or space; CON, PRN, AUX, NUL, COM1–9 and LPT1–9 are kept by Windows.',
  'zh-CN': '设计名称为 1–60 个字母、数字、空格、点、连字符或下划线,须以字母或数字开头,且不能以点或空格结尾;CON、PRN、AUX、NUL、COM1–9、LPT1–9 为 Windows 保留名称。',
};

const designText = (name: string, template: Template) => `${JSON.stringify({ ...template, name }, null, 2)}\n`;

/** Template files in `<data>/templates/`: what the editor saves is what `qrpack export --template` reads. */
export class TemplateStore {
  constructor(private readonly dir: string) {}

  /** Each design with when it was last saved (the file's time), by name. */
  list(): { name: string; file: string; template: Template; savedAt: string }[] {
    if (!fs.existsSync(this.dir)) return [];
    return fs
      .readdirSync(this.dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .sort()
      .flatMap((name) => {
        const file = path.join(this.dir, `${name}.json`);
        try {
          return [{ name, file, template: parseTemplate(fs.readFileSync(file, 'utf8'), `${name}.json`), savedAt: fs.statSync(file).mtime.toISOString() }];
        } catch {
          return [];
        }
      });
  }

  /**
   * Adds a design file opened from the desktop (a `.qrlabel`, the same JSON as the files here):
   * checked like any template, saved under its file name, and listed from then on. Opening it
   * again changes nothing; a different design of that name is kept, and this one is saved beside
   * it as "NAME-2", "NAME-3", … (no window is there to ask which to keep).
   */
  importFile(file: string): string {
    const template = parseTemplate(fs.readFileSync(file, 'utf8'), path.basename(file));
    const name = path.basename(file).replace(/\.(qrlabel|json)$/i, '').replace(/[^\p{L}\p{N} _.-]/gu, '_').slice(0, 60);
    for (let n = 1; n <= 100; n++) {
      const suffix = n === 1 ? '' : `-${n}`;
      const candidate = `${name.slice(0, 60 - suffix.length)}${suffix}`;
      const existing = path.join(this.dir, `${candidate}.json`);
      if (!fs.existsSync(existing)) return this.save(candidate, template, { replace: false });
      if (fs.readFileSync(existing, 'utf8') === designText(candidate, template)) return existing;
    }
    throw new AppError('conflict', {
      en: `There are 100 designs named "${name}" already; rename the file and open it again.`,
      'zh-CN': `已有 100 个名为“${name}”的设计;请重命名该文件后再打开。`,
    });
  }

  /** Saves a design; one of the same name is replaced only when asked (`replace`), else refused as a conflict. */
  save(name: string, template: Template, options: { replace: boolean }): string {
    if (!NAME.test(name) || RESERVED.test(name)) {
      throw new AppError('invalid_argument', nameRule, { fields: [{ field: 'name', message: nameRule }] });
    }
    fs.mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `${name}.json`);
    if (!options.replace && fs.existsSync(file)) {
      const text = { en: `A design named "${name}" exists already. Replace it?`, 'zh-CN': `已有名为“${name}”的设计。要替换它吗?` };
      throw new AppError('conflict', text, { fields: [{ field: 'name', message: text }] });
    }
    fs.writeFileSync(`${file}.tmp`, designText(name, template));
    fs.renameSync(`${file}.tmp`, file);
    return file;
  }
}
