/** A refusal the sandbox answers as WeChat would: `{errcode, errmsg}` with HTTP 200. */
export class SandboxError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`${errcode} ${errmsg}`);
  }
}

export const fail = (errcode: number, errmsg: string): never => {
  throw new SandboxError(errcode, errmsg);
};

/** Reads a field of a JSON body as the given type, or refuses with WeChat's "invalid args". */
export function field<T>(body: Record<string, unknown>, name: string, check: (value: unknown) => value is T, errcode = 40097): T {
  const value = body[name];
  if (!check(value)) fail(errcode, `invalid ${name}`);
  return value as T;
}

export const isString = (value: unknown): value is string => typeof value === 'string';
export const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
export const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');
export const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
