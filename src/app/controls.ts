// The controls every source shares: pause, reset, target and scale (remembered in localStorage).

import { panel, pauseBtn, resetBtn, scaleSel, targetCustom, targetCustomLabel, targetSel } from './dom.js';
import { refreshStatus, session, showStatus } from './session.js';

pauseBtn.addEventListener('click', () => {
  const meter = session?.meter;
  if (!meter) return;
  if (meter.paused) meter.resume();
  else meter.pause();
  pauseBtn.setAttribute('aria-pressed', String(meter.paused));
  pauseBtn.textContent = meter.paused ? 'Resume meter' : 'Pause meter';
  if (meter.paused) showStatus('paused', 'Paused: the meter holds its readings; audio is not being measured.');
  else refreshStatus();
});

resetBtn.addEventListener('click', () => session?.meter?.reset());

export const PREFS_KEY = 'busmeter.app';

export function savePrefs(): void {
  try {
    localStorage.setItem(PREFS_KEY, JSON.stringify({ target: targetSel.value, custom: targetCustom.value, scale: scaleSel.value }));
  } catch {
    // Not remembered.
  }
}

export function applyTarget(): void {
  const custom = targetSel.value === 'custom';
  targetCustomLabel.hidden = !custom;
  const value = Number(targetCustom.value);
  panel.target = custom ? (Number.isFinite(value) ? value : -23) : targetSel.value;
}

export function loadPrefs(): void {
  try {
    const prefs = JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}') as { target?: string; custom?: string; scale?: string };
    if (prefs.target && [...targetSel.options].some((o) => o.value === prefs.target)) targetSel.value = prefs.target;
    if (prefs.custom) targetCustom.value = prefs.custom;
    if (prefs.scale === 'ebu9' || prefs.scale === 'ebu18') scaleSel.value = prefs.scale;
  } catch {
    // Defaults.
  }
  applyTarget();
  panel.scale = scaleSel.value as 'ebu9' | 'ebu18';
}

targetSel.addEventListener('change', () => {
  applyTarget();
  savePrefs();
});
targetCustom.addEventListener('change', () => {
  applyTarget();
  savePrefs();
});
scaleSel.addEventListener('change', () => {
  panel.scale = scaleSel.value as 'ebu9' | 'ebu18';
  savePrefs();
});
