// Property-based tests of the SharedArrayBuffer ring (src/transport/ring.ts) with fast-check:
// against a model (a bounded FIFO) for any capacity from 2 to 65536, any record length, any
// starting point of the Int32 counts (wrap-around past 2^31 included) and any interleaving of
// bursts of publications and drains; and two million records through small rings.
// (Real threads: tests/ring.test.ts, "ring across threads".)

import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createRingBuffer, RING_HEADER_BYTES, RingReader, RingWriter, type RecordSink } from '../src/transport/ring.js';
import { CountingSource } from './support/ring-records.js';

const SEED = Number(process.env.BUSMETER_SEED ?? 0x5eed_0019);

/** Checks each drained record against the next expected number. */
class Checking implements RecordSink {
  next = 0;
  bad = 0;
  constructor(private readonly length: number) {}
  add(record: Float64Array, tag: number): void {
    const n = this.next++;
    if (record.length !== this.length || tag !== (n & 0xff)) this.bad++;
    for (let i = 0; i < record.length; i++) if (record[i] !== n + i / this.length) { this.bad++; break; }
  }
}

const capacity = fc.integer({ min: 1, max: 16 }).map((bits) => 2 ** bits);
const op = fc.oneof(
  fc.record({ kind: fc.constant('publish' as const), count: fc.integer({ min: 0, max: 20_000 }) }),
  fc.record({ kind: fc.constant('drain' as const) }),
);

describe('ring properties (fast-check)', () => {
  it('behaves as a bounded FIFO for any capacity, record length, starting count and sequence of bursts and drains', () => {
    console.log(`ring properties: seed ${SEED} (set BUSMETER_SEED to replay)`);
    let records = 0;
    fc.assert(
      fc.property(capacity, fc.integer({ min: 1, max: 64 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.array(op, { maxLength: 30 }), (cap, length, start, ops) => {
        const buffer = createRingBuffer(cap, length);
        const header = new Int32Array(buffer, 0, RING_HEADER_BYTES / 4);
        header[0] = start; // write count
        header[1] = start; // read count
        const writer = new RingWriter(buffer);
        const reader = new RingReader(buffer);
        const source = new CountingSource(length);
        const sink = new Checking(length);
        let pending = 0; // the model
        let deferred = 0;
        for (const o of ops) {
          if (o.kind === 'publish') {
            for (let k = 0; k < o.count; k++) {
              const fits = pending < cap;
              if (writer.publish(source, source.seq & 0xff) !== fits) return false;
              if (fits) pending++;
              else deferred++;
            }
            // A full ring never read the source for the publications it deferred.
            if (source.seq !== sink.next + pending) return false;
          } else {
            if (reader.pending !== pending) return false;
            if (reader.drain(sink) !== pending) return false;
            records += pending;
            pending = 0;
          }
          if (reader.deferred !== deferred) return false;
        }
        records += reader.drain(sink);
        return sink.bad === 0 && sink.next === source.seq;
      }),
      { seed: SEED, numRuns: 300 },
    );
    console.log(`ring properties: ${records.toLocaleString('en-US')} records drained and checked over 300 cases`);
  });

  it('two million records through rings of capacity 2 to 64, drained at random moments: every record, in order, untorn', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).map((b) => 2 ** b), fc.integer({ min: 1, max: 8 }), fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 64, maxLength: 64 }), (cap, length, bursts) => {
        const buffer = createRingBuffer(cap, length);
        const writer = new RingWriter(buffer);
        const reader = new RingReader(buffer);
        const source = new CountingSource(length);
        const sink = new Checking(length);
        let published = 0;
        for (let i = 0; published < 2_000_000; i++) {
          const burst = bursts[i & 63];
          for (let k = 0; k < burst; k++) if (writer.publish(source, source.seq & 0xff)) published++;
          reader.drain(sink);
        }
        reader.drain(sink);
        return sink.bad === 0 && sink.next === published && source.seq === published;
      }),
      { seed: SEED, numRuns: 2 },
    );
  });
});
