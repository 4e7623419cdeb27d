import { counted, shortened, type LocalizedText } from '../../../../shared/text';
import { AppError } from '../../appError';
import { faceOf, fontBox, textWidthEm } from './fontCatalog';
import { barcodeCentre, middleOf, shapeBox, textTurnCentre, turnBounds, type Bounds } from '../../../../shared/sheets/rotation';
import type { Rotation, Shape } from '../../../../shared/sheets/templateSchema';
import { GlyphScan, textSources } from './glyphCheck';
import { fillPlaceholders, MIN_DOTS_PER_MODULE, QUIET_ZONE_MODULES, symbolSizeMm, type LabelFields } from './labelLayout';
import { barcodeLayout, CODE128_MIN_HEIGHT, GS1_BAR_HEIGHT_PER_X, GS1_X_MM, MIN_DOTS_PER_BAR_MODULE, moduleDots, QUIET_MODULES, SYMBOLOGY_NAMES, type LinearSymbol } from '../symbols/linearBarcode';
import type { Stock } from './stocks';
import { lineSegments } from './lineBreaks';
import { CUT_TOLERANCE_MM, stockRuleProblems } from './stockRules';
import type { Template, TextLine } from './template';
import { alignedStart, fitText, legibleLine, MIN_TEXT_PT, smallestTextPt, MM_PER_PT, textRoomMm, type FittedText } from '../../../../shared/sheets/textFit';

/**
 * How a text is drawn in its line's box, with the extent of its ink on the label (mm), turned as
 * the line is — or null when it cannot fit the box even at the line's minimum size.
 */
function drawnText(line: TextLine, text: string, labelWidthMm: number, printerDpi: number): { fitted: FittedText; box: Box } | null {
  const face = faceOf(line);
  const font = fontBox(face);
  const fitted = fitText(text, legibleLine(line, text, printerDpi), labelWidthMm, font, (t) => textWidthEm(t, face), lineSegments);
  if (!fitted) return null;
  const em = fitted.sizePt * MM_PER_PT;
  let x0 = Infinity;
  let x1 = -Infinity;
  for (const drawn of fitted.lines) {
    const width = textWidthEm(drawn.text, face) * em;
    const left = alignedStart(line.align, line.xMm, width);
    x0 = Math.min(x0, left);
    x1 = Math.max(x1, left + width);
  }
  const ink = { x0, x1, y0: fitted.lines[0]!.baselineMm - font.ascentEm * em, y1: fitted.lines.at(-1)!.baselineMm + font.descentEm * em };
  const { cx, cy } = textTurnCentre(line, labelWidthMm);
  return { fitted, box: turnBounds(ink, line.rotation, cx, cy) };
}

const EPSILON_MM = 0.001;

type Box = Bounds;
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && a.x1 > b.x0 && a.y0 < b.y1 && a.y1 > b.y0;

/** A label as the check sees it: its widest texts, its symbol's modules and each barcode's largest symbol (by the design's order). */
export interface CheckSample {
  fields: LabelFields;
  modules: number;
  barcodes?: (LinearSymbol | undefined)[];
}

/** A box at (x, y) of w × h turned about its middle: its bounds on the label. */
function turnedBox(x: number, y: number, w: number, h: number, rotation: Rotation): Box {
  return turnBounds({ x0: x, y0: y, x1: x + w, y1: y + h }, rotation, x + w / 2, y + h / 2);
}

/**
 * Lines and boxes: inside the label, clear of the code's quiet zone and the barcodes' (a rule
 * through a quiet zone stops a scanner finding the symbol), and a stroke the printer draws (at
 * least MIN_DOTS_PER_BAR_MODULE whole dots, as a bar). Their bounds, for the page's edge.
 */
