// MD5 (RFC 1321) in plain TypeScript, fed in pieces, so the FLAC decoder's STREAMINFO check runs
// the same in Node and in a browser worker (no node:crypto there, and Web Crypto has no MD5 and
// no incremental digest). Only for checking FLAC's signature of the audio, never for security.
// tests/decode.test.ts compares it with node:crypto on random lengths.

/** Per-round left rotations (RFC 1321 §3.4). */
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
/** K[i] = floor(2^32 · |sin(i + 1)|). */
const K = Uint32Array.from({ length: 64 }, (_, i) => Math.floor(2 ** 32 * Math.abs(Math.sin(i + 1))));

export class Md5 {
  private readonly state = Uint32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476);
  private readonly block = new Uint8Array(64);
  private readonly words = new Uint32Array(16);
  private used = 0;
  private length = 0;

  update(bytes: Uint8Array): void {
    let i = 0;
    this.length += bytes.length;
    if (this.used > 0) {
      const take = Math.min(64 - this.used, bytes.length);
      this.block.set(bytes.subarray(0, take), this.used);
      this.used += take;
      i = take;
      if (this.used < 64) return;
      this.compress(this.block, 0);
      this.used = 0;
    }
    for (; i + 64 <= bytes.length; i += 64) this.compress(bytes, i);
    this.block.set(bytes.subarray(i), 0);
    this.used = bytes.length - i;
  }

  /** The digest as 32 lowercase hex digits; the hash is finished after this. */
  hex(): string {
    const bits = this.length * 8;
    const tail = new Uint8Array(((this.used + 8) >> 6 << 6) + 64 - this.used);
    tail[0] = 0x80;
    const n = tail.length;
    for (let k = 0; k < 8; k++) tail[n - 8 + k] = Math.floor(bits / 2 ** (8 * k)) & 0xff;
    this.update(tail);
    let out = '';
    for (const word of this.state) {
      for (let k = 0; k < 4; k++) out += ((word >>> (8 * k)) & 0xff).toString(16).padStart(2, '0');
    }
    return out;
  }

  private compress(bytes: Uint8Array, at: number): void {
    const w = this.words;
    for (let j = 0; j < 16; j++) {
      const o = at + 4 * j;
      w[j] = bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24);
    }
    let [a, b, c, d] = this.state as unknown as [number, number, number, number];
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const sum = (a + f + K[i]! + w[g]!) | 0;
      const s = SHIFTS[((i >> 4) << 2) + (i & 3)]!;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
    }
    this.state[0] = (this.state[0]! + a) | 0;
    this.state[1] = (this.state[1]! + b) | 0;
    this.state[2] = (this.state[2]! + c) | 0;
    this.state[3] = (this.state[3]! + d) | 0;
  }
}
