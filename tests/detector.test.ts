// Evaluation of the mastering-plugin detector (issue #5) on mixes synthesized by the tests
// (tests/support/mixes.ts) and mastering chains written for them (tests/support/mastering-chains.ts):
// detection rate of mastered renders within 10 s, time to detect and to clear on plain →
// mastered → plain sequences. Prints a table. False alarms on unmastered audio are measured over
// more than an hour of renders in detector-false-alarms.test.ts.

import { describe, expect, it } from 'vitest';
import { analyzeMastering } from '../src/offline/analyze-mastering.js';
import { isLossyFormat, isLossyMedia } from '../src/offline/decode/types.js';
import { describeVerdict, MasteringDetector } from '../src/rules/detector/mastering-detector.js';
import { runDetector, stepDetector } from './support/detector-run.js';
import { createKernel } from '../src/node.js';
import { createReadings, decodeReadings } from '../src/engine/readings.js';
import { hardClip, limiter, masteringChains, softClip } from './support/mastering-chains.js';
import { concat, GENRES, peakNormalise, renderMix, slice, toFloat32 } from './support/mixes.js';
import { compress, kicksOverWash, stereo } from './support/pumping.js';
import { sine } from './support/signals.js';
import { FLOOR_DB } from '../src/contract/readings-layout.js';
import { measurePsr, PSR_SUSTAINED_HIGH_DB, uncrushedBefore } from '../src/rules/detector/crushed-dynamics.js';
import { createEvidence, SPAN } from '../src/rules/detector/evidence.js';
import { WindowHistory } from '../src/rules/detector/window-history.js';

const SECONDS = 20;
const rateOf = (i: number) => (i % 2 === 0 ? 48000 : 44100);
const mixesOf = (firstSeed: number) => GENRES.map((genre, i) => ({ genre, fs: rateOf(i), audio: renderMix({ genre, seed: firstSeed + i, sampleRate: rateOf(i), seconds: SECONDS }) }));
const mixes = mixesOf(500);
const copy = (x: Float64Array[]) => x.map((c) => c.slice());

const table: Record<string, string | number>[] = [];

/** Every mastering chain on the mixes (the limiter grid on one mix each, rotating genres): the share detected within 10 s. */
function detectionRate(set: typeof mixes) {
  const misses: string[] = [];
  const times: number[] = [];
  let renders = 0;
  let unworded = 0;
  masteringChains().forEach((chain, c) => {
    const targets = chain.name.startsWith('limiter') ? [set[c % set.length]] : set;
    for (const { genre, fs, audio } of targets) {
      renders++;
      const r = runDetector(chain.apply(peakNormalise(copy(audio), -3), fs), fs);
      unworded += r.unworded;
      if (r.firstOn <= 10) times.push(r.firstOn);
      else misses.push(`${chain.name} on ${genre.name}`);
    }
  });
  times.sort((a, b) => a - b);
  return { rate: times.length / renders, detected: times.length, renders, unworded, misses, median: times[Math.floor(times.length / 2)], worst: times.at(-1)! };
}

/** RMS over every channel: what a gain-matched audition matches. */
const rms = (x: Float64Array[]) => Math.sqrt(x.reduce((sum, c) => sum + c.reduce((t, v) => t + v * v, 0), 0) / (x.length * x[0].length));

