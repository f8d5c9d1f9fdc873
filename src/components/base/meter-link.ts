// A component is tied to two things while it is in the page: its meter's events and the shared
// animation-frame loop. This controller holds both ties, makes them on connect and cuts them on
// disconnect, so no component can leave a listener or a frame callback behind. It is the way a
// component follows a meter: the level meters use it directly, the analysis views through
// AnalysisView (analysis-base.ts).

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { onFrame } from '../../live/frame-loop.js';
import type { Meter } from '../../live/meter-types.js';

/**
 * Subscribes a component to a meter's events; returns the unsubscribe function. Uses one
 * AbortController so teardown cannot forget a listener.
 */
export function subscribe(
  meter: Meter,
  handlers: { readings?: () => void; reset?: () => void; error?: (e: Event) => void },
  listen?: (meter: Meter, signal: AbortSignal) => void,
): () => void {
  const controller = new AbortController();
  const { signal } = controller;
  if (handlers.readings) meter.addEventListener('readings', handlers.readings, { signal });
  if (handlers.reset) meter.addEventListener('reset', handlers.reset, { signal });
  if (handlers.error) meter.addEventListener('error', handlers.error, { signal });
  listen?.(meter, signal);
  return () => controller.abort();
}

export interface MeterLinkHooks {
  /** Handlers for the followed meter's events. */
  events: Parameters<typeof subscribe>[1];
  /** Further listeners on the meter (the analysis views' 'spectrum' / 'stereo'), cut with the others by `signal`. */
  listen?: (meter: Meter, signal: AbortSignal) => void;
  /** Right after subscribing to a meter: catch up with what it already shows. */
  attached?: () => void;
  /** Every animation frame while connected (with or without a meter); none for elements that only react to events. */
  frame?: (t: number) => void;
  /** After both ties are cut: forget what only made sense while connected. */
  detached?: () => void;
}

export class MeterLink implements ReactiveController {
  private unsubscribe: (() => void) | null = null;
  private stopFrames: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { meter: Meter | null },
    private readonly hooks: MeterLinkHooks,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.attach();
  }

  hostDisconnected(): void {
    this.detach();
  }

  /** Follows the host's meter after it changed; `between` runs after the old ties are cut. */
  relink(between?: () => void): void {
    this.detach();
    between?.();
    this.attach();
  }

  private attach(): void {
    if (!this.host.isConnected) return;
    const meter = this.host.meter;
    if (meter && !this.unsubscribe) {
      this.unsubscribe = subscribe(meter, this.hooks.events, this.hooks.listen);
      this.hooks.attached?.();
    }
    const frame = this.hooks.frame;
    if (frame && !this.stopFrames) this.stopFrames = onFrame((t) => frame(t));
  }

  private detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.stopFrames?.();
    this.stopFrames = null;
    this.hooks.detached?.();
  }
}
