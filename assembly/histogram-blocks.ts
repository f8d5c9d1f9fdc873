// Counts of the loudness histograms (loudness.ts) summed per block of 64 bins, so that a
// count over a range of bins, a percentile rank and the occupied part of a range are found by
// walking about 170 blocks and the bins of at most two of them, instead of every bin.
//
// Counts are whole numbers held in f64, exact below 2^53, so any order of addition gives the same
// totals: ranks and counts are exactly those of the bin-by-bin walk. Energies are not: their sums
// stay bin by bin, in order, and only skip blocks that hold nothing (adding +0 to a sum ≥ 0
// changes no bit).

import { HISTOGRAM_BLOCK_BINS as BLOCK_BINS, HISTOGRAM_BLOCKS as BLOCKS } from "./memory";

const BLOCK_SHIFT: i32 = ctz(BLOCK_BINS);

/** Zeroes the block counts at `blocks` (BLOCKS f64). */
export function clearBlocks(blocks: usize): void {
  memory.fill(blocks, 0, <usize>(BLOCKS << 3));
}

/** One more value in `bin`. */
export function countInBlock(blocks: usize, bin: i32): void {
  const at = blocks + <usize>((bin >> BLOCK_SHIFT) << 3);
  store<f64>(at, load<f64>(at) + 1.0);
}

/** Whether the block holding `bin` is empty. */
@inline export function blockEmpty(blocks: usize, bin: i32): bool {
  return load<f64>(blocks + <usize>((bin >> BLOCK_SHIFT) << 3)) == 0;
}

/** First bin of the block after the one holding `bin`. */
@inline export function nextBlockStart(bin: i32): i32 {
  return ((bin >> BLOCK_SHIFT) + 1) << BLOCK_SHIFT;
}

/** Σ counts[first … last] (0 when first > last). */
export function countRange(counts: usize, blocks: usize, first: i32, last: i32): f64 {
  let total: f64 = 0;
  let bin = first;
  while (bin <= last) {
    const blockEnd = nextBlockStart(bin);
    if (bin & (BLOCK_BINS - 1) || blockEnd - 1 > last) {
      // Part of a block: its bins one by one.
      const end = min(blockEnd - 1, last);
      for (; bin <= end; bin++) total += load<f64>(counts + <usize>(bin << 3));
    } else {
      total += load<f64>(blocks + <usize>((bin >> BLOCK_SHIFT) << 3));
      bin = blockEnd;
    }
  }
  return total;
}

/**
 * The first bin b in first … last where Σ counts[first … b] > rank, or −1 when there is none
 * (the bin where a walk from `first`, adding each bin's count, first exceeds `rank`).
 */
export function binOfRank(counts: usize, blocks: usize, first: i32, last: i32, rank: f64): i32 {
  let seen: f64 = 0;
  let bin = first;
  while (bin <= last) {
    const blockEnd = nextBlockStart(bin);
    if (!(bin & (BLOCK_BINS - 1)) && blockEnd - 1 <= last) {
      const inBlock = load<f64>(blocks + <usize>((bin >> BLOCK_SHIFT) << 3));
      if (!(seen + inBlock > rank)) {
        seen += inBlock;
        bin = blockEnd;
        continue;
      }
    }
    // The rank falls in this block, or the block is cut by first or last: bin by bin.
    const end = min(blockEnd - 1, last);
    for (; bin <= end; bin++) {
      seen += load<f64>(counts + <usize>(bin << 3));
      if (seen > rank) return bin;
    }
  }
  return -1;
}
