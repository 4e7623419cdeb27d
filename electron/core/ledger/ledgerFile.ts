import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { AppError } from '../appError';
import { isStorageError, storageError } from '../store/storageError';
import { LEDGER_CHUNK, type LedgerCode, type Station } from './stationCodes';

/**
 * A station's codes on a file, for print shops with no network to the ledger: gzip of JSON lines —
 * a header naming the station, one array per code, and a trailer with the count and the SHA-256
 * of every byte before it. An import checks the whole file before it writes anything.
 */
const FORMAT = 'qrpack-ledger';
const VERSION = 1;

interface Header {
  format: typeof FORMAT;
  version: number;
  station: string;
  stationName: string;
  exportedAt: string;
}

interface Trailer {
  count?: unknown;
  sha256?: unknown;
}

type Row = [keystandard: string, keystr: string, extinfo: string, content: string, test: 0 | 1, activeAt: string | null];

/** Writes the file under a temporary name and renames it when complete; resolves to the count. */
export async function writeLedgerFile(file: string, station: Station, chunks: Iterable<LedgerCode[]>): Promise<number> {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.part`);
  const hash = createHash('sha256');
  let count = 0;
  const header: Header = { format: FORMAT, version: VERSION, station: station.id, stationName: station.name, exportedAt: new Date().toISOString() };
  async function* lines(): AsyncGenerator<string> {
    const hashed = (line: string) => (hash.update(line), line);
    yield hashed(`${JSON.stringify(header)}\n`);
    for (const chunk of chunks) {
      count += chunk.length;
      yield hashed(chunk.map((c) => `${JSON.stringify([c.keystandard, c.keystr, c.extinfo, c.content, c.test ? 1 : 0, c.activeAt] satisfies Row)}\n`).join(''));
    }
    yield `${JSON.stringify({ count, sha256: hash.digest('hex') })}\n`;
  }
  try {
    const out = fs.createWriteStream(partial, { flags: 'wx' });
    await pipeline(Readable.from(lines()), zlib.createGzip(), out);
    const fd = fs.openSync(partial, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, file);
    return count;
  } catch (error) {
    fs.rmSync(partial, { force: true });
    // A full disk is the target's, not the data folder's: named so.
    throw isStorageError(error) ? storageError(error, { en: `the ledger file (${file})`, 'zh-CN': `账本文件(${file})` }) : error;
  }
}

export interface LedgerFileSummary {
  station: Station;
  exportedAt: string;
  count: number;
}

const damaged = (file: string, en: string, zh: string) =>
  new AppError('invalid_argument', { en: `${file} ${en} Nothing was imported.`, 'zh-CN': `${file} ${zh}未导入任何内容。` });

/** Reads the whole file once: its header, every row's shape, the count and the checksum. */
export async function checkLedgerFile(file: string): Promise<LedgerFileSummary> {
  const hash = createHash('sha256');
  let header: Header | null = null;
  let rows = 0;
  let trailer = null as Trailer | null;
  let lineNo = 0;
  try {
    for await (const line of fileLines(file)) {
      lineNo++;
      if (trailer) throw damaged(file, `has lines after its end (line ${lineNo}).`, `在结尾之后仍有内容(第 ${lineNo} 行)。`);
      const value = parseLine(line);
      if (!header) {
        if (!isHeader(value)) throw damaged(file, 'is not a QR Pack ledger file.', '不是 QR Pack 账本文件。');
        if (value.version > VERSION) throw damaged(file, 'was written by a newer QR Pack: update QR Pack here.', '由更新版本的 QR Pack 写入:请更新本机的 QR Pack。');
        header = value;
      } else if (Array.isArray(value)) {
        if (!isRow(value)) throw damaged(file, `has a line that is not a code (line ${lineNo}).`, `第 ${lineNo} 行不是码。`);
        rows++;
      } else if (value && typeof value === 'object') {
        trailer = value as Trailer;
        continue;
      } else {
        throw damaged(file, `has a line that is not a code (line ${lineNo}).`, `第 ${lineNo} 行不是码。`);
      }
      hash.update(`${line}\n`);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as { code?: string }).code === 'ENOENT') throw new AppError('not_found', { en: `There is no file ${file}.`, 'zh-CN': `文件 ${file} 不存在。` });
    throw damaged(file, 'cannot be read as a ledger file (not gzip, or cut short).', '无法作为账本文件读取(不是 gzip 格式,或不完整)。');
  }
  if (!header) throw damaged(file, 'is not a QR Pack ledger file.', '不是 QR Pack 账本文件。');
  if (!trailer) throw damaged(file, `is incomplete: it ends after ${rows} codes without its checksum.`, `不完整:读到 ${rows} 个码后结束,缺少校验和。`);
  if (trailer.count !== rows || trailer.sha256 !== hash.digest('hex')) {
    throw damaged(file, 'is damaged: its checksum does not match its content.', '已损坏:校验和与内容不符。');
  }
  return { station: { id: header.station, name: header.stationName }, exportedAt: header.exportedAt, count: rows };
}

/** The codes of a file checkLedgerFile has passed, in chunks. */
export async function* ledgerFileCodes(file: string): AsyncGenerator<LedgerCode[]> {
  let chunk: LedgerCode[] = [];
  for await (const line of fileLines(file)) {
    const value = parseLine(line);
    if (!Array.isArray(value)) continue;
    const [keystandard, keystr, extinfo, content, test, activeAt] = value as Row;
    chunk.push({ keystandard, keystr, extinfo, content, test: test === 1, activeAt });
    if (chunk.length === LEDGER_CHUNK) yield chunk, (chunk = []);
  }
  if (chunk.length) yield chunk;
}

function fileLines(file: string): AsyncIterable<string> {
  const input = fs.createReadStream(file).pipe(zlib.createGunzip());
  return readline.createInterface({ input, crlfDelay: Infinity });
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}

const isHeader = (value: unknown): value is Header => {
  const h = value as Partial<Header> | null;
  return !!h && h.format === FORMAT && typeof h.version === 'number' && typeof h.station === 'string' && typeof h.stationName === 'string' && typeof h.exportedAt === 'string';
};

const text = (value: unknown, max: number) => typeof value === 'string' && value.length > 0 && value.length <= max;

const isRow = (value: unknown[]): boolean =>
  value.length === 6 &&
  text(value[0], 32) &&
  text(value[1], 64) &&
  typeof value[2] === 'string' &&
  value[2].length <= 256 &&
  text(value[3], 2048) &&
  (value[4] === 0 || value[4] === 1) &&
  (value[5] === null || (text(value[5], 40) && !Number.isNaN(Date.parse(value[5] as string))));
