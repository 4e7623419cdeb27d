import { AppError } from '../appError';
import { ledgerError, type LedgerDatabase } from './ledgerDatabase';
import { inTransaction } from './ledgerTransaction';
import { signedBy, type PushClaim } from './pushClaim';
import { fingerprintOf, type Station } from './stationIdentity';

const refused = (en: string, zh: string) => new AppError('conflict', { en: `${en} Nothing was changed.`, 'zh-CN': `${zh}未作任何更改。` });

/** The ledger's AppID; refused (plainly) when it was never set up. */
export function ledgerAppId(ledger: LedgerDatabase): string {
  if (ledger.appid) return ledger.appid;
  throw refused(
    `The ledger ${ledger.where} serves no AppID yet: the brand's administrator sets it up once with qrpack ledger init --database URL --appid wx….`,
    `账本 ${ledger.where} 尚未指定 AppID:请品牌方管理员先执行一次 qrpack ledger init --database URL --appid wx…。`,
  );
}

/** Names the one AppID the ledger serves; the same AppID again changes nothing. */
export async function initLedger(ledger: LedgerDatabase, appid: string): Promise<'created' | 'already'> {
  try {
    const { rowCount } = await ledger.pool.query('INSERT INTO ledger_identity (appid) VALUES ($1) ON CONFLICT DO NOTHING', [appid]);
    if (rowCount) return 'created';
    const serves = (await ledger.pool.query<{ appid: string }>('SELECT appid FROM ledger_identity')).rows[0]!.appid;
    if (serves === appid) return 'already';
    throw refused(`The ledger ${ledger.where} serves AppID ${serves}: one ledger serves one AppID; give ${appid} a database of its own.`, `账本 ${ledger.where} 服务于 AppID ${serves}:一个账本只服务一个 AppID;请为 ${appid} 另建数据库。`);
  } catch (error) {
    throw ledgerError(error, ledger.where);
  }
}

/**
 * Registers a station's public key, the step the brand's administrator confirms. A station keeps
 * its key: another key for an enrolled station (a lost data folder, or an impostor) needs `replace`.
 */
export async function enrolStation(ledger: LedgerDatabase, station: Station, replace: boolean): Promise<'enrolled' | 'already' | 'replaced'> {
  ledgerAppId(ledger);
  try {
    return await inTransaction(ledger.pool, async (client) => {
      const { rows } = await client.query<{ public_key: string | null }>('SELECT public_key FROM ledger_stations WHERE station = $1 FOR UPDATE', [station.id]);
      const enrolledKey = rows[0]?.public_key ?? null;
      if (enrolledKey === station.publicKey) return 'already';
      if (enrolledKey && !replace) {
        throw refused(
          `Station ${station.id} is enrolled already with another key (${fingerprintOf(enrolledKey)}; this line has ${fingerprintOf(station.publicKey)}). If the print shop really made a new key (a lost data folder), enrol it with --replace; otherwise this line is not from that station.`,
          `站点 ${station.id} 已用另一把密钥登记(${fingerprintOf(enrolledKey)};此行为 ${fingerprintOf(station.publicKey)})。如印刷厂确实生成了新密钥(数据文件夹丢失),请加 --replace 登记;否则此行并非来自该站点。`,
        );
      }
      const twin = await client.query<{ station: string }>('SELECT station FROM ledger_stations WHERE lower(name) = lower($1) AND station <> $2 AND public_key IS NOT NULL', [station.name, station.id]);
      if (twin.rowCount) {
        throw refused(`Another station is enrolled as "${station.name}": each station needs a name of its own (qrpack ledger station --name on the print shop's computer).`, `已有另一个站点以"${station.name}"登记:每个站点须有自己的名称(在印刷厂电脑上执行 qrpack ledger station --name)。`);
      }
      await client.query(
        `INSERT INTO ledger_stations (station, name, last_push, public_key, enrolled_at) VALUES ($1, $2, NULL, $3, now())
         ON CONFLICT (station) DO UPDATE SET name = EXCLUDED.name, public_key = EXCLUDED.public_key, enrolled_at = EXCLUDED.enrolled_at`,
        [station.id, station.name, station.publicKey],
      );
      return enrolledKey ? 'replaced' : 'enrolled';
    });
  } catch (error) {
    throw ledgerError(error, ledger.where);
  }
}

/**
 * Accepts a push or a file before any code is written: the ledger's AppID, a station enrolled
 * with the key that signed it, and a sequence newer than anything the ledger has applied for that
 * station. The same sequence again completes a push that was cut short; once complete it is refused.
 * Resolves to the station's name as enrolled.
 */