describe('mastering detector evaluation', () => {
  it('detects at least 90 % of mastered renders within 10 s (issue #5\'s target was 95 %; see below)', () => {
    const r = detectionRate(mixes);
    table.push({ measure: 'mastered renders detected within 10 s', value: `${(r.rate * 100).toFixed(1)} %`, detail: `${r.detected}/${r.renders}; missed: ${r.misses.join('; ') || 'none'}` });
    table.push({ measure: 'time to detect (median / worst), s', value: `${r.median.toFixed(1)} / ${r.worst.toFixed(1)}`, detail: 'from the start of the mastered render' });
    // Issue #5's target is 95 %; 58 of 64 (90.6 %) are detected. What is missed is the sparse
    // ballad (a kick every 1.7 s) under light processing: compressor + limiter at -0.3 dB, whose
    // exactly repeated peaks come late ("on" at 10.7 s, the detector deciding only on a full 6 s
    // span of active windows: whole real songs were warned in their first seconds), and a soft
    // clipper driven 6 dB, whose PSR and peak spread stay inside what unprocessed pad-and-voice
    // ballads show; and soft clippers on the rock and hip-hop mixes. Dense unmastered real music
    // (tracker and General MIDI renders) reads a PSR of 9.5–10.5 dB, so the rock mix's 9.6–10 dB
    // is not called crushed; and a General MIDI render with no processing puts 10–17 % of its
    // windows within 0.2 dB of its top true peak with only 15 % of the windows near the top at
    // it, just as the soft-clipped hip-hop mix does (10–13 %, 17–23 %), so that ceiling no longer
    // counts (it raised a false "on" on the real song). The real-music targets (issue #14) come first.
    table.push({ measure: 'target ≥ 95 % within 10 s', value: r.rate >= 0.95 ? 'TARGET_MET' : 'NOT MET', detail: '' });
    expect(r.rate).toBeGreaterThanOrEqual(0.9);
    // A warning or a question always says why, also while it holds after its evidence has left
    // the 6 s span (the hysteresis): it keeps the words of the evidence that raised it.
    expect(r.unworded).toBe(0);
  });

  it('detects most mastered renders of other songs in the same genres within 10 s (held-out seeds; prints the rate, floor 85 %)', () => {
    // Songs the detector was never looked at on: how much of the rate above is the set's luck.
    // Light processing of a sparse ballad touches one or two kicks in 10 s, and whether those
    // share a sample value depends on the song. Soft clippers driven 6 dB leave a PSR that dense
    // unmastered real music has (see above): 57 of 64 (89.1 %) are detected.
    const r = detectionRate(mixesOf(600));
    table.push({ measure: 'held-out songs (seeds 600–604): detected within 10 s', value: `${(r.rate * 100).toFixed(1)} %`, detail: `${r.detected}/${r.renders}; missed: ${r.misses.join('; ') || 'none'}` });
    expect(r.rate).toBeGreaterThanOrEqual(0.85);
    expect(r.unworded).toBe(0);
  });

  it('detects within 10 s of mastering switched on and clears within 10 s of it switched off (plain 20 s → mastered 20 s → plain 20 s)', () => {
    const chains = masteringChains();
    const picks = [chains.findIndex((c) => c.name.includes('TP -1 dB, +6')), chains.findIndex((c) => c.name.includes('SP -0.3 dB, +9')),
      chains.findIndex((c) => c.name.startsWith('compressor 4')), chains.findIndex((c) => c.name.startsWith('hard clipper +6')), chains.findIndex((c) => c.name.startsWith('multiband'))];
    const detect: number[] = [], clearOn: number[] = [], clearOff: number[] = [];
    const rows: string[] = [];
    mixes.forEach(({ genre, fs }, i) => {
      const chain = chains[picks[i % picks.length]];
      const long = peakNormalise(renderMix({ genre, seed: 900 + i, sampleRate: fs, seconds: 60 }), -3);
      const third = 20 * fs;
      const sequence = concat([slice(long, 0, third), chain.apply(slice(long, third, 2 * third), fs), slice(long, 2 * third, 3 * third)]);
      const { states } = runDetector(sequence, fs);
      const at = (k: number) => (k + 1) / 10;
      const on = states.findIndex((s, k) => k >= 200 && s === 'on');
      const leaveOn = states.findIndex((s, k) => k >= 400 && s !== 'on');
      const off = states.findIndex((s, k) => k >= 400 && s === 'off');
      const before = states.slice(0, 200).includes('on');
      detect.push(on < 0 ? Infinity : at(on) - 20);
      clearOn.push(leaveOn < 0 ? Infinity : at(leaveOn) - 40);
      clearOff.push(off < 0 ? Infinity : at(off) - 40);
      rows.push(`${genre.name}/${chain.name}: on after ${detect.at(-1)!.toFixed(1)} s, not "on" ${clearOn.at(-1)!.toFixed(1)} s, "off" ${clearOff.at(-1)!.toFixed(1)} s after switching off${before ? ', FALSE ALARM before' : ''}`);
      expect(before).toBe(false);
    });
    const worst = (a: number[]) => Math.max(...a).toFixed(1);
    const inTime = detect.filter((t) => t <= 10);
    table.push({ measure: 'on/off sequences: time to detect (worst within 10 s), s', value: `${worst(inTime)} (${inTime.length}/${detect.length})`, detail: rows.join('; ') });
    table.push({ measure: 'on/off sequences: time to leave "on" / to reach "off" (worst), s', value: `${worst(clearOn)} / ${worst(clearOff)}`, detail: '' });
    console.log(`\nMastering detector evaluation\n${table.map((r) => `  ${String(r.measure).padEnd(64)} ${String(r.value).padEnd(12)} ${r.detail}`).join('\n')}\n`);
    // Four of the five are detected within 10 s. The ballad through compressor and limiter at
    // −0.3 dB is light processing of a sparse arrangement: it is seen later than 10 s or not at
    // all, which the rate above counts as a miss.
    expect(detect.filter((t) => t <= 10).length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...clearOn)).toBeLessThanOrEqual(10);
  });
});

