// The built-in style targets by name (measured by `npm run coach:targets`, see style-targets.ts).

import { STYLE_TARGETS } from './style-targets.js';
import type { CoachTarget } from './targets.js';

/** The style the report and the panel use unless told otherwise: every measured recording. */
export const DEFAULT_STYLE = 'all';

/** The style target named `id`; the default style for an unknown name. */
export function styleTarget(id: string): CoachTarget {
  return STYLE_TARGETS.find((t) => t.id === id) ?? STYLE_TARGETS.find((t) => t.id === DEFAULT_STYLE)!;
}

export { STYLE_TARGETS };
