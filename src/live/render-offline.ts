// Offline analysis in the browser: renders audio through an OfflineAudioContext into the very
// same worklet and kernel the live meter uses, so a file measured here gives the numbers the
// Node API and the CLI give.
//
//   const buffer = await decodeAudioFileInBrowser(file);
//   const readings = await analyzeOffline(buffer, { layout: 'stereo' });
//
// The processor is told the exact frame count (endFrame): it measures exactly those frames
// (even when the end falls inside a render quantum), then posts one final record. That record is
// published from inside the rendering, so it covers every sample and needs no round trip to a
// worklet that has stopped rendering.

import type { PlanarAudio } from '../contract/audio.js';
import { resolveLayout, type LayoutSpec } from '../engine/layouts.js';
import { createMeterNode, loadKernelModule, loadMeterProcessor, MeterError } from './meter.js';
import { READINGS_LENGTH } from '../contract/readings-layout.js';
import { createReadings, decodeReadings, type Readings } from '../engine/readings.js';
import type { FromProcessor } from '../contract/protocol.js';

export interface AnalyzeOfflineOptions {
  /** Channel layout; default: by channel count (1 mono, 2 stereo, 6 5.1, …). */
  layout?: LayoutSpec;
  /** Aborts the wait for the result (the rendering itself cannot be stopped). */
  signal?: AbortSignal;
}

/** How long to wait for the final record once rendering has completed. */
const FINAL_RECORD_TIMEOUT_MS = 10_000;

function toAudioBuffer(input: AudioBuffer | PlanarAudio): AudioBuffer {
  if (typeof AudioBuffer !== 'undefined' && input instanceof AudioBuffer) return input;
  const { sampleRate, channels } = input as PlanarAudio;
  if (!Array.isArray(channels) || channels.length === 0) throw new RangeError('analyzeOffline needs at least one channel');
  const length = channels[0].length;
  for (const channel of channels) {
    if (!(channel instanceof Float32Array)) throw new TypeError('channels must be Float32Arrays');
    if (channel.length !== length) throw new RangeError('all channels must have the same length');
  }
  const buffer = new AudioBuffer({ length: Math.max(1, length), numberOfChannels: channels.length, sampleRate });
  channels.forEach((channel, c) => buffer.copyToChannel(channel as Float32Array<ArrayBuffer>, c));
  return buffer;
}

/** Measures a whole buffer; resolves with the readings after its last sample. */
export async function analyzeOffline(input: AudioBuffer | PlanarAudio, options: AnalyzeOfflineOptions = {}): Promise<Readings> {
  const frames = typeof AudioBuffer !== 'undefined' && input instanceof AudioBuffer ? input.length : (input as PlanarAudio).channels?.[0]?.length ?? 0;
  const buffer = toAudioBuffer(input);
  const layout = resolveLayout(options.layout ?? buffer.numberOfChannels);
  if (layout.weights.length !== buffer.numberOfChannels) {
    throw new RangeError(`expected ${layout.weights.length} channels (${layout.name}), got ${buffer.numberOfChannels}`);
  }
  options.signal?.throwIfAborted();
  const context = new OfflineAudioContext({ numberOfChannels: 1, length: Math.max(1, frames), sampleRate: buffer.sampleRate });
  const [module] = await Promise.all([loadKernelModule(), loadMeterProcessor(context)]);
  const { node } = createMeterNode(context, module, { layout, transport: 'messages', publishHz: 0, endFrame: frames });

  let settle!: { resolve(record: Float64Array): void; reject(error: unknown): void };
  const finalRecord = new Promise<Float64Array>((resolve, reject) => {
    settle = { resolve, reject };
  });
  node.port.onmessage = (event: MessageEvent<FromProcessor>) => {
    const data = event.data;
    if (data instanceof Float64Array) settle.resolve(data);
    else if (data?.type === 'error') settle.reject(new MeterError('processor', data.message));
  };
  node.onprocessorerror = () => settle.reject(new MeterError('processor', 'the meter processor stopped with an uncaught error'));
  const onAbort = () => settle.reject(options.signal!.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const source = new AudioBufferSourceNode(context, { buffer });
  source.connect(node);
  source.start(0);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const rendering = context.startRendering();
    const record = await Promise.race([
      finalRecord,
      rendering.then(() => new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new MeterError('processor', 'rendering finished but the meter published no final reading')), FINAL_RECORD_TIMEOUT_MS);
      })),
    ]);
    return decodeReadings(record.subarray(0, READINGS_LENGTH), createReadings(layout.labels));
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    node.port.onmessage = null;
    node.port.close();
    source.disconnect();
  }
}

