/** The two languages of the UI. Every user-facing message exists in both. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A message in every UI language; the side that shows it picks one. */
export type LocalizedText = Record<Language, string>;

/** Maps an OS/browser locale tag (e.g. "zh_CN.UTF-8", "zh-Hans-CN", "en-GB") to a UI language. */
export function languageFromLocale(locale: string | undefined | null): Language {
  return locale && /^zh\b|^zh[-_]/i.test(locale.trim()) ? 'zh-CN' : 'en';
}

const englishPlural = new Intl.PluralRules('en');

/** "1 label", "20 labels", "1,000 codes": a count with its noun in the right English form. */
export function counted(count: number, one: string, other = `${one}s`): string {
  return `${count.toLocaleString('en')} ${englishPlural.select(count) === 'one' ? one : other}`;
}

/** At most `max` characters of a value for a message (a refused value may be megabytes long). */
export const shortened = (value: string, max = 40): string => (value.length > max ? `${value.slice(0, max)}…` : value);

/** A value in double quotes for a message, cut short. */
export const quoted = (value: string, max = 40): string => JSON.stringify(shortened(value, max));
