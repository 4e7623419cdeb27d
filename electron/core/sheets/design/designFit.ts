import type { LocalizedText } from '../../../../shared/text';
import { AppError } from '../../appError';
import { fillPlaceholders, type LabelFields } from './labelLayout';
import { barcodeValue, encodeLinear, type LinearSymbol } from '../symbols/linearBarcode';
import type { Stock } from './stocks';
import type { Template } from './template';
import { checkTemplate } from './templateCheck';

/** One label the designer checks a change against: the preview batch's first (or sample) values and its code's modules a side. */
export interface FitSample {
  fields: LabelFields;
  modules: number;
}

/** A barcode's symbol for the sample, or why its value cannot be encoded. */
export function sampleBarcode(barcode: Pick<Template['barcodes'][number], 'symbology' | 'value'>, fields: LabelFields): { symbol: LinearSymbol } | { problem: LocalizedText } {
  const value = barcodeValue(barcode.symbology, fillPlaceholders(barcode.value, fields));
  return 'problem' in value ? value : { symbol: encodeLinear(barcode.symbology, value.value) };
}

/** Each barcode's modules on the sample, by the design's order, for its quiet zones (undefined for one whose value does not encode). */
export function barcodeModulesOf(template: Template, sample: FitSample): (number | undefined)[] {
  return template.barcodes.map((barcode) => {
    const encoded = sampleBarcode(barcode, sample.fields);
    return 'symbol' in encoded ? encoded.symbol.modules : undefined;
  });
}

/** What keeps a design from printing the sample on this stock (the template check's words), or null. */
export function fitProblem(template: Template, stock: Stock, sample: FitSample): LocalizedText | null {
  try {
    const barcodes: LinearSymbol[] = [];
    for (const barcode of template.barcodes) {
      const encoded = sampleBarcode(barcode, sample.fields);
      if ('problem' in encoded) return encoded.problem;
      barcodes.push(encoded.symbol);
    }
    checkTemplate(template, stock, [{ fields: sample.fields, modules: sample.modules, barcodes }]);
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.text;
    throw error;
  }
}
