import path from 'node:path';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { extinfoAt, parsePattern, SEQ_WIDTH_MAX } from '../../../shared/issuing/extinfoPattern';
import { csvDelimiter, TextFileDecoder, UnreadableText, unreadableTextMessage } from '../../../shared/issuing/textEncoding';
import { quoted, shortened, type LocalizedText } from '../../../shared/text';
import { AppError } from '../appError';
import { EXTINFO_MAX_CHARS, extinfoProblem } from '../wechat/requestChecks';

/** One planned code: its extinfo and where it came from (line in the file, or position in the pattern). */
export interface PlannedExtinfo {
  extinfo: string;
  line: number;
  /** A CSV row's other columns as a JSON object (lot, best-before date…), kept with the code. */
  data?: string;
}

export type ExtinfoSource =
  | { kind: 'pattern'; pattern: string; start: number; count: number; step: number }
  /** A file's text as the screens send it. */
  | { kind: 'file'; fileName: string; content: string; column?: string }
  /** A file read from disk as it is planned (the CLI): memory stays flat however large it is. */
  | { kind: 'path'; fileName: string; input: Readable; column?: string };

export const MAX_CODES_PER_BATCH = 1_000_000;
export const OFFENDERS_SHOWN = 5;
/** A CSV record longer than this is no list of extinfos (they are at most 64 characters). */
const MAX_RECORD_BYTES = 64 * 1024;

const planError = (en: string, zh: string, details?: string[]) =>
  new AppError('invalid_argument', {
    en: details?.length ? `${en}\n${details.join('\n')}` : en,
    'zh-CN': details?.length ? `${zh}\n${details.join('\n')}` : zh,
  });


/**
 * The extinfos of `LOT7-{seq:6}` with start, count and step (line = position, from 1), checked
 * whole first and then made one at a time: a million-code pattern holds no array.
 */
export function expandPattern(pattern: string, start: number, count: number, step: number): Iterable<PlannedExtinfo> {
  const parsed = parsePattern(pattern);
  if ('placeholders' in parsed) {
    throw planError(
      `The pattern must contain exactly one {seq} or {seq:N} (N = digits, zero-padded), e.g. LOT7-{seq:6}; it has ${parsed.placeholders}.`,
      `规则中必须恰好有一个 {seq} 或 {seq:N}(N 为补零后的位数),例如 LOT7-{seq:6};当前有 ${parsed.placeholders} 个。`,
    );
  }
  // {seq} pads nothing; a width written out ({seq:N}) is 1 to SEQ_WIDTH_MAX digits, so {seq:0} is refused.
  const written = /\{seq:(\d+)\}/.exec(pattern)?.[1];
  if (written !== undefined && !(parsed.width >= 1 && parsed.width <= SEQ_WIDTH_MAX)) {
    throw planError(
      `{seq:${shortened(written, 20)}}: the number of digits is from 1 to ${SEQ_WIDTH_MAX}.`,
      `{seq:${shortened(written, 20)}}:位数须在 1 到 ${SEQ_WIDTH_MAX} 之间。`,
    );
  }
  for (const [name, value, min] of [['start', start, 0], ['count', count, 1], ['step', step, 1]] as const) {
    if (!Number.isSafeInteger(value) || value < min) {
      throw planError(`--${name} must be a whole number ≥ ${min} (got ${value}).`, `--${name} 必须是不小于 ${min} 的整数(当前为 ${value})。`);
    }
  }
  if (count > MAX_CODES_PER_BATCH) throw tooMany(count);
  const lastSerial = start + (count - 1) * step;
  if (!Number.isSafeInteger(lastSerial)) {
    throw planError(
      `The serials run past ${Number.MAX_SAFE_INTEGER} (start ${start} + ${count - 1} × step ${step}): use a smaller start or step.`,
      `序号超过 ${Number.MAX_SAFE_INTEGER}(起始 ${start} + ${count - 1} × 步长 ${step}):请减小起始值或步长。`,
    );
  }
  const width = parsed.width;
  if (width && String(lastSerial).length > width) {
    throw planError(
      `The serial ${lastSerial} is wider than {seq:${width}}: use more digits or a smaller range.`,
      `序号 ${lastSerial} 超过 {seq:${width}} 的位数:请增加位数或缩小范围。`,
    );
  }
  return {
    *[Symbol.iterator]() {
      for (let i = 0; i < count; i++) yield { extinfo: extinfoAt(parsed, start, step, i), line: i + 1 };
    },
  };
}

