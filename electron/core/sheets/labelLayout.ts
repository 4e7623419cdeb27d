import type { Stock } from './stocks';
import type { Template } from './template';

// Kept free of fonts and schemas: page workers import this file.

export const QUIET_ZONE_MODULES = 4;
export const MIN_DOTS_PER_MODULE = 4;

/** Crop marks: 5 mm long, 3 mm clear of the bleed. */
export const MARK_LENGTH_MM = 5;
export const MARK_GAP_MM = 3;

/** The sheet as drawn: the media box may be larger than the stock's page, for bleed and marks. */
export interface SheetGeometry {
  stock: Stock;
  mediaWidthMm: number;
  mediaHeightMm: number;
  /** Where the stock's page (the trim) starts within the media box. */
  trimXMm: number;
  trimYMm: number;
  bleedMm: number;
  perPage: number;
}

export function sheetGeometry(template: Template, stock: Stock): SheetGeometry {
  const marks = template.cropMarks || template.bleedMm > 0;
  const margin = marks ? template.bleedMm + MARK_GAP_MM + MARK_LENGTH_MM : 0;
  return {
    stock,
    mediaWidthMm: stock.pageWidthMm + 2 * margin,
    mediaHeightMm: stock.pageHeightMm + 2 * margin,
    trimXMm: margin,
    trimYMm: margin,
    bleedMm: template.bleedMm,
    perPage: stock.columns * stock.rows,
  };
}

/** Page and slot of the k-th label of an export (0-based), for `pages` pages. */
export function placeLabel(k: number, perPage: number, pages: number, order: Template['order']): { page: number; slot: number } {
  // Cut-and-stack: after cutting the pile of sheets into stacks, each stack is in sequence.
  return order === 'cut-stack' ? { page: k % pages, slot: Math.floor(k / pages) } : { page: Math.floor(k / perPage), slot: k % perPage };
}

/** Which label of an export (k, from 0) a page's slot holds: the inverse of placeLabel. */
export function labelAt(page: number, slot: number, perPage: number, pages: number, order: Template['order']): number {
  return order === 'cut-stack' ? slot * pages + page : page * perPage + slot;
}

/** Top-left corner of a slot's label on the media box, printer offset included. */
export function slotOrigin(geometry: SheetGeometry, template: Template, slot: number): { xMm: number; yMm: number } {
  const { stock } = geometry;
  return {
    xMm: geometry.trimXMm + stock.firstXMm + (slot % stock.columns) * stock.pitchXMm + template.offsetXMm,
    yMm: geometry.trimYMm + stock.firstYMm + Math.floor(slot / stock.columns) * stock.pitchYMm + template.offsetYMm,
  };
}

/** A slot's symbol with its quiet zone, on the media box (mm): where a decoder looks, where an image goes. */
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
}

/** Every placeholder a label text can hold; {detail:NAME} names a detail-list entry of the product page. */
export const PLACEHOLDER_PATTERN = /\{(extinfo|seq|keystr|title|batch|date|brand_tag|retail_price|detail:[^{}]{1,40})\}/g;

export function fillPlaceholders(text: string, fields: LabelFields): string {
  return text.replace(PLACEHOLDER_PATTERN, (_m, name: string) =>
    name in fields && name !== 'product' ? String(fields[name as keyof Omit<LabelFields, 'product'>]) : (fields.product?.[name] ?? ''),
  );
}

/** The smallest size a text line is shrunk to so that it fits its label (1.4 mm capitals: still legible). */
export const MIN_FITTED_PT = 4;

/**
 * The size a text line is drawn at: its own, or — when the text (`widthMm` wide at that size) would
 * run past the label's edge — shrunk to fit the room its alignment leaves, down to MIN_FITTED_PT
 * (below that it is refused). A product title of any length prints on the default designs.
 */
export function fittedSizePt(line: { xMm: number; sizePt: number; align: 'left' | 'center' | 'right' }, widthMm: number, labelWidthMm: number): number {
  const room = line.align === 'left' ? labelWidthMm - line.xMm : line.align === 'right' ? line.xMm : 2 * Math.min(line.xMm, labelWidthMm - line.xMm);
  if (widthMm <= room || widthMm <= 0) return line.sizePt;
  return Math.max(Math.min(MIN_FITTED_PT, line.sizePt), Math.floor(((line.sizePt * room) / widthMm) * 100) / 100);
}

/** Whether a template's texts use anything of the product page (a title, a brand, a price, a detail). */
export function usesProductFields(texts: readonly string[]): boolean {
  return texts.some((text) => /\{(title|brand_tag|retail_price|detail:[^{}]+)\}/.test(text));
}

/** The QR symbol's side in mm for a symbol of `modules` modules. */
export function symbolSizeMm(template: Template, modules: number): number {
  return template.qr.sizeMm ?? template.qr.moduleMm! * modules;
}

