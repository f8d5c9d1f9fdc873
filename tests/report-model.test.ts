// The report model itself (src/offline/report/model.ts), in Node: its numbers do not depend on how the
// audio is chunked, its mastering verdict is `busmeter analyze`'s, it reports progress, stops on
// an AbortSignal, handles mono and other rates and layouts, and measures an hour of stereo
// 48 kHz far faster than real time.

import { describe, expect, it } from 'vitest';
import { analyzeMastering } from '../src/offline/analyze-mastering.js';
import { resolveLayout, type ChannelLayout } from '../src/engine/layouts.js';
import { createKernel } from '../src/node.js';
import { buildReport, type ReportSource } from '../src/offline/report/model.js';
import { formatReportText } from '../src/offline/report/text.js';
import { masteringChains } from './support/mastering-chains.js';
import { GENRES, peakNormalise, renderMix, toFloat32 } from './support/mixes.js';

const kernelFactory = (rate: number, layout: ChannelLayout) => createKernel(rate, { weights: layout.weights, labels: layout.labels });

function source(channels: Float32Array[], rate: number, chunkFrames: number, layout = resolveLayout(channels.length)): ReportSource {
  const frames = channels[0].length;
  return {
    name: 'test', format: 'memory', sampleRate: rate, layout, frames,
    chunks: (function* () {
      for (let start = 0; start < frames; start += chunkFrames) yield channels.map((c) => c.subarray(start, Math.min(frames, start + chunkFrames)));
    })(),
  };
}