/** A batch's default name ends with when it was planned, to the minute. */
export const stamp = () => new Date().toISOString().slice(0, 16).replace('T', ' ');

/** The values of a plan: a pattern expanded, or a file read as it streams. */
export function plannedValues(source: ExtinfoSource): Iterable<PlannedExtinfo> | AsyncIterable<PlannedExtinfo> {
  return source.kind === 'pattern'
    ? expandPattern(source.pattern, source.start, source.count, source.step)
    : readExtinfoFile(source.fileName, source.kind === 'file' ? source.content : source.input, source.column);
}

/** How the values were made, for the batch's record (never a file's content). */
export function sourceRecord(source: ExtinfoSource): Record<string, unknown> {
  return source.kind === 'pattern' ? source : { kind: 'file', fileName: source.fileName, column: source.column ?? null };
}

const tooMany = (count: number | string) =>
  planError(
    `A batch holds at most ${MAX_CODES_PER_BATCH.toLocaleString('en')} codes (this one: ${count.toLocaleString('en')}); split it.`,
    `每个批次最多 ${MAX_CODES_PER_BATCH.toLocaleString('en')} 个码(当前 ${count.toLocaleString('en')} 个),请拆分。`,
  );

/**
 * Reads extinfos from a CSV (header row; the column named, or the only one, or one named
 * "extinfo"; commas, or tabs as Excel's "Unicode Text" has them) or a TXT (one per line), streamed.
 * Bytes are UTF-8 with or without BOM, GB18030/GBK or UTF-16 with a BOM (textEncoding); LF or
 * CRLF. Line numbers are the file's, so a user can find each problem.
 */
export async function* readExtinfoFile(fileName: string, input: Readable | string, column?: string): AsyncGenerator<PlannedExtinfo> {
  const text = typeof input === 'string' ? Readable.from([input]) : Readable.from(decodedText(input));
  const rows = path.extname(fileName).toLowerCase() === '.txt' && column === undefined ? txtRows(text) : csvRows(text, column);
  // Blank rows wait until a value follows: blanks at the end are the file's end, not empty extinfos.
  let blanks: number[] = [];
  for await (const { blank, ...row } of rows) {
    if (blank) {
      blanks.push(row.line);
      continue;
    }
    for (const line of blanks) yield { extinfo: '', line };
    blanks = [];
    yield row;
  }
}

/** A file's rows; `blank` for a row with nothing in it at all. */
type FileRow = PlannedExtinfo & { blank: boolean };

