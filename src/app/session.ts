// The metering session: one AudioContext, one source, one meter; the status line and the rate.

import type { LayoutSpec } from '../engine/layouts.js';
import type { BusMeterHandle } from '../live/meter.js';
import { createMeter } from '../live/meter.js';
import { MasteringDetector, type DetectorOptions } from '../rules/detector/mastering-detector.js';
import { panel, pauseBtn, rateEl, resetBtn, resumeAudioBtn, statusEl, transportEl, type SourceKind } from './dom.js';
import { ContextWatch } from './context-watch.js';
import { LiveHealth } from './live-health.js';

export interface Session {
  kind: SourceKind;
  meter: BusMeterHandle | null;
  /** Frees everything the session made (not the context). */
  end(): void;
}

export let context: AudioContext | null = null;
export let session: Session | null = null;
/** Bumped on every new session, so a slow start that was overtaken gives up. */
export let generation = 0;

/** The source's own status, shown again when the meter resumes. */
export let sourceStatus = { state: 'idle', text: 'Choose a source to start metering.' };

/** The one watcher of the AudioContext (the status line and the panel's warning read it). */
export const contextWatch = new ContextWatch();
/** What the status must say over the source's own words: suspended audio, a silent input. */
export const health = new LiveHealth(contextWatch);

/** Told when a session's meter starts and when the session ends (null). */
const sessionWatchers = new Set<(s: Session | null) => void>();
export function onSessionChange(watcher: (s: Session | null) => void): void {
  sessionWatchers.add(watcher);
}
const tellWatchers = () => {
  for (const w of sessionWatchers) w(session);
};

export function setStatus(state: string, text: string): void {
  sourceStatus = { state, text };
  refreshStatus();
}

/** Shows the source's status, unless the meter is paused or the audio is not arriving (live-health.ts). */
export function refreshStatus(): void {
  resumeAudioBtn.hidden = !(session && health.suspended);
  if (session?.meter?.paused) return;
  const note = session ? health.note() : null;
  if (note && (note.state === 'suspended' || (session?.kind === 'input' && sourceStatus.state === 'live'))) showStatus(note.state, note.text);
  else showStatus(sourceStatus.state, sourceStatus.text);
}

health.onchange = refreshStatus;
resumeAudioBtn.addEventListener('click', () => void health.resume());

export function showStatus(state: string, text: string): void {
  statusEl.dataset.state = state;
  if (statusEl.textContent !== text) statusEl.textContent = text;
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function endSession(): void {
  generation++;
  const s = session;
  session = null;
  if (!s) return;
  health.watchInput(null);
  s.meter?.dispose();
  s.end();
  panel.meter = null;
  panel.input = null;
  pauseBtn.disabled = true;
  resetBtn.disabled = true;
  pauseBtn.setAttribute('aria-pressed', 'false');
  pauseBtn.textContent = 'Pause meter';
  tellWatchers();
}

/** The AudioContext, at `sampleRate` when given (a context at another rate is replaced). */
export function ensureContext(sampleRate?: number): AudioContext {
  if (context && context.state !== 'closed' && (sampleRate === undefined || context.sampleRate === sampleRate)) {
    void context.resume();
    return context;
  }
  endSession();
  if (context && context.state !== 'closed') void context.close();
  context = new AudioContext(sampleRate ? { sampleRate, latencyHint: 'interactive' } : { latencyHint: 'interactive' });
  void context.resume();
  contextWatch.watch(context);
  showRate();
  return context;
}

export function showRate(): void {
  if (!context) return;
  const rate = context.sampleRate;
  rateEl.dataset.value = String(rate);
  rateEl.textContent = `${(rate / 1000).toLocaleString('en-US', { maximumFractionDigits: 3 })} kHz`;
}

/**
 * Meters `node` as the session's source. `detector`: the panel's mastering detector for this
 * source (lossySource for a file decoded from a lossy codec; a live input and signals take none).
 */
export async function startMeter(kind: SourceKind, ctx: AudioContext, node: AudioNode, layout: LayoutSpec, detector: DetectorOptions, end: () => void): Promise<BusMeterHandle | null> {
  const mine = generation;
  session = { kind, meter: null, end };
  let meter: BusMeterHandle;
  try {
    meter = await createMeter(ctx, node, { layout });
  } catch (error) {
    if (mine !== generation) return null;
    const where = (error as { where?: string }).where ?? 'module';
    setStatus('error', `The meter could not start: ${describe(error)}`);
    void panel.showWarning(`meter-error:${where}`, `The meter could not start: ${describe(error)}`, 'error');
    return null;
  }
  if (mine !== generation || !session) {
    meter.dispose();
    return null;
  }
  session.meter = meter;
  panel.meter = meter;
  // A new detector for each source: the last file's codec says nothing of this one. (The panel
  // rendered its warning when the page started.)
  const warning = panel.mastering;
  if (warning) warning.detector = new MasteringDetector(detector);
  const unwatch = contextWatch.warnOn(panel);
  const ended = session.end;
  session.end = () => {
    unwatch();
    ended();
  };
  void panel.clearWarning('meter-error:module');
  pauseBtn.disabled = false;
  resetBtn.disabled = false;
  showRate();
  transportEl.textContent = meter.transport === 'shared' ? 'shared-memory transport' : 'message transport';
  tellWatchers();
  return meter;
}
