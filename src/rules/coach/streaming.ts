// What each streaming service's loudness normalisation will do to a track: the gain it applies
// and whether its peak rule or its limiter touches the track, from the service's published rule.
// DOM-free.
//
// The table is the project's reading of each service's published rule. Where a service publishes
// no number (YouTube), the figure is the one the AES reports from measurements. Services change
// these rules: each row names its source and when the rule was published or last confirmed by it.

export type TurnUp =
  /** The service only turns loud tracks down. */
  | 'never'
  /** It turns quiet tracks up, but only as far as the peaks stay at or below `peakCeilingDbtp`. */
  | 'peak-capped'
  /** It turns quiet tracks up all the way and a limiter at `peakCeilingDbtp` catches the peaks. */
  | 'limited';

export interface StreamingRule {
  id: string;
  service: string;
  /** Integrated loudness the service normalises to, LUFS (ITU-R BS.1770). */
  targetLufs: number;
  turnUp: TurnUp;
  /** Peak level the turn-up respects (peak-capped) or the limiter holds (limited), dBTP. */
  peakCeilingDbtp: number | null;
  source: string;
  /** When the rule was published or last confirmed by the source (YYYY-MM). */
  date: string;
  notes: string;
}

export const STREAMING_RULES: readonly StreamingRule[] = [
  {
    id: 'spotify', service: 'Spotify (normal)', targetLufs: -14, turnUp: 'peak-capped', peakCeilingDbtp: -1,
    source: 'Spotify for Artists, "Loudness normalization" (support.spotify.com/artists/article/loudness-normalization), checked against its text 2026-12', date: '2026-12',
    notes: 'Normal is the default. Quiet tracks are turned up only as far as 1 dB of true-peak headroom remains (the page\'s example: −20 LUFS with peaks at −5 dBTP plays at −16 LUFS); no limiter. Albums are normalised as a whole, a playlist or shuffle track by track.',
  },
  {
    id: 'spotify-loud', service: 'Spotify (loud)', targetLufs: -11, turnUp: 'limited', peakCeilingDbtp: -1,
    source: 'Spotify for Artists, "Loudness normalization" (support.spotify.com/artists/article/loudness-normalization), checked against its text 2026-12', date: '2026-12',
    notes: 'Premium listeners\' "Loud" setting: full gain whatever the peaks, and a limiter that engages at −1 dB of sample value (5 ms attack, 100 ms decay) catches them; the preview compares true peaks, which can only make it say so a fraction of a dB early.',
  },
  {
    id: 'youtube', service: 'YouTube', targetLufs: -14, turnUp: 'never', peakCeilingDbtp: null,
    source: 'AES TD1008, "Recommendations for Loudness of Internet Audio Streaming and On-Demand Distribution", table of service behaviour (YouTube publishes no figure)', date: '2021-09',
    notes: 'Loud uploads are turned down to about −14 LUFS ("content loudness" in Stats for nerds); quiet ones are left as they are.',
  },
  {
    id: 'apple-music', service: 'Apple Music', targetLufs: -16, turnUp: 'peak-capped', peakCeilingDbtp: -1,
    source: 'Apple, "Apple Digital Masters" technical documentation (Sound Check normalises to −16 LUFS)', date: '2022-06',
    notes: 'Sound Check (on by default since iOS 15/macOS 12 streaming) turns up only as far as the peaks allow; no limiter.',
  },
  {
    id: 'tidal', service: 'Tidal', targetLufs: -14, turnUp: 'never', peakCeilingDbtp: null,
    source: 'AES TD1008 table of service behaviour; Tidal support, "Loudness normalization"', date: '2021-09',
    notes: 'Album normalisation by default: loud albums are turned down, quiet ones are not turned up.',
  },
  {
    id: 'amazon-music', service: 'Amazon Music', targetLufs: -14, turnUp: 'never', peakCeilingDbtp: null,
    source: 'AES TD1008 table of service behaviour', date: '2021-09',
    notes: 'Loud tracks are turned down to about −14 LUFS; quiet ones are left as they are.',
  },
  {
    id: 'deezer', service: 'Deezer', targetLufs: -15, turnUp: 'never', peakCeilingDbtp: null,
    source: 'AES TD1008 table of service behaviour; Deezer, "Audio normalisation" (−15 LUFS)', date: '2021-09',
    notes: 'Loud tracks are turned down to −15 LUFS; quiet ones are left as they are.',
  },
];

