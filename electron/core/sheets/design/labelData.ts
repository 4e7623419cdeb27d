import { isDateFormat, parseCalendarDate } from '../../../../shared/sheets/dateFormat';
import { counted, quoted, shortened, type Language, type LocalizedText } from '../../../../shared/text';
import { AppError } from '../../appError';
import type { Db } from '../../store/openStore';
import type { Gs1Options } from '../../../../shared/jump/gs1DigitalLink';
import { columnsUsed, fillPlaceholders, variesByLabel, type ColumnUse, type LabelFields } from './labelLayout';
import { barcodeValue, encodeLinear, SYMBOLOGY_NAMES, type LinearSymbol } from '../symbols/linearBarcode';
import type { Template } from './template';
import { GlyphScan, textSources } from './glyphCheck';

// A label's variable data — the CSV plan's columns kept with each code, dates written in a
// format, the barcode's value — checked for the whole export before the first page is drawn.

const SHOWN = 5;

/** The CSV columns a batch's codes carry, in the file's order (none for a pattern or a one-column file). */
export function batchColumns(db: Db, batchId: number): string[] {
  const data = db.prepare<[number], string>(`SELECT data_json FROM codes WHERE batch_id = ? AND data_json IS NOT NULL LIMIT 1`).pluck().get(batchId);
  return data ? Object.keys(JSON.parse(data) as Record<string, string>) : [];
}

/** The parsed columns of one code's row (undefined without any). */
export function rowColumns(data: string | null | undefined): Record<string, string> | undefined {
  return data ? (JSON.parse(data) as Record<string, string>) : undefined;
}

/** A GS1 Digital Link batch's GTIN, lot and expiry for its labels; undefined for any other batch. */
export function gs1Fields(batch: { kind: string; options: Record<string, unknown> }): Gs1Options | undefined {
  return batch.kind === 'jump' ? (batch.options.gs1 as Gs1Options | undefined) : undefined;
}

const SAMPLE_WORDS: Record<Language, { title: string; batch: string; brand: string; detail: string }> = {
  // The English title keeps its Chinese: a design is checked against the glyphs WeChat titles need.
  en: { title: '示例商品 Sample', batch: 'Sample', brand: 'Brand', detail: '示例 Sample' },
  'zh-CN': { title: '示例商品', batch: '示例批次', brand: '品牌', detail: '示例' },
};

/** What a label shows where there is no batch yet (the designer's preview): plain stand-ins, in the user's language. */
export function sampleFields(language: Language): Omit<LabelFields, 'extinfo' | 'seq' | 'columns'> {
  const words = SAMPLE_WORDS[language];
  return {
    // A valid GTIN, so a sample EAN-13 draws (the seed's demo key has a wrong check digit).
    keystr: '6901234567892',
    title: words.title,
    batch: words.batch,
    date: new Date().toISOString().slice(0, 10),
    product: { brand_tag: words.brand, retail_price: '9.90', 'detail:产品名称': words.detail },
  };
}

/** What a batch's first label prints (a sample label without a batch). */
export function firstLabelFields(db: Db, batch: { id: number } | undefined, fields: Omit<LabelFields, 'extinfo' | 'seq' | 'columns'>): LabelFields {
  const first = batch
    ? db.prepare<[number], { seq: number; extinfo: string; data_json: string | null }>(`SELECT seq, extinfo, data_json FROM codes WHERE batch_id = ? ORDER BY seq LIMIT 1`).get(batch.id)
    : undefined;
  return { ...fields, extinfo: first?.extinfo ?? 'SAMPLE-000001', seq: first?.seq ?? 1, columns: rowColumns(first?.data_json) };
}

const DATE_EXAMPLES = ['YYYY.MM.DD', 'YYYY-MM-DD', 'DD/MM/YYYY', 'YYYY年M月D日'];

/**
 * Every placeholder a design can print for this batch — its code, its product page's cached
 * fields, its CSV columns, dates — each with the value its first label would print.
 */
