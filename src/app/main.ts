// The busmeter app (index.html): one <busmeter-panel> fed by an audio interface, an audio file
// or a built-in test signal.
//
// Sample rates: the AudioContext runs at the source's own rate wherever that is known (the
// input device's rate, the file's rate), so samples reach the meter unresampled and sample
// peaks read as recorded. Test signals are generated at whatever rate the context has.

import './paint-mode.js';
import '../components/index.js';
import './app.css';
import type { BusmeterPanel } from '../components/panel/panel.js';
import { createMeter, type BusMeterHandle } from '../live/meter.js';
import { analyzeOffline, decodeAudioFileInBrowser } from '../live/render-offline.js';
import { listAudioInputs, loadInputChoice, meterConstraints } from '../live/input/devices.js';
import { LiveInput, type LiveInputStatus } from '../live/input/live-input.js';
import type { Readings } from '../engine/readings.js';
import { FLOOR_DB } from '../contract/readings-layout.js';
import { TEST_SIGNALS, testSignalBuffer } from './signals.js';
import { BusLimiter } from './bus-limiter.js';
import { ReportView } from './report-view.js';

type SourceKind = 'input' | 'file' | 'signal';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html lacks #${id}`);
  return el as T;
};

const panel = $<BusmeterPanel>('meter');
const statusEl = $('status');
const rateEl = $('rate');
const transportEl = $('transport-kind');
const pauseBtn = $<HTMLButtonElement>('pause');
const resetBtn = $<HTMLButtonElement>('reset');
const targetSel = $<HTMLSelectElement>('target');
const targetCustomLabel = $('target-custom-label');
const targetCustom = $<HTMLInputElement>('target-custom');
const scaleSel = $<HTMLSelectElement>('scale');
const deviceSel = $<HTMLSelectElement>('device');
const pairLabel = $('pair-label');
const pairSel = $<HTMLSelectElement>('pair');
const connectBtn = $<HTMLButtonElement>('connect');
const disconnectBtn = $<HTMLButtonElement>('disconnect');
const fileInput = $<HTMLInputElement>('file');
const dropZone = $('drop');
const playBtn = $<HTMLButtonElement>('play');
const seekInput = $<HTMLInputElement>('seek');
const timeEl = $('time');
const analyseBtn = $<HTMLButtonElement>('analyse');
const analysisEl = $('analysis');
const signalSel = $<HTMLSelectElement>('signal');
const monitorBox = $<HTMLInputElement>('monitor');
const limiterBox = $<HTMLInputElement>('limiter');
const signalStartBtn = $<HTMLButtonElement>('signal-start');
const signalStopBtn = $<HTMLButtonElement>('signal-stop');
const signalExpected = $('signal-expected');
const reportView = new ReportView();

// ---------------------------------------------------------------------------------------------
// State

interface Session {
  kind: SourceKind;
  meter: BusMeterHandle | null;
  /** Frees everything the session made (not the context). */
  end(): void;
}

let context: AudioContext | null = null;
let session: Session | null = null;
/** Bumped on every new session, so a slow start that was overtaken gives up. */
let generation = 0;

/** The source's own status, shown again when the meter resumes. */
let sourceStatus = { state: 'idle', text: 'Choose a source to start metering.' };

function setStatus(state: string, text: string): void {
  sourceStatus = { state, text };
  if (session?.meter?.paused) return;
  showStatus(state, text);
}

