// Fingerprint: a passage played again, changed by processing switched in between. A producer who
// tries a plugin on the bus loops a passage (a DAW's cycle) and switches it in between two
// passes. The detector then has what no blind fingerprint has: the same music without it. A
// processor changes a window's level and leaves its spectral shape nearly as it was; a passage
// the song plays differently changes its shape in most windows; a mix played again unchanged
// repeats its features exactly, and a fader moved between the passes changes every window's
// level alike. So the newest 4 s are matched by their windows' shapes against the 4 s that lay
// 4–26 s before them, and where they match, two changes of the dynamics mark processing:
//   - the loud moments turned down against the quiet ones (a compressor): the level change of a
//     window falls with its earlier level;
//   - the peaks brought nearer the level (a clipper or limiter): the loudest windows' crest
//     (sample peak − loudness) fell, while the windows' levels moved evenly (a compressor that
//     let the hits through, switched out, makes the crests fall too, but moves each window by
//     what its gain was doing there).
// A loop rarely lasts a whole number of the kernel's 100 ms windows (4 bars at 124 BPM lie 42 ms
// off them), and a window's shape moves with where its edges cut the music: 5 ms off, an
// unchanged passage of the real-music set differs by 0.16 dB in the median window, 20 ms off by
// 0.46 dB, past SAME_SHAPE_DB. So the earlier pass is found first to a whole window, then to a
// twentieth of one (the kernel's parts of windows, 5 ms) and to a quarter of that, its windows
// pieced together from the parts where the passage lies (pro rata within a part: 0.04 dB in the
// median window at the worst offset, half a part).
//
// A compressor fast enough to work within a window turns its parts down unevenly and moves the
// window's shape; where the best lag's shapes differ by up to four times what a match allows, they
// are set side by side again part by part with each part's level set aside, and a match found
// only so counts only the compressor's change. A change against a pass the warning stood for is
// never processing switched in: what warned then would warn now, were it still in.
//
// A pass found processed for 1.5 s in a row is marked (WindowHistory.processedPass; a processor
// switched out can read as one switched in for less: MARK_RUN), and the next pass, processed
// alike, matches it unchanged: it takes the mark on, and the warning holds for as long as the loop
// plays with the processor in. Unchanged is asked like with like (the earlier window's band
// energies against this one's, where the K-weighted level pieced between windows moves by up to
// 0.7 dB) and closely (UNCHANGED_*). A mark passes only along an unchanged replay of a marked
// pass: the pass after the processor is switched out differs from the marked one as much as that
// one differed from the plain pass before it, so the mark ends there. Against a marked pass a
// change is not processing switched in: a compressor that let the hits through, switched out,
// brings the loud moments up to their peaks, and their crest falls as under a limiter switched in.
// Switched in halfway through a pass, the 4 s that straddle the switch are half processed; the
// next pass's 4 s there are changed as by a processor in their older windows and unchanged in
// their newest, and they hold the mark, where the older windows' earlier pass was plain (neither
// marked nor warned of: against a processed pass that change is the processor going out). A read
// marks its window only where the newest 1 s changed: a block whose change lies only in its older
// windows had the processor go out within it. A latch that held the warning until the passage came
// back unprocessed, without marks, was tried and not kept: on a loop whose bars repeat, it could
// not tell which windows of such a pass were processed, and the warning held long after the
// processor was out (the app's limiter test failed once so).
//
// Measured offline on the real-music set (docs/mastering-detector.md, "The live audition"): each
// processed file after its plain excerpt at the same RMS, the 303 unprocessed whole songs, and
// each excerpt played again after an EQ or fader move.

import { SUB_WINDOWS } from '../../contract/readings-layout.js';
import type { MasteringEvidence } from './evidence.js';
import type { WindowHistory } from './window-history.js';
import { CAPACITY, shapeDb } from './window-history.js';

/** Windows matched: the newest 4 s. */
export const BLOCK = 40;
/**
 * Whole-window lags searched between windows: the best few, each more than a window from the
 * others. With the best alone, an unchanged pass of the synthesized electro loop at 124 BPM was
 * matched in half the reads: another whole-window lag matched its offset better.
 */
const CANDIDATES = 3;
/** The first search between windows steps by this many parts (of SUB_WINDOWS per window)… */
const COARSE_PARTS = 4;
/** …and the last by 1 / PART_STEPS of a part: the earlier pass is found to 1.25 ms, pro rata within a part. */
const PART_STEPS = 4;
/**
 * A lag between windows must match with at most this share of the shape difference of the
 * whole-window lag it was found near: on a loop of whole windows a part off can match by a hair
 * better by chance, and the dynamics would be compared there.
 */
const FRACTION_GAIN = 0.9;
/** The earlier pass lies at least this many windows back (a loop of at least 4 s)… */
const MIN_LAG = BLOCK;
/** …and within the history. */
const MAX_LAG = CAPACITY - BLOCK;
/** Share of the block's windows that must be active now, and active in both passes at a lag. */
const ACTIVE_NOW = 0.9;
const ACTIVE_BOTH = 0.8;
/** A window's shape differs by at most this (dB, mean over the bands) in the mean: the same passage. */
export const SAME_SHAPE_DB = 0.2;
/**
 * The match must stand out: the best lag's shape difference at most this share of the median
 * lag's. A steady or stationary signal (a tone, noise, a drone) matches itself at every lag, and
 * a lag taken at random would set unrelated moments side by side.
 */