describe('mastering detector behaviour', () => {
  it('warns of a limiter auditioned gain-matched (switched in at the mix\'s former loudness) within 10 s in every genre, though its ceiling lies under the plain mix\'s peaks of the last 30 s', () => {
    const chain = masteringChains().find((c) => c.name.includes('SP -0.3 dB, +9'))!;
    const rows: string[] = [];
    let seen = 0;
    GENRES.forEach((genre, i) => {
      const fs = 48000;
      const long = peakNormalise(renderMix({ genre, seed: 900 + i, sampleRate: fs, seconds: 40 }), -3);
      const plain = slice(long, 20 * fs, 40 * fs);
      const limited = chain.apply(plain, fs);
      const gain = rms(plain) / rms(limited);
      const matched = limited.map((c) => c.map((v) => v * gain));
      const { states } = runDetector(concat([slice(long, 0, 20 * fs), matched]), fs);
      const warned = states.findIndex((s, k) => k >= 200 && s !== 'off');
      const after = warned < 0 ? Infinity : (warned + 1) / 10 - 20;
      if (after <= 10) seen++;
      rows.push(`${genre.name}: ${Number.isFinite(after) ? `warned ${after.toFixed(1)} s after` : 'never warned'}`);
    });
    console.log(`\n${chain.name}, gain-matched after 20 s of the plain mix: ${rows.join('; ')}`);
    // The plain mix's higher peaks were no louder, so they do not void the ceiling (ceiling.ts,
    // PASSED_DB). Were they taken to void it, the rock mix would be seen only once they have left
    // the last 30 s; were the crushed dynamics also taken for the arrangement's (the plain mix
    // before was as loud and uncrushed, crushed-dynamics.ts), only the ballad and the dense mix.
    expect(seen, rows.join('; ')).toBe(GENRES.length);
  });

  it('gives the same verdicts live (128-frame quanta, a read after each) as offline (a read every 100 ms)', () => {
    const fs = 48000;
    const audio = toFloat32(limiter(peakNormalise(slice(mixes[0].audio, 0, 8 * fs), -3), fs, { ceilingDb: -0.3, driveDb: 9, truePeak: true }));
    const offline = analyzeMastering(audio, fs, 2, true).timeline!.map((p) => p.verdict);
    const kernel = createKernel(fs, 2);
    const readings = createReadings(kernel.layout.labels);
    const detector = new MasteringDetector();
    const live: typeof offline = [];
    for (let start = 0; start < audio[0].length; start += 128) {
      kernel.push(audio, start, Math.min(128, audio[0].length - start));
      const verdict = detector.update(decodeReadings(kernel.read(), readings));
      if ((start + 128) % 4800 < 128) live.push(verdict);
    }
    expect(live.map((v) => v.state)).toEqual(offline.map((v) => v.state));
    expect(live.at(-1)).toEqual(offline.at(-1));
    expect(detector.missedWindows).toBe(0);
  });

  it('explains an "on" verdict in plain words and says what to do', () => {
    const fs = 48000;
    const audio = toFloat32(hardClip(peakNormalise(slice(mixes[0].audio, 0, 10 * fs), -3), { driveDb: 9, ceilingDb: -0.1 }));
    const { summary } = analyzeMastering(audio, fs);
    expect(summary.state).toBe('on');
    expect(summary.reasons.join(' ')).toMatch(/flat tops|ceiling/);
    const { title, advice } = describeVerdict(summary);
    expect(title).toMatch(/^Your bus has mastering plugins on/);
    expect(advice).toMatch(/Bypass the (clipper|limiter) on your master bus before you bounce\./);
    // "Off" says what was looked for, and that a compressor letting the peaks through is not seen.
    const off = describeVerdict({ state: 'off', confidence: 0, reasons: [], kind: null, ceilingDbtp: null });
    expect(off.title).toBe('No limiter, clipper or maximiser detected');
    expect(off.advice).toMatch(/^A bus compressor that lets the peaks through does not show in the output/);
  });

  it('measures a compressor pumping (the highs duck after every kick and come back) and not an arrangement that ducks them, and alone asks nothing: real arrangements dip and return as deep', () => {
    // Kicks over a steady noise wash, then through a 4:1 compressor (10 ms attack, 150 ms
    // release) that the kicks drive 3–11 dB over its threshold: its peaks are not held at any
    // ceiling, only the gain dips after each kick and comes back with the release.
    const fs = 48000;
    const { signal } = kicksOverWash(fs, 12, 33);
    const { output } = compress(signal, fs, { thresholdDb: -14, ratio: 4, attackMs: 10, releaseMs: 150 });
    // The same kicks with the wash 8 dB softer in the half beat after each of them and back at
    // the next kick: the highs duck by arrangement and do not come back until the next beat.
    const kicksAlone = kicksOverWash(fs, 12, 33, 120, -200).signal;
    const arranged = signal.slice();
    for (let beat = Math.round(0.25 * fs); beat < arranged.length; beat += Math.round(0.5 * fs)) {
      for (let i = beat; i < Math.min(beat + Math.round(0.25 * fs), arranged.length); i++) arranged[i] = kicksAlone[i] + 10 ** (-8 / 20) * (signal[i] - kicksAlone[i]);
    }
    const plain = analyzeMastering(toFloat32(stereo(signal)), fs).summary;
    const byArrangement = analyzeMastering(toFloat32(stereo(arranged)), fs).summary;
    const pumped = analyzeMastering(toFloat32(stereo(output)), fs).summary;
    const evidenceOf = (audio: Float64Array) => {
      let evidence!: MasteringDetector['evidence'];
      stepDetector(stereo(audio), fs, (detector) => { evidence = { ...detector.evidence }; });
      return evidence;
    };
    const pumpedEvidence = evidenceOf(output);
    const arrangedEvidence = evidenceOf(arranged);
    expect(plain.state).toBe('off');
    expect(plain.reasons.join(' ')).not.toMatch(/duck/);
    expect(byArrangement.state).toBe('off');
    expect(byArrangement.reasons.join(' ')).not.toMatch(/duck/);
    // The fingerprint reads the compressor: the highs duck after the kick and come back with its
    // release. The arrangement's ducking does not come back.
    expect(pumpedEvidence.pumpingDb).toBeLessThan(-1);
    expect(pumpedEvidence.pumpingDipDb).toBeGreaterThan(0.5);
    expect(arrangedEvidence.pumpingDipDb).toBeLessThanOrEqual(0.5);
    // Alone it raises nothing, not even the question: real unprocessed songs (a tracker module, a
    // released soundtrack) duck 2.4–4.3 dB after the kick and come back 1.4–1.9 dB, as a
    // compressor does. It counts only beside crushed dynamics or peak evidence.
    expect(pumped.state).toBe('off');
    // The question's wording, when the evidence is partial.
    const question = describeVerdict({ state: 'suspected', confidence: 0.5, reasons: [], kind: 'dynamics', ceilingDbtp: null });
    expect(question.title).toBe('Is a compressor or maximiser on your bus?');
    expect(question.advice).toMatch(/^If one is on, fine while you audition a master\. Bypass the compressor or maximiser on your master bus/);
    // A question may be answered no: each kind says what the arrangement does that reads the same.
    expect(question.advice).toMatch(/If your bus is clean, this is your arrangement: drums at one velocity and dense, even bars read this way too\.$/);
    const ask = (kind: 'limiter' | 'clipper') => describeVerdict({ state: 'suspected', confidence: 0.5, reasons: [], kind, ceilingDbtp: null }).advice;
    expect(ask('limiter')).toMatch(/Bypass the limiter .* If your bus is clean, this is your arrangement: a part played at one level stops its peaks at one level too\.$/);
    expect(ask('clipper')).toMatch(/Bypass the clipper .* If your bus is clean, this is your arrangement: samples that are clipped in themselves .* have flat tops too\.$/);
    // A warning is no question: it gives no way out.
    expect(describeVerdict({ state: 'on', confidence: 0.9, reasons: [], kind: 'limiter', ceilingDbtp: -1 }).advice).not.toMatch(/clean/);
  });

  it('takes a bar replayed bit for bit (a tracker or a sampler) for one hit, not for a ceiling: the same audio repeats its peaks exactly, a clipper meets different hits at one value', () => {
    // 1.87 s of the rock mix, looped seven times without any processing: every repeat peaks at
    // the same sample value and true peak as the first, and as the loop does not fall on the
    // 100 ms windows the same way twice, the loudness of the windows at the top moves as a
    // limited mix's would. The same loop hard-clipped 3 dB is a ceiling.
    const rock = mixes.find((m) => m.genre.name === 'rock')!;
    const bar = peakNormalise(slice(rock.audio, 0, Math.round(1.87 * rock.fs)), -1);
    const loop = concat([bar, bar, bar, bar, bar, bar, bar]);
    const plain = runDetector(loop, rock.fs);
    expect(plain.states.filter((s) => s === 'on')).toEqual([]);
    const clipped = runDetector(hardClip(copy(loop), { driveDb: 3, ceilingDb: -1 }), rock.fs);
    expect(clipped.firstOn).toBeLessThanOrEqual(10);
  });

  it('takes a 16-bit bar replayed with one code moved beside its peak, at a fader\'s float gain, for one hit: a tracker song replays its samples so, and no limiter is on', () => {
    // A tracker renders its 16-bit samples again and again; a quiet channel or the mixer's
    // rounding moves some of the samples around the loudest one by one code, so the replays share
    // the sample peak to the last bit while their true peaks differ by thousandths of a dB. At a
    // fader's gain of −2.3 dB the values leave the 16-bit grid, where two exact hits would be a
    // ceiling. (Two real tracker songs of the real-music set read "on" so before this was known.)
    const rock = mixes.find((m) => m.genre.name === 'rock')!;
    const bar = peakNormalise(slice(rock.audio, 0, Math.round(1.87 * rock.fs)), -1).map((c) => c.map((v) => Math.round(v * 32768) / 32768));
    const top = Math.max(...bar.map((c) => c.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
    const code = 1 / 32768;
    const replay = (r: number) => bar.map((c) => c.map((v, i) => (i % 7 === r && Math.abs(v) <= top - 2 * code ? v + code : v)));
    const fader = 10 ** (-2.3 / 20);
    const loop = concat([0, 1, 2, 3, 4, 5, 6].map(replay)).map((c) => c.map((v) => v * fader));
    const run = runDetector(loop, rock.fs);
    expect(run.states.filter((s) => s === 'on')).toEqual([]);
  });

  it('takes a bar replayed with its loudest sample one f32 bit lower for the same hit: a tracker\'s mixer rounds a replayed drum hit so, and no limiter is on', () => {
    // A real tracker song (heroes-sound-tracks' heroes01.xm) replays a drum hit peaking at
    // 0.8196268 and then at 0.81962675, one f32 bit apart; counted as two different hits at one
    // exact value, off the 16-bit grid, it read "on". Both are the same value to its last bit.
    const rock = mixes.find((m) => m.genre.name === 'rock')!;
    const bar = peakNormalise(slice(rock.audio, 0, Math.round(1.87 * rock.fs)), 20 * Math.log10(0.8196268)).map((c) => c.map(Math.fround));
    let peakChannel = 0, peakIndex = 0;
    bar.forEach((c, ch) => c.forEach((v, i) => { if (Math.abs(v) > Math.abs(bar[peakChannel][peakIndex])) { peakChannel = ch; peakIndex = i; } }));
    const oneBitLower = (v: number) => {
      const bits = new DataView(new ArrayBuffer(4));
      bits.setFloat32(0, v);
      bits.setUint32(0, bits.getUint32(0) - 1);
      return bits.getFloat32(0);
    };
    const replay = (r: number) => bar.map((c, ch) => c.map((v, i) => (r % 2 === 1 && ch === peakChannel && i === peakIndex ? oneBitLower(v) : v)));
    const loop = concat([0, 1, 2, 3, 4, 5, 6].map(replay));
    let mostEvents = 0;
    const verdict = stepDetector(loop, rock.fs, (detector) => { mostEvents = Math.max(mostEvents, detector.evidence.exactPeakEvents); });
    expect(mostEvents).toBe(1);
    expect(verdict.state).toBe('off');
    expect(runDetector(loop, rock.fs).states.filter((s) => s === 'on')).toEqual([]);
  });

  it('takes no level that a louder passage of the last 30 s peaked past for a ceiling: a limiter or clipper lets nothing through it, while a song\'s quieter part peaks alike under its loud part', () => {
    // The rock mix at −1 dBFS for 10 s, then 6 dB quieter for 40 s, its top 1 dB flattened at
    // −7 dBFS (a part whose own samples are clipped): flat tops and exact hits at a level that
    // 10 s of the same music, 6 dB louder, passed by 6 dB. No clipper explains that while those
    // peaks are in the detector's 30 s memory; once they leave it, the clipper is all there is,
    // and it is seen.
    const rock = mixes.find((m) => m.genre.name === 'rock')!;
    const fs = rock.fs;
    const long = renderMix({ genre: rock.genre, seed: 901, sampleRate: fs, seconds: 50 });
    const loud = peakNormalise(slice(long, 0, 10 * fs), -1);
    const clipped = hardClip(peakNormalise(slice(long, 10 * fs, 50 * fs), -7), { driveDb: 1, ceilingDb: -7 });
    const peakWords = /ceiling|flat tops|same sample value/;
    const early: string[] = [];
    const last = stepDetector(concat([loud, clipped]), fs, (_, v, seconds) => {
      if (seconds <= 38) early.push(...v.reasons.filter((r) => peakWords.test(r)).map((r) => `${seconds.toFixed(1)} ${r}`));
    });
    // Its crushed dynamics may be warned of meanwhile; its peaks are not called a ceiling.
    expect(early).toEqual([]);
    expect(last.state).toBe('on');
    expect(last.reasons.join(' ')).toMatch(peakWords);
  });

  it('takes a level that the last 30 s peaked past at the same loudness for a ceiling: a clipper switched in gain-matched', () => {
    // The rock mix at −1 dBFS for 10 s, then hard-clipped 6 dB deep and turned down to the plain
    // mix's RMS (by about 6 dB): its flat tops lie about 6 dB under the plain peaks of the last
    // 30 s, which were no louder. Only the clipper explains that, and it is seen while those peaks
    // are remembered.
    const rock = mixes.find((m) => m.genre.name === 'rock')!;
    const fs = rock.fs;
    const long = renderMix({ genre: rock.genre, seed: 901, sampleRate: fs, seconds: 30 });
    const plain = peakNormalise(slice(long, 0, 10 * fs), -1);
    const clipped = hardClip(peakNormalise(slice(long, 10 * fs, 30 * fs), -1), { driveDb: 6, ceilingDb: -1 });
    const gain = rms(peakNormalise(slice(long, 10 * fs, 30 * fs), -1)) / rms(clipped);
    const matched = clipped.map((c) => c.map((v) => v * gain));
    const before: string[] = [];
    let firstOn: { seconds: number; reasons: string[] } | null = null;
    stepDetector(concat([plain, matched]), fs, (_, v, seconds) => {
      if (seconds <= 10) before.push(v.state);
      else if (!firstOn && v.state === 'on') firstOn = { seconds, reasons: v.reasons };
    });
    expect(20 * Math.log10(gain), 'the clipped mix turned down to match').toBeLessThan(-2);
    expect(before).not.toContain('on');
    const on = firstOn as { seconds: number; reasons: string[] } | null;
    expect(on, 'never "on" after the switch').not.toBeNull();
    expect(on!.seconds - 10, 'seconds from the switch to "on"').toBeLessThanOrEqual(10);
    expect(on!.reasons.join(' ')).toMatch(/ceiling|flat tops|same sample value/);
  });

  it('takes no exact repeat of the loudest sample value as evidence in audio decoded from MP3 or Ogg: a ceiling does not survive coding, and an exact repeat there is one coded passage replayed', () => {
    // The ballad clipped 1 dB, whose two kicks at the ceiling make it "on" in floating point
    // (the test above), as a decoder would hand it over if the codec kept the values: the
    // detector told the source is lossy counts no exact hit.
    const ballad = mixes.find((m) => m.genre.name === 'ballad')!;
    const clipped = hardClip(peakNormalise(slice(ballad.audio, 0, 10 * ballad.fs), -0.1), { driveDb: 1, ceilingDb: -0.1 });
    const run = (lossySource: boolean) => {
      let mostEvents = 0;
      let firstOn = Infinity;
      stepDetector(clipped, ballad.fs, (detector, v, seconds) => {
        mostEvents = Math.max(mostEvents, detector.evidence.exactPeakEvents);
        if (v.state === 'on' && firstOn === Infinity) firstOn = seconds;
      }, { lossySource });
      return { mostEvents, firstOn };
    };
    expect(run(false)).toMatchObject({ mostEvents: 2 });
    expect(run(false).firstOn).toBeLessThanOrEqual(10);
    expect(run(true)).toEqual({ mostEvents: 0, firstOn: Infinity });
    // The decoders' format lines that are lossy, and some that are not.
    expect(['mp3', 'mp2', 'ogg vorbis', 'ogg opus'].filter(isLossyFormat)).toHaveLength(4);
    expect(['wav pcm 16-bit', 'wav float 32-bit', 'rf64 pcm 24-bit', 'flac 24-bit'].filter(isLossyFormat)).toEqual([]);
    // Files the browser decodes for the app: by media type, else by name.
    const media: [string, string][] = [['audio/aac', 'a.aac'], ['audio/mp4', 'a.m4a'], ['video/mp4', 'a.mp4'], ['audio/webm;codecs=opus', 'a.webm'], ['', 'a.M4A'], ['', 'a.opus']];
    expect(media.filter(([type, name]) => isLossyMedia(type, name))).toHaveLength(media.length);
    const lossless: [string, string][] = [['audio/aiff', 'a.aif'], ['audio/x-caf', 'a.caf'], ['', 'a.aiff'], ['audio/flac', 'a.mp3.flac']];
    expect(lossless.filter(([type, name]) => isLossyMedia(type, name))).toEqual([]);
  });

  it('sees an exact sample-peak ceiling in a sparse ballad clipped 3 dB: three separate hits share their loudest sample value to the last bit, which the unclipped ballad never does', () => {
    const ballad = mixes.find((m) => m.genre.name === 'ballad')!;
    const evidence = (audio: Float64Array[]) => {
      let mostEvents = 0;
      let firstOn = Infinity;
      const verdict = stepDetector(audio, ballad.fs, (detector, verdict, seconds) => {
        mostEvents = Math.max(mostEvents, detector.evidence.exactPeakEvents);
        if (verdict.state === 'on' && firstOn === Infinity) firstOn = seconds;
      });
      return { mostEvents, firstOn, verdict };
    };
    const tenSeconds = slice(ballad.audio, 0, 10 * ballad.fs);
    const clipped = evidence(hardClip(peakNormalise(copy(tenSeconds), -3), { driveDb: 6, ceilingDb: -0.1 }));
    expect(clipped.mostEvents).toBeGreaterThanOrEqual(3);
    expect(clipped.firstOn).toBeLessThanOrEqual(10);
    expect(clipped.verdict.reasons.join(' ')).toMatch(/\d separate hits in the last 6 s peak at exactly the same sample value \(−0\.1 dBFS\)/);
    const unclipped = evidence(peakNormalise(copy(tenSeconds), -0.1));
    expect(unclipped.mostEvents).toBeLessThanOrEqual(1);
    expect(unclipped.verdict.state).toBe('off');
  });

  it('takes two hits that share their loudest sample value as a ceiling in floating-point or 24-bit audio, and only as a suspicion on the 16-bit grid, where two can share a code by chance, also when a fader scales it', () => {
    // The ballad clipped 1 dB: in its first 10 s two kicks reach the ceiling.
    const ballad = mixes.find((m) => m.genre.name === 'ballad')!;
    const tenSeconds = slice(ballad.audio, 0, 10 * ballad.fs);
    const clippedAt = (ceiling: number, sixteenBitAtFaderDb?: number) => {
      let mostEvents = 0;
      let firstOn = Infinity;
      let audio = hardClip(peakNormalise(copy(tenSeconds), -0.1), { driveDb: 1, ceilingDb: 20 * Math.log10(ceiling) });
      if (sixteenBitAtFaderDb !== undefined) {
        const fader = 10 ** (sixteenBitAtFaderDb / 20);
        audio = audio.map((c) => c.map((v) => (Math.round(v * 32768) / 32768) * fader));
      }
      const verdict = stepDetector(audio, ballad.fs, (detector, v, seconds) => {
        mostEvents = Math.max(mostEvents, detector.evidence.exactPeakEvents);
        if (v.state === 'on' && firstOn === Infinity) firstOn = seconds;
      });
      return { mostEvents, firstOn, verdict };
    };
    const offGrid = clippedAt(10 ** (-0.1 / 20));
    const onGrid = clippedAt(32390 / 32768);
    // The same 16-bit file on a track whose fader is at −2.3 dB: no value is a 16-bit code any
    // more, but the values are as coarse as the file's, and two hits share one by chance as often.
    const faded = clippedAt(32390 / 32768, -2.3);
    expect(offGrid.mostEvents).toBe(2);
    expect(onGrid.mostEvents).toBe(2);
    expect(faded.mostEvents).toBe(2);
    expect(faded.firstOn).toBe(Infinity);
    expect(offGrid.firstOn).toBeLessThanOrEqual(10);
    expect(offGrid.verdict.reasons.join(' ')).toMatch(/2 separate hits in the last 6 s peak at exactly the same sample value \(−0\.1 dBFS\)/);
    expect(onGrid.firstOn).toBe(Infinity);
    expect(onGrid.verdict.reasons.join(' ')).not.toMatch(/same sample value/);
  });

  it('takes bit-identical hits whose loudness does not move for a drum machine, not a ceiling: a kick loop alone stays off', () => {
    const fs = 48000;
    const kick = Float64Array.from({ length: Math.round(0.3 * fs) }, (_, i) => 0.9 * Math.sin(2 * Math.PI * 55 * (i / fs) + 8 * (1 - Math.exp(-i / fs / 0.02))) * Math.exp(-i / fs / 0.08));
    const loop = new Float64Array(12 * fs);
    for (let at = 0; at + kick.length <= loop.length; at += fs / 2) loop.set(kick, at);
    const r = runDetector([loop, loop.slice()], fs);
    expect(r.states.filter((s) => s !== 'off')).toEqual([]);
  });

  it('reads crushed dynamics against the material: PSR counts below 9.2 dB on drums, only below 9 dB on pads and voice, and a drumless ballad\'s natural PSR raises nothing', () => {
    const read = (audio: Float64Array[], fs: number) => {
      const states = new Set<string>();
      let evidence!: MasteringDetector['evidence'];
      stepDetector(audio, fs, (detector, verdict) => {
        states.add(verdict.state);
        evidence = detector.evidence;
      });
      return { ...evidence, states: [...states] };
    };
    const rock = mixes.find((m) => m.genre.name === 'rock')!;
    const drums = read(peakNormalise(copy(rock.audio), -3), rock.fs);
    expect(drums.transient).toBeGreaterThan(0.9);
    expect(drums.psrHighDb).toBeCloseTo(9.2, 1);
    const ballad = GENRES.find((g) => g.name === 'ballad')!;
    const drumless = { ...ballad, levels: { ...ballad.levels, kick: 0, snare: 0, hats: 0, pad: 0.5 } };
    const sustained = read(peakNormalise(renderMix({ genre: drumless, seed: 1234, sampleRate: 48000, seconds: SECONDS }), -3), 48000);
    expect(sustained.transient).toBeLessThan(0.1);
    expect(sustained.psrHighDb).toBeCloseTo(9, 0);
    console.log(`drumless ballad: PSR ${sustained.psrDb.toFixed(1)} dB, window-to-window ${sustained.windowToWindowDb.toFixed(2)} dB; rock: PSR ${drums.psrDb.toFixed(1)} dB, ${drums.windowToWindowDb.toFixed(2)} dB`);
    expect(sustained.states).toEqual(['off']);
  });

  it('takes crushed dynamics that a passage as loud in the last 30 s did not have for the arrangement\'s: a processor holds the peaks down whenever the music is that loud, a dense passage of unprocessed music only there', () => {
    // 24 s of an earlier passage, then the newest 6 s at −12 LUFS short-term with peaks at −4 dBTP:
    // a PSR of 8 dB, under the 9 dB where crushed dynamics start to count.
    const judge = (earlier: { loudnessLufs: number; peakDbtp: number }) => {
      const h = new WindowHistory();
      const window = (index: number, loudnessLufs: number, peakDbtp: number) =>
        h.push({ index, truePeakDbtp: peakDbtp, samplePeakDbfs: peakDbtp - 0.3, loudnessLufs, shortTermLufs: loudnessLufs, flatSamples: 0, topDuckDb: FLOOR_DB, topDipDb: FLOOR_DB, lowBandDb: FLOOR_DB, midBandDb: FLOOR_DB, highBandDb: FLOOR_DB });
      for (let k = 0; k < 240; k++) window(k, earlier.loudnessLufs, earlier.peakDbtp);
      for (let k = 240; k < 300; k++) window(k, -12, -4);
      const e = createEvidence(3, PSR_SUSTAINED_HIGH_DB);
      measurePsr(h, SPAN, e);
      return { psrDb: e.psrDb, uncrushedBefore: uncrushedBefore(h, e) };
    };
    // As loud before, with the transients 11 dB over the loudness: the crushing is the arrangement's.
    expect(judge({ loudnessLufs: -12, peakDbtp: -1 })).toEqual({ psrDb: 8, uncrushedBefore: true });
    // Quieter before (a limiter driven harder makes the music louder than it was): evidence stands.
    expect(judge({ loudnessLufs: -16, peakDbtp: -5 }).uncrushedBefore).toBe(false);
    // As loud and as crushed before (a processor on all along): evidence stands.
    expect(judge({ loudnessLufs: -12, peakDbtp: -4 }).uncrushedBefore).toBe(false);
  });

  it('sees pinned loud peaks: the loudest windows of an unlimited mix peak over a dB apart, a soft-clipped one\'s within a fraction of one', () => {
    const fs = 48000;
    const spread = (audio: Float64Array[]) => {
      const values: number[] = [];
      // Reads from 6.1 s on: past the start-up of the 6 s span.
      const verdict = stepDetector(audio, fs, (detector, _verdict, seconds) => {
        if (seconds > 6.05) values.push(detector.evidence.loudPeakSpreadDb);
      });
      values.sort((a, b) => a - b);
      return { median: values[values.length >> 1], verdict };
    };
    const plain = peakNormalise(slice(mixes[0].audio, 0, 12 * fs), -3);
    const unlimited = spread(plain);
    const clipped = spread(softClip(copy(plain), { driveDb: 12, ceilingDb: -0.1 }));
    expect(unlimited.median).toBeGreaterThan(1);
    expect(clipped.median).toBeLessThan(0.7);
    expect(clipped.verdict.reasons.join(' ')).toMatch(/the peaks of the loudest moments of the last 6 s vary by only \d\.\d dB/);
    expect(unlimited.verdict.reasons).toEqual([]);
  });

  it('stays off on steady test signals, even when they drop out or step in level: a stereo tone has a PSR of 0 dB and equal peaks by nature, not by a limiter, and a square wave flat tops; nor on silence', () => {
    const fs = 48000;
    const tone = (seconds: number, dbfs: number) => Float64Array.from(sine({ sampleRate: fs, frequencyHz: 1000, amplitude: 10 ** (dbfs / 20), seconds, channels: 1 })[0]);
    const stereo = (x: Float64Array) => [x, x.slice()];
    // A capture device that glitches: silent gaps now and then, or often (20 ms every 300 ms
    // moves the loudness of the windows at the top by half a dB, as music would).
    const glitching = (gapS: number, everyS: number) => {
      const x = tone(20, -23);
      for (let at = Math.round(everyS / 2 * fs); at < x.length; at += Math.round(everyS * fs)) x.fill(0, at, at + Math.round(gapS * fs));
      return x;
    };
    // A calibration programme: tone, quieter tone, tone, with a two-tone section.
    const twoTone = tone(6, -9).map((v, i) => v + 10 ** (-20 / 20) * Math.sin((2 * Math.PI * 220 * i) / fs));
    const stepped = concat([stereo(tone(6, -6)), stereo(tone(4, -30)), stereo(Float64Array.from(twoTone)), stereo(tone(4, -12))]);
    const signals = [
      ['−23 dBFS tone with 10 ms gaps every 700 ms', stereo(glitching(0.01, 0.7))],
      ['−23 dBFS tone with 20 ms gaps every 300 ms', stereo(glitching(0.02, 0.3))],
      ['stepped tones', stepped],
      // A square wave's flat tops are its shape, not a clipper's work (full scale: the clip lights say so).
      ['full-scale 100 Hz square wave', stereo(Float64Array.from({ length: 10 * fs }, (_, i) => (Math.sin((2 * Math.PI * 100 * i) / fs) >= 0 ? 1 : -1)))],
      ['−6 dBFS 997 Hz square wave', stereo(Float64Array.from({ length: 10 * fs }, (_, i) => (Math.sin((2 * Math.PI * 997 * i) / fs) >= 0 ? 0.5 : -0.5)))],
      ['digital silence', stereo(new Float64Array(10 * fs))],
    ] as const;
    for (const [name, audio] of signals) {
      const r = runDetector(audio as Float64Array[], fs);
      expect(r.states.filter((s) => s !== 'off').length, `${name}: windows not "off"`).toBe(0);
    }
  });

  it('takes no warning from a nearly steady drone: a bright synth drone moving about 0.1 dB from one window to the next, with a hit 4 dB over it now and then, has a PSR of 5–7 dB by its sound, not by a limiter', () => {
    // Two square waves a fifth apart (600 and 900 Hz: a whole number of periods per 100 ms window,
    // so the windows' loudness moves only with the gain), swelling ±0.45 dB over 5 s with a little
    // jitter from window to window, and a decaying noise hit every 4.8 s peaking 4 dB over the
    // drone: the intro of a released synth track read this way, just past the steady bound.
    const fs = 48000;
    const seconds = 20;
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const gainsDb = Array.from({ length: seconds * 10 + 1 }, (_, w) => 0.45 * Math.sin((2 * Math.PI * w) / 50) + (random() - 0.5) * 0.7);
    const square = (t: number, hz: number) => ((t * hz) % 1 < 0.5 ? 1 : -1);
    const drone = Float64Array.from({ length: seconds * fs }, (_, i) => {
      const w = (i * 10) / fs, k = Math.floor(w);
      const gainDb = gainsDb[k] + (gainsDb[k + 1] - gainsDb[k]) * (w - k);
      return 0.25 * 10 ** (gainDb / 20) * (square(i / fs, 600) + square(i / fs, 900));
    });
    const dronePeak = drone.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    for (let at = Math.round(2.4 * fs); at < drone.length; at += Math.round(4.8 * fs)) {
      for (let j = 0; j < fs / 10 && at + j < drone.length; j++) drone[at + j] += dronePeak * 1.6 * (random() * 2 - 1) * Math.exp(-j / (fs * 0.008));
    }
    const audio = peakNormalise([drone, drone.slice()], -1);
    let lowestPsr = Infinity, mostMovement = 0, programmeReads = 0;
    const states: string[] = [];
    stepDetector(audio, fs, (detector, verdict) => {
      const e = detector.evidence;
      states.push(verdict.state);
      if (e.activeWindows === 0 || e.psrDb === FLOOR_DB) return;
      lowestPsr = Math.min(lowestPsr, e.psrDb);
      mostMovement = Math.max(mostMovement, e.windowToWindowDb);
      if (e.programme) programmeReads++;
    });
    // Read as programme material with crushed dynamics, so the evidence is the PSR's alone.
    expect(programmeReads, 'reads taken for programme material').toBeGreaterThan(50);
    expect(lowestPsr).toBeLessThan(5);
    expect(mostMovement, 'the median window-to-window change stays near the steady bound').toBeLessThan(0.15);
    expect(states.filter((s) => s === 'on').length, `reads "on": ${states.join(' ')}`).toBe(0);
  });

  it('judges alike at the sample rates a session runs at, beyond 44.1 and 48 kHz (22.05, 96 and 192 kHz): plain mixes stay off, a limiter and a hard clipper are warned within 10 s in every genre', () => {
    // The windows are 100 ms whatever the rate, and the kernel derives its filters and its
    // true-peak oversampling from the rate: a ceiling, flat tops and crushed dynamics read the
    // same at 192 kHz as at 44.1 (there the same chains are "on" after 6.4–6.5 s).
    const chains = masteringChains();
    const picks = ['limiter TP -1 dB, +6 dB', 'hard clipper +6 dB'].map((name) => chains.find((c) => c.name === name)!);
    for (const fs of [22050, 96000, 192000]) {
      GENRES.forEach((genre, i) => {
        const mix = peakNormalise(renderMix({ genre, seed: 500 + i, sampleRate: fs, seconds: 12 }), -3);
        expect(runDetector(mix, fs).states.every((s) => s === 'off'), `${genre.name} at ${fs} Hz, plain`).toBe(true);
        for (const chain of picks) expect(runDetector(chain.apply(copy(mix), fs), fs).firstOn, `${genre.name} at ${fs} Hz, ${chain.name}`).toBeLessThanOrEqual(10);
      });
    }
  });

  it('keeps its warning through the rests of a limited song and clears after the music stops: a rest of half a second is no reason to wait or to let go', () => {
    // 5 s of a limited rock mix, then half a second of silence (a stop-time figure, a breath
    // between phrases), six times over, then 10 s of silence (the transport stopped). Every 6 s
    // span holds a rest; nine in ten of its windows are still active, enough to decide on.
    const fs = 48000;
    const limited = limiter(peakNormalise(renderMix({ genre: GENRES[0], seed: 950, sampleRate: fs, seconds: 30 }), -3), fs, { ceilingDb: -1, driveDb: 9 });
    const rest = (seconds: number) => [new Float64Array(seconds * fs), new Float64Array(seconds * fs)];
    const phrases = Array.from({ length: 6 }, (_, k) => [slice(limited, k * 5 * fs, (k + 1) * 5 * fs), rest(0.5)]).flat();
    const { states } = runDetector(concat([...phrases, rest(10)]), fs);
    const firstOn = states.indexOf('on');
    const musicEnds = 6 * (5 + 0.5) * 10; // in 100 ms reads
    expect(firstOn, 'the limited song is warned').toBeGreaterThan(0);
    expect((firstOn + 1) / 10).toBeLessThanOrEqual(10);
    // From the first warning to the end of the music it stays on, rests and all.
    expect(states.slice(firstOn, musicEnds).every((s) => s === 'on'), `states from ${(firstOn + 1) / 10} s: ${states.slice(firstOn, musicEnds).join(' ')}`).toBe(true);
    // Silence is no evidence: once the music has stopped the warning clears, within about 3 s.
    expect(states.indexOf('off', musicEnds) - musicEnds).toBeLessThanOrEqual(30);
    expect(states.at(-1)).toBe('off');
  });

  it('starts over when the meter is reset', () => {
    const fs = 48000;
    const audio = toFloat32(limiter(peakNormalise(slice(mixes[0].audio, 0, 8 * fs), -3), fs, { ceilingDb: -1, driveDb: 12 }));
    const kernel = createKernel(fs, 2);
    const readings = createReadings(kernel.layout.labels);
    const detector = new MasteringDetector();
    for (let start = 0; start < audio[0].length; start += 4800) kernel.push(audio, start, 4800);
    let verdict = detector.update(decodeReadings(kernel.read(), readings));
    kernel.reset();
    kernel.push(audio, 0, 4800);
    verdict = detector.update(decodeReadings(kernel.read(), readings));
    expect(verdict.state).toBe('off');
  });
});
