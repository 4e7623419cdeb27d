import type { StockKind } from '../../../../shared/sheets/templateSchema';

/** A sheet of labels, in millimetres (gLabels' nx ny x0 y0 dx dy). */
export interface Stock {
  id: string;
  name: string;
  /** Die-cut sheet, press grid or roll: what bleed and marks it takes (stockRules). */
  kind: StockKind;
  pageWidthMm: number;
  pageHeightMm: number;
  labelWidthMm: number;
  labelHeightMm: number;
  columns: number;
  rows: number;
  /** Top-left corner of the first label, from the page's top-left corner. */
  firstXMm: number;
  firstYMm: number;
  /** Distance between the left (top) edges of neighbouring labels. */
  pitchXMm: number;
  pitchYMm: number;
}

const a4 = { pageWidthMm: 210, pageHeightMm: 297 };

/** Built-in stocks: common A4 label sheets, a thermal roll, and press sheets with a label grid. */
export const BUILT_IN_STOCKS: readonly Stock[] = [
  { id: 'avery-l7651', name: 'Avery L7651 38.1×21.2 mm, 65-up', kind: 'sheet', ...a4, labelWidthMm: 38.1, labelHeightMm: 21.2, columns: 5, rows: 13, firstXMm: 4.75, firstYMm: 10.7, pitchXMm: 40.6, pitchYMm: 21.2 },
  { id: 'avery-l4732', name: 'Avery L4732 35.6×16.9 mm, 80-up', kind: 'sheet', ...a4, labelWidthMm: 35.6, labelHeightMm: 16.9, columns: 5, rows: 16, firstXMm: 11, firstYMm: 13.3, pitchXMm: 38.1, pitchYMm: 16.9 },
  { id: 'avery-l7160', name: 'Avery L7160 63.5×38.1 mm, 21-up', kind: 'sheet', ...a4, labelWidthMm: 63.5, labelHeightMm: 38.1, columns: 3, rows: 7, firstXMm: 7.25, firstYMm: 15.15, pitchXMm: 66, pitchYMm: 38.1 },
  { id: 'herma-4097', name: 'Herma 4097 45.72×21.2 mm, 48-up', kind: 'sheet', ...a4, labelWidthMm: 45.72, labelHeightMm: 21.2, columns: 4, rows: 12, firstXMm: 13.56, firstYMm: 21.3, pitchXMm: 45.72, pitchYMm: 21.2 },
  { id: 'herma-4102', name: 'Herma 4102 48.3×25.4 mm, 44-up', kind: 'sheet', ...a4, labelWidthMm: 48.3, labelHeightMm: 25.4, columns: 4, rows: 11, firstXMm: 8.4, firstYMm: 8.8, pitchXMm: 48.3, pitchYMm: 25.4 },
  { id: 'roll-50x30', name: 'Thermal roll 50×30 mm, one label per page', kind: 'roll', pageWidthMm: 50, pageHeightMm: 30, labelWidthMm: 50, labelHeightMm: 30, columns: 1, rows: 1, firstXMm: 0, firstYMm: 0, pitchXMm: 50, pitchYMm: 30 },
  { id: 'a4-25x28', name: 'A4 press grid 25×28 mm, 80-up', kind: 'press', ...a4, labelWidthMm: 25, labelHeightMm: 28, columns: 8, rows: 10, firstXMm: 5, firstYMm: 8.5, pitchXMm: 25, pitchYMm: 28 },
  { id: 'a3-30x30', name: 'A3 press grid 30×30 mm, 117-up', kind: 'press', pageWidthMm: 297, pageHeightMm: 420, labelWidthMm: 30, labelHeightMm: 30, columns: 9, rows: 13, firstXMm: 13.5, firstYMm: 15, pitchXMm: 30, pitchYMm: 30 },
  { id: 'sra3-40x40', name: 'SRA3 press grid 40×40 mm with 3 mm gutters, 70-up', kind: 'press', pageWidthMm: 320, pageHeightMm: 450, labelWidthMm: 40, labelHeightMm: 40, columns: 7, rows: 10, firstXMm: 11, firstYMm: 11.5, pitchXMm: 43, pitchYMm: 43 },
];

export function findStock(id: string): Stock | undefined {
  return BUILT_IN_STOCKS.find((stock) => stock.id === id);
}

export const labelsPerPage = (stock: Stock): number => stock.columns * stock.rows;
