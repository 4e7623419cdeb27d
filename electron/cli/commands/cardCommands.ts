import { MAX_CODES_PER_BATCH } from '../../core/issuing/batchPlan';
import { LANDING_SCENES, type LandingScene } from '../../core/wechat/cardApi';
import { runBatchToEnd, runOptions, EXIT_STOPPED } from '../batchRunner';
import { resolveCliAccount, WECHAT_OPTIONS, WECHAT_USAGE } from '../cliAccount';
import { UsageError, type Command } from '../command';
import { setWhitelistPrintingChange } from '../whitelistChange';
import { batchNameOption, excerpt, optionalWholeNumber, wholeNumberOption } from '../optionValues';
import type { CliContext } from '../command';
import type { QrPackApp } from '../../core/app';
import type { CardInfo } from '../../core/wechat/cardApi';
import { DEPOSIT_CODE_MODE } from '../../../shared/cards/cardCode';
import { counted } from '../../../shared/text';
import { PLAN_OPTIONS, sourceOptions } from './issueCommand';
import { databaseUrl } from './ledgerCommands';
import { openLedgerDatabase } from '../../core/ledger/ledgerDatabase';
import { PgVerdictLedger } from '../../core/ledger/pgVerdictLedger';

/** A repeatable option given at most once here. */
function onlyOne(name: string, value: unknown): string | undefined {
  const list = (value as string[] | undefined) ?? [];
  if (list.length > 1) throw new UsageError({ en: `--${name} is given once here (got ${list.length})`, 'zh-CN': `--${name} 在此只能给出一次(收到 ${list.length} 个)` });
  return list[0];
}

