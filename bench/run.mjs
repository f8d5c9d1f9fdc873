#!/usr/bin/env node
// Longer than 400 lines on purpose: the benchmark driver: every contender, rate and layout, and its report.
// `npm run bench`: x-realtime throughput of the busmeter kernel next to other EBU R128 meters,
// in one run, on the same audio (seeded stereo pink noise with level steps, bench/signal.mjs) at
// 44.1, 48 and 96 kHz.
//
//   node bench/run.mjs [--json [file]]        (after npm run build:kernel && npm run build:node)
//
// Environment: BENCH_SECONDS (audio per rate, default 180), BENCH_RATES (default
// 44100,48000,96000), BENCH_RUNS (timed runs per contender, best counts; default 3),
// BENCH_BROWSER=0 to skip the browser part.
//
// Browser part (real Chromium, /usr/bin/chromium): the worklet's time per 128-frame quantum
// (bench/browser-worklet.mjs) and the main thread's time spent drawing the full panel at 60 fps
// (bench/browser-panel.mjs).
//
// Contenders:
//   busmeter      dist/node.js createAnalyzer(): 128-frame quanta with read() at 60 Hz (the live
//                 worklet path), and 65536-frame chunks with one read() at the end (files).
//   libebur128    the C library, through bench/libebur128-harness.c compiled here with cc.
//   ebur128-wasm  npm package (Rust ebur128 crate → WASM); whole-buffer I and TP only.

import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { interleave, LEVEL_MAX_DBFS, LEVEL_MIN_DBFS, makeNoise, SEGMENT_MAX_SECONDS, SEGMENT_MIN_SECONDS } from './signal.mjs';
import * as libebur128 from './peers/libebur128.mjs';
import * as ebur128Wasm from './peers/ebur128-wasm.mjs';
import { benchBrowserWorklet } from './browser-worklet.mjs';
import { benchBrowserPanel } from './browser-panel.mjs';
import { benchEngineWorklet, PANEL_NOT_MEASURED } from './engines.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** A bad argument or environment variable: reported as one line, exit code 2. */
class UsageError extends Error {}

let SECONDS, RATES, RUNS, WARMUP_SECONDS;
try {
  SECONDS = positiveNumber('BENCH_SECONDS', 180);
  RATES = (process.env.BENCH_RATES || '44100,48000,96000').split(',').map((text) => {
    const rate = Number(text);
    if (!Number.isInteger(rate) || rate < 8000 || rate > 384000) throw new UsageError(`BENCH_RATES: "${text}" is not a sample rate from 8000 to 384000 Hz`);
    return rate;
  });
  RUNS = Math.max(1, Math.round(positiveNumber('BENCH_RUNS', 3)));
  WARMUP_SECONDS = Math.min(5, SECONDS);
} catch (error) {
  console.error(`bench: ${error.message}`);
  process.exit(2);
}
const QUANTUM_FRAMES = 128;
/** Audio of the one untimed pass over every busmeter path before the first rate (warmUpBusmeter). */
const BUSMETER_WARMUP_SECONDS = 60;
const LARGE_CHUNK_FRAMES = 65536;
const DISPLAY_HZ = 60;
/** The worklet publishes the spectrum this often (src/live/meter.ts default), the stereo field at DISPLAY_HZ. */
const SPECTRUM_HZ = 25;
/** libebur128 reads M and S every this many frames in its 128-frame row (a meter reading its values). */
const LIBEBUR128_READ_FRAMES = 4096;
/** Integrated loudness differences above this are flagged (LU). */
const AGREEMENT_LU = 0.05;
/** Loudness-range differences above this get a line saying why (LU). */
const LRA_NOTE_LU = 0.1;
/** True-peak differences above this are flagged (dB); meters differ in their interpolators. */
const AGREEMENT_TP_DB = 0.2;

function positiveNumber(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!(value > 0)) throw new UsageError(`${name} must be a positive number, got "${text}"`);
  return value;
}

function parseArgs(argv) {
  const options = { json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') {
      options.json = argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : join(ROOT, '.cache', 'bench-results.json');
    } else if (arg.startsWith('--json=')) {
      options.json = arg.slice('--json='.length);
    } else {
      throw new UsageError(`unknown argument "${arg}" (usage: node bench/run.mjs [--json [file]])`);
    }
  }
  return options;
}

