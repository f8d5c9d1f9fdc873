// Renders a song of the catalog to stereo float samples with its own tools: fluidsynth and a
// General MIDI soundfont for MIDI (44.1 kHz), ffmpeg's libopenmpt for tracker modules (48 kHz).
// Both write 32-bit float, so nothing is clipped or limited on the way out.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeAudioFile } from '../../src/decode/index.js';
import type { Song } from './catalog.js';
import { runTool } from './tools.js';

export const SOUNDFONT = '/usr/share/sounds/sf2/FluidR3_GM.sf2';

export interface RenderedAudio {
  sampleRate: number;
  channels: Float32Array[];
}

export async function renderSong(song: Song): Promise<RenderedAudio> {
  const folder = mkdtempSync(join(tmpdir(), 'busmeter-render-'));
  const out = join(folder, 'song.wav');
  try {
    if (song.kind === 'midi') {
      runTool('fluidsynth', ['-ni', '-q', '-F', out, '-r', '44100', '-O', 'float', '-T', 'wav', SOUNDFONT, song.file]);
    } else {
      runTool('ffmpeg', ['-nostdin', '-v', 'error', '-i', song.file, '-ac', '2', '-ar', '48000', '-c:a', 'pcm_f32le', '-f', 'wav', out]);
    }
    const audio = await decodeAudioFile(out);
    const channels = audio.channels.length === 1 ? [audio.channels[0], audio.channels[0].slice()] : audio.channels.slice(0, 2);
    return { sampleRate: audio.sampleRate, channels };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
