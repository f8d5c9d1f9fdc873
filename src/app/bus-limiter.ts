// A switchable "limiter on the master bus" for the app's test signals: a DynamicsCompressorNode
// set as fast and as hard as it goes (no knee, 20:1, instant attack, short release) plus make-up
// gain, the way a mixer pushes a bus into a limiter while auditioning a master. It exists so the
// mastering-plugins warning can be seen (and tested) switching on and off on a real Web Audio
// graph.

import { BusInsert } from './bus-insert.js';

/** Compressor settings: threshold −30 dB, 20:1, no knee, 0 ms attack, 50 ms release. */
export const BUS_LIMITER_SETTINGS: DynamicsCompressorOptions = { threshold: -30, knee: 0, ratio: 20, attack: 0, release: 0.05 };
/** Make-up gain after the compressor, dB: brings the music test signal's peaks near −1.5 dBFS. */
export const BUS_LIMITER_MAKEUP_DB = 8;

export class BusLimiter extends BusInsert {
  constructor(context: BaseAudioContext, channelCount = 2) {
    super(context, channelCount, (channels) => [
      new DynamicsCompressorNode(context, { ...BUS_LIMITER_SETTINGS, channelCount, channelCountMode: 'explicit' }),
      new GainNode(context, { ...channels, gain: 10 ** (BUS_LIMITER_MAKEUP_DB / 20) }),
    ]);
  }
}
