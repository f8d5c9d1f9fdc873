// The one epoch filter of every merger (readings, spectrum, stereo): records carry the reset
// epoch they were measured in; a record from before the last reset is dropped (counted in
// `stale`), so records in flight when the user pressed reset never reappear. A newer epoch than
// known (cannot happen with one Meter driving its worklet, but keep the merge consistent if it
// does) starts the merge over from that record. add() allocates nothing. Each merger is a
// RecordSink of the ring (src/transport/ring.ts).

export abstract class EpochFilter<R extends ArrayLike<number> = Float64Array> {
  /** Records merged since the last take(). */
  count = 0;
  /** Records dropped because they predate the last reset. */
  stale = 0;
  protected epoch = 0;

  get currentEpoch(): number {
    return this.epoch;
  }

  /** Forgets pending records and accepts only records tagged `epoch` (or newer) from now on. */
  reset(epoch: number): void {
    this.epoch = epoch;
    this.count = 0;
  }

  add(record: R, tag: number): void {
    if (tag < this.epoch) {
      this.stale++;
      return;
    }
    if (tag > this.epoch) {
      this.epoch = tag;
      this.count = 0;
    }
    this.merge(record);
    this.count++;
  }

  /** Merges one record of the current epoch; `count` is the number merged before it. */
  protected abstract merge(record: R): void;
}
