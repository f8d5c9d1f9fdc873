// A song's id names its folder in the evaluation cache (tests/real-music/catalog.ts, fileNameId):
// it must be the same on every machine, and a plain folder name whatever the file is called.

import { expect, it } from 'vitest';
import { fileNameId } from './real-music/catalog.js';

it('makes a file name a folder name: no extension, lower case, one dash for each run of other characters', () => {
  expect(fileNameId('/usr/share/lmms/projects/demos/Crunk(Demo).mmp')).toBe('crunk-demo');
  expect(fileNameId('/usr/share/games/lincity-ng/music/default/01 - pronobozo - lincity.ogg')).toBe('01-pronobozo-lincity');
  expect(fileNameId('/usr/share/games/warzone2100/music/albums/aftermath_soundtrack/track3_enhanced.opus')).toBe('track3_enhanced');
  // The first batch's names are kept as they were (its songs' halves and cached files depend on them).
  expect(fileNameId('/usr/share/games/frozen-bubble/snd/frozen-mainzik-2p.ogg')).toBe('frozen-mainzik-2p');
});
