// Throttled ARIA values for role="meter" elements.

/**
 * Keeps `aria-valuenow`/`aria-valuetext` of a role="meter" element up to date at most once per
 * `intervalMs` (default 500 ms: ≤ 2 updates a second), so screen readers are not flooded.
 */
export class AriaThrottle {
  private last = -Infinity;
  private shownText = '';
  constructor(
    public el: HTMLElement | null = null,
    public intervalMs = 500,
  ) {}

  /** Whether an offer now could be written: callers building the text every frame ask first. */
  due(now: number): boolean {
    return this.el !== null && now - this.last >= this.intervalMs;
  }

  /**
   * Offers a new value; it is written only if the interval has passed and the text changed. An
   * unchanged text starts the next interval too, so a caller that sums up what happened since
   * the last offer (a peak) always sums over a whole interval.
   */
  offer(now: number, value: number, min: number, max: number, text: string): void {
    const el = this.el;
    if (!el || now - this.last < this.intervalMs) return;
    this.last = now;
    if (text === this.shownText) return;
    this.shownText = text;
    const clamped = Math.min(max, Math.max(min, value));
    el.setAttribute('aria-valuenow', clamped.toFixed(1));
    el.setAttribute('aria-valuetext', text);
  }

  /** Forces the next offer through (after a reset). */
  invalidate(): void {
    this.last = -Infinity;
    this.shownText = '';
  }
}