function showStatus(state: string, text: string): void {
  statusEl.dataset.state = state;
  if (statusEl.textContent !== text) statusEl.textContent = text;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function endSession(): void {
  generation++;
  const s = session;
  session = null;
  if (!s) return;
  s.meter?.dispose();
  s.end();
  panel.meter = null;
  panel.input = null;
  pauseBtn.disabled = true;
  resetBtn.disabled = true;
  pauseBtn.setAttribute('aria-pressed', 'false');
  pauseBtn.textContent = 'Pause meter';
}

/** The AudioContext, at `sampleRate` when given (a context at another rate is replaced). */
function ensureContext(sampleRate?: number): AudioContext {
  if (context && context.state !== 'closed' && (sampleRate === undefined || context.sampleRate === sampleRate)) {
    void context.resume();
    return context;
  }
  endSession();
  if (context && context.state !== 'closed') void context.close();
  context = new AudioContext(sampleRate ? { sampleRate, latencyHint: 'interactive' } : { latencyHint: 'interactive' });
  void context.resume();
  showRate();
  return context;
}

function showRate(): void {
  if (!context) return;
  const rate = context.sampleRate;
  rateEl.dataset.value = String(rate);
  rateEl.textContent = `${(rate / 1000).toLocaleString('en-US', { maximumFractionDigits: 3 })} kHz`;
}

async function startMeter(kind: SourceKind, ctx: AudioContext, node: AudioNode, layout: number | string, end: () => void): Promise<BusMeterHandle | null> {
  const mine = generation;
  session = { kind, meter: null, end };
  let meter: BusMeterHandle;
  try {
    meter = await createMeter(ctx, node, { layout });
  } catch (error) {
    if (mine !== generation) return null;
    const where = (error as { where?: string }).where ?? 'module';
    setStatus('error', `The meter could not start: ${describe(error)}`);
    void panel.showWarning(`meter-error:${where}`, `The meter could not start: ${describe(error)}`, 'error');
    return null;
  }
  if (mine !== generation || !session) {
    meter.dispose();
    return null;
  }
  session.meter = meter;
  panel.meter = meter;
  void panel.clearWarning('meter-error:module');
  pauseBtn.disabled = false;
  resetBtn.disabled = false;
  showRate();
  transportEl.textContent = meter.transport === 'shared' ? 'shared-memory transport' : 'message transport';
  return meter;
}

// ---------------------------------------------------------------------------------------------
// Source tabs

function showSourcePanel(kind: SourceKind): void {
  $('panel-input').hidden = kind !== 'input';
  $('panel-file').hidden = kind !== 'file';
  $('panel-signal').hidden = kind !== 'signal';
}

for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="source"]')) {
  radio.addEventListener('change', () => {
    if (radio.checked) showSourcePanel(radio.value as SourceKind);
  });
}

function selectSourceTab(kind: SourceKind): void {
  const radio = document.querySelector<HTMLInputElement>(`input[name="source"][value="${kind}"]`);
  if (radio) radio.checked = true;
  showSourcePanel(kind);
}

// ---------------------------------------------------------------------------------------------
// Common controls

pauseBtn.addEventListener('click', () => {
  const meter = session?.meter;
  if (!meter) return;
  if (meter.paused) meter.resume();
  else meter.pause();
  pauseBtn.setAttribute('aria-pressed', String(meter.paused));
  pauseBtn.textContent = meter.paused ? 'Resume meter' : 'Pause meter';
  if (meter.paused) showStatus('paused', 'Paused: the meter holds its readings; audio is not being measured.');
  else showStatus(sourceStatus.state, sourceStatus.text);
});

resetBtn.addEventListener('click', () => session?.meter?.reset());

const PREFS_KEY = 'busmeter.app';

function savePrefs(): void {
  try {
    localStorage.setItem(PREFS_KEY, JSON.stringify({ target: targetSel.value, custom: targetCustom.value, scale: scaleSel.value }));
  } catch {
    // Not remembered.
  }
}

function applyTarget(): void {
  const custom = targetSel.value === 'custom';
  targetCustomLabel.hidden = !custom;
  const value = Number(targetCustom.value);
  panel.target = custom ? (Number.isFinite(value) ? value : -23) : targetSel.value;
}

function loadPrefs(): void {
  try {
    const prefs = JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}') as { target?: string; custom?: string; scale?: string };
    if (prefs.target && [...targetSel.options].some((o) => o.value === prefs.target)) targetSel.value = prefs.target;
    if (prefs.custom) targetCustom.value = prefs.custom;
    if (prefs.scale === 'ebu9' || prefs.scale === 'ebu18') scaleSel.value = prefs.scale;
  } catch {
    // Defaults.
  }
  applyTarget();
  panel.scale = scaleSel.value as 'ebu9' | 'ebu18';
}

