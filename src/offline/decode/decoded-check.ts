// The npm decoders stop quietly at a cut-off or corrupt stream and return whatever they decoded,
// sometimes with nonsense fields, and report no error. So every result is checked against what
// the file's own headers promised before a meter gets to measure it.

import { AudioFileError } from './errors.js';

interface DecoderOutput {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  errors: { message: string }[];
}

export interface Expected {
  codec: string;
  channels: number;
  sampleRate: number;
  /** Frames the headers declare, when they do. */
  frames?: number;
}

/** Throws unless the decoder produced clean audio of the promised shape; returns its channels, trimmed. */
export function checkDecoded(file: string, out: DecoderOutput, expected: Expected): Float32Array[] {
  const { codec } = expected;
  if (out.errors.length > 0) {
    const more = out.errors.length > 1 ? ` (and ${out.errors.length - 1} more)` : '';
    throw new AudioFileError(file, `${codec} decoder error: ${out.errors[0]!.message}${more}`);
  }
  if (out.samplesDecoded === 0 && expected.frames !== 0) {
    throw new AudioFileError(file, `${codec} decoder produced no audio (corrupt stream?)`);
  }
  if (out.channelData.length !== expected.channels || out.sampleRate !== expected.sampleRate) {
    throw new AudioFileError(
      file,
      `${codec} decoder produced ${out.channelData.length} channels at ${out.sampleRate} Hz, the stream declares ${expected.channels} at ${expected.sampleRate} Hz (corrupt stream?)`,
    );
  }
  if (expected.frames !== undefined && out.samplesDecoded !== expected.frames) {
    throw new AudioFileError(
      file,
      `corrupt or truncated: decoded ${out.samplesDecoded} frames, the stream declares ${expected.frames}`,
    );
  }
  return out.channelData.map((c) => (c.length === out.samplesDecoded ? c : c.subarray(0, out.samplesDecoded)));
}

/** Runs a decoder call; a throw from the package becomes an AudioFileError naming the file. */
export async function runDecoder<T>(file: string, codec: string, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AudioFileError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new AudioFileError(file, `${codec} decoder failed: ${message}`, { cause: error });
  }
}
