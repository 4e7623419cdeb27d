import { languageFromLocale, type Language, type LocalizedText } from '../../shared/text';

/** The CLI speaks the user's language: --lang, else LC_ALL / LC_MESSAGES / LANG. */
export function cliLanguage(flag: string | undefined, env: NodeJS.ProcessEnv): Language {
  if (flag === 'zh-CN' || flag === 'en') return flag;
  return languageFromLocale(env.LC_ALL || env.LC_MESSAGES || env.LANG);
}

export const pick = (text: LocalizedText, language: Language): string => text[language];

/** A batch's state as the screens name it. */
export const BATCH_STATE_TEXT: Record<string, LocalizedText> = {
  planned: { en: 'planned', 'zh-CN': '已规划' },
  running: { en: 'running', 'zh-CN': '发码中' },
  paused: { en: 'paused', 'zh-CN': '已暂停' },
  stopped: { en: 'stopped', 'zh-CN': '已停止' },
  cancelled: { en: 'cancelled', 'zh-CN': '已取消' },
  done: { en: 'done', 'zh-CN': '已完成' },
};
