// WAV files written for tests: 32-bit float (WAVE_FORMAT_IEEE_FLOAT), so the samples the
// decoders (ours and the browser's) read back are exactly the ones written; and 16-bit PCM, for
// the encoders and formats that take integers.

export function floatWav(rate: number, channels: readonly Float32Array[]): Buffer {
  const frames = channels[0].length;
  const n = channels.length;
  const bytes = Buffer.alloc(44 + frames * n * 4);
  bytes.write('RIFF', 0);
  bytes.writeUInt32LE(36 + frames * n * 4, 4);
  bytes.write('WAVE', 8);
  bytes.write('fmt ', 12);
  bytes.writeUInt32LE(16, 16);
  bytes.writeUInt16LE(3, 20);
  bytes.writeUInt16LE(n, 22);
  bytes.writeUInt32LE(rate, 24);
  bytes.writeUInt32LE(rate * n * 4, 28);
  bytes.writeUInt16LE(n * 4, 32);
  bytes.writeUInt16LE(32, 34);
  bytes.write('data', 36);
  bytes.writeUInt32LE(frames * n * 4, 40);
  for (let i = 0; i < frames; i++) for (let c = 0; c < n; c++) bytes.writeFloatLE(channels[c][i], 44 + (i * n + c) * 4);
  return bytes;
}

/** 16-bit PCM: each sample rounded to v · 32767 (flac then keeps exactly these values). */
export function pcm16Wav(rate: number, channels: readonly Float32Array[]): Buffer {
  const frames = channels[0].length;
  const n = channels.length;
  const bytes = Buffer.alloc(44 + frames * n * 2);
  bytes.write('RIFF', 0);
  bytes.writeUInt32LE(36 + frames * n * 2, 4);
  bytes.write('WAVE', 8);
  bytes.write('fmt ', 12);
  bytes.writeUInt32LE(16, 16);
  bytes.writeUInt16LE(1, 20);
  bytes.writeUInt16LE(n, 22);
  bytes.writeUInt32LE(rate, 24);
  bytes.writeUInt32LE(rate * n * 2, 28);
  bytes.writeUInt16LE(n * 2, 32);
  bytes.writeUInt16LE(16, 34);
  bytes.write('data', 36);
  bytes.writeUInt32LE(frames * n * 2, 40);
  for (let i = 0; i < frames; i++) for (let c = 0; c < n; c++) bytes.writeInt16LE(Math.round(channels[c][i] * 32767), 44 + (i * n + c) * 2);
  return bytes;
}
