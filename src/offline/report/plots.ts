// The report's two plots, loudness over time and the long-term spectrum, drawn through a tiny
// Painter. The one painter is SVG (svg.ts): the app shows that picture and the CLI writes it
// (--svg) or renders it to PNG (--png, png.ts), so every output shows the same thing.

import { clock } from './format.js';
import type { BounceReport } from './model.js';

export interface Painter {
  readonly width: number;
  readonly height: number;
  fillRect(x: number, y: number, w: number, h: number, color: string): void;
  /** A polyline through [x0, y0, x1, y1, …]; NaN coordinates break it. */
  polyline(xy: readonly number[], color: string, lineWidth: number): void;
  /** Text whose top edge is at y. */
  text(x: number, y: number, text: string, color: string, align?: 'left' | 'right' | 'center'): void;
}

export const PLOT_WIDTH = 960;
export const PLOT_HEIGHT = 560;

export const PLOT_COLORS = {
  background: '#14171c',
  frame: '#3a414d',
  grid: '#262b33',
  text: '#c9d1dc',
  momentary: '#3d7fa8',
  shortTerm: '#7fd1ff',
  integrated: '#ffcf5c',
  window: '#1f3a2a',
  band: '#2d5a3f',
  spectrum: '#8ef0a8',
} as const;

interface Box { x: number; y: number; w: number; h: number }

export function drawReportPlots(p: Painter, report: BounceReport): void {
  p.fillRect(0, 0, p.width, p.height, PLOT_COLORS.background);
  const margin = { left: 56, right: 16 };
  const half = Math.floor(p.height / 2);
  drawLoudness(p, report, { x: margin.left, y: 28, w: p.width - margin.left - margin.right, h: half - 28 - 30 });
  drawSpectrum(p, report, { x: margin.left, y: half + 28, w: p.width - margin.left - margin.right, h: p.height - half - 28 - 30 });
}

function frame(p: Painter, box: Box): void {
  const c = PLOT_COLORS.frame;
  p.polyline([box.x, box.y, box.x + box.w, box.y, box.x + box.w, box.y + box.h, box.x, box.y + box.h, box.x, box.y], c, 1);
}

function drawLoudness(p: Painter, report: BounceReport, box: Box): void {
  const { timeSeconds, momentaryLufs, shortTermLufs } = report.series;
  const duration = Math.max(report.file.durationSeconds, 1e-3);
  const integrated = report.loudness.integratedLufs;
  // From 60 dB below the loudest short-term/momentary value (rounded up to 6 dB) to it.
  const loudest = Math.max(-60, maxOf(momentaryLufs));
  const top = Math.min(6, Math.ceil((loudest + 1) / 6) * 6);
  const bottom = top - 60;
  const x = (t: number) => box.x + (t / duration) * box.w;
  const y = (db: number) => box.y + ((top - Math.max(bottom, Math.min(top, db))) / (top - bottom)) * box.h;
  p.text(box.x, box.y - 20, `Loudness over time (LUFS): short-term, momentary${integrated === null ? '' : `, integrated ${signed(integrated, 1)}`}`, PLOT_COLORS.text);
  for (let db = top; db >= bottom; db -= 12) {
    p.polyline([box.x, y(db), box.x + box.w, y(db)], PLOT_COLORS.grid, 1);
    p.text(box.x - 6, y(db) - 5, signed(db, 0), PLOT_COLORS.text, 'right');
  }
  const step = niceTimeStep(duration);
  for (let t = 0; t <= duration + 1e-9; t += step) {
    p.polyline([x(t), box.y, x(t), box.y + box.h], PLOT_COLORS.grid, 1);
    p.text(x(t), box.y + box.h + 6, clock(t, step < 1 ? 1 : 0), PLOT_COLORS.text, 'center');
  }
  const trace = (values: readonly (number | null)[], color: string, width: number) => {
    const xy: number[] = [];
    values.forEach((v, i) => xy.push(x(timeSeconds[i]), v === null ? NaN : y(v)));
    p.polyline(xy, color, width);
  };
  trace(momentaryLufs, PLOT_COLORS.momentary, 1);
  trace(shortTermLufs, PLOT_COLORS.shortTerm, 2);
  if (integrated !== null) p.polyline([box.x, y(integrated), box.x + box.w, y(integrated)], PLOT_COLORS.integrated, 1);
  frame(p, box);
}

function drawSpectrum(p: Painter, report: BounceReport, box: Box): void {
  const s = report.spectrum;
  const lowHz = 20;
  const highHz = Math.min(20000, report.file.sampleRate / 2);
  const loudest = Math.max(maxOf(s.levelDb), maxOf(s.bands.levelDb));
  const top = Math.min(20, Math.ceil((loudest > -Infinity ? loudest : 0) / 10) * 10 + 10);
  const bottom = top - 90;
  const x = (hz: number) => box.x + (Math.log(hz / lowHz) / Math.log(highHz / lowHz)) * box.w;
  const y = (db: number) => box.y + ((top - Math.max(bottom, Math.min(top, db))) / (top - bottom)) * box.h;
  p.text(box.x, box.y - 20, `Spectrum (dB, ${s.source === 'mid' ? 'mid' : 'mono'}, mean), 1/${s.bands.octaveFraction}-octave bands${s.peakHz === null ? '' : `, peak ${Math.round(s.peakHz)} Hz`}`, PLOT_COLORS.text);
  for (let db = top; db >= bottom; db -= 10) {
    p.polyline([box.x, y(db), box.x + box.w, y(db)], PLOT_COLORS.grid, 1);
    if ((top - db) % 20 === 0) p.text(box.x - 6, y(db) - 5, signed(db, 0), PLOT_COLORS.text, 'right');
  }
  for (const hz of [20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000]) {
    if (hz > highHz) continue;
    p.polyline([x(hz), box.y, x(hz), box.y + box.h], PLOT_COLORS.grid, 1);
    p.text(x(hz), box.y + box.h + 6, hz >= 1000 ? `${hz / 1000}k` : String(hz), PLOT_COLORS.text, 'center');
  }
  // Bands as bars between their edges (centre × 2^(±1/2n)).
  const half = 2 ** (1 / (2 * s.bands.octaveFraction));
  s.bands.centreHz.forEach((hz, b) => {
    const level = s.bands.levelDb[b];
    if (level === null || hz / half >= highHz || hz * half <= lowHz) return;
    const x0 = Math.max(box.x, x(hz / half)) + 1;
    const x1 = Math.min(box.x + box.w, x(hz * half)) - 1;
    const yTop = y(level);
    if (x1 > x0) p.fillRect(x0, yTop, x1 - x0, box.y + box.h - yTop, PLOT_COLORS.band);
  });
  const xy: number[] = [];
  s.frequencyHz.forEach((hz, i) => xy.push(x(hz), s.levelDb[i] === null ? NaN : y(s.levelDb[i]!)));
  p.polyline(xy, PLOT_COLORS.spectrum, 2);
  frame(p, box);
}

/** A number with a true minus sign (U+2212), as the rest of the report prints them. */
function signed(value: number, digits: number): string {
  return value.toFixed(digits).replace('-', '\u2212');
}

function niceTimeStep(duration: number): number {
  const steps = [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
  return steps.find((s) => duration / s <= 10) ?? 7200;
}

/** Highest non-null value (-Infinity if none); a loop, as an hour of 100 ms values is too many arguments for Math.max(...). */
function maxOf(values: readonly (number | null)[]): number {
  let max = -Infinity;
  for (const v of values) if (v !== null && v > max) max = v;
  return max;
}
