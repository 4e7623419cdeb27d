import { formatCalendarDate, parseCalendarDate } from '../../../../shared/sheets/dateFormat';
import { QUIET_ZONE_MODULES } from '../../../../shared/sheets/symbolRules';
import { gs1HumanReadable, type Gs1Options } from '../../../../shared/jump/gs1DigitalLink';
import type { Stock } from './stocks';
import type { Template } from './template';

// Kept free of fonts and schemas: page workers import this file.

export { QUIET_ZONE_MODULES } from '../../../../shared/sheets/symbolRules';
export const MIN_DOTS_PER_MODULE = 4;

/**
 * The sheet as drawn. The page is always the stock's page — the die-cut sheet, the press sheet, or
 * the roll's label — never grown for bleed or marks (stockRules says what each kind takes).
 */
export interface SheetGeometry {
  stock: Stock;
  /** A press grid's bleed per label; sheets and rolls take none. */
  bleedMm: number;
  /** Crop marks on every cut line (press grids only). */
  cropMarks: boolean;
  perPage: number;
}

export function sheetGeometry(template: Template, stock: Stock): SheetGeometry {
  const press = stock.kind === 'press';
  return { stock, bleedMm: press ? template.bleedMm : 0, cropMarks: press && template.cropMarks, perPage: stock.columns * stock.rows };
}

/**
 * Which position of an export (k, from 0, in print order) a page's slot is: in sequence the
 * sheets one after another; in cut-and-stack, after the pile is cut into stacks, each stack in order.
 */
export function labelAt(page: number, slot: number, perPage: number, pages: number, order: Template['order']): number {
  return order === 'cut-stack' ? slot * pages + page : page * perPage + slot;
}

/** Top-left corner of a slot's label on the page, printer offset included. */
export function slotOrigin(geometry: SheetGeometry, template: Template, slot: number): { xMm: number; yMm: number } {
  const { stock } = geometry;
  return {
    xMm: stock.firstXMm + (slot % stock.columns) * stock.pitchXMm + template.offsetXMm,
    yMm: stock.firstYMm + Math.floor(slot / stock.columns) * stock.pitchYMm + template.offsetYMm,
  };
}

/** A slot's symbol with its quiet zone, on the page (mm): where a decoder looks, where an image goes. */
export function symbolCell(geometry: SheetGeometry, template: Template, slot: number, modules: number): { xMm: number; yMm: number; sideMm: number } {
  const origin = slotOrigin(geometry, template, slot);
  const sizeMm = symbolSizeMm(template, modules);
  const quietMm = (sizeMm / modules) * QUIET_ZONE_MODULES;
  return { xMm: origin.xMm + template.qr.xMm - quietMm, yMm: origin.yMm + template.qr.yMm - quietMm, sideMm: sizeMm + 2 * quietMm };
}

/** What a label's text lines can say. */
export interface LabelFields {
  extinfo: string;
  seq: number;
  keystr: string;
  title: string;
  batch: string;
  date: string;
  /** The product page's own fields (seed 001): brand_tag, retail_price, and detail:NAME per detail entry. */
  product?: Record<string, string>;
  /** This code's row of its CSV plan (the columns besides the extinfo), for {col:NAME}. */
  columns?: Record<string, string>;
  /** A GS1 Digital Link batch's GTIN, lot and expiry, for {gtin} {lot} {expiry} {gs1}; the serial is the extinfo. */
  gs1?: Gs1Options;
}

/**
 * Every placeholder a label text can hold: {detail:NAME} names a detail-list entry of the product
 * page, {col:NAME} a column of the CSV plan, and a date may carry a format ({date:YYYY.MM.DD},
 * {col:bbd|DD/MM/YYYY}, {expiry:DD/MM/YYYY}). A GS1 Digital Link batch adds {gtin} {lot} {serial}
 * {expiry} and {gs1}, the human-readable line GS1 asks for under the code.
 */
export const PLACEHOLDER_PATTERN = /\{(extinfo|seq|keystr|title|batch|date(?::[^{}]{1,20})?|gtin|lot|serial|gs1|expiry(?::[^{}]{1,20})?|brand_tag|retail_price|detail:[^{}]{1,40}|col:[^{}|]{1,40}(?:\|[^{}]{1,20})?)\}/g;

/** A {col:NAME|FORMAT} placeholder's parts. */
export interface ColumnUse {
  column: string;
  dateFormat?: string;
}

/** The CSV columns a text uses, with the date format each is written in (when one is given). */
export function columnsUsed(text: string): ColumnUse[] {
  const uses: ColumnUse[] = [];
  for (const match of text.matchAll(PLACEHOLDER_PATTERN)) {
    const name = match[1]!;
    if (!name.startsWith('col:')) continue;
    const [column, dateFormat] = name.slice(4).split('|') as [string, string | undefined];
    uses.push(dateFormat === undefined ? { column } : { column, dateFormat });
  }
  return uses;
}

/** A date value in a format; a value that is no date is left as it is (exports refuse those first). */
function dated(value: string, format: string): string {
  const date = parseCalendarDate(value);
  return date ? formatCalendarDate(date, format) : value;
}

function fieldValue(name: string, fields: LabelFields): string {
  if (name.startsWith('col:')) {
    const [column, format] = name.slice(4).split('|') as [string, string | undefined];
    const value = fields.columns?.[column] ?? '';
    return format === undefined ? value : dated(value, format);
  }
  if (name.startsWith('date:')) return dated(fields.date, name.slice(5));
  if (name === 'serial') return fields.extinfo;
  if (name === 'gtin' || name === 'lot') return fields.gs1?.[name] ?? '';
  if (name === 'expiry' || name.startsWith('expiry:')) {
    const date = fields.gs1?.expiryDate ?? '';
    return name === 'expiry' || !date ? date : dated(date, name.slice(7));
  }
  if (name === 'gs1') return fields.gs1 ? gs1HumanReadable({ gtin: fields.gs1.gtin, lot: fields.gs1.lot ?? null, serial: fields.extinfo, expiry: fields.gs1.expiry ?? null }) : '';
  if (name === 'brand_tag' || name === 'retail_price' || name.startsWith('detail:')) return fields.product?.[name] ?? '';
  return String(fields[name as 'extinfo' | 'seq' | 'keystr' | 'title' | 'batch' | 'date']);
}

export function fillPlaceholders(text: string, fields: LabelFields): string {
  return text.replace(PLACEHOLDER_PATTERN, (_m, name: string) => fieldValue(name, fields));
}

/** Whether a text differs from label to label (so it is checked on every label, not once). */
export function variesByLabel(text: string): boolean {
  return /\{(extinfo|seq|serial|gs1|col:[^{}]+)\}/.test(text);
}

/** Whether a template's texts use anything of the product page (a title, a brand, a price, a detail). */
export function usesProductFields(texts: readonly string[]): boolean {
  return texts.some((text) => /\{(title|brand_tag|retail_price|detail:[^{}]+)\}/.test(text));
}

/** The QR symbol's side in mm for a symbol of `modules` modules. */
export function symbolSizeMm(template: Template, modules: number): number {
  return template.qr.sizeMm ?? template.qr.moduleMm! * modules;
}

