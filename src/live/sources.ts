// What a meter can listen to: an AudioNode, a MediaStream or an HTMLMediaElement, connected to
// the meter's node in its audio context.

import { MAX_CHANNELS } from '../contract/readings-layout.js';
import type { MeterSource } from './meter-types.js';
import { describe, MeterError } from './errors.js';

/** MediaElementAudioSourceNodes made so far: an element can have only one, ever. */
const elementSources = new WeakMap<HTMLMediaElement, MediaElementAudioSourceNode>();

export interface ConnectedSource {
  node: AudioNode;
  /** True when createMeter made the node (MediaStream): dispose() then disconnects it entirely. */
  owned: boolean;
  /** Channels the source is expected to carry (for the default layout). */
  channelCount: number;
}

function clampChannels(n: number | undefined, fallback: number): number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_CHANNELS) : fallback;
}

function nodeChannelCount(node: AudioNode): number {
  if (typeof AudioBufferSourceNode !== 'undefined' && node instanceof AudioBufferSourceNode && node.buffer) {
    return clampChannels(node.buffer.numberOfChannels, 2);
  }
  if (typeof MediaStreamAudioSourceNode !== 'undefined' && node instanceof MediaStreamAudioSourceNode) {
    return streamChannelCount(node.mediaStream);
  }
  if (typeof ChannelMergerNode !== 'undefined' && node instanceof ChannelMergerNode) return clampChannels(node.numberOfInputs, 2);
  if (node.channelCountMode === 'explicit') return clampChannels(node.channelCount, 2);
  return 2;
}

function streamChannelCount(stream: MediaStream): number {
  const track = stream.getAudioTracks()[0];
  return clampChannels(track?.getSettings().channelCount, 2);
}

export function connectSource(context: BaseAudioContext, source: MeterSource): ConnectedSource {
  if (source instanceof AudioNode) {
    if (source.context !== context) throw new MeterError('input', 'the source node belongs to another audio context');
    if (source.numberOfOutputs < 1) throw new MeterError('input', 'the source node has no output to meter');
    return { node: source, owned: false, channelCount: nodeChannelCount(source) };
  }
  if (typeof MediaStream !== 'undefined' && source instanceof MediaStream) {
    if (!(typeof AudioContext !== 'undefined' && context instanceof AudioContext)) {
      throw new MeterError('input', 'a MediaStream can only be metered in a realtime AudioContext, not an OfflineAudioContext');
    }
    if (source.getAudioTracks().length === 0) throw new MeterError('input', 'the MediaStream has no audio track');
    let node: MediaStreamAudioSourceNode;
    try {
      node = new MediaStreamAudioSourceNode(context, { mediaStream: source });
    } catch (error) {
      // e.g. browsers that cannot resample a capture to the context's rate
      throw new MeterError('input', `the audio context cannot take this stream: ${describe(error)}`, { cause: error });
    }
    return { node, owned: true, channelCount: streamChannelCount(source) };
  }
  if (typeof HTMLMediaElement !== 'undefined' && source instanceof HTMLMediaElement) {
    if (!(typeof AudioContext !== 'undefined' && context instanceof AudioContext)) {
      throw new MeterError('input', 'a media element can only be metered in a realtime AudioContext');
    }
    let node = elementSources.get(source);
    if (!node) {
      node = new MediaElementAudioSourceNode(context, { mediaElement: source });
      // Taking the element into the graph silences its own output: keep it audible.
      node.connect(context.destination);
      elementSources.set(source, node);
    } else if (node.context !== context) {
      throw new MeterError('input', 'this media element is already routed into another audio context (a browser allows only one)');
    }
    return { node, owned: false, channelCount: 2 };
  }
  throw new MeterError('input', 'createMeter needs an AudioNode, a MediaStream or an HTMLMediaElement');
}
