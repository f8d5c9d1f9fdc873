// The app's bounce report: for the opened file, buildReport() (src/offline/report/model.ts, the
// module the CLI's `busmeter report` uses) runs on the decoded samples with the same WebAssembly
// kernel (buffer-report.ts), so the page shows the CLI's numbers, with a progress bar and Cancel;
// then one page: verdicts, numbers, plots, stereo summary, and JSON / CSV / SVG / PNG export
// through blob URLs. The plots are the CLI's SVG
// picture (src/offline/report/svg.ts), shown as an image; its PNG is that picture drawn by the browser.

import { resolveLayout, type ChannelLayout } from '../engine/layouts.js';
import { describeVerdict } from '../rules/detector/mastering-detector.js';
import { isLossyMedia } from '../offline/decode/types.js';
import { formatReportCsv } from '../offline/report/csv.js';
import { clock, hertz } from '../offline/report/format.js';
import type { BounceReport } from '../offline/report/model.js';
import { PLOT_HEIGHT, PLOT_WIDTH } from '../offline/report/plots.js';
import { renderReportSvg } from '../offline/report/svg.js';
import { reportOfBuffer } from './buffer-report.js';
import { download } from './download.js';
import { $, showFindings, showNumber as show } from './page-parts.js';

export interface ReportFile {
  name: string;
  /** MIME type of the file, if the browser knows it. */
  type: string;
  buffer: AudioBuffer;
  /** The decoder's format name and channel layout (the CLI's); else the browser's decoding by channel count. */
  format?: string;
  layout?: ChannelLayout;
  /** Decoded from a lossy codec (DecodedFile.lossy); else judged by `type` and `name`. */
  lossySource?: boolean;
}

export class ReportView {
  private file: ReportFile | null = null;
  private running: AbortController | null = null;
  private report: BounceReport | null = null;
  private readonly button = $<HTMLButtonElement>('report');
  private readonly section = $('report-section');
  private readonly progress = $<HTMLProgressElement>('report-progress');
  private readonly progressRow = $('report-progress-row');
  private readonly cancelBtn = $<HTMLButtonElement>('report-cancel');
  private readonly body = $('report-body');
  private readonly message = $('report-message');
  private readonly plots = $<HTMLImageElement>('report-plots');
  private svg = '';

  /** onReported: called with each finished report (the comparison with the last bounce listens). */
  constructor(private readonly onReported: (file: ReportFile, report: BounceReport) => void = () => {}) {
    this.button.addEventListener('click', () => void this.run());
    this.cancelBtn.addEventListener('click', () => this.running?.abort(new DOMException('Report cancelled.', 'AbortError')));
    $('report-export-json').addEventListener('click', () => this.exportJson());
    $('report-export-csv').addEventListener('click', () => this.exportCsv());
    $('report-export-svg').addEventListener('click', () => this.exportSvg());
    $('report-export-png').addEventListener('click', () => void this.exportPng());
  }

  /** The file the Report button works on (null: none; a running report of another file stops). */
  setFile(file: ReportFile | null): void {
    if (file !== this.file) this.running?.abort(new DOMException('Another file was opened.', 'AbortError'));
    this.file = file;
    this.button.disabled = file === null || this.running !== null;
    if (file === null) this.section.hidden = true;
  }

