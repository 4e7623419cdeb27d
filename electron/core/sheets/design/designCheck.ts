import type { LocalizedText } from '../../../../shared/text';
import { AppError } from '../../appError';
import { fillPlaceholders, type LabelFields } from './labelLayout';
import { barcodeValue, encodeLinear, type LinearSymbol } from '../symbols/linearBarcode';
import { encodeQr } from '../symbols/qrEncoder';
import { resolveStock, type Template } from './template';
import { checkTemplate } from './templateCheck';

/**
 * What a product code will hold before WeChat has answered — its qrcode_url, `http://p.url.cn/`
 * with an 11-character product id and the extinfo — stood in for by one of the same length, so a
 * preview or a check draws a symbol of the size the label will print.
 */
export const productCodeStandIn = (extinfo: string) => `http://p.url.cn/XXXXXXXXXXX/${extinfo}`;

/** One label as a batch will print it, before its codes exist: its widest values. */
export interface DesignSample {
  fields: LabelFields;
  /** What its code will hold (or a stand-in of the same length). */
  content: string;
}

/**
 * Checks a design against a batch's real values before the batch is stored (the new-batch form):
 * the product's title, the widest extinfo and CSV row — so a label that cannot print is found
 * before any code is issued, not at export. The refusal names the design and what to change.
 */
export function checkDesignFor(template: Template, sample: DesignSample): void {
  const stock = resolveStock(template);
  const modules = encodeQr(sample.content, template.qr.ecc).size;
  try {
    const barcodes = template.barcodes.map((barcode): LinearSymbol => {
      const value = barcodeValue(barcode.symbology, fillPlaceholders(barcode.value, sample.fields));
      if ('problem' in value) throw new AppError('invalid_argument', value.problem);
      return encodeLinear(barcode.symbology, value.value);
    });
    checkTemplate(template, stock, [{ fields: sample.fields, modules, barcodes }]);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const text: LocalizedText = {
      en: `The labels of this batch would not print with the design "${template.name}"; nothing was stored and nothing issued. ${error.text.en}\nChoose another stock, or change the design on Label design.`,
      'zh-CN': `此批次的标签无法用设计“${template.name}”打印;未保存任何内容,也未发码。${error.text['zh-CN']}\n请选择其他标签纸,或在“标签设计”中修改设计。`,
    };
    throw new AppError('invalid_argument', text, { fields: [{ field: 'design', message: text }] });
  }
}
