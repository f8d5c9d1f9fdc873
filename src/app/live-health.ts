// What the status line must say over whatever the source says: the audio context is suspended
// (every reading is frozen), or a live input has delivered nothing but digital silence for a
// second (a device that died without closing its track, a muted or unpowered interface).
//
// Silence is counted in audio frames from the meter's readings (all channels' sample peaks
// since the previous read at exactly zero), so it is the page's audio clock that decides, not a
// timer. A suspended context is seen by its 'statechange' event at once; a context that never
// starts running (the browser's autoplay policy) is reported after SUSPENDED_GRACE_MS.

import type { BusMeterHandle } from '../live/meter.js';
import type { Readings } from '../engine/readings.js';
import { FLOOR_DB } from '../contract/readings-layout.js';

/** Seconds of digital silence from a live input before the status says so. */
export const SILENT_SECONDS = 1;
const SUSPENDED_GRACE_MS = 1000;

export interface HealthNote {
  state: 'suspended' | 'silent';
  text: string;
}

export class LiveHealth {
  /** Called whenever note() may have changed. */
  onchange: () => void = () => {};
  private context: AudioContext | null = null;
  private wasRunning = false;
  private notRunningSince = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private meter: BusMeterHandle | null = null;
  private inputName = '';
  private silentFrames = 0;
  private silent = false;
  private suspendedShown = false;

  private readonly onState = () => this.checkContext();
  private readonly onReadings = (e: Event) => this.count((e as CustomEvent<Readings>).detail);
  private readonly onReset = () => this.setSilent(false, 0);

  /** Watches `context` (the previous one is forgotten). */
  watchContext(context: AudioContext): void {
    if (this.context === context) return;
    this.context?.removeEventListener('statechange', this.onState);
    this.context = context;
    this.wasRunning = context.state === 'running';
    this.notRunningSince = performance.now();
    context.addEventListener('statechange', this.onState);
    if (this.timer === null) this.timer = setInterval(() => this.checkContext(), 250);
    this.checkContext();
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
    if (this.suspendedShown) {
      return {
        state: 'suspended',
        text: 'Audio is suspended by the browser, so every reading is frozen. Press “Resume audio” to measure again.',
      };
    }
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
    return this.suspendedShown;
  }

  /** Asks the context to run again (call it from a click: browsers may require a gesture). */
  resume(): Promise<void> {
    return this.context?.resume() ?? Promise.resolve();
  }

  private checkContext(): void {
    const ctx = this.context;
    if (!ctx) return;
    const running = ctx.state === 'running';
    if (running) this.wasRunning = true;
    else if (this.suspendedShown === false && ctx.state === 'closed') return;
    const now = performance.now();
    if (running) this.notRunningSince = now;
    // A context that ran and stopped is shown at once; one that never started after a grace.
    const show = ctx.state !== 'closed' && !running && (this.wasRunning || now - this.notRunningSince >= SUSPENDED_GRACE_MS);
    if (show !== this.suspendedShown) {
      this.suspendedShown = show;
      this.onchange();
    }
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