targetSel.addEventListener('change', () => {
  applyTarget();
  savePrefs();
});
targetCustom.addEventListener('change', () => {
  applyTarget();
  savePrefs();
});
scaleSel.addEventListener('change', () => {
  panel.scale = scaleSel.value as 'ebu9' | 'ebu18';
  savePrefs();
});

// ---------------------------------------------------------------------------------------------
// (1) Audio interface / microphone

let liveInput: LiveInput | null = null;

async function refreshDevices(): Promise<void> {
  const inputs = await listAudioInputs().catch(() => []);
  const remembered = loadInputChoice();
  const current = liveInput?.device?.deviceId ?? deviceSel.value ?? remembered?.deviceId ?? '';
  deviceSel.replaceChildren();
  const hasDefault = inputs.some((d) => d.deviceId === 'default');
  if (!hasDefault) deviceSel.add(new Option('Default input', ''));
  let n = 0;
  for (const d of inputs) {
    if (d.deviceId === '') continue;
    n++;
    const label = d.deviceId === 'default' ? `Default${d.label ? `: ${d.label.replace(/^Default - /, '')}` : ' input'}` : d.label || `Input ${n}`;
    deviceSel.add(new Option(label, d.deviceId));
  }
  const wanted = current || remembered?.deviceId || '';
  if ([...deviceSel.options].some((o) => o.value === wanted)) deviceSel.value = wanted;
  $('input-hint').hidden = inputs.some((d) => d.label !== '');
}

function showPairs(input: LiveInput): void {
  const track = input.track;
  const caps = track && typeof track.getCapabilities === 'function' ? track.getCapabilities() : undefined;
  const max = Math.max(caps?.channelCount?.max ?? 0, track?.getSettings().channelCount ?? 0);
  if (max <= 2) {
    pairLabel.hidden = true;
    return;
  }
  pairSel.replaceChildren();
  for (let first = 0; first + 1 < max; first += 2) pairSel.add(new Option(`${first + 1}\u2013${first + 2}`, String(first)));
  pairSel.value = String(input.channelPair);
  pairLabel.hidden = false;
}

/** The rate the device records at (opening it briefly), so the context can match it. */
async function deviceSampleRate(deviceId: string | undefined): Promise<number | undefined> {
  try {
    const probe = await navigator.mediaDevices.getUserMedia({ audio: meterConstraints(deviceId, 2) });
    const rate = probe.getAudioTracks()[0]?.getSettings().sampleRate;
    for (const t of probe.getTracks()) t.stop();
    return typeof rate === 'number' && rate >= 3000 ? rate : undefined;
  } catch {
    return undefined; // LiveInput reports the problem in words.
  }
}

function onInputStatus(e: Event): void {
  const { state, message } = (e as CustomEvent<LiveInputStatus>).detail;
  const words: Record<string, string> = {
    connecting: message || 'Connecting…',
    live: message || 'Live.',
    disconnected: `${message || 'Disconnected.'}`,
    error: message || 'The input failed.',
  };
  setStatus(state === 'disconnected' ? 'reconnecting' : state, words[state] ?? message);
  if (state === 'live') {
    void refreshDevices();
    if (liveInput) showPairs(liveInput);
  }
}

async function connectInput(): Promise<void> {
  selectSourceTab('input');
  endSession();
  const mine = generation;
  setStatus('connecting', 'Opening the audio input…');
  connectBtn.disabled = true;
  const deviceId = deviceSel.value || loadInputChoice()?.deviceId || undefined;
  const rate = await deviceSampleRate(deviceId);
  if (mine !== generation) return;
  const ctx = ensureContext(rate);
  const input = new LiveInput(ctx, { deviceId, channelPair: Number(pairSel.value) || 0 });
  liveInput = input;
  input.addEventListener('status', onInputStatus);
  panel.input = input;
  disconnectBtn.disabled = false;
  const meterReady = startMeter('input', ctx, input.output, 'stereo', () => {
    input.dispose();
    if (liveInput === input) liveInput = null;
    connectBtn.disabled = false;
    disconnectBtn.disabled = true;
    pairLabel.hidden = true;
  });
  await Promise.all([input.start(), meterReady]);
  connectBtn.disabled = false;
  if (mine === generation) panel.input = input;
}

