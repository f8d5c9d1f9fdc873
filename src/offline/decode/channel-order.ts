// Which speaker each decoded channel feeds. This decides the BS.1770 weights (1.41 for the
// surrounds, 0 for LFE), so a wrong label is a wrong loudness, not a cosmetic slip.

import { layoutFromLabels, NAMED_LAYOUTS, resolveLayout, type ChannelLayout } from '../../engine/layouts.js';

// WAVEFORMATEXTENSIBLE dwChannelMask bits (Microsoft ksmedia.h), lowest bit first: the order in
// which channels are stored in the file.
const FL = 0x1;
const FR = 0x2;
const FC = 0x4;
const LFE = 0x8;
const BL = 0x10;
const BR = 0x20;
const SL = 0x200;
const SR = 0x400;
const KNOWN_BITS = 0x3ffff;

const FIXED_LABELS: Readonly<Record<number, string>> = {
  [FL]: 'L',
  [FR]: 'R',
  [FC]: 'C',
  [LFE]: 'LFE',
  0x40: 'Lc',
  0x80: 'Rc',
  0x100: 'Cs',
  0x800: 'T',
  0x1000: 'Ltf',
  0x2000: 'Ctf',
  0x4000: 'Rtf',
  0x8000: 'Ltr',
  0x10000: 'Ctr',
  0x20000: 'Rtr',
};

/**
 * The layout a WAVE_FORMAT_EXTENSIBLE channel mask describes for `channels` channels.
 *
 * The mask only says "back" or "side"; which of our speakers that is depends on the rest. When
 * only one of the two pairs is present it is the surround pair of a 5.x layout (Ls/Rs at ±110°),
 * whichever bits the writer chose (5.1 is written both as 0x3F and as 0x60F). When both are
 * present the file is 7.x: back = rear surrounds Lrs/Rrs, side = side surrounds Lss/Rss.
 *
 * Channels beyond the mask's bits (and reserved bits) have no known position: they keep weight
 * 1 and are labelled by number, and the layout is 'custom'.
 */
export function layoutFromChannelMask(mask: number, channels: number): ChannelLayout {
  if (mask === 0) return resolveLayout(channels);

  // Only the first `channels` set bits describe channels; any further bits describe nothing.
  const bits: number[] = [];
  for (let bit = 1; bit !== 0 && bits.length < channels; bit = (bit << 1) >>> 0) {
    if ((mask & bit) >>> 0) bits.push(bit);
  }
  const used = bits.reduce((m, b) => (m | b) >>> 0, 0);
  const hasBack = (used & (BL | BR)) !== 0;
  const hasSide = (used & (SL | SR)) !== 0;
  const both = hasBack && hasSide;

  const labels: (string | undefined)[] = bits.map((bit) => {
    if (bit === BL) return both ? 'Lrs' : 'Ls';
    if (bit === BR) return both ? 'Rrs' : 'Rs';
    if (bit === SL) return both ? 'Lss' : 'Ls';
    if (bit === SR) return both ? 'Rss' : 'Rs';
    return bit & KNOWN_BITS ? FIXED_LABELS[bit] : undefined;
  });
  while (labels.length < channels) labels.push(undefined);

  if (!labels.includes(undefined)) {
    const known = labels as string[];
    // A single centre speaker is what every mono file means; call it mono like an unmasked one.
    if (channels === 1 && known[0] === 'C') return resolveLayout('mono');
    return layoutFromLabels(known, namedLayoutFor(known) ?? 'custom');
  }
  const known = labels.map((l) => l ?? 'M');
  const base = layoutFromLabels(known);
  return {
    name: 'custom',
    labels: labels.map((l, i) => l ?? `${i + 1}`),
    weights: base.weights.map((w, i) => (labels[i] === undefined ? 1 : w)),
  };
}

function namedLayoutFor(labels: readonly string[]): string | undefined {
  for (const [name, named] of Object.entries(NAMED_LAYOUTS)) {
    if (named.length === labels.length && named.every((l, i) => l === labels[i])) return name;
  }
  return undefined;
}

// FLAC (RFC 9639 §9.1.3) and Vorbis I (§4.3.9) define the speakers for 1 to 8 channels; Opus
// mapping family 1 (RFC 7845 §5.1.1.2) takes the Vorbis ones. As WAV masks, in WAV order:
// 3 = L R C, 4 = quad, 5 = 5.0, 6 = 5.1, 7 = 6.1 (back centre + side pair), 8 = 7.1.
const DEFINED_MASKS: Readonly<Record<number, number>> = {
  1: FC,
  2: FL | FR,
  3: FL | FR | FC,
  4: FL | FR | BL | BR,
  5: FL | FR | FC | BL | BR,
  6: FL | FR | FC | LFE | BL | BR,
  7: FL | FR | FC | LFE | 0x100 | SL | SR,
  8: FL | FR | FC | LFE | BL | BR | SL | SR,
};

/** The layout FLAC, Vorbis and Opus family 1 define for a channel count (after reordering). */
export function definedLayoutForCount(channels: number): ChannelLayout {
  const mask = DEFINED_MASKS[channels];
  return mask === undefined ? resolveLayout(channels) : layoutFromChannelMask(mask, channels);
}

// Vorbis order → WAV order: wav[i] = vorbis[VORBIS_TO_WAV[n][i]]. Vorbis puts the centre
// between L and R and the LFE last (Vorbis I §4.3.9); FLAC already uses WAV order.
const VORBIS_TO_WAV: Readonly<Record<number, readonly number[]>> = {
  3: [0, 2, 1],
  5: [0, 2, 1, 3, 4],
  6: [0, 2, 1, 5, 3, 4],
  7: [0, 2, 1, 6, 5, 3, 4],
  8: [0, 2, 1, 7, 5, 6, 3, 4],
};

/** Planar channels in Vorbis order, reordered (no copy of the samples) into WAV order. */
export function vorbisToWavOrder<T>(channels: readonly T[]): T[] {
  const order = VORBIS_TO_WAV[channels.length];
  return order ? order.map((i) => channels[i]!) : [...channels];
}
