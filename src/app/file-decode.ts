// Decodes an opened file for the app in the decode worker (decode-worker.ts), with the project's
// own decoders: the samples, layout and error lines are the CLI's. Only a file none of those
// decoders reads (not WAV, FLAC, MP3 or Ogg: AAC, for one) goes to the browser's
// decodeAudioData, and the result says so.

import { resolveLayout, type ChannelLayout } from '../engine/layouts.js';
import { decodeAudioFileInBrowser } from '../live/render-offline.js';
import { isLossyFormat, isLossyMedia } from '../offline/decode/types.js';
import type { DecodeReply, DecodeRequest } from './decode-protocol.js';

export interface DecodedFile {
  buffer: AudioBuffer;
  layout: ChannelLayout;
  /** "wav float 32-bit", "flac 16-bit", … as the CLI prints it; or what the browser decoded. */
  format: string;
  /** True when busmeter's decoders do not read the format and the browser decoded it. */
  byBrowser: boolean;
  /** Decoded from a lossy codec (MP3, Ogg; AAC, Opus, … by the browser): the detector's lossySource. */
  lossy: boolean;
}

/** A file the decoders refused: `message` is "name: problem", the CLI's line after "busmeter: ". */
export class FileDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileDecodeError';
  }
}

let worker: Worker | null = null;
let nextId = 0;
const waiting = new Map<number, (reply: DecodeReply) => void>();

function decodeWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./decode-worker.ts', import.meta.url), { type: 'module', name: 'busmeter-decode' });
  w.onmessage = (event: MessageEvent<DecodeReply>) => {
    const settle = waiting.get(event.data.id);
    waiting.delete(event.data.id);
    settle?.(event.data);
  };
  w.onerror = (event) => {
    // The worker itself failed (it did not load): every waiting file gets the reason.
    event.preventDefault();
    for (const [id, settle] of waiting) settle({ id, ok: false, message: `the decoder did not start: ${event.message || 'worker error'}`, unknownFormat: false });
    waiting.clear();
    worker = null;
  };
  worker = w;
  return w;
}

export async function decodeFile(file: File): Promise<DecodedFile> {
  const bytes = await file.arrayBuffer();
  const id = nextId++;
  const reply = await new Promise<DecodeReply>((resolve) => {
    waiting.set(id, resolve);
    const request: DecodeRequest = { id, name: file.name, bytes };
    decodeWorker().postMessage(request, [bytes]);
  });
  if (!reply.ok) {
    if (!reply.unknownFormat) throw new FileDecodeError(reply.message);
    // Not a format the project reads: the browser's decoder may know it (the file is read again,
    // its bytes went to the worker).
    let buffer: AudioBuffer;
    try {
      buffer = await decodeAudioFileInBrowser(file);
    } catch {
      throw new FileDecodeError(reply.message);
    }
    return { buffer, layout: resolveLayout(buffer.numberOfChannels), format: `${file.type || 'audio'}, decoded by the browser`, byBrowser: true, lossy: isLossyMedia(file.type, file.name) };
  }
  const frames = Math.max(1, reply.frames);
  const buffer = new AudioBuffer({ length: frames, numberOfChannels: reply.channels.length, sampleRate: reply.sampleRate });
  reply.channels.forEach((channel, c) => buffer.copyToChannel(channel as Float32Array<ArrayBuffer>, c));
  return {
    buffer,
    layout: { name: reply.layoutName, labels: reply.labels, weights: reply.weights },
    format: reply.format,
    byBrowser: false,
    lossy: isLossyFormat(reply.format),
  };
}