connectBtn.addEventListener('click', () => void connectInput());
disconnectBtn.addEventListener('click', () => {
  // Closes the device; the meter keeps its readings on screen until the next source starts.
  liveInput?.stop();
  disconnectBtn.disabled = true;
  setStatus('idle', 'Disconnected: the readings stay until you reset or start another source.');
});
deviceSel.addEventListener('change', () => {
  // Another device may run at another rate: reconnect, so the context follows it.
  if (liveInput && session?.kind === 'input') void connectInput();
});
pairSel.addEventListener('change', () => {
  if (liveInput && session?.kind === 'input') void liveInput.select({ channelPair: Number(pairSel.value) });
});
navigator.mediaDevices?.addEventListener?.('devicechange', () => void refreshDevices());

// ---------------------------------------------------------------------------------------------
// (2) Audio file

interface FilePlayer {
  name: string;
  buffer: AudioBuffer;
  bus: GainNode;
  source: AudioBufferSourceNode | null;
  /** Position (s) while stopped; while playing, context time at position 0. */
  offset: number;
  startedAt: number;
  playing: boolean;
}

let player: FilePlayer | null = null;
let timeTimer: ReturnType<typeof setInterval> | null = null;

function formatTime(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}

function playerPosition(p: FilePlayer): number {
  if (!p.playing || !context) return p.offset;
  return Math.min(p.buffer.duration, context.currentTime - p.startedAt);
}

function showTime(): void {
  if (!player) return;
  const pos = playerPosition(player);
  timeEl.textContent = `${formatTime(pos)} / ${formatTime(player.buffer.duration)}`;
  if (document.activeElement !== seekInput) seekInput.value = pos.toFixed(1);
}

function play(p: FilePlayer, from: number): void {
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
  setStatus('playing', `Playing ${p.name}.`);
}

