// The npm decoders stop quietly at a cut-off or corrupt stream and return whatever they decoded,
// sometimes with nonsense fields, and report no error. So every result is checked against what
// the file's own headers promised before a meter gets to measure it.

import { AudioFileError } from './errors.js';

export interface DecoderOutput {
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

/**
 * Runs a decoder call; a throw from the package becomes an AudioFileError naming the file. What
 * the decoder prints to the console or stderr while it runs (mpg123 and libopus print a line per
 * bad frame) is caught, not shown: it joins the result's `errors`, so the caller reports it in
 * its one line.
 */
export async function runDecoder<T>(file: string, codec: string, run: () => Promise<T> | T): Promise<T> {
  const printed: string[] = [];
  const restore = captureOutput(printed);
  let result: T;
  try {
    result = await run();
  } catch (error) {
    restore();
    if (error instanceof AudioFileError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new AudioFileError(file, `${codec} decoder failed: ${message}${printed.length ? ` (${printed[0]})` : ''}`, { cause: error });
  }
  restore();
  const errors = (result as { errors?: { message: string }[] } | undefined)?.errors;
  if (Array.isArray(errors)) {
    for (const line of printed) if (!errors.some((e) => line.includes(e.message))) errors.push({ message: line });
  } else if (printed.length > 0) {
    throw new AudioFileError(file, `${codec} decoder error: ${printed[0]}${printed.length > 1 ? ` (and ${printed.length - 1} more)` : ''}`);
  }
  return result;
}

/**
 * Sends console.log/warn/error (and in Node process.stderr writes) into `lines` until the returned
 * function is called. In a browser worker there is no process: the console is all there is.
 */
export function captureOutput(lines: string[]): () => void {
  const stderr = typeof process === 'undefined' ? undefined : process.stderr;
  const saved = { log: console.log, warn: console.warn, error: console.error, write: stderr?.write };
  const keep = (...args: unknown[]) => {
    const text = args.map(String).join(' ').trim();
    if (text) lines.push(text.replace(/\s*\n\s*/g, ' '));
  };
  console.log = keep;
  console.warn = keep;
  console.error = keep;
  if (stderr) {
    stderr.write = ((chunk: unknown) => {
      keep(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk as Uint8Array));
      return true;
    }) as typeof stderr.write;
  }
  return () => {
    console.log = saved.log;
    console.warn = saved.warn;
    console.error = saved.error;
    if (stderr && saved.write) stderr.write = saved.write;
  };
}

/** Distinct error messages and printed lines a PiecewiseDecoder keeps. */
const MAX_DISTINCT = 1000;

/**
 * A decoder fed in pieces: each call is run as runDecoder runs one (a throw becomes an
 * AudioFileError naming the file, what the decoder prints is caught), and the errors of all calls
 * are kept, so that `check` at the end reports them exactly as one call over the whole stream
 * would have: the decoder's own errors first, then the lines it printed.
 */
export class PiecewiseDecoder {
  // Bounded, however many errors a long broken file gives: a count, and the distinct messages
  // (which are few: a decoder's messages name the error, not where it happened).
  private reportedCount = 0;
  private readonly reported = new Set<string>();
  /** Distinct printed lines in order, up to MAX_DISTINCT; `printedOverflow` counts distinct lines past that. */
  private readonly printed = new Set<string>();
  private printedOverflow = 0;
  /** Frames decoded so far, and the shape of the last call's output. */
  frames = 0;
  private channels = 0;
  private sampleRate = 0;

  constructor(
    private readonly file: string,
    private readonly expected: Expected,
  ) {}

  /** Runs one decoder call (or the decoder's import, or its `ready`), keeping what it reports and prints. */
  async call<T>(run: () => Promise<T> | T): Promise<T> {
    const lines: string[] = [];
    const restore = captureOutput(lines);
    let result: T;
    try {
      result = await run();
    } catch (error) {
      restore();
      this.keepPrinted(lines);
      if (error instanceof AudioFileError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      const first = this.printed.values().next().value;
      throw new AudioFileError(this.file, `${this.expected.codec} decoder failed: ${message}${first !== undefined ? ` (${first})` : ''}`, { cause: error });
    }
    restore();
    this.keepPrinted(lines);
    const errors = (result as { errors?: { message: string }[] } | undefined)?.errors;
    if (Array.isArray(errors)) {
      this.reportedCount += errors.length;
      for (const e of errors) if (this.reported.size < MAX_DISTINCT) this.reported.add(e.message);
    }
    return result;
  }

  /**
   * Counts one call's audio and returns its channels trimmed to what it decoded (none when it
   * decoded nothing). Audio of another shape than the stream declares is never handed on (the
   * meter would measure it as the declared one): the stream is given up here.
   */
  take(out: DecoderOutput): Float32Array[] {
    const n = Math.max(0, out.samplesDecoded);
    this.frames += out.samplesDecoded;
    this.channels = out.channelData.length;
    this.sampleRate = out.sampleRate;
    if (n === 0) return [];
    if (this.channels !== this.expected.channels || this.sampleRate !== this.expected.sampleRate) this.check({ ...this.expected, frames: undefined });
    return out.channelData.map((c) => (c.length === n ? c : c.subarray(0, n)));
  }

  /** Throws unless the calls so far produced clean audio of the promised shape and length (checkDecoded's rules and messages). */
  check(expected: Expected = this.expected): void {
    // As runDecoder merges them: a printed line joins the errors unless it holds one already there.
    const messages = [...this.reported];
    for (const line of this.printed) if (!messages.some((m) => line.includes(m))) messages.push(line);
    const count = this.reportedCount + (messages.length - this.reported.size) + this.printedOverflow;
    if (count > 0) {
      const more = count > 1 ? ` (and ${count - 1} more)` : '';
      throw new AudioFileError(this.file, `${expected.codec} decoder error: ${messages[0]}${more}`);
    }
    checkDecoded(this.file, { channelData: new Array<Float32Array>(this.channels), samplesDecoded: this.frames, sampleRate: this.sampleRate, errors: [] }, expected);
  }

  private keepPrinted(lines: string[]): void {
    for (const line of lines) {
      if (this.printed.has(line)) continue;
      if (this.printed.size < MAX_DISTINCT) this.printed.add(line);
      else this.printedOverflow++;
    }
  }
}

/** A decoder's pieces joined into whole channels (a whole file decoded in memory). */
export async function collect(pieces: AsyncIterable<Float32Array[]>, channelCount: number): Promise<{ channels: Float32Array[]; frames: number }> {
  const parts: Float32Array[][] = [];
  let frames = 0;
  for await (const piece of pieces) {
    parts.push(piece);
    frames += piece[0]?.length ?? 0;
  }
  const channels = Array.from({ length: channelCount }, () => new Float32Array(frames));
  let at = 0;
  for (const piece of parts) {
    piece.forEach((c, i) => channels[i]!.set(c, at));
    at += piece[0]?.length ?? 0;
  }
  return { channels, frames };
}
