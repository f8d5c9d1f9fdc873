// Small pieces the app's views share: finding an element of index.html, and a list of the
// coach's findings as the report and the comparison show them.

export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html lacks #${id}`);
  return el as T;
};

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
