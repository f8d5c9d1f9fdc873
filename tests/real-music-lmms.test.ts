// The LMMS projects of the real-music set (tests/real-music/catalog.ts): a project whose author left
// an effect on in the master channel is named so, and stays off the unprocessed side. The
// projects are XML as LMMS saves them (what `lmms dump` prints of an .mmpz).

import { expect, it } from 'vitest';
import { lmmsMasterEffects } from './real-music/catalog.js';

/** A project with `master` as its master channel's effect chain and a limiter on another channel. */
const project = (master: string) => `<?xml version="1.0"?>
<lmms-project version="1.0" type="song">
  <song>
    <fxmixer>
      <fxchannel muted="0" num="0" name="Master" volume="1" soloed="0">
        ${master}
      </fxchannel>
      <fxchannel muted="0" num="1" name="Drums" volume="1" soloed="0">
        <fxchain enabled="1" numofeffects="1">
          <effect wet="1" name="ladspaeffect" on="1">
            <key><attribute name="file" value="hard_limiter_1413"/><attribute name="plugin" value="hardLimiter"/></key>
          </effect>
        </fxchain>
      </fxchannel>
    </fxmixer>
  </song>
</lmms-project>`;

const limiter = (on: string) => `<effect autoquit="1" wet="1" name="ladspaeffect" ${on} syncmode="0">
  <ladspacontrols ports="3"><port00 data="0"/><port02 data="507.45"/></ladspacontrols>
  <key>
    <attribute name="file" value="fast_lookahead_limiter_1913"/>
    <attribute name="plugin" value="fastLookaheadLimiter"/>
  </key>
</effect>`;
const amplifier = '<effect wet="1" name="amplifier" on="1"><AmplifierControls volume="164.4"/><key/></effect>';
const analyser = '<effect wet="1" name="spectrumanalyzer" on="1"><key/></effect>';

it('names the effects switched on in the master channel: a LADSPA plugin by its plugin name, a built-in effect by its own', () => {
  expect(lmmsMasterEffects(project(`<fxchain enabled="1" numofeffects="2">${amplifier}${limiter('on="1"')}</fxchain>`))).toEqual(['amplifier', 'fastLookaheadLimiter']);
});

it('takes an effect saved without "on" as on, as LMMS does, and one saved off as off', () => {
  expect(lmmsMasterEffects(project(`<fxchain enabled="1">${limiter('')}</fxchain>`))).toEqual(['fastLookaheadLimiter']);
  expect(lmmsMasterEffects(project(`<fxchain enabled="1">${limiter('on="0"')}</fxchain>`))).toEqual([]);
});

it('names nothing when the master chain is switched off, holds only the spectrum analyser (a meter) or is empty', () => {
  expect(lmmsMasterEffects(project(`<fxchain enabled="0">${limiter('on="1"')}</fxchain>`))).toEqual([]);
  expect(lmmsMasterEffects(project(`<fxchain enabled="1">${analyser}</fxchain>`))).toEqual([]);
  expect(lmmsMasterEffects(project('<fxchain enabled="1" numofeffects="0"/>'))).toEqual([]);
});

it('reads only the master channel: a limiter on a mixer channel saved before it is part of the mix', () => {
  const masterLast = project(`<fxchain enabled="1">${analyser}</fxchain>`)
    .replace(/(<fxchannel[^>]*num="0"[\s\S]*?<\/fxchannel>)\s*(<fxchannel[^>]*num="1"[\s\S]*?<\/fxchannel>)/, '$2$1');
  expect(masterLast.indexOf('num="1"')).toBeLessThan(masterLast.indexOf('num="0"'));
  expect(lmmsMasterEffects(masterLast)).toEqual([]);
  const emptyMaster = project('').replace(/(<fxchannel[^>]*num="0"[^>]*)>\s*<\/fxchannel>/, '$1/>');
  expect(emptyMaster).toMatch(/num="0"[^>]*\/>/);
  expect(lmmsMasterEffects(emptyMaster)).toEqual([]);
});