const DISTINCT_SHARE = 0.25;
/**
 * A best lag whose shapes differ by less than this (dB) is asked again with each 5 ms part's level
 * set aside (gainFreeDifference), and matches when that is under SAME_SHAPE_DB. A heavy, fast
 * compressor moves the windows' shapes by up to 0.74 dB (ffmpeg's `acompressor` and
 * sox's `compand` at the real-music set's typical and heavy settings on Hydrogen's drum kits,
 * tracker songs and a General MIDI song, tune half), where part by part they still match within
 * SAME_SHAPE_DB; with a reach of 0.5 dB, ten of them were matched in at most a fifth of their
 * reads and never warned within 10 s. The match must still stand out as much: the best lag's
 * shapes differ by at most DISTINCT_SHARE of the median lag's, so at 0.75 dB the other lags must
 * differ by 3 dB.
 */
const GAIN_FREE_REACH_DB = 0.8;
/** A window's shape difference counts at most this much (dB): one changed window does not sink a match. */
const SHAPE_CLIP_DB = 6;
/** The earlier levels must spread (standard deviation) at least this much for a slope. */
const LEVEL_SPREAD_MIN_DB = 2;
/**
 * Less spread, from this (dB, like with like), a slope is asked both ways (denseSlope): most
 * passages a compressor went unseen on were dense, their loudness spreading 1–2 dB.
 */
const DENSE_SPREAD_MIN_DB = 1;
/** Level change per dB of earlier level at or below −this: the loud moments were turned down (a compressor). */
export const COMPRESSED_SLOPE = 0.3;
/** The loudest quarter's crest fell by at least this (dB): the peaks were brought nearer the level. */
export const CREST_FALL_DB = 1;
/**
 * A crest that fell is a clipper or limiter switched in only where the windows' levels moved
 * evenly, like with like: by at most this (dB, standard deviation about what the earlier level
 * explains). A clipper or limiter, gain-matched, takes the peaks down and moves each window's level
 * by what its loudness explains (0.05–0.48 dB with ffmpeg's soft and psychoacoustic clippers
 * switched in on the synthesized loops; a limiter driven hard moves them more unevenly and is
 * then seen by its ceiling instead: 22 of the real-music set's 2,795 auditions were warned 0.7 s
 * later in the median, at most 3 s, none past 10 s). A compressor whose attack let the hits
 * through, switched out, brings the loud moments back up to their peaks, and their crests fall
 * too, but it moves each window by what its gain was doing there (0.74–0.91 dB on the
 * synthesized dense loop after sox's `compand` went out, whose loudness spreads too little for a
 * slope to say which way).
 */
export const EVEN_LEVELS_DB = 0.6;
/** The median level change of the block's newer and older halves differ by more than this (dB): a step inside it. */
const LEVEL_STEP_DB = 3;
/**
 * Played again unchanged (like with like: compare()): the slope within ±UNCHANGED_SLOPE, the
 * windows' levels moved by at most UNCHANGED_LEVEL_DB (root mean square), and three quarters of
 * the loudest quarter's crests by at most UNCHANGED_CREST_DB. An unchanged pass off the windows
 * moves by at most 0.16 dB in level, 0.1 in slope and 0.32 dB in crest on the synthesized loops
 * (4 bars at 124 and 140 BPM, and 8.0025 s, in each genre); a psychoacoustic clipper switched
 * out on real music moves three quarters of the loud crests by 1.0–2.3 dB, a gain-matched
 * compressor switched out the levels by 0.5–1.7 dB where the slope and crest stay near 0.
 * Beyond ±these the other way (the slope or the loud crests' median rising), the pass undid processing.
 */
const UNCHANGED_SLOPE = COMPRESSED_SLOPE / 3;
export const UNCHANGED_CREST_DB = 0.4;
export const UNCHANGED_LEVEL_DB = 0.3;
/**
 * A pass is marked processed only where processing switched in was seen for this many reads in
 * a row (1.5 s, as long as the warning takes to go "on": state-machine.ts), and then from the
 * run's first read. A processor switched out of the pass compared with reads now and then as one
 * switched in (a limiter with make-up gain, taken out, leaves the loud moments turned down
 * against the quiet ones): on the app's music loop, for 0.6 s at a time, which marked and then
 * held, played again unchanged, would have kept the warning on after the limiter went out.
 */
const MARK_RUN = 15;
/** Windows (3 s) either side of the pass replayed within which marks bridge a gap in its own (markedAt). */
const MARK_REACH = 30;
/** The newest windows of the block (1 s): unchanged there and changed before, a pass replays one that straddled a switch. */
const NEWEST = 10;
/** The older windows' levels moved by at least this (dB, root mean square): changed as by a processor. */
const OLDER_LEVEL_MOVED_DB = 1;