export async function acceptClaim(ledger: LedgerDatabase, claim: PushClaim, sandboxAppId: string): Promise<string> {
  const appid = ledgerAppId(ledger);
  const what = claim.kind === 'file' ? { en: 'This file', zh: '此文件' } : { en: 'This push', zh: '此次推送' };
  if (claim.appid !== appid) {
    if (claim.appid === sandboxAppId) {
      throw refused(
        `${what.en} holds the sandbox's codes (rehearsals WeChat never issued); the ledger ${ledger.where} serves AppID ${appid} only. Push the codes of that account: qrpack ledger push --appid ${appid}.`,
        `${what.zh}中是沙盒的码(演练用,并非微信签发);账本 ${ledger.where} 只服务 AppID ${appid}。请推送该账号的码:qrpack ledger push --appid ${appid}。`,
      );
    }
    throw refused(`${what.en} holds codes of AppID ${claim.appid}; the ledger ${ledger.where} serves AppID ${appid} only.`, `${what.zh}中是 AppID ${claim.appid} 的码;账本 ${ledger.where} 只服务 AppID ${appid}。`);
  }
  try {
    return await inTransaction(ledger.pool, async (client) => {
      const { rows } = await client.query<{ name: string; public_key: string | null }>('SELECT name, public_key FROM ledger_stations WHERE station = $1 FOR UPDATE', [claim.station]);
      const station = rows[0];
      if (!station?.public_key) {
        throw refused(
          `${what.en} is from station ${claim.station}, which is not enrolled in the ledger ${ledger.where}: on the print shop's computer run qrpack ledger station and send the line it prints to the brand's administrator, who enrols it with qrpack ledger enrol.`,
          `${what.zh}来自站点 ${claim.station},该站点未在账本 ${ledger.where} 登记:请在印刷厂电脑上执行 qrpack ledger station,把显示的登记行发给品牌方管理员,由其执行 qrpack ledger enrol。`,
        );
      }
      if (!signedBy(claim, station.public_key)) {
        throw refused(
          `${what.en} names station "${station.name}" but is not signed with the key enrolled for it: it was forged or altered after it was made, or comes from a copy of that station's data folder.`,
          `${what.zh}自称来自站点"${station.name}",但并非用该站点登记的密钥签名:它是伪造的、生成后被改动过,或来自该站点数据文件夹的副本。`,
        );
      }
      const last = (await client.query<{ seq: string; completed_at: Date | null }>('SELECT seq, completed_at FROM ledger_pushes WHERE station = $1 ORDER BY seq DESC LIMIT 1', [claim.station])).rows[0];
      const lastSeq = last ? Number(last.seq) : 0;
      if (claim.seq < lastSeq) {
        throw refused(
          `${what.en} is number ${claim.seq} of station "${station.name}"; the ledger has applied its number ${lastSeq} already: something older changes nothing (it would undo later activations).`,
          `${what.zh}是站点"${station.name}"的第 ${claim.seq} 号;账本已应用其第 ${lastSeq} 号:较旧的内容不作任何更改(否则会撤销之后的激活)。`,
        );
      }
      if (claim.seq === lastSeq && last!.completed_at) {
        throw refused(
          `${what.en} (number ${claim.seq} of station "${station.name}") was applied in full on ${last!.completed_at.toISOString()}; applying it again changes nothing.`,
          `${what.zh}(站点"${station.name}"的第 ${claim.seq} 号)已于 ${last!.completed_at.toISOString()} 完整应用;再次应用不作任何更改。`,
        );
      }
      if (claim.seq > lastSeq) {
        await client.query('INSERT INTO ledger_pushes (station, seq, kind, appid, sha256, signature) VALUES ($1, $2, $3, $4, $5, $6)', [claim.station, claim.seq, claim.kind, claim.appid, claim.sha256, claim.signature]);
      }
      await client.query('UPDATE ledger_stations SET last_push = now() WHERE station = $1', [claim.station]);
      return station.name;
    });
  } catch (error) {
    throw ledgerError(error, ledger.where);
  }
}

/** Marks a push or file applied in full: the same one again is refused from now on. */
export async function completeClaim(ledger: LedgerDatabase, claim: PushClaim, codes: number): Promise<void> {
  try {
    await ledger.pool.query('UPDATE ledger_pushes SET completed_at = now(), codes = $3 WHERE station = $1 AND seq = $2', [claim.station, claim.seq, codes]);
  } catch (error) {
    throw ledgerError(error, ledger.where);
  }
}
