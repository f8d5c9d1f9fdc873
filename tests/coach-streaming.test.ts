// The streaming preview (src/rules/coach/streaming.ts): each service's published rule applied to
// tracks at −8, −14 and −20 LUFS with peaks at 0, −1 and −5 dBTP. The expected gains are worked
// out by hand from each rule (target, turn-up policy, peak ceiling), not by the code under test.

import { describe, expect, it } from 'vitest';
import { STREAMING_RULES, previewService, streamingPreview } from '../src/rules/coach/streaming.js';

type Row = [lufs: number, peak: number, gainDb: number, peakRule: 'none' | 'capped' | 'limited', limiterDb: number];

/** Per service: every (loudness, peak) pair with the gain it applies and what its peak rule does. */
const EXPECTED: Record<string, Row[]> = {
  // −14 LUFS; turns up only while the peaks stay at or below −1 dBTP.
  spotify: [
    [-8, 0, -6, 'none', 0], [-8, -1, -6, 'none', 0], [-8, -5, -6, 'none', 0],
    [-14, 0, 0, 'none', 0], [-14, -1, 0, 'none', 0], [-14, -5, 0, 'none', 0],
    [-20, 0, 0, 'capped', 0], [-20, -1, 0, 'capped', 0], [-20, -5, 4, 'capped', 0],
  ],
  // −11 LUFS; full gain, limiter at −1 dBTP.
  'spotify-loud': [
    [-8, 0, -3, 'none', 0], [-8, -1, -3, 'none', 0], [-8, -5, -3, 'none', 0],
    [-14, 0, 3, 'limited', 4], [-14, -1, 3, 'limited', 3], [-14, -5, 3, 'none', 0],
    [-20, 0, 9, 'limited', 10], [-20, -1, 9, 'limited', 9], [-20, -5, 9, 'limited', 5],
  ],
  // −14 LUFS, down only.
  youtube: [
    [-8, 0, -6, 'none', 0], [-8, -1, -6, 'none', 0], [-8, -5, -6, 'none', 0],
    [-14, 0, 0, 'none', 0], [-14, -1, 0, 'none', 0], [-14, -5, 0, 'none', 0],
    [-20, 0, 0, 'none', 0], [-20, -1, 0, 'none', 0], [-20, -5, 0, 'none', 0],
  ],
  // −16 LUFS; turns up only while the peaks stay at or below −1 dBTP.
  'apple-music': [
    [-8, 0, -8, 'none', 0], [-8, -1, -8, 'none', 0], [-8, -5, -8, 'none', 0],
    [-14, 0, -2, 'none', 0], [-14, -1, -2, 'none', 0], [-14, -5, -2, 'none', 0],
    [-20, 0, 0, 'capped', 0], [-20, -1, 0, 'capped', 0], [-20, -5, 4, 'none', 0],
  ],
  tidal: [
    [-8, 0, -6, 'none', 0], [-8, -1, -6, 'none', 0], [-8, -5, -6, 'none', 0],
    [-14, 0, 0, 'none', 0], [-14, -1, 0, 'none', 0], [-14, -5, 0, 'none', 0],
    [-20, 0, 0, 'none', 0], [-20, -1, 0, 'none', 0], [-20, -5, 0, 'none', 0],
  ],
  'amazon-music': [
    [-8, 0, -6, 'none', 0], [-8, -1, -6, 'none', 0], [-8, -5, -6, 'none', 0],
    [-14, 0, 0, 'none', 0], [-14, -1, 0, 'none', 0], [-14, -5, 0, 'none', 0],
    [-20, 0, 0, 'none', 0], [-20, -1, 0, 'none', 0], [-20, -5, 0, 'none', 0],
  ],
  // −15 LUFS, down only.
  deezer: [
    [-8, 0, -7, 'none', 0], [-8, -1, -7, 'none', 0], [-8, -5, -7, 'none', 0],
    [-14, 0, -1, 'none', 0], [-14, -1, -1, 'none', 0], [-14, -5, -1, 'none', 0],
    [-20, 0, 0, 'none', 0], [-20, -1, 0, 'none', 0], [-20, -5, 0, 'none', 0],
  ],
};

describe('streaming preview', () => {
  it('has a rule for each service, each with its source and date', () => {
    expect(STREAMING_RULES.map((r) => r.id)).toEqual(Object.keys(EXPECTED));
    for (const rule of STREAMING_RULES) {
      expect(rule.source.length, rule.id).toBeGreaterThan(20);
      expect(rule.date, rule.id).toMatch(/^20\d\d-\d\d$/);
    }
  });

  for (const rule of STREAMING_RULES) {
    it.each(EXPECTED[rule.id])(`${rule.service}: a track at %d LUFS peaking at %d dBTP gets %d dB (%s)`, (lufs, peak, gainDb, peakRule, limiterDb) => {
      const p = previewService(rule, lufs, peak);
      expect(p.gainDb).toBeCloseTo(gainDb, 9);
      expect(p.peakRule).toBe(peakRule);
      expect(p.limiterDb).toBeCloseTo(limiterDb, 9);
      expect(p.playedLufs).toBeCloseTo(lufs + gainDb, 9);
      expect(p.playedPeakDbtp).toBeCloseTo(peak + gainDb, 9);
    });
  }

  it('says it in words', () => {
    const [spotify, loud, youtube] = streamingPreview(-20, 0);
    expect(spotify.text).toBe('Spotify (normal) plays it as it is: its peak rule stops the turn-up 6.0 dB short of \u221214 LUFS (peaks at 0.0 dBTP, ceiling \u22121.0), so it plays quieter than louder masters.');
    expect(loud.text).toBe('Spotify (loud) turns it up by 9.0 dB to \u221211.0 LUFS, and its limiter at \u22121.0 dB takes up to 10.0 dB off the peaks.');
    expect(youtube.text).toBe('YouTube plays it as it is, 6.0 dB below its \u221214 LUFS: it never turns up, so the track plays quieter than others.');
    expect(streamingPreview(-8, -1)[0].text).toBe('Spotify (normal) turns it down by 6.0 dB to \u221214.0 LUFS.');
  });
});
