// Written by `npm run coach:targets` (scripts/coach-targets.ts): do not edit by hand.
// The coach's built-in style targets, measured from released, mastered, freely licensed recordings
// in Debian packages (hedgewars-data: GPL-2 (/usr/share/doc/hedgewars-data/copyright); frozen-bubble-data: GPL-2 (/usr/share/doc/frozen-bubble-data/copyright); asc-music: GPL-2+ (/usr/share/doc/asc-music/copyright); hyperrogue-music: CC-BY-SA-3.0 (/usr/share/doc/hyperrogue-music/copyright)).
// Each range is the 10th–90th percentile of the style's tracks (the 90th for sub energy and low-end width,
// the latter capped at LOW_WIDTH_ALWAYS_DB).

import type { CoachTarget } from './targets.js';

export const STYLE_TARGETS: readonly CoachTarget[] = [
  {
    "id": "band",
    "label": "Band and electronic soundtracks",
    "source": "32 released tracks (hedgewars-data, frozen-bubble-data, asc-music): 10th–90th percentile",
    "balanceDb": [
      {
        "low": -0.1,
        "high": 9.8
      },
      {
        "low": 1.3,
        "high": 6.6
      },
      {
        "low": -3.4,
        "high": 4.9
      },
      {
        "low": -16.6,
        "high": -7.2
      }
    ],
    "subToLowMaxDb": -11.7,
    "lowSideToMidMaxDb": -10,
    "psrDb": {
      "low": 11.1,
      "high": 15.1
    },
    "movementLu": {
      "low": 6.2,
      "high": 17.1
    },
    "loudnessRangeLu": {
      "low": 4.3,
      "high": 13.6
    },
    "fromReference": false
  },
  {
    "id": "ambient",
    "label": "Ambient game scores",
    "source": "14 released tracks (hyperrogue-music): 10th–90th percentile",
    "balanceDb": [
      {
        "low": -0.9,
        "high": 8.3
      },
      {
        "low": 4,
        "high": 7.7
      },
      {
        "low": 0.1,
        "high": 6.3
      },
      {
        "low": -16.3,
        "high": -11.4
      }
    ],
    "subToLowMaxDb": -27,
    "lowSideToMidMaxDb": -10,
    "psrDb": {
      "low": 11.3,
      "high": 13.1
    },
    "movementLu": {
      "low": 5.5,
      "high": 10.4
    },
    "loudnessRangeLu": {
      "low": 2.5,
      "high": 6.2
    },
    "fromReference": false
  },
  {
    "id": "all",
    "label": "All released soundtracks",
    "source": "46 released tracks (hedgewars-data, frozen-bubble-data, asc-music, hyperrogue-music): 10th–90th percentile",
    "balanceDb": [
      {
        "low": -0.4,
        "high": 9.7
      },
      {
        "low": 2,
        "high": 7.3
      },
      {
        "low": -3.3,
        "high": 5.5
      },
      {
        "low": -16.7,
        "high": -7.5
      }
    ],
    "subToLowMaxDb": -13.2,
    "lowSideToMidMaxDb": -10,
    "psrDb": {
      "low": 11.1,
      "high": 14.7
    },
    "movementLu": {
      "low": 5.6,
      "high": 15.6
    },
    "loudnessRangeLu": {
      "low": 3.4,
      "high": 12.8
    },
    "fromReference": false
  }
];

/** The tracks measured, per style. */
export const STYLE_TARGET_TRACKS: Readonly<Record<string, readonly string[]>> = {
  "band": [
    "hedgewars-data/Art",
    "hedgewars-data/Beach",
    "hedgewars-data/Brick",
    "hedgewars-data/Castle",
    "hedgewars-data/City",
    "hedgewars-data/Compost",
    "hedgewars-data/Desert",
    "hedgewars-data/EarthRise",
    "hedgewars-data/Freeway",
    "hedgewars-data/Fruit",
    "hedgewars-data/Golf",
    "hedgewars-data/Halloween",
    "hedgewars-data/Jungle",
    "hedgewars-data/Nature",
    "hedgewars-data/Olympics",
    "hedgewars-data/Rock",
    "hedgewars-data/Sheep",
    "hedgewars-data/bath",
    "hedgewars-data/hell",
    "hedgewars-data/main_theme",
    "hedgewars-data/olympics_sd",
    "hedgewars-data/oriental",
    "hedgewars-data/pirate",
    "hedgewars-data/sdmusic",
    "hedgewars-data/snow",
    "hedgewars-data/underwater",
    "frozen-bubble-data/frozen-mainzik-1p",
    "frozen-bubble-data/frozen-mainzik-2p",
    "frozen-bubble-data/introzik",
    "asc-music/frontiers",
    "asc-music/machine_wars",
    "asc-music/time_to_strike"
  ],
  "ambient": [
    "hyperrogue-music/hr-domina-hunting",
    "hyperrogue-music/hr-domina-mountain",
    "hyperrogue-music/hr-savino-palace",
    "hyperrogue-music/hr3-caves",
    "hyperrogue-music/hr3-crossroads",
    "hyperrogue-music/hr3-desert",
    "hyperrogue-music/hr3-graveyard",
    "hyperrogue-music/hr3-hell",
    "hyperrogue-music/hr3-icyland",
    "hyperrogue-music/hr3-jungle",
    "hyperrogue-music/hr3-laboratory",
    "hyperrogue-music/hr3-mirror",
    "hyperrogue-music/hr3-motion",
    "hyperrogue-music/hr3-rlyeh"
  ]
};
