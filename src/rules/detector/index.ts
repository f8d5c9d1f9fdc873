// The mastering-plugin detector (issue #5): "Your bus has mastering plugins on".
//
//   const detector = new MasteringDetector();   // { lossySource: true } for audio decoded from MP3 or Ogg
//   // each animation frame (live) or every 100 ms of audio (offline), with the meter's Readings:
//   const verdict = detector.update(readings);   // { state: 'off' | 'suspected' | 'on', confidence, reasons, kind, ceilingDbtp }
//   const { title, advice } = describeVerdict(verdict);
//
// This folder imports no Node module; src/offline/analyze-mastering.ts runs the detector over
// audio in memory in Node, as the CLI does.

export {
  describeVerdict, MasteringDetector,
  type DetectorOptions, type MasteringEvidence, type MasteringKind, type MasteringState, type MasteringVerdict,
} from './mastering-detector.js';