const toDb = (linear) => (linear > 0 ? 20 * Math.log10(linear) : -Infinity);
const maxOf = (values) => values.reduce((a, b) => Math.max(a, b), -Infinity);

/** Best of RUNS timings of `once()` (which returns its results), after one warm-up call. */
function bestOf(warmup, once) {
  warmup();
  let best = Infinity;
  let results;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    results = once();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return { seconds: best, results };
}

// ---------------------------------------------------------------------------------------------
// Contenders. Each returns { seconds, results: { integrated, lra, truePeakDbtp, samplePeakDbfs } }
// with undefined for what it does not measure.

async function loadBusmeter() {
  const distUrl = pathToFileURL(join(ROOT, 'dist', 'node.js'));
  if (!existsSync(distUrl)) return { skipped: 'dist/node.js not built (npm run build:kernel && npm run build:node)' };
  try {
    const api = await import(distUrl.href);
    api.createAnalyzer({ sampleRate: 48000, layout: 'stereo' }); // fails now if build/busmeter.wasm is missing
    return { api };
  } catch (error) {
    return { skipped: `dist/node.js did not load: ${error.message}` };
  }
}

function busmeterResults(r) {
  return { integrated: r.integratedLufs, lra: r.loudnessRangeLu, truePeakDbtp: r.truePeakMaxDbtp, samplePeakDbfs: r.samplePeakMaxDbfs };
}

/**
 * The live path exactly as the worklet runs it (worklet/meter-processor.ts): each 128-frame
 * quantum is copied into the kernel's input buffers and measured with one call; the readings
 * record is read at display rate. Quanta views are made beforehand, as the audio engine hands
 * them over.
 */
function busmeterWorkletQuanta(api, sampleRate, quanta, warmupQuanta, { analysis = false } = {}) {
  const readEvery = Math.round(sampleRate / DISPLAY_HZ);
  const spectrumEvery = Math.round(sampleRate / SPECTRUM_HZ);
  const measure = (count) => {
    const kernel = api.createKernel(sampleRate, 'stereo');
    if (analysis) {
      kernel.configureSpectrum({ enabled: true });
      kernel.configureStereo({ enabled: true });
    }
    const left = kernel.inputBuffer(0);
    const right = kernel.inputBuffer(1);
    let frames = 0;
    let nextRead = readEvery;
    let nextSpectrum = spectrumEvery;
    for (let q = 0; q < count; q++) {
      const quantum = quanta[q];
      left.set(quantum[0]);
      right.set(quantum[1]);
      kernel.processInPlace(quantum[0].length);
      frames += quantum[0].length;
      if (frames >= nextRead) {
        kernel.read();
        if (analysis) kernel.readStereo();
        nextRead += readEvery;
      }
      if (analysis && frames >= nextSpectrum) {
        kernel.readSpectrum();
        nextSpectrum += spectrumEvery;
      }
    }
    const r = kernel.read();
    return { integrated: r[5], lra: r[6], truePeakDbtp: r[10], samplePeakDbfs: r[9] };
  };
  return bestOf(() => measure(warmupQuanta), () => measure(quanta.length));
}

/** [left, right] views of each 128-frame quantum of stereo audio, as an audio engine hands them over. */
function splitIntoQuanta(channels) {
  const quanta = [];
  for (let start = 0; start < channels[0].length; start += QUANTUM_FRAMES) {
    quanta.push([channels[0].subarray(start, start + QUANTUM_FRAMES), channels[1].subarray(start, start + QUANTUM_FRAMES)]);
  }
  return quanta;
}

/**
 * Every busmeter path once, untimed, before anything is timed: V8 compiles the kernel's hot
 * functions and the bench's loops with its optimising tiers only after they have run a while,
 * and without this the first rate in a run read 20–30 % slower than the same rate timed again
 * later in the run (the per-row warm-up is too short for that).
 */
function warmUpBusmeter(api) {
  const sampleRate = RATES[0];
  const channels = makeNoise({ sampleRate, seconds: BUSMETER_WARMUP_SECONDS });
  const quanta = splitIntoQuanta(channels);
  busmeterWorkletQuanta(api, sampleRate, quanta, quanta.length);
  busmeterWorkletQuanta(api, sampleRate, quanta, quanta.length, { analysis: true });
  busmeterQuanta(api, sampleRate, quanta, quanta.length);
  busmeterChunks(api, sampleRate, channels, channels[0].length);
}

