import assert from 'node:assert/strict';
import { test } from 'node:test';
import { debugUrlProblem, jumpRuleProblems, pagePathProblem, prefixProblem, serialProblem } from '../../shared/jump/jumpRule';

test('a prefix is an http(s) URL on a domain name, with no port, user, fragment or space', () => {
  for (const good of ['https://qr.brand.com/p/', 'http://weixin.qq.com/qrcodejump', 'https://a.b.example/p?id=', 'https://中文.example/p/']) {
    assert.equal(prefixProblem(good), null, good);
  }
  const bad: [string, RegExp][] = [
    ['', /enter the URL prefix/],
    ['qr.brand.com/p/', /not an http/],
    ['ftp://qr.brand.com/', /not an http/],
    ['https://qr.brand.com/p /', /not an http/],
    ['https://192.168.0.1/p/', /domain name/],
    ['https://localhost/p/', /domain name/],
    ['https://qr.brand.com:8443/p/', /domain name/],
    ['https://user:pw@qr.brand.com/p/', /domain name/],
    ['https://qr.brand.com/p/#x', /fragment/],
    [`https://qr.brand.com/${'x'.repeat(200)}`, /at most 200 characters/],
  ];
  for (const [prefix, message] of bad) {
    const problem = prefixProblem(prefix);
    assert.match(problem?.en ?? '', message, prefix);
    assert.ok(problem!['zh-CN'].startsWith('前缀'), 'said in Chinese too');
  }
});

test('a page path has no query and no leading slash; test links start with the prefix; at most five', () => {
  assert.equal(pagePathProblem('pages/product/index'), null);
  assert.match(pagePathProblem('pages/index?id=1')!.en, /query/);
  assert.match(pagePathProblem('/pages/index')!.en, /not a page path/);
  assert.match(pagePathProblem('')!.en, /enter the page/);
  assert.equal(debugUrlProblem('https://q.example/p/T1', 'https://q.example/p/', 1), null);
  assert.match(debugUrlProblem('https://q.example/x/T1', 'https://q.example/p/', 2)!.en, /^Test link 2: .*does not start with the prefix/);
  const rule = { prefix: 'https://q.example/p/', path: 'pages/a', openVersion: 'release' as const, exclusive: false, debugUrls: Array.from({ length: 6 }, (_, i) => `https://q.example/p/${i}`) };
  assert.deepEqual(jumpRuleProblems(rule).map((p) => p.field), ['debugUrls']);
  assert.deepEqual(jumpRuleProblems({ ...rule, prefix: 'nope', path: 'a?b', debugUrls: [] }).map((p) => p.field), ['prefix', 'path']);
  assert.deepEqual(jumpRuleProblems({ ...rule, debugUrls: [] }), []);
});

test('a serial is 1–128 characters a URL carries as they are', () => {
  assert.equal(serialProblem('LOT7-000001'), null);
  assert.equal(serialProblem('a/b=c&d~e.f_g'), null);
  assert.equal(serialProblem(''), 'empty');
  assert.equal(serialProblem('A 1'), 'characters');
  assert.equal(serialProblem('中文'), 'characters');
  assert.equal(serialProblem('a?b'), 'characters');
  assert.equal(serialProblem('x'.repeat(129)), 'tooLong');
});
