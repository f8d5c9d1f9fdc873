// The third-party processors the set's processed side goes through, none written by the
// project: ffmpeg's filters, sox's compand, LSP's LV2 plugins (through lv2apply) and Chromium's
// DynamicsCompressorNode, each at a light, a typical and a heavy setting, and mastering-like
// chains; Calf's and SWH's LV2 limiters and Calf's compressor at a typical setting; x42's, Zam's and TAP's
// limiters and ffmpeg's psychoacoustic clipper; other clipping curves, sox's limiter, ffmpeg's
// limiter with automatic release and its speech normaliser. Every processor takes the excerpt peaking at INPUT_PEAK_DBFS (a mix bus with headroom)
// and returns float samples; thresholds below are in dBFS for that input.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeAudioFile } from '../../src/offline/decode/index.js';
import { chromiumCompress, type ChromiumCompressorSetting } from './chromium-compressor.js';
import { runTool, ToolError } from './tools.js';
import { writeWav } from './wav-io.js';

export const INPUT_PEAK_DBFS = -3;

export type Intensity = 'light' | 'typical' | 'heavy' | 'chain';
export type Cost = 'fast' | 'medium' | 'slow';

/**
 * What a setting is, as a mastering engineer would file it: the detector's figures differ by kind
 * (a limiter holds a level; a compressor that lets the peaks through leaves none), so the
 * evaluation sums them up by kind too. Each processor gives its own (Processor.kind); every kind
 * here has at least one (tests/real-music-kinds.test.ts).
 */
export const PROCESSOR_KINDS = ['limiters and maximisers', 'hard clippers', 'soft clippers', 'chains ending in a limiter', 'compressors', 'loudness normalisers'] as const;
export type ProcessorKind = (typeof PROCESSOR_KINDS)[number];

export interface Processor {
  /** Short, file-name safe: `alimiter-typical`. */
  id: string;
  tool: string;
  intensity: Intensity;
  kind: ProcessorKind;
  /** The exact settings, as given to the tool. */
  settings: string;
  /**
   * What one 20 s excerpt costs: `fast` (ffmpeg, sox: about a second), `medium` (Chromium, the
   * LSP limiter and compressor through lv2apply: 5–20 s), `slow` (the LSP multiband compressor:
   * one to two minutes). Costlier processors are applied to fewer songs.
   */
  cost: Cost;
  apply(channels: readonly Float32Array[], fs: number): Promise<Float32Array[]>;
}

const lin = (db: number) => Number((10 ** (db / 20)).toPrecision(4));

