import { languageFromLocale, type Language, type LocalizedText } from '../../shared/text';

/** The CLI speaks the user's language: --lang, else LC_ALL / LC_MESSAGES / LANG. */
export function cliLanguage(flag: string | undefined, env: NodeJS.ProcessEnv): Language {
  if (flag === 'zh-CN' || flag === 'en') return flag;
  return languageFromLocale(env.LC_ALL || env.LC_MESSAGES || env.LANG);
}

export const pick = (text: LocalizedText, language: Language): string => text[language];
