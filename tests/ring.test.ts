// The readings ring (src/transport/ring.ts): order and wrap-around, deferral when full, and a real
// second thread writing while this one reads, with canaries that expose any torn record. The
// merge of what it delivers, and overrun without a lost peak: tests/merge.test.ts.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import * as L from '../src/contract/readings-layout.js';
import { createRingBuffer, RING_HEADER_BYTES, RingReader, RingWriter, type RecordSink } from '../src/transport/ring.js';
import { xorshift32 as prng } from './pages/programme.js';
import { CountingSource } from './support/ring-records.js';

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
