// Says so when the browser does not run the page's AudioContext. Without this a refused context
// is a silent blank meter: every reading stays at −∞ and nothing says why. Seen in headless
// engines: Firefox on Linux with no sound server (its context stays "suspended" for ever), and
// WebKit whose autoplay policy waits for a user gesture (resume() never settles).
//
// Running means: state "running" and the audio clock moving. Checked every second while a
// session lasts; the message goes as soon as the context runs (a click on the page asks the
// browser to resume it: a user gesture is what autoplay policies wait for).

export const CONTEXT_WARNING_ID = 'audio-context';

/** The words shown for a context in `state` that does not run. */
export function contextNotRunningText(state: AudioContextState | string): string {
  return `The browser is not running this page's audio (its AudioContext is "${state}"), so no sound reaches the meter. ` +
    'Click anywhere on the page, or allow sound for this site in the browser\'s settings. If that does not help, ' +
    'the browser has no audio output to run on: connect one, or on Linux start a sound server (PipeWire or PulseAudio).';
}

export interface ContextWatchTarget {
  showWarning(id: string, text: string, level: 'error'): unknown;
  clearWarning(id: string): unknown;
}

/** Watches `context` until the returned function is called. `graceMs`: how long a start may take. */
export function watchAudioContext(context: AudioContext, target: ContextWatchTarget, graceMs = 2000): () => void {
  let lastTime = context.currentTime;
  let shown = false;
  let timer = 0;
  const resumeOnGesture = () => {
    if (context.state === 'suspended') void context.resume();
  };
  const check = () => {
    if (context.state === 'closed') return;
    const moving = context.currentTime > lastTime;
    lastTime = context.currentTime;
    const running = context.state === 'running' && moving;
    if (!running && !shown) {
      shown = true;
      target.showWarning(CONTEXT_WARNING_ID, contextNotRunningText(context.state), 'error');
    } else if (running && shown) {
      shown = false;
      target.clearWarning(CONTEXT_WARNING_ID);
    }
    timer = window.setTimeout(check, 1000);
  };
  timer = window.setTimeout(check, graceMs);
  document.addEventListener('pointerdown', resumeOnGesture, true);
  document.addEventListener('keydown', resumeOnGesture, true);
  return () => {
    window.clearTimeout(timer);
    document.removeEventListener('pointerdown', resumeOnGesture, true);
    document.removeEventListener('keydown', resumeOnGesture, true);
    if (shown) target.clearWarning(CONTEXT_WARNING_ID);
  };
}
