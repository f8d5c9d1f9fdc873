// Reading an input file from disk in bounded pieces, where a read can fail in ways a bytes-in-
// memory decoder never sees: the path is a FIFO or a device (no length, maybe no data ever), a
// read stalls (a network share gone quiet), or the file is written to while it is measured.
// Every one of those becomes an AudioFileError naming the file, within a bound.

import { readSync } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { ByteSource } from './byte-source.js';
import { AudioFileError, accessError, formatBytes } from './errors.js';

/** How long one read may take before the file is given up (BUSMETER_READ_TIMEOUT_MS overrides). */
export const DEFAULT_READ_TIMEOUT_MS = 15_000;

export function readTimeoutMs(): number {
  const fromEnv = Number(process.env.BUSMETER_READ_TIMEOUT_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_READ_TIMEOUT_MS;
}

/** A path that is not a non-empty string is the caller's mistake: a TypeError saying what was given, never a file error. */
export function checkPathArgument(path: unknown): asserts path is string {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError(`a file path (a non-empty string) is needed, got ${path === '' ? 'an empty string' : typeof path}`);
  }
}

/**
 * Throws unless `path` is a regular file (or a directory, which the caller reports): a FIFO, a
 * socket or a device has no fixed length and may never deliver data, so it is refused before it
 * is opened (opening a FIFO waits for a writer).
 */
export async function checkRegularFile(path: string): Promise<void> {
  let s;
  try {
    s = await stat(path);
  } catch (error) {
    throw accessError(path, error);
  }
  if (s.isFile() || s.isDirectory()) return;
  const kind = s.isFIFO() ? 'a FIFO (named pipe)' : s.isSocket() ? 'a socket' : s.isCharacterDevice() ? 'a character device' : s.isBlockDevice() ? 'a block device' : 'not a regular file';
  throw new AudioFileError(path, `${kind}, not an audio file: busmeter reads regular files, whose length is known`);
}

export function sizeChanged(path: string, before: number, after: number): AudioFileError {
  // Sizes that would read the same ("1.5 MB → 1.5 MB") are given in bytes.
  const [a, b] = formatBytes(before, after).every((text, _, all) => text === all[0]) ? [before, after].map((n) => `${n.toLocaleString('en-US')} bytes`) : formatBytes(before, after);
  return new AudioFileError(path, `the file changed size while it was being read (${a} → ${b})`);
}

/** Settles as `work`, or rejects with "the read stalled" after `ms`. */
export function within<T>(work: Promise<T>, ms: number, path: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stall = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AudioFileError(path, `the read stalled: no data for ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, stall]).finally(() => clearTimeout(timer));
}

/** The part of a FileHandle the reader uses (a test can hand in one whose reads never finish). */
export type ReadableHandle = Pick<FileHandle, 'read' | 'stat' | 'close'>;

export class FileReader {
  private stalled = false;

  private constructor(
    readonly path: string,
    private readonly handle: ReadableHandle,
    /** Bytes, as the file was when opened; every read checks the file still has them. */
    readonly size: number,
    private readonly timeoutMs: number,
  ) {}

  /** Opens a regular file for reading; a directory, FIFO, device or unreadable file throws here. */
  static async open(path: string, timeoutMs = readTimeoutMs()): Promise<FileReader> {
    await checkRegularFile(path);
    let handle: FileHandle;
    try {
      handle = await within(open(path, 'r'), timeoutMs, path);
    } catch (error) {
      throw accessError(path, error);
    }
    try {
      const s = await within(handle.stat(), timeoutMs, path);
      if (s.isDirectory()) throw accessError(path, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
      return new FileReader(path, handle, s.size, timeoutMs);
    } catch (error) {
      await handle.close().catch(() => {});
      throw accessError(path, error);
    }
  }

  /** Wraps an open handle (tests). */
  static over(path: string, handle: ReadableHandle, size: number, timeoutMs: number): FileReader {
    return new FileReader(path, handle, size, timeoutMs);
  }

  /** Exactly `length` bytes from `offset` (clipped to the size at open); a short read is the file changing. */
  async read(offset: number, length: number): Promise<Uint8Array> {
    const n = Math.max(0, Math.min(length, this.size - offset));
    const buffer = new Uint8Array(n);
    let done = 0;
    try {
      while (done < n) {
        const { bytesRead } = await within(this.handle.read(buffer, done, n - done, offset + done), this.timeoutMs, this.path);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
    } catch (error) {
      if (error instanceof AudioFileError && error.problem.startsWith('the read stalled')) this.stalled = true;
      throw accessError(this.path, error);
    }
    if (done < n) {
      await this.checkSize();
      throw new AudioFileError(this.path, 'truncated: the file shrank while it was being read');
    }
    return buffer;
  }

  /** Throws if the file's size is no longer the size at open. */
  async checkSize(): Promise<void> {
    const now = (await within(this.handle.stat(), this.timeoutMs, this.path)).size;
    if (now !== this.size) throw sizeChanged(this.path, this.size, now);
  }

  /** Closes the file; a handle whose read stalled is left to the process's end (closing would wait for it). */
  async close(): Promise<void> {
    if (this.stalled) return;
    await this.handle.close().catch(() => {});
  }
}

/** Reads an open file descriptor synchronously; the caller owns (and closes) `fd`. */
export function fileSource(fd: number, size: number): ByteSource {
  return {
    size,
    read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const buffer = new Uint8Array(n);
      let done = 0;
      while (done < n) {
        const got = readSync(fd, buffer, done, n - done, offset + done);
        if (got === 0) break; // the file shrank since it was opened
        done += got;
      }
      return done === n ? buffer : buffer.subarray(0, done);
    },
  };
}
