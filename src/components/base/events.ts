// Events the components send.

/** Dispatches a bubbling, composed CustomEvent from `el`. */
export function fire<T>(el: EventTarget, type: string, detail?: T): void {
  el.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
