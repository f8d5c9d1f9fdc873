// Page text of readouts, written only when it changes.

import { dataValue } from '../../rules/format.js';
import type { Zone } from '../../rules/targets.js';

/** Sets text and data-value of a readout only when the shown text changes. */
export function setReadout(el: HTMLElement | null | undefined, text: string, value: number, zone?: Zone): void {
  if (!el) return;
  setText(el, text);
  const dv = dataValue(value);
  if (el.dataset.value !== dv) el.dataset.value = dv;
  if (zone !== undefined && el.dataset.zone !== zone) el.dataset.zone = zone;
}

/**
 * Shows `text` in `el`, writing it only when it changed. A readout's one text node is given the
 * new characters rather than replaced (el.textContent = … removes the node and inserts a new
 * one, which restyles it as well as laying it out again, ten times a second per readout).
 */
export function setText(el: HTMLElement, text: string): void {
  const node = el.firstChild;
  if (node && node === el.lastChild && node.nodeType === Node.TEXT_NODE) {
    const t = node as Text;
    if (t.data !== text) t.data = text;
  } else if (el.textContent !== text) {
    el.textContent = text;
  }
}
