// The readings ring (src/transport/ring.ts) and the merge (src/transport/merge.ts): order and
// wrap-around, overrun without a lost peak, and a real second thread writing while this one
// reads, with canaries that expose any torn record.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import * as L from '../src/contract/readings-layout.js';
import { createReadings } from '../src/engine/readings.js';
import { MAX_SINCE_READ_SLOTS, mergeRecords, ReadingsMerger, SUM_SINCE_READ_SLOTS } from '../src/transport/merge.js';
import { createRingBuffer, RING_HEADER_BYTES, RingReader, RingWriter, type RecordSink } from '../src/transport/ring.js';

/** xorshift32: the same sequence on every run and in every thread. */
function prng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state / 4294967296;
  };
}

/** A source that hands out records [seq, seq+0.25, seq+0.5, …]. */
class CountingSource {
  seq = 0;
  readonly record: Float64Array;
  constructor(length: number) {
    this.record = new Float64Array(length);
  }
  read(): Float64Array {
    for (let i = 0; i < this.record.length; i++) this.record[i] = this.seq + i / this.record.length;
    this.seq++;
    return this.record;
  }
}

class CollectingSink implements RecordSink {
  records: number[][] = [];
  tags: number[] = [];
  add(record: Float64Array, tag: number): void {
    this.records.push(Array.from(record));
    this.tags.push(tag);
  }
}

