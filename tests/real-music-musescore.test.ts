// The MuseScore scores of the real-music set (tests/real-music/catalog.ts): a score whose saved
// synthesizer has a master effect on besides MuseScore's reverb is named so, and stays off the
// unprocessed side. The scores are XML as MuseScore 3 saves them (an .mscx, or the one in an .mscz).

import { expect, it } from 'vitest';
import { museScoreMasterEffects } from './real-music/catalog.js';

/** A score whose synthesizer state holds `master` (its values 0 and 1 are effects A and B). */
const score = (synthesizer: string) => `<?xml version="1.0" encoding="UTF-8"?>
<museScore version="3.01">
  <Score>
    <Synthesizer>${synthesizer}</Synthesizer>
    <Division>480</Division>
  </Score>
</museScore>`;
const master = (a: string, b: string) => `
      <master>
        <val id="0">${a}</val>
        <val id="1">${b}</val>
        <val id="2">0.1</val>
        <val id="3">440</val>
        </master>
      <Fluid><val id="0">MuseScore_General_Lite.sf2</val></Fluid>`;

it('names the compressor (SC4) a score left on as effect B, and nothing for the reverb (Zita1) or no effect', () => {
  expect(museScoreMasterEffects(score(master('Zita1', 'SC4')))).toEqual(['SC4']);
  expect(museScoreMasterEffects(score(master('Zita1', 'NoEffect')))).toEqual([]);
  expect(museScoreMasterEffects(score(master('NoEffect', 'NoEffect')))).toEqual([]);
});

it('names nothing for a score saved without a synthesizer state: it plays with MuseScore\'s own, the reverb alone', () => {
  expect(museScoreMasterEffects(score('\n      '))).toEqual([]);
});
