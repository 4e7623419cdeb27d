/** The two languages of the UI. Every user-facing message exists in both. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A message in every UI language; the side that shows it picks one. */
export type LocalizedText = Record<Language, string>;

/** Maps an OS/browser locale tag (e.g. "zh_CN.UTF-8", "zh-Hans-CN", "en-GB") to a UI language. */
export function languageFromLocale(locale: string | undefined | null): Language {
  return locale && /^zh\b|^zh[-_]/i.test(locale.trim()) ? 'zh-CN' : 'en';
}
