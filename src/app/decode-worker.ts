// The app's file decoder, in a Web Worker: the project's own decoders (src/offline/decode/bytes.ts,
// the ones the CLI runs), so a truncated or corrupt file gets the CLI's error line in the app and
// a good one the CLI's samples, hence its numbers. Decoding a long FLAC or MP3 takes seconds of
// CPU: off the page's thread, the meters keep drawing.

import { AudioFileError } from '../offline/decode/errors.js';
import { decodeAudioBytes, detectAudioFormat } from '../offline/decode/bytes.js';
import type { DecodeReply, DecodeRequest } from './decode-protocol.js';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<DecodeRequest>) => void) | null;
  postMessage(message: DecodeReply, transfer?: Transferable[]): void;
};

scope.onmessage = async (event) => {
  const { id, name, bytes } = event.data;
  const data = new Uint8Array(bytes);
  try {
    const audio = await decodeAudioBytes(data, name);
    scope.postMessage(
      {
        id,
        ok: true,
        sampleRate: audio.sampleRate,
        frames: audio.frames,
        format: audio.format,
        layoutName: audio.layout.name,
        labels: [...audio.layout.labels],
        weights: [...audio.layout.weights],
        channels: audio.channels,
      },
      [...new Set(audio.channels.map((c) => c.buffer))],
    );
  } catch (error) {
    const known = error instanceof AudioFileError;
    scope.postMessage({
      id,
      ok: false,
      message: known ? error.message : `${name}: ${error instanceof Error ? error.message : String(error)}`,
      // Not one of the formats the project decodes (WAV, FLAC, MP3, Ogg): the browser may.
      unknownFormat: data.length > 0 && detectAudioFormat(data) === undefined,
    });
  }
};
