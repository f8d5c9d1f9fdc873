// The DOM-free rules (src/rules): the one headroom rule and its two voices.
import { describe, expect, it } from 'vitest';
import { headroomAdvice, headroomVerdict, judgeHeadroom } from '../src/rules/headroom.js';

describe('the headroom rule', () => {
  it('puts the window at −6 … −3 dBFS, judged on the true peak rounded to 0.1 dB', () => {
    expect(judgeHeadroom(null)).toEqual({ peakDbtp: null, zone: 'none', clipping: false });
    expect(judgeHeadroom(-200)).toEqual({ peakDbtp: null, zone: 'none', clipping: false });
    expect(judgeHeadroom(-2.96).zone).toBe('inside'); // shown as −3.0
    expect(judgeHeadroom(-2.94).zone).toBe('above');
    expect(judgeHeadroom(-6.04).zone).toBe('inside');
    expect(judgeHeadroom(-6.06).zone).toBe('below');
    expect(judgeHeadroom(0.04).clipping).toBe(false);
    expect(judgeHeadroom(0.06).clipping).toBe(true);
    expect(judgeHeadroom(-10, 1).clipping).toBe(true);
    expect(judgeHeadroom(-10, 0, 1).clipping).toBe(true);
  });

  it('the live advice and the file verdict place every unclipped peak in the same zone', () => {
    const same = { spare: 'quiet', ready: 'ready', hot: 'hot', waiting: 'silent' } as const;
    for (let tp = -40; tp <= 0; tp += 0.01) {
      const advice = headroomAdvice(tp);
      expect(advice.state).not.toBe('clipping');
      expect(headroomVerdict(tp).state, `${tp}`).toBe(same[advice.state as keyof typeof same]);
    }
    expect(headroomVerdict(null).state).toBe('silent');
    expect(headroomAdvice(-200).state).toBe('waiting');
  });
});
