import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { AppError } from '../appError';
import { isProcessAlive } from '../processAlive';
import type { PushClaim } from './pushClaim';
import { LEDGER_CHUNK, type LedgerCode } from './stationCodes';
import type { Station } from './stationIdentity';
import { isStorageError, storageError } from '../store/storageError';
import { counted } from '../../../shared/text';

/**
 * A station's codes on a file, for print shops with no network to the ledger: gzip of JSON lines —
 * a header naming the station, its AppID and the file's sequence number, one array per code, and a
 * trailer with the count, the SHA-256 of every byte before it and the station's Ed25519 signature
 * of that. An import checks the whole file before it writes anything; the ledger checks the
 * signature against the key it enrolled for the station.
 */
const FORMAT = 'qrpack-ledger';
/** 1: unsigned, refused since. */
const VERSION = 2;

interface Header {
  format: typeof FORMAT;
  version: number;
  station: string;
  stationName: string;
  appid: string;
  seq: number;
  exportedAt: string;
}

interface Trailer {
  count?: unknown;
  sha256?: unknown;
  signature?: unknown;
}

/** What a file carries to be signed: everything of its claim but the signature. */
export interface FileSigning {
  station: Station;
  appid: string;
  seq: number;
  sign(claim: Omit<PushClaim, 'signature'>): string;
}

type Row = [keystandard: string, keystr: string, extinfo: string, content: string, test: 0 | 1, activeAt: string | null];

const partName = (file: string, pid: number) => path.join(path.dirname(file), `.${path.basename(file)}.${pid}.part`);

/** Removes what an export of the same file killed earlier left behind (its process is gone). */
function removeAbandonedParts(file: string): void {
  const prefix = `.${path.basename(file)}.`;
  for (const name of fs.readdirSync(path.dirname(file))) {
    const pid = name.startsWith(prefix) && name.endsWith('.part') ? Number(name.slice(prefix.length, -'.part'.length)) : NaN;
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isProcessAlive(pid)) fs.rmSync(partName(file, pid), { force: true });
  }
}

/** Writes the file under a temporary name and renames it when complete; resolves to the count. */
export async function writeLedgerFile(file: string, signing: FileSigning, chunks: Iterable<LedgerCode[]>): Promise<number> {
  removeAbandonedParts(file);
  const partial = partName(file, process.pid);
  const hash = createHash('sha256');
  let count = 0;
  const { station, appid, seq } = signing;
  const header: Header = { format: FORMAT, version: VERSION, station: station.id, stationName: station.name, appid, seq, exportedAt: new Date().toISOString() };
  async function* lines(): AsyncGenerator<string> {
    const hashed = (line: string) => (hash.update(line), line);
    yield hashed(`${JSON.stringify(header)}\n`);
    for (const chunk of chunks) {
      count += chunk.length;
      yield hashed(chunk.map((c) => `${JSON.stringify([c.keystandard, c.keystr, c.extinfo, c.content, c.test ? 1 : 0, c.activeAt] satisfies Row)}\n`).join(''));
    }
    const sha256 = hash.digest('hex');
    const signature = signing.sign({ kind: 'file', station: station.id, appid, seq, sha256 });
    yield `${JSON.stringify({ count, sha256, signature })}\n`;
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
  /** The station's name as the file gives it (the ledger names it as enrolled). */
  stationName: string;
  exportedAt: string;
  count: number;
  claim: PushClaim;
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
        if (value.version < VERSION) throw damaged(file, 'is unsigned (written by an older QR Pack): export it again at the station with this version.', '未签名(由旧版 QR Pack 写入):请在站点上用本版本重新导出。');
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
    if (error instanceof LineTooLong) {
      throw damaged(file, `is not a QR Pack ledger file: line ${error.lineNo} is longer than ${MAX_LINE_BYTES / 1024} KB.`, `不是 QR Pack 账本文件:第 ${error.lineNo} 行超过 ${MAX_LINE_BYTES / 1024} KB。`);
    }
    if ((error as { code?: string }).code === 'ENOENT') throw new AppError('not_found', { en: `There is no file ${file}.`, 'zh-CN': `文件 ${file} 不存在。` });
    throw damaged(file, 'cannot be read as a ledger file (not gzip, or cut short).', '无法作为账本文件读取(不是 gzip 格式,或不完整)。');
  }
  if (!header) throw damaged(file, 'is not a QR Pack ledger file.', '不是 QR Pack 账本文件。');
  if (!trailer) throw damaged(file, `is incomplete: it ends after ${counted(rows, 'code')} without its checksum.`, `不完整:读到 ${rows} 个码后结束,缺少校验和。`);
  const sha256 = hash.digest('hex');
  if (trailer.count !== rows || trailer.sha256 !== sha256) {
    throw damaged(file, 'is damaged: its checksum does not match its content.', '已损坏:校验和与内容不符。');
  }
  if (typeof trailer.signature !== 'string' || trailer.signature.length > 200) throw damaged(file, 'is not signed by its station.', '没有站点签名。');
  const claim: PushClaim = { kind: 'file', station: header.station, appid: header.appid, seq: header.seq, sha256, signature: trailer.signature };
  return { stationName: header.stationName, exportedAt: header.exportedAt, count: rows, claim };
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

/** Longer than any header, code or trailer QR Pack writes (a code is at most about 2.5 KB). */
const MAX_LINE_BYTES = 64 * 1024;

/** A line longer than MAX_LINE_BYTES: the file is not one QR Pack wrote. */
class LineTooLong extends Error {
  constructor(readonly lineNo: number) {
    super('ledger file line too long');
  }
}

/** The file's lines, each bounded: a small gzip holding one huge line never fills memory. */
async function* fileLines(file: string): AsyncGenerator<string> {
  let held: Buffer[] = [];
  let heldBytes = 0;
  let lineNo = 0;
  const input = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  // pipe() does not pass on a read error (a missing file): unheard, it would end the process.
  input.once('error', (error) => gunzip.destroy(error));
  for await (const chunk of input.pipe(gunzip) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      lineNo++;
      if (heldBytes + end - start > MAX_LINE_BYTES) throw new LineTooLong(lineNo);
      if (held.length === 0) yield chunk.toString('utf8', start, end);
      else {
        held.push(chunk.subarray(start, end));
        yield Buffer.concat(held).toString('utf8');
        held = [];
        heldBytes = 0;
      }
      start = end + 1;
    }
    heldBytes += chunk.length - start;
    if (heldBytes > MAX_LINE_BYTES) throw new LineTooLong(lineNo + 1);
    if (start < chunk.length) held.push(chunk.subarray(start));
  }
  if (heldBytes > 0) yield Buffer.concat(held).toString('utf8');
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
  if (!h || h.format !== FORMAT || typeof h.version !== 'number') return false;
  // Another version's header may lack what this one names; its version is refused by name.
  if (h.version !== VERSION) return true;
  return typeof h.station === 'string' && typeof h.stationName === 'string' && typeof h.appid === 'string' && Number.isSafeInteger(h.seq) && h.seq! > 0 && typeof h.exportedAt === 'string';
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
