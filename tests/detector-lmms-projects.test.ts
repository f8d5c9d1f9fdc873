// The mastering detector on songs made in a DAW: the demo projects of LMMS (Debian's
// lmms-common, rendered by LMMS itself), none of which the detector was tuned on. Four of them were
// saved by their authors with a limiter on in the master channel: the mastering plugin left on the
// bus that this product warns of, put there by a producer, not by us. Two of those are read here
// (SWH's fast look-ahead limiter; of the others, one renders in a minute and a half, one is shorter
// than 20 s), and two with nothing on the master, the same kind of music without it.

import { expect, it } from 'vitest';
import { readSong } from './real-music/read-song.js';

it('warns of the limiter an LMMS producer left on the master bus: "EsoXLB-CPU" and "DirtyLove" played whole reach "on"', async () => {
  // LMMS renders are not the same twice (their loudest 20 s start up to 5 s apart), and these two
  // limiters catch few hits: read on their loudest 20 s alone, the warning came within 10 s in some
  // renders only (below). Played whole, each was on in every render tried.
  // EsoXLB-CPU's master: EQs and a delay, the limiter, then a reverb and another EQ, which move
  // the peaks off its ceiling. Its loudest 20 s in eleven renders: on within 10 s in eight, at
  // 12.4 s in one, only asked in two; whole, in eight renders, on from 22.6–24.5 s, for a fifth of
  // the song or more.
  const esox = await readSong('lmms-common/esoxlb-cpu', undefined, true);
  expect(esox.masterEffects).toContain('fastLookaheadLimiter');
  expect(esox.onSeconds).toBeDefined();
  // DirtyLove's master: an amplifier (+4.3 dB) into the limiter, which catches 2 to 5 hits in
  // 6 s at full scale. While two exact hits there only asked (exact-peaks.ts), its loudest 20 s
  // in sixteen renders were on within 10 s in ten, at 13.9–17.1 s in five, never in one; since,
  // on at 6.4 s in six of six. Whole, on from 36–47 s before, 33–36 s since.
  const dirty = await readSong('lmms-common/dirtylove', undefined, true);
  expect(dirty.masterEffects).toContain('fastLookaheadLimiter');
  expect(dirty.onSeconds).toBeDefined();
}, 600_000);

it('never warns of the bus of two LMMS projects with nothing on the master, their loudest 20 s at −1 dBFS: "CapDan-ReggaeTry" and "Skiessi-C64"', async () => {
  for (const id of ['lmms-common/capdan-reggaetry', 'lmms-common/skiessi-c64']) {
    const read = await readSong(id, -1);
    expect(read.masterEffects, id).toEqual([]);
    expect(read.warnedSeconds, id).toBeUndefined();
  }
}, 600_000);
