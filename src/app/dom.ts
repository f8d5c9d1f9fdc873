// The app's page: the elements of index.html it drives.

import type { BusmeterPanel } from '../components/panel/panel.js';
import { CompareView } from './compare-view.js';
import { $ } from './page-parts.js';
import { ReportView } from './report-view.js';

export type SourceKind = 'input' | 'file' | 'signal';

export { $ };

export const panel = $<BusmeterPanel>('meter');
export const statusEl = $('status');
export const rateEl = $('rate');
export const transportEl = $('transport-kind');
export const pauseBtn = $<HTMLButtonElement>('pause');
export const resetBtn = $<HTMLButtonElement>('reset');
export const targetSel = $<HTMLSelectElement>('target');
export const targetCustomLabel = $('target-custom-label');
export const targetCustom = $<HTMLInputElement>('target-custom');
export const scaleSel = $<HTMLSelectElement>('scale');
export const deviceSel = $<HTMLSelectElement>('device');
export const pairLabel = $('pair-label');
export const pairSel = $<HTMLSelectElement>('pair');
export const connectBtn = $<HTMLButtonElement>('connect');
export const disconnectBtn = $<HTMLButtonElement>('disconnect');
export const fileInput = $<HTMLInputElement>('file');
export const dropZone = $('drop');
export const playBtn = $<HTMLButtonElement>('play');
export const seekInput = $<HTMLInputElement>('seek');
export const timeEl = $('time');
export const analyseBtn = $<HTMLButtonElement>('analyse');
export const analysisEl = $('analysis');
export const signalSel = $<HTMLSelectElement>('signal');
export const monitorBox = $<HTMLInputElement>('monitor');
export const limiterBox = $<HTMLInputElement>('limiter');
export const eqTiltBox = $<HTMLInputElement>('eq-tilt');
export const signalStartBtn = $<HTMLButtonElement>('signal-start');
export const signalStopBtn = $<HTMLButtonElement>('signal-stop');
export const signalExpected = $('signal-expected');
/** "Since the last bounce": each finished report is compared with the previous file's. */
export const compareView = new CompareView();
export const reportView = new ReportView((file, report) => compareView.reported(file, report));
export const resumeAudioBtn = $<HTMLButtonElement>('resume-audio');