/** The same quanta through the Node API (validation and a typed readings object at each read). */
function busmeterQuanta(api, sampleRate, quanta, warmupQuanta) {
  const readEvery = Math.round(sampleRate / DISPLAY_HZ);
  const measure = (count) => {
    const analyzer = api.createAnalyzer({ sampleRate, layout: 'stereo' });
    let frames = 0;
    let nextRead = readEvery;
    for (let q = 0; q < count; q++) {
      const quantum = quanta[q];
      analyzer.push(quantum);
      frames += quantum[0].length;
      if (frames >= nextRead) {
        analyzer.read();
        nextRead += readEvery;
      }
    }
    return busmeterResults(analyzer.read());
  };
  return bestOf(() => measure(warmupQuanta), () => measure(quanta.length));
}

/** The file path: large chunks, one read() at the end. */
function busmeterChunks(api, sampleRate, channels, warmupFrames) {
  const measure = (frames) => {
    const analyzer = api.createAnalyzer({ sampleRate, layout: 'stereo' });
    for (let start = 0; start < frames; start += LARGE_CHUNK_FRAMES) {
      const end = Math.min(frames, start + LARGE_CHUNK_FRAMES);
      analyzer.push([channels[0].subarray(start, end), channels[1].subarray(start, end)]);
    }
    return busmeterResults(analyzer.read());
  };
  return bestOf(() => measure(warmupFrames), () => measure(channels[0].length));
}

function ebur128WasmRun(peer, sampleRate, channels, warmupFrames) {
  const measure = (frames) => {
    const { integrated, truePeak } = ebur128Wasm.measure(peer, sampleRate, channels.map((c) => c.subarray(0, frames)));
    return { integrated, lra: undefined, truePeakDbtp: truePeak, samplePeakDbfs: undefined };
  };
  return bestOf(() => measure(warmupFrames), () => measure(channels[0].length));
}

