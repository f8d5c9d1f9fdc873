// The detector's reading of one song of the set as its own tool renders it, for the tests that
// read a song whole or its loudest 20 s (the LMMS projects, the MuseScore scores, Flare's soundtrack).

import { analyzeMastering } from '../../src/offline/analyze-mastering.js';
import { cacheFolder, sourcesFolder } from './build-set.js';
import { songById } from './catalog.js';
import { EXCERPT_SECONDS, loudestExcerpt, samplePeak, scaled } from './excerpt.js';
import { renderSong } from './render-source.js';

/**
 * The song `id` of the set: its master effects and when the detector first warns of it (asks or
 * is `on`) and is `on`, over its loudest 20 s (or the whole song), at `peakDbfs` (or as rendered).
 * Printed with the reasons of the first warning.
 */
export async function readSong(id: string, peakDbfs?: number, whole = false) {
  const song = songById(id, sourcesFolder(cacheFolder()));
  const render = await renderSong(song);
  const excerpt = whole ? { ...render, startSeconds: 0 } : loudestExcerpt(render)!;
  const channels = peakDbfs === undefined ? excerpt.channels : scaled(excerpt.channels, 10 ** (peakDbfs / 20) / samplePeak(excerpt.channels));
  const timeline = analyzeMastering(channels, excerpt.sampleRate, 2, true).timeline!;
  const warned = timeline.find((p) => p.verdict.state !== 'off');
  const onSeconds = timeline.find((p) => p.verdict.state === 'on')?.seconds;
  const what = whole ? `whole (${(channels[0].length / excerpt.sampleRate).toFixed(0)} s)` : `loudest ${EXCERPT_SECONDS} s from ${excerpt.startSeconds} s`;
  const reading = onSeconds !== undefined ? `on at ${onSeconds.toFixed(1)} s` : warned ? `asked at ${warned.seconds.toFixed(1)} s` : 'never warned';
  // Released tracks have no project, so no master effects to name.
  const effects = song.masterEffects ? `; master effects: ${song.masterEffects.join(', ') || 'none'}` : '';
  console.log(`\n${id}, ${what}, peak ${(20 * Math.log10(samplePeak(channels))).toFixed(1)} dBFS${effects}; ${reading}${warned ? `: ${warned.verdict.reasons.join('; ')}` : ''}`);
  return { masterEffects: song.masterEffects, warnedSeconds: warned?.seconds, onSeconds };
}
