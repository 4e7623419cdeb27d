import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { AppError } from '../appError';
import { openRasterPdf } from '../sheets/verify/pdfRasterizer';
import { listPrinters, runCups, type PrintAudience } from './cupsPrinters';

export const PRINT_COPIES = { min: 1, max: 999 } as const;

export interface PrintRequest {
  file: string;
  /** A CUPS queue, or socket://HOST:PORT for a label printer's raw port (9100). */
  printer: string;
  copies?: number;
  /** Pages of the file (a ZPL file's labels), from 1, inclusive. */
  pages?: { from: number; to: number };
}

export interface PrintedJob {
  printer: string;
  /** CUPS's job id (request id), or null for a raw socket. */
  job: string | null;
  pages: number;
  copies: number;
}

const SOCKET = /^socket:\/\/(\[[0-9a-f:]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?\/?$/i;
/** A ZPL format, ^XA to ^XZ. */
const ZPL_FORMAT = /\^XA[\s\S]*?\^XZ\s*/g;

/**
 * Prints a PDF or ZPL file QR Pack wrote: a PDF through CUPS at 100 % (never fitted to the page, so
 * a module stays the size the design checked), a ZPL file raw — to a CUPS queue with -o raw, or to
 * a label printer's port 9100 — its labels as written. Everything is checked before a job is sent.
 */
export async function printFile(request: PrintRequest, audience: PrintAudience = 'cli'): Promise<PrintedJob> {
  const copies = request.copies ?? 1;
  if (!Number.isInteger(copies) || copies < PRINT_COPIES.min || copies > PRINT_COPIES.max) {
    throw new AppError('invalid_argument', {
      en: `Copies (--copies) must be a whole number from ${PRINT_COPIES.min} to ${PRINT_COPIES.max} (got ${String(copies).slice(0, 30)}).`,
      'zh-CN': `份数(--copies)须为 ${PRINT_COPIES.min} 到 ${PRINT_COPIES.max} 之间的整数(收到 ${String(copies).slice(0, 30)})。`,
    });
  }
  const kind = fileKind(request.file);
  const socket = SOCKET.exec(request.printer);
  if (socket && kind !== 'zpl') {
    throw new AppError('invalid_argument', {
      en: `A printer's raw port (${request.printer}) takes ZPL only: print a PDF through a CUPS queue (qrpack printers lists them).`,
      'zh-CN': `打印机的原始端口(${request.printer})只接受 ZPL:PDF 请通过 CUPS 打印队列打印(qrpack printers 可列出)。`,
    });
  }
  if (!socket) await refuseUnknownPrinter(request.printer, audience);
  if (kind === 'zpl') {
    const formats = fs.readFileSync(request.file, 'latin1').match(ZPL_FORMAT) ?? [];
    const pages = checkPages(request.pages, formats.length, request.file);
    // Copies are the labels again, in order (a collated set each time), as the printer takes them.
    const selection = formats.slice(pages.from - 1, pages.to).join('');
    const bytes = Buffer.from(selection.repeat(copies), 'latin1');
    if (socket) {
      await sendRaw(socket[1]!.replace(/^\[|\]$/g, ''), Number(socket[2] ?? 9100), bytes);
      return { printer: request.printer, job: null, pages: pages.to - pages.from + 1, copies };
    }
    const said = await runCups('lp', ['-d', request.printer, '-o', 'raw', '-t', path.basename(request.file), '--'], bytes, audience);
    return { printer: request.printer, job: jobId(said), pages: pages.to - pages.from + 1, copies };
  }
  const pdf = await openRasterPdf(request.file);
  const total = pdf.pages;
  await pdf.close();
  const pages = checkPages(request.pages, total, request.file);
  const said = await runCups('lp', [
    '-d', request.printer,
    '-n', String(copies),
    '-o', 'collate=true',
    ...(request.pages ? ['-P', `${pages.from}-${pages.to}`] : []),
    // 100 %, never fitted: a driver or CUPS that scales a sheet moves every label off its die-cut.
    '-o', 'fit-to-page=false', '-o', 'scaling=100', '-o', 'print-scaling=none',
    '-t', path.basename(request.file),
    '--', request.file,
  ], undefined, audience);
  return { printer: request.printer, job: jobId(said), pages: pages.to - pages.from + 1, copies };
}

function fileKind(file: string): 'pdf' | 'zpl' {
  // The first kilobyte says which: a PDF of thousands of pages is not read for it.
  const fd = fs.openSync(file, 'r');
  const bytes = Buffer.alloc(1024);
  let read: number;
  try {
    read = fs.readSync(fd, bytes, 0, bytes.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const head = bytes.subarray(0, read).toString('latin1');
  if (head.startsWith('%PDF-')) return 'pdf';
  if (/^\s*\^XA/.test(head)) return 'zpl';
  throw new AppError('invalid_argument', {
    en: `${path.basename(file)} is neither a PDF nor a ZPL file: QR Pack prints those (a PNG or TIFF opens in any image viewer to print).`,
    'zh-CN': `${path.basename(file)} 既不是 PDF 也不是 ZPL 文件:QR Pack 只打印这两种(PNG、TIFF 可在任何看图程序中打印)。`,
  });
}

function checkPages(pages: { from: number; to: number } | undefined, total: number, file: string): { from: number; to: number } {
  if (!pages) return { from: 1, to: total };
  if (pages.from < 1 || pages.to > total || pages.from > pages.to) {
    throw new AppError('invalid_argument', {
      en: `Pages ${pages.from}-${pages.to} (--pages) are outside ${path.basename(file)}, which has ${total} page${total === 1 ? '' : 's'} (1-${total}).`,
      'zh-CN': `页码 ${pages.from}-${pages.to}(--pages)超出了 ${path.basename(file)} 的范围,该文件共 ${total} 页(1-${total})。`,
    });
  }
  return pages;
}

async function refuseUnknownPrinter(name: string, audience: PrintAudience): Promise<void> {
  const printers = await listPrinters(audience);
  if (printers.some((p) => p.name === name)) return;
  const shown = name.slice(0, 100);
  const names = printers.map((p) => p.name).join(', ');
  throw new AppError('not_found', {
    en: printers.length
      ? `There is no printer "${shown}" (--printer). The printers here: ${names}.`
      : `There is no printer "${shown}" (--printer): CUPS has no printers on this computer. Add one (system settings or lpadmin), or send ZPL to socket://HOST:9100.`,
    'zh-CN': printers.length
      ? `没有名为“${shown}”的打印机(--printer)。本机的打印机:${names}。`
      : `没有名为“${shown}”的打印机(--printer):本机的 CUPS 中没有打印机。请先添加(系统设置或 lpadmin),或把 ZPL 发送到 socket://主机:9100。`,
  });
}

/** "request id is cups-pdf-3 (1 file(s))" → cups-pdf-3. */
function jobId(said: string): string | null {
  return /request id is (\S+)/.exec(said)?.[1] ?? null;
}

/** Sends bytes to a printer's raw port (JetDirect, 9100) and waits until they are all taken. */
function sendRaw(host: string, port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, timeout: 15_000 });
    const failed = (why: string) => {
      socket.destroy();
      reject(new AppError('conflict', { en: `The label printer at ${host}:${port} ${why}.`, 'zh-CN': `${host}:${port} 的标签打印机${why === 'did not answer' ? '没有响应' : '连接失败'}。` }));
    };
    socket.once('timeout', () => failed('did not answer'));
    socket.once('error', (error: NodeJS.ErrnoException) => failed(`could not be reached (${error.code ?? 'error'})`));
    socket.once('connect', () => socket.end(bytes, () => resolve()));
  });
}
