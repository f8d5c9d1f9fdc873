// The set's manifest: one record per song and per entry (a file the detector is run on), with
// where it came from and what was done to it. Written as JSON next to the audio in the cache.

import type { BitDepth } from './wav-io.js';
import type { Split } from './split.js';
import type { Intensity } from './processors.js';
import type { GainReduction } from './gain-reduction.js';

export interface SongRecord {
  id: string;
  package: string;
  style: string;
  licence: string;
  split: Split;
  /** Where the excerpt starts in the song, s; null when the song is shorter than an excerpt. */
  startSeconds: number | null;
  /** The limiter check of the excerpt as rendered (see limiter-check.ts). */
  psrDb: number | null;
  exactPeakHits: number | null;
  /** Why the song is left out of the unprocessed side (a limiter found, too short), or null. */
  excluded: string | null;
}

export interface Processing {
  /** Processor id, e.g. `lsp-limiter-typical`. */
  name: string;
  tool: string;
  intensity: Intensity;
  settings: string;
  /** Peak of the excerpt fed to the processor, dBFS. */
  inputPeakDbfs: number;
  /** Measured on the input and output (see gain-reduction.ts). */
  gainReduction: GainReduction;
}

export interface Entry {
  id: string;
  song: string;
  package: string;
  style: string;
  licence: string;
  split: Split;
  /** Peak of the file, dBFS, for unprocessed entries (the plain gain brought it there); the processor's input peak otherwise. */
  gainDb: number;
  bitDepth: BitDepth;
  /** For a 16-bit file played at a fader's gain (written in float): that gain, dB. */
  faderDb?: number;
  sampleRate: number;
  processing: Processing | null;
  /** Relative to the cache folder. */
  path: string;
}

export interface Manifest {
  created: string;
  excerptSeconds: number;
  songs: SongRecord[];
  entries: Entry[];
}