function shapeProblems(template: Template, stock: Stock, qrZone: Box, barZones: Box[], add: (en: string, zh: string) => void): Box[] {
  const dotMm = 25.4 / template.printerDpi;
  const minStrokeMm = MIN_DOTS_PER_BAR_MODULE * dotMm;
  return template.shapes.map((shape, i) => {
    const { box, en, zh } = shapeBounds(shape, i);
    // An empty box inks only its outline: what lies wholly inside it is clear of it.
    const s = shape.strokeMm;
    const hollow = shape.kind === 'box' && shape.fill === 'none' ? { x0: box.x0 + s, y0: box.y0 + s, x1: box.x1 - s, y1: box.y1 - s } : null;
    const crosses = (zone: Box) => overlaps(box, zone) && !(hollow && zone.x0 >= hollow.x0 && zone.y0 >= hollow.y0 && zone.x1 <= hollow.x1 && zone.y1 <= hollow.y1);
    if (shape.strokeMm < minStrokeMm - EPSILON_MM) {
      add(
        `${en} is ${fmt(shape.strokeMm)} mm thick, under ${MIN_DOTS_PER_BAR_MODULE} dots (${fmt(minStrokeMm)} mm) of a ${template.printerDpi} dpi printer, and would print broken or not at all: make its stroke at least ${fmt(minStrokeMm)} mm.`,
        `${zh}粗 ${fmt(shape.strokeMm)} 毫米,不足 ${template.printerDpi} dpi 打印机的 ${MIN_DOTS_PER_BAR_MODULE} 个点(${fmt(minStrokeMm)} 毫米),会印断或印不出:请把线宽设为至少 ${fmt(minStrokeMm)} 毫米。`,
      );
    }
    if (box.x0 < -EPSILON_MM || box.y0 < -EPSILON_MM || box.x1 > stock.labelWidthMm + EPSILON_MM || box.y1 > stock.labelHeightMm + EPSILON_MM) {
      add(
        `${en} runs past the label's edge (${fmt(box.x0)}–${fmt(box.x1)} mm across, ${fmt(box.y0)}–${fmt(box.y1)} mm down): keep it inside the ${stock.labelWidthMm} × ${stock.labelHeightMm} mm label.`,
        `${zh}超出标签边缘(横向 ${fmt(box.x0)}–${fmt(box.x1)} 毫米,纵向 ${fmt(box.y0)}–${fmt(box.y1)} 毫米):请把它放在 ${stock.labelWidthMm} × ${stock.labelHeightMm} 毫米的标签之内。`,
      );
    } else if (crosses(qrZone)) {
      add(`${en} crosses the QR code's quiet zone, which must stay clear.`, `${zh}压到了二维码的静区,静区必须留空。`);
    } else if (barZones.some(crosses)) {
      add(`${en} crosses a barcode or its quiet zones.`, `${zh}压到了条码或其静区。`);
    }
    return box;
  });
}

/** A line's or a box's bounds as turned, and its name in both languages. */
export function shapeBounds(shape: Shape, index: number): { box: Box; en: string; zh: string } {
  const unturned = shapeBox(shape);
  const { cx, cy } = middleOf(unturned);
  const box = turnBounds(unturned, shape.rotation, cx, cy);
  return shape.kind === 'line' ? { box, en: `Line ${index + 1}`, zh: `线条 ${index + 1} ` } : { box, en: `Box ${index + 1}`, zh: `方框 ${index + 1} ` };
}

/**
 * A linear barcode's checks — bars wide enough for the printer, quiet zones inside the label and
 * clear of the QR code — and its box with quiet zones as turned, which text must also keep clear of.
 */
