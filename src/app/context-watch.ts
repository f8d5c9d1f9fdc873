// The one watcher of the page's AudioContext: says so when the browser does not run it. Without
// this a refused context is a silent blank meter: every reading stays at −∞ or frozen and nothing
// says why. Seen in headless engines: Firefox on Linux with no sound server (its context stays
// "suspended" for ever), and WebKit whose autoplay policy waits for a user gesture (resume()
// never settles); and on any page whose context the browser or the user suspends.
//
// Running means: state "running" and the audio clock moving (it moved within STALL_MS). A
// context that ran and stopped is reported at once (its 'statechange'), one that never started
// after START_GRACE_MS; checked every CHECK_MS besides. Two readers of the one verdict: the status
// line (live-health.ts, with the Resume audio button) and the panel's warning (warnOn(), while a
// meter runs; a click or key on the page then asks the browser to resume the context: a user
// gesture is what autoplay policies wait for).

export const CONTEXT_WARNING_ID = 'audio-context';

/** How long a context may take to start running. */
const START_GRACE_MS = 2000;
/** A running context whose clock stood still this long does not run. */
const STALL_MS = 1000;
const CHECK_MS = 250;

/** The cause, in the words every message about it starts with. */
function contextCause(state: AudioContextState | string): string {
  return `The browser is not running this page's audio (its AudioContext is "${state}")`;
}

/** The words shown (the panel's warning) for a context in `state` that does not run. */
export function contextNotRunningText(state: AudioContextState | string): string {
  return `${contextCause(state)}, so no sound reaches the meter. ` +
    'Click anywhere on the page, or allow sound for this site in the browser\'s settings. If that does not help, ' +
    'the browser has no audio output to run on: connect one, or on Linux start a sound server (PipeWire or PulseAudio).';
}

/** The status line's words for the same cause (it has the Resume audio button beside it). */
export function contextStatusText(state: AudioContextState | string): string {
  return `${contextCause(state)}, so every reading is frozen. Press “Resume audio” to measure again.`;
}

export interface ContextWatchTarget {
  showWarning(id: string, text: string, level: 'error'): unknown;
  clearWarning(id: string): unknown;
}

export class ContextWatch {
  /** Called whenever notRunning may have changed. */
  onchange: () => void = () => {};
  private context: AudioContext | null = null;
  private watchedSince = 0;
  private wasRunning = false;
  private lastTime = 0;
  private lastMoved = 0;
  private stopped = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly targets = new Set<ContextWatchTarget>();

  private readonly onState = () => {
    const ctx = this.context;
    // A context that starts (again) gets a fresh STALL_MS for its clock to move.
    if (ctx?.state === 'running') this.clockMoved(ctx, performance.now());
    this.check();
  };

  private readonly resumeOnGesture = () => {
    if (this.context?.state === 'suspended') void this.context.resume();
  };

  /** Watches `context` (the previous one is forgotten). */
  watch(context: AudioContext): void {
    if (this.context === context) return;
    this.context?.removeEventListener('statechange', this.onState);
    this.context = context;
    const now = performance.now();
    this.watchedSince = now;
    this.wasRunning = false;
    this.clockMoved(context, now);
    context.addEventListener('statechange', this.onState);
    if (this.timer === null) this.timer = setInterval(() => this.tick(), CHECK_MS);
    this.check();
  }

  /** True while the browser does not run the context (after the grace of a start). */
  get notRunning(): boolean {
    return this.stopped;
  }

  /** The status line's words while notRunning. */
  statusText(): string {
    return contextStatusText(this.context?.state ?? 'closed');
  }

  /** Asks the context to run again (call it from a click: browsers may require a gesture). */
  resume(): Promise<void> {
    return this.context?.resume() ?? Promise.resolve();
  }

  /** Shows the warning on `target` while the context does not run, until the returned function is called. */
  warnOn(target: ContextWatchTarget): () => void {
    if (this.targets.size === 0) {
      document.addEventListener('pointerdown', this.resumeOnGesture, true);
      document.addEventListener('keydown', this.resumeOnGesture, true);
    }
    this.targets.add(target);
    if (this.stopped) this.warn(target);
    return () => {
      if (!this.targets.delete(target)) return;
      if (this.targets.size === 0) {
        document.removeEventListener('pointerdown', this.resumeOnGesture, true);
        document.removeEventListener('keydown', this.resumeOnGesture, true);
      }
      if (this.stopped) target.clearWarning(CONTEXT_WARNING_ID);
    };
  }

  private clockMoved(ctx: AudioContext, now: number): void {
    this.lastTime = ctx.currentTime;
    this.lastMoved = now;
  }

  private tick(): void {
    const ctx = this.context;
    if (!ctx) return;
    const now = performance.now();
    if (ctx.currentTime > this.lastTime) {
      this.clockMoved(ctx, now);
      if (ctx.state === 'running') this.wasRunning = true;
    }
    this.check();
  }

  private check(): void {
    const ctx = this.context;
    if (!ctx) return;
    const now = performance.now();
    const running = ctx.state === 'running' && now - this.lastMoved < STALL_MS;
    const stopped = ctx.state !== 'closed' && !running && (this.wasRunning || now - this.watchedSince >= START_GRACE_MS);
    if (stopped === this.stopped) return;
    this.stopped = stopped;
    for (const target of this.targets) {
      if (stopped) this.warn(target);
      else target.clearWarning(CONTEXT_WARNING_ID);
    }
    this.onchange();
  }

  private warn(target: ContextWatchTarget): void {
    target.showWarning(CONTEXT_WARNING_ID, contextNotRunningText(this.context?.state ?? 'closed'), 'error');
  }
}