export class ReplayedPassage {
  /** Scratch, one entry per matched window (no allocation per window). */
  private readonly before = new Float64Array(BLOCK);
  private readonly change = new Float64Array(BLOCK);
  private readonly crest = new Float64Array(BLOCK);
  /** Each window's level and crest change, like with like (band energies between windows): what moved at all. */
  private readonly levelMoved = new Float64Array(BLOCK);
  private readonly crestMoved = new Float64Array(BLOCK);
  /** Each window's earlier level, like with like (levelMoved is measured from it). */
  private readonly levelThen = new Float64Array(BLOCK);
  private readonly sorted = new Float64Array(BLOCK);
  private readonly lagDifferences = new Float64Array(MAX_LAG - MIN_LAG + 1);
  /** Each whole-window lag's shape difference (Infinity: too few windows active), from MIN_LAG. */
  private readonly wholeLags = new Float64Array(MAX_LAG - MIN_LAG + 1);
  private readonly candidates = new Int32Array(CANDIDATES);
  /** The lag (windows) the last measure() found best. */
  private previousAt = 0;
  /** Reads in a row that had the passage switched in. */
  private switchedRun = 0;
  /** 1 where the read as that window closed compared the newest 1 s and found it changed (by ring index). */
  private readonly newestChanged = new Uint8Array(CAPACITY);
  /** The best lag between windows that refine() found, and its shape difference. */
  private triedAt = 0;
  private triedBest = Infinity;

  /** The window pieced together by piece(): band energies, sample peak (dBFS), K-weighted energy. */
  private low = 0;
  private mid = 0;
  private high = 0;
  private peak = 0;
  private kEnergy = 0;

  /**
   * Matches the newest BLOCK windows with an earlier pass and sets e.switchedIn (and what was
   * seen) or e.stillSwitchedIn, and marks the windows of a processed pass (MARK_RUN).
   */
  measure(h: WindowHistory, e: MasteringEvidence): void {
    this.match(h, e);
    this.switchedRun = e.switchedIn ? this.switchedRun + 1 : 0;
    if (this.switchedRun === MARK_RUN) for (let a = 0; a < MARK_RUN; a++) this.mark(h, a);
    else if (this.switchedRun > MARK_RUN) this.mark(h, 0);
  }

  /**
   * Marks the window `age` back processed where the read as it closed had the newest 1 s changed:
   * a block whose change lies only in its older windows had the processor go out within it (the
   * plain pass after a compressor, set against the processed pass, read as switched in for 3 s
   * while the processed windows left the block) and marked, it would be replayed as processed.
   */
  private mark(h: WindowHistory, age: number): void {
    const k = h.at(age);
    if (this.newestChanged[k]) h.processedPass[k] = 1;
  }

  private match(h: WindowHistory, e: MasteringEvidence): void {
    this.newestChanged[h.at(0)] = 0;
    e.switchedIn = false;
    e.stillSwitchedIn = false;
    e.replayLagSeconds = 0;
    e.replayShapeDb = Infinity;
    if (h.count < BLOCK + MIN_LAG) return;
    let activeNow = 0;
    for (let a = 0; a < BLOCK; a++) if (h.active(h.at(a))) activeNow++;
    if (activeNow < ACTIVE_NOW * BLOCK) return;
    // The lag to a whole window first. The oldest window compared lies maxLag + BLOCK − 1 back; a
    // lag between windows, below maxLag, pieces its window from that one's older neighbour too.
    let tried = 0;
    const maxLag = Math.min(MAX_LAG, h.count - BLOCK);
    for (let lag = MIN_LAG; lag <= maxLag; lag++) this.wholeLags[lag - MIN_LAG] = this.shapeDifference(h, lag);
    // Off the windows, the lag that matches best to a whole window need not be the passage's: the
    // best few whole-window lags are each searched between windows (CANDIDATES). The lag found a
    // window ago is tried first: a loop's lag stays, and a close match found first ends the other
    // lags' sums early (shapeDifference's bound).
    let best = Infinity, bestAt = 0;
    const previous = this.previousAt;
    if (previous > MIN_LAG && previous < maxLag && !isWhole(previous)) {
      const d = this.shapeDifference(h, previous);
      const near = Math.min(this.wholeLags[Math.floor(previous) - MIN_LAG], this.wholeLags[Math.ceil(previous) - MIN_LAG]);
      if (d < FRACTION_GAIN * near) { best = d; bestAt = previous; }
    }
    for (let c = 0; c < CANDIDATES; c++) {
      let lag = 0, d = Infinity;
      for (let l = MIN_LAG; l <= maxLag; l++) {
        const v = this.wholeLags[l - MIN_LAG];
        if (v < d && !this.taken(l, c)) { d = v; lag = l; }
      }
      if (!(d < Infinity)) break;
      this.candidates[c] = lag;
      if (d < best) { best = d; bestAt = lag; }
      // Between windows near it, a lag must beat both the best so far and the whole-window lag it was found near (FRACTION_GAIN).
      if (this.refine(h, lag, maxLag, Math.min(best, FRACTION_GAIN * d))) { best = this.triedBest; bestAt = this.triedAt; }
    }
    this.previousAt = bestAt;
    for (let lag = MIN_LAG; lag <= maxLag; lag++) {
      const v = this.wholeLags[lag - MIN_LAG];
      if (v < Infinity) this.lagDifferences[tried++] = v;
    }
    if (tried === 0) return;
    e.replayShapeDb = best;
    // A compressor fast enough to work within a window turns some of its parts down more than
    // others, and moves the window's shape by up to three quarters of a dB: the same passage,
    // compressed, is asked again with each part's own level set aside (gainFreeDifference).
    const gainFreeOnly = !(best < SAME_SHAPE_DB);
    if (gainFreeOnly) {
      if (!(best < GAIN_FREE_REACH_DB) || !this.refineGainFree(h, bestAt, maxLag)) return;
      bestAt = this.triedAt;
    }
    // All lags alike (even all exact) is no match: the passage cannot be told from the rest.
    const typical = median(this.lagDifferences, tried, this.lagDifferences);
    if (!(typical > 0) || best > DISTINCT_SHARE * typical) return;
    // A loop's pass nearer than the one matched best, marked processed where that one is not,
    // and matching too: compared with it, not with an earlier pass that went unmarked (a
    // compressor switched out, matched against its first processed pass instead of its last,
    // read as a clipper switched in: its crest falls as the loud moments come up to their peaks).
    if (!markedAt(h, bestAt)) {
      for (let k = Math.floor(bestAt / MIN_LAG); k >= 2; k--) {
        const nearer = bestAt / k;
        if (markedAt(h, nearer) && this.shapeDifference(h, nearer) < SAME_SHAPE_DB) { bestAt = nearer; break; }
      }
    }
    e.replayLagSeconds = bestAt / 10;
    this.compare(h, bestAt, e, gainFreeOnly);
  }

