import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { extinfoAt, parsePattern } from '../../../shared/issuing/extinfoPattern';
import type { LocalizedText } from '../../../shared/text';
import { AppError } from '../appError';
import { EXTINFO_MAX_CHARS, extinfoProblem } from '../wechat/requestChecks';

/** One planned code: its extinfo and where it came from (line in the file, or position in the pattern). */
export interface PlannedExtinfo {
  extinfo: string;
  line: number;
}

export type ExtinfoSource =
  | { kind: 'pattern'; pattern: string; start: number; count: number; step: number }
  | { kind: 'file'; fileName: string; content: string; column?: string };

export const MAX_CODES_PER_BATCH = 1_000_000;
const OFFENDERS_SHOWN = 5;

const planError = (en: string, zh: string, details?: string[]) =>
  new AppError('invalid_argument', {
    en: details?.length ? `${en}\n${details.join('\n')}` : en,
    'zh-CN': details?.length ? `${zh}\n${details.join('\n')}` : zh,
  });

/** Expands `LOT7-{seq:6}` with start, count and step into extinfos (line = position, from 1). */
export function expandPattern(pattern: string, start: number, count: number, step: number): PlannedExtinfo[] {
  const parsed = parsePattern(pattern);
  if ('placeholders' in parsed) {
    throw planError(
      `The pattern must contain exactly one {seq} or {seq:N} (N = digits, zero-padded), e.g. LOT7-{seq:6}; it has ${parsed.placeholders}.`,
      `规则中必须恰好有一个 {seq} 或 {seq:N}(N 为补零后的位数),例如 LOT7-{seq:6};当前有 ${parsed.placeholders} 个。`,
    );
  }
  for (const [name, value, min] of [['start', start, 0], ['count', count, 1], ['step', step, 1]] as const) {
    if (!Number.isSafeInteger(value) || value < min) {
      throw planError(`--${name} must be a whole number ≥ ${min} (got ${value}).`, `--${name} 必须是不小于 ${min} 的整数(当前为 ${value})。`);
    }
  }
  if (count > MAX_CODES_PER_BATCH) throw tooMany(count);
  const width = parsed.width;
  const out: PlannedExtinfo[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = { extinfo: extinfoAt(parsed, start, step, i), line: i + 1 };
  const last = String(start + (count - 1) * step);
  if (width && last.length > width) {
    throw planError(
      `The serial ${last} is wider than {seq:${width}}: use more digits or a smaller range.`,
      `序号 ${last} 超过 {seq:${width}} 的位数:请增加位数或缩小范围。`,
    );
  }
  return out;
}

const tooMany = (count: number) =>
  planError(
    `A batch holds at most ${MAX_CODES_PER_BATCH.toLocaleString('en')} codes (this one: ${count.toLocaleString('en')}); split it.`,
    `每个批次最多 ${MAX_CODES_PER_BATCH.toLocaleString('en')} 个码(当前 ${count.toLocaleString('en')} 个),请拆分。`,
  );

/**
 * Reads extinfos from a CSV (header row; the column named, or the only one, or one named
 * "extinfo") or a TXT (one per line). UTF-8 with or without BOM, LF or CRLF. Line numbers are
 * the file's, so a user can find each problem.
 */
export function readExtinfoFile(fileName: string, content: string, column?: string): PlannedExtinfo[] {
  const text = content.replace(/^\uFEFF/, '');
  if (path.extname(fileName).toLowerCase() === '.txt' && column === undefined) {
    const lines = text.split(/\r?\n/);
    // Blank lines at the end are the file's end, not empty extinfos.
    while (lines.length && lines.at(-1)!.trim() === '') lines.pop();
    return lines.map((extinfo, i) => ({ extinfo: extinfo.trim(), line: i + 1 }));
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, relax_column_count: true, skip_empty_lines: false, trim: true }) as never;
  } catch (error) {
    const where = /line (\d+)/i.exec(String((error as Error).message))?.[1];
    throw planError(
      `The CSV file is malformed${where ? ` near line ${where}` : ''}: ${(error as Error).message}`,
      `CSV 文件格式错误${where ? `(约第 ${where} 行)` : ''}:${(error as Error).message}`,
    );
  }
  if (records.length === 0) throw planError('The file is empty.', '文件为空。');
  const header = records[0]!.record;
  let index: number;
  if (column !== undefined) {
    index = header.indexOf(column);
    if (index < 0) {
      throw planError(
        `The CSV has no column "${column}". Its columns: ${header.join(', ')}.`,
        `CSV 中没有名为“${column}”的列。现有列:${header.join('、')}。`,
      );
    }
  } else if (header.length === 1) index = 0;
  else {
    index = header.findIndex((name) => name.toLowerCase() === 'extinfo');
    if (index < 0) {
      throw planError(
        `The CSV has ${header.length} columns (${header.join(', ')}): say which holds the extinfo (--column NAME).`,
        `CSV 有 ${header.length} 列(${header.join('、')}):请指定 extinfo 所在的列(--column 列名)。`,
      );
    }
  }
  const rows = records.slice(1);
  // Blank rows at the end are the file's end, not empty extinfos.
  while (rows.length && rows.at(-1)!.record.every((cell) => cell === '')) rows.pop();
  return rows.map(({ record, info }) => ({ extinfo: record[index] ?? '', line: info.lines }));
}

