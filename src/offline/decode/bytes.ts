// Decoding a whole file held in memory: the format told by its first bytes, then the format's
// decoder. Nothing here needs Node: the CLI and the Node API use it through index.ts, and the
// app's decode worker (src/app/decode-worker.ts) runs it in the browser, so a file gets the same
// samples and the same error line in both.

import { AudioFileError } from './errors.js';
import { decodeFlac } from './flac.js';
import { decodeMpeg, findFirstMpegFrame, id3v2Length } from './mpeg.js';
import { decodeOgg } from './ogg.js';
import type { DecodedAudio } from './types.js';
import { decodeWav, looksLikeWav } from './wav.js';

export type AudioFormat = 'wav' | 'flac' | 'ogg' | 'mpeg';

export const NOT_AUDIO = 'not a recognised audio file (expected WAV, FLAC, MP3 or Ogg)';

/** The container a file's first bytes announce (ID3v2 tags are looked through), or undefined. */
export function detectAudioFormat(bytes: Uint8Array): AudioFormat | undefined {
  if (looksLikeWav(bytes)) return 'wav';
  const at = (o: number, s: string) => [...s].every((ch, i) => bytes[o + i] === ch.charCodeAt(0));
  if (at(0, 'OggS')) return 'ogg';
  // Some taggers put an ID3v2 tag before FLAC too, although FLAC has its own tags.
  const skip = id3v2Length(bytes);
  if (at(skip, 'fLaC')) return 'flac';
  return findFirstMpegFrame(bytes, skip) !== undefined ? 'mpeg' : undefined;
}

/** Decodes a whole file held in memory. `nameForErrors` starts every error message. */
export async function decodeAudioBytes(bytes: Uint8Array, nameForErrors: string): Promise<DecodedAudio> {
  const file = nameForErrors;
  if (bytes.length === 0) throw new AudioFileError(file, 'empty file');
  switch (detectAudioFormat(bytes)) {
    case 'wav':
      return decodeWav(bytes, file);
    case 'flac':
      return decodeFlac(bytes.subarray(id3v2Length(bytes)), file);
    case 'ogg':
      return decodeOgg(bytes, file);
    case 'mpeg':
      return decodeMpeg(bytes, file);
    default:
      throw new AudioFileError(file, NOT_AUDIO);
  }
}

