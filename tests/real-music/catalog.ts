// The music the set is made of: every piece found in the Debian packages installed, with its
// package, licence and style. General MIDI songs (Freedoom's music lumps, Planet Blupi's MIDI
// music) are rendered by fluidsynth; tracker modules (TecnoballZ) are decoded by ffmpeg through
// libopenmpt; Hydrogen's demo songs (real drum kits with velocity layers; none has a master
// effect enabled) are exported by h2cli; released soundtrack tracks (Frozen Bubble, Hedgewars, and
// the sixth batch's four games: Ogg Vorbis and Opus) are decoded by ffmpeg, and kept on the
// unprocessed side only when the limiter check finds no limiter on them; LMMS's demo projects are
// rendered by LMMS, and those with an effect on in their master channel kept off it; MuseScore's
// demo scores are rendered by MuseScore, and those whose saved synthesizer has a master effect on
// besides its reverb kept off it. A package that is not installed contributes nothing.

import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { hasTool, runQtTool } from './tools.js';
import { readMusicLumps } from './wad.js';
import { instrumentation, midiStyle } from './midi-style.js';

export type SourceKind = 'midi' | 'module' | 'hydrogen' | 'released' | 'lmms' | 'musescore';

export interface Song {
  /** `package/name`, unique in the set. */
  id: string;
  package: string;
  licence: string;
  style: string;
  kind: SourceKind;
  /** The file the renderer reads (MIDI lumps are copied out of their WAD into the cache). */
  file: string;
  /** Master effects the project file has switched on (a Hydrogen song's LADSPA slots), if any. */
  masterEffects?: string[];
  /**
   * The catalogue's batch the package came in (1 when unset). Each batch is split in halves on its
   * own (split.ts), so a package added later moves no earlier song from one half to the other.
   */
  batch?: number;
}

export interface PackageSource {
  package: string;
  licence: string;
  /** Lists the package's songs; `scratch` is a folder of the cache for extracted files. */
  songs(scratch: string): Song[];
  /** The Debian package to install when `package` holds the songs but not the tool that renders them. */
  installWith?: string;
}

const midiSong = (pkg: string, licence: string, name: string, file: string): Song => ({
  id: `${pkg}/${name}`,
  package: pkg,
  licence,
  style: midiStyle(instrumentation(readFileSync(file))),
  kind: 'midi',
  file,
});

/** Freedoom's music lumps, once each (the two IWADs share some). */
const FREEDOOM: PackageSource = {
  package: 'freedoom',
  licence: 'BSD-3-Clause (Freedoom licence, /usr/share/doc/freedoom/copyright)',
  songs(scratch) {
    const seen = new Set<string>();
    const songs: Song[] = [];
    for (const wad of ['freedoom1', 'freedoom2']) {
      const path = `/usr/share/games/doom/${wad}.wad`;
      if (!existsSync(path)) continue;
      for (const lump of readMusicLumps(path)) {
        const hash = createHash('sha1').update(lump.bytes).digest('hex');
        if (seen.has(hash)) continue;
        seen.add(hash);
        const name = `${wad}-${lump.name.slice(2).toLowerCase()}`;
        const file = join(scratch, 'freedoom', `${name}.mid`);
        mkdirSync(join(scratch, 'freedoom'), { recursive: true });
        if (!existsSync(file)) writeFileSync(file, lump.bytes);
        songs.push(midiSong('freedoom', this.licence, name, file));
      }
    }
    return songs;
  },
};

const filesIn = (folder: string, extension: string) =>
  existsSync(folder) ? readdirSync(folder).filter((f) => f.toLowerCase().endsWith(extension)).sort().map((f) => join(folder, f)) : [];

/** The names of the effects a Hydrogen song has enabled in its LADSPA slots. */
export function hydrogenEffects(song: string): string[] {
  const ladspa = /<ladspa>([\s\S]*?)<\/ladspa>/.exec(song)?.[1] ?? '';
  return [...ladspa.matchAll(/<fx>([\s\S]*?)<\/fx>/g)]
    .filter(([, fx]) => /<enabled>true<\/enabled>/.test(fx))
    .map(([, fx]) => /<name>([^<]*)<\/name>/.exec(fx)?.[1] ?? 'unnamed effect');
}

