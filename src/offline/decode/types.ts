import type { ChannelLayout } from '../../engine/layouts.js';

/** What is known about a file's audio before (or without) decoding all of it. */
export interface AudioInfo {
  /** Hz, 8000 to 384000. */
  sampleRate: number;
  /** Speakers and BS.1770 weights, one per channel, in the order of `channels`. */
  layout: ChannelLayout;
  /** e.g. 'wav pcm 24-bit', 'wav float 32-bit', 'rf64 pcm 24-bit', 'flac 16-bit', 'mp3', 'ogg vorbis', 'ogg opus'. */
  format: string;
  /** Sample frames per channel. */
  frames: number;
}

/**
 * Whether a format line (AudioInfo.format) names a lossy codec (MP3, Ogg Vorbis, Ogg Opus), whose
 * decoded samples are the codec's reconstruction rather than the samples that were encoded.
 */
export function isLossyFormat(format: string): boolean {
  return /^(mp[123]|ogg )/.test(format);
}

/** A whole file decoded to planar float samples (full scale = ±1.0). */
export interface DecodedAudio extends AudioInfo {
  /** One array per channel, each `frames` long. Float files are passed on as is: values beyond ±1, NaN and ±Infinity included. */
  channels: Float32Array[];
}
