// Registers the busmeter custom elements. The classes live in their own modules and never
// register themselves, so an application may register them under other names instead.

import * as elements from './elements.js';

export * from './elements.js';
export { CORRELATION_WARN, correlationZone, formatCorrelation } from './correlation/correlation.js';
export { formatBalance, MS_MIN_DB } from './balance/balance.js';
export type { MasteringChangeDetail, VerdictSource } from './mastering-warning/mastering-warning.js';
export { headroomAdvice, WINDOW_HIGH_DBFS, WINDOW_LOW_DBFS, type HeadroomAdvice, type HeadroomState } from './headroom/headroom.js';
export { DEFAULT_FALL_DB_PER_S, type ClipDetail } from './peak-meter/peak-meter.js';
export { configurePainting, paintsInWorker, whenPainted } from '../paint/live-canvas.js';
export type { WarningLevel, WarningMessage } from './warnings/warnings.js';
export { TARGET_PRESETS, LOUDNESS_SCALES, resolveTarget, loudnessZone, type TargetSpec, type LoudnessScale } from '../rules/targets.js';

type Elements = typeof elements;
type ElementClass = Elements[keyof Elements];
/** Tag name → element, for every busmeter element. */
export type BusmeterElementTagNameMap = { [K in keyof Elements as Elements[K]['tag']]: InstanceType<Elements[K]> };

/** Tag names and their classes. */
export const ELEMENTS = Object.fromEntries(
  (Object.values(elements) as ElementClass[]).map((element) => [element.tag, element]),
) as { readonly [K in keyof Elements as Elements[K]['tag']]: Elements[K] };

/**
 * Defines every busmeter element that is not defined yet (safe to call twice), in `registry`
 * (default: the page's customElements).
 */
export function defineBusmeterElements(registry: CustomElementRegistry | undefined = globalThis.customElements): void {
  if (!registry) throw new Error('busmeter: there is no customElements registry here: the elements need a browser (or a DOM with custom elements)');
  for (const [name, ctor] of Object.entries(ELEMENTS)) {
    if (!registry.get(name)) registry.define(name, ctor);
  }
}

// Importing the package registers the elements where there is a registry. Elsewhere (Node,
// server-side rendering, a test runner without a DOM) importing is harmless: nothing is defined.
if (globalThis.customElements) defineBusmeterElements();

declare global {
  interface HTMLElementTagNameMap extends BusmeterElementTagNameMap {}
}
