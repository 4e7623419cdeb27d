import { quoted, type LocalizedText } from '../text';

/**
 * The product code standards WeChat's scan API takes, with what a code of each looks like:
 * barcodes are ASCII digits of a fixed length; a `qrcode` key is the brand's own identifier.
 */
export const KEY_STANDARDS: Record<string, { pattern: RegExp; en: string; zh: string; name: { en: string; zh: string } }> = {
  ean13: { pattern: /^[0-9]{13}$/, en: '13 digits', zh: '13 位数字', name: { en: 'An EAN-13 barcode (ean13)', zh: 'EAN-13 条码(ean13)' } },
  ean8: { pattern: /^[0-9]{8}$/, en: '8 digits', zh: '8 位数字', name: { en: 'An EAN-8 barcode (ean8)', zh: 'EAN-8 条码(ean8)' } },
  'upc-a': { pattern: /^[0-9]{12}$/, en: '12 digits', zh: '12 位数字', name: { en: 'A UPC-A barcode (upc-a)', zh: 'UPC-A 条码(upc-a)' } },
  'upc-e': { pattern: /^[0-9]{8}$/, en: '8 digits', zh: '8 位数字', name: { en: 'A UPC-E barcode (upc-e)', zh: 'UPC-E 条码(upc-e)' } },
  qrcode: { pattern: /^[A-Za-z0-9_-]{1,64}$/, en: '1–64 letters, digits, - or _', zh: '1–64 个字母、数字、- 或 _', name: { en: "A brand's own product code (qrcode)", zh: '品牌自有商品编码(qrcode)' } },
};

/** Whether a logged code's keystandard is a product's (not a jump prefix's or a card's space). */
export const isProductKeyStandard = (keystandard: string): boolean => Object.hasOwn(KEY_STANDARDS, keystandard);

/** "ean13:6900873042720" → its code standard and code; null when it is not of that form. */
export function parseProductKey(text: string): { keystandard: string; keystr: string } | null {
  const match = /^([a-z0-9-]+):(\S+)$/i.exec(text.trim());
  return match ? { keystandard: match[1]!.toLowerCase(), keystr: match[2]! } : null;
}

const shown = (value: string) => quoted(value, 30);

/** What is wrong with a product key, in both languages; null when WeChat would take it. */
export function productKeyProblem(key: { keystandard: string; keystr: string }): LocalizedText | null {
  const standard = KEY_STANDARDS[key.keystandard];
  const names = Object.keys(KEY_STANDARDS).join(', ');
  if (!standard) {
    return {
      en: `Unknown code standard ${shown(key.keystandard)}: use one of ${names}.`,
      'zh-CN': `未知的编码标准 ${shown(key.keystandard)}:请使用 ${names} 之一。`,
    };
  }
  if (!standard.pattern.test(key.keystr)) {
    return {
      en: `${standard.name.en} is ${standard.en}; ${shown(key.keystr)} is not.`,
      'zh-CN': `${standard.name.zh}应为${standard.zh},${shown(key.keystr)} 不符合。`,
    };
  }
  return null;
}
