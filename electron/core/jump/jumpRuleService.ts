import { jumpRuleProblems, type JumpRule, type JumpRuleDraft } from '../../../shared/jump/jumpRule';
import type { ActionLog } from '../audit/actionLog';
import { AppError } from '../appError';
import type { WechatClient } from '../wechat/wechatClient';

/**
 * The account's "scan an ordinary QR code to open the Mini Program" rules (seed 003): every change
 * checked first (field by field, in both languages) and recorded in the actions audit.
 */
export class JumpRuleService {
  constructor(private readonly actions: ActionLog) {}

  list(client: WechatClient): Promise<{ rules: JumpRule[]; publishQuotaLeft: number }> {
    return client.qrJump.list();
  }

  /** Adds a rule, or with `edit` changes the unpublished rule of the same prefix. */
  async save(accountId: string, client: WechatClient, draft: JumpRuleDraft, edit: boolean): Promise<void> {
    const rule = { ...draft, prefix: draft.prefix.trim(), path: draft.path.trim(), debugUrls: draft.debugUrls.map((u) => u.trim()).filter(Boolean) };
    const problems = jumpRuleProblems(rule);
    if (problems.length) {
      throw new AppError(
        'invalid_argument',
        { en: problems.map((p) => p.message.en).join('\n'), 'zh-CN': problems.map((p) => p.message['zh-CN']).join('\n') },
        { fields: problems },
      );
    }
    await this.actions.audited(accountId, edit ? 'editJumpRule' : 'addJumpRule', rule.prefix, rule, () => client.qrJump.add(rule, edit));
  }

  async publish(accountId: string, client: WechatClient, prefix: string): Promise<void> {
    await this.actions.audited(accountId, 'publishJumpRule', prefix, { prefix }, () => client.qrJump.publish(prefix));
  }

  async delete(accountId: string, client: WechatClient, prefix: string): Promise<void> {
    await this.actions.audited(accountId, 'deleteJumpRule', prefix, { prefix }, () => client.qrJump.delete(prefix));
  }

  verificationFile(client: WechatClient): Promise<{ fileName: string; fileContent: string }> {
    return client.qrJump.verificationFile();
  }

}

/** The rule of a prefix among an account's rules, or a clear refusal naming what is missing. */
export function ruleFor(rules: readonly JumpRule[], prefix: string): JumpRule {
  const rule = rules.find((r) => r.prefix === prefix);
  if (!rule) {
    throw new AppError('not_found', {
      en: `This account has no Mini Program rule for the prefix ${prefix} (deleted, or never added): add it on the Rules screen (qrpack jump-rule add).`,
      'zh-CN': `此账号没有前缀 ${prefix} 的小程序规则(已删除或从未添加):请在“规则”页添加(qrpack jump-rule add)。`,
    });
  }
  return rule;
}
