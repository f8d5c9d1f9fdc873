// Random access to a file's bytes, in memory or on disk, so one WAV parser serves both: WAV
// files of several GB (RF64) cannot be read whole into a Buffer, and need not be. The disk
// source (Node only) is fileSource in file-reader.ts; this file runs in a browser too.

export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `offset`; fewer only at the end of the source. */
  read(offset: number, length: number): Uint8Array;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

/** Like ByteSource, but a read may wait (a file on disk read with a timeout). */
export interface AsyncByteSource {
  readonly size: number;
  /** Up to `length` bytes from `offset`; fewer only at the end of the source. */
  read(offset: number, length: number): Promise<Uint8Array> | Uint8Array;
}

/**
 * A moving window over a source, for parsers that walk a whole file (MP3 frames, Ogg pages)
 * without holding it: `load(o, need)` reads at least `need` bytes from `o` (or up to the end),
 * and `covers(o, need)` says whether the window already holds them. Over bytes in memory, one
 * window spans them all.
 */
export class ByteWindow {
  bytes: Uint8Array = new Uint8Array(0);
  base = 0;

  constructor(
    private readonly source: AsyncByteSource,
    /** Bytes read at a time (at least). */
    private readonly span: number,
  ) {}

  get size(): number {
    return this.source.size;
  }

  /** True when the window holds `need` bytes from `o`, or all bytes from `o` to the end. */
  covers(o: number, need: number): boolean {
    const end = this.base + this.bytes.length;
    return o >= this.base && o <= end && (o + need <= end || end === this.source.size);
  }

  async load(o: number, need: number): Promise<void> {
    this.bytes = await this.source.read(o, Math.max(need, this.span));
    this.base = o;
  }

  /** `o` as an index into `bytes`, after loading the window there if it does not hold `need` bytes from `o`. */
  async at(o: number, need: number): Promise<number> {
    if (!this.covers(o, need)) await this.load(o, need);
    return o - this.base;
  }
}
