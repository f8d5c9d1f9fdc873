// The report's plots as a PNG file in Node: the SVG picture (svg.ts) rendered by resvg
// (@resvg/resvg-js, whose prebuilt renderer comes inside its npm packages), with the system's fonts.

import { Resvg } from '@resvg/resvg-js';
import { renderReportSvg } from './svg.js';
import type { BounceReport } from './model.js';

export function renderReportPng(report: BounceReport): Buffer {
  const svg = renderReportSvg(report);
  return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' } }).render().asPng();
}