function libebur128Run(binary, options) {
  const report = libebur128.run(binary, { ...options, runs: RUNS });
  return {
    seconds: report.seconds,
    results: {
      integrated: report.integrated ?? -Infinity,
      lra: report.lra,
      truePeakDbtp: report.truePeak ? toDb(maxOf(report.truePeak)) : undefined,
      samplePeakDbfs: toDb(maxOf(report.samplePeak)),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Output.

const fixed = (value, digits) => (value === undefined ? '—' : value === -Infinity ? '-inf' : value.toFixed(digits));
const times = (value) => (value === undefined ? '—' : `${value >= 100 ? value.toFixed(0) : value.toFixed(1)}×`);
const ratio = (value) => (value === undefined ? '—' : `${value.toFixed(2)}×`);

function printTable(columns, rows) {
  const widths = columns.map((column, i) => Math.max(column.title.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => cells.map((cell, i) => (columns[i].right ? String(cell).padStart(widths[i]) : String(cell).padEnd(widths[i]))).join('  ').trimEnd();
  console.log(line(columns.map((c) => c.title)));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const benchStart = performance.now();
  const workDir = mkdtempSync(join(tmpdir(), 'busmeter-bench-'));
  const cleanup = () => rmSync(workDir, { recursive: true, force: true });
  process.on('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

  const cpu = cpus();
  console.log('busmeter bench');
  console.log(`  machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} logical cores; Node ${process.version}`);
  console.log(`  audio: ${SECONDS} s of stereo pink noise per rate, level stepping every ${SEGMENT_MIN_SECONDS}-${SEGMENT_MAX_SECONDS} s between ${LEVEL_MIN_DBFS} and ${LEVEL_MAX_DBFS} dBFS RMS (seeded mulberry32; the same samples for every contender)`);
  console.log(`  timing: best of ${RUNS} runs after a ${WARMUP_SECONDS} s warm-up; x-realtime = audio seconds / processing seconds`);

  const busmeter = await loadBusmeter();
  const lib = libebur128.prepare(workDir);
  let wasmPeer;
  try {
    wasmPeer = await ebur128Wasm.load();
  } catch (error) {
    wasmPeer = { skipped: error.code === 'MODULE_NOT_FOUND' ? 'not installed (npm install)' : `did not load: ${error.message.split('\n')[0]}` };
  }
  console.log(`  busmeter: ${busmeter.skipped ? `SKIPPED — ${busmeter.skipped}` : 'dist/node.js (build/busmeter.wasm)'}`);
  console.log(`  libebur128: ${lib.skipped ? `SKIPPED — ${lib.skipped}` : `${lib.version} (system library), harness built with cc -O2`}`);
  console.log(`  ebur128-wasm: ${wasmPeer.skipped ? `SKIPPED — ${wasmPeer.skipped}` : `${wasmPeer.version} (npm; measures integrated loudness and true peak only)`}`);

  const report = { seconds: SECONDS, runs: RUNS, node: process.version, cpu: cpu[0]?.model.trim(), cores: cpu.length, rates: [] };
  const summaries = [];
  const disagreements = [];

  if (!busmeter.skipped) warmUpBusmeter(busmeter.api);

  for (const sampleRate of RATES) {
    const frames = Math.round(SECONDS * sampleRate);
    const warmupFrames = Math.round(WARMUP_SECONDS * sampleRate);
    const displayFrames = Math.round(sampleRate / DISPLAY_HZ);
    console.log(`\n== ${sampleRate} Hz stereo, ${SECONDS} s (${frames} frames per channel) ==`);
    const channels = makeNoise({ sampleRate, seconds: SECONDS });
    const rows = [];
    const add = (row) => {
      rows.push(row);
      return row;
    };

    if (!busmeter.skipped) {
      const quanta = splitIntoQuanta(channels);
      add({ key: 'busmeter-quanta', contender: 'busmeter', measures: 'M S I LRA SP TP', how: `128-frame quanta as the worklet runs them, read every ${displayFrames} frames (${DISPLAY_HZ} Hz)`, chunk: QUANTUM_FRAMES,
        ...busmeterWorkletQuanta(busmeter.api, sampleRate, quanta, Math.ceil(warmupFrames / QUANTUM_FRAMES)) });
      add({ key: 'busmeter-analysis-quanta', contender: 'busmeter', measures: 'all + spectrum + stereo', how: `as above, plus 8192-point spectrum (50 % overlap) read at ${SPECTRUM_HZ} Hz and stereo field + goniometer read at ${DISPLAY_HZ} Hz`, chunk: QUANTUM_FRAMES,
        ...busmeterWorkletQuanta(busmeter.api, sampleRate, quanta, Math.ceil(warmupFrames / QUANTUM_FRAMES), { analysis: true }) });
      add({ key: 'busmeter-node-quanta', contender: 'busmeter *', measures: 'M S I LRA SP TP', how: `128-frame quanta through analyzer.push()/read(), ${DISPLAY_HZ} Hz reads`, chunk: QUANTUM_FRAMES,
        ...busmeterQuanta(busmeter.api, sampleRate, quanta, Math.ceil(warmupFrames / QUANTUM_FRAMES)) });
      add({ key: 'busmeter-chunks', contender: 'busmeter', measures: 'M S I LRA SP TP', how: `${LARGE_CHUNK_FRAMES}-frame chunks, read() at end`, chunk: LARGE_CHUNK_FRAMES,
        ...busmeterChunks(busmeter.api, sampleRate, channels, warmupFrames) });
    }

    if (!lib.skipped) {
      const file = join(workDir, `noise-${sampleRate}.f32`);
      const interleaved = interleave(channels);
      writeFileSync(file, new Uint8Array(interleaved.buffer, interleaved.byteOffset, interleaved.byteLength));
      const common = { file, channels: 2, sampleRate, warmupFrames };
      add({ key: 'libebur128-quanta', contender: 'libebur128', measures: 'M S I LRA SP TP', how: `128-frame chunks, M+S read every ${LIBEBUR128_READ_FRAMES} frames`, chunk: QUANTUM_FRAMES,
        ...libebur128Run(lib.binary, { ...common, chunkFrames: QUANTUM_FRAMES, readEveryFrames: LIBEBUR128_READ_FRAMES }) });
      add({ key: 'libebur128-quanta-60hz', contender: 'libebur128', measures: 'M S I LRA SP TP', how: `128-frame chunks, M+S read every ${displayFrames} frames (${DISPLAY_HZ} Hz)`, chunk: QUANTUM_FRAMES, info: true,
        ...libebur128Run(lib.binary, { ...common, chunkFrames: QUANTUM_FRAMES, readEveryFrames: displayFrames }) });
      add({ key: 'libebur128-chunks', contender: 'libebur128', measures: 'M S I LRA SP TP', how: `${LARGE_CHUNK_FRAMES}-frame chunks`, chunk: LARGE_CHUNK_FRAMES,
        ...libebur128Run(lib.binary, { ...common, chunkFrames: LARGE_CHUNK_FRAMES }) });
      add({ key: 'libebur128-chunks-no-tp', contender: 'libebur128', measures: 'M S I LRA SP', how: `${LARGE_CHUNK_FRAMES}-frame chunks, no true peak (reference)`, chunk: LARGE_CHUNK_FRAMES, info: true,
        ...libebur128Run(lib.binary, { ...common, chunkFrames: LARGE_CHUNK_FRAMES, truePeak: false }) });
      rmSync(file, { force: true });
    }

    if (!wasmPeer.skipped) {
      add({ key: 'ebur128-wasm', contender: 'ebur128-wasm', measures: 'I + TP only', how: 'whole buffer: integrated + true-peak calls', chunk: LARGE_CHUNK_FRAMES,
        ...ebur128WasmRun(wasmPeer, sampleRate, channels, warmupFrames) });
    }

    // Ratios: vs libebur128 in full mode (with true peak) at the same chunk size (128-frame rows
    // against its 128-frame row that reads every 4096 frames; everything else against its
    // 65536-frame row), and vs ebur128-wasm.
    const byKey = Object.fromEntries(rows.map((row) => [row.key, row]));
    for (const row of rows) row.xRealtime = SECONDS / row.seconds;
    const libFor = (row) => (row.chunk === QUANTUM_FRAMES ? byKey['libebur128-quanta'] : byKey['libebur128-chunks']);
    for (const row of rows) {
      const lib128 = libFor(row);
      row.vsLibebur128 = lib128 ? row.xRealtime / lib128.xRealtime : undefined;
      row.vsEbur128Wasm = byKey['ebur128-wasm'] ? row.xRealtime / byKey['ebur128-wasm'].xRealtime : undefined;
    }

    if (!rows.length) {
      console.log('  (no contender ran)');
      continue;
    }
    printTable(
      [
        { title: 'contender' }, { title: 'measures' }, { title: 'how' },
        { title: 'seconds', right: true }, { title: 'x-realtime', right: true }, { title: 'vs libebur128', right: true }, { title: 'vs ebur128-wasm', right: true },
        { title: 'I LUFS', right: true }, { title: 'LRA LU', right: true }, { title: 'TP dBTP', right: true }, { title: 'SP dBFS', right: true },
      ],
      rows.map((row) => [
        row.contender + (row.info ? ' *' : ''), row.measures, row.how,
        row.seconds.toFixed(3), times(row.xRealtime), ratio(row.vsLibebur128), ratio(row.vsEbur128Wasm),
        fixed(row.results.integrated, 3), fixed(row.results.lra, 2), fixed(row.results.truePeakDbtp, 3), fixed(row.results.samplePeakDbfs, 3),
      ]),
    );
    if (byKey['libebur128-chunks']) {
      console.log(`  vs libebur128: against its full-mode row at the same chunk size (128-frame rows vs "128-frame chunks, M+S read every ${LIBEBUR128_READ_FRAMES} frames", others vs "${LARGE_CHUNK_FRAMES}-frame chunks").`);
      console.log('  * = for reference, never a baseline. libebur128 times itself in C (file I/O excluded) and computes M/S on demand by summing its window, so its reading rate costs it.');
    }
    if (byKey['busmeter-quanta']) console.log('  busmeter quanta: the [left, right] views of each 128-frame quantum are made before timing, as an audio engine hands them to a worklet.');
    if (byKey['ebur128-wasm']) console.log('  ebur128-wasm measures only integrated loudness and true peak (two whole-buffer calls, each copying the audio into its WASM memory).');

    // Agreement.
    const agreement = [];
    const reference = byKey['libebur128-chunks'];
    for (const row of rows) {
      if (!reference || row === reference) continue;
      const dI = Math.abs(row.results.integrated - reference.results.integrated);
      const dTp = row.results.truePeakDbtp === undefined ? undefined : Math.abs(row.results.truePeakDbtp - reference.results.truePeakDbtp);
      const dLra = row.results.lra === undefined ? undefined : Math.abs(row.results.lra - reference.results.lra);
      agreement.push({ key: row.key, dI, dTp, dLra });
      if (dI > AGREEMENT_LU) disagreements.push(`${sampleRate} Hz ${row.key}: I differs from libebur128 by ${dI.toFixed(3)} LU`);
      if (dTp > AGREEMENT_TP_DB) disagreements.push(`${sampleRate} Hz ${row.key}: TP differs from libebur128 by ${dTp.toFixed(3)} dB`);
    }
    if (reference) {
      const ours = agreement.filter((a) => a.key.startsWith('busmeter'));
      const peer = agreement.find((a) => a.key === 'ebur128-wasm');
      const parts = [];
      if (ours.length) {
        parts.push(`busmeter vs libebur128: max |ΔI| ${maxOf(ours.map((a) => a.dI)).toExponential(2)} LU, max |ΔTP| ${maxOf(ours.map((a) => a.dTp)).toFixed(3)} dB, max |ΔLRA| ${maxOf(ours.map((a) => a.dLra)).toFixed(2)} LU`);
      }
      if (peer) parts.push(`ebur128-wasm vs libebur128: |ΔI| ${peer.dI.toExponential(2)} LU, |ΔTP| ${peer.dTp.toFixed(3)} dB`);
      if (parts.length) console.log(`  agreement: ${parts.join('; ')}`);
      // Not a tolerance: the two sample the short-term loudness differently for the range.
      if (ours.length && maxOf(ours.map((a) => a.dLra)) > LRA_NOTE_LU) console.log('  LRA: libebur128 takes a short-term value once a second, busmeter ten times a second (Tech 3342 asks for at least 10 Hz); on short audio with level steps a percentile can fall on a step, and the two ranges can differ by whole LU.');
    }
    if (byKey['busmeter-quanta'] && byKey['busmeter-chunks']) {
      const a = byKey['busmeter-quanta'].results;
      const b = byKey['busmeter-chunks'].results;
      const identical = Object.keys(a).every((key) => Object.is(a[key], b[key]));
      console.log(`  busmeter 128-frame quanta vs ${LARGE_CHUNK_FRAMES}-frame chunks: ${identical ? 'identical readings' : 'READINGS DIFFER'}`);
      if (!identical) disagreements.push(`${sampleRate} Hz busmeter: 128-frame and ${LARGE_CHUNK_FRAMES}-frame readings differ`);
    }

    const ourQuanta = byKey['busmeter-quanta'];
    const ourChunks = byKey['busmeter-chunks'];
    if (ourQuanta) {
      let summary = `${sampleRate} Hz stereo: busmeter 128-frame quanta ${times(ourQuanta.xRealtime)} realtime`;
      if (byKey['libebur128-quanta']) summary += ` = ${ratio(ourQuanta.vsLibebur128)} libebur128 (${times(byKey['libebur128-quanta'].xRealtime)})`;
      if (ourChunks) {
        summary += `; ${LARGE_CHUNK_FRAMES}-frame chunks ${times(ourChunks.xRealtime)}`;
        if (byKey['libebur128-chunks']) summary += ` = ${ratio(ourChunks.vsLibebur128)} libebur128 (${times(byKey['libebur128-chunks'].xRealtime)})`;
      }
      if (byKey['ebur128-wasm']) summary += `; ebur128-wasm (I + TP only) ${times(byKey['ebur128-wasm'].xRealtime)}`;
      const analysisRow = byKey['busmeter-analysis-quanta'];
      if (analysisRow) {
        summary += `; with spectrum + stereo field, 128-frame quanta ${times(analysisRow.xRealtime)}`;
        if (byKey['libebur128-quanta']) summary += ` = ${ratio(analysisRow.vsLibebur128)} libebur128`;
      }
      summaries.push(summary);
    }

    report.rates.push({
      sampleRate, frames,
      rows: rows.map(({ key, contender, measures, how, chunk, seconds, xRealtime, vsLibebur128, vsEbur128Wasm, results }) => ({
        key, contender, measures, how, chunk, seconds, xRealtime, vsLibebur128, vsEbur128Wasm, results,
      })),
      agreement,
    });
  }

  if (!busmeter.skipped) {
    const kernel = busmeter.api.createKernel(48000, 'stereo');
    const memoryBytes = kernel.readings.buffer.byteLength;
    const staticEnd = Math.max(kernel.readings.byteOffset + kernel.readings.byteLength, dataSegmentsEnd(join(ROOT, 'build', 'busmeter.wasm')));
    report.memory = { linearMemoryBytes: memoryBytes, staticDataBytes: staticEnd };
    console.log(`\nbusmeter memory per analyzer: ${(memoryBytes / 1024).toFixed(0)} KiB of WASM linear memory (fixed, never grows), of which ${(staticEnd / 1024).toFixed(0)} KiB hold its buffers, tables and state (up to 16 channels); no heap.`);
  }

  if (process.env.BENCH_BROWSER !== '0') {
    const browserSummaries = await browserBench(report);
    summaries.push(...browserSummaries);
  }

  console.log('\nsummary:');
  if (summaries.length) for (const summary of summaries) console.log(`  ${summary}`);
  else console.log('  (busmeter skipped: no summary)');
  if (disagreements.length) {
    console.log(`\nDISAGREEMENT beyond tolerance (I > ${AGREEMENT_LU} LU, TP > ${AGREEMENT_TP_DB} dB, or block size changing busmeter's readings):`);
    for (const line of disagreements) console.log(`  ${line}`);
  }
  report.disagreements = disagreements;
  report.summaries = summaries;
  console.log(`\nbench took ${((performance.now() - benchStart) / 1000).toFixed(1)} s`);

  if (options.json) {
    mkdirSync(dirname(resolve(options.json)), { recursive: true });
    writeFileSync(options.json, `${JSON.stringify(report, (key, value) => (value === -Infinity ? null : value), 2)}\n`);
    console.log(`results written to ${options.json}`);
  }
}

/** The worklet and panel costs in real Chromium; returns summary lines. */
async function browserBench(report) {
  const chromium = '/usr/bin/chromium';
  console.log('\n== browser (Chromium, headless, software compositing) ==');
  if (!existsSync(chromium)) {
    console.log(`  SKIPPED — ${chromium} not installed`);
    return [];
  }
  if (!existsSync(join(ROOT, 'build', 'busmeter.wasm'))) {
    console.log('  SKIPPED — build/busmeter.wasm missing (npm run build:kernel)');
    return [];
  }
  const lines = [];
  const pct = (share) => `${(share * 100).toFixed(2)} %`;
  const worklet = await benchBrowserWorklet({ executablePath: chromium });
  const budgetUs = (128 / worklet.sampleRate) * 1e6;
  console.log(`  worklet: ${worklet.seconds} s of stereo noise at ${worklet.sampleRate} Hz rendered by an OfflineAudioContext, median of ${worklet.runs}, with and without the meter node`);
  console.log(`    per 128-frame quantum: ${worklet.usPerQuantumWithMeter.toFixed(2)} µs with the meter, ${worklet.usPerQuantumWithout.toFixed(2)} µs without → the meter adds ${worklet.usPerQuantumMeter.toFixed(2)} µs`);
  console.log(`    = ${pct(worklet.realtimeShare)} of the ${budgetUs.toFixed(0)} µs real-time budget of a quantum (target < 2 %)`);
  lines.push(`worklet: ${worklet.usPerQuantumMeter.toFixed(2)} µs per 128-frame quantum at ${worklet.sampleRate / 1000} kHz = ${pct(worklet.realtimeShare)} of the quantum's real-time budget (target < 2 %)`);
  const panel = await benchBrowserPanel({ executablePath: chromium });
  console.log(`  panel: the built app playing its pink-noise test signal, ${panel.seconds} s measured in each of ${panel.rounds} alternating rounds, medians (DevTools Performance.getMetrics ThreadTime: CPU time of the renderer main thread)`);
  console.log(`    main thread CPU ${panel.busyMsPerSecond.toFixed(1)} ms/s at ${panel.framesPerSecond.toFixed(1)} fps; the idle page (empty frame loop) ${panel.idleBusyMsPerSecond.toFixed(1)} ms/s`);
  console.log(`    (wall time of its tasks: ${panel.taskMsPerSecond.toFixed(1)} ms/s playing, ${panel.idleTaskMsPerSecond.toFixed(1)} ms/s idle; higher when other work competes for the cores)`);
  console.log(`    drawing the full panel: ${panel.drawingMsPerSecond.toFixed(1)} ms per second = ${pct(panel.coreShare)} of one core (target < 5 %), ${panel.msPerFrame.toFixed(2)} ms per frame; rounds ${panel.drawingRoundsMsPerSecond.map((v) => v.toFixed(1)).join(', ')} ms/s`);
  console.log(`    without the analysis views (no-analysis: level meters, headroom, warnings, history): ${panel.metersDrawingMsPerSecond.toFixed(1)} ms per second = ${pct(panel.metersCoreShare)} of one core`);
  console.log(`    peer: one canvas bar redrawn every frame costs ${panel.peerDrawingMsPerSecond.toFixed(1)} ms/s → the full panel = ${panel.vsOneBar.toFixed(2)}× one bar`);
  const mt = panel.mainThreadPainting;
  console.log(`    the same app drawing on the main thread (?paint=main): ${mt.drawingMsPerSecond.toFixed(1)} ms/s = ${pct(mt.drawingMsPerSecond / 1000)} (${pct(mt.metersDrawingMsPerSecond / 1000)} without the analysis views) → the paint worker takes ${(mt.drawingMsPerSecond / panel.drawingMsPerSecond).toFixed(2)}× less main-thread time; rounds ${mt.drawingRoundsMsPerSecond.map((v) => v.toFixed(1)).join(', ')} ms/s`);
  console.log(`    whole browser (all processes and threads, audio path included), playing − idle: ${panel.browserDrawingMsPerSecond.toFixed(1)} ms/s with the paint worker, ${mt.browserDrawingMsPerSecond.toFixed(1)} ms/s drawing on the main thread`);
  lines.push(`panel drawing at ${panel.framesPerSecond.toFixed(0)} fps: ${pct(panel.coreShare)} of one core main-thread CPU with the analysis views, ${pct(panel.metersCoreShare)} without (target < 5 %); full panel = ${panel.vsOneBar.toFixed(2)}× a one-bar canvas meter; drawing on the main thread instead: ${pct(mt.drawingMsPerSecond / 1000)}; whole browser ${panel.browserDrawingMsPerSecond.toFixed(0)} against ${mt.browserDrawingMsPerSecond.toFixed(0)} ms/s`);
  report.browser = { worklet, panel };
  // The other engines (tests/support/engines): the worklet measured the same way; the panel not.
  report.engines = {};
  for (const name of ['firefox', 'webkit']) {
    try {
      const w = await benchEngineWorklet(name);
      report.engines[name] = w;
      console.log(`  ${name} worklet (same render, ${w.seconds} s, median of ${w.runs}): ${w.usPerQuantumWithMeter.toFixed(2)} µs with the meter, ${w.usPerQuantumWithout.toFixed(2)} µs without → the meter adds ${w.usPerQuantumMeter.toFixed(2)} µs = ${pct(w.realtimeShare)} of the quantum's budget`);
      lines.push(`${name} worklet: ${w.usPerQuantumMeter.toFixed(2)} µs per 128-frame quantum at ${w.sampleRate / 1000} kHz = ${pct(w.realtimeShare)} of the quantum's real-time budget`);
    } catch (error) {
      console.log(`  ${name} worklet: SKIPPED — ${error.message.split('\n')[0]}`);
    }
    console.log(`  ${name} panel: ${PANEL_NOT_MEASURED}`);
  }
  return lines;
}

/** End of the highest active data segment in a WebAssembly binary (0 if none). */
function dataSegmentsEnd(path) {
  const bytes = readFileSync(path);
  let offset = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[offset++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const sleb32 = () => {
    let result = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[offset++];
      result |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return shift < 32 && byte & 0x40 ? result | (-1 << shift) : result;
  };
  let end = 0;
  while (offset < bytes.length) {
    const id = bytes[offset++];
    const size = leb();
    const next = offset + size;
    if (id === 11) {
      const count = leb();
      for (let i = 0; i < count; i++) {
        const flags = leb();
        let start;
        if (flags === 0 || flags === 2) {
          if (flags === 2) leb();
          if (bytes[offset++] !== 0x41) return end; // not i32.const: give up on this estimate
          start = sleb32();
          offset++; // end
        }
        const length = leb();
        if (start !== undefined) end = Math.max(end, start + length);
        offset += length;
      }
    }
    offset = next;
  }
  return end;
}

main().catch((error) => {
  if (error instanceof UsageError) {
    console.error(`bench: ${error.message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
