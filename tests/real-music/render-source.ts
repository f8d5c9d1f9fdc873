// Renders a song of the catalog to stereo samples with its own tools: fluidsynth and a General
// MIDI soundfont for MIDI (44.1 kHz), ffmpeg's libopenmpt for tracker modules (48 kHz), h2cli for
// Hydrogen songs (48 kHz, 32-bit PCM), LMMS for its own projects (48 kHz, float), MuseScore for
// its scores (44.1 kHz, 16-bit, normalised to its peak), ffmpeg for released Ogg Vorbis and Opus
// tracks (at their own rate).
// Nothing is limited on the way out.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeAudioFile } from '../../src/offline/decode/index.js';
import type { Song } from './catalog.js';
import { runQtTool, runTool } from './tools.js';

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
    } else if (song.kind === 'hydrogen') {
      // h2cli exports 32-bit integer PCM; its MIDI driver complains about the missing ALSA sequencer, harmlessly.
      runTool('h2cli', ['-s', song.file, '-o', out, '-r', '48000', '-b', '32', '-d', 'auto']);
    } else if (song.kind === 'lmms') {
      // LMMS renders in float at 48 kHz; it refuses to run as root unless told it may.
      runQtTool('lmms', ['--allowroot', 'render', song.file, '-o', out, '-f', 'wav', '-a', '-s', '48000']);
    } else if (song.kind === 'musescore') {
      runQtTool('mscore3', ['-o', out, song.file]);
    } else if (song.kind === 'released') {
      runTool('ffmpeg', ['-nostdin', '-v', 'error', '-i', song.file, '-ac', '2', '-c:a', 'pcm_f32le', '-f', 'wav', out]);
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
