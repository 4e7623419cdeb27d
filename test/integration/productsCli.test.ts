import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { finished, spawnFastCli } from '../support/childProcess';
import { rawPost, testSandbox } from '../support/sandbox';
import { SEED_BRAND_INFO, SEED_PRODUCT_KEY } from '../support/seedProduct';
import { tempDir } from '../support/tempDir';
import Database from 'better-sqlite3';
import { testApp } from '../support/testApp';

const sandbox = await testSandbox();
const data = tempDir();
const files = tempDir();
const wechat = ['--appid', sandbox.appId, '--api-base', sandbox.url];
const KEY = { keystandard: 'ean13', keystr: '6901234567892' };
const name = `${KEY.keystandard}:${KEY.keystr}`;
const { status: _status, ...seedBase } = SEED_BRAND_INFO.base_info;

/** `qrpack ARGS` against the sandbox as an account given on the command line (its secret from the environment). */
const qrpack = (args: string[], lang = 'en') => finished(spawnFastCli(['--data', data, '--lang', lang, ...args, ...wechat], { QRPACK_APPSECRET: sandbox.secret }));
/** The actions audit of the data folder, oldest first. */
const auditKinds = () => {
  const db = new Database(path.join(data, 'qrpack.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT kind FROM actions ORDER BY id').pluck().all() as string[];
  } finally {
    db.close();
  }
};
const file = (fileName: string, content: unknown) => {
  const full = path.join(files, fileName);
  fs.writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content));
  return full;
};

test("product create/show/update: the seed's full product round-trips, and an update of one part keeps all others", async () => {
  const created = await qrpack(['product', 'create', '--file', file('seed.json', { ...KEY, brand_info: { ...SEED_BRAND_INFO, base_info: seedBase } })]);
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, new RegExp(`^${name} created \\(pid \\w+\\)`));
  const shown = await qrpack(['product', 'show', name, '--json']);
  assert.deepEqual(JSON.parse(shown.stdout), { ...KEY, brand_info: { ...SEED_BRAND_INFO, base_info: { ...seedBase, status: 'off' } } }, 'every field as the seed wrote it');

  const updated = await qrpack(['product', 'update', '--file', file('title.json', { ...KEY, brand_info: { module_info: { module_list: [{ type: 'anti_fake', native_show: 'false' }] } } })]);
  assert.equal(updated.code, 0, updated.stderr);
  const after = JSON.parse((await qrpack(['product', 'show', name, '--json'])).stdout).brand_info;
  assert.deepEqual(after.module_info, { module_list: [{ type: 'anti_fake', native_show: 'false' }] });
  assert.deepEqual([after.base_info.title, after.detail_info, after.action_info], [seedBase.title, SEED_BRAND_INFO.detail_info, SEED_BRAND_INFO.action_info], 'the parts not sent are kept (WeChat updates the four parts independently)');

  const text = await qrpack(['product', 'show', name]);
  assert.match(text.stdout, /title: 扫一扫动态主页demo/);
  assert.match(text.stdout, /action link: banner → http:\/\/mp\.weixin\.qq\.com \(banner\)/);
  assert.match(text.stdout, /action user: follow wx307e399609946068/);
  assert.match(text.stdout, /module: anti_fake native_show=false/);
});

test('products list, publish, unpublish under review refused, clear; all audited', async () => {
  const listed = await qrpack(['products']);
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, /^product +status +title\n/);
  assert.match(listed.stdout, new RegExp(`${name} +not published +扫一扫动态主页demo`));
  const published = await qrpack(['product', 'publish', name]);
  assert.equal(published.stdout.trim(), `${name} submitted for review`);
  const json = JSON.parse((await qrpack(['products', '--status', 'on', '--json'])).stdout) as { keystr: string }[];
  assert.ok(json.some((p) => p.keystr === KEY.keystr), 'reviewed at once in this sandbox (reviewDelayMs 0), so published');
  assert.equal((await qrpack(['product', 'unpublish', name])).stdout.trim(), `${name} unpublished`);
  const cleared = await qrpack(['--lang', 'zh-CN', 'product', 'clear', name]);
  assert.equal(cleared.stdout.trim(), `已清除 ${name}`);
  const gone = await qrpack(['product', 'show', name]);
  assert.equal(gone.code, 2);
  assert.match(gone.stderr, /The product does not exist/);
  assert.deepEqual(auditKinds(), ['createProduct', 'updateProduct', 'publishProduct', 'unpublishProduct', 'clearProduct']);
});

