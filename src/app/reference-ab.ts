// The reference A/B: reference tracks opened in the app (decoded by the decode worker, measured by
// the CLI's report model on the kernel), one of them looping beside the mix on the monitor path;
// R (or the button) switches what you hear between the mix and the reference at matched loudness
// (the louder turned down to the quieter's integrated loudness, src/rules/coach/ab.ts), or each at
// the level a chosen streaming service would play it. A table shows both side by side; a meter
// on the monitored output says what you hear. The references can also be the coach's target.

import { resolveLayout } from '../engine/layouts.js';
import type { BusMeterHandle } from '../live/meter.js';
import { createMeter } from '../live/meter.js';
import { bandDifferences, monitorGains, sideToMidFromCorrelation, type MonitorGains, type MonitoredLevel } from '../rules/coach/ab.js';
import { CoachAccumulator } from '../rules/coach/live.js';
import { BROAD_BANDS, balanceOf } from '../rules/coach/measure.js';
import { STREAMING_RULES, type StreamingRule } from '../rules/coach/streaming.js';
import { targetFromReferences } from '../rules/coach/targets.js';
import { formatReading } from '../rules/format.js';
import type { BounceReport } from '../offline/report/model.js';
import { reportOfBuffer } from './buffer-report.js';
import { $, panel } from './dom.js';
import { decodeFile, FileDecodeError } from './file-decode.js';
import { player } from './file-source.js';
import { currentMonitorPath, monitorPath, type Listening, type MonitorPath } from './monitor.js';
import { context, describe, ensureContext, onSessionChange, session, type Session } from './session.js';

interface Reference {
  name: string;
  buffer: AudioBuffer;
  report: BounceReport;
}

/** Audio time after a switch before the monitor meter starts measuring what you hear, s (the crossfade is over by then). */
const SETTLE_S = 0.1;

const fileInput = $<HTMLInputElement>('reference-file');
const dropZone = $('reference-drop');
const pickLabel = $('reference-pick-label');
const pickSel = $<HTMLSelectElement>('reference-pick');
const toggleBtn = $<HTMLButtonElement>('ab-toggle');
const playAsSel = $<HTMLSelectElement>('play-as');
const coachBox = $<HTMLInputElement>('coach-reference');
const statusEl = $('ab-status');
const table = $('ab-table');
const rowsEl = $('ab-rows');
const monitorEl = $('ab-monitor');
const section = $('ab');

for (const rule of STREAMING_RULES) playAsSel.add(new Option(`${rule.service} (${rule.targetLufs} LUFS)`, rule.id));

const references: Reference[] = [];
let selected: Reference | null = null;
let listening: Listening = 'mix';
let service: StreamingRule | null = null;
/** The playing file's report (its whole-file loudness, as the CLI measures it), by buffer. */
let mixReport: { buffer: AudioBuffer; report: BounceReport } | null = null;
let mixReportFor: AudioBuffer | null = null;
/** The live mix's coach measurement (PSR, bands), fed by the session's meter. */
const live = new CoachAccumulator();
let liveAbort: AbortController | null = null;
let playback: { path: MonitorPath; buffer: AudioBuffer; source: AudioBufferSourceNode; startedAt: number } | null = null;
let monitorMeter: { path: MonitorPath; meter: BusMeterHandle | null } | null = null;
/** Audio time at which the monitor meter is reset after a switch (null: measuring). */
let resetAt: number | null = null;
let gains: MonitorGains | null = null;
let applied = '';
let appliedGainDb = 0;

const inUse = () => selected !== null || service !== null;

function setStatus(text: string): void {
  if (statusEl.textContent !== text) statusEl.textContent = text;
}

// ---- Loading references.

async function addReferences(files: readonly File[]): Promise<void> {
  for (const file of files) {
    setStatus(`Decoding and measuring ${file.name}\u2026`);
    try {
      const decoded = await decodeFile(file);
      const report = await reportOfBuffer({ name: file.name, format: decoded.format, lossySource: decoded.lossy, buffer: decoded.buffer, layout: decoded.layout });
      const ref: Reference = { name: file.name, buffer: decoded.buffer, report };
      references.push(ref);
      pickSel.add(new Option(file.name, String(references.length - 1)));
      if (!selected) selected = ref;
    } catch (error) {
      setStatus(error instanceof FileDecodeError ? error.message : `${file.name}: ${describe(error)}`);
      return;
    }
  }
  pickLabel.hidden = references.length < 2;
  pickSel.value = String(selected ? references.indexOf(selected) : 0);
  toggleBtn.disabled = selected === null;
  coachBox.disabled = references.length === 0;
  applyCoachTarget();
  setStatus(`${references.length} reference${references.length === 1 ? '' : 's'} measured. R switches what you hear.`);
  if (!context || context.state === 'closed') ensureContext();
  sync();
}

