import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { SANDBOX_DEMO_CARD_ID } from '../../shared/cards/cardCode';
import { runFastCli } from '../support/childProcess';
import { tempDir } from '../support/tempDir';

const qrpack = (data: string, args: string[]) => runFastCli(['--data', data, ...args]);

test('qrpack card on the sandbox account: deposit, issue, landing page, whitelist, and bad input refused in both languages', () => {
  const data = tempDir();
  const deposit = qrpack(data, ['card', 'deposit', '--card-id', SANDBOX_DEMO_CARD_ID, '--pattern', 'C{seq:6}', '--count', '250']);
  assert.equal(deposit.status, 0, deposit.stderr);
  assert.match(deposit.stdout, /batch 1 done: 250 deposited, 0 failed[\s\S]*reconciled: WeChat holds 250, the log has 250 deposited, 0 not found/);
  const again = qrpack(data, ['card', 'deposit', '--card-id', SANDBOX_DEMO_CARD_ID, '--pattern', 'C{seq:6}', '--count', '250']);
  assert.equal(again.status, 0, 'the same deposit again is the one done');
  assert.match(again.stderr, /these codes were deposited by batch 1/);

  const issued = qrpack(data, ['card', 'issue', '--card-id', SANDBOX_DEMO_CARD_ID, '--pattern', 'C{seq:6}', '--count', '100', '--outer-str', 'run-1']);
  assert.equal(issued.status, 0, issued.stderr);
  assert.match(issued.stdout, /^batch 2\n[\s\S]*batch 2 done: 100 issued/);
  const out = path.join(tempDir(), 'cards.pdf');
  const exported = qrpack(data, ['export', '2', '--stock', 'avery-l7651', '--out', out, '--verify', 'full']);
  assert.equal(exported.status, 0, exported.stderr);
  assert.match(exported.stdout, /verified: 100 labels decoded one by one, 0 failed/);
  assert.equal(qrpack(data, ['export', '1', '--stock', 'avery-l7651', '--out', path.join(tempDir(), 'd.pdf')]).status, 2, 'a deposit prints nothing');

  const landing = qrpack(data, ['card', 'landing-page', '--title', '新品券', '--banner', 'https://img.example/b.png', '--scene', 'SCENE_QRCODE', '--card-id', SANDBOX_DEMO_CARD_ID, '--thumb', 'https://img.example/t.png']);
  assert.equal(landing.status, 0, landing.stderr);
  const log = qrpack(data, ['log', '--batch', '3', '--csv']).stdout.trim().split('\n');
  assert.match(log[1]!, /,card-landing,landing,page-1,http:\/\/127\.0\.0\.1:\d+\/sandbox\/landing\/1,/);

  const [oA, oB] = ['oCardTesterA000000000000000A', 'oCardTesterB000000000000000B'];
  const listed = qrpack(data, ['card', 'whitelist', '--openid', oA, '--openid', oB, '--username', 'alice_w']);
  assert.equal(listed.stdout, `+ ${oA}\n+ ${oB}\n+ alice_w\ncard whitelist saved (3 testers)\n`);
  assert.equal(qrpack(data, ['card', 'whitelist', '--openid', oA]).stdout, `- ${oB}\n- alice_w\ncard whitelist saved (1 tester)\n`);
  const odd = qrpack(data, ['card', 'whitelist', '--openid', 'oA']);
  assert.equal(odd.status, 2);
  assert.match(odd.stderr, /OpenID line 1: "oA" is not an OpenID/);

  const codeFile = path.join(tempDir(), 'codes.txt');
  fs.writeFileSync(codeFile, `${'x'.repeat(35)}\nok-1\n`);
  const bad: [string[], RegExp, RegExp][] = [
    [['card', 'deposit', '--card-id', 'pNoSuchCard', '--pattern', 'N{seq:4}', '--count', '3'], /The card does not exist/, /卡券不存在/],
    [['card', 'deposit', '--card-id', SANDBOX_DEMO_CARD_ID, '--csv', codeFile], /1 × longer than 20 characters: line 1/, /超过 20 个字符/],
    [['card', 'deposit', '--card-id', SANDBOX_DEMO_CARD_ID, '--pattern', 'C{seq:6}', '--start', '200', '--count', '100'], /51 codes were already deposited for the card .* by another batch/, /已由其他批次导入/],
    [['card', 'issue', '--card-id', SANDBOX_DEMO_CARD_ID, '--pattern', 'Z{seq:6}', '--count', '3'], /3 codes were never deposited/, /从未导入/],
    [['card', 'issue', '--card-id', SANDBOX_DEMO_CARD_ID, '--pattern', 'C{seq:6}', '--start', '200', '--count', '3', '--expire-seconds', '3600'], /--expire-seconds: a whole number from 60 to 1800/, /--expire-seconds/],
    [['card', 'multiple', ...['a', 'b', 'c', 'd', 'e', 'f'].flatMap((c) => ['--card-id', `p${c}`])], /2 to 5 different cards \(6 given\)/, /2 到 5 张/],
    [['card', 'landing-page', '--title', 'T', '--banner', 'https://b.example/b.png', '--scene', 'SCENE_MOON', '--card-id', SANDBOX_DEMO_CARD_ID, '--thumb', 'https://b.example/t.png'], /scene: one of SCENE_NEAR_BY/, /scene:须为/],
  ];
  const batchesBefore = qrpack(data, ['batches', '--json']).stdout;
  for (const [args, en, zh] of bad) {
    const english = qrpack(data, args);
    assert.equal(english.status, 2, args.join(' '));
    assert.match(english.stderr, en, args.join(' '));
    assert.match(qrpack(data, ['--lang', 'zh-CN', ...args]).stderr, zh, args.join(' '));
  }
  assert.equal(qrpack(data, ['batches', '--json']).stdout, batchesBefore, 'nothing written');
});

