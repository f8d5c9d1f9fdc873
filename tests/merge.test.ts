// The merge of the readings records the ring delivers (src/transport/merge.ts): the maximum of
// "since read" peaks, the sum of counts, the rest from the newest record; records from before a
// reset dropped; and overrun (a consumer far slower than the producer) without a lost peak.

import { describe, expect, it } from 'vitest';
import * as L from '../src/contract/readings-layout.js';
import { createReadings } from '../src/engine/readings.js';
import { MAX_SINCE_READ_SLOTS, mergeRecords, ReadingsMerger, SUM_SINCE_READ_SLOTS } from '../src/transport/merge.js';
import { createRingBuffer, RingReader, RingWriter } from '../src/transport/ring.js';
import { xorshift32 as prng } from './pages/programme.js';


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

