// Source (2): an audio file, played through the meter, and "Analyse whole file" (offline rendering).

import { FLOOR_DB } from '../contract/readings-layout.js';
import type { Readings } from '../engine/readings.js';
import type { ChannelLayout } from '../engine/layouts.js';
import { analyzeOffline } from '../live/render-offline.js';
import { decodeFile, FileDecodeError } from './file-decode.js';
import { $, analyseBtn, analysisEl, dropZone, fileInput, panel, playBtn, reportView, seekInput, timeEl } from './dom.js';
import { context, describe, endSession, ensureContext, generation, session, setStatus, startMeter } from './session.js';
import { monitorPath } from './monitor.js';
import { selectSourceTab } from './tabs.js';

export interface FilePlayer {
  name: string;
  buffer: AudioBuffer;
  /** The decoder's channel layout (the CLI measures with the same). */
  layout: ChannelLayout;
  /** Decoded by the browser: a format busmeter's decoders (and so the CLI) do not read. */
  byBrowser: boolean;
  bus: GainNode;
  source: AudioBufferSourceNode | null;
  /** Position (s) while stopped; while playing, context time at position 0. */
  offset: number;
  startedAt: number;
  playing: boolean;
}

export let player: FilePlayer | null = null;
export let timeTimer: ReturnType<typeof setInterval> | null = null;

export function formatTime(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}

export function playerPosition(p: FilePlayer): number {
  if (!p.playing || !context) return p.offset;
  return Math.min(p.buffer.duration, context.currentTime - p.startedAt);
}

export function showTime(): void {
  if (!player) return;
  const pos = playerPosition(player);
  timeEl.textContent = `${formatTime(pos)} / ${formatTime(player.buffer.duration)}`;
  if (document.activeElement !== seekInput) seekInput.value = pos.toFixed(1);
}

export function play(p: FilePlayer, from: number): void {
  if (!context) return;
  stopSource(p);
  const source = new AudioBufferSourceNode(context, { buffer: p.buffer });
  source.connect(p.bus);
  const at = Math.max(0, Math.min(from, p.buffer.duration));
  source.start(0, at);
  p.source = source;
  p.startedAt = context.currentTime - at;
  p.playing = true;
  source.addEventListener('ended', () => {
    if (p.source !== source) return;
    p.source = null;
    p.playing = false;
    p.offset = 0;
    syncPlayButton();
    showTime();
    if (session?.kind === 'file') setStatus('stopped', `Finished ${p.name}.`);
  });
  syncPlayButton();
  if (timeTimer === null) timeTimer = setInterval(showTime, 250);
  setStatus('playing', `Playing ${p.name}${p.byBrowser ? ' (decoded by the browser: busmeter\'s own decoders, and so the CLI, do not read this format)' : ''}.`);
}

export function stopSource(p: FilePlayer): void {
  if (p.source) {
    const s = p.source;
    p.source = null;
    try {
      s.stop();
    } catch {
      // Never started.
    }
    s.disconnect();
  }
}

export function pausePlayer(p: FilePlayer): void {
  p.offset = playerPosition(p);
  p.playing = false;
  stopSource(p);
  syncPlayButton();
  setStatus('stopped', `Paused ${p.name} at ${formatTime(p.offset)}.`);
}

export function syncPlayButton(): void {
  const playing = !!player?.playing;
  playBtn.textContent = playing ? 'Stop' : 'Play';
  playBtn.setAttribute('aria-pressed', String(playing));
}

/** Forgets the previous file's errors (the meter's refusal, a failed analysis). */
function clearFileErrors(): void {
  for (const where of ['module', 'processor', 'input']) void panel.clearWarning(`meter-error:${where}`);
  void panel.clearWarning('analysis');
}

export async function loadFile(file: File): Promise<void> {
  selectSourceTab('file');
  endSession();
  const mine = generation;
  clearFileErrors();
  setStatus('connecting', `Decoding ${file.name}…`);
  analysisEl.hidden = true;
  let decoded;
  try {
    decoded = await decodeFile(file);
  } catch (error) {
    if (mine !== generation) return;
    // The decoders' one line, as the CLI prints it after "busmeter: ".
    setStatus('error', error instanceof FileDecodeError ? error.message : `${file.name}: ${describe(error)}`);
    return;
  }
  if (mine !== generation) return;
  const { buffer, layout } = decoded;
  let ctx: AudioContext;
  try {
    ctx = ensureContext(buffer.sampleRate);
  } catch (error) {
    setStatus('error', `Cannot play ${file.name} at ${buffer.sampleRate} Hz in this browser: ${describe(error)}`);
    return;
  }
  const channels = buffer.numberOfChannels;
  const bus = new GainNode(ctx, { channelCount: channels, channelCountMode: 'explicit', channelInterpretation: 'discrete' });
  // Heard through the monitor path (the reference A/B's switch and gains).
  bus.connect(monitorPath(ctx).mixIn);
  const p: FilePlayer = { name: file.name, buffer, layout, byBrowser: decoded.byBrowser, bus, source: null, offset: 0, startedAt: 0, playing: false };
  player = p;
  seekInput.max = buffer.duration.toFixed(1);
  seekInput.value = '0';
  seekInput.disabled = false;
  playBtn.disabled = false;
  const meter = await startMeter('file', ctx, bus, { weights: layout.weights, labels: layout.labels }, { lossySource: decoded.lossy }, () => {
    stopSource(p);
    bus.disconnect();
    if (player === p) player = null;
    if (timeTimer !== null) clearInterval(timeTimer);
    timeTimer = null;
    playBtn.disabled = true;
    seekInput.disabled = true;
    analyseBtn.disabled = true;
    reportView.setFile(null);
    syncPlayButton();
  });
  // Analyse and Report run the same kernel: where the meter refused the file they cannot run.
  if (!meter) return;
  analyseBtn.disabled = false;
  reportView.setFile({ name: file.name, type: file.type, buffer, format: decoded.format, layout, lossySource: decoded.lossy });
  showTime();
  play(p, 0);

}