fileInput.addEventListener('change', () => {
  const files = [...(fileInput.files ?? [])];
  if (files.length) void addReferences(files);
});
dropZone.addEventListener('dragover', (e) => {
  if (!e.dataTransfer?.types.includes('Files')) return;
  e.preventDefault();
  e.stopPropagation();
  dropZone.dataset.over = 'true';
});
dropZone.addEventListener('dragleave', () => delete dropZone.dataset.over);
dropZone.addEventListener('drop', (e) => {
  // A file dropped here is a reference, not the mix (the page's own drop handler opens the mix).
  e.preventDefault();
  e.stopPropagation();
  delete dropZone.dataset.over;
  const files = [...(e.dataTransfer?.files ?? [])];
  if (files.length) void addReferences(files);
});
pickSel.addEventListener('change', () => {
  selected = references[Number(pickSel.value)] ?? selected;
  sync();
});

// ---- The coach's target from the references.

function applyCoachTarget(): void {
  const coach = panel.coach;
  if (!coach) return;
  if (!coachBox.checked || references.length === 0) {
    coach.reference = null;
    return;
  }
  const label = references.length === 1 ? `your reference (${references[0].name})` : `your ${references.length} references`;
  coach.reference = targetFromReferences(references.map((r) => r.report.coach.measurement), label);
}
coachBox.addEventListener('change', applyCoachTarget);

// ---- Switching and gains.

export function toggleListening(): void {
  if (!selected) return;
  listening = listening === 'mix' ? 'reference' : 'mix';
  toggleBtn.setAttribute('aria-pressed', String(listening === 'reference'));
  toggleBtn.textContent = listening === 'reference' ? 'Hear the mix (R)' : 'Hear the reference (R)';
  setStatus(listening === 'reference' ? `You hear the reference, ${selected.name}.` : 'You hear the mix.');
  sync();
}

toggleBtn.addEventListener('click', toggleListening);
document.addEventListener('keydown', (e) => {
  if (e.key !== 'r' && e.key !== 'R') return;
  if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
  const target = e.target as HTMLElement | null;
  if (target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName) && (target as HTMLInputElement).type !== 'checkbox' && (target as HTMLInputElement).type !== 'radio')) return;
  if (!selected) return;
  e.preventDefault();
  toggleListening();
});
playAsSel.addEventListener('change', () => {
  service = STREAMING_RULES.find((r) => r.id === playAsSel.value) ?? null;
  sync();
});

/** The mix's integrated loudness and peak: the whole file's for a file (the CLI's), the meter's so far for a live source. */
function mixLevel(): MonitoredLevel {
  const whole = session?.kind === 'file' && mixReport && mixReport.buffer === player?.buffer;
  // Where the mix's loudness comes from: the whole file (measured), or the meter so far.
  section.dataset.mixLevel = whole ? 'file' : 'meter';
  if (whole) {
    return { integratedLufs: mixReport!.report.loudness.integratedLufs, truePeakMaxDbtp: mixReport!.report.peaks.truePeakMaxDbtp };
  }
  const r = session?.meter?.readings;
  return { integratedLufs: r && r.integratedLufs > -150 ? r.integratedLufs : null, truePeakMaxDbtp: r && r.truePeakMaxDbtp > -150 ? r.truePeakMaxDbtp : null };
}

const referenceLevel = (ref: Reference): MonitoredLevel => ({ integratedLufs: ref.report.loudness.integratedLufs, truePeakMaxDbtp: ref.report.peaks.truePeakMaxDbtp });

/** Brings the monitor path in line with the state: the reference playing, the gains, the monitor meter. */
function sync(): void {
  const ctx = context && context.state !== 'closed' ? context : null;
  if (!ctx) return;
  const path = monitorPath(ctx);
  if (selected && (playback?.path !== path || playback.buffer !== selected.buffer)) startReference(path, selected.buffer);
  if (!selected && playback) stopReference();
  if (inUse() && monitorMeter?.path !== path) void startMonitorMeter(path);
  if (session?.kind === 'file' && inUse() && player && mixReportFor !== player.buffer) void measureMix(player.name, player.buffer);
  updateGains(true);
}

