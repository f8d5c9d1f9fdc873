// Builds the real-music set into the cache folder, rendering only what is missing: each song's
// excerpt (rendered, cut and checked for a limiter once), its unprocessed files at plain gains
// and its processed files. The manifest is rewritten after every song, so a build that is
// stopped leaves a usable set of what it finished.
//
//   cache/excerpts/<song id>.wav, .json   the excerpt (float) and its limiter check
//   cache/set/<song id>/plain_<peak>dB_<depth>.wav, plain_<peak>dB_16bit_fader<gain>dB.wav
//   cache/set/<song id>/<processor id>.wav, .json   the processed file and its measured processing
//   cache/<manifest name>.json

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { decodeAudioFile } from '../../src/offline/decode/index.js';
import { listSongs, type Song } from './catalog.js';
import { EXCERPT_SECONDS, loudestExcerpt, samplePeak, scaled } from './excerpt.js';
import { measureGainReduction } from './gain-reduction.js';
import { checkForLimiter } from './limiter-check.js';
import type { Entry, Manifest, Processing, SongRecord } from './manifest.js';
import { plainFileDepth, plainName, plainPlan, processedBitDepth, processorPlan, type PlainPlan } from './plan.js';
import { INPUT_PEAK_DBFS, type Processor } from './processors.js';
import { renderSong } from './render-source.js';
import { splitSongs } from './split.js';
import { quantiseSample, writeAtomically, writeWav, type BitDepth } from './wav-io.js';
import { closeChromium } from './chromium-compressor.js';

export const DEFAULT_CACHE = join(import.meta.dirname, '..', '..', '.cache', 'real-music');

/** The cache folder: BUSMETER_EVAL_CACHE, else .cache/real-music in the repository. */
export function cacheFolder(): string {
  return process.env.BUSMETER_EVAL_CACHE || DEFAULT_CACHE;
}

/** The cache's scratch folder for the catalogue's extracted sources (listSongs' `scratch`). */
export function sourcesFolder(cacheDir: string): string {
  return join(cacheDir, 'sources');
}

export interface BuildOptions {
  cacheDir: string;
  /** Which songs to build (default all). */
  songs?: (song: Song) => boolean;
  plainFor?: (song: Song) => PlainPlan[];
  processorsFor?: (song: Song) => Processor[];
  /** File name of the manifest in the cache folder. */
  manifestName?: string;
  log?: (line: string) => void;
}

interface ExcerptInfo { sampleRate: number; startSeconds: number | null; psrDb: number | null; exactPeakHits: number | null; excluded: string | null }

const db = (x: number) => 20 * Math.log10(x);

async function excerptOf(song: Song, cacheDir: string): Promise<{ info: ExcerptInfo; channels: Float32Array[] | null }> {
  const wav = join(cacheDir, 'excerpts', `${song.id}.wav`);
  const json = wav.replace(/\.wav$/, '.json');
  if (existsSync(json)) {
    const info = JSON.parse(readFileSync(json, 'utf8')) as ExcerptInfo;
    return { info, channels: info.startSeconds === null ? null : (await decodeAudioFile(wav)).channels };
  }
  mkdirSync(dirname(wav), { recursive: true });
  const audio = await renderSong(song);
  const excerpt = loudestExcerpt(audio);
  let info: ExcerptInfo;
  if (!excerpt || samplePeak(excerpt.channels) === 0) {
    info = { sampleRate: audio.sampleRate, startSeconds: null, psrDb: null, exactPeakHits: null, excluded: `shorter than ${EXCERPT_SECONDS} s or silent` };
  } else {
    const check = checkForLimiter(excerpt.channels, excerpt.sampleRate, song.kind === 'released');
    info = {
      sampleRate: excerpt.sampleRate, startSeconds: excerpt.startSeconds, psrDb: Math.round(check.psrDb * 100) / 100,
      exactPeakHits: check.exactPeakHits, excluded: check.limited && `limiter suspected in the source: ${check.limited}`,
    };
    writeWav(wav, excerpt.sampleRate, excerpt.channels, 'float');
  }
  writeAtomically(json, JSON.stringify(info, null, 1));
  return { info, channels: excerpt ? excerpt.channels : null };
}

/**
 * The unprocessed excerpt brought to the plan's peak; for a fader plan, rounded to 16 bits there
 * (as the file on the track holds it) and then scaled by the fader in floating point.
 */
export function plainAudio(channels: readonly Float32Array[], peak: number, plan: PlainPlan): Float32Array[] {
  const atPeak = scaled(channels, 10 ** (plan.peakDbfs / 20) / peak);
  if (plan.faderDb === undefined) return atPeak;
  const fader = 10 ** (plan.faderDb / 20);
  return atPeak.map((c) => c.map((x) => quantiseSample(x, 16) * fader));
}

/**
 * Why `song` stays off the unprocessed side: an effect on in its project's master, else what its
 * excerpt's render showed (`info.excluded`: a limiter found, too short); null when it is kept.
 */
export function exclusionOf(song: Song, info: { excluded: string | null }): string | null {
  return song.masterEffects?.length ? `master effects on in the project: ${song.masterEffects.join(', ')}` : info.excluded;
}