  /** Tries the lag `at` (skipped when whole: measured already, or out of range), keeping the best. */
  private tryLag(h: WindowHistory, at: number, maxLag: number): void {
    if (at < MIN_LAG || at > maxLag || isWhole(at)) return;
    const v = this.shapeDifference(h, at, this.triedBest);
    if (v < this.triedBest) { this.triedBest = v; this.triedAt = at; }
  }

  /** Whether `lag` lies within a window of one of the first `c` candidates. */
  private taken(lag: number, c: number): boolean {
    for (let i = 0; i < c; i++) if (Math.abs(lag - this.candidates[i]) <= 1) return true;
    return false;
  }

  /**
   * Searches the lags within a window of `lag` for one that matches better than `bound`: in steps
   * of COARSE_PARTS parts, then part by part around the best step, then by 1 / PART_STEPS of a
   * part around the best part (the shape difference falls steadily towards the passage's offset:
   * 0.46 dB 20 ms off, 0.16 dB 5 ms off, on the real-music set). True when one did: it is in
   * this.triedAt and this.triedBest.
   */
  private refine(h: WindowHistory, lag: number, maxLag: number, bound: number): boolean {
    this.triedBest = bound;
    this.triedAt = lag;
    const part = 1 / SUB_WINDOWS;
    for (let step = COARSE_PARTS - SUB_WINDOWS; step < SUB_WINDOWS; step += COARSE_PARTS) this.tryLag(h, lag + step * part, maxLag);
    let centre = this.triedAt;
    for (let step = 1 - COARSE_PARTS; step < COARSE_PARTS; step++) if (step !== 0) this.tryLag(h, centre + step * part, maxLag);
    centre = this.triedAt;
    for (let step = 1 - PART_STEPS; step < PART_STEPS; step++) if (step !== 0) this.tryLag(h, centre + (step * part) / PART_STEPS, maxLag);
    return this.triedBest < bound;
  }

  /**
   * Mean shape difference of the newest BLOCK windows against the earlier pass `at` windows back
   * (a fraction: pieced together, piece()); Infinity when too few windows are active in both, or
   * when it would exceed `bound`.
   */
  private shapeDifference(h: WindowHistory, at: number, bound = Infinity): number {
    // The mean is at least sum / BLOCK: once that passes `bound` (the best found), it cannot win.
    const stop = bound * BLOCK;
    let sum = 0, both = 0;
    const whole = isWhole(at);
    for (let a = 0; a < BLOCK; a++) {
      const k = h.at(a);
      if (!h.active(k) || !h.shaped[k]) continue;
      let d: number;
      if (whole) {
        // A whole window back: its own shape, as kept.
        const j = h.at(a + Math.round(at));
        if (!h.active(j) || !h.shaped[j]) continue;
        d = (Math.abs(h.lowShape[k] - h.lowShape[j]) + Math.abs(h.midShape[k] - h.midShape[j]) + Math.abs(h.highShape[k] - h.highShape[j])) / 3;
      } else {
        if (!this.piece(h, a, at)) continue;
        const total = this.low + this.mid + this.high;
        d = (Math.abs(h.lowShape[k] - shapeDb(this.low, total)) + Math.abs(h.midShape[k] - shapeDb(this.mid, total)) + Math.abs(h.highShape[k] - shapeDb(this.high, total))) / 3;
      }
      both++;
      sum += Math.min(d, SHAPE_CLIP_DB);
      if (sum > stop) return Infinity;
    }
    return both >= ACTIVE_BOTH * BLOCK ? sum / both : Infinity;
  }

  /**
   * Searches the lags within COARSE_PARTS parts of `lag` for one whose gain-free difference is
   * under SAME_SHAPE_DB: part by part, then by 1 / PART_STEPS of a part around the best part. The
   * gain-free difference is measured part by part and falls sharply towards the passage's offset
   * (0.3 dB 5 ms off it, 0.1 dB on it, for a heavy compressor on a Freedoom song), where the
   * windows' shapes led the search a part astray. True when one was found: it is in this.triedAt.
   */
  private refineGainFree(h: WindowHistory, lag: number, maxLag: number): boolean {
    const part = 1 / SUB_WINDOWS;
    let best = Infinity, bestAt = lag;
    for (let step = -COARSE_PARTS; step <= COARSE_PARTS; step++) {
      const at = lag + step * part;
      if (at < MIN_LAG || at > maxLag) continue;
      const d = this.gainFreeDifference(h, at, best);
      if (d < best) { best = d; bestAt = at; }
    }
    const centre = bestAt;
    for (let step = 1 - PART_STEPS; step < PART_STEPS; step++) {
      const at = centre + (step * part) / PART_STEPS;
      if (step === 0 || at < MIN_LAG || at > maxLag) continue;
      const d = this.gainFreeDifference(h, at, best);
      if (d < best) { best = d; bestAt = at; }
    }
    this.triedAt = bestAt;
    return best < SAME_SHAPE_DB;
  }

