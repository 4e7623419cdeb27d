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
  ) {
    const info = errcodeInfo(errcode, errmsg);
    super(
      'wechat',
      {
        en: `${info.message.en} ${info.action.en}`,
        'zh-CN': `${info.message['zh-CN']}${info.action['zh-CN']}`,
      },
      { errcode },
    );
    this.name = 'WechatError';
    this.category = info.category;
  }
}

/** A request refused before sending because it breaks a documented limit. */
export class RequestCheckError extends WechatError {}