function updateGains(force = false): void {
  const path = currentMonitorPath();
  if (!path) return;
  gains = monitorGains(mixLevel(), selected ? referenceLevel(selected) : null, service);
  const heard: Listening = selected ? listening : 'mix';
  // A live input is heard here only while the A/B or a streaming preview is in use.
  const mixOpen = session?.kind !== 'input' || inUse();
  const key = `${heard} ${gains.mixGainDb.toFixed(2)} ${gains.referenceGainDb.toFixed(2)} ${mixOpen}`;
  if (!force && key === applied) return;
  // What you hear changed (the other source, or its gain by more than 0.1 dB): the monitor meter starts again.
  const heardGain = heard === 'mix' ? gains.mixGainDb : gains.referenceGainDb;
  const switched = !applied.startsWith(`${heard} `) || Math.abs(heardGain - appliedGainDb) > 0.1;
  applied = key;
  appliedGainDb = heardGain;
  path.set(heard, gains.mixGainDb, gains.referenceGainDb, mixOpen);
  section.dataset.mixGainDb = gains.mixGainDb.toFixed(2);
  section.dataset.referenceGainDb = gains.referenceGainDb.toFixed(2);
  section.dataset.listening = heard;
  if (switched || force) {
    resetAt = path.context.currentTime + SETTLE_S;
    // Until the monitor meter restarts, nothing it shows is of what you hear now.
    monitorEl.dataset.state = 'settling';
    monitorEl.dataset.seconds = '0';
  }
}

function startReference(path: MonitorPath, buffer: AudioBuffer): void {
  stopReference();
  const source = new AudioBufferSourceNode(path.context, { buffer, loop: true });
  source.connect(path.refIn);
  const startedAt = path.context.currentTime + 0.02;
  source.start(startedAt);
  playback = { path, buffer, source, startedAt };
}

function stopReference(): void {
  if (!playback) return;
  try {
    playback.source.stop();
  } catch {
    // Its context is gone.
  }
  playback.source.disconnect();
  playback = null;
}

async function startMonitorMeter(path: MonitorPath): Promise<void> {
  const mine = { path, meter: null as BusMeterHandle | null };
  try {
    monitorMeter?.meter?.dispose();
  } catch {
    // Its context is closed.
  }
  monitorMeter = mine;
  try {
    const meter = await createMeter(path.context, path.out, { layout: 'stereo', spectrum: false, stereo: false });
    if (monitorMeter !== mine) {
      meter.dispose();
      return;
    }
    mine.meter = meter;
    resetAt = path.context.currentTime + SETTLE_S;
    meter.addEventListener('readings', () => showMonitored(meter));
  } catch (error) {
    setStatus(`The meter of what you hear could not start: ${describe(error)}`);
  }
}

const layoutOf = (buffer: AudioBuffer) => (player?.buffer === buffer ? player.layout : resolveLayout(buffer.numberOfChannels));

async function measureMix(name: string, buffer: AudioBuffer): Promise<void> {
  mixReportFor = buffer;
  try {
    const report = await reportOfBuffer({ name, format: '', lossySource: false, buffer, layout: layoutOf(buffer) });
    if (mixReportFor !== buffer) return;
    mixReport = { buffer, report };
    updateGains();
  } catch (error) {
    setStatus(`${name} could not be measured for the A/B: ${describe(error)}`);
  }
}

// ---- What you hear, and the table.

function showMonitored(meter: BusMeterHandle): void {
  const ctx = meter.context;
  if (resetAt !== null) {
    if (ctx.currentTime < resetAt) {
      monitorEl.dataset.state = 'settling';
      return;
    }
    resetAt = null;
    meter.reset();
    monitorEl.dataset.state = 'measuring';
    monitorEl.dataset.seconds = '0';
    return;
  }
  const r = meter.readings;
  const seconds = r.sampleRate > 0 ? r.frames / r.sampleRate : 0;
  const heard = section.dataset.listening === 'reference' ? `the reference (${selected?.name ?? ''})` : 'the mix';
  monitorEl.dataset.listening = section.dataset.listening ?? 'mix';
  monitorEl.dataset.integrated = r.integratedLufs > -150 ? r.integratedLufs.toFixed(3) : '-inf';
  monitorEl.dataset.seconds = seconds.toFixed(2);
  const text = `You hear ${heard}${service ? ` as ${service.service} plays it${service.turnUp === 'limited' ? ' (without its limiter)' : ''}` : selected ? ', loudness-matched' : ''}: ${formatReading(r.integratedLufs)} LUFS integrated over the ${seconds.toFixed(0)} s since the last switch, ${formatReading(r.shortTermLufs)} LUFS short-term.`;
  if (monitorEl.textContent !== text) monitorEl.textContent = text;
}

type Row = [string, string, number | null, number | null, string];

function referenceShortTerm(ref: Reference): number | null {
  if (!playback || playback.buffer !== ref.buffer) return null;
  const position = (playback.path.context.currentTime - playback.startedAt) % ref.buffer.duration;
  const series = ref.report.series;
  const i = Math.floor(position / series.stepSeconds) - 1;
  return i >= 0 && i < series.shortTermLufs.length ? series.shortTermLufs[i] : null;
}