  /**
   * Mean shape difference of the newest BLOCK windows against the earlier pass `at` windows back,
   * part by part with each part's level set aside: each window's band energies are set against
   * the earlier pass's part shapes weighted by this pass's part energies. A gain that moves from
   * part to part (a compressor's, a limiter's) then changes nothing; a different passage still
   * has different parts. Infinity when too few windows are active and parted in both, or when it
   * would exceed `bound` (as shapeDifference).
   */
  private gainFreeDifference(h: WindowHistory, at: number, bound = Infinity): number {
    const back = at * SUB_WINDOWS;
    const stop = bound * BLOCK;
    let sum = 0, both = 0;
    for (let a = 0; a < BLOCK; a++) {
      const k = h.at(a);
      if (!h.active(k) || !h.parted[k]) continue;
      // The earlier pass's parts lie in these windows (one, at a whole window).
      const older = Math.ceil(at + a), newer = Math.floor(at + a);
      if (older >= h.count || !h.active(h.at(newer)) || !h.parted[h.at(older)] || !h.parted[h.at(newer)]) continue;
      let low = 0, mid = 0, high = 0, expectedLow = 0, expectedMid = 0, expectedHigh = 0;
      for (let p = 0; p < SUB_WINDOWS; p++) {
        // Parts counted back from the newest part's end: this one, and the earlier pass's there.
        const partsBack = a * SUB_WINDOWS + SUB_WINDOWS - 1 - p;
        this.partBack(h, partsBack + back);
        const then = this.low + this.mid + this.high;
        if (!(then > 0)) continue;
        const n = k * SUB_WINDOWS + p;
        const pl = h.partLow[n], pm = h.partMid[n], ph = h.partHigh[n];
        const now = pl + pm + ph;
        low += pl;
        mid += pm;
        high += ph;
        expectedLow += (now * this.low) / then;
        expectedMid += (now * this.mid) / then;
        expectedHigh += (now * this.high) / then;
      }
      if (!(low + mid + high > 0) || !(expectedLow + expectedMid + expectedHigh > 0)) continue;
      const d = shapeGap(low, mid, high, expectedLow, expectedMid, expectedHigh);
      both++;
      sum += Math.min(d, SHAPE_CLIP_DB);
      if (sum > stop) return Infinity;
    }
    return both >= ACTIVE_BOTH * BLOCK ? sum / both : Infinity;
  }

  /**
   * The band energies of the part lying `partsBack` parts before the newest part's end (a
   * fraction: pro rata from the two parts it straddles) into this.low, this.mid, this.high.
   */
  private partBack(h: WindowHistory, partsBack: number): void {
    const whole = Math.floor(partsBack), share = partsBack - whole;
    this.low = 0;
    this.mid = 0;
    this.high = 0;
    for (let i = 0; i < 2; i++) {
      const weight = i === 0 ? 1 - share : share;
      if (!(weight > 0)) continue;
      const g = whole + i;
      const n = h.at(Math.floor(g / SUB_WINDOWS)) * SUB_WINDOWS + SUB_WINDOWS - 1 - (g % SUB_WINDOWS);
      this.low += weight * h.partLow[n];
      this.mid += weight * h.partMid[n];
      this.high += weight * h.partHigh[n];
    }
  }

  /**
   * The window of the earlier pass that lines up with the window `age` back, `at` windows before
   * it, into this.low … this.kEnergy (at a whole window only this.peak and this.kEnergy: its
   * shape is kept); false when its windows are not active (or, pieced, carry no parts). At a whole
   * window it is that window; between two it is the later part of the older one and the earlier
   * part of the newer one, pro rata within the part that an edge cuts. The sample peak counts the
   * parts at least half inside; each window's K-weighted energy is shared among its parts as its
   * band energy is.
   */
  private piece(h: WindowHistory, age: number, at: number): boolean {
    const lag = isWhole(at) ? Math.round(at) : Math.floor(at);
    const newer = h.at(age + lag);
    if (!h.active(newer) || !h.shaped[newer]) return false;
    if (isWhole(at)) {
      this.peak = h.samplePeak[newer];
      this.kEnergy = 10 ** (h.loudness[newer] / 10);
      return true;
    }
    const older = h.at(age + lag + 1);
    if (!h.active(older) || !h.parted[older] || !h.parted[newer]) return false;
    // Parts of a window that the earlier pass lies before `newer`'s start.
    const offset = (at - lag) * SUB_WINDOWS;
    // Parts 0 … SUB_WINDOWS − 1 are the older window's, SUB_WINDOWS … 2·SUB_WINDOWS − 1 the newer's.
    const start = SUB_WINDOWS - offset, end = 2 * SUB_WINDOWS - offset;
    let low = 0, mid = 0, high = 0, peak = -Infinity, fromOlder = 0, fromNewer = 0;
    const olderTotal = h.partTotal[older], newerTotal = h.partTotal[newer];
    for (let p = Math.floor(start); p < Math.ceil(end); p++) {
      const inside = Math.min(p + 1, end) - Math.max(p, start);
      const n = p < SUB_WINDOWS ? older * SUB_WINDOWS + p : newer * SUB_WINDOWS + p - SUB_WINDOWS;
      const bands = h.partLow[n] + h.partMid[n] + h.partHigh[n];
      low += inside * h.partLow[n];
      mid += inside * h.partMid[n];
      high += inside * h.partHigh[n];
      if (p < SUB_WINDOWS) fromOlder += inside * bands; else fromNewer += inside * bands;
      if (inside >= 0.5) peak = Math.max(peak, h.partPeak[n]);
    }
    if (!(olderTotal > 0) || !(newerTotal > 0)) return false;
    this.low = low;
    this.mid = mid;
    this.high = high;
    this.peak = peak;
    this.kEnergy = 10 ** (h.loudness[older] / 10) * (fromOlder / olderTotal) + 10 ** (h.loudness[newer] / 10) * (fromNewer / newerTotal);
    return true;
  }

