import { counted } from '../../../shared/text';
import path from 'node:path';
import { APP_ID } from '../../../shared/account/accountDraft';
import { describeLedgerUrl, ledgerUrlProblem } from '../../core/ledger/ledgerDatabase';
import type { StationView } from '../../core/ledger/ledgerSync';
import { stationNameProblem } from '../../core/ledger/stationIdentity';
import type { LedgerPushReport } from '../../core/ledger/ledgerPush';
import { EXIT_STOPPED } from '../batchRunner';
import { UsageError, type CliContext, type Command } from '../command';
import { batchIdArgument, excerpt } from '../optionValues';

/** How many refused codes a push prints (--json lists them all). */
const PRINTED_CONFLICTS = 20;

export const DATABASE_USAGE = '  --database URL      postgres://USER@HOST:PORT/DATABASE, the shared ledger (default $QRPACK_DATABASE; password from PGPASSWORD)';

/** --database, else $QRPACK_DATABASE (which keeps a password out of the process list); undefined when neither. */
export function databaseUrl(ctx: CliContext, value: unknown, required: boolean): string | undefined {
  const url = typeof value === 'string' ? value : ctx.env.QRPACK_DATABASE || undefined;
  if (url === undefined) {
    if (!required) return undefined;
    throw new UsageError({ en: '--database URL: the shared ledger, postgres://USER@HOST:PORT/DATABASE (or set QRPACK_DATABASE)', 'zh-CN': '--database URL:共享账本,形如 postgres://用户@主机:端口/数据库(或设置 QRPACK_DATABASE)' });
  }
  const problem = ledgerUrlProblem(url);
  if (problem) throw new UsageError(problem);
  return url;
}

function printReport(ctx: CliContext, report: LedgerPushReport, where: string): number {
  const zh = ctx.language === 'zh-CN';
  const n = (value: number) => value.toLocaleString('en');
  ctx.out(
    zh
      ? `已向 ${where} 推送 ${n(report.codes)} 个码:新增 ${n(report.added)},更新 ${n(report.updated)},未变 ${n(report.unchanged)},拒绝 ${n(report.refused)}`
      : `${counted(report.codes, 'code')} pushed to ${where}: ${n(report.added)} added, ${n(report.updated)} updated, ${n(report.unchanged)} unchanged, ${n(report.refused)} refused`,
  );
  ctx.out(zh ? `(站点"${report.station}"的第 ${report.seq} 号,签名已核对)` : `(number ${report.seq} of station "${report.station}", its signature checked)`);
  if (report.refused === 0) return 0;
  ctx.out(zh ? '以下码已由其他站点以不同内容持有,被拒绝:' : 'Refused — another station holds these codes for the same product with different content:');
  for (const c of report.conflicts.slice(0, PRINTED_CONFLICTS)) ctx.out(`  ${c.keystandard}:${c.keystr}/${c.extinfo}  ${zh ? '持有站点' : 'held by'} ${c.heldBy}`);
  const more = report.refused - Math.min(PRINTED_CONFLICTS, report.conflicts.length);
  if (more > 0) ctx.out(zh ? `  …… 另有 ${n(more)} 个(--json 可列出全部)` : `  … and ${n(more)} more (--json lists them)`);
  return EXIT_STOPPED;
}

function printStation(ctx: CliContext, station: StationView): void {
  const zh = ctx.language === 'zh-CN';
  ctx.out(zh ? `站点:${station.name}` : `Station: ${station.name}`);
  ctx.out(zh ? `编号:${station.id}` : `Id: ${station.id}`);
  ctx.out(zh ? `密钥指纹:${station.fingerprint}` : `Key fingerprint: ${station.fingerprint}`);
}

function stationName(value: unknown): string {
  const problem = typeof value === 'string' ? stationNameProblem(value) : '1–40 characters';
  if (problem) {
    throw new UsageError({ en: `--name: the station's name, ${problem} (got "${excerpt(value)}"), e.g. --name "Shop A, line 2"`, 'zh-CN': `--name:站点名称,${problem === 'no control characters' ? '不得含控制字符' : '1–40 个字符'}(收到 "${excerpt(value)}"),例如 --name "A 厂 2 号线"` });
  }
  return String(value);
}