describe('the report model', () => {
  const rate = 48000;
  // A mix bounced as the brief asks (peaks at −4 dBFS), and the same mix through a limiter.
  const bounce = peakNormalise(renderMix({ genre: GENRES[0], seed: 7, sampleRate: rate, seconds: 20 }), -4);
  const mix = toFloat32(bounce);

  it('gives the same report whether the audio comes in 65536-, 4096- or 1237-frame chunks', async () => {
    const reports = await Promise.all([65536, 4096, 1237].map((n) => buildReport(source(mix, rate, n), kernelFactory)));
    expect(reports[1]).toEqual(reports[0]);
    expect(reports[2]).toEqual(reports[0]);
    expect(reports[0].series.timeSeconds).toHaveLength(200);
  });

  it('its mastering verdict equals the detector run the way `busmeter analyze` runs it, for a plain mix and a limited one', async () => {
    const limiter = masteringChains().filter((c) => c.name.startsWith('limiter')).at(-1)!;
    const mixes = [mix, toFloat32(limiter.apply(bounce, rate))];
    const states: string[] = [];
    for (const channels of mixes) {
      const report = await buildReport(source(channels, rate, 65536), kernelFactory);
      const { summary, readings } = analyzeMastering(channels, rate, 'stereo');
      expect(report.mastering).toMatchObject({ state: summary.state, kind: summary.kind, reasons: summary.reasons });
      expect(report.mastering.confidence).toBeCloseTo(summary.confidence, 3);
      expect(report.loudness.integratedLufs).toBeCloseTo(readings.integratedLufs, 3);
      states.push(report.mastering.state);
    }
    // The pair is only a check if the detector tells them apart.
    expect(states[0]).toBe('off');
    expect(states[1]).not.toBe('off');
  });

  it('runs the detector as `busmeter analyze` does on a lossy file: told by the format line (mp3, ogg) or by lossySource, which wins over it', async () => {
    const limiter = masteringChains().filter((c) => c.name.startsWith('limiter')).at(-1)!;
    const limited = toFloat32(limiter.apply(bounce, rate));
    const verdict = async (format: string, lossySource?: boolean) =>
      (await buildReport({ ...source(limited, rate, 65536), format, ...(lossySource === undefined ? {} : { lossySource }) }, kernelFactory)).mastering;
    const asAnalyze = (lossySource: boolean) => analyzeMastering(limited, rate, 'stereo', false, lossySource).summary;
    const lossless = await verdict('wav float 32-bit');
    const lossy = await verdict('mp3');
    expect(lossless).toMatchObject({ state: asAnalyze(false).state, reasons: asAnalyze(false).reasons });
    expect(lossy).toMatchObject({ state: asAnalyze(true).state, reasons: asAnalyze(true).reasons });
    // Only a check if the exact-hit fingerprint counts on this limiter's output.
    expect(lossy.reasons).not.toEqual(lossless.reasons);
    expect(await verdict('audio/mp4, decoded by the browser', true)).toEqual(lossy);
    expect(await verdict('mp3', false)).toEqual(lossless);
  });

  it('reports rising progress ending at 1, and an AbortSignal stops it with the signal\'s reason', async () => {
    const progress: number[] = [];
    await buildReport(source(mix, rate, 4096), kernelFactory, { onProgress: (f) => progress.push(f), yieldMs: 0 });
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.every((f, i) => i === 0 || f >= progress[i - 1])).toBe(true);
    expect(progress.at(-1)).toBe(1);

    const controller = new AbortController();
    const seen: number[] = [];
    const run = buildReport(source(mix, rate, 4096), kernelFactory, {
      signal: controller.signal,
      yieldMs: 0,
      onProgress: (f) => {
        seen.push(f);
        if (f > 0.25) controller.abort(new Error('stopped by the test'));
      },
    });
    await expect(run).rejects.toThrow('stopped by the test');
    expect(seen.at(-1)).toBeLessThan(0.4);
  });

  it('a mono file has no stereo section; 44.1 kHz and 96 kHz get 8192- and 16384-point FFTs; 5.1 reports six channels', async () => {
    const tone = (r: number, seconds: number) => Float32Array.from({ length: r * seconds }, (_, i) => 0.1 * Math.sin((2 * Math.PI * 440 * i) / r));
    const mono = await buildReport(source([tone(44100, 3)], 44100, 65536), kernelFactory);
    expect(mono.stereo).toBeNull();
    expect(mono.series.correlation).toBeNull();
    expect(mono.spectrum).toMatchObject({ source: 'mono', fftSize: 8192 });
    expect(Math.abs(mono.spectrum.peakHz! - 440)).toBeLessThanOrEqual(44100 / 8192);
    expect(formatReportText(mono)).not.toContain('Stereo');
    const hi = await buildReport(source([tone(96000, 2), tone(96000, 2)], 96000, 65536), kernelFactory);
    expect(hi.spectrum.fftSize).toBe(16384);
    const six = Array.from({ length: 6 }, () => tone(48000, 2));
    const surround = await buildReport(source(six, 48000, 65536, resolveLayout('5.1')), kernelFactory);
    expect(surround.peaks.channels.map((c) => c.label)).toEqual(['L', 'R', 'C', 'LFE', 'Ls', 'Rs']);
    expect(surround.file.layout).toBe('5.1');
  });

  it('an hour of stereo 48 kHz is reported whole: 3600 s, one series point per 100 ms (the speed is printed; npm run bench measures it)', async () => {
    // One 10 s block of the mix, repeated: decoding is not what is measured here.
    const block = mix.map((c) => c.subarray(0, 10 * rate));
    const blocks = 360;
    const hour: ReportSource = {
      name: 'hour', format: 'memory', sampleRate: rate, layout: resolveLayout('stereo'), frames: blocks * 10 * rate,
      chunks: (function* () {
        for (let b = 0; b < blocks; b++) for (let s = 0; s < block[0].length; s += 65536) yield block.map((c) => c.subarray(s, s + 65536));
      })(),
    };
    const t0 = performance.now();
    const report = await buildReport(hour, kernelFactory);
    const seconds = (performance.now() - t0) / 1000;
    console.log(`an hour of stereo 48 kHz: ${seconds.toFixed(1)} s (${(3600 / seconds).toFixed(0)}× real time)`);
    expect(report.file.durationSeconds).toBe(3600);
    expect(report.series.timeSeconds).toHaveLength(36000);
  }, 300_000);
});