fileInput.addEventListener('change', () => {
  const file = fileInput.files?.[0];
  if (file) void loadFile(file);
});

playBtn.addEventListener('click', () => {
  if (!player) return;
  if (player.playing) pausePlayer(player);
  else play(player, player.offset);
});

seekInput.addEventListener('change', () => {
  if (!player) return;
  const to = Number(seekInput.value);
  if (player.playing) play(player, to);
  else player.offset = to;
  showTime();
});

// Drag and drop anywhere on the page.
document.addEventListener('dragover', (e) => {
  if (!e.dataTransfer?.types.includes('Files')) return;
  e.preventDefault();
  e.dataTransfer.dropEffect = 'copy';
  dropZone.dataset.over = 'true';
});
document.addEventListener('dragleave', (e) => {
  if (e.relatedTarget === null) delete dropZone.dataset.over;
});
document.addEventListener('drop', (e) => {
  const file = e.dataTransfer?.files?.[0];
  delete dropZone.dataset.over;
  if (!file) return;
  e.preventDefault();
  void loadFile(file);
});

export const fmt = (v: number, unit: string, digits = 1) => {
  if (!(v > FLOOR_DB)) return '\u2014';
  const abs = Math.abs(v).toFixed(digits);
  return `${v < 0 && Number(abs) !== 0 ? '\u2212' : ''}${abs} ${unit}`;
};

export function showAnalysis(name: string, r: Readings, seconds: number): void {
  const rows: [string, string, string, number][] = [
    ['Integrated loudness', 'integrated', fmt(r.integratedLufs, 'LUFS'), r.integratedLufs],
    ['Loudness range', 'loudness-range', r.loudnessRangeHighLufs > FLOOR_DB ? `${r.loudnessRangeLu.toFixed(1)} LU` : '\u2014', r.loudnessRangeLu],
    ['Max true peak', 'true-peak-max', fmt(r.truePeakMaxDbtp, 'dBTP'), r.truePeakMaxDbtp],
    ['Max sample peak', 'sample-peak-max', fmt(r.samplePeakMaxDbfs, 'dBFS'), r.samplePeakMaxDbfs],
    ['Max momentary', 'momentary-max', fmt(r.momentaryMaxLufs, 'LUFS'), r.momentaryMaxLufs],
    ['Max short-term', 'short-term-max', fmt(r.shortTermMaxLufs, 'LUFS'), r.shortTermMaxLufs],
    ['PLR', 'plr', fmt(r.plrLu, 'LU'), r.plrLu],
    ['Clipped runs', 'clip-runs', String(r.clipRuns), r.clipRuns],
    ['True-peak overs', 'true-peak-overs', String(r.truePeakOvers), r.truePeakOvers],
  ];
  for (const ch of r.channels) {
    rows.push([`${ch.label}: true peak / sample peak`, `channel-${ch.label}`, `${fmt(ch.truePeakMaxDbtp, 'dBTP')} / ${fmt(ch.samplePeakMaxDbfs, 'dBFS')}`, ch.truePeakMaxDbtp]);
  }
  const dl = $('analysis-values');
  dl.replaceChildren();
  for (const [label, key, text, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = text;
    dd.dataset.reading = key;
    dd.dataset.value = value > FLOOR_DB ? value.toFixed(2) : '-inf';
    const pair = document.createElement('div');
    pair.append(dt, dd);
    dl.append(pair);
  }
  $('analysis-name').textContent = name;
  $('analysis-note').textContent =
    `${formatTime(seconds)} at ${r.sampleRate} Hz, ${r.channelCount} channel${r.channelCount === 1 ? '' : 's'}` +
    (r.badSamples > 0 ? `; ${r.badSamples} NaN/Inf samples were measured as silence.` : '.') +
    (r.farOverFullScale ? ' Samples lie beyond +24 dBFS: the audio is probably in the wrong scale (measured as it is).' : '');
  analysisEl.hidden = false;
}

analyseBtn.addEventListener('click', async () => {
  const p = player;
  if (!p) return;
  analyseBtn.disabled = true;
  const before = analyseBtn.textContent;
  analyseBtn.textContent = 'Analysing…';
  try {
    const r = await analyzeOffline(p.buffer, { layout: { weights: p.layout.weights, labels: p.layout.labels } });
    showAnalysis(p.name, r, p.buffer.duration);
  } catch (error) {
    void panel.showWarning('analysis', `Whole-file analysis failed: ${describe(error)}`, 'error');
  } finally {
    analyseBtn.textContent = before;
    analyseBtn.disabled = player !== p;
  }
});
