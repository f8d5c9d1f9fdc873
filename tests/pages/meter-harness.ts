// Longer than 400 lines on purpose: the one page the live-path browser tests drive; each test calls one of its functions.
// Test harness for tests/browser-meter.test.ts and bench/browser-worklet.mjs: exposes the live
// meter, offline analysis and device input on window.harness, plus a few helpers that build
// test graphs in the page. Not the app (that is index.html / src/app).

import { createMeter, MeterError, sharedTransportAvailable } from '../../src/live/meter.js';
import { analyzeOffline, decodeAudioFileInBrowser } from '../../src/live/render-offline.js';
import { kernelErrorMessage } from '../../src/contract/kernel-abi.js';
import { loadKernelModule, loadMeterProcessor } from '../../src/live/meter.js';
import { checkInputTrack, listAudioInputs, openAudioInput } from '../../src/live/input/devices.js';
import { inputOutputNode, LiveInput, routeInputChannels } from '../../src/live/input/live-input.js';
import { onFrame } from '../../src/live/frame-loop.js';
import { createReadings, type Readings } from '../../src/engine/readings.js';
import type { BusMeterHandle } from '../../src/live/meter.js';
import { programme, type ProgrammeOptions } from './programme.js';

/** Readings as plain JSON (for page.evaluate). */
function snapshot(readings: Readings): Readings {
  return JSON.parse(JSON.stringify(readings)) as Readings;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `done()`, or 15 s of wall time as a guard against a meter that never gets there. */
async function until(done: () => boolean): Promise<void> {
  const started = performance.now();
  while (!done() && performance.now() - started < 15_000) await wait(20);
}

/** Keeps, per meter, everything a test wants to look at afterwards. */
class Watch {
  events = 0;
  records = 0;
  errors: { where: string; message: string }[] = [];
  /** Highest "since read" sample peak seen in any readings event, per channel. */
  maxSamplePeakDbfs: number[];
  latest: Readings;

  constructor(readonly meter: BusMeterHandle) {
    this.maxSamplePeakDbfs = meter.layout.labels.map(() => -Infinity);
    this.latest = createReadings(meter.layout.labels);
    meter.addEventListener('readings', (event) => {
      this.events++;
      const r = event.detail;
      r.channels.forEach((ch, c) => {
        this.maxSamplePeakDbfs[c] = Math.max(this.maxSamplePeakDbfs[c], ch.samplePeakDbfs);
      });
      this.latest = snapshot(r);
    });
    meter.addEventListener('error', (event) => this.errors.push(event.detail));
  }

  report() {
    return {
      events: this.events,
      errors: this.errors,
      maxSamplePeakDbfs: this.maxSamplePeakDbfs,
      latest: this.latest,
      transport: this.meter.transport,
      deferred: this.meter.deferredPublications,
    };
  }
}

let context: AudioContext | null = null;
const watches = new Map<string, Watch>();
let live: LiveInput | null = null;
const liveStatuses: { state: string; message: string }[] = [];
let liveWarnings: string[] = [];
let surroundStop = () => {};

function audioContext(sampleRate?: number): AudioContext {
  if (!context) context = new AudioContext(sampleRate ? { sampleRate } : {});
  return context;
}

const harness = {
  MeterError,
  createMeter,
  analyzeOffline,
  crossOriginIsolated: () => globalThis.crossOriginIsolated === true,
  sharedTransportAvailable,

  /** Meters the fake capture device through LiveInput. */
  async startLive(options: { transport?: 'auto' | 'shared' | 'messages' } = {}) {
    const ctx = audioContext();
    await ctx.resume();
    live = new LiveInput(ctx, { remember: false, reconnectPollMs: 500 });
    live.addEventListener('status', (e) => liveStatuses.push(e.detail));
    live.addEventListener('warnings', (e) => { liveWarnings = e.detail.warnings; });
    await live.start();
    const meter = await createMeter(ctx, live.output, { layout: 'stereo', transport: options.transport });
    watches.set('live', new Watch(meter));
    return { sampleRate: ctx.sampleRate, state: live.state, warnings: liveWarnings, transport: meter.transport };
  },
  liveReport() {
    return { ...watches.get('live')!.report(), statuses: liveStatuses, warnings: liveWarnings, state: live?.state };
  },
  /** Pretends the device went away (as an unplugged interface ends its track). */
  endLiveTrack() {
    live!.track!.dispatchEvent(new Event('ended'));
  },

  /** One full-scale sample at `atSeconds` in otherwise silent stereo input, metered live. */
  async singleSample(options: { atSeconds: number; transport?: 'auto' | 'shared' | 'messages'; channel?: number }) {
    const ctx = audioContext();
    await ctx.resume();
    const buffer = new AudioBuffer({ length: Math.round(ctx.sampleRate * (options.atSeconds + 0.5)), numberOfChannels: 2, sampleRate: ctx.sampleRate });
    buffer.getChannelData(options.channel ?? 0)[Math.round(options.atSeconds * ctx.sampleRate)] = 1.0;
    const source = new AudioBufferSourceNode(ctx, { buffer });
    const meter = await createMeter(ctx, source, { transport: options.transport });
    const watch = new Watch(meter);
    const name = `single-${watches.size}`;
    watches.set(name, watch);
    source.start();
    await new Promise((resolve) => { source.onended = resolve; });
    // Let the last records arrive and one more frame drain them.
    await wait(300);
    const report = watch.report();
    meter.dispose();
    return report;
  },

  /**
   * A multi-input interface's signal without one (Chromium's capture paths deliver at most two
   * channels): an `inputs`-channel source of steady sines, through LiveInput's own routing
   * (routeInputChannels into inputOutputNode) from input `first` on, metered as `layout`. Runs
   * until surroundStop(); surroundReport() gives what the meter has shown.
   */
  async surroundStart(options: { inputs: number; first: number; layout: string; count: number; levelsDb: number[]; frequenciesHz: number[] }) {
    const ctx = audioContext();
    await ctx.resume();
    const merger = new ChannelMergerNode(ctx, { numberOfInputs: options.inputs });
    const oscillators = options.levelsDb.map((db, c) => {
      const osc = new OscillatorNode(ctx, { frequency: options.frequenciesHz[c] });
      osc.connect(new GainNode(ctx, { gain: 10 ** (db / 20) })).connect(merger, 0, c);
      return osc;
    });
    const output = inputOutputNode(ctx, options.count);
    routeInputChannels(ctx, merger, options.inputs, options.first, options.count, output);
    const meter = await createMeter(ctx, output, { layout: options.layout });
    watches.set('surround', new Watch(meter));
    for (const osc of oscillators) osc.start();
    surroundStop = () => {
      meter.dispose();
      for (const osc of oscillators) osc.stop();
      merger.disconnect();
    };
    return { sampleRate: ctx.sampleRate, labels: meter.layout.labels };
  },
  surroundReport() {
    return watches.get('surround')!.report();
  },
  surroundStop() {
    surroundStop();
  },

  /** A meter on a steady sine (for transport comparisons): runs `seconds`, returns the last readings. */
  async sineMeter(options: { seconds: number; amplitude: number; frequencyHz: number; transport?: 'auto' | 'shared' | 'messages' }) {
    const ctx = audioContext();
    await ctx.resume();
    const osc = new OscillatorNode(ctx, { frequency: options.frequencyHz });
    const gain = new GainNode(ctx, { gain: options.amplitude });
    const merger = new ChannelMergerNode(ctx, { numberOfInputs: 2 });
    osc.connect(gain);
    gain.connect(merger, 0, 0);
    gain.connect(merger, 0, 1);
    const meter = await createMeter(ctx, merger, { transport: options.transport });
    const watch = new Watch(meter);
    osc.start();
    await wait(options.seconds * 1000);
    const report = watch.report();
    meter.dispose();
    osc.stop();
    merger.disconnect();
    return report;
  },

  /**
   * A sine on L and on R (R inverted when `invert`), metered live with the spectrum and the stereo
   * field on: the latest spectrum and stereo readings, how many of each event came, and the
   * goniometer points received in all.
   */
  async analysisSine(options: {
    seconds: number; amplitude: number; frequencyHz: number; invert: boolean; transport: 'shared' | 'messages'; fftSize: number;
  }) {
    const ctx = new AudioContext();
    await ctx.suspend();
    const osc = new OscillatorNode(ctx, { frequency: options.frequencyHz });
    const left = new GainNode(ctx, { gain: options.amplitude });
    const right = new GainNode(ctx, { gain: options.invert ? -options.amplitude : options.amplitude });
    const merger = new ChannelMergerNode(ctx, { numberOfInputs: 2 });
    osc.connect(left).connect(merger, 0, 0);
    osc.connect(right).connect(merger, 0, 1);
    const meter = await createMeter(ctx, merger, { layout: 'stereo', transport: options.transport, spectrum: { fftSize: options.fftSize, averagingMs: 200 } });
    const errors: unknown[] = [];
    let spectrumEvents = 0;
    let stereoEvents = 0;
    let goniometerPoints = 0;
    let goniometerOutside = 0;
    meter.addEventListener('error', (e) => errors.push(e.detail));
    meter.addEventListener('spectrum', () => { spectrumEvents++; });
    meter.addEventListener('stereo', (e) => {
      stereoEvents++;
      const s = e.detail;
      goniometerPoints += s.goniometerPoints;
      for (let i = 0; i < 2 * s.goniometerPoints; i++) if (Math.abs(s.goniometer[i]) > 1) goniometerOutside++;
    });
    osc.start();
    await ctx.resume();
    await wait(options.seconds * 1000);
    const sp = meter.spectrum;
    let peak = 0;
    for (let i = 1; i < sp.pointCount; i++) if (sp.levelDb[i] > sp.levelDb[peak]) peak = i;
    let band = 0;
    for (let b = 1; b < sp.bandCount; b++) if (Math.abs(Math.log(sp.bandCentreHz[b] / options.frequencyHz)) < Math.abs(Math.log(sp.bandCentreHz[band] / options.frequencyHz))) band = b;
    const frames = meter.readings.frames;
    const result = {
      transport: meter.transport,
      sampleRate: ctx.sampleRate,
      seconds: frames / ctx.sampleRate,
      /** Audio measured up to the newest stereo record (the goniometer points arrive with those records, not with the readings). */
      stereoSeconds: meter.stereo.frames / ctx.sampleRate,
      errors,
      spectrumEvents,
      stereoEvents,
      goniometerPoints,
      goniometerOutside,
      goniometerRateHz: meter.stereo.goniometerRateHz,
      spectrum: {
        enabled: sp.enabled, fftSize: sp.fftSize, pointCount: sp.pointCount, frames: sp.frames,
        peakHz: sp.frequencyHz[peak], peakDb: sp.levelDb[peak],
        pointRatio: sp.frequencyHz[1] / sp.frequencyHz[0],
        bandHz: sp.bandCentreHz[band], bandDb: sp.bandLevelDb[band],
      },
      stereo: { ...meter.stereo, goniometer: undefined, bandCentreHz: undefined, bandCorrelation: undefined },
    };
    meter.dispose();
    osc.stop();
    await ctx.close();
    return result;
  },

  /** analyzeOffline of the seeded test programme (tests/pages/programme.ts), as planar arrays or as an AudioBuffer. */
  async analyzeProgramme(options: ProgrammeOptions & { layout?: string; asAudioBuffer?: boolean }) {
    const channels = programme(options);
    const t0 = performance.now();
    let input: AudioBuffer | { sampleRate: number; channels: Float32Array[] } = { sampleRate: options.sampleRate, channels };
    if (options.asAudioBuffer) {
      const buffer = new AudioBuffer({ length: options.frames, numberOfChannels: options.channels, sampleRate: options.sampleRate });
      channels.forEach((c, i) => buffer.copyToChannel(c, i));
      input = buffer;
    }
    const readings = await analyzeOffline(input, { layout: options.layout });
    return { readings: snapshot(readings), ms: performance.now() - t0 };
  },

  /**
   * Two meters on one source, one per transport, in a context that starts only once both are
   * connected (so both measure exactly the same frames): the seeded programme with two single
   * full-scale samples. `blockMs` keeps the main thread busy meanwhile (the ring overruns).
   */
  async compareTransports(options: { seconds: number; blockAtSeconds?: number; blockMs?: number }) {
    const ctx = new AudioContext();
    await ctx.suspend();
    const frames = Math.round(options.seconds * ctx.sampleRate);
    const channels = programme({ sampleRate: ctx.sampleRate, frames, channels: 2, seed: 42 });
    channels[0][Math.round(frames * 0.3)] = 1.0;
    channels[1][Math.round(frames * 0.6)] = -1.0;
    const buffer = new AudioBuffer({ length: frames, numberOfChannels: 2, sampleRate: ctx.sampleRate });
    channels.forEach((c, i) => buffer.copyToChannel(c, i));
    const source = new AudioBufferSourceNode(ctx, { buffer });
    const shared = new Watch(await createMeter(ctx, source, { transport: 'shared' }));
    const messages = new Watch(await createMeter(ctx, source, { transport: 'messages' }));
    source.start();
    await ctx.resume();
    if (options.blockMs) {
      await wait((options.blockAtSeconds ?? 0) * 1000);
      const until = performance.now() + options.blockMs;
      while (performance.now() < until) { /* a main thread too busy to draw */ }
    }
    await new Promise((resolve) => { source.onended = resolve; });
    await wait(400);
    const result = { shared: shared.report(), messages: messages.report(), sampleRate: ctx.sampleRate };
    shared.meter.dispose();
    messages.meter.dispose();
    await ctx.close();
    return result;
  },

  /** analyzeOffline of seeded noise generated here (for large inputs): xorshift32, same as the test. */
  async analyzeNoise(options: { sampleRate: number; seconds: number; channels: number; seed: number; amplitude: number }) {
    const channels = makeNoise(options);
    const t0 = performance.now();
    const readings = await analyzeOffline({ sampleRate: options.sampleRate, channels });
    return { readings: snapshot(readings), ms: performance.now() - t0 };
  },

  /** Renders `seconds` of noise through an OfflineAudioContext with or without the meter: wall time per quantum. */
  async timeOffline(options: { sampleRate: number; seconds: number; withMeter: boolean }) {
    const channels = makeNoise({ ...options, channels: 2, seed: 7, amplitude: 0.5 });
    const length = channels[0].length;
    const ctx = new OfflineAudioContext({ numberOfChannels: 1, length, sampleRate: options.sampleRate });
    const buffer = new AudioBuffer({ length, numberOfChannels: 2, sampleRate: options.sampleRate });
    channels.forEach((c, i) => buffer.copyToChannel(c, i));
    const source = new AudioBufferSourceNode(ctx, { buffer });
    let meter: BusMeterHandle | null = null;
    if (options.withMeter) {
      meter = await createMeter(ctx, source, { layout: 'stereo', transport: 'messages' });
    } else {
      // Same graph shape without the kernel: a sink that only touches the input.
      source.connect(new GainNode(ctx, { gain: 0 })).connect(ctx.destination);
    }
    source.start();
    const t0 = performance.now();
    await ctx.startRendering();
    const ms = performance.now() - t0;
    meter?.dispose();
    const quanta = Math.ceil(length / 128);
    return { ms, quanta, usPerQuantum: (ms * 1000) / quanta };
  },

  /**
   * reset / pause / resume on a running meter: what the readings do after each. Timed on the audio clock and the meter's own count of measured
   * frames, not on wall time: on a loaded machine the page's timers and animation frames run late
   * while the audio runs on, so a wall-clock second can hold less (or more) measured audio.
   */
  async lifecycle(transport: 'shared' | 'messages') {
    const ctx = audioContext();
    await ctx.resume();
    const rate = ctx.sampleRate;
    const osc = new OscillatorNode(ctx, { frequency: 1000 });
    const gain = new GainNode(ctx, { gain: 0.1, channelCount: 2, channelCountMode: 'explicit', channelInterpretation: 'speakers' });
    osc.connect(gain);
    const meter = await createMeter(ctx, gain, { layout: 'stereo', transport });
    const watch = new Watch(meter);
    let resets = 0;
    meter.addEventListener('reset', () => { resets++; });
    osc.start();
    /** Lets `seconds` of audio go by, then two animation frames (the meter reads its records in them). */
    const audioSeconds = async (seconds: number) => {
      const end = ctx.currentTime + seconds;
      await until(() => ctx.currentTime >= end);
      for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
    };

    // Running: the meter counts the audio it measures (a second of it).
    await until(() => watch.latest.frames >= rate);
    const running = { frames: watch.latest.frames, integrated: watch.latest.integratedLufs };
    meter.pause();
    await audioSeconds(0.3); // records already in flight may still arrive
    const pausedEvents = watch.events;
    const pausedFrames = watch.latest.frames;
    await audioSeconds(0.5);
    const whilePaused = { events: watch.events - pausedEvents, frames: watch.latest.frames - pausedFrames, paused: meter.paused };
    meter.resume();
    await until(() => watch.latest.frames >= pausedFrames + 0.5 * rate);
    const resumed = { frames: watch.latest.frames, paused: meter.paused };
    // Reset: the first reading after it counts only the audio since the reset.
    const firstAfter = new Promise<Readings>((resolve) => {
      const listener = (event: CustomEvent<Readings>) => {
        if (event.detail.frames === 0) return;
        meter.removeEventListener('readings', listener);
        resolve(snapshot(event.detail));
      };
      meter.addEventListener('readings', listener);
    });
    const resetAt = ctx.currentTime;
    meter.reset();
    const rightAfterReset = { integrated: meter.readings.integratedLufs, frames: meter.readings.frames, samplePeakMax: meter.readings.samplePeakMaxDbfs };
    const first = await Promise.race([firstAfter, wait(15_000).then(() => null)]);
    const afterReset = {
      frames: first?.frames ?? 0,
      integrated: first?.integratedLufs ?? null,
      // The audio clock's time since reset() (an upper bound of what the new session can have measured).
      audioSinceReset: ctx.currentTime - resetAt,
    };
    meter.dispose();
    osc.stop();
    return { running, whilePaused, resumed, rightAfterReset, afterReset, resets, sampleRate: rate, errors: watch.errors };
  },

  /** createMeter(context, mediaStream) on the fake device, default layout. */
  async streamMeter() {
    const ctx = audioContext();
    await ctx.resume();
    const opened = await openAudioInput();
    const meter = await createMeter(ctx, opened.stream);
    const watch = new Watch(meter);
    // Until readings have come, not for a fixed time: a loaded machine renders and posts them later.
    await until(() => watch.events > 10);
    const report = { ...watch.report(), layout: meter.layout.name };
    meter.dispose();
    for (const t of opened.stream.getTracks()) t.stop();
    return report;
  },

  /** createMeter(context, <audio>) playing a 16-bit WAV of a −6 dBFS 1 kHz stereo sine. */
  async elementMeter() {
    const ctx = audioContext();
    await ctx.resume();
    const rate = ctx.sampleRate;
    const tone = Array.from({ length: 2 }, () => new Float32Array(rate));
    for (let i = 0; i < rate; i++) tone[0][i] = tone[1][i] = 0.5 * Math.sin((2 * Math.PI * 1000 * i) / rate);
    const audio = new Audio(URL.createObjectURL(wav16(tone, rate)));
    const meter = await createMeter(ctx, audio);
    const watch = new Watch(meter);
    await audio.play();
    await new Promise((resolve) => { audio.onended = resolve; });
    await wait(200);
    const report = watch.report();
    meter.dispose();
    return report;
  },

  /** decodeAudioFileInBrowser of a 16-bit WAV at `rate`: decoded at the file's own rate? */
  async decodeWav(rate: number) {
    const tone = [new Float32Array(rate / 2), new Float32Array(rate / 2)];
    tone[1][100] = 0.5;
    const buffer = await decodeAudioFileInBrowser(wav16(tone, rate));
    return { sampleRate: buffer.sampleRate, length: buffer.length, channels: buffer.numberOfChannels, peak: Math.max(...buffer.getChannelData(1)) };
  },

  /** A processor whose kernel cannot start: the error arrives through the port, once. */
  async processorError() {
    const ctx = audioContext();
    const [module] = await Promise.all([loadKernelModule(), loadMeterProcessor(ctx)]);
    const node = new AudioWorkletNode(ctx, 'busmeter-processor', {
      numberOfInputs: 1, numberOfOutputs: 0, channelCount: 2, channelCountMode: 'explicit', channelInterpretation: 'discrete',
      processorOptions: { module, sampleRate: 1000, weights: [1, 1], labels: ['L', 'R'], transport: 'messages', publishHz: 60 },
    });
    const messages: unknown[] = [];
    node.port.onmessage = (e) => messages.push(e.data);
    new ConstantSourceNode(ctx).connect(node);
    await wait(300);
    node.port.close();
    return { messages, expected: kernelErrorMessage(1) };
  },

  async listInputs() {
    return listAudioInputs();
  },
  /** openAudioInput with the meter's constraints, or with plain { audio: true }. */
  async openInput(plain: boolean) {
    const opened = await openAudioInput(plain ? { constraints: true } : {});
    const result = { warnings: opened.warnings, channelCount: opened.channelCount, settings: { ...opened.settings } };
    for (const t of opened.stream.getTracks()) t.stop();
    return result;
  },
  checkInputTrack,

  /** createMeter on a node, resolving to the error message if it rejects. */
  async createMeterError(options: object) {
    try {
      const ctx = audioContext();
      const meter = await createMeter(ctx, new GainNode(ctx), options);
      meter.dispose();
      return null;
    } catch (error) {
      return { name: (error as Error).name, where: (error as MeterError).where, message: (error as Error).message };
    }
  },

  /** Frames the shared frame loop ran in `ms`. */
  async countFrames(ms: number) {
    let frames = 0;
    const stop = onFrame(() => { frames++; });
    await wait(ms);
    stop();
    return frames;
  },
};

/** A 16-bit PCM WAV file of planar float audio. */
function wav16(channels: Float32Array[], rate: number): Blob {
  const frames = channels[0].length;
  const n = channels.length;
  const view = new DataView(new ArrayBuffer(44 + frames * n * 2));
  const text = (at: number, s: string) => { for (let i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i)); };
  text(0, 'RIFF'); view.setUint32(4, 36 + frames * n * 2, true); text(8, 'WAVE');
  text(12, 'fmt '); view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, n, true);
  view.setUint32(24, rate, true); view.setUint32(28, rate * n * 2, true); view.setUint16(32, n * 2, true); view.setUint16(34, 16, true);
  text(36, 'data'); view.setUint32(40, frames * n * 2, true);
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < n; c++) view.setInt16(44 + (i * n + c) * 2, Math.round(Math.max(-1, Math.min(1, channels[c][i])) * 32767), true);
  }
  return new Blob([view.buffer], { type: 'audio/wav' });
}

function makeNoise(options: { sampleRate: number; seconds: number; channels: number; seed: number; amplitude: number }): Float32Array<ArrayBuffer>[] {
  const length = Math.round(options.sampleRate * options.seconds);
  let state = options.seed >>> 0 || 1;
  const channels: Float32Array<ArrayBuffer>[] = Array.from({ length: options.channels }, () => new Float32Array(length));
  for (let i = 0; i < length; i++) {
    for (const channel of channels) {
      state ^= state << 13; state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5; state >>>= 0;
      channel[i] = options.amplitude * ((state / 4294967296) * 2 - 1);
    }
  }
  return channels;
}

declare global {
  interface Window { harness: typeof harness }
}
window.harness = harness;
document.getElementById('status')!.textContent = 'ready';