  /**
   * The dynamics of the newest BLOCK windows against the same passage `at` windows earlier;
   * `gainFreeOnly` when it matched only with the parts' levels set aside (gainFreeDifference).
   */
  private compare(h: WindowHistory, at: number, e: MasteringEvidence, gainFreeOnly: boolean): void {
    let n = 0, newest = 0;
    for (let a = 0; a < BLOCK; a++) {
      const k = h.at(a);
      if (!h.active(k) || !this.piece(h, a, at)) continue;
      const before = 10 * Math.log10(this.kEnergy);
      this.before[n] = before;
      this.change[n] = h.loudness[k] - before;
      this.crest[n] = (h.samplePeak[k] - h.loudness[k]) - (this.peak - before);
      // Whether anything changed is asked like with like: between windows, the earlier window's
      // K-weighted level is shared out by its parts' band energies, which moves an unchanged
      // window's level by up to 0.7 dB (its crest as much) where the sums of the band energies
      // move it by at most 0.16 dB.
      const now = isWhole(at) ? h.loudness[k] : 10 * Math.log10(h.partTotal[k]);
      const then = isWhole(at) ? before : 10 * Math.log10(this.low + this.mid + this.high);
      this.levelMoved[n] = now - then;
      this.levelThen[n] = then;
      this.crestMoved[n] = (h.samplePeak[k] - now) - (this.peak - then);
      if (a < NEWEST) newest = n + 1;
      n++;
    }
    // A level that stepped within the block is a switch or a fader move inside it, half the block
    // against one pass and half against the other: set against the earlier levels, such a step
    // reads as a slope (a louder processor switched out halfway through the earlier pass looks
    // like a compressor switched in). Only a block on one side of the switch is compared.
    const half = n >> 1;
    const newerHalf = median(this.change, half, this.sorted);
    for (let i = half; i < n; i++) this.sorted[i - half] = this.change[i];
    if (Math.abs(newerHalf - median(this.sorted, n - half, this.sorted)) > LEVEL_STEP_DB) return;
    // A fader moved between the passes changes every window alike, which the slope (taken about
    // the mean change) does not see: only how the changes vary with the earlier level counts.
    let meanBefore = 0, meanChange = 0;
    for (let i = 0; i < n; i++) { meanBefore += this.before[i]; meanChange += this.change[i]; }
    meanBefore /= n;
    meanChange /= n;
    let covariance = 0, variance = 0;
    for (let i = 0; i < n; i++) {
      const x = this.before[i] - meanBefore;
      covariance += x * (this.change[i] - meanChange);
      variance += x * x;
    }
    const spread = Math.sqrt(variance / n);
    const slope = spread >= LEVEL_SPREAD_MIN_DB ? covariance / variance : this.denseSlope(n);
    // The loudest quarter of the earlier windows: where a clipper or limiter works.
    const loudFrom = quantile(this.before, n, 0.75, this.sorted);
    let loud = this.loudOf(this.crest, 0, n, loudFrom, false);
    const crestChange = median(this.sorted, loud, this.sorted);
    e.replaySlope = slope;
    e.replayCrestChangeDb = crestChange;
    // What moved at all, like with like.
    e.replayLevelMovedDb = rootMeanSquare(this.levelMoved, 0, n);
    loud = this.loudOf(this.crestMoved, 0, n, loudFrom, false);
    const crestMoved = median(this.sorted, loud, this.sorted);
    e.replayCrestMovedDb = quantile(this.sorted, this.loudOf(this.crestMoved, 0, n, loudFrom, true), 0.75, this.sorted);
    // A pass whose levels and loud crests did not move is unchanged, whatever its slope and crest
    // change read: between windows, the K-weighted levels they are measured on are pieced, and
    // an unchanged pass of a Freedoom song replayed 37 ms off read a slope of −0.3 so, its levels
    // moved by 0.07–0.19 dB like with like.
    const moved = e.replayLevelMovedDb > UNCHANGED_LEVEL_DB || e.replayCrestMovedDb > UNCHANGED_CREST_DB;
    // Matched only with the parts' levels set aside, the passage changed its windows' shapes as a
    // compressor working within them does, and only the compressor's change counts: a compressor
    // whose attack let the hits through, switched out, brings the loud moments up to their peaks,
    // and their crest falls as under a clipper switched in (the synthesized dense mix, under a
    // 3 ms 8:1 compressor whose loudness spread too little for a slope, read so after it went out).
    // Matched whole, such a compressor gone still moves the windows' levels unevenly, where a
    // clipper or limiter come moves them by what their loudness explains (EVEN_LEVELS_DB).
    const peaksDown = !gainFreeOnly && crestChange <= -CREST_FALL_DB && unevenness(this.levelMoved, this.before, n, meanBefore, variance) <= EVEN_LEVELS_DB;
    const processed = moved && (slope <= -COMPRESSED_SLOPE || peaksDown);
    const earlierMarked = markedAt(h, at);
    if (processed && !earlierMarked && !warnedAt(h, at)) {
      e.switchedIn = true;
      e.switchedInLagSeconds = at / 10;
      e.switchedInSlope = slope;
      e.switchedInCrestChangeDb = crestChange;
      e.switchedInLevelSpreadDb = spread;
    }
    const newestUnchanged = newest > 0 && this.unchangedNewest(newest);
    this.newestChanged[h.at(0)] = newest > 0 && !newestUnchanged ? 1 : 0;
    if (e.switchedIn || slope > UNCHANGED_SLOPE || crestMoved > UNCHANGED_CREST_DB) return;
    // Not undone. Unchanged, it holds the mark of the pass it replays. Changed the processor's
    // way, it holds that mark only as a pass replaying one that straddled the switch: unchanged
    // in its newest 1 s (whose earlier pass was processed) and changed as by a processor in its
    // older windows (whose earlier pass was plain): their levels by 1 dB or three quarters of
    // their loud crests by CREST_FALL_DB. A smaller change throughout is not that: a processor
    // switched out can read as one switched in (MARK_RUN), and an unchanged pass of real music
    // replayed off the windows moved the processor's way at times (a slope of −0.3 on a Freedoom
    // song 37 ms off). Nor does a mark pass from one read to the next by itself. Nor where the
    // older windows' earlier pass was itself marked or warned of: changed against it, they had
    // the processor go out, and a normaliser switched out reads as a compressor switched in (the
    // second plain pass after `dynaudnorm` went out of an MMA song and a Freedoom song held the
    // warning so).
    const processorsWay = slope < -UNCHANGED_SLOPE || crestMoved < -UNCHANGED_CREST_DB;
    const unchanged = !processorsWay && e.replayLevelMovedDb <= UNCHANGED_LEVEL_DB && e.replayCrestMovedDb <= UNCHANGED_CREST_DB;
    e.stillSwitchedIn = earlierMarked && (unchanged || (processorsWay && newestUnchanged && olderPlainAt(h, at) && this.straddled(newest, n, loudFrom)));
    if (e.stillSwitchedIn) h.processedPass[h.at(0)] = 1;
  }