function barcodeZone(template: Template, index: number, samples: CheckSample[], stock: Stock, qrZone: Box, add: (en: string, zh: string) => void): Box | null {
  const barcode = template.barcodes[index]!;
  const symbol = samples.map((s) => s.barcodes?.[index]).find(Boolean);
  if (!symbol) return null;
  // With more than one, each is named by its place in the design.
  const name = template.barcodes.length > 1 ? `${SYMBOLOGY_NAMES[barcode.symbology]} #${index + 1}` : SYMBOLOGY_NAMES[barcode.symbology];
  const dpi = template.printerDpi;
  const layout = barcodeLayout(symbol, barcode, dpi);
  const { moduleMm } = layout;
  const dots = moduleDots(barcode.widthMm / symbol.modules, dpi);
  const dotMm = 25.4 / dpi;
  const widthFor = (minDots: number) => fmt(minDots * dotMm * symbol.modules);
  const retail = GS1_BAR_HEIGHT_PER_X[barcode.symbology];
  if (dots < MIN_DOTS_PER_BAR_MODULE) {
    add(
      `The ${name} bars would be ${fmt(barcode.widthMm / symbol.modules)} mm per module, ${counted(dots, 'whole dot', 'whole dots')} of a ${dpi} dpi printer; a module needs at least ${MIN_DOTS_PER_BAR_MODULE} whole dots (${fmt(MIN_DOTS_PER_BAR_MODULE * dotMm)} mm): make the barcode at least ${widthFor(MIN_DOTS_PER_BAR_MODULE)} mm wide.`,
      `${name} 条码每个模块只有 ${fmt(barcode.widthMm / symbol.modules)} 毫米,即 ${dpi} dpi 打印机的 ${dots} 个整点;每个模块至少需要 ${MIN_DOTS_PER_BAR_MODULE} 个整点(${fmt(MIN_DOTS_PER_BAR_MODULE * dotMm)} 毫米):请把条码加宽到至少 ${widthFor(MIN_DOTS_PER_BAR_MODULE)} 毫米。`,
    );
  } else if (retail && moduleMm < GS1_X_MM.min - EPSILON_MM) {
    const minDots = Math.max(MIN_DOTS_PER_BAR_MODULE, Math.ceil(GS1_X_MM.min / dotMm - 0.05));
    const percent = Math.round((moduleMm / GS1_X_MM.target) * 100);
    add(
      `The ${name} would print at X = ${fmt3(moduleMm)} mm (${percent} % magnification, ${dots} dots at ${dpi} dpi), below GS1's retail minimum of ${GS1_X_MM.min} mm (80 %): make it at least ${widthFor(minDots)} mm wide (${minDots} dots a module).`,
      `${name} 的模块宽度 X 将为 ${fmt3(moduleMm)} 毫米(放大系数 ${percent}%,${dpi} dpi 下 ${dots} 个点),低于 GS1 零售最小值 ${GS1_X_MM.min} 毫米(80%):请把条码加宽到至少 ${widthFor(minDots)} 毫米(每模块 ${minDots} 个点)。`,
    );
  } else if (retail && moduleMm > GS1_X_MM.max + EPSILON_MM) {
    add(`The ${name} would print at X = ${fmt3(moduleMm)} mm, above GS1's retail maximum of ${GS1_X_MM.max} mm (200 %): make it narrower.`, `${name} 的模块宽度 X 将为 ${fmt3(moduleMm)} 毫米,超过 GS1 零售最大值 ${GS1_X_MM.max} 毫米(200%):请把条码改窄。`);
  }
  const minHeightMm = retail ? retail * moduleMm : Math.max(CODE128_MIN_HEIGHT.mm, CODE128_MIN_HEIGHT.ofLength * symbol.modules * moduleMm);
  if (dots >= MIN_DOTS_PER_BAR_MODULE && layout.barsHeightMm < minHeightMm - EPSILON_MM) {
    const rule = retail ? { en: `GS1's table for X = ${fmt3(moduleMm)} mm`, zh: `GS1 表中 X = ${fmt3(moduleMm)} 毫米时` } : { en: `ISO/IEC 15417 (15 % of its length, at least ${CODE128_MIN_HEIGHT.mm} mm)`, zh: `ISO/IEC 15417(长度的 15%,且不少于 ${CODE128_MIN_HEIGHT.mm} 毫米)` };
    add(
      `The ${name} bars would be ${fmt(layout.barsHeightMm)} mm tall; ${rule.en} needs at least ${fmt(minHeightMm)} mm: make the barcode's box at least ${fmt(barcode.heightMm + minHeightMm - layout.barsHeightMm)} mm tall.`,
      `${name} 条的高度将为 ${fmt(layout.barsHeightMm)} 毫米;${rule.zh}至少需要 ${fmt(minHeightMm)} 毫米:请把条码框加高到至少 ${fmt(barcode.heightMm + minHeightMm - layout.barsHeightMm)} 毫米。`,
    );
  }
  const reduction = barcode.barWidthReductionMm ?? 0;
  if (reduction > 0 && moduleMm - reduction < MIN_DOTS_PER_BAR_MODULE * dotMm - EPSILON_MM) {
    add(
      `A bar-width reduction of ${reduction} mm leaves the narrowest bar ${fmt3(moduleMm - reduction)} mm, under ${MIN_DOTS_PER_BAR_MODULE} dots (${fmt3(MIN_DOTS_PER_BAR_MODULE * dotMm)} mm) at ${dpi} dpi: reduce less, or widen the barcode.`,
      `条宽缩减 ${reduction} 毫米后最窄的条只有 ${fmt3(moduleMm - reduction)} 毫米,不足 ${dpi} dpi 下的 ${MIN_DOTS_PER_BAR_MODULE} 个点(${fmt3(MIN_DOTS_PER_BAR_MODULE * dotMm)} 毫米):请减少缩减量,或加宽条码。`,
    );
  }
  const [left, right] = QUIET_MODULES[barcode.symbology];
  const { cx, cy } = barcodeCentre(barcode);
  const zone = turnBounds({ x0: barcode.xMm - left * moduleMm, y0: barcode.yMm, x1: barcode.xMm + (symbol.modules + right) * moduleMm, y1: barcode.yMm + barcode.heightMm }, barcode.rotation, cx, cy);
  if (zone.x0 < -EPSILON_MM || zone.y0 < -EPSILON_MM || zone.x1 > stock.labelWidthMm + EPSILON_MM || zone.y1 > stock.labelHeightMm + EPSILON_MM) {
    add(
      `The ${name} barcode with its quiet zones (${left} and ${right} modules) (${fmt(zone.x0)}, ${fmt(zone.y0)}) – (${fmt(zone.x1)}, ${fmt(zone.y1)}) mm does not fit inside the ${stock.labelWidthMm} × ${stock.labelHeightMm} mm label.`,
      `${name} 条码连同静区(左 ${left}、右 ${right} 个模块)((${fmt(zone.x0)}, ${fmt(zone.y0)}) – (${fmt(zone.x1)}, ${fmt(zone.y1)}) 毫米)超出了 ${stock.labelWidthMm} × ${stock.labelHeightMm} 毫米的标签。`,
    );
  } else if (overlaps(zone, qrZone)) {
    add(`The ${name} barcode or its quiet zones overlap the QR code's quiet zone.`, `${name} 条码或其静区压到了二维码的静区。`);
  }
  return zone;
}
const fmt = (mm: number) => mm.toFixed(2);
const fmt3 = (mm: number) => mm.toFixed(3);

