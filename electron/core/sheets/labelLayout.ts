import { AppError } from '../appError';
import type { LocalizedText } from '../../../shared/text';
import { fontMetrics, textWidthMm } from './fontCatalog';
import type { Stock } from './stocks';
import { MIN_DOTS_PER_MODULE, QUIET_ZONE_MODULES, type Template, type TextLine } from './template';

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

/** Top-left corner of a slot's label on the media box, printer offset included. */
export function slotOrigin(geometry: SheetGeometry, template: Template, slot: number): { xMm: number; yMm: number } {
  const { stock } = geometry;
  return {
    xMm: geometry.trimXMm + stock.firstXMm + (slot % stock.columns) * stock.pitchXMm + template.offsetXMm,
    yMm: geometry.trimYMm + stock.firstYMm + Math.floor(slot / stock.columns) * stock.pitchYMm + template.offsetYMm,
  };
}

/** What a label's text lines can say. */
export interface LabelFields {
  extinfo: string;
  seq: number;
  keystr: string;
  title: string;
  batch: string;
  date: string;
}

export function fillPlaceholders(text: string, fields: LabelFields): string {
  return text.replace(/\{(extinfo|seq|keystr|title|batch|date)\}/g, (_m, name: keyof LabelFields) => String(fields[name]));
}

/** The QR symbol's side in mm for a symbol of `modules` modules. */
export function symbolSizeMm(template: Template, modules: number): number {
  return template.qr.sizeMm ?? template.qr.moduleMm! * modules;
}

/** A text line's box within the label, in mm: x from its alignment, y from its baseline. */
export function textBox(line: TextLine, text: string): { x0: number; x1: number; y0: number; y1: number } {
  const weight = line.bold ? 'bold' : 'regular';
  const width = textWidthMm(text, weight, line.sizePt);
  const m = fontMetrics(weight);
  const ptToMm = 25.4 / 72;
  const ascent = (m.ascent / m.unitsPerEm) * line.sizePt * ptToMm;
  const descent = (-m.descent / m.unitsPerEm) * line.sizePt * ptToMm;
  const x0 = line.align === 'left' ? line.xMm : line.align === 'center' ? line.xMm - width / 2 : line.xMm - width;
  return { x0, x1: x0 + width, y0: line.yMm - ascent, y1: line.yMm + descent };
}

const EPSILON_MM = 0.001;
const fmt = (mm: number) => mm.toFixed(2);

/**
 * Refuses a template that would not print well for these labels: modules below the printer's
 * minimum, a quiet zone outside the label or under text, text past the label's edge, labels past
 * the page. `samples` are the labels with the widest texts and the largest symbol.
 */
export function checkTemplate(template: Template, stock: Stock, samples: { fields: LabelFields; modules: number }[]): void {
  const problems: LocalizedText[] = [];
  const add = (en: string, zh: string) => problems.push({ en, 'zh-CN': zh });
  const lastX = stock.firstXMm + (stock.columns - 1) * stock.pitchXMm + stock.labelWidthMm;
  const lastY = stock.firstYMm + (stock.rows - 1) * stock.pitchYMm + stock.labelHeightMm;
  if (lastX > stock.pageWidthMm + EPSILON_MM || lastY > stock.pageHeightMm + EPSILON_MM) {
    add(`The labels (${fmt(lastX)} × ${fmt(lastY)} mm) do not fit on the ${stock.pageWidthMm} × ${stock.pageHeightMm} mm page.`, `标签区域(${fmt(lastX)} × ${fmt(lastY)} 毫米)超出了 ${stock.pageWidthMm} × ${stock.pageHeightMm} 毫米的页面。`);
  }
  const modules = Math.max(...samples.map((s) => s.modules));
  const sizeMm = symbolSizeMm(template, modules);
  const moduleMm = sizeMm / modules;
  const minModuleMm = (MIN_DOTS_PER_MODULE * 25.4) / template.printerDpi;
  if (moduleMm < minModuleMm - EPSILON_MM) {
    add(
      `The QR modules would be ${fmt(moduleMm)} mm, below the ${fmt(minModuleMm)} mm (${MIN_DOTS_PER_MODULE} dots) a ${template.printerDpi} dpi printer needs: make the code at least ${fmt(minModuleMm * modules)} mm, or shorten the extinfo.`,
      `二维码模块将只有 ${fmt(moduleMm)} 毫米,低于 ${template.printerDpi} dpi 打印机所需的 ${fmt(minModuleMm)} 毫米(${MIN_DOTS_PER_MODULE} 个点):请把码放大到至少 ${fmt(minModuleMm * modules)} 毫米,或缩短 extinfo。`,
    );
  }
  const quiet = moduleMm * QUIET_ZONE_MODULES;
  const zone = { x0: template.qr.xMm - quiet, y0: template.qr.yMm - quiet, x1: template.qr.xMm + sizeMm + quiet, y1: template.qr.yMm + sizeMm + quiet };
  if (zone.x0 < -EPSILON_MM || zone.y0 < -EPSILON_MM || zone.x1 > stock.labelWidthMm + EPSILON_MM || zone.y1 > stock.labelHeightMm + EPSILON_MM) {
    add(
      `The code with its 4-module quiet zone (${fmt(zone.x0)}, ${fmt(zone.y0)}) – (${fmt(zone.x1)}, ${fmt(zone.y1)}) mm does not fit inside the ${stock.labelWidthMm} × ${stock.labelHeightMm} mm label.`,
      `二维码连同 4 个模块的静区((${fmt(zone.x0)}, ${fmt(zone.y0)}) – (${fmt(zone.x1)}, ${fmt(zone.y1)}) 毫米)超出了 ${stock.labelWidthMm} × ${stock.labelHeightMm} 毫米的标签。`,
    );
  }
  template.text.forEach((line, i) => {
    for (const sample of samples) {
      const text = fillPlaceholders(line.text, sample.fields);
      if (!text) continue;
      const box = textBox(line, text);
      if (box.x0 < -EPSILON_MM || box.x1 > stock.labelWidthMm + EPSILON_MM || box.y0 < -EPSILON_MM || box.y1 > stock.labelHeightMm + EPSILON_MM) {
        add(
          `Text line ${i + 1} ("${text}") runs past the label's edge (${fmt(box.x0)}–${fmt(box.x1)} mm across, ${fmt(box.y0)}–${fmt(box.y1)} mm down): use a smaller size or move it.`,
          `第 ${i + 1} 行文字(“${text}”)超出了标签边缘(横向 ${fmt(box.x0)}–${fmt(box.x1)} 毫米,纵向 ${fmt(box.y0)}–${fmt(box.y1)} 毫米):请缩小字号或移动位置。`,
        );
        break;
      }
      if (box.x0 < zone.x1 && box.x1 > zone.x0 && box.y0 < zone.y1 && box.y1 > zone.y0) {
        add(
          `Text line ${i + 1} ("${text}") overlaps the code's quiet zone, which must stay clear.`,
          `第 ${i + 1} 行文字(“${text}”)压到了二维码的静区,静区必须留空。`,
        );
        break;
      }
    }
  });
  if (problems.length) {
    throw new AppError('invalid_argument', {
      en: `This template cannot print these labels:\n${problems.map((p) => `• ${p.en}`).join('\n')}`,
      'zh-CN': `此模板无法打印这些标签:\n${problems.map((p) => `• ${p['zh-CN']}`).join('\n')}`,
    });
  }
}
