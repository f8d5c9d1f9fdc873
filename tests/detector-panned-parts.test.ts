// Parts panned apart at fixed volumes (a tracker module's voices, hard left and hard right) pin
// each channel's loudest peaks to a level of its own, and read as a ceiling and pinned loud peaks
// when the channels are taken together. A limiter on the bus leaves something else: a linked one
// holds the louder channel to its ceiling, a clipper or an unlinked one holds both channels to
// one level. src/rules/detector/panned-parts.ts tells them apart; these tests give it windows
// made to each picture, and the fingerprints the same windows with and without each channel's peaks.

import { describe, expect, it } from 'vitest';
import { FLOOR_DB } from '../src/contract/readings-layout.js';
import { LoudPeaks } from '../src/rules/detector/loud-peaks.js';
import { PannedParts } from '../src/rules/detector/panned-parts.js';
import { Fingerprints } from '../src/rules/detector/score.js';
import { ON_SCORE, SUSPECT_SCORE } from '../src/rules/detector/state-machine.js';
import { WindowHistory } from '../src/rules/detector/window-history.js';
import { explain } from '../src/rules/detector/wording.js';
import { SPAN } from '../src/rules/detector/evidence.js';
import { mulberry32 } from './support/signals.js';

interface Picture {
  /** Each window's peak in the first and the second channel, dBFS, from the window number and a random 0…1 draw. */
  first: (k: number, r: () => number) => number;
  second: (k: number, r: () => number) => number;
}

/**
 * Six seconds of windows whose loudness moves as music's does, with each channel's peaks as
 * `picture` draws them; with `flatTopsAtTop`, the windows that peak within 0.05 dB of the top have
 * flat tops (runs of equal samples at their peak).
 */
function history(picture: Picture, withChannelPeaks = true, flatTopsAtTop = false): WindowHistory {
  const h = new WindowHistory();
  const random = mulberry32(11);
  for (let k = 0; k < SPAN; k++) {
    const loudnessLufs = -16 + 6 * random();
    const first = picture.first(k, random), second = picture.second(k, random);
    const samplePeakDbfs = Math.max(first, second);
    const flatSamples = flatTopsAtTop && samplePeakDbfs >= top(picture) - 0.05 ? 24 : 0;
    h.push({
      index: k, truePeakDbtp: samplePeakDbfs + 0.05, samplePeakDbfs, loudnessLufs, shortTermLufs: -13, flatSamples, topDuckDb: FLOOR_DB, topDipDb: FLOOR_DB,
      lowBandDb: FLOOR_DB, midBandDb: FLOOR_DB, highBandDb: FLOOR_DB,
      ...(withChannelPeaks ? { firstChannelSamplePeakDbfs: first, secondChannelSamplePeakDbfs: second } : {}),
    });
  }
  return h;
}

/** The highest peak `picture` draws (each part peaks at its level at a draw of 0). */
const top = (picture: Picture) => Math.max(picture.first(0, () => 0), picture.second(0, () => 0));

function panned(picture: Picture): boolean {
  const h = history(picture);
  const loudest = new LoudPeaks();
  loudest.spread(h, SPAN);
  return new PannedParts().measure(h, loudest.loudest, loudest.loudestCount);
}

/** A part at one volume: its peaks within a few tenths of a dB of `levelDb`, a quarter of them at it (the waveform's own peak). */
const part = (levelDb: number) => (k: number, r: () => number) => (k % 4 === 0 ? levelDb : levelDb - 0.1 - 0.5 * r());
/** A limiter's ceiling: held to a hundredth of a dB. */
const ceiling = (levelDb: number) => (_k: number, r: () => number) => levelDb - 0.01 * r();

describe('parts panned apart at fixed volumes', () => {
  it('reads two parts, each channel pinned at a level of its own 3.5 dB apart, as the arrangement\'s', () => {
    expect(panned({ first: part(-6), second: part(-2.5) })).toBe(true);
  });

  it('reads parts only 0.37 dB apart, the quieter channel the louder in one of the nine loudest windows, as the arrangement\'s (Freedroid\'s `dreamfish-uridium2_loader`: 0.36–0.49 dB, 87–93 %)', () => {
    expect(panned({ first: (k, r) => (k % 5 === 2 ? -1.9 : part(-2.3)(k, r)), second: part(-2) })).toBe(true);
  });

  it('does not read a linked limiter so: it holds the louder channel to its ceiling, whatever the quieter plays', () => {
    expect(panned({ first: part(-6), second: ceiling(-1) })).toBe(false);
  });

  it('does not read a clipper or an unlinked limiter so: both channels stop at one level', () => {
    expect(panned({ first: part(-1), second: part(-1) })).toBe(false);
  });

  it('does not read channels that take turns at being the louder so, nor a silent channel', () => {
    expect(panned({ first: (k, r) => (k % 2 ? part(-2)(k, r) : -5), second: (k, r) => (k % 2 ? -5 : part(-2)(k, r)) })).toBe(false);
    expect(panned({ first: () => FLOOR_DB, second: part(-2.5) })).toBe(false);
  });

  it('takes the ceiling and the pinned loud peaks of such parts for no evidence, where the same windows without each channel\'s peaks read as limited', () => {
    const score = (withChannelPeaks: boolean, picture: Picture) => {
      const e = new Fingerprints().evaluate(history(picture, withChannelPeaks));
      return { score: e.score, pannedParts: e.pannedParts, ceilingShare: e.ceilingShare };
    };
    const parts = { first: part(-6), second: part(-2.5) };
    const together = score(false, parts);
    expect(together.ceilingShare).toBeGreaterThan(0.15);
    expect(together.score).toBeGreaterThanOrEqual(ON_SCORE);
    const apart = score(true, parts);
    expect(apart.pannedParts).toBe(true);
    expect(apart.score).toBeLessThan(SUSPECT_SCORE);
    // The linked limiter on the same parts is warned as before.
    expect(score(true, { first: part(-6), second: ceiling(-1) }).score).toBeGreaterThanOrEqual(ON_SCORE);
  });

  it('takes flat tops at the louder part\'s level for its waveform (a pulse wave repeating its 16-bit codes), where the same flat tops under a clipper holding the louder channel are put into words', () => {
    const parts = { first: part(-6), second: part(-2.5) };
    const together = new Fingerprints().evaluate(history(parts, false, true));
    expect(together.flatShare).toBeGreaterThan(0.12);
    expect(together.score).toBeGreaterThanOrEqual(ON_SCORE);
    const apart = new Fingerprints().evaluate(history(parts, true, true));
    expect(apart.pannedParts).toBe(true);
    expect(apart.flatShare, 'measured all the same').toBeGreaterThan(0.12);
    expect(apart.score).toBeLessThan(SUSPECT_SCORE);
    expect(explain(apart, 6, 10, false).reasons.join(' ')).not.toContain('flat tops');
    const clipped = new Fingerprints().evaluate(history({ first: part(-6), second: ceiling(-1) }, true, true));
    expect(clipped.pannedParts).toBe(false);
    expect(clipped.score).toBeGreaterThanOrEqual(ON_SCORE);
    const { reasons, kind } = explain(clipped, 6, 10, false);
    expect(reasons.join(' ')).toContain('flat tops');
    expect(kind).toBe('clipper');
  });
});
