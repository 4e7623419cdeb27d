import { execFile } from 'node:child_process';
import { AppError } from '../appError';

/** A print queue as CUPS knows it. */
export interface Printer {
  name: string;
  isDefault: boolean;
  /** Where the queue sends its jobs (ipp://…, socket://…:9100, usb://…, cups-pdf:/). */
  device: string;
}

/** Who reads a refusal: a person at a screen gets the system's settings, one at a terminal the CLI's flags. */
export type PrintAudience = 'screen' | 'cli';

const CUPS_NOT_RUNNING = {
  en: 'The printing service (CUPS) is not running on this computer: start it (Linux: sudo systemctl start cups; macOS starts it by itself), or send a ZPL file straight to a label printer with --printer socket://HOST:9100.',
  'zh-CN': '本机的打印服务(CUPS)没有运行:请启动它(Linux:sudo systemctl start cups;macOS 会自动启动),或用 --printer socket://主机:9100 把 ZPL 文件直接发送给标签打印机。',
};

const CUPS_NOT_RUNNING_SCREEN = {
  en: "The printing service (CUPS) is not running on this computer: start it (on Linux: sudo systemctl start cups) and add the printer in the system's printer settings, or open the PDF in a PDF viewer and print it from there at 100 %.",
  'zh-CN': '本机的打印服务(CUPS)没有运行:请启动它(Linux:sudo systemctl start cups),并在系统的打印机设置中添加打印机;或用 PDF 阅读器打开该 PDF,按 100% 比例打印。',
};

const CUPS_MISSING = {
  en: 'Printing goes through CUPS, and its commands (lp, lpstat) are not on this computer. Install CUPS (Debian: apt-get install cups), or send a ZPL file straight to a label printer with --printer socket://HOST:9100.',
  'zh-CN': '打印通过 CUPS 进行,而本机没有其命令(lp、lpstat)。请安装 CUPS(Debian:apt-get install cups),或用 --printer socket://主机:9100 把 ZPL 文件直接发送给标签打印机。',
};

const CUPS_MISSING_SCREEN = {
  en: "Printing goes through the printing service (CUPS), which is not installed on this computer. Install it and add the printer in the system's printer settings, or open the PDF in a PDF viewer and print it from there at 100 %.",
  'zh-CN': '打印需通过打印服务(CUPS),而本机没有安装。请安装它并在系统的打印机设置中添加打印机;或用 PDF 阅读器打开该 PDF,按 100% 比例打印。',
};

/** Runs a CUPS command; its own output in a refusal is trimmed and never a stack. */
export function runCups(command: string, args: string[], input?: Buffer, audience: PrintAudience = 'cli'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { encoding: 'utf8', timeout: 60_000, env: { ...process.env, LC_ALL: 'C' } }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return reject(new AppError('conflict', audience === 'screen' ? CUPS_MISSING_SCREEN : CUPS_MISSING));
      const said = (stderr || stdout || error.message).trim().split('\n')[0]!.slice(0, 300);
      if (/scheduler is not running|unable to connect/i.test(said)) return reject(new AppError('conflict', audience === 'screen' ? CUPS_NOT_RUNNING_SCREEN : CUPS_NOT_RUNNING));
      reject(new AppError('conflict', { en: `CUPS refused (${command}): ${said}`, 'zh-CN': `CUPS 拒绝了请求(${command}):${said}` }));
    });
    if (input) child.stdin!.end(input);
  });
}

/** The print queues CUPS offers, the default first. */
export async function listPrinters(audience: PrintAudience = 'cli'): Promise<Printer[]> {
  // lpstat -v lists each queue's device; -d the default ("no system default destination" when none).
  let devices: string;
  try {
    devices = await runCups('lpstat', ['-v'], undefined, audience);
  } catch (error) {
    // No queue at all is an empty list, not an error (lpstat says so on stderr and exits 1).
    if (error instanceof AppError && /No destinations added/i.test(error.text.en)) return [];
    throw error;
  }
  const fallback = await runCups('lpstat', ['-d']).catch(() => '');
  const defaultName = /system default destination: (\S+)/.exec(fallback)?.[1];
  const printers = [...devices.matchAll(/^device for (\S+): (.*)$/gm)].map((m) => ({ name: m[1]!, device: m[2]!.trim(), isDefault: m[1] === defaultName }));
  return printers.sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name));
}
