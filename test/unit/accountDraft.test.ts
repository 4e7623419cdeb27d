import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountIssueText, validateAccountDraft, type AccountDraft } from '../../shared/account/accountDraft';
import { validDraft } from '../support/testApp';

const draft = validDraft;
const codes = (d: AccountDraft, hasSecret = false) => validateAccountDraft(d, hasSecret).map((i) => `${i.field}:${i.code}`);

test('a complete AppSecret account is valid', () => {
  assert.deepEqual(codes(draft()), []);
});

test('empty fields are each named', () => {
  assert.deepEqual(codes(draft({ name: ' ', appId: '', secret: '', apiBase: '' })), [
    'name:required',
    'appId:required',
    'secret:required',
    'apiBase:required',
  ]);
});

test('AppID and AppSecret formats are checked', () => {
  assert.deepEqual(codes(draft({ appId: 'wx123', secret: 'not-hex-at-all' })), ['appId:appIdFormat', 'secret:secretFormat']);
  assert.deepEqual(codes(draft({ appId: 'WX1234567890ABCDEF' })), []);
});

test('an edit may leave the stored secret in place', () => {
  assert.deepEqual(codes(draft({ secret: '' }), true), []);
});

test('a name over 40 characters is refused, counting CJK characters as one', () => {
  assert.deepEqual(codes(draft({ name: '品'.repeat(40) })), []);
  assert.deepEqual(codes(draft({ name: '品'.repeat(41) })), ['name:tooLong']);
});

test('token service accounts need an https URL; http only to this machine', () => {
  const service = (url: string) => codes(draft({ credentialKind: 'tokenService', secret: '', tokenServiceUrl: url }));
  assert.deepEqual(service('https://tokens.brand.example/wx'), []);
  assert.deepEqual(service('http://127.0.0.1:8080/token'), []);
  assert.deepEqual(service('http://tokens.brand.example/wx'), ['tokenServiceUrl:urlInsecure']);
  assert.deepEqual(service('ftp://x'), ['tokenServiceUrl:urlFormat']);
  assert.deepEqual(service('not a url'), ['tokenServiceUrl:urlFormat']);
  assert.deepEqual(service(''), ['tokenServiceUrl:required']);
});

test('every issue has a message in both languages', () => {
  const all = validateAccountDraft(draft({ name: '', appId: 'x', secret: 'y', apiBase: 'ftp://z' }), false);
  assert.ok(all.length >= 4);
  for (const issue of all) {
    const text = accountIssueText(issue);
    assert.ok(text.en.length > 5 && text['zh-CN'].length > 3, JSON.stringify(issue));
    assert.match(text['zh-CN'], /[\u4e00-\u9fff]/);
  }
});

test('choosing another kind of credential empties the secret; choosing the same keeps it', async () => {
  const { withCredentialKind } = await import('../../shared/account/accountDraft');
  const draft = { name: 'Brand', appId: 'wx1234567890abcdef', credentialKind: 'appSecret' as const, secret: 'typed-app-secret', tokenMode: 'stable' as const, tokenServiceUrl: '', apiBase: 'https://api.weixin.qq.com' };
  assert.equal(withCredentialKind(draft, 'tokenService').secret, '');
  assert.equal(withCredentialKind(draft, 'tokenService').credentialKind, 'tokenService');
  assert.equal(withCredentialKind(draft, 'appSecret').secret, 'typed-app-secret');
});