const HYDROGEN: PackageSource = {
  package: 'hydrogen-data',
  licence: 'GPL-2+ (/usr/share/doc/hydrogen-data/copyright)',
  songs() {
    return filesIn('/usr/share/hydrogen/data/demo_songs', '.h2song').map((file) => ({
      id: `${this.package}/${basename(file, '.h2song')}`,
      package: this.package,
      licence: this.licence,
      style: 'drum kit',
      kind: 'hydrogen' as const,
      file,
      masterEffects: hydrogenEffects(readFileSync(file, 'utf8')),
    }));
  },
};

/**
 * A song's name in its id, from its file's name: ids are folder names in the cache, so the name
 * loses its extension and is lower-cased, and each run of other characters than letters, digits,
 * `_` and `.` becomes one dash (`Crunk(Demo).mmp` is `crunk-demo`, `01 - pronobozo - lincity.ogg`
 * is `01-pronobozo-lincity`). Tracker modules, released tracks, LMMS projects and MuseScore scores
 * are named so.
 */
export function fileNameId(file: string): string {
  return basename(file).replace(/\.[^.]+$/, '').toLowerCase().replace(/[^a-z0-9_.]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * Released tracks (Ogg Vorbis unless `extensions` says otherwise) in a package's music folders,
 * those whose file names `music` takes.
 */
function released(
  pkg: string, licence: string, folders: string | readonly string[],
  { music = /./, extensions = ['.ogg'], batch }: { music?: RegExp; extensions?: readonly string[]; batch?: number } = {},
): PackageSource {
  return {
    package: pkg,
    licence,
    songs() {
      return [folders].flat().flatMap((folder) => extensions.flatMap((extension) => filesIn(folder, extension)))
        .filter((file) => music.test(basename(file))).map((file) => ({
          id: `${pkg}/${fileNameId(file)}`,
          package: pkg, licence, style: 'soundtrack', kind: 'released' as const, file, ...(batch === undefined ? {} : { batch }),
        }));
    },
  };
}

/** Tracker modules (any format libopenmpt reads) in a package's music folder. */
function trackerModules(pkg: string, licence: string, folder: string, extensions: readonly string[], batch?: number): PackageSource {
  return {
    package: pkg,
    licence,
    songs() {
      return extensions.flatMap((extension) => filesIn(folder, extension)).sort().map((file) => ({
        id: `${pkg}/${fileNameId(file)}`, package: pkg, licence, style: 'tracker', kind: 'module' as const, file, ...(batch === undefined ? {} : { batch }),
      }));
    },
  };
}

/** The files under a folder and its subfolders whose names `wanted` takes, in name order. */
function filesUnder(dir: string, wanted: (name: string) => boolean): string[] {
  return existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))
      .flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name), wanted) : wanted(d.name) ? [join(dir, d.name)] : []))
    : [];
}

