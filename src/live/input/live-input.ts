// LiveInput: an audio interface feeding a meter, that survives the interface being unplugged.
//
//   const input = new LiveInput(audioContext, { channelPair: 2 });     // inputs 3–4
//   const surround = new LiveInput(audioContext, { layout: '5.1' });  // inputs 1–6 (L R C LFE Ls Rs)
//   input.addEventListener('status', (e) => show(e.detail.state, e.detail.message));
//   input.addEventListener('warnings', (e) => warn(e.detail.warnings));
//   await input.start();
//   const meter = await createMeter(audioContext, input.output, { layout: 'stereo' });
//
// `output` is a node that never changes: the device's graph (MediaStreamAudioSourceNode, and a
// ChannelSplitterNode → ChannelMergerNode picker of consecutive inputs, routeInputChannels, for
// interfaces with more inputs than the layout takes) is rebuilt upstream of it. When the device disappears (the track's 'ended', or a
// 'devicechange' without it) the status becomes 'disconnected'; when it (or a device with the
// same group and label) is back, LiveInput reopens it and feeds the same output, so the meter
// keeps its node and its session (integrated loudness …) until the user resets it.

import {
  checkInputTrack, listAudioInputs, loadInputChoice, meterConstraints, saveInputChoice,
  type AudioInputInfo, type StoredInputChoice,
} from './devices.js';

export type LiveInputState = 'connecting' | 'live' | 'disconnected' | 'error';

export interface LiveInputStatus {
  state: LiveInputState;
  /** Plain words for the user. */
  message: string;
}

export interface LiveInputWarnings {
  warnings: string[];
}

export interface LiveInputEventMap {
  status: CustomEvent<LiveInputStatus>;
  warnings: CustomEvent<LiveInputWarnings>;
}

/** Layouts a multi-input interface can deliver on consecutive inputs, in WAV/SMPTE order. */
export const INPUT_LAYOUTS = { stereo: 2, '5.1': 6, '7.1': 8, '7.1.4': 12 } as const;
export type InputLayout = keyof typeof INPUT_LAYOUTS;

export interface LiveInputOptions {
  /** Default: the input remembered from last time (localStorage), else the browser's default. */
  deviceId?: string;
  /** First channel (0-based) metered: 0 = inputs 1–2 (or 1–6 for 5.1), 2 = inputs 3–4, … */
  channelPair?: number;
  /** What the consecutive inputs from `channelPair` carry (default 'stereo'); `output` has its channel count. */
  layout?: InputLayout;
  /** Remember the chosen input in localStorage (default true). */
  remember?: boolean;
  /** While disconnected, look for the device this often besides 'devicechange' (default 2000 ms). */
  reconnectPollMs?: number;
}

const LOST = 'The audio input was disconnected. Waiting for it to come back: plug it in again or choose another input.';
const ENDED_QUIETLY = 'The audio input stopped without notice (switched off, or taken by another program). Waiting for it to come back: check the device or choose another input.';

type Listener<K extends keyof LiveInputEventMap> = (this: LiveInput, event: LiveInputEventMap[K]) => unknown;

function gumMessage(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
      return 'Permission to use the audio input was refused. Allow it in the browser to meter live input.';
    case 'NotFoundError':
      return 'No audio input was found.';
    case 'NotReadableError':
      return 'The audio input is in use by another program or could not be started.';
    case 'OverconstrainedError':
      return 'The chosen audio input is not available.';
    default:
      return `The audio input could not be opened: ${error instanceof Error ? error.message : String(error)}`;
  }
}

export class LiveInput extends EventTarget {
  readonly context: AudioContext;
  /** The layout's channels (two for stereo), always the same node: connect the meter here once. */
  readonly output: GainNode;
  readonly layout: InputLayout;
  private stateValue: LiveInputState | 'idle' = 'idle';
  private messageValue = '';
  private warningsValue: string[] = [];
  private wanted: { deviceId?: string; channelPair: number };
  private readonly remember: boolean;
  private readonly pollMs: number;
  /** The device actually open (or last open), for finding it again. */
  private current: StoredInputChoice | null = null;
  private stream: MediaStream | null = null;
  private graph: AudioNode[] = [];
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  /** Looks at the track's readyState: a track can end without an 'ended' event. */
  private trackTimer: ReturnType<typeof setInterval> | null = null;
  private reconnecting = false;
  private disposed = false;
  private readonly onEnded = () => this.lost(LOST);
  private readonly onDeviceChange = () => void this.checkDevices();