/**
 * What the printer offset pushes off the page: everything a label prints (the code with its quiet
 * zone, the barcode's zones, the logo, the text) moves with the offset, and the outermost labels'
 * must stay on the page, or the PDF cuts it at the page's edge.
 */
function offPageProblems(template: Template, stock: Stock, printed: Box[]): LocalizedText[] {
  if (!printed.length) return [];
  const ink = {
    x0: Math.min(...printed.map((b) => b.x0)),
    y0: Math.min(...printed.map((b) => b.y0)),
    x1: Math.max(...printed.map((b) => b.x1)),
    y1: Math.max(...printed.map((b) => b.y1)),
  };
  const left = stock.firstXMm + template.offsetXMm + ink.x0;
  const top = stock.firstYMm + template.offsetYMm + ink.y0;
  const right = stock.firstXMm + (stock.columns - 1) * stock.pitchXMm + template.offsetXMm + ink.x1;
  const bottom = stock.firstYMm + (stock.rows - 1) * stock.pitchYMm + template.offsetYMm + ink.y1;
  const past = [
    left < -EPSILON_MM ? { en: `${fmt(-left)} mm past the left edge`, zh: `超出左边 ${fmt(-left)} 毫米` } : null,
    top < -EPSILON_MM ? { en: `${fmt(-top)} mm past the top edge`, zh: `超出上边 ${fmt(-top)} 毫米` } : null,
    right > stock.pageWidthMm + EPSILON_MM ? { en: `${fmt(right - stock.pageWidthMm)} mm past the right edge`, zh: `超出右边 ${fmt(right - stock.pageWidthMm)} 毫米` } : null,
    bottom > stock.pageHeightMm + EPSILON_MM ? { en: `${fmt(bottom - stock.pageHeightMm)} mm past the bottom edge`, zh: `超出下边 ${fmt(bottom - stock.pageHeightMm)} 毫米` } : null,
  ].filter((p) => p !== null);
  if (!past.length) return [];
  const offset = `--offset-x ${template.offsetXMm} / --offset-y ${template.offsetYMm}`;
  return [
    {
      en: `With the printer offset (${offset} mm) the outermost labels' print runs off the ${stock.pageWidthMm} × ${stock.pageHeightMm} mm page (${past.map((p) => p.en).join(', ')}) and would be cut at its edge. Use a smaller offset, or move the design's contents inward.`,
      'zh-CN': `按打印偏移(${offset} 毫米),最外侧标签的印刷内容超出 ${stock.pageWidthMm} × ${stock.pageHeightMm} 毫米的页面(${past.map((p) => p.zh).join(',')}),会在页边被截断。请减小偏移,或把设计内容向内移动。`,
    },
  ];
}

