// Small pieces the app's views share: finding an element of index.html, a number as the views
// show it, and a list of the coach's findings as the report and the comparison show them.

export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html lacks #${id}`);
  return el as T;
};

/** A shown number: the typographic minus, a dash for none (data-value attributes keep the model's number). */
export const showNumber = (v: number | null, unit: string, digits = 1) =>
  v === null ? '\u2014' : `${v < 0 && Math.abs(v) >= 0.5 * 10 ** -digits ? '\u2212' : ''}${Math.abs(v).toFixed(digits)}${unit ? ` ${unit}` : ''}`;

/** Fills an <ol> with findings (title in bold, then why and what to do), or one line when there are none. */
export function showFindings(list: HTMLElement, findings: readonly { id: string; title: string; why: string; action: string }[], whenNone: string): void {
  list.replaceChildren();
  if (findings.length === 0) list.append(Object.assign(document.createElement('li'), { textContent: whenNone }));
  for (const f of findings) {
    const li = document.createElement('li');
    li.dataset.id = f.id;
    const title = document.createElement('strong');
    title.textContent = f.title;
    li.append(title, document.createTextNode(` ${f.why} ${f.action}`));
    list.append(li);
  }
}