export interface StreamingPreview {
  rule: StreamingRule;
  /** Gain the service applies, dB (negative: turned down). */
  gainDb: number;
  /** The gain the loudness target alone would ask for, dB. */
  wantedGainDb: number;
  /** Integrated loudness as played, LUFS. */
  playedLufs: number;
  /** Peak as played before any limiter, dBTP. */
  playedPeakDbtp: number;
  /** 'none'; 'capped': the peak rule kept the turn-up short of the target; 'limited': the limiter reduces the peaks by `limiterDb`. */
  peakRule: 'none' | 'capped' | 'limited';
  /** How far the limiter must pull the loudest peak down, dB (0 unless limited). */
  limiterDb: number;
  /** One sentence for the coach. */
  text: string;
}

import { formatSigned } from '../format.js';

const n = (v: number) => formatSigned(v, 1);
const t = (v: number) => formatSigned(v, 0);

/** What `rule` does to a track of integrated loudness `integratedLufs` whose highest true peak is `truePeakDbtp`. */
export function previewService(rule: StreamingRule, integratedLufs: number, truePeakDbtp: number): StreamingPreview {
  const wanted = rule.targetLufs - integratedLufs;
  let gain = wanted;
  let peakRule: StreamingPreview['peakRule'] = 'none';
  let limiterDb = 0;
  if (wanted > 0) {
    if (rule.turnUp === 'never') gain = 0;
    else if (rule.turnUp === 'peak-capped') {
      const room = Math.max(0, rule.peakCeilingDbtp! - truePeakDbtp);
      if (room < wanted) { gain = room; peakRule = 'capped'; }
    }
  }
  if (rule.turnUp === 'limited' && truePeakDbtp + gain > rule.peakCeilingDbtp!) {
    peakRule = 'limited';
    limiterDb = truePeakDbtp + gain - rule.peakCeilingDbtp!;
  }
  const played = integratedLufs + gain;
  let text: string;
  if (Math.abs(gain) < 0.05) text = `${rule.service} plays it as it is`;
  else text = `${rule.service} turns it ${gain < 0 ? 'down' : 'up'} by ${Math.abs(gain).toFixed(1)} dB to ${n(played)} LUFS`;
  if (wanted > 0.05 && rule.turnUp === 'never') text += `, ${wanted.toFixed(1)} dB below its ${t(rule.targetLufs)} LUFS: it never turns up, so the track plays quieter than others.`;
  else if (peakRule === 'capped') text += `: its peak rule stops the turn-up ${(wanted - gain).toFixed(1)} dB short of ${t(rule.targetLufs)} LUFS (peaks at ${n(truePeakDbtp)} dBTP, ceiling ${n(rule.peakCeilingDbtp!)}), so it plays quieter than louder masters.`;
  else if (peakRule === 'limited') text += `, and its limiter at ${n(rule.peakCeilingDbtp!)} dB takes up to ${limiterDb.toFixed(1)} dB off the peaks.`;
  else text += '.';
  return { rule, gainDb: gain, wantedGainDb: wanted, playedLufs: played, playedPeakDbtp: truePeakDbtp + gain, peakRule, limiterDb, text };
}

/** Every service's preview for one track. */
export function streamingPreview(integratedLufs: number, truePeakDbtp: number, rules: readonly StreamingRule[] = STREAMING_RULES): StreamingPreview[] {
  return rules.map((rule) => previewService(rule, integratedLufs, truePeakDbtp));
}