  constructor(context: AudioContext, options: LiveInputOptions = {}) {
    super();
    this.context = context;
    this.remember = options.remember ?? true;
    this.pollMs = options.reconnectPollMs ?? 2000;
    const stored = this.remember && options.deviceId === undefined ? loadInputChoice() : null;
    this.wanted = {
      deviceId: options.deviceId ?? stored?.deviceId,
      channelPair: options.channelPair ?? stored?.channelPair ?? 0,
    };
    if (stored) this.current = stored;
    this.layout = options.layout ?? 'stereo';
    this.output = inputOutputNode(context, INPUT_LAYOUTS[this.layout]);
    navigator.mediaDevices?.addEventListener('devicechange', this.onDeviceChange);
  }

  get state(): LiveInputState | 'idle' {
    return this.stateValue;
  }

  get message(): string {
    return this.messageValue;
  }

  get warnings(): readonly string[] {
    return this.warningsValue;
  }

  /** The open track (null while disconnected). */
  get track(): MediaStreamTrack | null {
    return this.stream?.getAudioTracks()[0] ?? null;
  }

  /** The device in use (or last in use). */
  get device(): AudioInputInfo | null {
    return this.current ? { deviceId: this.current.deviceId, groupId: this.current.groupId, label: this.current.label } : null;
  }

  get channelPair(): number {
    return this.wanted.channelPair;
  }

  /** Opens the input (status 'connecting', then 'live' or 'error'). Resolves either way; see `state`. */
  async start(): Promise<void> {
    await this.open(this.wanted.deviceId, true);
  }

  /** Switches to another device and/or channel pair. */
  async select(options: { deviceId?: string; channelPair?: number }): Promise<void> {
    this.wanted = { deviceId: options.deviceId ?? this.wanted.deviceId, channelPair: options.channelPair ?? this.wanted.channelPair };
    await this.open(this.wanted.deviceId, false);
  }

  /** Closes the device (the output stays, silent). */
  stop(): void {
    this.stopPolling();
    this.closeStream();
  }

  dispose(): void {
    if (this.disposed) return;
    this.stop();
    this.disposed = true;
    navigator.mediaDevices?.removeEventListener('devicechange', this.onDeviceChange);
    this.output.disconnect();
  }

  override addEventListener<K extends keyof LiveInputEventMap>(type: K, listener: Listener<K>, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: unknown, options?: boolean | AddEventListenerOptions): void {
    super.addEventListener(type, listener as EventListenerOrEventListenerObject | null, options);
  }

  override removeEventListener<K extends keyof LiveInputEventMap>(type: K, listener: Listener<K>, options?: boolean | EventListenerOptions): void;
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
  override removeEventListener(type: string, listener: unknown, options?: boolean | EventListenerOptions): void {
    super.removeEventListener(type, listener as EventListenerOrEventListenerObject | null, options);
  }

  private setStatus(state: LiveInputState, message: string): void {
    this.stateValue = state;
    this.messageValue = message;
    this.dispatchEvent(new CustomEvent<LiveInputStatus>('status', { detail: { state, message } }));
  }

  private setWarnings(warnings: string[]): void {
    this.warningsValue = warnings;
    this.dispatchEvent(new CustomEvent<LiveInputWarnings>('warnings', { detail: { warnings: [...warnings] } }));
  }