/**
 * Refuses a template that would not print well for these labels: modules below the printer's
 * minimum, a quiet zone outside the label or under text, text past the label's edge, labels past
 * the page. `samples` are the labels with the widest texts and the largest symbol.
 */
export function checkTemplate(template: Template, stock: Stock, samples: CheckSample[]): void {
  const problems: LocalizedText[] = stockRuleProblems(stock, template);
  const add = (en: string, zh: string) => problems.push({ en, 'zh-CN': zh });
  const glyphs = new GlyphScan();
  for (const sample of samples) glyphs.add(textSources(template, sample.fields));
  problems.push(...glyphs.problems());
  const lastX = stock.firstXMm + (stock.columns - 1) * stock.pitchXMm + stock.labelWidthMm;
  const lastY = stock.firstYMm + (stock.rows - 1) * stock.pitchYMm + stock.labelHeightMm;
  if (lastX > stock.pageWidthMm + EPSILON_MM || lastY > stock.pageHeightMm + EPSILON_MM) {
    add(`The labels (${fmt(lastX)} × ${fmt(lastY)} mm) do not fit on the ${stock.pageWidthMm} × ${stock.pageHeightMm} mm page.`, `标签区域(${fmt(lastX)} × ${fmt(lastY)} 毫米)超出了 ${stock.pageWidthMm} × ${stock.pageHeightMm} 毫米的页面。`);
  }
  const modules = Math.max(...samples.map((s) => s.modules));
  const sizeMm = symbolSizeMm(template, modules);
  const moduleMm = sizeMm / modules;
  const minModuleMm = (MIN_DOTS_PER_MODULE * 25.4) / template.printerDpi;
  if (moduleMm < minModuleMm - EPSILON_MM) {
    add(
      `The QR modules would be ${fmt(moduleMm)} mm, below the ${fmt(minModuleMm)} mm (${MIN_DOTS_PER_MODULE} dots) a ${template.printerDpi} dpi printer needs: make the code at least ${fmt(minModuleMm * modules)} mm, or shorten the extinfo.`,
      `二维码模块将只有 ${fmt(moduleMm)} 毫米,低于 ${template.printerDpi} dpi 打印机所需的 ${fmt(minModuleMm)} 毫米(${MIN_DOTS_PER_MODULE} 个点):请把码放大到至少 ${fmt(minModuleMm * modules)} 毫米,或缩短 extinfo。`,
    );
  }
  const quiet = moduleMm * QUIET_ZONE_MODULES;
  const zone = { x0: template.qr.xMm - quiet, y0: template.qr.yMm - quiet, x1: template.qr.xMm + sizeMm + quiet, y1: template.qr.yMm + sizeMm + quiet };
  // The quiet zone stays whole even when the cut lands CUT_TOLERANCE_MM off.
  const tol = CUT_TOLERANCE_MM;
  if (zone.x0 < tol - EPSILON_MM || zone.y0 < tol - EPSILON_MM || zone.x1 > stock.labelWidthMm - tol + EPSILON_MM || zone.y1 > stock.labelHeightMm - tol + EPSILON_MM) {
    add(
      `The code with its 4-module quiet zone (${fmt(zone.x0)}, ${fmt(zone.y0)}) – (${fmt(zone.x1)}, ${fmt(zone.y1)}) mm must stay ${tol} mm inside the ${stock.labelWidthMm} × ${stock.labelHeightMm} mm label, for the cut's tolerance: move the code or make it smaller.`,
      `二维码连同 4 个模块的静区((${fmt(zone.x0)}, ${fmt(zone.y0)}) – (${fmt(zone.x1)}, ${fmt(zone.y1)}) 毫米)须距 ${stock.labelWidthMm} × ${stock.labelHeightMm} 毫米标签的边缘至少 ${tol} 毫米(裁切公差):请移动二维码或把它缩小。`,
    );
  }
  const logo = template.logo;
  const logoBox = logo ? turnedBox(logo.xMm, logo.yMm, logo.widthMm, logo.heightMm, logo.rotation) : null;
  if (logoBox) {
    if (logoBox.x0 < -EPSILON_MM || logoBox.y0 < -EPSILON_MM || logoBox.x1 > stock.labelWidthMm + EPSILON_MM || logoBox.y1 > stock.labelHeightMm + EPSILON_MM) {
      add('The logo runs past the label\'s edge.', '标志超出了标签边缘。');
    } else if (overlaps(logoBox, zone)) {
      add("The logo overlaps the code's quiet zone, which must stay clear.", '标志压到了二维码的静区,静区必须留空。');
    }
  }
  const barZones: Box[] = [];
  template.barcodes.forEach((_, index) => {
    const bars = barcodeZone(template, index, samples, stock, zone, add);
    if (!bars) return;
    const which = template.barcodes.length > 1 ? { en: ` ${index + 1}`, zh: ` ${index + 1} ` } : { en: '', zh: '' };
    if (logoBox && overlaps(bars, logoBox)) add(`The logo overlaps barcode${which.en} or its quiet zones.`, `标志压到了条码${which.zh}或其静区。`);
    const other = barZones.findIndex((b) => overlaps(b, bars));
    if (other >= 0) add(`Barcode ${index + 1} or its quiet zones overlap barcode ${other + 1}'s.`, `条码 ${index + 1} 或其静区与条码 ${other + 1} 的重叠。`);
    barZones.push(bars);
  });
  const shapeBoxes = shapeProblems(template, stock, zone, barZones, add);
  // Each text as the samples would print it; the lines drawn so far, for overlaps between them.
  const inked: { line: number; box: Box; text: string }[] = [];
  template.text.forEach((line, i) => {
    for (const sample of samples) {
      const text = fillPlaceholders(line.text, sample.fields);
      if (!text) continue;
      const shown = shortened(text);
      const drawn = drawnText(line, text, stock.labelWidthMm, template.printerDpi);
      const floorPt = smallestTextPt(text, template.printerDpi);
      if (drawn && drawn.fitted.sizePt < floorPt - 1e-9) {
        const script = floorPt > MIN_TEXT_PT && /[^\x00-\u024f]/.test(text) ? { en: 'Chinese, Japanese or Korean text', zh: '中日韩文字' } : { en: 'text', zh: '文字' };
        add(
          `Text line ${i + 1} ("${shown}") would print at ${drawn.fitted.sizePt} pt; ${script.en} on a ${template.printerDpi} dpi printer needs at least ${floorPt} pt (an em of ${Math.round((floorPt * template.printerDpi) / 72)} dots), or its strokes fill in: make the line's size at least ${floorPt} pt, or give the printer's real resolution (--printer-dpi).`,
          `第 ${i + 1} 行文字(“${shown}”)将以 ${drawn.fitted.sizePt} 磅打印;${template.printerDpi} dpi 打印机上的${script.zh}至少需要 ${floorPt} 磅(每个字 ${Math.round((floorPt * template.printerDpi) / 72)} 个点),否则笔画会糊在一起:请把该行字号设为至少 ${floorPt} 磅,或给出打印机的实际分辨率(--printer-dpi)。`,
        );
        break;
      }
      if (!drawn) {
        const minPt = Math.max(Math.min(line.minSizePt ?? MIN_TEXT_PT, line.sizePt), Math.min(floorPt, line.sizePt));
        const room = fmt(textRoomMm(line, stock.labelWidthMm));
        add(
          `Text line ${i + 1} ("${shown}") does not fit its box (${room} mm wide, ${counted(line.lines, 'line')} of ${line.sizePt} pt) even at ${minPt} pt: shorten the text, widen the box, or give it more lines.`,
          `第 ${i + 1} 行文字(“${shown}”)即使缩小到 ${minPt} 磅也放不进它的文本框(宽 ${room} 毫米,${line.lines} 行 ${line.sizePt} 磅):请缩短文字、加宽文本框或增加行数。`,
        );
        break;
      }
      const box = drawn.box;
      if (box.x0 < -EPSILON_MM || box.x1 > stock.labelWidthMm + EPSILON_MM || box.y0 < -EPSILON_MM || box.y1 > stock.labelHeightMm + EPSILON_MM) {
        add(
          `Text line ${i + 1} ("${shown}") runs past the label's edge (${fmt(box.x0)}–${fmt(box.x1)} mm across, ${fmt(box.y0)}–${fmt(box.y1)} mm down): move its box inside the ${stock.labelWidthMm} × ${stock.labelHeightMm} mm label.`,
          `第 ${i + 1} 行文字(“${shown}”)超出标签边缘(横向 ${fmt(box.x0)}–${fmt(box.x1)} 毫米,纵向 ${fmt(box.y0)}–${fmt(box.y1)} 毫米):请把文本框移到 ${stock.labelWidthMm} × ${stock.labelHeightMm} 毫米的标签之内。`,
        );
        break;
      }
      if (overlaps(box, zone)) {
        add(`Text line ${i + 1} ("${shown}") overlaps the code's quiet zone, which must stay clear.`, `第 ${i + 1} 行文字(“${shown}”)压到了二维码的静区,静区必须留空。`);
        break;
      }
      if (barZones.some((bars) => overlaps(box, bars))) {
        add(`Text line ${i + 1} ("${shown}") overlaps the barcode or its quiet zones.`, `第 ${i + 1} 行文字(“${shown}”)压到了条码或其静区。`);
        break;
      }
      if (logoBox && overlaps(box, logoBox)) {
        add(`Text line ${i + 1} ("${shown}") runs under the logo: move one of them, or make the text's box narrower.`, `第 ${i + 1} 行文字(“${shown}”)压在标志下面:请移开其中之一,或把文本框改窄。`);
        break;
      }
      const under = inked.find((other) => other.line !== i && overlaps(box, other.box));
      if (under) {
        add(
          `Text line ${i + 1} ("${shown}") runs into text line ${under.line + 1} ("${under.text}"): move one of them, or give the first fewer lines.`,
          `第 ${i + 1} 行文字(“${shown}”)与第 ${under.line + 1} 行文字(“${under.text}”)重叠:请移开其中一行,或减少前一行的行数。`,
        );
        break;
      }
      inked.push({ line: i, box, text: shown });
    }
  });
  const printed = [zone, ...barZones, ...shapeBoxes, ...(logoBox ? [logoBox] : []), ...inked.map((t) => t.box)];
  problems.push(...offPageProblems(template, stock, printed));
  if (problems.length) {
    throw new AppError('invalid_argument', {
      en: `This template cannot print these labels:\n${problems.map((p) => `• ${p.en}`).join('\n')}`,
      'zh-CN': `此模板无法打印这些标签:\n${problems.map((p) => `• ${p['zh-CN']}`).join('\n')}`,
    });
  }
}
