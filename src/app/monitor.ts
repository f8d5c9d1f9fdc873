// What you hear: one path from the sources to the speakers per AudioContext, with the reference
// A/B's switch and gains on it (reference-ab.ts), and a tap for the meter of what is monitored.
//
//   mix source ─► mixIn ─► mixGate ─► mixGain ─┐
//   reference ──► refIn ─────────────► refGain ─┴─► out ─► destination
//                                                     └──► the monitor meter
//
// The meter that feeds the panel stays on the mix itself: gains here change what you hear, never
// what is measured. Switching crossfades over a few milliseconds (a hard switch is a click).

/** Crossfade time constant of the A/B switch and of gain changes, s. */
export const MONITOR_TIME_CONSTANT_S = 0.01;

export type Listening = 'mix' | 'reference';

export class MonitorPath {
  readonly mixIn: GainNode;
  readonly refIn: GainNode;
  /** What is monitored, downmixed to stereo as the speakers get it. */
  readonly out: GainNode;
  private readonly mixGate: GainNode;
  private readonly mixGain: GainNode;
  private readonly refGain: GainNode;

  constructor(readonly context: AudioContext) {
    this.mixIn = new GainNode(context);
    this.refIn = new GainNode(context);
    this.mixGate = new GainNode(context, { gain: 0 }); // opened by set()
    this.mixGain = new GainNode(context);
    this.refGain = new GainNode(context, { gain: 0 });
    this.out = new GainNode(context, { channelCount: 2, channelCountMode: 'explicit', channelInterpretation: 'speakers' });
    this.mixIn.connect(this.mixGate).connect(this.mixGain).connect(this.out);
    this.refIn.connect(this.refGain).connect(this.out);
    this.out.connect(context.destination);
  }

  /** Which source is heard, at which gain (dB) each; `mixOpen` false silences the mix (a live input nobody asked to hear). */
  set(listening: Listening, mixGainDb: number, referenceGainDb: number, mixOpen: boolean): void {
    const now = this.context.currentTime;
    const to = (param: AudioParam, value: number) => {
      param.cancelScheduledValues(now);
      param.setTargetAtTime(value, now, MONITOR_TIME_CONSTANT_S);
    };
    to(this.mixGate.gain, mixOpen ? 1 : 0);
    to(this.mixGain.gain, listening === 'mix' ? 10 ** (mixGainDb / 20) : 0);
    to(this.refGain.gain, listening === 'reference' ? 10 ** (referenceGainDb / 20) : 0);
  }
}

let current: MonitorPath | null = null;

/** The monitor path of `context` (made on first use; a new context gets a new one). */
export function monitorPath(context: AudioContext): MonitorPath {
  if (current?.context !== context) current = new MonitorPath(context);
  return current;
}

/** The monitor path, if the current context has one. */
export function currentMonitorPath(): MonitorPath | null {
  return current && current.context.state !== 'closed' ? current : null;
}
