// Random access to a file's bytes, in memory or on disk, so one WAV parser serves both: WAV
// files of several GB (RF64) cannot be read whole into a Buffer, and need not be.

import { readSync } from 'node:fs';

export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `offset`; fewer only at the end of the source. */
  read(offset: number, length: number): Uint8Array;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
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