test('whitelist set prints the change; bad product files and keys are refused in both languages, nothing sent', async () => {
  const openid = 'oWhitelistTester000000000001';
  const set = await qrpack(['whitelist', 'set', '--openid', openid, '--username', 'tester_w']);
  assert.equal(set.stdout, `+ ${openid}\n+ tester_w\nproduct whitelist saved (2 testers)\n`);
  assert.deepEqual(sandbox.products.whitelistNow, { openid: [openid], username: ['tester_w'] });
  assert.equal((await qrpack(['whitelist', 'set', '--username', 'tester_w'])).stdout, `- ${openid}\nproduct whitelist saved (1 tester)\n`);

  const before = auditKinds();
  const cases: [string[], RegExp, RegExp][] = [
    [['whitelist', 'set', '--openid', 'not an openid!!'], /OpenID line 1: "not an openid!!" is not an OpenID/, /OpenID 第 1 行:"not an openid!!" 不是 OpenID/],
    [['product', 'create', '--file', file('broken.json', '{"keystandard": "ean13",\n "keystr": }')], /--file: .*broken\.json is not valid JSON/, /--file:.*broken\.json 不是有效的 JSON/],
    [['product', 'create', '--file', file('nokey.json', { brand_info: SEED_BRAND_INFO })], /nokey\.json: keystandard\/keystr: KEYSTANDARD:KEYSTR/, /nokey\.json: keystandard\/keystr:格式为/],
    [['product', 'create', '--file', file('notitle.json', { ...KEY, brand_info: { base_info: 'x' } })], /brand_info\.base_info is missing or not what WeChat documents/, /brand_info\.base_info 缺失或不符合微信文档/],
    [['product', 'show', 'ean13'], /product show: KEYSTANDARD:KEYSTR/, /product show:格式为/],
    [['product', 'rename', name], /product: show, create, update, publish, unpublish, clear, not "rename"/, /product:须为/],
    [['ticket', 'check'], /ticket: check TICKET/, /ticket:check TICKET/],
    [['ticket', 'check', 'not a ticket!'], /Give the wxticket, or the whole link URL/, /请给出 wxticket/],
    [['ticket', 'check', '-bm90'], /ticket: unknown option -b; see qrpack help ticket \(a value that begins with "-" goes after "--"\)/, /ticket:未知选项 -b;见 qrpack help ticket/],
    [['whitelist', 'set', '--openid'], /whitelist: --openid needs a value/, /whitelist:--openid 需要一个值/],
    [['whitelist', 'set', '--openid', '--username', 'x'], /whitelist: --openid needs a value, and "--username" looks like an option; a value that begins with "-" is written --openid=--username/, /whitelist:--openid 需要一个值,而 "--username" 像是一个选项/],
    [['ticket', 'check', 'x', '--json=yes'], /ticket: --json takes no value/, /ticket:--json 不带值/],
  ];
  for (const [args, en, zh] of cases) {
    for (const [lang, message] of [['en', en], ['zh-CN', zh]] as const) {
      const r = await qrpack(['--lang', lang, ...args]);
      assert.equal(r.code, 2, `${lang} ${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, `${lang} ${args.join(' ')}`);
      assert.doesNotMatch(r.stderr, /ZodError|at .*\.js|internal error/);
    }
  }
  assert.deepEqual(auditKinds(), before, 'nothing sent, nothing recorded');
});

test('ticket check: the scan behind a wxticket in plain words (from the ticket or the link URL); 61317 explained', async () => {
  const seedFile = file('seed-key.json', { ...SEED_PRODUCT_KEY, brand_info: { ...SEED_BRAND_INFO, base_info: seedBase } });
  assert.equal((await qrpack(['product', 'create', '--file', seedFile])).code, 0);
  await rawPost(sandbox, '/sandbox/scan', { ...SEED_PRODUCT_KEY, extinfo: 'LOT7-000001', openid: 'otAzGjrS4AYCmeJM1GhEOcHXXTAo' });
  const scan = await rawPost(sandbox, '/sandbox/scan', { ...SEED_PRODUCT_KEY, extinfo: 'LOT7-000002', openid: 'otAzGjrS4AYCmeJM1GhEOcHXXTAo' });
  const ticket = String(scan.ticket);
  const link = `http://p.url.cn/wxscandemo/landing?91ed=scan&wxkeystandard=ean13&wxkeystr=6900873042720&wxticket=${encodeURIComponent(ticket)}&wxextinfo=LOT7-000002`;
  const checked = await qrpack(['ticket', 'check', link]);
  assert.equal(checked.code, 0, checked.stderr);
  assert.equal(
    checked.stdout,
    ['product: ean13:6900873042720 · 扫一扫动态主页demo', 'extinfo: LOT7-000002', 'openid: otAzGjrS4AYCmeJM1GhEOcHXXTAo', 'opened: by scanning the code', 'code scanned before: no, this is its first scan', 'follows the official account: no', ''].join('\n'),
  );
  const zh = await qrpack(['ticket', 'check', ticket], 'zh-CN');
  assert.match(zh.stdout, /extinfo:—\(在链接中,不在 ticket 中\)/);
  assert.match(zh.stdout, /此码此前被扫描过:否/);
  const second = await rawPost(sandbox, '/sandbox/scan', { ...SEED_PRODUCT_KEY, extinfo: 'LOT7-000002', openid: 'oSecondScanner00000000000000' });
  assert.match((await qrpack(['ticket', 'check', String(second.ticket)])).stdout, /code scanned before: yes\nfollows the official account: no/);
  for (const args of [['bm90LWEtdGlja2V0'], ['--', '-bm90LWEtdGlja2V0']]) {
    const unknown = await qrpack(['ticket', 'check', ...args]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /WeChat does not know this wxticket: it expired \(a wxticket lasts 20 minutes after the scan\) or never existed/);
  }

  // The operation the Testers screen calls: the same answers (the screen's sandbox never issued this ticket).
  const app = testApp();
  const refused = await app.dispatch('checkTicket', { ticket: link });
  assert.ok(!refused.ok && refused.error.errcode === 61317 && /20 分钟/.test(refused.error.message['zh-CN']));
  const malformed = await app.dispatch('checkTicket', { ticket: 'https://brand.example/page?nothing=1' });
  assert.ok(!malformed.ok && malformed.error.code === 'invalid_argument');
});
