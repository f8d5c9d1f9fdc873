// A wait-free single-producer/single-consumer ring of fixed-size f64 records on a
// SharedArrayBuffer: the worklet (producer) publishes readings records, the main thread
// (consumer) drains them once per animation frame. Ideas from padenot/ringbuf.js; no code.
//
// Memory layout (one SharedArrayBuffer):
//   Int32 header (HEADER_BYTES): write count, read count, capacity, record length, deferred count
//   then `capacity` slots of (recordLength + 1) f64: the record, then its tag (the reset epoch).
//
// Protocol. The producer owns WRITE and DEFERRED, the consumer owns READ. Counts run modulo 2^32
// (Int32 wrap-around); slot = count & (capacity - 1), capacity a power of two, so wrapping the
// counts never changes which slot a record lands in. The producer fills a slot with plain stores
// and then publishes it with Atomics.store(WRITE); the consumer's Atomics.load(WRITE) orders
// those stores before its reads (Atomics are sequentially consistent). The consumer releases
// slots the same way with Atomics.store(READ). Neither side ever waits or locks.
//
// Overrun. The producer never overwrites a slot the consumer has not released: when the ring is
// full, publish() does not call `source.read()` at all and counts a deferral. The source (the
// kernel) keeps its "since read" accumulators running, so the next record that does fit carries
// the maximum peak, the summed frame count and everything else since the last record that was
// published. A slow consumer therefore sees fewer, coarser records but never loses a peak and
// never reads a torn record; `deferred` tells it that it fell behind.
//
// This file imports nothing, so it runs unchanged in the worklet, on the main thread, and in a
// Node worker thread (tests/ring.test.ts transpiles it alone).

/** Header slots (Int32 indices). */
const WRITE = 0;
const READ = 1;
const CAPACITY = 2;
const RECORD_LENGTH = 3;
const DEFERRED = 4;
const MAGIC = 5;
const MAGIC_VALUE = 0x62_6d_72_31; // "bmr1"
/** Header size in bytes: a multiple of 8 so the f64 slots that follow are aligned. */
export const RING_HEADER_BYTES = 32;

/** Something that yields a record when asked (MeterKernel.read() fits). */
export interface RecordSource {
  read(): ArrayLike<number>;
}

/** Receives drained records; `record` is a view into the ring, valid only during the call. */
export interface RecordSink {
  add(record: Float64Array, tag: number): void;
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/** Bytes a ring of `capacity` records of `recordLength` f64 needs. */
export function ringByteLength(capacity: number, recordLength: number): number {
  return RING_HEADER_BYTES + capacity * (recordLength + 1) * 8;
}

/** Allocates and initialises a ring (capacity: a power of two from 2 to 2^16). */
export function createRingBuffer(capacity: number, recordLength: number): SharedArrayBuffer {
  if (!isPowerOfTwo(capacity) || capacity < 2 || capacity > 65536) {
    throw new RangeError(`ring capacity must be a power of two from 2 to 65536, got ${capacity}`);
  }
  if (!Number.isInteger(recordLength) || recordLength < 1) {
    throw new RangeError(`record length must be a positive integer, got ${recordLength}`);
  }
  const buffer = new SharedArrayBuffer(ringByteLength(capacity, recordLength));
  const header = new Int32Array(buffer, 0, RING_HEADER_BYTES / 4);
  header[CAPACITY] = capacity;
  header[RECORD_LENGTH] = recordLength;
  header[MAGIC] = MAGIC_VALUE;
  return buffer;
}

/** Views shared by both ends: the header and one precomputed view per slot (no per-call allocation). */
class RingViews {
  readonly header: Int32Array;
  readonly capacity: number;
  readonly mask: number;
  readonly recordLength: number;
  /** The record part of each slot. */
  readonly records: Float64Array[];
  /** Each slot's whole (record + tag) view. */
  readonly slots: Float64Array[];

  constructor(buffer: SharedArrayBuffer) {
    if (buffer.byteLength < RING_HEADER_BYTES) throw new RangeError('not a busmeter ring: buffer too small');
    this.header = new Int32Array(buffer, 0, RING_HEADER_BYTES / 4);
    if (this.header[MAGIC] !== MAGIC_VALUE) throw new RangeError('not a busmeter ring: use createRingBuffer()');
    this.capacity = this.header[CAPACITY];
    this.mask = this.capacity - 1;
    this.recordLength = this.header[RECORD_LENGTH];
    if (buffer.byteLength !== ringByteLength(this.capacity, this.recordLength)) {
      throw new RangeError('ring buffer size does not match its header');
    }
    const stride = this.recordLength + 1;
    this.slots = [];
    this.records = [];
    for (let i = 0; i < this.capacity; i++) {
      const slot = new Float64Array(buffer, RING_HEADER_BYTES + i * stride * 8, stride);
      this.slots.push(slot);
      this.records.push(slot.subarray(0, this.recordLength));
    }
  }
}

/** The producer's end. Real-time safe: publish() allocates nothing and never blocks. */
export class RingWriter {
  private readonly views: RingViews;

  constructor(buffer: SharedArrayBuffer) {
    this.views = new RingViews(buffer);
  }

  /**
   * Publishes `source.read()` tagged with `tag` if a slot is free. When the ring is full it
   * returns false without calling `source.read()` (see "Overrun" above) and counts a deferral.
   */
  publish(source: RecordSource, tag: number): boolean {
    const v = this.views;
    const write = Atomics.load(v.header, WRITE);
    const read = Atomics.load(v.header, READ);
    if (((write - read) | 0) >= v.capacity) {
      Atomics.add(v.header, DEFERRED, 1);
      return false;
    }
    const slot = v.slots[write & v.mask];
    const record = source.read();
    const n = v.recordLength;
    if (record.length !== n) throw new RangeError(`record has ${record.length} values, ring slots hold ${n}`);
    for (let i = 0; i < n; i++) slot[i] = record[i];
    slot[n] = tag;
    Atomics.store(v.header, WRITE, (write + 1) | 0);
    return true;
  }

  /** Records published and not yet drained (as the producer sees it). */
  get pending(): number {
    return (Atomics.load(this.views.header, WRITE) - Atomics.load(this.views.header, READ)) | 0;
  }
}

/** The consumer's end. drain() allocates nothing. */
export class RingReader {
  private readonly views: RingViews;

  constructor(buffer: SharedArrayBuffer) {
    this.views = new RingViews(buffer);
  }

  get capacity(): number {
    return this.views.capacity;
  }

  /** Records published and not yet drained. */
  get pending(): number {
    return (Atomics.load(this.views.header, WRITE) - Atomics.load(this.views.header, READ)) | 0;
  }

  /**
   * Publications the producer had to defer because the ring was full, since the ring was made:
   * each one means a record was coarser than asked (never that a peak was lost).
   */
  get deferred(): number {
    return Atomics.load(this.views.header, DEFERRED) >>> 0;
  }

  /** Hands every published record to `sink`, oldest first, and frees the slots. Returns the count. */
  drain(sink: RecordSink): number {
    const v = this.views;
    const write = Atomics.load(v.header, WRITE);
    let read = Atomics.load(v.header, READ);
    const available = (write - read) | 0;
    const n = v.recordLength;
    for (let i = 0; i < available; i++) {
      const index = read & v.mask;
      sink.add(v.records[index], v.slots[index][n]);
      read = (read + 1) | 0;
    }
    // Slots are released only after the sink has copied them: the producer cannot touch a slot
    // while it is being read.
    if (available > 0) Atomics.store(v.header, READ, read);
    return available;
  }
}
