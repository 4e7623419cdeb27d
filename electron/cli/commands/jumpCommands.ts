import fs from 'node:fs';
import path from 'node:path';
import { OPEN_VERSIONS, type OpenVersion } from '../../../shared/jump/jumpRule';
import { OutputFiles } from '../../core/files/outputFiles';
import { resolveCliAccount, WECHAT_OPTIONS, WECHAT_USAGE } from '../cliAccount';
import { UsageError, type Command } from '../command';
import { excerpt } from '../optionValues';

const OPEN_VERSION_NAMES: Record<OpenVersion, { en: string; zh: string }> = {
  develop: { en: 'develop', zh: '开发版' },
  trial: { en: 'trial', zh: '体验版' },
  release: { en: 'release', zh: '正式版' },
};

function prefixOption(value: unknown, sub: string): string {
  if (typeof value !== 'string' || !value) throw new UsageError({ en: `jump-rule ${sub}: --prefix URL is required`, 'zh-CN': `jump-rule ${sub}:缺少 --prefix 网址` });
  return value;
}

export const jumpRulesCommand: Command = {
  name: 'jump-rules',
  summary: { en: "List the account's Mini Program jump rules and the publish quota left", 'zh-CN': '列出账号的小程序跳转规则及本月剩余发布次数' },
  usage: ['qrpack jump-rules [--json] [WeChat options]', '  --json   print as JSON', WECHAT_USAGE].join('\n'),
  options: { ...WECHAT_OPTIONS, json: { type: 'boolean' } },
  async run(ctx, values) {
    const { app, accountId } = await resolveCliAccount(ctx, values);
    const listed = await app.jumpRules.list(await app.wechatFor(accountId));
    if (values.json) return ctx.out(JSON.stringify(listed, null, 2)), 0;
    const zh = ctx.language === 'zh-CN';
    for (const rule of listed.rules) {
      const state = rule.published ? (zh ? '已发布' : 'published') : zh ? '未发布' : 'unpublished';
      const version = OPEN_VERSION_NAMES[rule.openVersion][zh ? 'zh' : 'en'];
      ctx.out(`${state.padEnd(zh ? 4 : 12)}  ${rule.prefix}  → ${rule.path} (${version}${rule.exclusive ? (zh ? ',独占子规则' : ', exclusive') : ''})${rule.debugUrls.length ? `  ${zh ? '测试链接' : 'test links'} ${rule.debugUrls.length}` : ''}`);
    }
    ctx.out(zh ? `本月还可发布 ${listed.publishQuotaLeft} 次` : `${listed.publishQuotaLeft} publishes left this month`);
    return 0;
  },
};

