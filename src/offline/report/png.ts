// The report's plots as a PNG file in Node: drawn by drawReportPlots() on a raster, encoded by
// pngjs (pure JavaScript: nothing native, nothing downloaded at install).

import { PNG } from 'pngjs';
import { drawReportPlots, PLOT_HEIGHT, PLOT_WIDTH } from './plots.js';
import { RasterPainter } from './raster.js';
import type { BounceReport } from './model.js';

export function renderReportPng(report: BounceReport, width = PLOT_WIDTH, height = PLOT_HEIGHT): Buffer {
  const painter = new RasterPainter(width, height);
  drawReportPlots(painter, report);
  const png = new PNG({ width, height });
  png.data = Buffer.from(painter.pixels.buffer, painter.pixels.byteOffset, painter.pixels.byteLength);
  return PNG.sync.write(png);
}