function renderTable(): void {
  if (!selected) {
    table.hidden = true;
    return;
  }
  const r = selected.report;
  const m = session?.meter;
  const fileMix = session?.kind === 'file' && mixReport && mixReport.buffer === player?.buffer ? mixReport.report : null;
  let mixBands: number[] | null = null;
  let psr: number | null = null;
  let lra: number | null = null;
  let width: number | null = null;
  if (fileMix) {
    mixBands = fileMix.coach.measurement.bandsDb;
    psr = fileMix.coach.measurement.psrDb;
    lra = fileMix.loudness.loudnessRangeLu;
    width = fileMix.stereo?.sideToMidDb ?? null;
  } else if (m) {
    const measured = live.measurement(true);
    mixBands = measured?.bandsDb ?? null;
    psr = measured?.psrDb ?? null;
    lra = m.readings.integratedLufs > -150 ? m.readings.loudnessRangeLu : null;
    width = m.stereo.enabled && m.stereo.frames > 0 ? sideToMidFromCorrelation(m.stereo.correlationProgramme, m.stereo.balanceProgrammeDb) : null;
  }
  const level = mixLevel();
  const refBalance = r.coach.measurement.bandsDb.every((v) => v > -150) ? balanceOf(r.coach.measurement.bandsDb) : null;
  const mixBalance = mixBands && mixBands.every((v) => v > -150) ? balanceOf(mixBands) : null;
  const diffs = mixBands ? bandDifferences(mixBands, r.coach.measurement.bandsDb) : BROAD_BANDS.map(() => null);
  const rows: Row[] = [
    ['Integrated', 'integrated', level.integratedLufs, r.loudness.integratedLufs, 'LUFS'],
    ['Short-term', 'short-term', m && m.readings.shortTermLufs > -150 ? m.readings.shortTermLufs : null, referenceShortTerm(selected), 'LUFS'],
    ['PSR', 'psr', psr, r.coach.measurement.psrDb, 'dB'],
    ['Loudness range', 'lra', lra, r.loudness.loudnessRangeLu, 'LU'],
    ['Width (side/mid)', 'width', width, r.stereo?.sideToMidDb ?? null, 'dB'],
    ...BROAD_BANDS.map((b, k): Row => [`Balance, ${b.name}`, `band-${b.id}`, mixBalance?.[k] ?? null, refBalance?.[k] ?? null, 'dB']),
  ];
  const cells = rows.map(([label, key, mix, ref, unit], i) => {
    const diff = i >= 5 ? diffs[i - 5] : mix !== null && ref !== null ? mix - ref : null;
    const show = (v: number | null, u: string, plus = false) => (v === null ? '\u2014' : `${formatReading(v, 1, plus)} ${u}`);
    // A difference of loudness levels is in LU.
    return `<tr data-row="${key}" data-mix="${mix ?? ''}" data-reference="${ref ?? ''}"><th scope="row">${label}</th><td>${show(mix, unit)}</td><td>${show(ref, unit)}</td><td>${show(diff, unit === 'LUFS' ? 'LU' : unit, true)}</td></tr>`;
  });
  const html = cells.join('');
  if (rowsEl.dataset.html !== html) {
    rowsEl.innerHTML = html;
    rowsEl.dataset.html = html;
  }
  $('ab-reference-name').textContent = selected.name;
  table.hidden = false;
}

// ---- Following the session.

onSessionChange((s: Session | null) => {
  liveAbort?.abort();
  liveAbort = null;
  live.reset();
  applied = '';
  if (!s) return;
  const meter = s.meter;
  if (meter && s.kind !== 'file') {
    const controller = new AbortController();
    liveAbort = controller;
    const signal = controller.signal;
    const time = () => meter.readings.frames / (meter.readings.sampleRate || 1);
    meter.addEventListener('readings', () => {
      const r = meter.readings;
      let peak = -Infinity;
      for (const c of r.channels) peak = Math.max(peak, c.truePeakDbtp);
      live.pushLoudness(time(), peak, r.momentaryLufs, r.shortTermLufs, r.loudnessRangeLu, r.integratedLufs, r.truePeakMaxDbtp);
    }, { signal });
    meter.addEventListener('spectrum', () => {
      const sp = meter.spectrum;
      if (sp.enabled && sp.bandCount > 0) live.pushSpectrum(time(), sp.bandCentreHz, sp.bandLevelDb, sp.bandCount);
    }, { signal });
    meter.addEventListener('stereo', () => {
      const st = meter.stereo;
      if (st.enabled && st.bandCount > 0) live.pushStereo(time(), st.bandCentreHz, st.bandCorrelation, st.bandCount);
    }, { signal });
    meter.addEventListener('reset', () => live.reset(), { signal });
  }
  sync();
});

// The live mix's loudness moves: the gains and the table follow at UI rate.
setInterval(() => {
  if (!inUse()) return;
  updateGains();
  renderTable();
}, 250);
