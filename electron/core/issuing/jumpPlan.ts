import { SERIAL_PROBLEM_TEXT, serialProblem, type JumpRule } from '../../../shared/jump/jumpRule';
import { quoted } from '../../../shared/text';
import type { CodeRule, PlannedExtinfo } from './batchPlan';

/**
 * What a jump code's serial must be: characters a URL carries as they are, and not the start of a
 * longer rule of the account (a scan would open that rule's page instead).
 */
export function jumpSerialRule(prefix: string, rules: readonly JumpRule[], test: boolean): CodeRule {
  const longer = rules.filter((r) => r.prefix !== prefix && r.prefix.startsWith(prefix)).map((r) => r.prefix);
  const caught = longer.map((p) => p.slice(prefix.length));
  const others = longer.map((p) => quoted(p, 80)).join(', ');
  return {
    noun: { en: test ? 'test link' : 'serial', 'zh-CN': test ? '测试链接' : '序列号' },
    problem(serial) {
      // Test links were accepted by WeChat with the rule: printed as they are.
      const problem = test ? (serial === '' ? 'empty' : null) : serialProblem(serial);
      if (problem) return problem;
      return caught.some((start) => serial.startsWith(start)) ? 'caught' : null;
    },
    text: {
      ...SERIAL_PROBLEM_TEXT,
      ...(test ? { empty: { en: 'a test link that is the prefix itself', 'zh-CN': '测试链接就是前缀本身' } } : {}),
      caught: { en: `caught by the longer rule ${others} (a scan would open its page)`, 'zh-CN': `会命中更长的规则 ${others}(扫码将打开该规则的页面)` },
    },
  };
}

/** A rule's test links as planned codes: the part after the prefix, in the rule's order. */
export function* testLinkSerials(rule: JumpRule): Iterable<PlannedExtinfo> {
  let line = 0;
  for (const url of rule.debugUrls) yield { extinfo: url.slice(rule.prefix.length), line: ++line };
}