export function labelFieldList(db: Db, batch: { id: number } | undefined, fields: Omit<LabelFields, 'extinfo' | 'seq' | 'columns'>) {
  const label = firstLabelFields(db, batch, fields);
  type Group = 'code' | 'product' | 'column' | 'date';
  const list: { placeholder: string; sample: string; group: Group }[] = [];
  const add = (placeholder: string, group: Group) => list.push({ placeholder, sample: fillPlaceholders(placeholder, label), group });
  for (const name of ['extinfo', 'seq', 'keystr', 'batch']) add(`{${name}}`, 'code');
  if (fields.gs1) {
    for (const name of ['gs1', 'gtin', 'serial', ...(fields.gs1.lot !== undefined ? ['lot'] : []), ...(fields.gs1.expiry !== undefined ? ['expiry', 'expiry:DD/MM/YYYY'] : [])]) add(`{${name}}`, 'code');
  }
  for (const name of ['title', 'brand_tag', 'retail_price', ...Object.keys(fields.product ?? {}).filter((k) => k.startsWith('detail:'))]) add(`{${name}}`, 'product');
  for (const [column, value] of Object.entries(label.columns ?? {})) {
    add(`{col:${column}}`, 'column');
    if (parseCalendarDate(value)) add(`{col:${column}|YYYY.MM.DD}`, 'column');
  }
  add('{date}', 'date');
  for (const format of DATE_EXAMPLES) add(`{date:${format}}`, 'date');
  return list;
}

/** What the whole export's variable data gives the template check: its widest row and barcode. */
export interface LabelDataSample {
  columns?: Record<string, string>;
  /** Each barcode's longest symbol, in the design's order. */
  barcodes: (LinearSymbol | undefined)[];
}

type Fields = Omit<LabelFields, 'extinfo' | 'seq' | 'columns'>;

/**
 * Refuses an export whose design needs what the codes do not have — a column the plan lacks, a
 * date column holding something that is no date, a barcode value its symbology cannot encode —
 * naming the column, the positions and extinfos, and what is allowed. Nothing is written first.
 */