function appIdOption(value: unknown, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || !APP_ID.test(value)) {
    throw new UsageError({ en: `--appid: an AppID, wx and 16 hex digits (got "${excerpt(value)}")`, 'zh-CN': `--appid:AppID,wx 加 16 位十六进制数字(收到 "${excerpt(value)}")` });
  }
  return value;
}

export const ledgerCommand: Command = {
  name: 'ledger',
  summary: { en: "Send this station's codes to the shared ledger (PostgreSQL), signed, directly or by file", 'zh-CN': '将本站点的码签名后发送到共享账本(PostgreSQL),直接或经文件' },
  usage: [
    'qrpack ledger station [--name NAME | --new --name NAME | --moved]',
    'qrpack ledger push --database URL [--appid ID] [--batch ID] [--json]',
    'qrpack ledger export FILE [--appid ID] [--batch ID]',
    'qrpack ledger import FILE --database URL [--json]',
    "The brand's administrator:",
    'qrpack ledger init --database URL --appid ID',
    'qrpack ledger enrol LINE --database URL [--replace]',
    DATABASE_USAGE,
    '  --name NAME         the station\'s name, 1–40 characters people recognise ("Shop A, line 2")',
    '  --new               this data folder is a copy: make it a station of its own (new id and key)',
    '  --moved             this data folder was moved: it stays the same station',
    '  --appid ID          push, export: the codes of this account (default: the active one);',
    '                      init: the one AppID the ledger serves',
    '  --batch ID          only this batch (default: every product code of the account)',
    '  --replace           enrol: a new key for a station enrolled before (its folder was lost)',
    '  --json              print the report as JSON, every refused code listed',
    'station: this station\'s name, id, key fingerprint and the line that enrols it; the print shop',
    'sends that line to the brand\'s administrator, who checks the fingerprint with the shop by phone',
    'and runs ledger enrol. push: the account\'s issued product codes and their activation, signed',
    'with the station\'s key, numbered; pushing again after activating or after a cut-off push. A',
    'code another station holds with different content is refused and listed (exit 3). export: the',
    'same codes on a signed file for a print shop with no network; import it where the ledger can be',
    'reached (the whole file is checked first). Refused with exit 2, changing nothing: another AppID',
    '(the sandbox\'s included), a station not enrolled, a signature that is not the enrolled key\'s,',
    'a push or file older than one the ledger has applied for that station (or the same one again).',
  ].join('\n'),
  options: {
    database: { type: 'string' },
    batch: { type: 'string' },
    json: { type: 'boolean' },
    appid: { type: 'string' },
    name: { type: 'string' },
    new: { type: 'boolean' },
    moved: { type: 'boolean' },
    replace: { type: 'boolean' },
  },
  async run(ctx, values, positionals) {
    const [sub, file] = positionals;
    const zh = ctx.language === 'zh-CN';
    const batchId = values.batch === undefined ? undefined : batchIdArgument('--batch', values.batch, '--batch 12');
    if (sub === 'station') {
      if (values.new && values.moved) throw new UsageError({ en: '--new or --moved, not both', 'zh-CN': '--new 与 --moved 只能选一个' });
      if (values.new && values.name === undefined) throw new UsageError({ en: '--new: give the new station its own name too, e.g. --new --name "Shop A, line 3"', 'zh-CN': '--new:请同时为新站点起名,例如 --new --name "A 厂 3 号线"' });
      const name = values.name === undefined ? undefined : stationName(values.name);
      const identity = ctx.openApp().ledger.identity;
      if (values.new) identity.renew();
      if (values.moved) identity.moved();
      if (name !== undefined) identity.setName(name);
      const station = ctx.openApp().ledger.station();
      printStation(ctx, station);
      ctx.out(zh ? '发给品牌方管理员以登记本站点(qrpack ledger enrol):' : "To enrol this station, send the brand's administrator this line (qrpack ledger enrol):");
      ctx.out(station.enrolmentLine);
      return 0;
    }
    if (sub === 'init') {
      const url = databaseUrl(ctx, values.database, true)!;
      const appid = appIdOption(values.appid, true)!;
      const outcome = await ctx.openApp().ledger.init(url, appid);
      const where = describeLedgerUrl(url);
      ctx.out(outcome === 'created' ? (zh ? `账本 ${where} 现服务于 AppID ${appid}` : `The ledger ${where} now serves AppID ${appid}.`) : zh ? `账本 ${where} 已服务于 AppID ${appid},未作更改` : `The ledger ${where} serves AppID ${appid} already; nothing changed.`);
      return 0;
    }
    if (sub === 'enrol') {
      if (!file) throw new UsageError({ en: 'ledger enrol: give the line the station printed, e.g. qrpack ledger enrol qrpack-station:…', 'zh-CN': 'ledger enrol:请给出站点显示的登记行,例如 qrpack ledger enrol qrpack-station:…' });
      const url = databaseUrl(ctx, values.database, true)!;
      const enrolled = await ctx.openApp().ledger.enrol(url, file, values.replace === true);
      printStation(ctx, enrolled);
      const where = describeLedgerUrl(url);
      const said = {
        enrolled: zh ? `已在 ${where} 登记。请与印刷厂电话核对上面的密钥指纹。` : `Enrolled in ${where}. Check the key fingerprint above with the print shop by phone.`,
        replaced: zh ? `已在 ${where} 更换该站点的密钥;旧密钥签名的内容不再被接受。` : `Its key in ${where} is replaced; what the old key signs is no longer accepted.`,
        already: zh ? `已在 ${where} 以此密钥登记,未作更改。` : `Enrolled in ${where} with this key already; nothing changed.`,
      };
      ctx.out(said[enrolled.outcome]);
      return 0;
    }
    const appid = appIdOption(values.appid, false);
    if (sub === 'push') {
      const url = databaseUrl(ctx, values.database, true)!;
      const report = await ctx.openApp().ledger.push(url, { appid, batchId });
      if (values.json) return ctx.out(JSON.stringify(report, null, 2)), report.refused ? EXIT_STOPPED : 0;
      return printReport(ctx, report, describeLedgerUrl(url));
    }
    if (sub === 'export' || sub === 'import') {
      if (!file) throw new UsageError({ en: `ledger ${sub}: give the file, e.g. qrpack ledger ${sub} shop-a.qrledger`, 'zh-CN': `ledger ${sub}:请给出文件,例如 qrpack ledger ${sub} shop-a.qrledger` });
      const full = path.resolve(file);
      if (sub === 'export') {
        const count = await ctx.openApp().ledger.exportFile(full, { appid, batchId });
        ctx.out(zh ? `已将 ${count.toLocaleString('en')} 个码写入 ${full}(已签名)` : `${counted(count, 'code')} written to ${full}, signed`);
        return 0;
      }
      const url = databaseUrl(ctx, values.database, true)!;
      const report = await ctx.openApp().ledger.importFile(full, url);
      if (values.json) return ctx.out(JSON.stringify(report, null, 2)), report.refused ? EXIT_STOPPED : 0;
      ctx.out(zh ? `文件来自站点 ${report.station},导出于 ${report.file.exportedAt},校验和与签名无误` : `The file is from station ${report.station}, exported ${report.file.exportedAt}; its checksum and signature match.`);
      return printReport(ctx, report, describeLedgerUrl(url));
    }
    throw new UsageError({ en: 'ledger: station, push, export FILE, import FILE, init or enrol LINE; see qrpack help ledger', 'zh-CN': 'ledger:station、push、export 文件、import 文件、init 或 enrol 登记行;见 qrpack help ledger' });
  },
};
