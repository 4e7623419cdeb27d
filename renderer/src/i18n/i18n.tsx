import { createContext, useCallback, useContext, type ReactNode } from 'react';
import type { Language, LocalizedText } from '../../../shared/text';
import type { MessageKey } from './en';
import { translate, type Translate } from './translate';

export { translate, type Translate };

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