  /** Opens `deviceId`; `fallBackToDefault`: when a remembered device is gone, use the default input. */
  private async open(deviceId: string | undefined, fallBackToDefault: boolean): Promise<boolean> {
    if (this.disposed) return false;
    this.stopPolling();
    this.closeStream();
    this.setStatus('connecting', 'Opening the audio input…');
    const pair = this.wanted.channelPair;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: meterConstraints(deviceId, pair + INPUT_LAYOUTS[this.layout]) });
    } catch (error) {
      const name = (error as { name?: string })?.name;
      if (fallBackToDefault && deviceId && (name === 'OverconstrainedError' || name === 'NotFoundError')) {
        return this.open(undefined, false);
      }
      this.setStatus('error', gumMessage(error));
      return false;
    }
    if (this.disposed) {
      for (const t of stream.getTracks()) t.stop();
      return false;
    }
    this.attach(stream);
    return true;
  }

  private attach(stream: MediaStream): void {
    const track = stream.getAudioTracks()[0];
    this.stream = stream;
    track.addEventListener('ended', this.onEnded);
    // stop() (by any script holding the track) and some drivers end a track without the event.
    this.trackTimer = setInterval(() => {
      if (track.readyState === 'ended') this.lost(ENDED_QUIETLY);
    }, 250);
    const settings = track.getSettings();
    const channels = typeof settings.channelCount === 'number' ? settings.channelCount : 2;
    let pair = this.wanted.channelPair;
    const count = INPUT_LAYOUTS[this.layout];
    const warnings = checkInputTrack(track, Math.min(pair + count, Math.max(2, channels)));
    if (pair + count > channels && pair > 0) {
      warnings.push(`The input has ${channels} channel${channels === 1 ? '' : 's'}: showing inputs 1–${count} instead of ${pair + 1}–${pair + count}.`);
      pair = 0;
    }
    if (count > 2 && channels < count) {
      warnings.push(`The input has ${channels} channel${channels === 1 ? '' : 's'}, ${this.layout} needs ${count}: the missing channels read as silence.`);
    }
    const source = new MediaStreamAudioSourceNode(this.context, { mediaStream: stream });
    this.graph = [source, ...routeInputChannels(this.context, source, channels, pair, count, this.output)];
    const label = track.label;
    this.current = {
      deviceId: settings.deviceId ?? this.wanted.deviceId ?? '',
      groupId: settings.groupId ?? '',
      label,
      channelPair: this.wanted.channelPair,
    };
    if (this.remember) saveInputChoice(this.current);
    this.setStatus('live', label ? `Metering ${label}.` : 'Metering the audio input.');
    this.setWarnings(warnings);
  }

  private closeStream(): void {
    if (this.trackTimer !== null) clearInterval(this.trackTimer);
    this.trackTimer = null;
    for (const node of this.graph) node.disconnect();
    this.graph = [];
    if (this.stream) {
      for (const track of this.stream.getTracks()) {
        track.removeEventListener('ended', this.onEnded);
        track.stop();
      }
      this.stream = null;
    }
  }

  private lost(message: string): void {
    if (this.disposed || this.stateValue === 'disconnected') return;
    this.closeStream();
    this.setStatus('disconnected', message);
    if (this.pollMs > 0 && this.pollTimer === null) {
      this.pollTimer = setInterval(() => void this.reconnect(), this.pollMs);
    }
    void this.reconnect();
  }

  private stopPolling(): void {
    if (this.pollTimer !== null) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  private async checkDevices(): Promise<void> {
    if (this.disposed) return;
    if (this.stateValue === 'disconnected') {
      await this.reconnect();
      return;
    }
    if (this.stateValue !== 'live' || !this.current) return;
    const inputs = await listAudioInputs();
    // Some browsers announce the removal before (or instead of) ending the track.
    if (this.current.deviceId && !inputs.some((d) => d.deviceId === this.current!.deviceId)) {
      this.lost(LOST);
    }
  }

  /** The listed device that is the one we lost: same id, else same group and label, else same label. */
  private findLost(inputs: AudioInputInfo[]): AudioInputInfo | undefined {
    const lost = this.current;
    if (!lost) return inputs[0];
    return (
      inputs.find((d) => lost.deviceId !== '' && d.deviceId === lost.deviceId) ??
      inputs.find((d) => lost.groupId !== '' && lost.label !== '' && d.groupId === lost.groupId && d.label === lost.label) ??
      inputs.find((d) => lost.label !== '' && d.label === lost.label)
    );
  }

  private async reconnect(): Promise<void> {
    if (this.reconnecting || this.disposed || this.stateValue !== 'disconnected') return;
    this.reconnecting = true;
    try {
      const found = this.findLost(await listAudioInputs());
      if (!found || this.stateValue !== 'disconnected') return;
      this.wanted = { ...this.wanted, deviceId: found.deviceId || undefined };
      const opened = await this.open(found.deviceId || undefined, false);
      if (!opened && !this.disposed) {
        // Listed but not openable yet (it is still waking up): keep waiting.
        this.setStatus('disconnected', 'The audio input is back but could not be opened yet. Retrying…');
        if (this.pollMs > 0 && this.pollTimer === null) this.pollTimer = setInterval(() => void this.reconnect(), this.pollMs);
      }
    } finally {
      this.reconnecting = false;
    }
  }
}

/**
 * The node a LiveInput feeds: `count` channels, fixed. Stereo up-mixes a mono device to both
 * channels ('speakers'); surround layouts take their channels as they are ('discrete').
 */
export function inputOutputNode(context: BaseAudioContext, count: number): GainNode {
  return new GainNode(context, { channelCount: count, channelCountMode: 'explicit', channelInterpretation: count > 2 ? 'discrete' : 'speakers' });
}

/**
 * Connects inputs first … first + count − 1 of `source` (which has `channels` channels) to
 * `output`'s channels 0 … count − 1; inputs the source lacks stay silent. A plain connection
 * would down-mix all of the device's channels. Returns the nodes made (to disconnect later).
 */
export function routeInputChannels(context: BaseAudioContext, source: AudioNode, channels: number, first: number, count: number, output: AudioNode): AudioNode[] {
  if (first === 0 && (channels === count || (count === 2 && channels < 2))) {
    source.connect(output);
    return [];
  }
  const splitter = new ChannelSplitterNode(context, { numberOfOutputs: Math.max(1, channels) });
  const merger = new ChannelMergerNode(context, { numberOfInputs: count });
  source.connect(splitter);
  for (let c = 0; c < count && first + c < channels; c++) splitter.connect(merger, first + c, c);
  merger.connect(output);
  return [splitter, merger];
}
