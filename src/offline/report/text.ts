// The bounce report as text: one page a person reads in a terminal (`busmeter report FILE`).

import { printable } from '../printable.js';
import { clock, hertz, num } from './format.js';
import type { BounceReport } from './model.js';

const pad = (label: string) => `  ${label.padEnd(24)}`;

export function formatReportText(report: BounceReport): string {
  const { file, loudness: l, peaks: p, clips, stereo, spectrum, mastering: m } = report;
  const perChannel = (pick: (c: BounceReport['peaks']['channels'][number]) => string) => p.channels.map((c) => `${c.label} ${pick(c)}`).join('   ');
  const lines: string[] = [
    `${printable(file.name)}  (${file.format}, ${file.sampleRate} Hz, ${file.layout}, ${clock(file.durationSeconds, 1)})`,
    '',
    `Headroom: ${report.headroom.message}`,
    '',
    'Loudness',
    `${pad('Integrated')}${num(l.integratedLufs)} LUFS`,
    `${pad('Loudness range')}${num(l.loudnessRangeLu)} LU`,
    `${pad('Max momentary')}${num(l.momentaryMaxLufs)} LUFS`,
    `${pad('Max short-term')}${num(l.shortTermMaxLufs)} LUFS${loudestMoment(report)}`,
    `${pad('PLR')}${l.plrLu === null ? '-' : `${num(l.plrLu)} LU`}`,
    'Peaks',
    `${pad('True peak max')}${num(p.truePeakMaxDbtp)} dBTP`,
    `${pad('Sample peak max')}${num(p.samplePeakMaxDbfs)} dBFS`,
    `${pad('True peak')}${perChannel((c) => `${num(c.truePeakMaxDbtp)} dBTP`)}`,
    `${pad('Sample peak')}${perChannel((c) => `${num(c.samplePeakMaxDbfs)} dBFS`)}`,
    'Clips',
    `${pad('Clip runs (3+ samples)')}${perChannel((c) => String(c.clipRuns))}`,
    `${pad('True-peak overs')}${perChannel((c) => String(c.truePeakOvers))}`,
  ];
  if (clips.events.length === 0) lines.push(`${pad('Positions')}none`);
  for (const e of clips.events) {
    const what = e.kind === 'clip' ? `${e.count} clip run${e.count === 1 ? '' : 's'}` : `${e.count} true-peak over${e.count === 1 ? '' : 's'}`;
    lines.push(`${pad(clips.events[0] === e ? 'Positions' : '')}${clock(e.startSeconds)} - ${clock(e.endSeconds)}  ${what} in ${e.channels.join(' ')}, peak ${num(e.peakDbtp)} dBTP`);
  }
  if (clips.eventsOmitted > 0) lines.push(`${pad('')}... and ${clips.eventsOmitted} more`);

  lines.push(`Spectrum (${spectrum.source === 'mid' ? 'mid (L+R)/2' : 'mono'}, mean over the file, dB re a full-scale sine)`);
  lines.push(`${pad('Strongest frequency')}${spectrum.peakHz === null ? '-' : `${spectrum.peakHz.toFixed(1)} Hz`}`);
  const { centreHz, levelDb, octaveFraction } = spectrum.bands;
  const cells = centreHz.map((hz, b) => `${hertz(hz).padStart(9)} ${num(levelDb[b]).padStart(6)}`);
  for (let i = 0; i < cells.length; i += 5) lines.push(`${i === 0 ? pad(`1/${octaveFraction}-octave bands`) : pad('')}${cells.slice(i, i + 5).join('  ').trimStart()}`);

  if (stereo) {
    lines.push('Stereo');
    lines.push(`${pad('Correlation')}${stereo.correlationProgramme.toFixed(2)} overall, mean ${num(stereo.correlationMean, 2)}, min ${num(stereo.correlationMin, 2)}${stereo.negativeShare > 0 ? `, negative ${(stereo.negativeShare * 100).toFixed(0)} % of the time` : ''}`);
    lines.push(`${pad('Balance')}${num(stereo.balanceDb)} dB ${stereo.balanceDb > 0 ? '(right)' : stereo.balanceDb < 0 ? '(left)' : ''}`.trimEnd());
    lines.push(`${pad('Mono-compatibility loss')}${num(stereo.monoLossLu)} LU`);
    lines.push(`${pad('Width (side/mid)')}${num(stereo.sideToMidDb)} dB`);
    lines.push(`${pad('')}${stereo.notes.join(' ')}`);
  }
  lines.push('Mastering plugins');
  const state = m.state === 'on' ? `ON${m.kind ? ` (${m.kind})` : ''}` : m.state === 'suspected' ? `suspected${m.kind ? ` (${m.kind})` : ''}` : 'not detected';
  lines.push(`${pad('Verdict')}${state}${m.state === 'off' ? '' : `, confidence ${m.confidence.toFixed(2)}`}`);
  for (const reason of m.reasons) lines.push(`${pad('')}${reason}`);
  if (report.badSamples > 0) lines.push(`${pad('Bad samples')}${report.badSamples} NaN/Inf samples measured as silence`);
  if (report.farOverFullScale) lines.push(`${pad('Far over full scale')}samples beyond +24 dBFS: the audio is probably in the wrong scale (measured as it is)`);
  lines.push(...formatCoachText(report.coach));
  return lines.join('\n');
}

