import type { Language, LocalizedText } from '../../../shared/text';
import { call } from '../bridge/api';
import { translate } from '../i18n/i18n';

/**
 * Resets an account's daily API quota once the person confirms (WeChat allows it 10 times a month):
 * resolves to what to tell them, in both languages, or null when they said no. A refusal is thrown.
 */
export async function resetDailyQuota(account: { id: string; sandbox: boolean; name: string }, language: Language): Promise<LocalizedText | null> {
  // The sandbox's name is the UI's own, in each language.
  const nameIn = (l: Language) => (account.sandbox ? translate(l, 'account.sandboxName') : account.name);
  if (!window.confirm(translate(language, 'account.resetQuotaConfirm', { name: nameIn(language) }))) return null;
  await call('resetQuota', { id: account.id });
  return { en: translate('en', 'account.quotaReset', { name: nameIn('en') }), 'zh-CN': translate('zh-CN', 'account.quotaReset', { name: nameIn('zh-CN') }) };
}