/** Runs a tool that reads in.wav and writes out.wav in a scratch folder. */
async function throughFiles(channels: readonly Float32Array[], fs: number, run: (input: string, output: string) => void): Promise<Float32Array[]> {
  const folder = mkdtempSync(join(tmpdir(), 'busmeter-process-'));
  try {
    const input = join(folder, 'in.wav');
    const output = join(folder, 'out.wav');
    writeWav(input, fs, channels, 'float');
    run(input, output);
    const audio = await decodeAudioFile(output);
    // Some tools report success on a failure and write a stub (sox's compand with a delay on stereo).
    if (audio.frames < channels[0].length - Math.round(fs / 100)) throw new Error(`${output}: ${audio.frames} frames out for ${channels[0].length} in`);
    return audio.channels.map((c) => c.slice(0, channels[0].length));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function ffmpeg(id: string, intensity: Intensity, kind: ProcessorKind, filter: (fs: number) => string, settings = filter(48000)): Processor {
  return {
    id, tool: 'ffmpeg', intensity, kind, settings, cost: 'fast',
    apply: (channels, fs) => throughFiles(channels, fs, (input, output) =>
      runTool('ffmpeg', ['-nostdin', '-v', 'error', '-i', input, '-af', filter(fs), '-ac', String(channels.length), '-ar', String(fs), '-c:a', 'pcm_f32le', '-f', 'wav', output])),
  };
}

/** ffmpeg running another vendor's plugin (its lv2 or ladspa filter), which `debianPackage` installs. */
function ffmpegPlugin(id: string, intensity: Intensity, kind: ProcessorKind, filter: string, debianPackage: string): Processor {
  const plain = ffmpeg(id, intensity, kind, () => filter);
  return {
    ...plain, tool: `ffmpeg (${debianPackage})`,
    apply: async (channels, fs) => {
      try {
        return await plain.apply(channels, fs);
      } catch (error) {
        throw error instanceof ToolError ? new ToolError(`${id}: ${error.message} (is ${debianPackage} installed?)`) : error;
      }
    },
  };
}

function sox(id: string, intensity: Intensity, kind: ProcessorKind, effect: string[]): Processor {
  return {
    id, tool: 'sox', intensity, kind, settings: effect.join(' '), cost: 'fast',
    // -G: sox works on 32-bit integers inside; its guard lowers the gain rather than clip. No
    // look-ahead delay: with one, compand on stereo fails ("flowed asymmetrically") yet exits 0.
    apply: (channels, fs) => throughFiles(channels, fs, (input, output) =>
      runTool('sox', ['-G', input, '-e', 'floating-point', '-b', '32', output, ...effect])),
  };
}

const LSP = 'http://lsp-plug.in/plugins/lv2/';

interface Lv2Stage { plugin: string; controls: Record<string, number> }

const CALF = 'http://calf.sourceforge.net/plugins/';
const SWH = 'http://plugin.org.uk/swh-plugins/';
// ffmpeg's filter syntax escapes the URI's colons.
const ffmpegUri = (uri: string) => uri.replace(/:/g, '\\\\:');
const X42_DPL = ffmpegUri('http://gareus.org/oss/lv2/dpl#stereo');
const SWH_LOOKAHEAD = ffmpegUri(`${SWH}lookaheadLimiter`);
const shortUri = (uri: string) => uri.replace(LSP, 'lsp:').replace(CALF, 'calf:').replace(SWH, 'swh:');

function lv2(id: string, intensity: Intensity, kind: ProcessorKind, stages: Lv2Stage[], slow = false, debianPackage = 'lsp-plugins-lv2'): Processor {
  const cost: Cost = slow ? 'slow' : 'medium';
  const settings = stages.map((s) => `${shortUri(s.plugin)} ${Object.entries(s.controls).map(([k, v]) => `${k}=${v}`).join(' ')}`).join(' → ');
  return {
    id, tool: `lv2apply (${debianPackage})`, intensity, kind, settings, cost,
    apply: (channels, fs) => throughFiles(channels, fs, (input, output) => {
      let from = input;
      stages.forEach((stage, k) => {
        const to = k === stages.length - 1 ? output : `${output}.${k}.wav`;
        const controls = Object.entries(stage.controls).flatMap(([symbol, value]) => ['-c', symbol, String(value)]);
        try {
          runTool('lv2apply', ['-i', from, '-o', to, ...controls, stage.plugin]);
        } catch (error) {
          throw new ToolError(`${id}: ${(error as Error).message} (are lilv-utils and ${debianPackage} installed?)`);
        }
        from = to;
      });
    }),
  };
}

function chromiumNode(id: string, intensity: Intensity, kind: ProcessorKind, setting: ChromiumCompressorSetting): Processor {
  const c = setting.compressor;
  return {
    id, tool: 'Chromium DynamicsCompressorNode', intensity, kind, cost: 'medium',
    settings: `threshold ${c.threshold} dB, knee ${c.knee} dB, ratio ${c.ratio}, attack ${c.attack} s, release ${c.release} s, then ${setting.gainDb >= 0 ? '+' : ''}${setting.gainDb} dB`,
    apply: (channels, fs) => chromiumCompress(channels, fs, setting),
  };
}

// LSP's limiter runs with its automatic level regulation off: with it on, a sustained overload
// turns the whole signal down (to silence, on a steady tone) instead of limiting it.
// ffmpeg's alimiter: ceiling −1 dBFS, no automatic level, the drive raises the input.
const alimiter = (driveDb: number) => `alimiter=level_in=${lin(driveDb)}:limit=${lin(-1)}:attack=5:release=50:level=disabled`;
// ffmpeg's acompressor: threshold and make-up are linear.
const acompressor = (thresholdDb: number, ratio: number, attackMs: number, releaseMs: number, makeupDb: number) =>
  `acompressor=threshold=${lin(thresholdDb)}:ratio=${ratio}:attack=${attackMs}:release=${releaseMs}:makeup=${lin(makeupDb)}:knee=2.8`;
// A compander transfer curve: unity below the threshold, `ratio`:1 above it.
const curve = (thresholdDb: number, ratio: number, separator: '/' | ',') =>
  [[-90, -90], [thresholdDb, thresholdDb], [0, thresholdDb - thresholdDb / ratio]].map(([i, o]) => `${i}${separator}${Number(o.toFixed(2))}`).join(',');
// ffmpeg's mcompand: three bands split at 200 Hz and 2 kHz, the same curve in each, then make-up.
// The top band reaches 22 kHz, or just under the Nyquist frequency where that is lower (ffmpeg
// refuses a crossover at or above it: a released track at 22.05 kHz).
const mcompand = (thresholdDb: number, ratio: number, makeupDb: number, fs: number) => {
  const top = Math.min(22000, Math.ceil(fs / 2) - 1);
  return `mcompand=args='${[['0.005,0.1', 200], ['0.003,0.05', 2000], ['0.000625,0.0125', top]].map(([times, crossover]) => `${times} 6 ${curve(thresholdDb, ratio, '/')} ${crossover}`).join(' | ')}',volume=${makeupDb}dB`;
};

const lspLimiter = (driveDb: number): Lv2Stage => ({ plugin: `${LSP}limiter_stereo`, controls: { g_in: lin(driveDb), th: lin(-1), boost: 0, alr: 0 } });
// LSP's compressor detects an RMS level over its reactivity window (10 ms), so its thresholds sit
// lower than the peak-detecting ones' for the same work.
const lspCompressor = (thresholdDb: number, ratio: number, attackMs: number, releaseMs: number, makeupDb: number): Lv2Stage =>
  ({ plugin: `${LSP}compressor_stereo`, controls: { al: lin(thresholdDb), cr: ratio, at: attackMs, rt: releaseMs, mk: lin(makeupDb) } });
const lspMultiband = (thresholdDb: number, ratio: number, makeupDb: number): Lv2Stage => {
  const controls: Record<string, number> = { g_out: lin(makeupDb) };
  for (let band = 0; band < 8; band++) Object.assign(controls, { [`al_${band}`]: lin(thresholdDb), [`cr_${band}`]: ratio, [`at_${band}`]: 10, [`rt_${band}`]: 100 });
  return { plugin: `${LSP}mb_compressor_stereo`, controls };
};

export const PROCESSORS: readonly Processor[] = [
  ffmpeg('alimiter-light', 'light', 'limiters and maximisers', () => alimiter(4)),
  ffmpeg('alimiter-typical', 'typical', 'limiters and maximisers', () => alimiter(8)),
  ffmpeg('alimiter-heavy', 'heavy', 'limiters and maximisers', () => alimiter(13)),
  ffmpeg('acompressor-light', 'light', 'compressors', () => acompressor(-15, 2, 20, 250, 2)),
  ffmpeg('acompressor-typical', 'typical', 'compressors', () => acompressor(-20, 4, 10, 200, 4)),
  ffmpeg('acompressor-heavy', 'heavy', 'compressors', () => acompressor(-28, 8, 3, 100, 8)),
  ffmpeg('loudnorm-light', 'light', 'loudness normalisers', (fs) => `loudnorm=I=-16:TP=-1:LRA=11,aresample=${fs}`),
  ffmpeg('loudnorm-typical', 'typical', 'loudness normalisers', (fs) => `loudnorm=I=-14:TP=-1:LRA=7,aresample=${fs}`),
  ffmpeg('loudnorm-heavy', 'heavy', 'loudness normalisers', (fs) => `loudnorm=I=-9:TP=-0.5:LRA=5,aresample=${fs}`),
  ffmpeg('asoftclip-light', 'light', 'soft clippers', () => 'volume=3dB,asoftclip=type=tanh'),
  ffmpeg('asoftclip-typical', 'typical', 'soft clippers', () => 'volume=6dB,asoftclip=type=tanh'),
  ffmpeg('asoftclip-heavy', 'heavy', 'soft clippers', () => 'volume=10dB,asoftclip=type=tanh'),
  ffmpeg('mcompand-light', 'light', 'compressors', (fs) => mcompand(-18, 2, 3, fs)),
  ffmpeg('mcompand-typical', 'typical', 'compressors', (fs) => mcompand(-24, 3, 6, fs)),
  ffmpeg('mcompand-heavy', 'heavy', 'compressors', (fs) => mcompand(-30, 5, 10, fs)),
  ffmpeg('dynaudnorm-light', 'light', 'loudness normalisers', () => 'dynaudnorm=f=500:g=31:p=0.9:m=3'),
  ffmpeg('dynaudnorm-typical', 'typical', 'loudness normalisers', () => 'dynaudnorm=f=250:g=15:p=0.95:m=10'),
  ffmpeg('dynaudnorm-heavy', 'heavy', 'loudness normalisers', () => 'dynaudnorm=f=100:g=5:p=0.99:m=20'),
  sox('compand-light', 'light', 'compressors', ['compand', '0.02,0.25', `6:${curve(-15, 2, ',')}`, '2', '-90']),
  sox('compand-typical', 'typical', 'compressors', ['compand', '0.01,0.2', `6:${curve(-20, 4, ',')}`, '5', '-90']),
  sox('compand-heavy', 'heavy', 'compressors', ['compand', '0.003,0.1', `6:${curve(-28, 8, ',')}`, '10', '-90']),
  lv2('lsp-limiter-light', 'light', 'limiters and maximisers', [lspLimiter(4)]),
  lv2('lsp-limiter-typical', 'typical', 'limiters and maximisers', [lspLimiter(8)]),
  lv2('lsp-limiter-heavy', 'heavy', 'limiters and maximisers', [lspLimiter(13)]),
  lv2('lsp-compressor-light', 'light', 'compressors', [lspCompressor(-22, 2, 20, 200, 2)]),
  lv2('lsp-compressor-typical', 'typical', 'compressors', [lspCompressor(-28, 4, 10, 150, 5)]),
  lv2('lsp-compressor-heavy', 'heavy', 'compressors', [lspCompressor(-34, 8, 3, 80, 10)]),
  lv2('lsp-multiband-light', 'light', 'compressors', [lspMultiband(-18, 2, 3)], true),
  lv2('lsp-multiband-typical', 'typical', 'compressors', [lspMultiband(-24, 3, 6)], true),
  lv2('lsp-multiband-heavy', 'heavy', 'compressors', [lspMultiband(-30, 5, 10)], true),
  chromiumNode('chromium-limiter-light', 'light', 'limiters and maximisers', { compressor: { threshold: -6, knee: 0, ratio: 20, attack: 0.001, release: 0.1 }, gainDb: 2 }),
  chromiumNode('chromium-limiter-typical', 'typical', 'limiters and maximisers', { compressor: { threshold: -12, knee: 0, ratio: 20, attack: 0.001, release: 0.1 }, gainDb: 4 }),
  chromiumNode('chromium-limiter-heavy', 'heavy', 'limiters and maximisers', { compressor: { threshold: -24, knee: 0, ratio: 20, attack: 0, release: 0.05 }, gainDb: 8 }),
  chromiumNode('chromium-buscomp-typical', 'typical', 'compressors', { compressor: { threshold: -20, knee: 6, ratio: 4, attack: 0.01, release: 0.2 }, gainDb: 6 }),
  // Mastering-like chains.
  ffmpeg('chain-acompressor-alimiter', 'chain', 'chains ending in a limiter', () => `${acompressor(-20, 3, 15, 200, 3)},${alimiter(5)}`),
  ffmpeg('chain-mcompand-alimiter', 'chain', 'chains ending in a limiter', (fs) => `${mcompand(-24, 3, 4, fs)},${alimiter(5)}`),
  lv2('chain-lsp-compressor-limiter', 'chain', 'chains ending in a limiter', [lspCompressor(-26, 3, 15, 200, 3), lspLimiter(5)]),
  lv2('chain-lsp-multiband-limiter', 'chain', 'chains ending in a limiter', [lspMultiband(-24, 3, 4), lspLimiter(5)], true),
  // Other vendors' plugins, so that what is judged is not one vendor's limiter (added last: the
  // plan gives each processor its songs by its place in this list).
  lv2('calf-limiter-typical', 'typical', 'limiters and maximisers', [{ plugin: `${CALF}Limiter`, controls: { level_in: lin(8), limit: lin(-1), auto_level: 0 } }], false, 'calf-plugins'),
  lv2('calf-multiband-limiter-typical', 'typical', 'limiters and maximisers', [{ plugin: `${CALF}MultibandLimiter`, controls: { level_in: lin(8), limit: lin(-1) } }], false, 'calf-plugins'),
  lv2('swh-fastlookahead-typical', 'typical', 'limiters and maximisers', [{ plugin: `${SWH}fastLookaheadLimiter`, controls: { ingain: 8, limit: -1, release: 0.05 } }], false, 'swh-lv2'),
  lv2('calf-compressor-typical', 'typical', 'compressors', [{ plugin: `${CALF}Compressor`, controls: { threshold: lin(-20), ratio: 4, attack: 10, release: 200, makeup: lin(4) } }], false, 'calf-plugins'),
  // More vendors, through ffmpeg's lv2 and ladspa filters (x42's limiter and ZaMaximX2 need
  // host features lv2apply lacks): x42's true-peak limiter light and typical, Zam's maximiser,
  // TAP's scaling limiter (one per channel, unlinked), and ffmpeg's psychoacoustic clipper.
  ffmpegPlugin('x42-dpl-light', 'light', 'limiters and maximisers', `lv2=p=${X42_DPL}:c=gain=3|threshold=-1|truepeak=1`, 'x42-plugins'),
  ffmpegPlugin('x42-dpl-typical', 'typical', 'limiters and maximisers', `lv2=p=${X42_DPL}:c=gain=8|threshold=-1|truepeak=1`, 'x42-plugins'),
  ffmpegPlugin('zam-maximx2-typical', 'typical', 'limiters and maximisers', 'volume=8dB,ladspa=f=ZaMaximX2-ladspa:p=ZaMaximX2:c=c0=25|c1=-1|c2=0', 'zam-plugins'),
  ffmpegPlugin('tap-limiter-typical', 'typical', 'limiters and maximisers', 'volume=8dB,ladspa=f=tap_limiter:p=tap_limiter:c=c0=-1|c1=0', 'tap-plugins'),
  ffmpeg('apsyclip-typical', 'typical', 'hard clippers', () => `apsyclip=level_in=${lin(6)}:clip=${lin(-1)}`),
  // Other curves and tools, +6 dB into each (added last, as above): ffmpeg's soft clipper with
  // its cubic, arctangent and error-function curves, its hard curve at −1 dBFS, and at full scale
  // (a bus clipping at 0 dBFS); sox's gain with its limiter; ffmpeg's limiter with automatic
  // release control; ffmpeg's speech normaliser, a fast peak-driven gain rider.
  ffmpeg('asoftclip-cubic-typical', 'typical', 'soft clippers', () => 'volume=6dB,asoftclip=type=cubic'),
  ffmpeg('asoftclip-atan-typical', 'typical', 'soft clippers', () => 'volume=6dB,asoftclip=type=atan'),
  ffmpeg('asoftclip-erf-typical', 'typical', 'soft clippers', () => 'volume=6dB,asoftclip=type=erf'),
  ffmpeg('asoftclip-hard-typical', 'typical', 'hard clippers', () => `volume=6dB,asoftclip=type=hard:threshold=${lin(-1)}`),
  ffmpeg('fullscale-clip-typical', 'typical', 'hard clippers', () => 'volume=6dB,asoftclip=type=hard:threshold=1'),
  sox('sox-gain-limiter-typical', 'typical', 'soft clippers', ['gain', '-l', '6']),
  ffmpeg('alimiter-asc-typical', 'typical', 'limiters and maximisers', () => `alimiter=level_in=${lin(6)}:limit=${lin(-1)}:attack=1:release=200:asc=1:level=disabled`),
  ffmpeg('speechnorm-typical', 'typical', 'loudness normalisers', () => 'speechnorm=e=6:r=0.0001:l=1'),
  // A limiter too slow for its transients (added last, as above): SWH's look-ahead limiter at
  // −1 dB with a 10 ms look-ahead, +6 dB into it, holds many of the loud hits at its level to a
  // ten-thousandth of a dB and lets others past it by up to 2 dB.
  ffmpegPlugin('swh-lookahead-typical', 'typical', 'limiters and maximisers', `volume=6dB,lv2=p=${SWH_LOOKAHEAD}:c=limit=-1|delay_s=0.01`, 'swh-lv2'),
];

/** The kind of the processor setting `id` (an error naming it when the set has no such setting). */
export function processorKind(id: string): ProcessorKind {
  return processorById(id).kind;
}

export function processorById(id: string): Processor {
  const p = PROCESSORS.find((q) => q.id === id);
  if (!p) throw new Error(`no processor ${id}`);
  return p;
}
