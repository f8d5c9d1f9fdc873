// Record sources for the ring tests (tests/ring.test.ts, tests/ring-properties.test.ts).

/** Hands out records [n, n + 1/len, n + 2/len, …] for n = 0, 1, 2, …: any torn or stale slot shows. */
export class CountingSource {
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