export function checkLabelData(db: Db, batchId: number, range: { from: number; to: number }, template: Template, fields: Fields, purpose: CheckPurpose = 'export'): LabelDataSample {
  const texts = template.text.map((line) => line.text);
  const barcodes = template.barcodes;
  const uses: ColumnUse[] = [...texts, ...barcodes.map((b) => b.value)].flatMap(columnsUsed);
  const problems: LocalizedText[] = [];
  const columns = uses.length ? batchColumns(db, batchId) : [];
  const missing = [...new Set(uses.map((u) => u.column).filter((c) => !columns.includes(c)))];
  for (const column of missing) {
    const have = columns.length ? columns.map((c) => quoted(shortened(c, 30))).join(', ') : null;
    problems.push({
      en: `The design prints {col:${column}}, but batch ${batchId} has no column ${quoted(column)}. ${have ? `Its columns: ${have}.` : 'It was not planned from a CSV with columns besides the extinfo.'}`,
      'zh-CN': `设计中使用了 {col:${column}},但批次 ${batchId} 没有“${column}”列。${have ? `现有列:${have}。` : '该批次不是由含其他列的 CSV 计划的。'}`,
    });
  }
  for (const use of uses) {
    if (use.dateFormat !== undefined && !isDateFormat(use.dateFormat)) {
      problems.push({
        en: `{col:${use.column}|${use.dateFormat}}: a date format is written with YYYY, YY, MM, M, DD, D (e.g. YYYY.MM.DD).`,
        'zh-CN': `{col:${use.column}|${use.dateFormat}}:日期格式须由 YYYY、YY、MM、M、DD、D 组成(例如 YYYY.MM.DD)。`,
      });
    }
  }
  for (const text of texts) {
    for (const match of text.matchAll(/\{(date|expiry):([^{}]+)\}/g)) {
      if (!isDateFormat(match[2]!)) {
        problems.push({
          en: `{${match[1]}:${match[2]}}: a date format is written with YYYY, YY, MM, M, DD, D (e.g. YYYY.MM.DD).`,
          'zh-CN': `{${match[1]}:${match[2]}}:日期格式须由 YYYY、YY、MM、M、DD、D 组成(例如 YYYY.MM.DD)。`,
        });
      }
    }
  }
  const gs1Uses = [...new Set([...texts, ...barcodes.map((b) => b.value)].flatMap((text) => [...text.matchAll(/\{(gtin|lot|gs1|expiry)(?::[^{}]+)?\}/g)].map((m) => m[1]!)))];
  if (gs1Uses.length && !fields.gs1) {
    problems.push({
      en: `The design prints ${gs1Uses.map((n) => `{${n}}`).join(' ')}, which only a GS1 Digital Link batch has; batch ${batchId} is not one.`,
      'zh-CN': `设计中使用了 ${gs1Uses.map((n) => `{${n}}`).join(' ')},只有 GS1 数字链接批次才有这些字段;批次 ${batchId} 不是。`,
    });
  }
  for (const name of gs1Uses.filter((n) => fields.gs1 && ((n === 'lot' && fields.gs1.lot === undefined) || (n === 'expiry' && fields.gs1.expiry === undefined)))) {
    problems.push({
      en: `The design prints {${name}}, but batch ${batchId} was planned without ${name === 'lot' ? 'a lot (--lot)' : 'an expiry date (--expiry)'}.`,
      'zh-CN': `设计中使用了 {${name}},但批次 ${batchId} 计划时没有${name === 'lot' ? '批号(--lot)' : '有效期(--expiry)'}。`,
    });
  }
  if (problems.length) throw refused(problems, purpose);

  const dated = [...new Set(uses.filter((u) => u.dateFormat !== undefined).map((u) => u.column))];
  const badDates = new Map(dated.map((c) => [c, { n: 0, shown: [] as string[] }]));
  const badBarcodes = barcodes.map(() => ({ n: 0, shown: [] as string[], first: null as LocalizedText | null }));
  const sample: LabelDataSample = { barcodes: barcodes.map(() => undefined) };
  let widest = -1;
  const longestBarcode = barcodes.map(() => -1);
  const perLabelBarcode = barcodes.map((b) => variesByLabel(b.value));
  // Columns (dated ones among them) and a per-label barcode are read code by code; else one check does.
  const perLabel = uses.length > 0 || perLabelBarcode.some(Boolean);
  const rows = db.prepare<[number, number, number], { seq: number; extinfo: string; data_json: string | null }>(
    `SELECT seq, extinfo, data_json FROM codes WHERE batch_id = ? AND seq BETWEEN ? AND ? AND status = 'issued' ORDER BY seq`,
  );
  const barcodeOf = (index: number, label: LabelFields) => {
    const barcode = barcodes[index]!;
    const checked = barcodeValue(barcode.symbology, fillPlaceholders(barcode.value, label));
    if ('problem' in checked) return checked;
    if (checked.value.length > longestBarcode[index]!) {
      longestBarcode[index] = checked.value.length;
      sample.barcodes[index] = encodeLinear(barcode.symbology, checked.value);
    }
    return checked;
  };
  if (perLabel) {
    for (const row of rows.iterate(batchId, range.from, range.to)) {
      const columnsOfRow = rowColumns(row.data_json);
      if (row.data_json && row.data_json.length > widest) {
        widest = row.data_json.length;
        sample.columns = columnsOfRow;
      }
      const where = `${row.seq} ${quoted(row.extinfo)}`;
      for (const column of dated) {
        const value = columnsOfRow?.[column] ?? '';
        if (parseCalendarDate(value)) continue;
        const bad = badDates.get(column)!;
        if (++bad.n <= SHOWN) bad.shown.push(`${where} → ${quoted(value)}`);
      }
      perLabelBarcode.forEach((varies, index) => {
        if (!varies) return;
        const checked = barcodeOf(index, { ...fields, extinfo: row.extinfo, seq: row.seq, columns: columnsOfRow });
        if (!('problem' in checked)) return;
        const bad = badBarcodes[index]!;
        bad.first ??= checked.problem;
        if (++bad.n <= SHOWN) bad.shown.push(where);
      });
    }
  }
  perLabelBarcode.forEach((varies, index) => {
    if (varies) return;
    const checked = barcodeOf(index, { ...fields, extinfo: '', seq: range.from });
    if ('problem' in checked) badBarcodes[index]!.first = checked.problem;
  });
  for (const [column, bad] of badDates) {
    if (!bad.n) continue;
    const more = bad.n > SHOWN ? ' …' : '';
    problems.push({
      en: `Column ${quoted(column)} is printed as a date, but ${counted(bad.n, 'code holds', 'codes hold')} no date (write them as 2027-03-31, 2027/03/31, 2027.03.31 or 20270331): position ${bad.shown.join(', ')}${more}`,
      'zh-CN': `“${column}”列按日期打印,但有 ${bad.n} 个码的值不是日期(请写成 2027-03-31、2027/03/31、2027.03.31 或 20270331):位置 ${bad.shown.join(', ')}${more}`,
    });
  }
  badBarcodes.forEach((bad, index) => {
    if (!bad.first) return;
    const barcode = barcodes[index]!;
    const name = barcodes.length > 1 ? `${SYMBOLOGY_NAMES[barcode.symbology]} #${index + 1}` : SYMBOLOGY_NAMES[barcode.symbology];
    const where = bad.shown.length ? ` — ${counted(bad.n, 'label')}, position ${bad.shown.join(', ')}${bad.n > SHOWN ? ' …' : ''}` : '';
    const whereZh = bad.shown.length ? ` — 共 ${bad.n} 个标签,位置 ${bad.shown.join(', ')}${bad.n > SHOWN ? ' …' : ''}` : '';
    problems.push({
      en: `The ${name} barcode (${barcode.value}) cannot be printed: ${bad.first.en}${where}`,
      'zh-CN': `${name} 条码(${barcode.value})无法打印:${bad.first['zh-CN']}${whereZh}`,
    });
  });
  if (problems.length) throw refused(problems, purpose);
  return sample;
}

