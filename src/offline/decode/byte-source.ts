// Random access to a file's bytes, in memory or on disk, so one WAV parser serves both: WAV
// files of several GB (RF64) cannot be read whole into a Buffer, and need not be. The disk
// source (Node only) is fileSource in file-reader.ts; this file runs in a browser too.

export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `offset`; fewer only at the end of the source. */
  read(offset: number, length: number): Uint8Array;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}