  /**
   * The slope of a dense passage, whose loudness spreads less than LEVEL_SPREAD_MIN_DB: how the
   * level change of the n windows compared varies with their level, like with like (an unchanged
   * window moves by at most 0.16 dB, little against 1 dB), against the earlier pass's levels and
   * against this pass's, the larger (the lesser turn-down) of the two; 0 where the earlier levels
   * spread less than DENSE_SPREAD_MIN_DB. There a compressor's gain moves the windows by as much
   * as the music does, and set against one pass alone, a change that is merely uneven reads as
   * the loud moments turned down: set against the compressed pass, the plain one after a
   * compressor switched off read −0.9, as the compressed one did against the plain pass when it
   * came in (Freedoom's `e1m3` under ffmpeg's `acompressor`). Against this pass's levels the two
   * read the other way, +0.9 and −0.9.
   */
  private denseSlope(n: number): number {
    let meanThen = 0, meanMoved = 0;
    for (let i = 0; i < n; i++) { meanThen += this.levelThen[i]; meanMoved += this.levelMoved[i]; }
    meanThen /= n;
    meanMoved /= n;
    let againstThen = 0, varianceThen = 0, againstNow = 0, varianceNow = 0;
    for (let i = 0; i < n; i++) {
      const then = this.levelThen[i] - meanThen, moved = this.levelMoved[i] - meanMoved, now = then + moved;
      againstThen += then * moved;
      varianceThen += then * then;
      againstNow += now * moved;
      varianceNow += now * now;
    }
    if (!(Math.sqrt(varianceThen / n) >= DENSE_SPREAD_MIN_DB) || !(varianceNow > 0)) return 0;
    return Math.max(againstThen / varianceThen, againstNow / varianceNow);
  }

  /**
   * Whether the windows compared (newest first, the first `newest` of them in the newest 1 s,
   * found unchanged) are changed as by a processor before the newest 1 s (levelMoved, crestMoved).
   */
  private straddled(newest: number, n: number, loudFrom: number): boolean {
    if (newest === n) return false;
    const loud = this.loudOf(this.crestMoved, newest, n, loudFrom, true);
    return rootMeanSquare(this.levelMoved, newest, n) >= OLDER_LEVEL_MOVED_DB || (loud > 0 && quantile(this.sorted, loud, 0.75, this.sorted) >= CREST_FALL_DB);
  }

  /** Whether the windows compared in the newest 1 s (the first `newest`) moved by at most what an unchanged pass moves. */
  private unchangedNewest(newest: number): boolean {
    for (let i = 0; i < newest; i++) this.sorted[i] = Math.abs(this.crestMoved[i]);
    return rootMeanSquare(this.levelMoved, 0, newest) <= UNCHANGED_LEVEL_DB && median(this.sorted, newest, this.sorted) <= UNCHANGED_CREST_DB;
  }