export const cardCommand: Command = {
  name: 'card',
  summary: { en: "Card codes: deposit a card's custom codes, set its mode and stock, a card QR code per code, previews", 'zh-CN': '卡券码:导入自定义 code,设置模式与库存,为每个 code 生成卡券二维码,预览' },
  usage: [
    "qrpack card deposit --card-id ID (--pattern 'C{seq:8}' --start N --count N [--step N] | --csv FILE [--column NAME])",
    "qrpack card issue --card-id ID (--pattern P --start N --count N | --csv FILE [--column NAME]) [--outer-str S] [--outer-id N] [--unique-code] [--openid ID] [--expire-seconds N]",
    'qrpack card multiple --card-id ID --card-id ID... [--code ID=CODE]... [--outer-str S] [--outer-id N] [--name NAME]',
    'qrpack card landing-page --title T --banner URL --scene SCENE (--card-id ID --thumb URL)... [--share] [--name NAME]',
    'qrpack card whitelist [--openid ID]... [--username NAME]...   (replaces the whole card test whitelist)',
    'qrpack card claims [--card-id ID] [--database URL] [--json]   (claims, uses and deletions per print run, from qrpack serve)',
    'qrpack card stock --card-id ID (--increase N | --reduce N)   (card/modifystock; audited)',
    'qrpack card deposit-mode --card-id ID   (card/update: get_custom_code_mode DEPOSIT; audited)',
    'qrpack card html --card-id ID   (card/mpnews/gethtml: the card as an article embeds it, sanitised)',
    'qrpack card preview --card-id ID (--openid ID | --wxname WECHAT_ID)   (to one tester\'s phone; audited)',
    '  --card-id ID          the card (卡券) whose codes these are; for multiple, 2 to 5 cards in one code',
    `  --pattern/--csv       the codes (at most 20 printable ASCII characters each, as seed 002 gives code; ${MAX_CODES_PER_BATCH.toLocaleString('en')} a batch at most)`,
    '  --outer-str S         tags this print run in the brand\'s channel statistics (at most 128 characters)',
    '  --outer-id N          the integer channel number seed 002 keeps beside outer_str',
    '  --code ID=CODE        multiple: the code of a card that uses custom codes (not deposited)',
    '  --unique-code         each code can be received once (is_unique_code)',
    '  --openid ID           only this user can receive the codes (issue); for whitelist, a tester',
    '  --wxname WECHAT_ID    preview: the tester by WeChat ID instead of --openid',
    '  --increase/--reduce N stock: by how much, 1 to 100000000',
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
    'stock: WeChat hands out a deposit-mode card only up to its stock, which may not exceed the codes',
    'deposited; after a deposit, card deposit prints the change that brings the stock to that number.',
    'deposit-mode: for a custom-code card made before deposits; refused while its stock is above the',
    'codes deposited (reduce it first). preview: message/mass/preview with msgtype wxcard.',
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
    json: { type: 'boolean' },
    database: { type: 'string' },
    code: { type: 'string', multiple: true },
    'outer-id': { type: 'string' },
    increase: { type: 'string' },
    reduce: { type: 'string' },
    wxname: { type: 'string' },
  },
  async run(ctx, values, positionals) {
    const sub = positionals[0];
    const zh = ctx.language === 'zh-CN';
    if (!sub || !(CARD_SUBCOMMANDS as readonly string[]).includes(sub)) {
      throw new UsageError({
        en: `card: ${CARD_SUBCOMMANDS.join(', ')}${sub ? `, not "${excerpt(sub)}"` : ''}; see qrpack help card`,
        'zh-CN': `card:须为 ${CARD_SUBCOMMANDS.join('、')} 之一${sub ? `,而不是 "${excerpt(sub)}"` : ''};见 qrpack help card`,
      });
    }
    const cardIds = (values['card-id'] as string[] | undefined) ?? [];
    if (sub === 'claims') return printCardClaims(ctx, onlyOne('card-id', values['card-id']), values);
    if (sub === 'stock' || sub === 'deposit-mode' || sub === 'html' || sub === 'preview') return runCardTool(ctx, sub, values, cardIds);
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
        throw new UsageError({ en: `card landing-page: one --thumb URL per --card-id (${counted(cardIds.length, 'card')}, ${counted(thumbs.length, 'thumb')})`, 'zh-CN': `card landing-page:每个 --card-id 需要一个 --thumb 网址(卡券 ${cardIds.length} 张,缩略图 ${thumbs.length} 个)` });
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
      const codes = cardCodes(values.code, cardIds);
      const batch = await app.cardBatches.planMultipleCardQr(accountId, await app.wechatFor(accountId), {
        cards: cardIds.map((cardId) => ({ cardId, code: codes.get(cardId) })),
        name,
        options: { outerStr: values['outer-str'] as string | undefined, outerId: optionalWholeNumber('outer-id', values['outer-id'], { min: 0, max: Number.MAX_SAFE_INTEGER }), expireSeconds: optionalWholeNumber('expire-seconds', values['expire-seconds'], { min: 60, max: 1800 }) },
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
        options: { outerStr: values['outer-str'] as string | undefined, outerId: optionalWholeNumber('outer-id', values['outer-id'], { min: 0, max: Number.MAX_SAFE_INTEGER }), uniqueCode: values['unique-code'] === true, openid: onlyOne('openid', values.openid), expireSeconds },
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
    if (report.matches) await printStockAdvice(ctx, app, accountId, cardId);
    return report.matches ? 0 : EXIT_STOPPED;
  },
};

/**
 * Claims, gifts, uses and deletions per print run, as `qrpack serve` recorded WeChat's card events:
 * from the code log, or (--database) the shared ledger, where a print run is its card and outer_str.
 */
async function printCardClaims(ctx: CliContext, cardId: string | undefined, values: Record<string, unknown>): Promise<number> {
  const url = databaseUrl(ctx, values.database, false);
  let rows;
  if (url) {
    const ledger = await openLedgerDatabase(url);
    try {
      rows = await new PgVerdictLedger(ledger).claims(cardId);
    } finally {
      await ledger.close();
    }
  } else rows = ctx.openApp().verdicts.cardEvents.claims(cardId);
  if (values.json === true) return ctx.out(JSON.stringify(rows, null, 2)), 0;
  const zh = ctx.language === 'zh-CN';
  if (!rows.length) {
    ctx.out(zh ? '尚无卡券事件(由 qrpack serve 记录微信推送的领取、核销、删除)。' : 'No card events yet (qrpack serve records the claims, uses and deletions WeChat pushes).');
    return 0;
  }
  for (const r of rows) {
    const run = r.batchId === null ? (zh ? '(非本日志批次)' : '(no batch of this log)') : `${zh ? '批次' : 'batch'} ${r.batchId} ${r.batchName ?? ''}`.trim();
    ctx.out(
      zh
        ? `${run}  ${r.cardId}  outer_str=${r.outerStr || '-'}  领取 ${r.claims},转赠领取 ${r.gifts},核销 ${r.consumed},删除 ${r.deleted}`
        : `${run}  ${r.cardId}  outer_str=${r.outerStr || '-'}  ${r.claims} claimed, ${r.gifts} received as gifts, ${r.consumed} used, ${r.deleted} deleted`,
    );
  }
  return 0;
}
const CARD_SUBCOMMANDS = ['deposit', 'issue', 'multiple', 'landing-page', 'whitelist', 'stock', 'deposit-mode', 'html', 'preview', 'claims'] as const;

/** --code ID=CODE, once per card that takes a code; every ID among the --card-id given. */
function cardCodes(value: unknown, cardIds: string[]): Map<string, string> {
  const codes = new Map<string, string>();
  for (const item of (value as string[] | undefined) ?? []) {
    const at = item.indexOf('=');
    const cardId = at > 0 ? item.slice(0, at) : '';
    if (!cardIds.includes(cardId) || codes.has(cardId)) {
      throw new UsageError({
        en: `--code "${excerpt(item)}": give CARD_ID=CODE, once per card, for a card given with --card-id`,
        'zh-CN': `--code "${excerpt(item)}":须为 卡券ID=CODE,每张卡券一次,且该卡券已用 --card-id 给出`,
      });
    }
    codes.set(cardId, item.slice(at + 1));
  }
  return codes;
}

const modeText = (card: CardInfo, zh: boolean) =>
  card.codeMode === DEPOSIT_CODE_MODE ? (zh ? '预存 code' : 'deposit') : card.useCustomCode ? (zh ? '自定义 code' : 'custom codes') : zh ? '微信生成 code' : "WeChat's codes";

/** After a reconciled deposit: the stock against the codes deposited, and the command that matches them. */
async function printStockAdvice(ctx: CliContext, app: QrPackApp, accountId: string, cardId: string): Promise<void> {
  const zh = ctx.language === 'zh-CN';
  const plan = await app.cards.stockPlan(accountId, await app.wechatFor(accountId), cardId);
  if (!plan.change) return ctx.out(zh ? `库存:${plan.stock},与已导入的 code 数相同,可以领取` : `stock: ${plan.stock}, equal to the codes deposited: claimable`);
  const option = 'increase' in plan.change ? `--increase ${plan.change.increase}` : `--reduce ${plan.change.reduce}`;
  ctx.out(
    zh
      ? `库存:${plan.stock},已导入 ${plan.deposited} 个 code;使它们可以领取:qrpack card stock --card-id ${cardId} ${option}`
      : `stock: ${plan.stock}, ${counted(plan.deposited, 'code')} deposited; to make them claimable: qrpack card stock --card-id ${cardId} ${option}`,
  );
}

/** card stock / deposit-mode / html / preview: one card, one call (or two), no batch. */
async function runCardTool(ctx: CliContext, sub: 'stock' | 'deposit-mode' | 'html' | 'preview', values: Record<string, unknown>, cardIds: string[]): Promise<number> {
  const zh = ctx.language === 'zh-CN';
  if (cardIds.length !== 1) throw new UsageError({ en: `card ${sub}: one --card-id ID is required`, 'zh-CN': `card ${sub}:须给出一个 --card-id` });
  const cardId = cardIds[0]!;
  let change: { increase: number } | { reduce: number } | undefined;
  if (sub === 'stock') {
    if ((values.increase === undefined) === (values.reduce === undefined)) {
      throw new UsageError({ en: 'card stock: give --increase N or --reduce N (one of them)', 'zh-CN': 'card stock:须给出 --increase N 或 --reduce N(二者之一)' });
    }
    const range = { min: 1, max: 100_000_000 };
    change = values.increase !== undefined ? { increase: wholeNumberOption('increase', values.increase, range) } : { reduce: wholeNumberOption('reduce', values.reduce, range) };
  }
  let target: { openid: string } | { wxname: string } | undefined;
  if (sub === 'preview') {
    const openids = (values.openid as string[] | undefined) ?? [];
    const wxname = values.wxname as string | undefined;
    if (openids.length + (wxname === undefined ? 0 : 1) !== 1) {
      throw new UsageError({ en: 'card preview: give one tester, --openid ID or --wxname WECHAT_ID', 'zh-CN': 'card preview:须给出一位测试者,--openid ID 或 --wxname 微信号' });
    }
    target = wxname === undefined ? { openid: openids[0]! } : { wxname };
  }
  const { app, accountId } = await resolveCliAccount(ctx, values as Parameters<typeof resolveCliAccount>[1]);
  const client = await app.wechatFor(accountId);
  if (sub === 'html') {
    ctx.out(await app.cardTools.mpnewsPreview(client, cardId));
    return 0;
  }
  if (sub === 'preview') {
    const sent = await app.cards.preview(accountId, client, cardId, target!);
    ctx.out(zh ? `已发送卡券预览(msg_id ${sent.msgId})` : `card preview sent (msg_id ${sent.msgId})`);
    return 0;
  }
  const card = sub === 'stock' ? await app.cards.modifyStock(accountId, client, cardId, change!) : await app.cards.setDepositMode(accountId, client, cardId);
  ctx.out(zh ? `卡券 ${card.cardId}:${modeText(card, zh)},库存 ${card.stock}` : `card ${card.cardId}: ${modeText(card, zh)}, stock ${card.stock}`);
  return 0;
}

export const cardsCommand: Command = {
  name: 'cards',
  summary: { en: "List the account's cards (卡券): title, type, code mode, stock", 'zh-CN': '列出账号的卡券:标题、类型、code 模式、库存' },
  usage: [
    'qrpack cards [--json] [WeChat options]',
    WECHAT_USAGE,
    'Reads every card afresh (card/batchget, then card/get per card) and keeps them on this computer',
    'for the card forms. Columns: card_id, type, mode (deposit | custom codes | WeChat\'s codes), stock, title.',
  ].join('\n'),
  options: { ...WECHAT_OPTIONS, json: { type: 'boolean' } },
  async run(ctx, values) {
    const zh = ctx.language === 'zh-CN';
    const { app, accountId } = await resolveCliAccount(ctx, values);
    const cards = await app.cards.list(accountId, await app.wechatFor(accountId));
    if (values.json) return ctx.out(JSON.stringify(cards, null, 2)), 0;
    if (!cards.length) return ctx.out(zh ? '此账号没有卡券' : 'no cards in this account'), 0;
    for (const card of cards) ctx.out([card.cardId, card.cardType, modeText(card, zh), String(card.stock), card.title].join('\t'));
    return 0;
  },
};
