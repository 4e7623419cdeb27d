import { stringify, type Options } from 'csv-stringify/sync';

/** What a spreadsheet reads as the start of a formula (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell a spreadsheet shows as text: one that would start a formula gets a leading
 * apostrophe, as OWASP advises, so `=HYPERLINK(…)` from a CSV column or a card code never runs.
 */
export function inertCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Every CSV QR Pack writes goes through here: quoted as needed, and no cell can run. */
export function csvRows(rows: unknown[], options: Options = {}): string {
  return stringify(rows, { ...options, cast: { ...options.cast, string: inertCell } });
}

/** The text a cell held before inertCell, for QR Pack reading back a CSV it wrote. */
export const cellText = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
