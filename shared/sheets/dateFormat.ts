// Dates on labels: the export's date ({date:YYYY.MM.DD}) and date columns of a CSV plan
// ({col:bbd|DD/MM/YYYY}), written the way the packaging wants them.

/** The tokens a date format may hold; anything else (., -, /, spaces, 年月日) is printed as it is. */
export const DATE_TOKENS = ['YYYY', 'YY', 'MM', 'M', 'DD', 'D'] as const;
const TOKEN_PATTERN = /YYYY|YY|MM|M|DD|D/g;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/**
 * A calendar date as CSV files write them: 2027-03-31, 2027/03/31, 2027.03.31, 20270331 (an ISO
 * timestamp's date part too). Null for anything else, or a day that does not exist (2027-02-30).
 */
export function parseCalendarDate(value: string): CalendarDate | null {
  const match = /^(\d{4})([-/.]?)(\d{2})\2(\d{2})(?:[T ][\d:.]+Z?)?$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[3]), Number(match[4])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** Writes a date in a format of DATE_TOKENS, e.g. YYYY.MM.DD → 2027.03.31, D/M/YY → 31/3/27. */
export function formatCalendarDate(date: CalendarDate, format: string): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return format.replace(TOKEN_PATTERN, (token) => {
    switch (token) {
      case 'YYYY':
        return String(date.year);
      case 'YY':
        return two(date.year % 100);
      case 'MM':
        return two(date.month);
      case 'M':
        return String(date.month);
      case 'DD':
        return two(date.day);
      default:
        return String(date.day);
    }
  });
}

/** Whether a format writes a date at all (a format with no token is almost surely a typing slip). */
export function isDateFormat(format: string): boolean {
  return /YY|M|D/.test(format);
}
