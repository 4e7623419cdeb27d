import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../appError';
import { listPrinters, type PrintAudience, type Printer } from './cupsPrinters';
import { printFile, type PrintedJob, type PrintRequest } from './printJob';

/**
 * Printing from QR Pack: the printers CUPS offers, and an export (by its id in the log) or a file
 * printed on one of them, at 100 %.
 */
export class PrintService {
  constructor(
    /** The export log's files of an account, by export id. */
    private readonly exportFile: (accountId: string, exportId: number) => string | undefined,
  ) {}

  printers(audience: PrintAudience = 'cli'): Promise<Printer[]> {
    return listPrinters(audience);
  }

  /** `target`: an export id from the log (qrpack exports, the Log screen) or a file's path. */
  print(accountId: string, target: string, options: Omit<PrintRequest, 'file'>, audience: PrintAudience = 'cli'): Promise<PrintedJob> {
    return printFile({ ...options, file: this.fileOf(accountId, target) }, audience);
  }

  private fileOf(accountId: string, target: string): string {
    const shown = target.slice(0, 200);
    if (/^\d{1,9}$/.test(target) && !fs.existsSync(target)) {
      const file = this.exportFile(accountId, Number(target));
      if (!file) throw new AppError('not_found', { en: `There is no export ${shown} in this account's log.`, 'zh-CN': `此账号的日志中没有导出 ${shown}。` });
      if (!fs.existsSync(file)) throw new AppError('not_found', { en: `Export ${shown}'s file ${file} is gone (moved or deleted).`, 'zh-CN': `导出 ${shown} 的文件 ${file} 已不在(被移走或删除)。` });
      return file;
    }
    const file = path.resolve(target);
    if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      throw new AppError('not_found', { en: `No such file to print: ${shown}`, 'zh-CN': `要打印的文件不存在:${shown}` });
    }
    return file;
  }
}
