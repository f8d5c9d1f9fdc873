// A switchable "EQ tilt" on the bus for the app's test signals: a low shelf down and a high shelf
// up (BiquadFilterNodes), the bright tilt a mixer leaves on a bus by accident. It exists so the
// mix coach can be seen (and tested) naming a tonal-balance change on a real Web Audio graph.

import { BusInsert } from './bus-insert.js';

/** The tilt: −6 dB below about 250 Hz and +6 dB above about 2.5 kHz. */
export const EQ_TILT = { lowShelfHz: 250, lowShelfDb: -6, highShelfHz: 2500, highShelfDb: 6 } as const;

export class EqTilt extends BusInsert {
  constructor(context: BaseAudioContext, channelCount = 2) {
    super(context, channelCount, (channels) => [
      new BiquadFilterNode(context, { ...channels, type: 'lowshelf', frequency: EQ_TILT.lowShelfHz, gain: EQ_TILT.lowShelfDb }),
      new BiquadFilterNode(context, { ...channels, type: 'highshelf', frequency: EQ_TILT.highShelfHz, gain: EQ_TILT.highShelfDb }),
    ]);
  }
}
