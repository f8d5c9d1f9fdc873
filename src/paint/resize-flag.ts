// A component's canvases are sized from its box, so every change of size must refit them. This
// controller watches the host's box while it is connected and raises a flag the component's
// frame takes down (never per frame a layout read: only after a resize).

import type { ReactiveController, ReactiveControllerHost } from 'lit';

const flags = new WeakMap<Element, ResizeFlag>();

export class ResizeFlag implements ReactiveController {
  /** Raised on every resize (and at first); the component may raise it too (new settings). */
  dirty = true;
  private observer: ResizeObserver | null = null;

  constructor(private readonly host: ReactiveControllerHost & Element) {
    host.addController(this);
    flags.set(host, this);
  }

  /** Raises the flag of the component `host` (its canvases must be refitted and redrawn), if it has one. */
  static raise(host: Element): void {
    const flag = flags.get(host);
    if (flag) flag.dirty = true;
  }

  hostConnected(): void {
    this.observer = new ResizeObserver(() => {
      this.dirty = true;
    });
    this.observer.observe(this.host);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = null;
  }

  /** Whether the geometry changed since the last call; lowers the flag. */
  take(): boolean {
    const changed = this.dirty;
    this.dirty = false;
    return changed;
  }
}
