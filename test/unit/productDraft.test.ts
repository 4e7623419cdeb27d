import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brandInfoFrom, changedSections, draftFrom } from '../../shared/products/productDraft';
import { SEED_BRAND_INFO } from '../support/seedProduct';

const withoutStatus = (info: typeof SEED_BRAND_INFO) => ({ ...info, base_info: Object.fromEntries(Object.entries(info.base_info).filter(([k]) => k !== 'status')) });

test("the seed's full product survives the editor unchanged: nothing to send", () => {
  const draft = draftFrom(SEED_BRAND_INFO);
  assert.equal(draft.actions.length, 5);
  assert.deepEqual(draft.actions.map((a) => a.type), ['link', 'link', 'link', 'user', 'text']);
  assert.equal(draft.banners.length, 3);
  assert.ok(draft.antiFake && draft.antiFakeNative);
  assert.deepEqual(brandInfoFrom(draft, SEED_BRAND_INFO), withoutStatus(SEED_BRAND_INFO));
  assert.deepEqual(changedSections(draft, SEED_BRAND_INFO), {});
});

test('an edit of one field sends its section only, every other field of it as read (unknown ones too)', () => {
  const page = structuredClone(SEED_BRAND_INFO) as typeof SEED_BRAND_INFO & Record<string, unknown>;
  (page.base_info as Record<string, unknown>).future_field = { kept: true };
  (page.action_info.action_list as Record<string, unknown>[]).splice(3, 0, { type: 'card', card_id: 'pCard', extra: 1 });
  (page.action_info.action_list[1] as Record<string, unknown>).custom = 'x';
  page.module_info.module_list.unshift({ type: 'other_module', native_show: 'maybe' } as never);

  const draft = draftFrom(page);
  draft.title = '山泉水 550ml';
  const sent = changedSections(draft, page);
  assert.deepEqual(Object.keys(sent), ['base_info']);
  assert.deepEqual(sent.base_info, { ...withoutStatus(SEED_BRAND_INFO).base_info, title: '山泉水 550ml', future_field: { kept: true } });

  const linkEdit = draftFrom(page);
  const second = linkEdit.actions[1]!;
  assert.equal(second.type, 'link');
  if (second.type === 'link') second.name = '新活动';
  const sentActions = changedSections(linkEdit, page);
  assert.deepEqual(Object.keys(sentActions), ['action_info']);
  const list = (sentActions.action_info as { action_list: Record<string, unknown>[] }).action_list;
  assert.equal(list.length, 6, 'every action sent, the card action the editor does not edit included');
  assert.deepEqual(list[1], { type: 'link', name: '新活动', link: 'http://p.url.cn/wxscan.php', custom: 'x' });
  assert.deepEqual(list[3], { type: 'card', card_id: 'pCard', extra: 1 });
  assert.deepEqual(list[0], SEED_BRAND_INFO.action_info.action_list[0], 'the banner link as it was');

  const modules = draftFrom(page);
  modules.antiFakeNative = false;
  assert.deepEqual(changedSections(modules, page).module_info, { module_list: [{ type: 'other_module', native_show: 'maybe' }, { type: 'anti_fake', native_show: 'false' }] });
});

test('a new product from the editor: only what was filled in; emptied fields removed, empty ones left alone', () => {
  const draft = draftFrom({});
  draft.title = 'Spring water';
  draft.details = [{ title: '产地', desc: '长白山' }];
  draft.actions = [{ type: 'link', original: null, name: 'Shop', link: 'https://shop.example/', image: '', banner: false }];
  draft.antiFake = true;
  assert.deepEqual(brandInfoFrom(draft), {
    base_info: { title: 'Spring water' },
    detail_info: { detail_list: [{ title: '产地', desc: '长白山' }] },
    action_info: { action_list: [{ type: 'link', name: 'Shop', link: 'https://shop.example/' }] },
    module_info: { module_list: [{ type: 'anti_fake', native_show: 'true' }] },
  });
  const cleared = draftFrom(SEED_BRAND_INFO);
  cleared.brandTag = '';
  cleared.banners = [];
  const sent = changedSections(cleared, SEED_BRAND_INFO);
  assert.ok(!('brand_tag' in (sent.base_info as object)));
  assert.deepEqual((sent.detail_info as { banner_list: unknown[] }).banner_list, []);
  assert.equal((sent.base_info as { retail_price: string }).retail_price, '0.00');
});