  private async run(): Promise<void> {
    const file = this.file;
    if (!file || this.running) return;
    const controller = new AbortController();
    this.running = controller;
    this.button.disabled = true;
    this.section.hidden = false;
    this.section.dataset.state = 'running';
    this.body.hidden = true;
    this.progressRow.hidden = false;
    this.progress.value = 0;
    this.message.textContent = `Measuring ${file.name}\u2026`;
    try {
      const { buffer } = file;
      const report = await reportOfBuffer(
        {
          name: file.name,
          format: file.format ?? `${file.type || 'audio'}, decoded by the browser`,
          lossySource: file.lossySource ?? isLossyMedia(file.type, file.name),
          buffer,
          layout: file.layout ?? resolveLayout(buffer.numberOfChannels),
        },
        { signal: controller.signal, onProgress: (f) => (this.progress.value = f) },
      );
      this.report = report;
      this.render(report);
      this.section.dataset.state = 'done';
      this.message.textContent = '';
      this.onReported(file, report);
    } catch (error) {
      const cancelled = controller.signal.aborted;
      this.section.dataset.state = cancelled ? 'cancelled' : 'error';
      this.message.textContent = cancelled
        ? `Report cancelled${controller.signal.reason instanceof Error ? `: ${controller.signal.reason.message}` : '.'}`
        : `The report failed: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.running = null;
      this.progressRow.hidden = true;
      this.button.disabled = this.file === null;
    }
  }

  private render(r: BounceReport): void {
    $('report-name').textContent = r.file.name;
    $('report-file').textContent = `${clock(r.file.durationSeconds, 1)} at ${r.file.sampleRate} Hz, ${r.file.layout} (${r.file.channels.join(' ')})`;
    const headroom = $('report-headroom');
    headroom.textContent = r.headroom.message;
    headroom.dataset.state = r.headroom.state;
    const mastering = describeVerdict({ state: r.mastering.state, confidence: r.mastering.confidence, reasons: r.mastering.reasons, kind: r.mastering.kind, ceilingDbtp: r.mastering.ceilingDbtp });
    const masteringEl = $('report-mastering');
    masteringEl.dataset.state = r.mastering.state;
    masteringEl.replaceChildren(
      strong(mastering.title),
      document.createTextNode(` ${r.mastering.state === 'off' ? '' : `(confidence ${r.mastering.confidence.toFixed(2)}) `}${mastering.advice}`),
    );
    if (r.mastering.reasons.length) masteringEl.append(list(r.mastering.reasons));

    const l = r.loudness;
    const p = r.peaks;
    const rows: [string, string, string, number | null][] = [
      ['Integrated loudness', 'integrated', show(l.integratedLufs, 'LUFS'), l.integratedLufs],
      ['Loudness range', 'loudness-range', show(l.loudnessRangeLu, 'LU'), l.loudnessRangeLu],
      ['Max momentary', 'momentary-max', show(l.momentaryMaxLufs, 'LUFS'), l.momentaryMaxLufs],
      ['Max short-term', 'short-term-max', show(l.shortTermMaxLufs, 'LUFS'), l.shortTermMaxLufs],
      ['PLR', 'plr', show(l.plrLu, 'LU'), l.plrLu],
      ['Max true peak', 'true-peak-max', show(p.truePeakMaxDbtp, 'dBTP'), p.truePeakMaxDbtp],
      ['Max sample peak', 'sample-peak-max', show(p.samplePeakMaxDbfs, 'dBFS'), p.samplePeakMaxDbfs],
      ['Clipped runs', 'clip-runs', String(r.clips.clipRuns), r.clips.clipRuns],
      ['True-peak overs', 'true-peak-overs', String(r.clips.truePeakOvers), r.clips.truePeakOvers],
    ];
    for (const c of p.channels) {
      rows.push([`${c.label}: true peak`, `true-peak-${c.label}`, show(c.truePeakMaxDbtp, 'dBTP'), c.truePeakMaxDbtp]);
      rows.push([`${c.label}: sample peak`, `sample-peak-${c.label}`, show(c.samplePeakMaxDbfs, 'dBFS'), c.samplePeakMaxDbfs]);
    }
    fillValues($('report-values'), rows);

    const clipsEl = $('report-clips');
    clipsEl.replaceChildren();
    if (r.clips.events.length === 0) clipsEl.textContent = 'No clipped runs and no true-peak overs.';
    for (const e of r.clips.events) {
      const li = document.createElement('li');
      li.dataset.kind = e.kind;
      li.dataset.start = String(e.startSeconds);
      li.textContent = `${clock(e.startSeconds)}\u2013${clock(e.endSeconds)}: ${e.count} ${e.kind === 'clip' ? `clipped run${e.count === 1 ? '' : 's'}` : `true-peak over${e.count === 1 ? '' : 's'}`} in ${e.channels.join(' ')}, peak ${show(e.peakDbtp, 'dBTP')}`;
      clipsEl.append(li);
    }
    if (r.clips.eventsOmitted > 0) clipsEl.append(Object.assign(document.createElement('li'), { textContent: `\u2026 and ${r.clips.eventsOmitted} more` }));

    const s = r.stereo;
    const stereoRows: [string, string, string, number | null][] = s
      ? [
          ['Correlation (whole file)', 'correlation', show(s.correlationProgramme, '', 2), s.correlationProgramme],
          ['Correlation mean / min', 'correlation-min', `${show(s.correlationMean, '', 2)} / ${show(s.correlationMin, '', 2)}`, s.correlationMin],
          ['Balance', 'balance', `${show(s.balanceDb, 'dB')}${s.balanceDb > 0 ? ' R' : s.balanceDb < 0 ? ' L' : ''}`, s.balanceDb],
          ['Mono-compatibility loss', 'mono-loss', show(s.monoLossLu, 'LU'), s.monoLossLu],
          ['Width (side / mid)', 'width', show(s.sideToMidDb, 'dB'), s.sideToMidDb],
        ]
      : [];
    fillValues($('report-stereo'), stereoRows);
    $('report-stereo-notes').textContent = s ? s.notes.join(' ') : 'Mono file: no stereo field.';
    const coach = r.coach;
    $('report-coach-against').textContent = `Against ${coach.style.label} (${coach.style.source}). Balance: each broad band's level against the mean of the four.`;
    fillValues($('report-coach-bands'), coach.bands.map((b): [string, string, string, number | null] => [
      `Balance, ${b.name} (range ${b.low.toFixed(1)} \u2026 ${b.high.toFixed(1)} dB)`, `coach-${b.id}`, show(b.balanceDb, 'dB'), b.balanceDb,
    ]));
    showFindings($('report-coach'), coach.findings, 'Inside the ranges: nothing to say.');
    $('report-streaming').replaceChildren(...(coach.streaming ?? []).map((p) => Object.assign(document.createElement('li'), { textContent: p.text })));
    $('report-spectrum-note').textContent =
      `Spectrum of the ${r.spectrum.source === 'mid' ? 'mid signal (L+R)/2' : 'channel'}, mean over the whole file, ${r.spectrum.fftSize}-point FFT ` +
      `(resolution ${r.spectrum.resolutionHz.toFixed(1)} Hz), bars in 1/${r.spectrum.bands.octaveFraction}-octave bands` +
      `${r.spectrum.peakHz === null ? '' : `; strongest at ${hertz(r.spectrum.peakHz)}`}.`;

    this.svg = renderReportSvg(r);
    this.plots.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(this.svg)}`;
    this.body.hidden = false;
  }

  private baseName(): string {
    return (this.report?.file.name ?? 'report').replace(/\.[^.]+$/, '') || 'report';
  }

  private exportJson(): void {
    if (this.report) download(new Blob([JSON.stringify(this.report, null, 2)], { type: 'application/json' }), `${this.baseName()}-report.json`);
  }

  private exportCsv(): void {
    if (this.report) download(new Blob([formatReportCsv(this.report)], { type: 'text/csv' }), `${this.baseName()}-loudness.csv`);
  }

  private exportSvg(): void {
    if (this.report) download(new Blob([this.svg], { type: 'image/svg+xml' }), `${this.baseName()}-report.svg`);
  }

  /** The SVG picture drawn by the browser at twice its size (sharp on high-density screens and in print). */
  private async exportPng(): Promise<void> {
    if (!this.report) return;
    const name = `${this.baseName()}-report.png`;
    await this.plots.decode();
    const canvas = document.createElement('canvas');
    canvas.width = PLOT_WIDTH * 2;
    canvas.height = PLOT_HEIGHT * 2;
    canvas.getContext('2d')?.drawImage(this.plots, 0, 0, canvas.width, canvas.height);
    canvas.toBlob((blob) => blob && download(blob, name), 'image/png');
  }
}

function fillValues(dl: HTMLElement, rows: [string, string, string, number | null][]): void {
  dl.replaceChildren();
  for (const [label, key, text, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = text;
    dd.dataset.reading = key;
    dd.dataset.value = value === null ? '-inf' : String(value);
    const pair = document.createElement('div');
    pair.append(dt, dd);
    dl.append(pair);
  }
}

function strong(text: string): HTMLElement {
  const el = document.createElement('strong');
  el.textContent = text;
  return el;
}

function list(items: string[]): HTMLElement {
  const ul = document.createElement('ul');
  for (const item of items) ul.append(Object.assign(document.createElement('li'), { textContent: item }));
  return ul;
}
