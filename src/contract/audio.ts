// Audio held in memory, as every host passes it: planar, one Float32Array per channel.

/** Planar audio: one Float32Array per channel, all the same length. */
export interface PlanarAudio {
  sampleRate: number;
  channels: readonly Float32Array[];
}
