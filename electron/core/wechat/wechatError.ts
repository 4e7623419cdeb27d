import { AppError } from '../appError';
import { errcodeInfo, type ErrorCategory } from './errorTable';

/** WeChat refused (or could not be reached): carries the errcode, its category and the what-to-do. */
export class WechatError extends AppError {
  readonly category: ErrorCategory;

  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    /** The API path, for logs (never the query string: it carries the token). */
    readonly apiPath: string,
    /** For an error QR Pack retried on its own: how often it tried, over how long, before giving up. */
    readonly gaveUp?: { tries: number; overMs: number },
  ) {
    const info = errcodeInfo(errcode, errmsg);
    // Once the retries are spent, "QR Pack retries on its own" is no longer true: say what was done.
    const action = gaveUp
      ? {
          en: `QR Pack tried ${gaveUp.tries} times over ${Math.max(1, Math.round(gaveUp.overMs / 1000))} s without an answer and stopped; nothing is lost — try again (resume) when WeChat answers.`,
          'zh-CN': `QR Pack 在 ${Math.max(1, Math.round(gaveUp.overMs / 1000))} 秒内尝试了 ${gaveUp.tries} 次均无应答,已停止;没有任何数据丢失——微信恢复应答后请重试(继续)。`,
        }
      : info.action;
    super(
      'wechat',
      {
        en: `${info.message.en} ${action.en}`,
        'zh-CN': `${info.message['zh-CN']}${action['zh-CN']}`,
      },
      { errcode },
    );
    this.name = 'WechatError';
    this.category = info.category;
  }
}

/** A request refused before sending because it breaks a documented limit. */
export class RequestCheckError extends WechatError {}

/** Errors raised before a call's request left this computer (no access token, no connection). */
const notSent = new WeakSet<object>();

/** Marks an error as raised before its request was sent: WeChat cannot have acted on that call. */
export function markNotSent<E>(error: E): E {
  if (typeof error === 'object' && error !== null) notSent.add(error);
  return error;
}

/** Whether WeChat cannot have received the call that failed with this error. */
export const wasNotSent = (error: unknown): boolean => typeof error === 'object' && error !== null && notSent.has(error);
