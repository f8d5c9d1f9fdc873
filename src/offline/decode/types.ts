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

/**
 * Media types of lossy codecs a browser may decode (AAC, Opus, Vorbis, MP3, WMA, AMR), without
 * parameters; a dropped .mp4 or .webm is often typed video/.
 */
const LOSSY_MEDIA_TYPES = /^(audio\/(aac|aacp|mp4|x-m4a|m4a|mpeg|mp3|ogg|opus|webm|x-ms-wma|amr|3gpp|3gpp2)|video\/(mp4|webm|ogg|3gpp|3gpp2))$/;
/** The same codecs' file extensions, for a file the browser gives no media type. */
const LOSSY_EXTENSIONS = /\.(aac|m4a|m4b|mp4|mp3|mp2|ogg|oga|opus|webm|weba|wma|amr|3gp|3g2)$/i;

/**
 * Whether a file that the browser decodes (a format busmeter's decoders do not read) is in a lossy
 * codec, by its media type or, when it has none, by its name. An .m4a may hold lossless ALAC: it
 * is counted lossy all the same, which only turns off the exact-hit fingerprint (a missed
 * ceiling costs less than a false alarm).
 */
export function isLossyMedia(type: string, name: string): boolean {
  const mediaType = type.split(';')[0].trim().toLowerCase();
  return mediaType ? LOSSY_MEDIA_TYPES.test(mediaType) : LOSSY_EXTENSIONS.test(name);
}

/** A whole file decoded to planar float samples (full scale = ±1.0). */
export interface DecodedAudio extends AudioInfo {
  /** One array per channel, each `frames` long. Float files are passed on as is: values beyond ±1, NaN and ±Infinity included. */
  channels: Float32Array[];
}
