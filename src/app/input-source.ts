// Source (1): an audio interface or microphone (LiveInput: device, channel pair, reconnection).

import { listAudioInputs, loadInputChoice, meterConstraints } from '../live/input/devices.js';
import { INPUT_LAYOUTS, LiveInput, type InputLayout, type LiveInputStatus } from '../live/input/live-input.js';
import { $, connectBtn, deviceSel, disconnectBtn, pairLabel, pairSel, panel } from './dom.js';
import { endSession, ensureContext, generation, health, session, setStatus, startMeter } from './session.js';
import { monitorPath } from './monitor.js';
import { selectSourceTab } from './tabs.js';

export let liveInput: LiveInput | null = null;

export async function refreshDevices(): Promise<void> {
  const inputs = await listAudioInputs().catch(() => []);
  const remembered = loadInputChoice();
  const current = liveInput?.device?.deviceId ?? deviceSel.value ?? remembered?.deviceId ?? '';
  deviceSel.replaceChildren();
  const hasDefault = inputs.some((d) => d.deviceId === 'default');
  if (!hasDefault) deviceSel.add(new Option('Default input', ''));
  let n = 0;
  for (const d of inputs) {
    if (d.deviceId === '') continue;
    n++;
    const label = d.deviceId === 'default' ? `Default${d.label ? `: ${d.label.replace(/^Default - /, '')}` : ' input'}` : d.label || `Input ${n}`;
    deviceSel.add(new Option(label, d.deviceId));
  }
  const wanted = current || remembered?.deviceId || '';
  if ([...deviceSel.options].some((o) => o.value === wanted)) deviceSel.value = wanted;
  $('input-hint').hidden = inputs.some((d) => d.label !== '');
}

/** The input picker's value for a layout on consecutive inputs from `first` (0-based). */
const choice = (layout: InputLayout, first: number) => `${layout}@${first}`;

/** The picked layout and first input ("stereo@0" before there is a choice). */
export function pickedInputs(): { layout: InputLayout; first: number } {
  const [layout, first] = (pairSel.value || 'stereo@0').split('@');
  return { layout: (layout && layout in INPUT_LAYOUTS ? layout : 'stereo') as InputLayout, first: Number(first) || 0 };
}

/**
 * Offers every stereo pair of an interface with more than two inputs, and the surround layouts
 * (5.1, 7.1, 7.1.4 across consecutive inputs, starting at any odd input) that fit in its channels.
 */
export function showPairs(input: LiveInput): void {
  const track = input.track;
  const caps = track && typeof track.getCapabilities === 'function' ? track.getCapabilities() : undefined;
  const max = Math.max(caps?.channelCount?.max ?? 0, track?.getSettings().channelCount ?? 0);
  if (max <= 2 && input.layout === 'stereo') {
    pairLabel.hidden = true;
    return;
  }
  pairSel.replaceChildren();
  for (const [layout, count] of Object.entries(INPUT_LAYOUTS) as [InputLayout, number][]) {
    for (let first = 0; first + count <= max; first += 2) {
      const inputs = `${first + 1}\u2013${first + count}`;
      pairSel.add(new Option(layout === 'stereo' ? inputs : `${layout}: inputs ${inputs}`, choice(layout, first)));
    }
  }
  const current = choice(input.layout, input.channelPair);
  if (![...pairSel.options].some((o) => o.value === current)) pairSel.add(new Option(`${input.layout}: inputs ${input.channelPair + 1}\u2013${input.channelPair + INPUT_LAYOUTS[input.layout]}`, current));
  pairSel.value = current;
  pairLabel.hidden = false;
}

/** The rate the device records at (opening it briefly), so the context can match it. */
export async function deviceSampleRate(deviceId: string | undefined): Promise<number | undefined> {
  try {
    const probe = await navigator.mediaDevices.getUserMedia({ audio: meterConstraints(deviceId, 2) });
    const rate = probe.getAudioTracks()[0]?.getSettings().sampleRate;
    for (const t of probe.getTracks()) t.stop();
    return typeof rate === 'number' && rate >= 3000 ? rate : undefined;
  } catch {
    return undefined; // LiveInput reports the problem in words.
  }
}

export function onInputStatus(e: Event): void {
  const { state, message } = (e as CustomEvent<LiveInputStatus>).detail;
  const words: Record<string, string> = {
    connecting: message || 'Connecting…',
    live: message || 'Live.',
    disconnected: `${message || 'Disconnected.'}`,
    error: message || 'The input failed.',
  };
  setStatus(state === 'disconnected' ? 'reconnecting' : state, words[state] ?? message);
  if (state === 'live') {
    void refreshDevices();
    if (liveInput) showPairs(liveInput);
  }
}

export async function connectInput(): Promise<void> {
  selectSourceTab('input');
  endSession();
  const mine = generation;
  setStatus('connecting', 'Opening the audio input…');
  connectBtn.disabled = true;
  const deviceId = deviceSel.value || loadInputChoice()?.deviceId || undefined;
  const rate = await deviceSampleRate(deviceId);
  if (mine !== generation) return;
  const ctx = ensureContext(rate);
  const { layout, first } = pickedInputs();
  const input = new LiveInput(ctx, { deviceId, channelPair: first, layout });
  liveInput = input;
  input.addEventListener('status', onInputStatus);
  panel.input = input;
  disconnectBtn.disabled = false;
  // The input reaches the speakers only through the monitor path, whose gate stays shut unless
  // the reference A/B or a streaming preview is in use (reference-ab.ts).
  const path = monitorPath(ctx);
  input.output.connect(path.mixIn);
  const meterReady = startMeter('input', ctx, input.output, layout, {}, () => {
    try {
      input.output.disconnect(path.mixIn);
    } catch {
      // Already gone with its context.
    }
    input.dispose();
    if (liveInput === input) liveInput = null;
    connectBtn.disabled = false;
    disconnectBtn.disabled = true;
    pairLabel.hidden = true;
  });
  const [, meter] = await Promise.all([input.start(), meterReady]);
  connectBtn.disabled = false;
  // (ensureContext may have started a new generation: the session is ours while it holds this meter.)
  if (!meter || session?.meter !== meter) return;
  panel.input = input;
  health.watchInput(meter, input.track?.label ?? '');
}

connectBtn.addEventListener('click', () => void connectInput());
disconnectBtn.addEventListener('click', () => {
  // Closes the device; the meter keeps its readings on screen until the next source starts.
  liveInput?.stop();
  disconnectBtn.disabled = true;
  setStatus('idle', 'Disconnected: the readings stay until you reset or start another source.');
});
deviceSel.addEventListener('change', () => {
  // Another device may run at another rate: reconnect, so the context follows it.
  if (liveInput && session?.kind === 'input') void connectInput();
});
pairSel.addEventListener('change', () => {
  if (!liveInput || session?.kind !== 'input') return;
  const { layout, first } = pickedInputs();
  // Another layout has another channel count: a new input node and meter; the same layout on
  // other inputs keeps both.
  if (layout !== liveInput.layout) void connectInput();
  else void liveInput.select({ channelPair: first });
});
navigator.mediaDevices?.addEventListener?.('devicechange', () => void refreshDevices());
