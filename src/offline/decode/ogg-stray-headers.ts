// Vorbis header packets repeated inside the audio of a stream. A Vorbis stream opens with three
// header packets (Vorbis I §4.2: identification, comment, setup); some released files carry them
// again on a later page, among the audio packets (three tracks of Debian's hyperrogue: the
// identification, comment and setup packets again on the third page, before the first audio
// packet). libvorbisfile plays such a file whole: a packet that is not audio is skipped
// (vorbis_synthesis returns OV_ENOTAUDIO). The Vorbis decoder we use takes the repeated
// identification packet for a new stream and fails on it (OV_EBADHEADER), as does ffmpeg. So the
// page walk notes each page that repeats header packets, and the decoder is handed that page
// without them: what libvorbisfile plays, sample for sample.

import { oggCrc } from './ogg-crc.js';
import type { AsyncByteSource } from './byte-source.js';

/** A page of a Vorbis stream that repeats header packets after the stream's three headers. */
export interface StrayHeaderPage {
  /** The page's bytes in the file: [start, end). */
  start: number;
  end: number;
  /** Index in its stream of the first packet on the page (the one it continues, or its first new one). */
  firstPacket: number;
  /** Bytes the page loses without them (their bodies and their lacing values). */
  removed: number;
}

/** Header packets that open a Vorbis stream (Vorbis I §4.2); a header packet after them is stray. */
const HEADER_PACKETS = 3;

/** Vorbis I §4.2.1: a header packet starts with its type (1, 3 or 5) and "vorbis". */
function isVorbisHeader(b: Uint8Array, at: number, length: number): boolean {
  const type = b[at];
  return length >= 7 && (type === 1 || type === 3 || type === 5) && String.fromCharCode(...b.subarray(at + 1, at + 7)) === 'vorbis';
}

/** One packet's part on a page: its bytes in the body, its lacing values, whether it ends here and is stray. */
interface PacketPart {
  bodyStart: number;
  bodyEnd: number;
  firstLace: number;
  lastLace: number;
  stray: boolean;
}

/**
 * The packet parts of the page at b[i…] whose first packet has index `firstPacket` in its
 * stream. A packet is stray when it starts and ends on this page, comes after the stream's
 * headers and is a header. Returns the index of the first packet after the page in `next`.
 */
function packetParts(b: Uint8Array, i: number, firstPacket: number): { parts: PacketPart[]; next: number } {
  const segments = b[i + 26]!;
  const continued = (b[i + 5]! & 0x01) !== 0;
  const bodyAt = i + 27 + segments;
  const parts: PacketPart[] = [];
  let packet = firstPacket;
  let start = 0;
  let offset = 0;
  let firstLace = 0;
  for (let k = 0; k < segments; k++) {
    const lace = b[i + 27 + k]!;
    offset += lace;
    const ends = lace < 255;
    if (!ends && k < segments - 1) continue;
    const fresh = parts.length > 0 || !continued;
    const stray = ends && fresh && packet >= HEADER_PACKETS && isVorbisHeader(b, bodyAt + start, offset - start);
    parts.push({ bodyStart: start, bodyEnd: offset, firstLace, lastLace: k, stray });
    if (ends) packet++;
    start = offset;
    firstLace = k + 1;
  }
  return { parts, next: packet };
}

/**
 * Follows a Vorbis stream's packets over the page at b[i…] (its first packet has index
 * `firstPacket`): returns the index of the first packet after the page, and the bytes the page
 * would lose without its stray header packets (0: none).
 */
export function followVorbisPage(b: Uint8Array, i: number, firstPacket: number): { next: number; removed: number } {
  const { parts, next } = packetParts(b, i, firstPacket);
  let removed = 0;
  for (const part of parts) if (part.stray) removed += part.bodyEnd - part.bodyStart + part.lastLace - part.firstLace + 1;
  return { next, removed };
}

/** The page (all of `page`) without its stray header packets; its flags, position and sequence number kept, its CRC new. */
export function strayHeadersRemoved(page: Uint8Array, firstPacket: number): Uint8Array {
  const segments = page[26]!;
  const bodyAt = 27 + segments;
  const kept = packetParts(page, 0, firstPacket).parts.filter((part) => !part.stray);
  const lacing = kept.reduce((n, part) => n + part.lastLace - part.firstLace + 1, 0);
  const body = kept.reduce((n, part) => n + part.bodyEnd - part.bodyStart, 0);
  const out = new Uint8Array(27 + lacing + body);
  out.set(page.subarray(0, 26));
  out[26] = lacing;
  let lace = 27;
  let at = 27 + lacing;
  for (const part of kept) {
    out.set(page.subarray(27 + part.firstLace, 27 + part.lastLace + 1), lace);
    lace += part.lastLace - part.firstLace + 1;
    out.set(page.subarray(bodyAt + part.bodyStart, bodyAt + part.bodyEnd), at);
    at += part.bodyEnd - part.bodyStart;
  }
  const crc = oggCrc(out, 0, out.length);
  out.set([crc & 0xff, (crc >>> 8) & 0xff, (crc >>> 16) & 0xff, crc >>> 24], 22);
  return out;
}

/** A position in the file (a page boundary) as a position in the stream the decoder is handed. */
export function positionWithoutStrays(position: number, strays: readonly StrayHeaderPage[]): number {
  let removed = 0;
  for (const stray of strays) if (stray.end <= position) removed += stray.removed;
  return position - removed;
}

/**
 * The file's bytes as the decoder is handed them: each page of `strays` (in file order) without
 * its stray header packets, every other byte as it is. Read in order, as the decoder reads.
 */
export function sourceWithoutStrays(source: AsyncByteSource, strays: readonly StrayHeaderPage[]): AsyncByteSource {
  // Where each rewritten page starts in the stream handed on, and how many bytes come out before it.
  const removedBefore: number[] = [];
  let total = 0;
  for (const stray of strays) {
    removedBefore.push(total);
    total += stray.removed;
  }
  let cached: { index: number; page: Uint8Array } | undefined;
  const rewritten = async (index: number) => {
    if (cached?.index !== index) {
      const stray = strays[index]!;
      cached = { index, page: strayHeadersRemoved(await source.read(stray.start, stray.end - stray.start), stray.firstPacket) };
    }
    return cached.page;
  };
  const size = source.size - total;
  return {
    size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      const end = Math.min(size, offset + length);
      const out = new Uint8Array(Math.max(0, end - offset));
      let at = offset;
      let index = 0;
      while (at < end) {
        // The first rewritten page that ends after `at`.
        while (index < strays.length && strays[index]!.end - removedBefore[index]! - strays[index]!.removed <= at) index++;
        const stray = strays[index];
        const pageStart = stray ? stray.start - removedBefore[index]! : Infinity;
        if (at < pageStart) {
          const plainEnd = Math.min(end, pageStart);
          out.set(await source.read(at + (stray ? removedBefore[index]! : total), plainEnd - at), at - offset);
          at = plainEnd;
        } else {
          const page = await rewritten(index);
          const take = Math.min(end, pageStart + page.length) - at;
          out.set(page.subarray(at - pageStart, at - pageStart + take), at - offset);
          at += take;
        }
      }
      return out;
    },
  };
}
