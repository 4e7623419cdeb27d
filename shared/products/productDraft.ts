/**
 * The product page (seed 001's brand_info) as the editor holds it, and back. An edit changes only
 * what the user changed: every field the editor does not know — in any section, in any action or
 * module — is carried over from the page as it was read, and an update sends only the sections
 * that changed (WeChat updates base_info, detail_info, action_info and module_info independently).
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface LinkAction {
  /** The action as read (unknown fields kept); null for one added in the editor. */
  original: JsonObject | null;
  name: string;
  link: string;
  image: string;
  /** Shown as the page's banner (showtype "banner") rather than as a row. */
  banner: boolean;
}

export type ActionDraft =
  | ({ type: 'link' } & LinkAction)
  | { type: 'user'; original: JsonObject | null; appid: string }
  | { type: 'text'; original: JsonObject | null; text: string }
  /** An action type the editor does not edit (a card, a Mini Program…): kept as it is. */
  | { type: 'other'; original: JsonObject };

export interface ProductDraft {
  title: string;
  thumbUrl: string;
  brandTag: string;
  categoryId: string;
  retailPrice: string;
  storeMgrType: string;
  storeVendorIds: string[];
  color: string;
  banners: string[];
  details: { title: string; desc: string }[];
  actions: ActionDraft[];
  antiFake: boolean;
  /** The anti-fake module drawn by WeChat itself (native_show "true") rather than by the page. */
  antiFakeNative: boolean;
}

const SECTIONS = ['base_info', 'detail_info', 'action_info', 'module_info'] as const;
type Section = (typeof SECTIONS)[number];

const objectOf = (value: unknown): JsonObject => (value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {});
const listOf = (value: unknown): JsonObject[] => (Array.isArray(value) ? value.filter((v) => v && typeof v === 'object' && !Array.isArray(v)) as JsonObject[] : []);
const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

export function draftFrom(info: unknown): ProductDraft {
  const page = objectOf(info);
  const base = objectOf(page.base_info);
  const detail = objectOf(page.detail_info);
  const antiFake = listOf(objectOf(page.module_info).module_list).find((m) => m.type === 'anti_fake');
  return {
    title: text(base.title),
    thumbUrl: text(base.thumb_url),
    brandTag: text(base.brand_tag),
    categoryId: text(base.category_id),
    retailPrice: text(base.retail_price),
    storeMgrType: text(base.store_mgr_type),
    storeVendorIds: Array.isArray(base.store_vendorid_list) ? base.store_vendorid_list.map(text) : [],
    color: text(base.color),
    banners: listOf(detail.banner_list).map((b) => text(b.link)),
    details: listOf(detail.detail_list).map((d) => ({ title: text(d.title), desc: text(d.desc) })),
    actions: listOf(objectOf(page.action_info).action_list).map((a): ActionDraft => {
      if (a.type === 'link') return { type: 'link', original: a, name: text(a.name), link: text(a.link), image: text(a.image), banner: a.showtype === 'banner' };
      if (a.type === 'user') return { type: 'user', original: a, appid: text(a.appid) };
      if (a.type === 'text') return { type: 'text', original: a, text: text(a.text) };
      return { type: 'other', original: a };
    }),
    antiFake: Boolean(antiFake),
    antiFakeNative: antiFake ? antiFake.native_show !== 'false' : true,
  };
}

/**
 * Sets a field the editor shows. Left empty, a field that was empty (or absent) stays exactly as it
 * was read; one the user emptied is removed.
 */
function put(target: JsonObject, key: string, value: Json | undefined): void {
  if (value === undefined || value === '') {
    if (text(target[key]) !== '') delete target[key];
  } else target[key] = value;
}

