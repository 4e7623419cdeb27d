import type { WechatClient } from '../wechat/wechatClient';
import type { NewBatch } from './batchRepo';

/**
 * How a batch's codes are obtained: the one part of issuing that differs between code kinds
 * (DESIGN: code kinds, one pipeline). Plan checks, the store, ownership, progress, pause, cancel,
 * resume, export and audit are the same for every kind.
 */
export type CodeSource =
  /** One WeChat call per code, made by the issue engine. */
  | { local: false; obtain(client: WechatClient, extinfo: string): Promise<{ content: string; picUrl: string }> }
  /** Nothing to call: content = prefix + extinfo, written with the plan itself. */
  | { local: true; prefix: string };

export function codeSourceOf(batch: Pick<NewBatch, 'kind' | 'keystandard' | 'keystr' | 'qrcodeSizePx'>): CodeSource {
  if (batch.kind === 'jump') return { local: true, prefix: batch.keystr };
  const key = { keystandard: batch.keystandard, keystr: batch.keystr };
  return {
    local: false,
    async obtain(client, extinfo) {
      const reply = await client.scan.getQrcode(key, extinfo, batch.qrcodeSizePx);
      return { content: reply.qrcode_url, picUrl: reply.pic_url };
    },
  };
}
