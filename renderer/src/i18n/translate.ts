import type { Language } from '../../../shared/text';
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

