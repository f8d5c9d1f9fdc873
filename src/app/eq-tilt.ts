// A switchable "EQ tilt" on the bus for the app's test signals: a low shelf down and a high shelf
// up (BiquadFilterNodes), the bright tilt a mixer leaves on a bus by accident. It exists so the
// mix coach can be seen (and tested) naming a tonal-balance change on a real Web Audio graph.
//
//   input ──┬── dry ─────────────────────────────┬── output
//           └── low shelf ── high shelf ── wet ──┘
//
// Switching crossfades dry and wet over a few milliseconds, as the bus limiter does.

/** The tilt: −6 dB below about 250 Hz and +6 dB above about 2.5 kHz. */
export const EQ_TILT = { lowShelfHz: 250, lowShelfDb: -6, highShelfHz: 2500, highShelfDb: 6 } as const;
const SWITCH_TIME_CONSTANT_S = 0.003;

export class EqTilt {
  readonly input: GainNode;
  readonly output: GainNode;
  private readonly dry: GainNode;
  private readonly wet: GainNode;
  private readonly low: BiquadFilterNode;
  private readonly high: BiquadFilterNode;
  private on = false;

  constructor(private readonly context: BaseAudioContext, channelCount = 2) {
    const explicit = { channelCount, channelCountMode: 'explicit' as const, channelInterpretation: 'discrete' as const };
    this.input = new GainNode(context, explicit);
    this.output = new GainNode(context, explicit);
    this.dry = new GainNode(context, { ...explicit, gain: 1 });
    this.wet = new GainNode(context, { ...explicit, gain: 0 });
    this.low = new BiquadFilterNode(context, { ...explicit, type: 'lowshelf', frequency: EQ_TILT.lowShelfHz, gain: EQ_TILT.lowShelfDb });
    this.high = new BiquadFilterNode(context, { ...explicit, type: 'highshelf', frequency: EQ_TILT.highShelfHz, gain: EQ_TILT.highShelfDb });
    this.input.connect(this.dry).connect(this.output);
    this.input.connect(this.low).connect(this.high).connect(this.wet).connect(this.output);
  }

  get enabled(): boolean {
    return this.on;
  }

  /** Switches the tilt in (true) or out (false). */
  set enabled(on: boolean) {
    this.on = on;
    const now = this.context.currentTime;
    this.dry.gain.setTargetAtTime(on ? 0 : 1, now, SWITCH_TIME_CONSTANT_S);
    this.wet.gain.setTargetAtTime(on ? 1 : 0, now, SWITCH_TIME_CONSTANT_S);
  }

  disconnect(): void {
    for (const node of [this.input, this.dry, this.low, this.high, this.wet, this.output]) node.disconnect();
  }
}
