import { z } from 'zod';
import { LANGUAGES } from '../text';
import { CREDENTIAL_KINDS, TOKEN_MODES } from '../account/accountDraft';
import type { EventName, MethodName } from './channels';

const nothing = z.strictObject({});
const language = z.enum(LANGUAGES);
const localizedText = z.strictObject({ en: z.string(), 'zh-CN': z.string() });

export const appInfoSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  dataDir: z.string(),
  schemaVersion: z.number().int(),
});

export const settingsSchema = z.strictObject({
  language,
  /** 'system' until the user picks one. */
  languageSource: z.enum(['saved', 'system']),
  activeAccountId: z.string(),
});

/** An account as the renderer sees it: metadata only, never a secret. */
export const accountViewSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(['sandbox', 'wechat']),
  name: z.string(),
  appId: z.string(),
  credentialKind: z.enum(CREDENTIAL_KINDS),
  tokenMode: z.enum(TOKEN_MODES),
  tokenServiceUrl: z.string(),
  apiBase: z.string(),
  /** Whether a secret is stored for it (never the secret). */
  hasSecret: z.boolean(),
  active: z.boolean(),
});

const shortText = z.string().max(2048);
export const accountDraftSchema = z.strictObject({
  id: z.string().max(64).optional(),
  name: shortText,
  appId: shortText,
  credentialKind: z.enum(CREDENTIAL_KINDS),
  secret: shortText,
  tokenMode: z.enum(TOKEN_MODES),
  tokenServiceUrl: shortText,
  apiBase: shortText,
});

const accountRef = z.strictObject({ id: z.string().min(1).max(64) });

/** Every operation: its argument and result schemas. Arguments are checked at both transports. */
export const contract = {
  getAppInfo: { args: nothing, result: appInfoSchema },
  getSettings: { args: nothing, result: settingsSchema },
  setLanguage: { args: z.strictObject({ language }), result: settingsSchema },
  listAccounts: { args: nothing, result: z.array(accountViewSchema) },
  saveAccount: { args: accountDraftSchema, result: accountViewSchema },
  selectAccount: { args: accountRef, result: settingsSchema },
  deleteAccount: { args: accountRef, result: z.strictObject({ deleted: z.boolean() }) },
  /** Fetches a token and lists one product: proves the credentials and the network work. */
  testConnection: {
    args: accountRef,
    result: z.strictObject({ latencyMs: z.number(), productCount: z.number().int(), apiBase: z.string() }),
  },
} satisfies Record<MethodName, { args: z.ZodType; result: z.ZodType }>;

export const events = {
  settingsChanged: settingsSchema,
  accountsChanged: z.array(accountViewSchema),
} satisfies Record<EventName, z.ZodType>;

export const ERROR_CODES = [
  'invalid_argument',
  'unknown_method',
  'not_found',
  'conflict',
  'forbidden',
  'store_too_new',
  'wechat',
  'internal',
] as const;

export const wireErrorSchema = z.strictObject({
  code: z.enum(ERROR_CODES),
  message: localizedText,
  /** Field-level problems of a form, by field name. */
  fields: z.array(z.strictObject({ field: z.string(), message: localizedText })).optional(),
  /** WeChat's errcode, when WeChat refused. */
  errcode: z.number().int().optional(),
});
