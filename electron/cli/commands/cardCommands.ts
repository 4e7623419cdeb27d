import { MAX_CODES_PER_BATCH } from '../../core/issuing/batchPlan';
import { LANDING_SCENES, type LandingScene } from '../../core/wechat/cardApi';
import { runBatchToEnd, runOptions, EXIT_STOPPED } from '../batchRunner';
import { resolveCliAccount, WECHAT_OPTIONS, WECHAT_USAGE } from '../cliAccount';
import { UsageError, type Command } from '../command';
import { setWhitelistPrintingChange } from '../whitelistChange';
import { batchNameOption, excerpt, optionalWholeNumber } from '../optionValues';
import { PLAN_OPTIONS, sourceOptions } from './issueCommand';

/** A repeatable option given at most once here. */
function onlyOne(name: string, value: unknown): string | undefined {
  const list = (value as string[] | undefined) ?? [];
  if (list.length > 1) throw new UsageError({ en: `--${name} is given once here (got ${list.length})`, 'zh-CN': `--${name} 在此只能给出一次(收到 ${list.length} 个)` });
  return list[0];
}

export const cardCommand: Command = {
  name: 'card',
  summary: { en: "Deposit a card's custom codes, and make a card QR code per code", 'zh-CN': '导入卡券自定义 code,并为每个 code 生成卡券二维码' },
  usage: [
    "qrpack card deposit --card-id ID (--pattern 'C{seq:8}' --start N --count N [--step N] | --csv FILE [--column NAME])",
    "qrpack card issue --card-id ID (--pattern P --start N --count N | --csv FILE [--column NAME]) [--outer-str S] [--unique-code] [--openid ID] [--expire-seconds N]",
    'qrpack card multiple --card-id ID --card-id ID... [--outer-str S] [--name NAME]',
    'qrpack card landing-page --title T --banner URL --scene SCENE (--card-id ID --thumb URL)... [--share] [--name NAME]',
    'qrpack card whitelist [--openid ID]... [--username NAME]...   (replaces the whole card test whitelist)',
    '  --card-id ID          the card (卡券) whose codes these are; for multiple, 2 to 5 cards in one code',
    `  --pattern/--csv       the codes (at most 128 printable ASCII characters each; ${MAX_CODES_PER_BATCH.toLocaleString('en')} a batch at most)`,
    '  --outer-str S         tags this print run in the brand\'s channel statistics',
    '  --unique-code         each code can be received once (is_unique_code)',
    '  --openid ID           only this user can receive the codes (issue); for whitelist, a tester',
    '  --expire-seconds N    60–1800; leave it out for codes valid 365 days (packaging)',
    '  --concurrency N / --rate N / --name NAME   as for qrpack issue',
    WECHAT_USAGE,
    'deposit: the codes are checked and stored whole, sent 100 a call, each answer stored as it',
    'arrives; a kill loses nothing (run the same command again, or qrpack resume ID). At the end',
    'the log is reconciled with getdepositcount and checkcode; exit 0 only when every code is',
    'deposited and WeChat agrees. issue: prints "batch ID"; codes never deposited for a card the log',
    'has deposits for are refused before any call; export with qrpack export ID. multiple: one',
    'QR_MULTIPLE_CARD code for a shelf or display label, as a one-code batch. landing-page: creates',
    `the page (scene: ${LANDING_SCENES.join(', ')}) as a one-code batch whose url prints as the code.`,
    'whitelist: prints what changed against the list last saved from QR Pack; audited.',
  ].join('\n'),
  options: {
    ...WECHAT_OPTIONS,
    ...PLAN_OPTIONS,
    'card-id': { type: 'string', multiple: true },
    'outer-str': { type: 'string' },
    'unique-code': { type: 'boolean' },
    'expire-seconds': { type: 'string' },
    title: { type: 'string' },
    banner: { type: 'string' },
    scene: { type: 'string' },
    thumb: { type: 'string', multiple: true },
    share: { type: 'boolean' },
    openid: { type: 'string', multiple: true },
    username: { type: 'string', multiple: true },
  },
  async run(ctx, values, positionals) {
    const sub = positionals[0];
    const zh = ctx.language === 'zh-CN';
    if (sub !== 'deposit' && sub !== 'issue' && sub !== 'multiple' && sub !== 'landing-page' && sub !== 'whitelist') {
      throw new UsageError({
        en: `card: deposit, issue, multiple, landing-page or whitelist${sub ? `, not "${excerpt(sub)}"` : ''}; see qrpack help card`,
        'zh-CN': `card:须为 deposit、issue、multiple、landing-page 或 whitelist${sub ? `,而不是 "${excerpt(sub)}"` : ''};见 qrpack help card`,
      });
    }
    const cardIds = (values['card-id'] as string[] | undefined) ?? [];
    // Every option is checked before anything is planned: a refused run leaves no batch behind.
    const name = batchNameOption(values.name);
    runOptions(values);
    if (sub === 'whitelist') {
      const openids = (values.openid as string[] | undefined) ?? [];
      const usernames = (values.username as string[] | undefined) ?? [];
      return setWhitelistPrintingChange(ctx, { ...(await resolveCliAccount(ctx, values)), kind: 'setCardTestWhitelist' }, openids, usernames);
    }
    if (sub === 'landing-page') {
      const thumbs = (values.thumb as string[] | undefined) ?? [];
      if (thumbs.length !== cardIds.length) {
        throw new UsageError({ en: `card landing-page: one --thumb URL per --card-id (${cardIds.length} card(s), ${thumbs.length} thumb(s))`, 'zh-CN': `card landing-page:每个 --card-id 需要一个 --thumb 网址(卡券 ${cardIds.length} 张,缩略图 ${thumbs.length} 个)` });
      }
      const { app, accountId } = await resolveCliAccount(ctx, values);
      const batch = await app.cardBatches.planLandingPage(accountId, await app.wechatFor(accountId), {
        name,
        page: {
          banner: String(values.banner ?? ''),
          page_title: String(values.title ?? ''),
          can_share: values.share === true,
          scene: String(values.scene ?? '') as LandingScene,
          card_list: cardIds.map((cardId, i) => ({ card_id: cardId, thumb_url: thumbs[i]! })),
        },
      });
      ctx.out(`batch ${batch.id}`);
      return runBatchToEnd(ctx, app, batch.id, values);
    }
    if (sub === 'multiple') {
      const { app, accountId } = await resolveCliAccount(ctx, values);
      const batch = await app.cardBatches.planMultipleCardQr(accountId, await app.wechatFor(accountId), {
        cardIds,
        name,
        options: { outerStr: values['outer-str'] as string | undefined, expireSeconds: optionalWholeNumber('expire-seconds', values['expire-seconds'], { min: 60, max: 1800 }) },
      });
      ctx.out(`batch ${batch.id}`);
      return runBatchToEnd(ctx, app, batch.id, values);
    }
    if (cardIds.length !== 1) throw new UsageError({ en: `card ${sub}: one --card-id ID is required`, 'zh-CN': `card ${sub}:须给出一个 --card-id` });
    const cardId = cardIds[0]!;
    if (sub === 'deposit') {
      for (const option of ['outer-str', 'unique-code', 'expire-seconds'] as const) {
        if (values[option] !== undefined) throw new UsageError({ en: `--${option} is for card issue, not deposit`, 'zh-CN': `--${option} 用于 card issue,不用于 deposit` });
      }
    }
    const source = sourceOptions(values);
    const { app, accountId } = await resolveCliAccount(ctx, values, undefined, values.csv === '-');
    const client = await app.wechatFor(accountId);
    if (sub === 'issue') {
      const expireSeconds = optionalWholeNumber('expire-seconds', values['expire-seconds'], { min: 60, max: 1800 });
      const batch = await app.cardBatches.planCardQr(accountId, client, {
        cardId,
        name,
        source,
        options: { outerStr: values['outer-str'] as string | undefined, uniqueCode: values['unique-code'] === true, openid: onlyOne('openid', values.openid), expireSeconds },
      });
      ctx.out(`batch ${batch.id}`);
      return runBatchToEnd(ctx, app, batch.id, values);
    }
    const batch = await app.cardBatches.planDeposit(accountId, client, { cardId, name, source });
    ctx.out(`batch ${batch.id}`);
    if (batch.state === 'done') ctx.err(zh ? `这些 code 已由批次 ${batch.id} 导入` : `these codes were deposited by batch ${batch.id}`);
    else if (batch.state !== 'planned') ctx.err(zh ? `继续未完成的导入批次 ${batch.id}` : `resuming the unfinished deposit, batch ${batch.id}`);
    const code = await runBatchToEnd(ctx, app, batch.id, values);
    if (code !== 0) return code;
    const report = await app.cardBatches.reconcileDeposit(accountId, client, cardId);
    ctx.out(
      zh
        ? `核对:微信记录 ${report.wechatCount} 个,日志中已导入 ${report.loggedCount} 个,查无 ${report.missing.length} 个`
        : `reconciled: WeChat holds ${report.wechatCount}, the log has ${report.loggedCount} deposited, ${report.missing.length} not found by checkcode`,
    );
    for (const missing of report.missing.slice(0, 20)) ctx.err(zh ? `微信查无此 code:${missing}` : `not found on WeChat: ${missing}`);
    if (report.wechatCount !== report.loggedCount) {
      ctx.err(
        zh
          ? `微信的数量与日志不一致(相差 ${report.wechatCount - report.loggedCount}):可能有在 QR Pack 之外导入的 code。`
          : `WeChat's count differs from the log's by ${report.wechatCount - report.loggedCount}: codes deposited outside QR Pack, or lost.`,
      );
    }
    return report.matches ? 0 : EXIT_STOPPED;
  },
};
