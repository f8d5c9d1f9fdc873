// A switchable insert on the bus of the app's test signals (the limiter, the EQ tilt): a chain of
// Web Audio nodes beside a dry path, switched by crossfading the two.
//
//   input ──┬── dry ──────────────┬── output
//           └── chain ──── wet ───┘
//
// Switching crossfades over a few milliseconds: a hard switch would be a step in the waveform,
// whose overshoot the true-peak meter would rightly report.

/** Crossfade time constant, s. */
const SWITCH_TIME_CONSTANT_S = 0.003;

/** Options every node of an insert takes: the bus's channels, kept apart. */
export interface InsertChannels {
  channelCount: number;
  channelCountMode: 'explicit';
  channelInterpretation: 'discrete';
}

export class BusInsert {
  readonly input: GainNode;
  readonly output: GainNode;
  private readonly dry: GainNode;
  private readonly wet: GainNode;
  private readonly chain: AudioNode[];
  private on = false;

  /** `buildChain` makes the processing nodes, in signal order. */
  constructor(private readonly context: BaseAudioContext, channelCount: number, buildChain: (channels: InsertChannels) => AudioNode[]) {
    const channels: InsertChannels = { channelCount, channelCountMode: 'explicit', channelInterpretation: 'discrete' };
    this.input = new GainNode(context, channels);
    this.output = new GainNode(context, channels);
    this.dry = new GainNode(context, { ...channels, gain: 1 });
    this.wet = new GainNode(context, { ...channels, gain: 0 });
    this.chain = buildChain(channels);
    this.input.connect(this.dry).connect(this.output);
    let tail: AudioNode = this.input;
    for (const node of this.chain) tail = tail.connect(node);
    tail.connect(this.wet).connect(this.output);
  }

  get enabled(): boolean {
    return this.on;
  }

  /** Switches the insert in (true) or out (false). */
  set enabled(on: boolean) {
    this.on = on;
    const now = this.context.currentTime;
    this.dry.gain.setTargetAtTime(on ? 0 : 1, now, SWITCH_TIME_CONSTANT_S);
    this.wet.gain.setTargetAtTime(on ? 1 : 0, now, SWITCH_TIME_CONSTANT_S);
  }

  disconnect(): void {
    for (const node of [this.input, this.dry, ...this.chain, this.wet, this.output]) node.disconnect();
  }
}
