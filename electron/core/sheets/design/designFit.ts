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

/** The barcode's symbol for the sample, or why its value cannot be encoded. */
export function sampleBarcode(barcode: NonNullable<Template['barcode']>, fields: LabelFields): { symbol: LinearSymbol } | { problem: LocalizedText } {
  const value = barcodeValue(barcode.symbology, fillPlaceholders(barcode.value, fields));
  return 'problem' in value ? value : { symbol: encodeLinear(barcode.symbology, value.value) };
}

/** The barcode's modules on the sample, for its quiet zones (undefined when it has none, or none prints). */
export function barcodeModulesOf(template: Template, sample: FitSample): number | undefined {
  if (!template.barcode) return undefined;
  const encoded = sampleBarcode(template.barcode, sample.fields);
  return 'symbol' in encoded ? encoded.symbol.modules : undefined;
}

/** What keeps a design from printing the sample on this stock (the template check's words), or null. */
export function fitProblem(template: Template, stock: Stock, sample: FitSample): LocalizedText | null {
  try {
    let barcode: LinearSymbol | undefined;
    if (template.barcode) {
      const encoded = sampleBarcode(template.barcode, sample.fields);
      if ('problem' in encoded) return encoded.problem;
      barcode = encoded.symbol;
    }
    checkTemplate(template, stock, [{ fields: sample.fields, modules: sample.modules, barcode }]);
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.text;
    throw error;
  }
}