export const jumpRuleCommand: Command = {
  name: 'jump-rule',
  summary: { en: 'Add, edit, publish or delete a Mini Program jump rule; save its verification file', 'zh-CN': '添加、修改、发布或删除小程序跳转规则;保存校验文件' },
  usage: [
    'qrpack jump-rule add --prefix URL --path PAGE --open-version develop|trial|release [--exclusive] [--debug-url URL]... [--edit]',
    'qrpack jump-rule verify-file --out DIR',
    'qrpack jump-rule publish --prefix URL',
    'qrpack jump-rule delete --prefix URL',
    '  --prefix URL          the http(s) URL prefix of the codes, on a domain the brand owns',
    '  --path PAGE           the Mini Program page the codes open, e.g. pages/product/index (no query)',
    '  --open-version V      which version opens for developers/testers: develop, trial or release',
    '  --exclusive           no other rule may claim a longer prefix under this one',
    '  --debug-url URL       a test link (up to 5), starting with the prefix',
    '  --edit                change the existing, unpublished rule of the prefix',
    '  --out DIR             where to save the verification file (host it at the root of the prefix\'s domain)',
    WECHAT_USAGE,
    'Every change is recorded in the actions audit (qrpack actions).',
  ].join('\n'),
  options: {
    ...WECHAT_OPTIONS,
    prefix: { type: 'string' },
    path: { type: 'string' },
    'open-version': { type: 'string' },
    exclusive: { type: 'boolean' },
    'debug-url': { type: 'string', multiple: true },
    edit: { type: 'boolean' },
    out: { type: 'string' },
  },
  async run(ctx, values, positionals) {
    const sub = positionals[0];
    const zh = ctx.language === 'zh-CN';
    if (sub !== 'add' && sub !== 'verify-file' && sub !== 'publish' && sub !== 'delete') {
      throw new UsageError({
        en: `jump-rule: add, verify-file, publish or delete${sub ? `, not "${excerpt(sub)}"` : ''}; see qrpack help jump-rule`,
        'zh-CN': `jump-rule:须为 add、verify-file、publish 或 delete${sub ? `,而不是 "${excerpt(sub)}"` : ''};见 qrpack help jump-rule`,
      });
    }
    if (sub === 'add') {
      const openVersion = values['open-version'];
      if (typeof openVersion !== 'string' || !(OPEN_VERSIONS as readonly string[]).includes(openVersion)) {
        throw new UsageError({
          en: `--open-version: develop, trial or release${openVersion === undefined ? '' : `, not "${excerpt(openVersion)}"`}`,
          'zh-CN': `--open-version:须为 develop(开发版)、trial(体验版)或 release(正式版)${openVersion === undefined ? '' : `,而不是 "${excerpt(openVersion)}"`}`,
        });
      }
      const rule = {
        prefix: prefixOption(values.prefix, sub),
        path: typeof values.path === 'string' ? values.path : '',
        openVersion: openVersion as OpenVersion,
        exclusive: values.exclusive === true,
        debugUrls: (values['debug-url'] as string[] | undefined) ?? [],
      };
      const { app, accountId } = await resolveCliAccount(ctx, values);
      await app.jumpRules.save(accountId, await app.wechatFor(accountId), rule, values.edit === true);
      ctx.out(zh ? `已${values.edit ? '修改' : '添加'}规则 ${rule.prefix}(未发布)` : `rule ${rule.prefix} ${values.edit ? 'changed' : 'added'} (unpublished)`);
      return 0;
    }
    if (sub === 'verify-file') {
      if (typeof values.out !== 'string' || !values.out) throw new UsageError({ en: 'jump-rule verify-file: --out DIR is required', 'zh-CN': 'jump-rule verify-file:缺少 --out 文件夹' });
      const dir = path.resolve(values.out);
      if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
        throw new UsageError({ en: `--out: no such folder ${excerpt(dir, 200)}`, 'zh-CN': `--out:文件夹不存在 ${excerpt(dir, 200)}` });
      }
      const { app, accountId } = await resolveCliAccount(ctx, values);
      const file = await app.jumpRules.verificationFile(await app.wechatFor(accountId));
      const target = path.join(dir, path.basename(file.fileName));
      const outputs = new OutputFiles();
      try {
        fs.writeFileSync(outputs.partFor(target), file.fileContent);
        outputs.commit();
      } catch (error) {
        outputs.discard();
        throw error;
      }
      ctx.out(target);
      ctx.err(
        zh
          ? `请把 ${path.basename(target)} 放在前缀所在域名的根目录(例如 https://你的域名/${path.basename(target)}),再添加规则。`
          : `Host ${path.basename(target)} at the root of the prefix's domain (e.g. https://your.domain/${path.basename(target)}) before adding the rule.`,
      );
      return 0;
    }
    const prefix = prefixOption(values.prefix, sub);
    const { app, accountId } = await resolveCliAccount(ctx, values);
    const client = await app.wechatFor(accountId);
    if (sub === 'publish') {
      await app.jumpRules.publish(accountId, client, prefix);
      ctx.out(zh ? `已发布规则 ${prefix}` : `rule ${prefix} published`);
    } else {
      await app.jumpRules.delete(accountId, client, prefix);
      ctx.out(zh ? `已删除规则 ${prefix}` : `rule ${prefix} deleted`);
    }
    return 0;
  },
};