/** Every problem of a plan on its own: characters, length, emptiness, duplicates inside it. */
export function checkPlan(planned: PlannedExtinfo[]): void {
  if (planned.length === 0) throw planError('The plan has no extinfo.', '计划中没有 extinfo。');
  if (planned.length > MAX_CODES_PER_BATCH) throw tooMany(planned.length);
  const bad: Record<'empty' | 'characters' | 'tooLong', PlannedExtinfo[]> = { empty: [], characters: [], tooLong: [] };
  for (const item of planned) {
    const problem = extinfoProblem(item.extinfo);
    if (problem) bad[problem].push(item);
  }
  const problems: { text: LocalizedText; items: PlannedExtinfo[] }[] = [
    { text: { en: 'empty extinfo', 'zh-CN': 'extinfo 为空' }, items: bad.empty },
    { text: { en: 'characters other than A–Z a–z 0–9 - _ ( ) . *', 'zh-CN': '含有 A–Z a–z 0–9 - _ ( ) . * 以外的字符' }, items: bad.characters },
    { text: { en: `longer than ${EXTINFO_MAX_CHARS} characters`, 'zh-CN': `超过 ${EXTINFO_MAX_CHARS} 个字符` }, items: bad.tooLong },
  ].filter((p) => p.items.length);
  const firstSeen = new Map<string, number>();
  const duplicates: { item: PlannedExtinfo; first: number }[] = [];
  for (const item of planned) {
    const first = firstSeen.get(item.extinfo);
    if (first === undefined) firstSeen.set(item.extinfo, item.line);
    else if (item.extinfo !== '') duplicates.push({ item, first });
  }
  if (!problems.length && !duplicates.length) return;
  const lines = (language: 'en' | 'zh-CN') => [
    ...problems.map(
      (p) =>
        `• ${p.items.length} × ${p.text[language]}: ${p.items
          .slice(0, OFFENDERS_SHOWN)
          .map((i) => `${language === 'en' ? 'line' : '第'} ${i.line}${language === 'en' ? '' : ' 行'} ${JSON.stringify(i.extinfo)}`)
          .join(', ')}${p.items.length > OFFENDERS_SHOWN ? ' …' : ''}`,
    ),
    ...(duplicates.length
      ? [
          `• ${duplicates.length} × ${language === 'en' ? 'duplicate' : '重复'}: ${duplicates
            .slice(0, OFFENDERS_SHOWN)
            .map((d) =>
              language === 'en'
                ? `line ${d.item.line} ${JSON.stringify(d.item.extinfo)} (first at line ${d.first})`
                : `第 ${d.item.line} 行 ${JSON.stringify(d.item.extinfo)}(首次出现在第 ${d.first} 行)`,
            )
            .join(', ')}${duplicates.length > OFFENDERS_SHOWN ? ' …' : ''}`,
        ]
      : []),
  ];
  throw new AppError('invalid_argument', {
    en: `The plan was refused; nothing was written.\n${lines('en').join('\n')}`,
    'zh-CN': `计划未被接受,未写入任何内容。\n${lines('zh-CN').join('\n')}`,
  });
}
