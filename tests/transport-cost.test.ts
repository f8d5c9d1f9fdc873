// The messages transport allocates a structured clone per posted record on the audio thread; the
// worklet's header (and the README) state how many bytes. Those figures are checked here against
// the record layouts, so they stay exact when a layout changes.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { READINGS_LENGTH } from '../src/contract/readings-layout.js';
import { stereoPackLength } from '../src/contract/analysis-packs.js';

const root = join(import.meta.dirname, '..');
const header = readFileSync(join(root, 'worklet', 'meter-processor.ts'), 'utf8');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const number = (text: string) => Number(text.replace(/,/g, ''));

describe('what the messages transport costs, as stated', () => {
  it('the readings record: (READINGS_LENGTH + 1) × 8 bytes, and that × 60 per second', () => {
    const bytes = (READINGS_LENGTH + 1) * 8;
    const stated = /\(READINGS_LENGTH \+ 1\) × 8 = ([\d,]+) bytes at publishHz \(60 a second by default: ([\d.]+) kB\/s\)/.exec(header);
    expect(stated, 'the header states the readings record size').not.toBeNull();
    expect(number(stated![1]!)).toBe(bytes);
    expect(Number(stated![2])).toBeCloseTo((bytes * 60) / 1000, 1);
    expect(number(/\(([\d,]+) bytes per readings record at 60 a second/.exec(readme)![1]!)).toBe(bytes);
  });

  it('the stereo record at 300 goniometer points: stereoPackLength(300) × 8 bytes', () => {
    const stated = /300 points at 48 kHz and\s*\/\/\s*60 Hz: ([\d,]+) bytes, (\d+) kB\/s/.exec(header);
    expect(stated, 'the header states the stereo record size').not.toBeNull();
    expect(number(stated![1]!)).toBe(stereoPackLength(300) * 8);
    expect(Number(stated![2])).toBe(Math.round((stereoPackLength(300) * 8 * 60) / 1000));
  });
});