async function* txtRows(stream: Readable): AsyncGenerator<FileRow> {
  let line = 0;
  for await (const raw of readline.createInterface({ input: stream, crlfDelay: Infinity })) {
    line++;
    const extinfo = (line === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    yield { extinfo, line, blank: extinfo === '' };
  }
}

/** A file's bytes as text in the encoding they were written in; unreadable bytes refused with their line. */
async function* decodedText(input: Readable): AsyncGenerator<string> {
  const decoder = new TextFileDecoder();
  try {
    for await (const chunk of input) yield decoder.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    yield decoder.end();
  } catch (error) {
    if (!(error instanceof UnreadableText)) throw error;
    throw new AppError('invalid_argument', unreadableTextMessage(error));
  }
}

/** The first line of a text stream, and the whole stream again (the first line included). */
async function firstLineOf(text: Readable): Promise<{ firstLine: string; whole: Readable }> {
  const iterator = text[Symbol.asyncIterator]() as AsyncIterator<string>;
  let head = '';
  while (!head.includes('\n') && head.length <= MAX_RECORD_BYTES) {
    const next = await iterator.next();
    if (next.done) break;
    head += next.value;
  }
  async function* again(): AsyncGenerator<string> {
    yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { firstLine: head.split('\n', 1)[0]!, whole: Readable.from(again()) };
}

async function* csvRows(text: Readable, column: string | undefined): AsyncGenerator<FileRow> {
  const { firstLine, whole: stream } = await firstLineOf(text);
  const delimiter = csvDelimiter(firstLine);
  const parser = stream.pipe(
    parse({ info: true, relax_column_count: true, skip_empty_lines: false, trim: true, bom: true, delimiter, max_record_size: MAX_RECORD_BYTES }),
  );
  stream.once('error', (error) => parser.destroy(error));
  let index = -1;
  // The other named columns, kept with each code as variable data for its label.
  let others: [name: string, at: number][] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (index < 0) {
        index = columnIndex(record, column);
        others = record.map((name, at) => [name, at] as [string, number]).filter(([name, at]) => at !== index && name !== '');
        continue;
      }
      const row: FileRow = { extinfo: record[index] ?? '', line: info.lines, blank: record.every((cell) => cell === '') };
      if (others.length) row.data = JSON.stringify(Object.fromEntries(others.map(([name, at]) => [name, record[at] ?? ''])));
      yield row;
    }
  } catch (error) {
    // csv-parse's own words never reach a user: each kind of malformed file is told with its line.
    if (!(error instanceof CsvError)) throw error;
    const where = error.lines;
    const tooLong = error.code === 'CSV_MAX_RECORD_SIZE';
    const strayQuote = error.code === 'INVALID_OPENING_QUOTE';
    throw planError(
      tooLong
        ? `The CSV file has a row longer than ${MAX_RECORD_BYTES / 1024} KB${where ? ` near line ${where}` : ''}: it is not a list of extinfos.`
        : strayQuote
          ? `The CSV file has a quote (") inside an unquoted value${where ? ` at line ${where}` : ''}: write the value in quotes with the quote doubled ("A""B"), or remove it.`
          : `The CSV file is malformed${where ? ` near line ${where}` : ''}: a quote is not closed, or a quoted value has text after it.`,
      tooLong
        ? `CSV 文件中有超过 ${MAX_RECORD_BYTES / 1024} KB 的行${where ? `(约第 ${where} 行)` : ''}:不是 extinfo 列表。`
        : strayQuote
          ? `CSV 文件${where ? `第 ${where} 行` : ''}未加引号的值中含有引号("):请把该值放在引号内并将其中的引号写两遍("A""B"),或删去它。`
          : `CSV 文件格式错误${where ? `(约第 ${where} 行)` : ''}:引号未闭合,或引号内的值后还有其他文字。`,
    );
  }
  if (index < 0) throw planError('The file is empty.', '文件为空。');
}

function columnIndex(header: string[], column: string | undefined): number {
  const names = header.map((name) => shortened(name, 30)).slice(0, 20).join(', ');
  if (column !== undefined) {
    const index = header.indexOf(column);
    if (index < 0) {
      throw planError(`The CSV has no column "${shortened(column)}". Its columns: ${names}.`, `CSV 中没有名为“${shortened(column)}”的列。现有列:${names}。`);
    }
    return index;
  }
  if (header.length === 1) return 0;
  const index = header.findIndex((name) => name.toLowerCase() === 'extinfo');
  if (index < 0) {
    throw planError(
      `The CSV has ${header.length} columns (${names}): say which holds the extinfo (--column NAME).`,
      `CSV 有 ${header.length} 列(${names}):请指定 extinfo 所在的列(--column 列名)。`,
    );
  }
  return index;
}

/** What a planned value must be: extinfos of product codes, serials of jump codes. */
export interface CodeRule {
  /** The value's name in messages ("extinfo", "serial"). */
  noun: LocalizedText;
  /** Why a value is refused (a key of `text`), or null. */
  problem(value: string): string | null;
  text: Record<string, LocalizedText>;
}