/** An export refuses before writing anything, and says so; a designer's preview only says what to change. */
export type CheckPurpose = 'export' | 'design';

function refused(problems: LocalizedText[], purpose: CheckPurpose): AppError {
  const nothingWritten = purpose === 'export' ? { en: '; nothing was written', zh: ',未写入任何文件' } : { en: '', zh: '' };
  return new AppError('invalid_argument', {
    en: `This design cannot print these labels${nothingWritten.en}:\n${problems.map((p) => `• ${p.en}`).join('\n')}`,
    'zh-CN': `此设计无法打印这些标签${nothingWritten.zh}:\n${problems.map((p) => `• ${p['zh-CN']}`).join('\n')}`,
  });
}

/**
 * Refuses an export whose labels print a character the font has no glyph for, naming the
 * characters, where they come from (a line of the design, the title, a CSV column, a product
 * field, the extinfo) and the first position. Called when the export's characters hold one.
 */
export function checkLabelGlyphs(db: Db, batchId: number, range: { from: number; to: number }, template: Template, fields: Fields): void {
  const glyphs = new GlyphScan();
  glyphs.add(textSources(template, { ...fields, extinfo: '', seq: range.from }, 'fixed'));
  const rows = db.prepare<[number, number, number], { seq: number; extinfo: string; data_json: string | null }>(
    `SELECT seq, extinfo, data_json FROM codes WHERE batch_id = ? AND seq BETWEEN ? AND ? AND status = 'issued' ORDER BY seq`,
  );
  for (const row of rows.iterate(batchId, range.from, range.to)) {
    glyphs.add(textSources(template, { ...fields, extinfo: row.extinfo, seq: row.seq, columns: rowColumns(row.data_json) }, 'perLabel'), row.seq);
  }
  const problems = glyphs.problems();
  if (problems.length) throw refused(problems, 'export');
}
