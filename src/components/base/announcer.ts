// Paces an element's screen-reader announcements: its polite live region ([part~="announcer"])
// gets at most one text per interval, so a reading that changes every frame is not read out
// every frame. What is said is composed when the announcement is made, so a change that comes
// within the interval is announced when the interval ends, as it then stands.

import type { ReactiveElement } from 'lit';

export class AnnouncementPacer {
  private last = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /**
   * `intervalMs` is read at each request (elements expose it as a property); `compose` returns
   * the text to announce now, or null when there is nothing new to say.
   */
  constructor(
    private readonly host: ReactiveElement,
    private readonly intervalMs: () => number,
    private readonly compose: () => string | null,
  ) {}

  /** Announces now, or once the interval since the last announcement has passed. */
  request(): void {
    if (this.timer !== null) return;
    const wait = this.last + this.intervalMs() - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.request();
      }, wait);
      return;
    }
    const region = this.host.renderRoot?.querySelector<HTMLElement>('[part~="announcer"]');
    if (!region) {
      // Not rendered yet: try again after the next render.
      this.host.updateComplete.then(() => this.request());
      return;
    }
    const text = this.compose();
    if (text === null) return;
    region.textContent = text;
    this.last = performance.now();
  }

  /** Drops a pending announcement (the element left the page). */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
