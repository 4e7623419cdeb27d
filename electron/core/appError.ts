import type { ErrorCode, WireError } from '../../shared/contract';
import type { LocalizedText } from '../../shared/text';

/** An error meant for the user: a code the UI can act on and a message in every UI language. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly text: LocalizedText,
    readonly extra: Pick<WireError, 'fields' | 'errcode'> = {},
  ) {
    super(text.en);
    this.name = 'AppError';
  }

  toWire(): WireError {
    return { code: this.code, message: this.text, ...this.extra };
  }
}

export const internalErrorText: LocalizedText = {
  en: 'Something went wrong inside QR Pack. The details are in the log file.',
  'zh-CN': 'QR Pack 内部出错,详情已写入日志文件。',
};
