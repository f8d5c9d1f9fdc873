// The source tabs: interface, file, test signal.

import { $, type SourceKind } from './dom.js';

export function showSourcePanel(kind: SourceKind): void {
  $('panel-input').hidden = kind !== 'input';
  $('panel-file').hidden = kind !== 'file';
  $('panel-signal').hidden = kind !== 'signal';
}

for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="source"]')) {
  radio.addEventListener('change', () => {
    if (radio.checked) showSourcePanel(radio.value as SourceKind);
  });
}

export function selectSourceTab(kind: SourceKind): void {
  const radio = document.querySelector<HTMLInputElement>(`input[name="source"][value="${kind}"]`);
  if (radio) radio.checked = true;
  showSourcePanel(kind);
}