// ---- Decoding files ----

/**
 * The sample rate stored in a WAV, FLAC, Ogg (Vorbis, Opus) or MP3 file's header, or null.
 * decodeAudioData resamples to its context's rate, so the file is decoded at its own rate to
 * measure the samples it holds.
 */
export function sniffSampleRate(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (at: number, text: string) => text.split('').every((ch, i) => bytes[at + i] === ch.charCodeAt(0));
  if (bytes.length >= 12 && (ascii(0, 'RIFF') || ascii(0, 'RF64')) && ascii(8, 'WAVE')) {
    for (let at = 12; at + 8 <= bytes.length;) {
      const size = view.getUint32(at + 4, true);
      if (ascii(at, 'fmt ') && at + 16 <= bytes.length) return view.getUint32(at + 12, true);
      at += 8 + size + (size & 1);
    }
    return null;
  }
  if (bytes.length >= 22 && ascii(0, 'fLaC')) {
    // STREAMINFO follows the 4-byte block header: 20 bits of sample rate at byte 10 of its body.
    const b = 8 + 10;
    return (bytes[b] << 12) | (bytes[b + 1] << 4) | (bytes[b + 2] >> 4);
  }
  if (bytes.length >= 64 && ascii(0, 'OggS')) {
    const body = 27 + bytes[26];
    if (ascii(body, 'OpusHead')) return 48000; // Opus always decodes at 48 kHz
    if (bytes[body] === 1 && ascii(body + 1, 'vorbis')) return view.getUint32(body + 12, true);
    return null;
  }
  let at = 0;
  if (bytes.length >= 10 && ascii(0, 'ID3')) {
    at = 10 + ((bytes[6] & 0x7f) << 21 | (bytes[7] & 0x7f) << 14 | (bytes[8] & 0x7f) << 7 | (bytes[9] & 0x7f));
  }
  for (const end = Math.min(bytes.length - 4, at + 65536); at < end; at++) {
    if (bytes[at] !== 0xff || (bytes[at + 1] & 0xe0) !== 0xe0) continue;
    const version = (bytes[at + 1] >> 3) & 3; // 0: MPEG 2.5, 2: MPEG 2, 3: MPEG 1
    const layer = (bytes[at + 1] >> 1) & 3;
    const rateIndex = (bytes[at + 2] >> 2) & 3;
    if (version === 1 || layer === 0 || rateIndex === 3) continue;
    const base = [44100, 48000, 32000][rateIndex];
    return version === 3 ? base : version === 2 ? base / 2 : base / 4;
  }
  return null;
}

/**
 * Decodes an audio file with the browser's decoders at the file's own sample rate (read from
 * its header; 48 kHz when the header is not recognised, which resamples).
 */
export async function decodeAudioFileInBrowser(file: Blob): Promise<AudioBuffer> {
  const bytes = await file.arrayBuffer();
  const rate = sniffSampleRate(new Uint8Array(bytes, 0, Math.min(bytes.byteLength, 1 << 17)));
  const sampleRate = rate !== null && rate >= 3000 && rate <= 768000 ? rate : 48000;
  const context = new OfflineAudioContext({ numberOfChannels: 1, length: 1, sampleRate });
  try {
    return await context.decodeAudioData(bytes);
  } catch (error) {
    throw new MeterError('input', `the browser could not decode this file: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