/** The whole page for `draft`, built over `original` (the page as read; {} for a new product). */
export function brandInfoFrom(draft: ProductDraft, original: unknown = {}): JsonObject {
  const page: JsonObject = structuredClone(objectOf(original));
  const base: JsonObject = { ...objectOf(page.base_info) };
  // The status is WeChat's to say (modstatus), never part of an edit.
  delete base.status;
  put(base, 'title', draft.title);
  put(base, 'thumb_url', draft.thumbUrl);
  put(base, 'brand_tag', draft.brandTag);
  const category = draft.categoryId.trim();
  put(base, 'category_id', category === '' ? undefined : /^\d+$/.test(category) ? Number(category) : category);
  put(base, 'retail_price', draft.retailPrice);
  put(base, 'store_mgr_type', draft.storeMgrType);
  if (draft.storeVendorIds.length || 'store_vendorid_list' in base) base.store_vendorid_list = draft.storeVendorIds;
  put(base, 'color', draft.color);
  page.base_info = base;

  const detail: JsonObject = { ...objectOf(page.detail_info) };
  const oldBanners = listOf(detail.banner_list);
  if (draft.banners.length || 'banner_list' in detail) detail.banner_list = draft.banners.map((link, i) => ({ ...(oldBanners[i] ?? {}), link }));
  const oldDetails = listOf(detail.detail_list);
  if (draft.details.length || 'detail_list' in detail) detail.detail_list = draft.details.map((d, i) => ({ ...(oldDetails[i] ?? {}), title: d.title, desc: d.desc }));
  if (Object.keys(detail).length || 'detail_info' in page) page.detail_info = detail;

  const actionInfo: JsonObject = { ...objectOf(page.action_info) };
  const actions = draft.actions.map((a): JsonObject => {
    if (a.type === 'other') return a.original;
    const kept: JsonObject = { ...(a.original ?? {}), type: a.type };
    if (a.type === 'link') {
      put(kept, 'name', a.name);
      kept.link = a.link;
      put(kept, 'image', a.image);
      if (a.banner) kept.showtype = 'banner';
      else if (kept.showtype === 'banner') delete kept.showtype;
    } else if (a.type === 'user') kept.appid = a.appid;
    else kept.text = a.text;
    return kept;
  });
  if (actions.length || 'action_list' in actionInfo) actionInfo.action_list = actions;
  if (Object.keys(actionInfo).length || 'action_info' in page) page.action_info = actionInfo;

  const moduleInfo: JsonObject = { ...objectOf(page.module_info) };
  const modules = listOf(moduleInfo.module_list);
  const oldAntiFake = modules.find((m) => m.type === 'anti_fake');
  const others = modules.filter((m) => m.type !== 'anti_fake');
  const antiFake: JsonObject[] = draft.antiFake ? [{ ...(oldAntiFake ?? {}), type: 'anti_fake', native_show: draft.antiFakeNative ? 'true' : 'false' }] : [];
  // The anti-fake module keeps its place among the others.
  const at = oldAntiFake ? modules.indexOf(oldAntiFake) : others.length;
  const nextModules = [...others.slice(0, at), ...antiFake, ...others.slice(at)];
  if (nextModules.length || 'module_list' in moduleInfo) moduleInfo.module_list = nextModules;
  if (Object.keys(moduleInfo).length || 'module_info' in page) page.module_info = moduleInfo;
  return page;
}

/** What an update sends: the sections that differ from the page as read (the rest untouched). */
export function changedSections(draft: ProductDraft, original: unknown): JsonObject {
  const next = brandInfoFrom(draft, original);
  const before = objectOf(original);
  const beforeBase = { ...objectOf(before.base_info) };
  delete beforeBase.status;
  const was: Record<Section, Json | undefined> = { base_info: beforeBase, detail_info: before.detail_info, action_info: before.action_info, module_info: before.module_info };
  const changed: JsonObject = {};
  for (const section of SECTIONS) {
    if (next[section] !== undefined && JSON.stringify(next[section]) !== JSON.stringify(was[section] ?? undefined)) changed[section] = next[section]!;
  }
  return changed;
}
