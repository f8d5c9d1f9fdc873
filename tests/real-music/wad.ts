// Reads the music lumps (D_*) of a Doom-format WAD. Freedoom stores its music as Standard MIDI
// files, so each lump is a .mid as it is.

import { readFileSync } from 'node:fs';

export interface WadLump {
  name: string;
  bytes: Buffer;
}

export function readMusicLumps(path: string): WadLump[] {
  const wad = readFileSync(path);
  const ident = wad.toString('latin1', 0, 4);
  if (ident !== 'IWAD' && ident !== 'PWAD') throw new Error(`${path}: not a WAD file`);
  const count = wad.readInt32LE(4);
  const directory = wad.readInt32LE(8);
  const lumps: WadLump[] = [];
  for (let i = 0; i < count; i++) {
    const entry = directory + 16 * i;
    const offset = wad.readInt32LE(entry);
    const size = wad.readInt32LE(entry + 4);
    const name = wad.toString('latin1', entry + 8, entry + 16).replace(/\0.*$/, '');
    const bytes = wad.subarray(offset, offset + size);
    if (name.startsWith('D_') && bytes.toString('latin1', 0, 4) === 'MThd') lumps.push({ name, bytes });
  }
  return lumps;
}
