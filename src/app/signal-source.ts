// Source (3): the built-in test signals, with monitoring and the bus limiter.

import { BusLimiter } from './bus-limiter.js';
import { EqTilt } from './eq-tilt.js';
import { eqTiltBox, limiterBox, monitorBox, signalExpected, signalSel, signalStartBtn, signalStopBtn } from './dom.js';
import { context, endSession, ensureContext, session, setStatus, startMeter } from './session.js';
import { TEST_SIGNALS, testSignalBuffer } from './signals.js';
import { monitorPath } from './monitor.js';
import { selectSourceTab } from './tabs.js';

for (const s of TEST_SIGNALS) signalSel.add(new Option(s.name, s.id));
export const showExpected = () => {
  signalExpected.textContent = `Expected: ${TEST_SIGNALS.find((s) => s.id === signalSel.value)?.expected ?? ''}`;
};
signalSel.addEventListener('change', () => {
  showExpected();
  if (session?.kind === 'signal') void startSignal();
});
showExpected();

export let monitorGain: GainNode | null = null;
export let busLimiter: BusLimiter | null = null;
export let eqTilt: EqTilt | null = null;

export async function startSignal(): Promise<void> {
  selectSourceTab('signal');
  endSession();
  const signal = TEST_SIGNALS.find((s) => s.id === signalSel.value) ?? TEST_SIGNALS[0];
  const ctx = ensureContext(context?.sampleRate);
  const bus = new GainNode(ctx, { channelCount: 2, channelCountMode: 'explicit', channelInterpretation: 'discrete' });
  // The signal passes a switchable EQ tilt and bus limiter on its way to the meter (see
  // eq-tilt.ts and bus-limiter.ts).
  const tilt = new EqTilt(ctx, 2);
  tilt.enabled = eqTiltBox.checked;
  eqTilt = tilt;
  const limiter = new BusLimiter(ctx, 2);
  limiter.enabled = limiterBox.checked;
  busLimiter = limiter;
  const monitor = new GainNode(ctx, { gain: monitorBox.checked ? 1 : 0 });
  bus.connect(tilt.input);
  tilt.output.connect(limiter.input);
  limiter.output.connect(monitor).connect(monitorPath(ctx).mixIn);
  monitorGain = monitor;
  const source = new AudioBufferSourceNode(ctx, { buffer: testSignalBuffer(ctx, signal), loop: true });
  source.connect(bus);
  signalStartBtn.disabled = true;
  signalStopBtn.disabled = false;
  const meter = await startMeter('signal', ctx, limiter.output, 'stereo', {}, () => {
    try {
      source.stop();
    } catch {
      // Never started.
    }
    source.disconnect();
    bus.disconnect();
    limiter.disconnect();
    if (busLimiter === limiter) busLimiter = null;
    tilt.disconnect();
    if (eqTilt === tilt) eqTilt = null;
    monitor.disconnect();
    if (monitorGain === monitor) monitorGain = null;
    signalStartBtn.disabled = false;
    signalStopBtn.disabled = true;
  });
  if (!meter) return;
  // A 10 ms fade-in, as the EBU test files have: an abrupt start is a step whose overshoot the
  // true-peak meter would rightly report, and it is not part of the test signal.
  const now = ctx.currentTime;
  bus.gain.setValueAtTime(0, now);
  bus.gain.linearRampToValueAtTime(1, now + 0.01);
  source.start(now);
  setStatus('playing', `Test signal: ${signal.name}.`);
  stopSignal = () => {
    try {
      source.stop();
    } catch {
      // Never started.
    }
    signalStartBtn.disabled = false;
    signalStopBtn.disabled = true;
    setStatus('stopped', `Test signal stopped; the readings stay until you reset or start again.`);
  };
}

export let stopSignal: (() => void) | null = null;

signalStartBtn.addEventListener('click', () => void startSignal());
signalStopBtn.addEventListener('click', () => {
  stopSignal?.();
  stopSignal = null;
});
limiterBox.addEventListener('change', () => {
  if (busLimiter) busLimiter.enabled = limiterBox.checked;
});
eqTiltBox.addEventListener('change', () => {
  if (eqTilt) eqTilt.enabled = eqTiltBox.checked;
});
monitorBox.addEventListener('change', () => {
  if (monitorGain && context) monitorGain.gain.setTargetAtTime(monitorBox.checked ? 1 : 0, context.currentTime, 0.02);
});
