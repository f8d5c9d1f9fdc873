// WAV files written for tests: 32-bit float (WAVE_FORMAT_IEEE_FLOAT), so the samples the
// decoders (ours and the browser's) read back are exactly the ones written; and 16-bit PCM, for
// the encoders and formats that take integers.

/** A canonical 44-byte RIFF/WAVE header (fmt chunk of 16 bytes, then data) followed by room for the samples. */
function wavWithHeader(rate: number, n: number, frames: number, formatTag: 1 | 3, bytesPerSample: number): Buffer {
  const dataBytes = frames * n * bytesPerSample;
  const bytes = Buffer.alloc(44 + dataBytes);
  bytes.write('RIFF', 0);
  bytes.writeUInt32LE(36 + dataBytes, 4);
  bytes.write('WAVE', 8);
  bytes.write('fmt ', 12);
  bytes.writeUInt32LE(16, 16);
  bytes.writeUInt16LE(formatTag, 20);
  bytes.writeUInt16LE(n, 22);
  bytes.writeUInt32LE(rate, 24);
  bytes.writeUInt32LE(rate * n * bytesPerSample, 28);
  bytes.writeUInt16LE(n * bytesPerSample, 32);
  bytes.writeUInt16LE(8 * bytesPerSample, 34);
  bytes.write('data', 36);
  bytes.writeUInt32LE(dataBytes, 40);
  return bytes;
}

export function floatWav(rate: number, channels: readonly Float32Array[]): Buffer {
  const frames = channels[0].length;
  const n = channels.length;
  const bytes = wavWithHeader(rate, n, frames, 3, 4);
  for (let i = 0; i < frames; i++) for (let c = 0; c < n; c++) bytes.writeFloatLE(channels[c][i], 44 + (i * n + c) * 4);
  return bytes;
}

/** 16-bit PCM: each sample rounded to v · 32767 (flac then keeps exactly these values). */
export function pcm16Wav(rate: number, channels: readonly Float32Array[]): Buffer {
  const frames = channels[0].length;
  const n = channels.length;
  const bytes = wavWithHeader(rate, n, frames, 1, 2);
  for (let i = 0; i < frames; i++) for (let c = 0; c < n; c++) bytes.writeInt16LE(Math.round(channels[c][i] * 32767), 44 + (i * n + c) * 2);
  return bytes;
}
