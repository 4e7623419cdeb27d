import { MIN_TEXT_PT } from '../../../../shared/sheets/textFit';
import type { Template } from './template';

/**
 * A stock's default design for GS1 Digital Link codes: GS1's human-readable line ({gs1}) where
 * the serial is printed, beside or under the code, shrinking to fit its box; a label too small
 * for it is refused by the design check, naming the line.
 */
export function withGs1Line(template: Template): Template {
  return { ...template, name: `${template.name} · GS1`, text: template.text.map((line) => (line.text === '{extinfo}' ? { ...line, text: '{gs1}', minSizePt: MIN_TEXT_PT } : line)) };
}
