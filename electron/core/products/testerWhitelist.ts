import { whitelistProblems } from '../../../shared/products/testerEntry';
import { AppError } from '../appError';

/** Names at most this many refused entries in one message (the screens show each by its field). */
const NAMED = 5;

/**
 * Refuses a whitelist with an entry WeChat would not take for a tester — before anything is sent
 * or recorded — naming each entry's field, line and reason.
 */
export function checkTesterEntries(openids: readonly string[], usernames: readonly string[]): void {
  const problems = whitelistProblems(openids, usernames);
  if (problems.length === 0) return;
  const label = { openid: { en: 'OpenID', 'zh-CN': 'OpenID' }, username: { en: 'WeChat ID', 'zh-CN': '微信号' } };
  const lines = problems.slice(0, NAMED);
  const more = problems.length - lines.length;
  throw new AppError('invalid_argument', {
    en: [...lines.map((p) => `${label[p.field].en} line ${p.line}: ${p.text.en}`), ...(more ? [`… and ${more} more.`] : []), 'Nothing was sent.'].join('\n'),
    'zh-CN': [...lines.map((p) => `${label[p.field]['zh-CN']} 第 ${p.line} 行:${p.text['zh-CN']}`), ...(more ? [`…… 另有 ${more} 项。`] : []), '未发送任何内容。'].join('\n'),
  });
}
