import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { Template } from '../../../../shared/sheets/templateSchema';
import { useI18n } from '../../i18n/i18n';
import { elementsOf, moveElement, removeElement, resizeElement, roundMm, unturnedDelta, type ElementId, type Handle } from './designElements';
import { snapBox, snapTargets } from './snapping';
import type { ChangeKind } from './useDesignHistory';

/** How close (in screen pixels) an edge must come to a guide to snap to it. */
const SNAP_PX = 6;
/** Arrow keys move by a tenth of a millimetre, with Shift by a millimetre. */
const NUDGE_MM = 0.1;
const NUDGE_SHIFT_MM = 1;

interface Drag {
  id: ElementId;
  /** What moves with it: the chosen elements when it is one of them, else itself. */
  group: ElementId[];
  handle?: Handle;
  /** Where the pointer went down, in screen pixels, and millimetres per pixel then. */
  startX: number;
  startY: number;
  mmPerPx: number;
  from: Template;
  /** What a moved box may line up with: the label and the other boxes, as the drag began. */
  targets: { x: number[]; y: number[] };
  moved: boolean;
}

/** The zoom steps, in per cent of the label fitted to the canvas's width (100 %). */
export const ZOOM_STEPS = [50, 75, 100, 150, 200, 300, 400] as const;

/**
 * One label drawn large, as it prints (the rendered label behind), with a box for each thing on
 * it, turned as it prints: click to choose (Shift-click to choose more), drag to move (the chosen
 * together; snapping to the label's edges and centre and to the other boxes; hold Alt not to
 * snap), drag a handle to resize, arrow keys to nudge the chosen (Shift: 1 mm), Delete to remove.
 * Drawn at `zoomPercent` of the canvas's width, scrolled when larger. Every change goes to
 * `onChange`; a drag is passing until it ends.
 */