export async function buildSet(options: BuildOptions): Promise<Manifest> {
  const { cacheDir, log = () => {} } = options;
  const all = listSongs(sourcesFolder(cacheDir));
  const splits = splitSongs(all);
  const songs = all.filter(options.songs ?? (() => true));
  const plainFor = options.plainFor ?? plainPlan;
  const processorsFor = options.processorsFor ?? processorPlan;
  const manifestPath = join(cacheDir, options.manifestName ?? 'manifest.json');
  const manifest: Manifest = { created: new Date().toISOString(), excerptSeconds: EXCERPT_SECONDS, songs: [], entries: [] };
  try {
    for (const [k, song] of songs.entries()) {
      const started = Date.now();
      const { info, channels } = await excerptOf(song, cacheDir);
      const split = splits.get(song.id)!;
      info.excluded = exclusionOf(song, info);
      const record: SongRecord = { id: song.id, package: song.package, style: song.style, licence: song.licence, split, startSeconds: info.startSeconds, psrDb: info.psrDb, exactPeakHits: info.exactPeakHits, excluded: info.excluded };
      manifest.songs.push(record);
      if (channels) {
        const fs = info.sampleRate;
        const peak = samplePeak(channels);
        const base = { song: song.id, package: song.package, style: song.style, licence: song.licence, split, sampleRate: fs };
        if (!info.excluded) {
          for (const plain of plainFor(song)) {
            const path = join('set', song.id, `plain_${plainName(plain)}.wav`);
            if (!existsSync(join(cacheDir, path))) {
              mkdirSync(dirname(join(cacheDir, path)), { recursive: true });
              writeWav(join(cacheDir, path), fs, plainAudio(channels, peak, plain), plainFileDepth(plain));
            }
            manifest.entries.push({
              id: `${song.id}@${plainName(plain).replace(/_/g, '-')}`, ...base, gainDb: Math.round((plain.peakDbfs + (plain.faderDb ?? 0)) * 100) / 100,
              bitDepth: plainFileDepth(plain), processing: null, path,
              ...(plain.faderDb === undefined ? {} : { faderDb: plain.faderDb }),
            });
          }
        }
        const input = scaled(channels, 10 ** (INPUT_PEAK_DBFS / 20) / peak);
        for (const processor of processorsFor(song)) {
          const path = join('set', song.id, `${processor.id}.wav`);
          const sidecar = join(cacheDir, path.replace(/\.wav$/, '.json'));
          let done: { bitDepth: BitDepth; processing: Processing };
          const cached = existsSync(sidecar) && existsSync(join(cacheDir, path)) ? (JSON.parse(readFileSync(sidecar, 'utf8')) as typeof done) : null;
          // A file made with other settings (the processor's definition changed) is made again.
          if (cached && cached.processing.settings === processor.settings) {
            done = cached;
          } else {
            const t0 = Date.now();
            const output = await processor.apply(input, fs);
            log(`  ${processor.id}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
            const reduction = measureGainReduction(input, output, fs);
            const bitDepth = processedBitDepth(song, processor, samplePeak(output));
            mkdirSync(dirname(join(cacheDir, path)), { recursive: true });
            writeWav(join(cacheDir, path), fs, output, bitDepth);
            done = {
              bitDepth,
              processing: {
                name: processor.id, tool: processor.tool, intensity: processor.intensity, settings: processor.settings, inputPeakDbfs: INPUT_PEAK_DBFS,
                gainReduction: reduction,
              },
            };
            writeAtomically(sidecar, JSON.stringify(done, null, 1));
          }
          manifest.entries.push({ id: `${song.id}+${processor.id}`, ...base, gainDb: INPUT_PEAK_DBFS, bitDepth: done.bitDepth, processing: done.processing, path });
        }
      }
      writeAtomically(manifestPath, JSON.stringify(manifest, null, 1));
      log(`[${k + 1}/${songs.length}] ${song.id} (${song.style}, ${split})${record.excluded ? `: ${record.excluded}` : ''} ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await closeChromium();
  }
  return manifest;
}

/**
 * A manifest of what the cache already holds (songs whose excerpt is made, and the files of the
 * set made for them), built without rendering anything: to evaluate a build that is under way.
 */
export async function cachedManifest(cacheDir: string): Promise<Manifest> {
  const made = (song: Song) => existsSync(join(cacheDir, 'excerpts', `${song.id}.json`));
  return buildSet({
    cacheDir,
    manifestName: 'manifest-cached.json',
    songs: made,
    plainFor: (song) => plainPlan(song).filter((p) => existsSync(join(cacheDir, 'set', song.id, `plain_${plainName(p)}.wav`))),
    processorsFor: (song) => processorPlan(song).filter((p) => {
      const sidecar = join(cacheDir, 'set', song.id, `${p.id}.json`);
      return existsSync(sidecar) && (JSON.parse(readFileSync(sidecar, 'utf8')) as { processing: Processing }).processing.settings === p.settings;
    }),
  });
}

export function readManifest(cacheDir: string, name = 'manifest.json'): Manifest {
  return JSON.parse(readFileSync(join(cacheDir, name), 'utf8')) as Manifest;
}

export { db };
