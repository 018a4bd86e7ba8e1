/**
 * PNG export of the bar chart. The usual route (serialize the SVG, load it as an image, draw that)
 * needs `img-src data:` or `blob:`, which the server's CSP (`default-src 'self'`) forbids; so this
 * paints the chart's rectangles and texts onto a canvas itself, from their on-screen boxes and
 * computed styles. That covers everything `TopChart` draws (bars, labels, counts, markers).
 */

function effectiveOpacity(element: Element, root: Element): number {
  let opacity = 1;
  for (let node: Element | null = element; node && node !== root; node = node.parentElement) {
    opacity *= Number(getComputedStyle(node).opacity) || 0;
  }
  return opacity;
}

/** The text of an element itself, without its `<title>` tooltip or `<tspan>` children. */
function ownText(element: Element): string {
  return Array.from(element.childNodes)
    .filter((node) => node.nodeType === Node.TEXT_NODE)
    .map((node) => node.textContent ?? '')
    .join('');
}

function paintText(context: CanvasRenderingContext2D, element: SVGElement, text: string, origin: DOMRect) {
  if (text.trim() === '') return;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  context.fillStyle = style.fill;
  context.textAlign = 'left';
  context.textBaseline = 'middle';
  context.fillText(text, box.left - origin.left, box.top - origin.top + box.height / 2);
}

function paintRect(context: CanvasRenderingContext2D, rect: SVGRectElement, origin: DOMRect, root: Element) {
  const box = rect.getBoundingClientRect();
  if (box.width <= 0 || box.height <= 0) return;
  const style = getComputedStyle(rect);
  if (style.fill === 'none') return;
  context.globalAlpha = effectiveOpacity(rect, root);
  context.fillStyle = style.fill;
  context.beginPath();
  const radius = Number(rect.getAttribute('rx')) || 0;
  context.roundRect(box.left - origin.left, box.top - origin.top, box.width, box.height, radius);
  context.fill();
  context.globalAlpha = 1;
}

function barGeometry(container: HTMLElement): string {
  return Array.from(
    container.querySelectorAll('rect'),
    (rect) => `${rect.getAttribute('y')}:${rect.getAttribute('width')}`,
  ).join(',');
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** Waits (up to `maxMs`) until the bars stop moving, so the picture is not caught mid-animation. */
async function untilStill(container: HTMLElement, maxMs = 1_000): Promise<void> {
  const deadline = performance.now() + maxMs;
  let previous = barGeometry(container);
  while (performance.now() < deadline) {
    await nextFrame();
    const current = barGeometry(container);
    if (current === previous) return;
    previous = current;
  }
}

/** Paints the chart inside `container` at `scale`× its on-screen size on `background`, as a PNG. */
export async function chartToPng(container: HTMLElement, background: string, scale = 2): Promise<Blob> {
  await untilStill(container);
  const svg = container.querySelector('svg');
  if (!svg) throw new Error('There is no chart to export.');
  const origin = svg.getBoundingClientRect();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(origin.width * scale);
  canvas.height = Math.ceil(origin.height * scale);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw to a canvas.');
  context.scale(scale, scale);
  context.fillStyle = background;
  context.fillRect(0, 0, origin.width, origin.height);

  // Document order is paint order in SVG; shapes in <defs> (clip paths) are never painted.
  for (const element of svg.querySelectorAll<SVGElement>('rect, text')) {
    if (element.closest('defs, clipPath')) continue;
    if (element instanceof SVGRectElement) {
      paintRect(context, element, origin, svg);
      continue;
    }
    context.globalAlpha = effectiveOpacity(element, svg);
    paintText(context, element, ownText(element), origin);
    for (const span of element.querySelectorAll<SVGTSpanElement>('tspan')) {
      paintText(context, span, span.textContent ?? '', origin);
    }
    context.globalAlpha = 1;
  }

  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be made.'))),
      'image/png',
    ),
  );
}
