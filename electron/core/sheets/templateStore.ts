import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../appError';
import { parseTemplate, type Template } from './template';

const NAME = /^[\p{L}\p{N} _.-]{1,60}$/u;

/** Template files in `<data>/templates/`: what the editor saves is what `qrpack export --template` reads. */
export class TemplateStore {
  constructor(private readonly dir: string) {}

  list(): { name: string; file: string; template: Template }[] {
    if (!fs.existsSync(this.dir)) return [];
    return fs
      .readdirSync(this.dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .flatMap((f) => {
        const file = path.join(this.dir, f);
        try {
          return [{ name: f.slice(0, -5), file, template: parseTemplate(fs.readFileSync(file, 'utf8'), f) }];
        } catch {
          return [];
        }
      });
  }

  save(name: string, template: Template): string {
    if (!NAME.test(name)) {
      throw new AppError('invalid_argument', {
        en: 'A template name is 1–60 letters, digits, spaces, dots, dashes or underscores.',
        'zh-CN': '模板名称为 1–60 个字母、数字、空格、点、连字符或下划线。',
      });
    }
    fs.mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `${name}.json`);
    fs.writeFileSync(`${file}.tmp`, `${JSON.stringify({ ...template, name }, null, 2)}\n`);
    fs.renameSync(`${file}.tmp`, file);
    return file;
  }
}