/** General MIDI files under a folder and its subfolders. */
function midiFiles(pkg: string, licence: string, folder: string, batch?: number): PackageSource {
  return {
    package: pkg,
    licence,
    songs() {
      return filesUnder(folder, (name) => name.toLowerCase().endsWith('.mid')).map((file) => ({ ...midiSong(pkg, licence, file.slice(folder.length + 1).replace(/\.mid$/i, '').replace(/\//g, '-'), file), ...(batch === undefined ? {} : { batch }) }));
    },
  };
}

const PLANETBLUPI = midiFiles('planetblupi-music-midi', 'GPL-3+ (/usr/share/doc/planetblupi-music-midi/copyright)', '/usr/share/planetblupi/music');
const TECNOBALLZ = trackerModules('tecnoballz-data', 'GPL-3+ (/usr/share/doc/tecnoballz-data/copyright)', '/usr/share/games/tecnoballz/musics', ['.mod']);
const FROZEN_BUBBLE = released('frozen-bubble-data', 'GPL-2 (/usr/share/doc/frozen-bubble-data/copyright)', '/usr/share/games/frozen-bubble/snd', { music: /zik/ });
const HEDGEWARS = released('hedgewars-data', 'GPL-2 (/usr/share/doc/hedgewars-data/copyright)', '/usr/share/games/hedgewars/Data/Music');

/**
 * The second batch: MMA's example songs (accompaniment generated from chord charts), Kobo
 * Deluxe's MIDI music, and tracker modules of four more games (XM, S3M, STM). MIDI and tracker
 * music of other styles and arrangers, where drums at fixed velocities and samples clipped in
 * the module itself are common.
 */
const MMA = midiFiles('mma', 'GPL-2+ (/usr/share/doc/mma/copyright)', '/usr/share/doc/mma/examples', 2);
const KOBO_DELUXE = midiFiles('kobodeluxe-data', 'GPL-2+ (/usr/share/doc/kobodeluxe-data/copyright)', '/usr/share/kobo-deluxe/sfx', 2);
const HEROES = trackerModules('heroes-sound-tracks', 'GPL-2+ (/usr/share/doc/heroes-sound-tracks/copyright)', '/usr/share/games/heroes/mod', ['.xm'], 2);
const PENGUIN_COMMAND = trackerModules('penguin-command', 'GPL-2+ (/usr/share/doc/penguin-command/copyright)', '/usr/share/games/penguin-command/sound', ['.s3m'], 2);
const PACHI = trackerModules('pachi-data', 'GPL-2+ (/usr/share/doc/pachi-data/copyright)', '/usr/share/pachi/music', ['.s3m', '.stm'], 2);
const CEFERINO = trackerModules('ceferino-data', 'GPL-2+ (/usr/share/doc/ceferino-data/copyright)', '/usr/share/games/ceferino/music', ['.xm'], 2);

/**
 * The third batch: tracker modules of 25 more games (MOD, XM, S3M, IT), none looked at while the
 * detector was tuned on the first two. Dense sustained songs, 8-bit samples clipped in the
 * module, four-channel Amiga songs that replay one hit at one volume: rendered whole, 19 of the
 * 119 long enough to use read `on` somewhere with the detector of the first two batches.
 */
const copyright = (pkg: string, licence: string) => `${licence} (/usr/share/doc/${pkg}/copyright)`;
const third = (pkg: string, licence: string, folder: string, extensions: readonly string[]) =>
  trackerModules(pkg, copyright(pkg, licence), folder, extensions, 3);
const THIRD_BATCH: readonly PackageSource[] = [
  third('ballz-data', 'GPL-3+', '/usr/share/games/ballz', ['.xm']),
  third('biniax2-data', 'LGPL-2.1+ / Zlib', '/usr/share/games/biniax2/music', ['.it']),
  third('bomberclone-data', 'GPL-2', '/usr/share/games/bomberclone/music', ['.mod', '.xm']),
  third('bugsquish', 'GPL-2', '/usr/share/games/bugsquish/music', ['.mod']),
  third('criticalmass-data', 'GPL-2+', '/usr/share/games/criticalmass', ['.xm']),
  third('cuyo-data', 'GPL-2+', '/usr/share/games/cuyo/sounds', ['.it']),
  third('dodgindiamond2', 'GPL-2+', '/usr/share/games/dodgindiamond2', ['.xm']),
  third('flobopuyo', 'GPL-2+', '/usr/share/games/flobopuyo/sfx', ['.xm']),
  third('freedroid-data', 'GPL-2+', '/usr/share/games/freedroid/sound', ['.mod']),
  third('gemdropx', 'GPL-2 and per file', '/usr/share/games/gemdropx/sounds', ['.mod', '.xm']),
  third('gl-117-data', 'GPL-2', '/usr/share/games/gl-117/music', ['.s3m']),
  third('gltron', 'GPL-2', '/usr/share/games/gltron/music', ['.it']),
  third('gweled', 'GPL-2+', '/usr/share/sounds/gweled', ['.s3m']),
  third('ironseed-data', 'GPL-2+ / GPL-3+', '/usr/share/games/ironseed/sound', ['.mod']),
  third('madbomber-data', 'GPL-2', '/usr/share/games/madbomber/music', ['.it', '.mod', '.s3m']),
  third('monsterz-data', 'public domain', '/usr/share/games/monsterz/sound', ['.s3m']),
  third('njam-data', 'GPL-2+', '/usr/share/games/njam/data', ['.s3m', '.xm']),
  third('open-invaders-data', 'GPL-2+', '/usr/share/open-invaders', ['.mod']),
  third('pekka-kana-2-data', 'BSD-2-Clause', '/usr/share/games/pekka-kana-2/data/music', ['.xm']),
  third('rafkill-data', 'LGPL-2', '/usr/share/games/rafkill/music', ['.xm']),
  third('ri-li-data', 'GPL-2', '/usr/share/games/ri-li/Ri-li/Sounds', ['.mod', '.xm']),
  third('solarwolf', 'GPL-2 / LGPL-2.1', '/usr/share/games/solarwolf/data/music', ['.xm']),
  third('tomatoes-data', 'GPL-2+ / Zlib', '/usr/share/tomatoes/music', ['.it']),
  third('tuxmath-data', 'public domain', '/usr/share/tuxmath/sounds', ['.mod']),
  third('vodovod', 'GPL-2+', '/usr/share/games/vodovod', ['.xm']),
];

/**
 * The effects a project of LMMS has switched on in its master channel (FX channel 0), by name:
 * what its author left on the bus. The spectrum analyser is not among them (it passes the audio
 * through unchanged). `project` is the XML (an .mmpz file is that XML compressed by Qt: a 4-byte
 * length, then zlib).
 */
export function lmmsMasterEffects(project: string): string[] {
  const open = /<fxchannel\b[^>]*\bnum="0"[^>]*>/.exec(project);
  // A master channel saved empty (`<fxchannel … />`) holds nothing: the next closing tag is another channel's.
  if (!open || open[0].endsWith('/>')) return [];
  const master = project.slice(open.index + open[0].length, project.indexOf('</fxchannel>', open.index));
  const chain = /<fxchain\b([^>]*)>([\s\S]*?)<\/fxchain>/.exec(master);
  if (!chain || /\benabled="0"/.test(chain[1])) return [];
  return [...chain[2].matchAll(/<effect\b([^>]*)>([\s\S]*?)<\/effect>/g)]
    // An effect saved without "on" is on: that is LMMS's default.
    .filter(([, attributes]) => !/\bon="0"/.test(attributes))
    .map(([, attributes, body]) => /\bvalue="([^"]+)"[^>]*\/>\s*<\/key>/.exec(body)?.[1] ?? /\bname="([^"]+)"/.exec(attributes)?.[1] ?? 'unnamed effect')
    .filter((name) => name !== 'spectrumanalyzer');
}

const lmmsProject = (file: string) => {
  const bytes = readFileSync(file);
  return file.endsWith('.mmpz') ? inflateSync(bytes.subarray(4)).toString('utf8') : bytes.toString('utf8');
};

/**
 * The fourth batch: the demo projects of LMMS (`lmms-common`), rendered by LMMS itself: songs made
 * in a DAW (house, reggae, reggaeton, chip tunes and more), none heard while the detector was tuned on the
 * first three batches. Projects whose master channel has an effect on are left off the unprocessed side.
 */
const LMMS: PackageSource = {
  package: 'lmms-common',
  licence: 'GPL-2+, Artistic-2, BSD-2-Clause or CC-BY-SA-3.0 by project (/usr/share/doc/lmms-common/copyright)',
  installWith: 'lmms',
  songs() {
    // The projects need LMMS to render them (the package `lmms`); the templates are empty songs.
    if (!hasTool('lmms')) return [];
    return filesUnder('/usr/share/lmms/projects', (name) => /\.mmpz?$/.test(name)).filter((file) => !file.includes('/templates/')).map((file) => ({
      id: `${this.package}/${fileNameId(file)}`,
      package: this.package,
      licence: this.licence,
      style: 'DAW project',
      kind: 'lmms' as const,
      file,
      masterEffects: lmmsMasterEffects(lmmsProject(file)),
      batch: 4,
    }));
  },
};

/**
 * The master effects a MuseScore score's saved synthesizer switches on (effects A and B), by
 * name: what its author left on the bus. Its reverb (Zita1) is not among them: it changes no level.
 * A score saved without a synthesizer state plays with MuseScore's own, which is that reverb alone.
 */
export function museScoreMasterEffects(score: string): string[] {
  const master = /<Synthesizer>\s*<master>([\s\S]*?)<\/master>/.exec(score)?.[1] ?? '';
  return [...master.matchAll(/<val id="[01]">([^<]*)<\/val>/g)].map(([, name]) => name.trim()).filter((name) => name !== 'NoEffect' && name !== 'Zita1');
}

/** A score's XML: an .mscz (a zip) is saved uncompressed by MuseScore itself, once, into `scratch`. */
function museScoreXml(file: string, scratch: string): string {
  if (!file.endsWith('.mscz')) return readFileSync(file, 'utf8');
  const folder = join(scratch, 'musescore');
  const xml = join(folder, basename(file).replace(/\.mscz$/, '.mscx'));
  if (!existsSync(xml)) {
    mkdirSync(folder, { recursive: true });
    runQtTool('mscore3', ['-o', xml, file]);
  }
  return readFileSync(xml, 'utf8');
}

/**
 * The fifth batch: the demo scores of MuseScore 3 (`musescore3-common`), rendered by MuseScore
 * itself with its own soundfont: a string orchestra, a brass band, a piano fugue and more, notated
 * music that none of the first four batches holds, heard by no one here while the detector was
 * tuned. MuseScore exports 16-bit audio at 44.1 kHz, normalised to its peak (a plain gain).
 */
const MUSESCORE: PackageSource = {
  package: 'musescore3-common',
  licence: 'CC-BY-SA-4.0 or CC-BY-3.0 by score (/usr/share/doc/musescore3-common/copyright)',
  installWith: 'musescore3',
  songs(scratch) {
    if (!hasTool('mscore3')) return [];
    return filesUnder('/usr/share/mscore3-3.2/demos', (name) => /\.msc[xz]$/.test(name)).map((file) => ({
      id: `${this.package}/${fileNameId(file)}`,
      package: this.package,
      licence: this.licence,
      style: 'notated score',
      kind: 'musescore' as const,
      file,
      masterEffects: museScoreMasterEffects(museScoreXml(file, scratch)),
      batch: 5,
    }));
  },
};

/**
 * The sixth batch: released soundtracks of four more games, recorded and mixed by their composers
 * (orchestral, ambient, electronic and rock pieces, Ogg Vorbis and Opus), heard by no one here
 * while the detector was tuned. Like the first batch's, each is kept on the unprocessed side only
 * when the limiter check finds no limiter on it.
 */
const WARZONE_MUSIC = '/usr/share/games/warzone2100/music/albums';
const SIXTH_BATCH: readonly PackageSource[] = [
  released('warzone2100-music', copyright('warzone2100-music', 'GPL-2+ / CC-BY-SA-3.0+ by album'),
    ['original_soundtrack', 'legacy_soundtrack', 'aftermath_soundtrack'].map((album) => join(WARZONE_MUSIC, album)),
    { extensions: ['.opus'], batch: 6 }),
  released('flare-game', copyright('flare-game', 'CC-BY-SA-3.0+'), '/usr/share/games/flare/mods/fantasycore/music', { batch: 6 }),
  released('freedroidrpg-data', copyright('freedroidrpg-data', 'GPL-2+'), '/usr/share/freedroidrpg/data/sound/music', { batch: 6 }),
  released('lincity-ng-data', copyright('lincity-ng-data', 'GPL-2+'), '/usr/share/games/lincity-ng/music/default', { batch: 6 }),
];

/**
 * The seventh batch: released soundtracks of nine more games (Ogg Vorbis, MP3), one more game's
 * tracker modules and one more General MIDI song, heard by no one here while the detector was
 * tuned, but for Circus Linux's `hiscore.mod`, read once outside the set (docs/mastering-detector.md,
 * "Whole songs"). Like the sixth batch's, a released piece is kept on the unprocessed side only
 * when the limiter check finds no limiter on it; the shorter files of the same folders (sound
 * effects) fall under the excerpt's 20 s.
 */
const SUPERTUX_MUSIC = '/usr/share/games/supertux2/music';
const SEVENTH_BATCH: readonly PackageSource[] = [
  released('supertux-data', copyright('supertux-data', 'GPL-2+'),
    ['antarctic', 'castle', 'forest', 'misc', 'retro', 'tropical'].map((folder) => join(SUPERTUX_MUSIC, folder)), { batch: 7 }),
  // Three of HyperRogue's pieces have Vorbis headers that ffmpeg refuses ("Header processing failed"; oggdec reads them): left out.
  released('hyperrogue-music', copyright('hyperrogue-music', 'CC-BY-SA / CC-BY by file'), '/usr/share/hyperrogue/music',
    { music: /^(?!hr-savino-(caribbean|ivory|ocean)\.)/, batch: 7 }),
  released('zaz-data', copyright('zaz-data', 'CC-BY-SA-3.0'), '/usr/share/games/zaz', { music: /^mus/, batch: 7 }),
  released('fillets-ng-data', copyright('fillets-ng-data', 'GPL-2+'), '/usr/share/games/fillets-ng/music', { batch: 7 }),
  released('starfighter-data', copyright('starfighter-data', 'CC-BY / CC-BY-SA / public domain by file'), '/usr/share/starfighter/music', { batch: 7 }),
  released('trackballs-data', copyright('trackballs-data', 'GPL-2+ / CC0 / Ethymonics free music licence by file'), '/usr/share/games/trackballs/music', { batch: 7 }),
  released('xmoto-data', copyright('xmoto-data', 'GPL-2+ and per file'), '/usr/share/games/xmoto/Textures/Musics', { batch: 7 }),
  released('asc-music', copyright('asc-music', 'GPL-2+'), '/usr/share/games/asc/music', { extensions: ['.mp3'], batch: 7 }),
  released('orbital-eunuchs-sniper-data', copyright('orbital-eunuchs-sniper-data', 'Zlib'), '/usr/share/games/orbital_eunuchs_sniper', { music: /^oes\./, batch: 7 }),
  trackerModules('circuslinux-data', copyright('circuslinux-data', 'GPL-2+'), '/usr/share/games/circuslinux/data/music', ['.mod'], 7),
  midiFiles('pangzero', copyright('pangzero', 'GPL-2+'), '/usr/share/perl5/auto/share/dist/Games-PangZero', 7),
];

export const PACKAGES: readonly PackageSource[] = [
  FREEDOOM, PLANETBLUPI, TECNOBALLZ, HYDROGEN, FROZEN_BUBBLE, HEDGEWARS,
  MMA, KOBO_DELUXE, HEROES, PENGUIN_COMMAND, PACHI, CEFERINO,
  ...THIRD_BATCH,
  LMMS,
  MUSESCORE,
  ...SIXTH_BATCH,
  ...SEVENTH_BATCH,
];

/**
 * The catalogue's packages that give no song here (not installed): the set is built without them,
 * so its figures differ from the README's, which had every one of them.
 */
export function missingPackages(scratch: string): string[] {
  return PACKAGES.filter((p) => p.songs(scratch).length === 0).map((p) => p.installWith ?? p.package);
}

/**
 * The song `id` of the set, listed from its own package only (every id is `package/name`). Throws
 * when that package gives no such song here, naming the Debian package to install (the one that
 * holds its songs, or the tool that renders them).
 */
export function songById(id: string, scratch: string): Song {
  const packageName = id.split('/')[0];
  const source = PACKAGES.find((p) => p.package === packageName);
  const song = source?.songs(scratch).find((s) => s.id === id);
  if (song) return song;
  throw new Error(`${id} is missing: install the Debian package ${source?.installWith ?? packageName}`);
}

/**
 * Every song of every installed package, in a fixed order that takes one song of each style in
 * turn, so that any first part of a build covers every style.
 */
export function listSongs(scratch: string): Song[] {
  const byStyle = new Map<string, Song[]>();
  for (const song of PACKAGES.flatMap((p) => p.songs(scratch))) byStyle.set(song.style, [...(byStyle.get(song.style) ?? []), song]);
  const groups = [...byStyle.keys()].sort().map((style) => byStyle.get(style)!);
  const songs: Song[] = [];
  for (let k = 0; songs.length < groups.reduce((n, g) => n + g.length, 0); k++) for (const group of groups) if (k < group.length) songs.push(group[k]);
  return songs;
}