export function LabelCanvas(props: {
  template: Template;
  labelWidthMm: number;
  labelHeightMm: number;
  modules: number;
  rendered: string | null;
  /** The element being changed (its fields shown), or none. */
  selected: ElementId | null;
  /** Every chosen element, the selected one among them: what align and the arrow keys move. */
  chosen: ElementId[];
  /** Chooses an element; `extend` adds it to (or takes it from) the chosen ones. */
  onSelect: (id: ElementId | null, extend?: boolean) => void;
  onChange: (template: Template, kind: ChangeKind) => void;
  zoomPercent: number;
}) {
  const { t } = useI18n();
  const { template, labelWidthMm: width, labelHeightMm: height, modules, selected, chosen } = props;
  const svg = useRef<SVGSVGElement>(null);
  const drag = useRef<Drag | null>(null);
  const [guides, setGuides] = useState<{ x?: number; y?: number } | null>(null);
  const pad = Math.max(width, height) * 0.05;
  const elements = elementsOf(template, width, modules);
  const elementTitle = (id: ElementId) =>
    id === 'qr'
      ? t('designer.element.qr')
      : id.startsWith('barcode-')
        ? t('designer.element.barcode')
        : id === 'logo'
          ? t('designer.element.logo')
          : id.startsWith('shape-')
            ? t(template.shapes[Number(id.slice(6))]?.kind === 'line' ? 'designer.element.line' : 'designer.element.box')
            : t('designer.element.text', { n: Number(id.slice(5)) + 1 });

  /** Millimetres per screen pixel as the label is drawn now. */
  const mmPerPx = () => (width + 2 * pad) / svg.current!.getBoundingClientRect().width;

  const start = (event: PointerEvent, id: ElementId, handle?: Handle) => {
    event.stopPropagation();
    event.preventDefault();
    if (event.shiftKey && !handle) {
      props.onSelect(id, true);
      return;
    }
    svg.current!.setPointerCapture(event.pointerId);
    svg.current!.focus({ preventScroll: true });
    const group = !handle && chosen.length > 1 && chosen.includes(id) ? chosen : [id];
    const others = elements.filter((e) => !group.includes(e.id)).map((e) => e.snapBox);
    const inset = elements.find((e) => e.id === id)?.edgeInsetMm ?? 0;
    drag.current = { id, group, handle, startX: event.clientX, startY: event.clientY, mmPerPx: mmPerPx(), from: template, targets: snapTargets(width, height, others, inset), moved: false };
    if (group.length === 1) props.onSelect(id);
  };

  const move = (event: PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    // Measured from where the pointer went down (the page may shift under it); moves go in
    // tenths of a millimetre, and a snap then lines an edge up exactly.
    const dx = roundMm((event.clientX - d.startX) * d.mmPerPx);
    const dy = roundMm((event.clientY - d.startY) * d.mmPerPx);
    d.moved ||= Math.abs(dx) + Math.abs(dy) > 0;
    if (d.handle) {
      // A turned element's handle pulls along its own sides.
      const along = unturnedDelta(dx, dy, elements.find((e) => e.id === d.id)?.rotation ?? 0);
      props.onChange(resizeElement(d.from, d.id, d.handle, roundMm(along.dx), roundMm(along.dy), width, modules), { passing: true });
      return;
    }
    // The chosen move together; the one under the pointer snaps, and takes the others with it.
    const moveAll = (byX: number, byY: number) => d.group.reduce((next, id) => moveElement(next, id, byX, byY), d.from);
    let next = moveAll(dx, dy);
    if (!event.altKey) {
      const moving = elementsOf(next, width, modules).find((e) => e.id === d.id)!;
      const snap = snapBox(moving.snapBox, d.targets, SNAP_PX * d.mmPerPx);
      next = moveAll(dx + snap.dx, dy + snap.dy);
      setGuides(snap.guides);
    }
    props.onChange(next, { passing: true });
  };

  const end = () => {
    const d = drag.current;
    drag.current = null;
    setGuides(null);
    if (d?.moved) props.onChange(template, { step: true });
  };

  const onKey = (event: KeyboardEvent) => {
    if (!selected) return;
    const step = event.shiftKey ? NUDGE_SHIFT_MM : NUDGE_MM;
    const arrows: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const by = arrows[event.key];
    if (by) {
      event.preventDefault();
      const moving = chosen.includes(selected) ? chosen : [selected];
      props.onChange(
        moving.reduce((next, id) => moveElement(next, id, by[0], by[1]), template),
        { merge: `nudge-${moving.join()}` },
      );
    } else if ((event.key === 'Delete' || event.key === 'Backspace') && selected !== 'qr') {
      event.preventDefault();
      props.onChange(removeElement(template, selected), { step: true });
      props.onSelect(null);
    } else if (event.key === 'Escape') props.onSelect(null);
  };

  const handleAt = (box: { x: number; y: number; w: number; h: number }, handle: Handle) => {
    const size = Math.max(width, height) * 0.035;
    const x = handle === 'w' ? box.x : handle === 's' ? box.x + box.w / 2 : box.x + box.w;
    const y = handle === 'e' || handle === 'w' ? box.y + box.h / 2 : box.y + box.h;
    return { x: x - size / 2, y: y - size / 2, width: size, height: size };
  };

  // Zoomed in or out, the chosen element stays in the frame's view.
  useEffect(() => {
    if (selected) svg.current?.querySelector(`[data-testid="element-${selected}"]`)?.scrollIntoView({ block: 'nearest', inline: 'center' });
  }, [props.zoomPercent]);
  const zoom = props.zoomPercent / 100;
  return (
    <div className={zoom === 1 ? 'label-canvas' : 'label-canvas zoomed'} data-testid="canvas-scroll">
      <svg
        ref={svg}
        style={zoom === 1 ? undefined : { width: `${zoom * 100}%`, maxHeight: 'none' }}
        viewBox={`${-pad} ${-pad} ${width + 2 * pad} ${height + 2 * pad}`}
        tabIndex={0}
        role="application"
        aria-label={t('designer.canvas')}
        data-testid="label-canvas"
        onPointerDown={() => props.onSelect(null)}
        onPointerMove={move}
        onPointerUp={end}
        onPointerCancel={end}
        onKeyDown={onKey}
      >
        <rect x={0} y={0} width={width} height={height} rx={Math.min(width, height) * 0.04} className="label-outline" />
        {props.rendered && <image href={props.rendered} x={0} y={0} width={width} height={height} preserveAspectRatio="none" />}
        {elements.map((element) => (
          <g
            key={element.id}
            data-testid={`element-${element.id}`}
            data-rotation={element.rotation}
            className={element.id === selected ? 'element selected' : chosen.includes(element.id) ? 'element chosen' : 'element'}
            transform={element.rotation ? `rotate(${element.rotation} ${element.centre.x} ${element.centre.y})` : undefined}
          >
            {element.id === 'qr' && <rect {...box(element.snapBox)} className="quiet-zone" />}
            <rect {...box(element.box)} className="element-box" onPointerDown={(e) => start(e, element.id)}>
              <title>{elementTitle(element.id)}</title>
            </rect>
            {element.id === selected &&
              element.handles.map((handle) => (
                <rect key={handle} {...handleAt(element.box, handle)} className={`handle handle-${handle}`} data-testid={`handle-${element.id}-${handle}`} onPointerDown={(e) => start(e, element.id, handle)} />
              ))}
          </g>
        ))}
        {guides?.x !== undefined && <line x1={guides.x} x2={guides.x} y1={-pad} y2={height + pad} className="guide" />}
        {guides?.y !== undefined && <line y1={guides.y} y2={guides.y} x1={-pad} x2={width + pad} className="guide" />}
      </svg>
    </div>
  );
}

const box = (b: { x: number; y: number; w: number; h: number }) => ({ x: b.x, y: b.y, width: Math.max(0, b.w), height: Math.max(0, b.h) });
