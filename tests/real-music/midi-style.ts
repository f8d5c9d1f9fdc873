// Names a General MIDI song's style from its instrumentation, so the set can be balanced and
// reported by style without anyone listening: the share of notes played by drums (channel 10),
// distorted guitars, synth leads and pads, pianos and the rest.

export type MidiStyle = 'rock' | 'electronic' | 'band' | 'orchestral';

export interface MidiInstrumentation {
  notes: number;
  drumShare: number;
  distortedGuitarShare: number;
  synthShare: number;
}

/** Counts note-ons per instrument family in a Standard MIDI file. */
export function instrumentation(midi: Uint8Array): MidiInstrumentation {
  const view = new DataView(midi.buffer, midi.byteOffset, midi.byteLength);
  const text = (at: number) => String.fromCharCode(...midi.subarray(at, at + 4));
  if (text(0) !== 'MThd') throw new Error('not a Standard MIDI file');
  let at = 8 + view.getUint32(4);
  const program = new Array<number>(16).fill(0);
  let notes = 0, drums = 0, distorted = 0, synth = 0;
  while (at + 8 <= midi.length) {
    const length = view.getUint32(at + 4);
    const end = Math.min(midi.length, at + 8 + length);
    if (text(at) === 'MTrk') {
      let p = at + 8;
      let status = 0;
      const varLen = () => {
        let value = 0;
        for (let i = 0; i < 4 && p < end; i++) {
          const b = midi[p++];
          value = (value << 7) | (b & 0x7f);
          if (!(b & 0x80)) break;
        }
        return value;
      };
      while (p < end) {
        varLen();
        let byte = midi[p];
        if (byte & 0x80) { status = byte; p++; } else byte = status;
        const type = status & 0xf0;
        const channel = status & 0x0f;
        if (status === 0xff) { p++; const skip = varLen(); p += skip; continue; }
        if (status === 0xf0 || status === 0xf7) { const skip = varLen(); p += skip; continue; }
        if (type === 0xc0 || type === 0xd0) {
          if (type === 0xc0) program[channel] = midi[p];
          p += 1;
          continue;
        }
        if (type === 0x90 && midi[p + 1] > 0) {
          notes++;
          const gm = program[channel];
          if (channel === 9) drums++;
          else if (gm === 29 || gm === 30) distorted++;
          else if (gm >= 80 && gm <= 103) synth++;
        }
        p += 2;
      }
    }
    at = end;
  }
  const share = (n: number) => (notes > 0 ? n / notes : 0);
  return { notes, drumShare: share(drums), distortedGuitarShare: share(distorted), synthShare: share(synth) };
}

export function midiStyle(i: MidiInstrumentation): MidiStyle {
  if (i.drumShare < 0.05) return 'orchestral';
  if (i.distortedGuitarShare >= 0.08) return 'rock';
  if (i.synthShare >= 0.25 * (1 - i.drumShare)) return 'electronic';
  return 'band';
}