function stopSource(p: FilePlayer): void {
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

function pausePlayer(p: FilePlayer): void {
  p.offset = playerPosition(p);
  p.playing = false;
  stopSource(p);
  syncPlayButton();
  setStatus('stopped', `Paused ${p.name} at ${formatTime(p.offset)}.`);
}

function syncPlayButton(): void {
  const playing = !!player?.playing;
  playBtn.textContent = playing ? 'Stop' : 'Play';
  playBtn.setAttribute('aria-pressed', String(playing));
}

async function loadFile(file: File): Promise<void> {
  selectSourceTab('file');
  endSession();
  const mine = generation;
  setStatus('connecting', `Decoding ${file.name}…`);
  analysisEl.hidden = true;
  let buffer: AudioBuffer;
  try {
    buffer = await decodeAudioFileInBrowser(file);
  } catch (error) {
    setStatus('error', `Could not read ${file.name}: ${describe(error)}`);
    return;
  }
  if (mine !== generation) return;
  const ctx = ensureContext(buffer.sampleRate);
  const channels = buffer.numberOfChannels;
  const bus = new GainNode(ctx, { channelCount: channels, channelCountMode: 'explicit', channelInterpretation: 'discrete' });
  bus.connect(ctx.destination);
  const p: FilePlayer = { name: file.name, buffer, bus, source: null, offset: 0, startedAt: 0, playing: false };
  player = p;
  seekInput.max = buffer.duration.toFixed(1);
  seekInput.value = '0';
  seekInput.disabled = false;
  playBtn.disabled = false;
  analyseBtn.disabled = false;
  reportView.setFile({ name: file.name, type: file.type, buffer });
  const meter = await startMeter('file', ctx, bus, channels, () => {
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
  if (!meter) return;
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

const fmt = (v: number, unit: string, digits = 1) => {
  if (!(v > FLOOR_DB)) return '\u2014';
  const abs = Math.abs(v).toFixed(digits);
  return `${v < 0 && Number(abs) !== 0 ? '\u2212' : ''}${abs} ${unit}`;
};

function showAnalysis(name: string, r: Readings, seconds: number): void {
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
    (r.badSamples > 0 ? `; ${r.badSamples} NaN/Inf samples were measured as silence.` : '.');
  analysisEl.hidden = false;
}

analyseBtn.addEventListener('click', async () => {
  const p = player;
  if (!p) return;
  analyseBtn.disabled = true;
  const before = analyseBtn.textContent;
  analyseBtn.textContent = 'Analysing…';
  try {
    const r = await analyzeOffline(p.buffer);
    showAnalysis(p.name, r, p.buffer.duration);
  } catch (error) {
    void panel.showWarning('analysis', `Whole-file analysis failed: ${describe(error)}`, 'error');
  } finally {
    analyseBtn.textContent = before;
    analyseBtn.disabled = player !== p;
  }
});

// ---------------------------------------------------------------------------------------------
// (3) Test signals

for (const s of TEST_SIGNALS) signalSel.add(new Option(s.name, s.id));
const showExpected = () => {
  signalExpected.textContent = `Expected: ${TEST_SIGNALS.find((s) => s.id === signalSel.value)?.expected ?? ''}`;
};
signalSel.addEventListener('change', () => {
  showExpected();
  if (session?.kind === 'signal') void startSignal();
});
showExpected();

let monitorGain: GainNode | null = null;
let busLimiter: BusLimiter | null = null;

async function startSignal(): Promise<void> {
  selectSourceTab('signal');
  endSession();
  const signal = TEST_SIGNALS.find((s) => s.id === signalSel.value) ?? TEST_SIGNALS[0];
  const ctx = ensureContext(context?.sampleRate);
  const bus = new GainNode(ctx, { channelCount: 2, channelCountMode: 'explicit', channelInterpretation: 'discrete' });
  // The signal passes a switchable bus limiter on its way to the meter (see bus-limiter.ts).
  const limiter = new BusLimiter(ctx, 2);
  limiter.enabled = limiterBox.checked;
  busLimiter = limiter;
  const monitor = new GainNode(ctx, { gain: monitorBox.checked ? 1 : 0 });
  bus.connect(limiter.input);
  limiter.output.connect(monitor).connect(ctx.destination);
  monitorGain = monitor;
  const source = new AudioBufferSourceNode(ctx, { buffer: testSignalBuffer(ctx, signal), loop: true });
  source.connect(bus);
  signalStartBtn.disabled = true;
  signalStopBtn.disabled = false;
  const meter = await startMeter('signal', ctx, limiter.output, 'stereo', () => {
    try {
      source.stop();
    } catch {
      // Never started.
    }
    source.disconnect();
    bus.disconnect();
    limiter.disconnect();
    if (busLimiter === limiter) busLimiter = null;
    monitor.disconnect();
    if (monitorGain === monitor) monitorGain = null;
    signalStartBtn.disabled = false;
    signalStopBtn.disabled = true;
  });
  if (!meter) return;
  // A 10 ms fade-in, as the EBU test files have: an abrupt start is a step whose overshoot the
  // true-peak meter would rightly report, and it is not part of the test signal.
  const now = ctx.currentTime;
  bus.gain.setValueAtTime(0, now);
  bus.gain.linearRampToValueAtTime(1, now + 0.01);
  source.start(now);
  setStatus('playing', `Test signal: ${signal.name}.`);
  stopSignal = () => {
    try {
      source.stop();
    } catch {
      // Never started.
    }
    signalStartBtn.disabled = false;
    signalStopBtn.disabled = true;
    setStatus('stopped', `Test signal stopped; the readings stay until you reset or start again.`);
  };
}

let stopSignal: (() => void) | null = null;

signalStartBtn.addEventListener('click', () => void startSignal());
signalStopBtn.addEventListener('click', () => {
  stopSignal?.();
  stopSignal = null;
});
limiterBox.addEventListener('change', () => {
  if (busLimiter) busLimiter.enabled = limiterBox.checked;
});
monitorBox.addEventListener('change', () => {
  if (monitorGain && context) monitorGain.gain.setTargetAtTime(monitorBox.checked ? 1 : 0, context.currentTime, 0.02);
});

// ---------------------------------------------------------------------------------------------

loadPrefs();
void refreshDevices();