  /**
   * Copies `values` (their magnitudes when `magnitude`) of the windows from..to − 1 in the loudest
   * quarter of the earlier pass (this.before ≥ `loudFrom`) into this.sorted; returns how many.
   */
  private loudOf(values: Float64Array, from: number, to: number, loudFrom: number, magnitude: boolean): number {
    let loud = 0;
    for (let i = from; i < to; i++) if (this.before[i] >= loudFrom) this.sorted[loud++] = magnitude ? Math.abs(values[i]) : values[i];
    return loud;
  }
}

/**
 * Whether the earlier pass `at` windows back was marked processed: the 4 s up to its newest
 * window, as they were judged then (WindowHistory.processedPass). Within a processed pass, a few
 * seconds can go unmarked (where its shape matched the plain pass before it too loosely); marks
 * within MARK_REACH on both sides of them, never in the newest 4 s, bridge that gap. A mark on
 * one side only does not: the processor may have gone in or out between.
 */
function markedAt(h: WindowHistory, at: number): boolean {
  const older = Math.ceil(at), newer = Math.floor(at);
  if (marked(h, older) || marked(h, newer)) return true;
  let before = false, after = false;
  for (let age = older + 1; age <= Math.min(h.count - 1, older + MARK_REACH) && !before; age++) before = marked(h, age);
  for (let age = Math.max(BLOCK, newer - MARK_REACH); age < newer && !after; age++) after = marked(h, age);
  return before && after;
}

/**
 * Whether the warning stood as the earlier pass `at` windows back closed, or the blind
 * fingerprints raised it on that window within the 6 s after (WindowHistory.warned). A change
 * against a pass that was warned of is not processing switched in: were the processor that warned
 * then still in, it would warn now, and gone, it is what changed: `loudnorm` and `dynaudnorm` at
 * their heavy settings, switched out of a Freedoom song and a Hedgewars track (warned of by their
 * ceilings), left the loud moments turned down against the quiet ones, and the warning held on
 * that 10 s and more after they went out; `speechnorm`, warned of by its ceiling 6 s into its
 * pass, against the seconds before that.
 */
function warnedAt(h: WindowHistory, at: number): boolean {
  return h.warned[h.at(Math.ceil(at))] === 1 || h.warned[h.at(Math.floor(at))] === 1;
}

/** Whether the earlier pass of the block's oldest window (`at` windows back from it) was plain: neither marked nor warned of. */
function olderPlainAt(h: WindowHistory, at: number): boolean {
  const olderAt = at + BLOCK - 1;
  return !markedAt(h, olderAt) && !warnedAt(h, olderAt);
}

/** Whether the window `age` back closed 4 s that were marked processed. */
function marked(h: WindowHistory, age: number): boolean {
  return h.processedPass[h.at(age)] === 1;
}

/** The mean difference (dB) over the three bands of two windows' shapes, given their band energies. */
function shapeGap(low: number, mid: number, high: number, otherLow: number, otherMid: number, otherHigh: number): number {
  const total = low + mid + high, other = otherLow + otherMid + otherHigh;
  return (Math.abs(shapeDb(low, total) - shapeDb(otherLow, other)) + Math.abs(shapeDb(mid, total) - shapeDb(otherMid, other)) + Math.abs(shapeDb(high, total) - shapeDb(otherHigh, other))) / 3;
}

/**
 * How unevenly `moved` (dB per window, of n) changed beyond what the earlier levels `before`
 * (mean `meanBefore`, sum of squared deviations `variance`) explain: the standard deviation of
 * its residual about the line fitted on them.
 */
function unevenness(moved: Float64Array, before: Float64Array, n: number, meanBefore: number, variance: number): number {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += moved[i];
  mean /= n;
  let squares = 0, covariance = 0;
  for (let i = 0; i < n; i++) {
    const y = moved[i] - mean;
    squares += y * y;
    covariance += (before[i] - meanBefore) * y;
  }
  return Math.sqrt(Math.max(0, squares - (variance > 0 ? (covariance * covariance) / variance : 0)) / n);
}

/** The root mean square of values[from, to). */
function rootMeanSquare(values: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i] * values[i];
  return to > from ? Math.sqrt(sum / (to - from)) : 0;
}

/** The median of values[0, n), sorted in `scratch` (which may be `values`). */
function median(values: Float64Array, n: number, scratch: Float64Array): number {
  return quantile(values, n, 0.5, scratch);
}

/** The q-quantile (nearest rank below, the mean of the two middle values for the median) of values[0, n). */
function quantile(values: Float64Array, n: number, q: number, scratch: Float64Array): number {
  if (n === 0) return 0;
  if (scratch !== values) for (let i = 0; i < n; i++) scratch[i] = values[i];
  // The unused tail sorts last: no view of the first n is made (nothing is allocated per window).
  for (let i = n; i < scratch.length; i++) scratch[i] = Infinity;
  scratch.sort();
  if (q === 0.5) return n % 2 ? scratch[(n - 1) / 2] : (scratch[n / 2 - 1] + scratch[n / 2]) / 2;
  return scratch[Math.floor(q * (n - 1))];
}

/** Whether a lag found in fractions of a window is a whole number of windows (to rounding). */
function isWhole(at: number): boolean {
  return Math.abs(at - Math.round(at)) < 1e-9;
}