describe('ring', () => {
  it('delivers records in order, with their tags, across many wrap-arounds of the slots', () => {
    const buffer = createRingBuffer(4, 3);
    const writer = new RingWriter(buffer);
    const reader = new RingReader(buffer);
    const source = new CountingSource(3);
    const sink = new CollectingSink();
    const random = prng(11);
    let published = 0;
    for (let round = 0; round < 500; round++) {
      const burst = Math.floor(random() * 5); // 0 … 4: up to a full ring
      for (let i = 0; i < burst; i++) {
        expect(writer.publish(source, published % 9)).toBe(true);
        published++;
      }
      expect(reader.pending).toBe(burst);
      expect(reader.drain(sink)).toBe(burst);
      expect(reader.pending).toBe(0);
    }
    expect(sink.records.length).toBe(published);
    sink.records.forEach((record, n) => {
      expect(record).toEqual([n, n + 1 / 3, n + 2 / 3]);
      expect(sink.tags[n]).toBe(n % 9);
    });
    expect(reader.deferred).toBe(0);
  });

  it('keeps working when the Int32 write and read counts wrap past 2^31', () => {
    const buffer = createRingBuffer(8, 2);
    const header = new Int32Array(buffer, 0, RING_HEADER_BYTES / 4);
    header[0] = 0x7fff_fffd; // write count
    header[1] = 0x7fff_fffd; // read count
    const writer = new RingWriter(buffer);
    const reader = new RingReader(buffer);
    const source = new CountingSource(2);
    const sink = new CollectingSink();
    for (let i = 0; i < 6; i++) expect(writer.publish(source, 0)).toBe(true);
    expect(header[0]).toBeLessThan(0); // wrapped to negative
    expect(reader.pending).toBe(6);
    expect(reader.drain(sink)).toBe(6);
    expect(sink.records.map((r) => r[0])).toEqual([0, 1, 2, 3, 4, 5]);
    for (let i = 0; i < 8; i++) expect(writer.publish(source, 0)).toBe(true);
    expect(writer.publish(source, 0)).toBe(false); // full: 8 pending
    expect(reader.drain(sink)).toBe(8);
    expect(sink.records.map((r) => r[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  });

  it('never overwrites unread slots: when full, publish() does not read the source and counts a deferral', () => {
    const buffer = createRingBuffer(2, 1);
    const writer = new RingWriter(buffer);
    const reader = new RingReader(buffer);
    const source = new CountingSource(1);
    expect(writer.publish(source, 0)).toBe(true);
    expect(writer.publish(source, 0)).toBe(true);
    expect(writer.publish(source, 0)).toBe(false);
    expect(writer.publish(source, 0)).toBe(false);
    expect(source.seq).toBe(2); // the source was not read for the deferred publications
    expect(reader.deferred).toBe(2);
    const sink = new CollectingSink();
    reader.drain(sink);
    expect(sink.records).toEqual([[0], [1]]);
  });

  it('rejects a bad capacity and a buffer that is not a ring, with the exact message', () => {
    expect(() => createRingBuffer(6, 4)).toThrow('ring capacity must be a power of two from 2 to 65536, got 6');
    expect(() => new RingReader(new SharedArrayBuffer(64))).toThrow('not a busmeter ring: use createRingBuffer()');
  });
});

// ---- The merge ----

const FLOOR = L.FLOOR_DB;

function blankRecord(): Float64Array {
  const record = new Float64Array(L.READINGS_LENGTH);
  record[L.SAMPLE_RATE] = 48000;
  record[L.CHANNEL_COUNT] = 2;
  for (const slot of MAX_SINCE_READ_SLOTS) record[slot] = FLOOR;
  return record;
}

const chSlot = (c: number, slot: number) => L.HEADER_LENGTH + c * L.CHANNEL_STRIDE + slot;

describe('merge', () => {
  it('takes the maximum of "since read" peaks, sums frame and bad-sample counts, and the rest from the newest record', () => {
    const a = blankRecord();
    a[L.FRAMES] = 800; a[L.FRAMES_SINCE_READ] = 800; a[L.BAD_SAMPLES_SINCE_READ] = 2;
    a[chSlot(0, L.CH_SAMPLE_PEAK_DBFS)] = -1.5; a[chSlot(1, L.CH_TRUE_PEAK_DBTP)] = -0.5;
    a[L.MOMENTARY_MAX_SINCE_READ_LUFS] = -10; a[L.MOMENTARY_LUFS] = -10; a[L.INTEGRATED_LUFS] = -20;
    const b = blankRecord();
    b[L.FRAMES] = 1600; b[L.FRAMES_SINCE_READ] = 800; b[L.BAD_SAMPLES_SINCE_READ] = 1;
    b[chSlot(0, L.CH_SAMPLE_PEAK_DBFS)] = -6; b[chSlot(1, L.CH_TRUE_PEAK_DBTP)] = -3;
    b[L.SHORT_TERM_MAX_SINCE_READ_LUFS] = -14; b[L.MOMENTARY_MAX_SINCE_READ_LUFS] = -12;
    b[L.MOMENTARY_LUFS] = -12; b[L.INTEGRATED_LUFS] = -19;
    const r = mergeRecords([a, b], ['L', 'R']);
    expect(r.frames).toBe(1600);
    expect(r.framesSinceRead).toBe(1600);
    expect(r.badSamplesSinceRead).toBe(3);
    expect(r.channels[0].samplePeakDbfs).toBe(-1.5);
    expect(r.channels[1].truePeakDbtp).toBe(-0.5);
    expect(r.momentaryMaxSinceReadLufs).toBe(-10);
    expect(r.shortTermMaxSinceReadLufs).toBe(-14);
    expect(r.momentaryLufs).toBe(-12); // newest
    expect(r.integratedLufs).toBe(-19); // newest
    expect(MAX_SINCE_READ_SLOTS.length).toBe(2 + 2 * L.MAX_CHANNELS);
    expect(SUM_SINCE_READ_SLOTS).toEqual([L.FRAMES_SINCE_READ, L.BAD_SAMPLES_SINCE_READ]);
  });

  it('drops records from before a reset, and take() reports whether anything arrived', () => {
    const merger = new ReadingsMerger();
    const readings = createReadings(['L', 'R']);
    const old = blankRecord();
    old[chSlot(0, L.CH_SAMPLE_PEAK_DBFS)] = 0;
    merger.add(old, 0);
    merger.reset(1);
    merger.add(old, 0); // in flight when reset was pressed
    expect(merger.take(readings)).toBe(false);
    expect(merger.stale).toBe(1);
    const fresh = blankRecord();
    fresh[chSlot(0, L.CH_SAMPLE_PEAK_DBFS)] = -30;
    merger.add(fresh, 1);
    expect(merger.take(readings)).toBe(true);
    expect(readings.channels[0].samplePeakDbfs).toBe(-30);
    expect(merger.take(readings)).toBe(false);
  });
});

// ---- Overrun with a kernel-like source ----

/** Read-and-reset accumulators like the kernel's: peak and frames since the previous read. */
class FakeKernel {
  readonly record = blankRecord();
  private peakSinceRead = FLOOR;
  private framesSinceRead = 0;
  private frames = 0;
  measure(peakDbfs: number, frames: number): void {
    this.peakSinceRead = Math.max(this.peakSinceRead, peakDbfs);
    this.framesSinceRead += frames;
    this.frames += frames;
  }
  read(): Float64Array {
    this.record[chSlot(0, L.CH_SAMPLE_PEAK_DBFS)] = this.peakSinceRead;
    this.record[L.FRAMES_SINCE_READ] = this.framesSinceRead;
    this.record[L.FRAMES] = this.frames;
    this.peakSinceRead = FLOOR;
    this.framesSinceRead = 0;
    return this.record;
  }
}

describe('overrun', () => {
  it('a consumer far slower than the producer still sees every frame and the maximum peak of every interval', () => {
    const buffer = createRingBuffer(8, L.READINGS_LENGTH);
    const writer = new RingWriter(buffer);
    const reader = new RingReader(buffer);
    const kernel = new FakeKernel();
    const merger = new ReadingsMerger();
    const readings = createReadings(['L', 'R']);
    const random = prng(2024);
    let trueMax = FLOOR;
    let seenMax = FLOOR;
    let totalFrames = 0;
    let framesSeen = 0;
    let takes = 0;
    const take = () => {
      reader.drain(merger);
      if (!merger.take(readings)) return;
      takes++;
      seenMax = Math.max(seenMax, readings.channels[0].samplePeakDbfs);
      framesSeen += readings.framesSinceRead;
    };
    for (let quantum = 0; quantum < 200_000; quantum++) {
      // Rare loud peaks among quiet ones, so a lost record would most likely lose the maximum.
      const peak = random() < 0.0005 ? -random() * 3 : -40 - random() * 40;
      kernel.measure(peak, 128);
      trueMax = Math.max(trueMax, peak);
      totalFrames += 128;
      if (quantum % 3 === 0) writer.publish(kernel, 0); // publishes every 3 quanta
      if (quantum % 997 === 996) take(); // the consumer wakes up rarely: the ring is full most of the time
    }
    // Flush: after a final drain, one more publication carries what was still accumulating.
    take();
    writer.publish(kernel, 0);
    take();
    expect(reader.deferred).toBeGreaterThan(50_000);
    expect(takes).toBeGreaterThan(100);
    expect(seenMax).toBe(trueMax);
    expect(framesSeen).toBe(totalFrames);
    expect(readings.frames).toBe(totalFrames);
  });

  it('the maximum over all merged readings equals the maximum over all quanta, and frame counts sum exactly', () => {
    const buffer = createRingBuffer(4, L.READINGS_LENGTH);
    const writer = new RingWriter(buffer);
    const reader = new RingReader(buffer);
    const kernel = new FakeKernel();
    const merger = new ReadingsMerger();
    const readings = createReadings(['L', 'R']);
    const random = prng(99);
    let trueMax = FLOOR;
    let seenMax = FLOOR;
    let framesSeen = 0;
    for (let quantum = 0; quantum < 100_000; quantum++) {
      const peak = -random() * 90;
      trueMax = Math.max(trueMax, peak);
      kernel.measure(peak, 128);
      writer.publish(kernel, 0);
      if (random() < 0.01) {
        reader.drain(merger);
        if (merger.take(readings)) {
          seenMax = Math.max(seenMax, readings.channels[0].samplePeakDbfs);
          framesSeen += readings.framesSinceRead;
        }
      }
    }
    reader.drain(merger);
    writer.publish(kernel, 0);
    reader.drain(merger);
    if (merger.take(readings)) {
      seenMax = Math.max(seenMax, readings.channels[0].samplePeakDbfs);
      framesSeen += readings.framesSinceRead;
    }
    expect(reader.deferred).toBeGreaterThan(0);
    expect(seenMax).toBe(trueMax);
    expect(framesSeen).toBe(100_000 * 128);
  });
});

// ---- A real second thread ----

const tmp = mkdtempSync(join(tmpdir(), 'busmeter-ring-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** src/transport/ring.ts as plain JavaScript a worker thread can import (it imports nothing). */
function transpiledRingUrl(): string {
  const source = readFileSync(join(import.meta.dirname, '..', 'src', 'transport', 'ring.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } });
  const file = join(tmp, 'ring.mjs');
  writeFileSync(file, outputText);
  return pathToFileURL(file).href;
}

// The producer thread: a kernel-like source whose records are full of canaries derived from
// their sequence number. It measures random "quanta" as fast as it can and publishes every
// `every` quanta; the ring is small, so it overruns often.
const PRODUCER = `
const { workerData, parentPort } = require('node:worker_threads');
(async () => {
  const { RingWriter } = await import(workerData.ringUrl);
  const { buffer, length, quanta, every, seed } = workerData;
  let state = seed >>> 0;
  const random = () => { state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0; return state / 4294967296; };
  const writer = new RingWriter(buffer);
  const record = new Float64Array(length);
  let seq = 0, peakSinceRead = -200, framesSinceRead = 0, totalFrames = 0, maxPeak = -200, published = 0;
  const source = {
    read() {
      // slot 0: sequence; 1: peak since read; 2: frames since read; 3 … length-2: canaries; last: sequence again.
      record[0] = seq;
      record[1] = peakSinceRead;
      record[2] = framesSinceRead;
      for (let i = 3; i < length - 1; i++) record[i] = seq * 4096 + i;
      record[length - 1] = seq;
      seq++;
      peakSinceRead = -200;
      framesSinceRead = 0;
      return record;
    },
  };
  for (let q = 0; q < quanta; q++) {
    const peak = -random() * 96;
    peakSinceRead = Math.max(peakSinceRead, peak);
    maxPeak = Math.max(maxPeak, peak);
    const frames = 1 + Math.floor(random() * 128);
    // A little work per quantum, of varying length, so that publishing and draining interleave.
    for (let spin = Math.floor(random() * 400); spin > 0; spin--) state = (state + spin) >>> 0 || 1;
    framesSinceRead += frames;
    totalFrames += frames;
    if (q % every === 0 && writer.publish(source, seq & 7)) published++;
  }
  // Last record: spin until it fits (a live worklet would simply try again next quantum).
  while (!writer.publish(source, seq & 7)) {}
  published++;
  parentPort.postMessage({ maxPeak, totalFrames, published });
})().catch((error) => { throw error; });
`;

/** A worker_threads producer, this thread the consumer; returns what both counted. */
async function acrossThreads(capacity: number, length: number, quanta: number, every: number, seed: number) {
  const buffer = createRingBuffer(capacity, length);
  const reader = new RingReader(buffer);
  const worker = new Worker(PRODUCER, {
    eval: true,
    workerData: { ringUrl: transpiledRingUrl(), buffer, length, quanta, every, seed },
  });
  let done: { maxPeak: number; totalFrames: number; published: number } | null = null;
  let failure: unknown = null;
  worker.on('message', (m) => { done = m; });
  worker.on('error', (e) => { failure = e; });

  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const random = prng(5);
  let expectedSeq = 0;
  let outOfOrder = 0;
  let torn = 0;
  let maxPeak = -200;
  let frames = 0;
  let drains = 0;
  const sink: RecordSink = {
    add(record, tag) {
      const seq = record[0];
      if (record[length - 1] !== seq || tag !== (seq & 7)) torn++;
      for (let i = 3; i < length - 1; i++) if (record[i] !== seq * 4096 + i) { torn++; break; }
      if (seq !== expectedSeq) outOfOrder++; // every published record arrives, in order
      expectedSeq = seq + 1;
      maxPeak = Math.max(maxPeak, record[1]);
      frames += record[2];
    },
  };
  // A bound against a hang, not a measurement: generous for a loaded machine.
  const deadline = Date.now() + 150_000;
  try {
    while ((done === null || reader.pending > 0) && failure === null && Date.now() < deadline) {
      reader.drain(sink);
      drains++;
      // Sometimes linger (a busy main thread), sometimes come straight back.
      const r = random();
      if (r < 0.02) Atomics.wait(sleeper, 0, 0, 1 + Math.floor(random() * 3));
      else if (r < 0.1) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await worker.terminate(); // also when the loop ended early
  }
  return { failure, done: done as { maxPeak: number; totalFrames: number; published: number } | null, received: expectedSeq, outOfOrder, torn, maxPeak, frames, drains, deferred: reader.deferred };
}

describe('ring across threads', () => {
  it('a worker_threads producer and this thread as consumer: no torn record, no lost record, no lost peak', async () => {
    const r = await acrossThreads(8, L.READINGS_LENGTH + 1, 400_000, 2, 0xc0ffee);
    expect(r.failure).toBe(null);
    expect(r.done).not.toBe(null);
    expect(r.torn).toBe(0);
    expect(r.outOfOrder).toBe(0);
    expect(r.received).toBe(r.done!.published);
    expect(r.maxPeak).toBe(r.done!.maxPeak);
    expect(r.frames).toBe(r.done!.totalFrames);
    expect(r.deferred).toBeGreaterThan(0); // the producer really did overrun
    console.log(`ring across threads: ${r.done!.published} records in ${r.drains} drains, ${r.deferred} deferred publications, 0 torn`);
  });

  it.each([2, 64, 4096])('capacity %i: a million quanta published from another thread, every record in order and untorn, every peak and frame kept', async (capacity) => {
    const r = await acrossThreads(capacity, 8, 1_000_000, 1, 0x19 + capacity);
    expect(r.failure).toBe(null);
    expect(r.done).not.toBe(null);
    expect(r.torn).toBe(0);
    expect(r.outOfOrder).toBe(0);
    expect(r.received).toBe(r.done!.published);
    expect(r.maxPeak).toBe(r.done!.maxPeak);
    expect(r.frames).toBe(r.done!.totalFrames);
    console.log(`ring across threads, capacity ${capacity}: ${r.done!.published.toLocaleString('en-US')} records of 1,000,000 quanta in ${r.drains.toLocaleString('en-US')} drains, ${r.deferred.toLocaleString('en-US')} deferred, 0 torn`);
  }, 200_000);
});