/** Findings printed in the text report (the JSON has them all). */
const COACH_TEXT_FINDINGS = 3;

/** The coach's section: balance per broad band against the style's range, low end, dynamics, findings, streaming. */
export function formatCoachText(coach: BounceReport['coach']): string[] {
  const m = coach.measurement;
  const v = (x: number | null, decimals = 1) => (x === null || x <= -150 ? '-' : num(x, decimals));
  const lines = [`Mix coach (against ${coach.style.label}, ${coach.style.source})`];
  const cells = coach.bands.map((b) => {
    const where = b.balanceDb === null ? '' : b.balanceDb > b.high ? ' above' : b.balanceDb < b.low ? ' below' : '';
    return `${b.name} ${v(b.balanceDb)} (${num(b.low)}...${num(b.high)})${where}`;
  });
  lines.push(`${pad('Balance, dB re the mean')}${cells.slice(0, 2).join('   ')}`, `${pad('')}${cells.slice(2).join('   ')}`);
  lines.push(`${pad('Low end')}side/mid below 90 Hz ${v(m.lowSideToMidDb)} dB (correlation ${v(m.lowCorrelation, 2)}), below 30 Hz ${v(m.subToLowDb)} dB re the lows`);
  lines.push(`${pad('Dynamics')}PSR ${v(m.psrDb)} dB, momentary spread ${v(m.movementLu)} LU, LRA ${v(m.loudnessRangeLu)} LU`);
  if (coach.findings.length === 0) lines.push(`${pad('Findings')}none: inside the ranges`);
  coach.findings.slice(0, COACH_TEXT_FINDINGS).forEach((f, i) => {
    lines.push(`${pad(i === 0 ? 'Findings' : '')}${i + 1}. ${f.title} ${f.why}`);
    lines.push(`${pad('')}   What to do: ${f.action}`);
  });
  if (coach.findings.length > COACH_TEXT_FINDINGS) lines.push(`${pad('')}... and ${coach.findings.length - COACH_TEXT_FINDINGS} more (--json)`);
  if (coach.streaming) {
    const s = coach.streaming.map((p) => `${p.service} ${p.gainDb > 0 ? '+' : ''}${num(p.gainDb)} dB${p.peakRule === 'capped' ? ' (capped by peaks)' : p.peakRule === 'limited' ? ` (limiter ${num(p.limiterDb)} dB)` : ''}`);
    lines.push(`${pad('Streaming gain')}${s.slice(0, 3).join('   ')}`, `${pad('')}${s.slice(3).join('   ')}`);
  }
  return lines;
}

/** Where the loudest 3 s end, from the short-term series. */
function loudestMoment(report: BounceReport): string {
  const s = report.series.shortTermLufs;
  let best = -1;
  for (let i = 0; i < s.length; i++) if (s[i] !== null && (best < 0 || s[i]! > s[best]!)) best = i;
  return best < 0 ? '' : `   (3 s ending at ${clock(report.series.timeSeconds[best], 1)}: ${num(s[best])} LUFS)`;
}
