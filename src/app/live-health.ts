// What the status line must say over whatever the source says: the audio context does not run
// (every reading is frozen; the one watcher of the context is context-watch.ts), or a live input
// has delivered nothing but digital silence for a second (a device that died without closing its
// track, a muted or unpowered interface).
//
// Silence is counted in audio frames from the meter's readings (all channels' sample peaks
// since the previous read at exactly zero), so it is the page's audio clock that decides, not a
// timer.

import type { BusMeterHandle } from '../live/meter.js';
import type { Readings } from '../engine/readings.js';
import { FLOOR_DB } from '../contract/readings-layout.js';
import type { ContextWatch } from './context-watch.js';

/** Seconds of digital silence from a live input before the status says so. */
export const SILENT_SECONDS = 1;

export interface HealthNote {
  state: 'suspended' | 'silent';
  text: string;
}

export class LiveHealth {
  /** Called whenever note() may have changed. */
  onchange: () => void = () => {};
  private meter: BusMeterHandle | null = null;
  private inputName = '';
  private silentFrames = 0;
  private silent = false;

  private readonly onReadings = (e: Event) => this.count((e as CustomEvent<Readings>).detail);
  private readonly onReset = () => this.setSilent(false, 0);

  constructor(private readonly context: ContextWatch) {
    context.onchange = () => this.onchange();
  }

  /** Counts silence on `meter` (a live input's meter; null: none). `name` is the input's label. */
  watchInput(meter: BusMeterHandle | null, name = ''): void {
    this.meter?.removeEventListener('readings', this.onReadings);
    this.meter?.removeEventListener('reset', this.onReset);
    this.meter = meter;
    this.inputName = name;
    meter?.addEventListener('readings', this.onReadings);
    meter?.addEventListener('reset', this.onReset);
    this.setSilent(false, 0);
  }

  /** The note that overrides the source's own status, if any. */
  note(): HealthNote | null {
    if (this.context.notRunning) return { state: 'suspended', text: this.context.statusText() };
    if (this.silent) {
      const from = this.inputName ? `from ${this.inputName} ` : '';
      return {
        state: 'silent',
        text: `No audio ${from}for ${SILENT_SECONDS} s or more (digital silence). Check that the device is switched on and its cable is in, or choose another input.`,
      };
    }
    return null;
  }

  get suspended(): boolean {
    return this.context.notRunning;
  }

  /** Asks the context to run again (call it from a click: browsers may require a gesture). */
  resume(): Promise<void> {
    return this.context.resume();
  }

  private count(r: Readings): void {
    if (r.framesSinceRead <= 0) return;
    let quiet = r.channels.length > 0;
    for (const ch of r.channels) if (ch.samplePeakDbfs > FLOOR_DB) quiet = false;
    this.setSilent(quiet, quiet ? this.silentFrames + r.framesSinceRead : 0, r.sampleRate);
  }

  private setSilent(quiet: boolean, frames: number, sampleRate = 0): void {
    this.silentFrames = frames;
    const silent = quiet && sampleRate > 0 && frames >= SILENT_SECONDS * sampleRate;
    if (silent !== this.silent) {
      this.silent = silent;
      this.onchange();
    }
  }
}