export const EXTINFO_RULE: CodeRule = {
  noun: { en: 'extinfo', 'zh-CN': 'extinfo' },
  problem: extinfoProblem,
  text: {
    empty: { en: 'empty extinfo', 'zh-CN': 'extinfo 为空' },
    characters: { en: 'characters other than A–Z a–z 0–9 - _ ( ) . *', 'zh-CN': '含有 A–Z a–z 0–9 - _ ( ) . * 以外的字符' },
    tooLong: { en: `longer than ${EXTINFO_MAX_CHARS} characters`, 'zh-CN': `超过 ${EXTINFO_MAX_CHARS} 个字符` },
  },
};

export interface Duplicate {
  extinfo: string;
  line: number;
  first: number;
}

/** A plan's widest values: its longest extinfo, and its longest CSV row (a JSON object) when it has columns. */
export interface Widest {
  extinfo: string;
  data: string | undefined;
}

/**
 * The checks of a plan one extinfo at a time (characters, length, emptiness), keeping only counts
 * and the first few offenders, so a plan of any size is checked in flat memory. Duplicates inside
 * the plan are found by the store, which holds the staged plan.
 */
export class PlanCheck {
  count = 0;
  private readonly bad: Record<string, { n: number; shown: PlannedExtinfo[] }> = {};
  /** The longest value and the longest CSV row: what a label of the batch prints at its widest. */
  private readonly widest: Widest = { extinfo: '', data: undefined };

  constructor(
    private readonly rule: CodeRule = EXTINFO_RULE,
    /** Checks the design the batch will be printed with against its widest values, once the plan is sound. */
    private readonly design?: (widest: Widest, count: number) => void,
  ) {
    for (const problem of Object.keys(rule.text)) this.bad[problem] = { n: 0, shown: [] };
  }

  add(item: PlannedExtinfo): void {
    if (++this.count > MAX_CODES_PER_BATCH) throw tooMany(`> ${MAX_CODES_PER_BATCH.toLocaleString('en')}`);
    if (item.extinfo.length > this.widest.extinfo.length) this.widest.extinfo = item.extinfo;
    if (item.data && item.data.length > (this.widest.data?.length ?? -1)) this.widest.data = item.data;
    const problem = this.rule.problem(item.extinfo);
    if (!problem) return;
    const bad = this.bad[problem]!;
    bad.n++;
    if (bad.shown.length < OFFENDERS_SHOWN) bad.shown.push(item);
  }

  /** Throws the whole report when anything was wrong. */
  finish(duplicates: { n: number; shown: Duplicate[] }): void {
    if (this.count === 0) throw planError(`The plan has no ${this.rule.noun.en}.`, `计划中没有${this.rule.noun['zh-CN']}。`);
    const problems = Object.keys(this.bad).filter((p) => this.bad[p]!.n);
    if (!problems.length && !duplicates.n) return this.design?.(this.widest, this.count);
    const more = (n: number) => (n > OFFENDERS_SHOWN ? ' …' : '');
    const lines = (language: 'en' | 'zh-CN') => [
      ...problems.map((p) => {
        const { n, shown } = this.bad[p]!;
        const where = shown.map((i) => (language === 'en' ? `line ${i.line} ${quoted(i.extinfo)}` : `第 ${i.line} 行 ${quoted(i.extinfo)}`)).join(', ');
        return `• ${n} × ${this.rule.text[p]![language]}: ${where}${more(n)}`;
      }),
      ...(duplicates.n
        ? [
            `• ${duplicates.n} × ${language === 'en' ? 'duplicate' : '重复'}: ${duplicates.shown
              .map((d) =>
                language === 'en'
                  ? `line ${d.line} ${quoted(d.extinfo)} (first at line ${d.first})`
                  : `第 ${d.line} 行 ${quoted(d.extinfo)}(首次出现在第 ${d.first} 行)`,
              )
              .join(', ')}${more(duplicates.n)}`,
          ]
        : []),
    ];
    throw new AppError('invalid_argument', {
      en: `The plan was refused; nothing was written.\n${lines('en').join('\n')}`,
      'zh-CN': `计划未被接受,未写入任何内容。\n${lines('zh-CN').join('\n')}`,
    });
  }
}
