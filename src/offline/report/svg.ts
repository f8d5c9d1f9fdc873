// The report's plots as one SVG picture, drawn by drawReportPlots() (plots.ts): real text,
// scalable, the same picture in the app (shown as an image, exported as SVG or as PNG through the
// browser) and in the CLI (--svg, and --png rendered from it by resvg, png.ts). DOM-free: a string.

import { drawReportPlots, PLOT_HEIGHT, PLOT_WIDTH, type Painter } from './plots.js';
import type { BounceReport } from './model.js';

/** The plots' type: a sans-serif found on most systems, and the generic family last. */
export const PLOT_FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif";
export const PLOT_FONT_SIZE = 12;

const ANCHOR = { left: 'start', right: 'end', center: 'middle' } as const;

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Two decimals are finer than any screen's pixel and keep an hour's trace small. */
function n(value: number): string {
  return String(Math.round(value * 100) / 100);
}

class SvgPainter implements Painter {
  readonly parts: string[] = [];

  constructor(readonly width: number, readonly height: number) {}

  fillRect(x: number, y: number, w: number, h: number, color: string): void {
    this.parts.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${color}"/>`);
  }

  polyline(xy: readonly number[], color: string, lineWidth: number): void {
    // One path; a NaN point lifts the pen. Lines of one pixel sit on the half pixel, to stay sharp.
    const offset = lineWidth % 2 === 1 ? 0.5 : 0;
    let d = '';
    let pen = false;
    for (let i = 0; i + 1 < xy.length; i += 2) {
      const x = xy[i]!;
      const y = xy[i + 1]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${n(x + offset)} ${n(y + offset)}`;
      pen = true;
    }
    if (d) this.parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="${lineWidth}" stroke-linejoin="round"/>`);
  }

  text(x: number, y: number, text: string, color: string, align: 'left' | 'right' | 'center' = 'left'): void {
    // y is the text's top edge: the baseline sits one cap height (about 0.8 em here) below it.
    const baseline = y + PLOT_FONT_SIZE * 0.8;
    this.parts.push(`<text x="${n(x)}" y="${n(baseline)}" fill="${color}" text-anchor="${ANCHOR[align]}">${escapeXml(text)}</text>`);
  }
}

/** The loudness-over-time and spectrum plots as an SVG document. */
export function renderReportSvg(report: BounceReport, width = PLOT_WIDTH, height = PLOT_HEIGHT): string {
  const painter = new SvgPainter(width, height);
  drawReportPlots(painter, report);
  const title = `Bounce report: ${report.file.name}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`,
    ` font-family="${PLOT_FONT_FAMILY.replace(/"/g, '&quot;')}" font-size="${PLOT_FONT_SIZE}">`,
    `<title>${escapeXml(title)}</title>`,
    ...painter.parts,
    '</svg>\n',
  ].join('\n');
}
