// A switchable "limiter on the master bus" for the app's test signals: a DynamicsCompressorNode
// set as fast and as hard as it goes (no knee, 20:1, instant attack, short release) plus make-up
// gain, the way a mixer pushes a bus into a limiter while auditioning a master. It exists so the
// mastering-plugins warning can be seen (and tested) switching on and off on a real Web Audio
// graph.
//
//   input ──┬── dry ───────────────────────────┬── output
//           └── compressor ── make-up ── wet ──┘
//
// Switching crossfades dry and wet over a few milliseconds: a hard switch would be a step in the
// waveform, whose overshoot the true-peak meter would rightly report.

/** Compressor settings: threshold −30 dB, 20:1, no knee, 0 ms attack, 50 ms release. */
export const BUS_LIMITER_SETTINGS: DynamicsCompressorOptions = { threshold: -30, knee: 0, ratio: 20, attack: 0, release: 0.05 };
/** Make-up gain after the compressor, dB: brings the music test signal's peaks near −1.5 dBFS. */
export const BUS_LIMITER_MAKEUP_DB = 8;
/** Crossfade time constant, s. */
const SWITCH_TIME_CONSTANT_S = 0.003;

export class BusLimiter {
  readonly input: GainNode;
  readonly output: GainNode;
  private readonly dry: GainNode;
  private readonly wet: GainNode;
  private readonly compressor: DynamicsCompressorNode;
  private readonly makeup: GainNode;
  private on = false;

  constructor(private readonly context: BaseAudioContext, channelCount = 2) {
    const explicit = { channelCount, channelCountMode: 'explicit' as const, channelInterpretation: 'discrete' as const };
    this.input = new GainNode(context, explicit);
    this.output = new GainNode(context, explicit);
    this.dry = new GainNode(context, { ...explicit, gain: 1 });
    this.wet = new GainNode(context, { ...explicit, gain: 0 });
    this.compressor = new DynamicsCompressorNode(context, { ...BUS_LIMITER_SETTINGS, channelCount, channelCountMode: 'explicit' });
    this.makeup = new GainNode(context, { ...explicit, gain: 10 ** (BUS_LIMITER_MAKEUP_DB / 20) });
    this.input.connect(this.dry).connect(this.output);
    this.input.connect(this.compressor).connect(this.makeup).connect(this.wet).connect(this.output);
  }

  get enabled(): boolean {
    return this.on;
  }

  /** Switches the limiter in (true) or out (false). */
  set enabled(on: boolean) {
    this.on = on;
    const now = this.context.currentTime;
    this.dry.gain.setTargetAtTime(on ? 0 : 1, now, SWITCH_TIME_CONSTANT_S);
    this.wet.gain.setTargetAtTime(on ? 1 : 0, now, SWITCH_TIME_CONSTANT_S);
  }

  disconnect(): void {
    for (const node of [this.input, this.dry, this.compressor, this.makeup, this.wet, this.output]) node.disconnect();
  }
}