test('qrpack cards and card stock / deposit-mode / html / preview: from an empty card to a claimable stock, refusals in both languages', () => {
  const data = tempDir();
  const listed = qrpack(data, ['cards', '--json']);
  assert.equal(listed.status, 0, listed.stderr);
  assert.deepEqual(JSON.parse(listed.stdout), [
    { cardId: SANDBOX_DEMO_CARD_ID, cardType: 'GROUPON', title: '示例团购券 Demo deal', status: 'CARD_STATUS_VERIFY_OK', useCustomCode: true, codeMode: 'GET_CUSTOM_CODE_MODE_DEPOSIT', stock: 0 },
  ]);
  assert.equal(qrpack(data, ['cards']).stdout, `${SANDBOX_DEMO_CARD_ID}\tGROUPON\tdeposit\t0\t示例团购券 Demo deal\n`);

  const deposit = qrpack(data, ['card', 'deposit', '--card-id', SANDBOX_DEMO_CARD_ID, '--pattern', 'S{seq:6}', '--count', '40']);
  assert.equal(deposit.status, 0, deposit.stderr);
  assert.match(deposit.stdout, new RegExp(`stock: 0, 40 codes deposited; to make them claimable: qrpack card stock --card-id ${SANDBOX_DEMO_CARD_ID} --increase 40\n$`));
  const raised = qrpack(data, ['card', 'stock', '--card-id', SANDBOX_DEMO_CARD_ID, '--increase', '40']);
  assert.equal(raised.stdout, `card ${SANDBOX_DEMO_CARD_ID}: deposit, stock 40\n`);
  const over = qrpack(data, ['card', 'stock', '--card-id', SANDBOX_DEMO_CARD_ID, '--increase', '1']);
  assert.notEqual(over.status, 0);
  assert.match(over.stderr, /stock is not valid: below 0, or above the codes deposited/);
  assert.match(qrpack(data, ['--lang', 'zh-CN', 'card', 'stock', '--card-id', SANDBOX_DEMO_CARD_ID, '--reduce', '41']).stderr, /卡券库存不合法/);
  assert.equal(qrpack(data, ['card', 'deposit-mode', '--card-id', SANDBOX_DEMO_CARD_ID]).stdout, `card ${SANDBOX_DEMO_CARD_ID}: deposit, stock 40\n`, 'already in the mode: nothing changed');

  assert.match(qrpack(data, ['card', 'html', '--card-id', SANDBOX_DEMO_CARD_ID]).stdout, new RegExp(`^<iframe class="res_iframe card_iframe js_editor_card" data-src="[^"]*cardid=${SANDBOX_DEMO_CARD_ID}`));
  assert.match(qrpack(data, ['card', 'preview', '--card-id', SANDBOX_DEMO_CARD_ID, '--wxname', 'tester_li']).stdout, /^card preview sent \(msg_id \d+\)\n$/);
  assert.match(qrpack(data, ['card', 'preview', '--card-id', SANDBOX_DEMO_CARD_ID, '--openid', 'oTester000000000000000000001']).stdout, /card preview sent/);
  const audit = (JSON.parse(qrpack(data, ['actions', '--json']).stdout) as { kind: string; ok: boolean }[]).map((a) => `${a.kind} ${a.ok}`);
  for (const kind of ['modifyCardStock true', 'modifyCardStock false', 'previewCard true']) assert.ok(audit.includes(kind), `${kind} in the audit`);

  const bad: [string[], RegExp, RegExp][] = [
    [['card', 'stock', '--card-id', SANDBOX_DEMO_CARD_ID], /give --increase N or --reduce N/, /须给出 --increase N 或 --reduce N/],
    [['card', 'stock', '--card-id', SANDBOX_DEMO_CARD_ID, '--increase', '0'], /--increase/, /--increase/],
    [['card', 'stock', '--card-id', SANDBOX_DEMO_CARD_ID, '--increase', '2', '--reduce', '1'], /one of them/, /二者之一/],
    [['card', 'preview', '--card-id', SANDBOX_DEMO_CARD_ID], /give one tester, --openid ID or --wxname WECHAT_ID/, /须给出一位测试者/],
    [['card', 'preview', '--card-id', SANDBOX_DEMO_CARD_ID, '--openid', 'o1'], /"o1" is not an OpenID/, /不是 OpenID/],
    [['card', 'html'], /card html: one --card-id ID is required/, /须给出一个 --card-id/],
    [['card', 'multiple', '--card-id', SANDBOX_DEMO_CARD_ID, '--card-id', 'pOther', '--code', 'pThird=1'], /--code "pThird=1": give CARD_ID=CODE/, /卡券ID=CODE/],
    [['card', 'landing-page', '--title', 'T', '--banner', 'https://b.example/b.png', '--scene', 'SCENE_QRCODE', '--card-id', SANDBOX_DEMO_CARD_ID, '--thumb', 'not a url'], /thumb_url of .*an image address/, /thumb_url:须为图片地址/],
    [['card', 'issue', '--card-id', SANDBOX_DEMO_CARD_ID, '--pattern', 'S{seq:6}', '--count', '3', '--outer-str', 'x'.repeat(129)], /outer_str: at most 128/, /最多 128 个/],
  ];
  for (const [args, en, zh] of bad) {
    const english = qrpack(data, args);
    assert.equal(english.status, 2, `${args.join(' ')}: ${english.stderr}`);
    assert.match(english.stderr, en, args.join(' '));
    assert.match(qrpack(data, ['--lang', 'zh-CN', ...args]).stderr, zh, args.join(' '));
  }
  const landing = qrpack(data, ['card', 'landing-page', '--title', '惠城优惠大派送', '--banner', 'http://mmbiz.qpic.cn/b', '--scene', 'SCENE_NEAR_BY', '--card-id', SANDBOX_DEMO_CARD_ID, '--thumb', 'www.qq.com/a.jpg']);
  assert.equal(landing.status, 0, `the seed's own thumb_url: ${landing.stderr}`);
});
