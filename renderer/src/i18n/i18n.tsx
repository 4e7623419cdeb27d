import { createContext, useCallback, useContext, type ReactNode } from 'react';
import type { Language, LocalizedText } from '../../../shared/text';
import { en, type MessageKey } from './en';
import { zhCN } from './zhCN';

const CATALOGUES: Record<Language, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const PLURALS: Record<Language, Intl.PluralRules> = { en: new Intl.PluralRules('en'), 'zh-CN': new Intl.PluralRules('zh-CN') };

/**
 * A message with its parameters: `{name}` is the value; `{name:page|pages}` is the value with the
 * noun in the form its count takes in that language (CLDR plural rules: 1 page, 2 pages).
 */
export function translate(language: Language, key: MessageKey, params?: Record<string, string | number>): string {
  const template = CATALOGUES[language][key];
  if (!params) return template;
  return template.replace(/\{(\w+)(?::([^|{}]*)\|([^{}]*))?\}/g, (whole, name: string, one?: string, other?: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    if (one === undefined) return String(value);
    return `${value} ${PLURALS[language].select(Number(value)) === 'one' ? one : other}`;
  });
}

/** A UI message in both languages, for state that must follow a later language switch. */
export function bothLanguages(key: MessageKey, params?: Record<string, string | number>): LocalizedText {
  return { en: translate('en', key, params), 'zh-CN': translate('zh-CN', key, params) };
}

interface I18n {
  language: Language;
  t: Translate;
  /** Picks the user's language from a message the service sent in both. */
  local: (text: LocalizedText) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ language, children }: { language: Language; children: ReactNode }) {
  const t = useCallback<Translate>((key, params) => translate(language, key, params), [language]);
  const local = useCallback((text: LocalizedText) => text[language], [language]);
  return <I18nContext.Provider value={{ language, t, local }}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
