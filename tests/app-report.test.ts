// The bounce report in the built app (vite build + preview, production CSP): a file opened in
// the page is reported on, and every number the page shows equals the CLI's `busmeter report
// --json` for the same file (to 0.01 dB / LU): the app and the CLI run the same model and kernel.
// Also saves the report's screenshot (in a scratch folder; docs/report.png by npm run docs:screenshots).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floatWav } from './support/wav.js';
import { screenshotPath } from './support/screenshots.js';
import { AUTOPLAY, launchChromiumProfile, root, serveBuiltApp, recordPageErrors } from './support/browser.js';

const CLI = join(root, 'bin', 'busmeter.mjs');
let scratch: string;
let server: PreviewServer;
let url: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'busmeter-app-report-'));
  ({ server, url } = await serveBuiltApp(scratch));
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/**
 * 12 s at 48 kHz: a −18 dBFS 220 Hz + 2.5 kHz mix, R quieter and delayed (a real stereo field), a
 * clipped run in L at 7.25 s, a quiet middle. `gainDb` and `highMidDb` make later bounces of it:
 * louder, and with the 2.5 kHz part (the high-mids) moved.
 */
function programme(rate: number, gainDb = 0, highMidDb = 0): Float32Array[] {
  const level = 10 ** (gainDb / 20);
  const highMid = 0.04 * 10 ** (highMidDb / 20);
  const frames = 12 * rate;
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    const t = i / rate;
    const gain = t > 4 && t < 6 ? 0.2 : 1;
    const x = (u: number) => level * gain * (0.09 * Math.sin(2 * Math.PI * 220 * u) + highMid * Math.sin(2 * Math.PI * 2500 * u));
    left[i] = x(t);
    right[i] = 0.7 * x(t - 0.0003);
  }
  const clipAt = Math.round(7.25 * rate);
  for (let i = clipAt; i < clipAt + 6; i++) left[i] = 1;
  return [left, right];
}

/** Chromium on a fresh profile with the app open, recording page errors; close() ends both. */
async function openApp(options: { acceptDownloads?: boolean } = {}) {
  const profile = mkdtempSync(join(scratch, 'profile-'));
  const browser = await launchChromiumProfile(profile, { viewport: { width: 1280, height: 900 }, acceptDownloads: options.acceptDownloads ?? false, args: [AUTOPLAY] });
  const page = browser.pages()[0] ?? (await browser.newPage());
  const errors: string[] = [];
  recordPageErrors(page, errors);
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(url);
  const close = async () => {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { page, errors, close };
}

describe('the bounce report in the app', () => {
  it('a file opened in the app gets a report whose numbers equal `busmeter report --json` (±0.01), with its clip at 7.25 s, plots and exports; screenshot (docs/report.png by npm run docs:screenshots)', async () => {
    const rate = 48000;
    const path = join(scratch, 'bounce.wav');
    writeFileSync(path, floatWav(rate, programme(rate)));
    const cli = spawnSync(process.execPath, [CLI, 'report', path, '--json'], { encoding: 'utf8' });
    expect(cli.stderr).toBe('');
    const expected = JSON.parse(cli.stdout);

    const { page, errors, close } = await openApp({ acceptDownloads: true });
    try {
      await page.locator('input[name="source"][value="file"]').check();
      await page.locator('#file').setInputFiles(path);
      await expect.poll(() => page.locator('#report').isEnabled(), { timeout: 15_000 }).toBe(true);
      await page.locator('#report').click();
      await expect.poll(() => page.locator('#report-section').getAttribute('data-state'), { timeout: 30_000 }).toBe('done');

      const values = await page.locator('#report-section dd[data-reading]').evaluateAll((els) =>
        Object.fromEntries(els.map((e) => [(e as HTMLElement).dataset.reading!, (e as HTMLElement).dataset.value!])));
      const n = (key: string) => (values[key] === '-inf' ? null : Number(values[key]));
      const pairs: [string, number | null][] = [
        ['integrated', expected.loudness.integratedLufs],
        ['loudness-range', expected.loudness.loudnessRangeLu],
        ['momentary-max', expected.loudness.momentaryMaxLufs],
        ['short-term-max', expected.loudness.shortTermMaxLufs],
        ['plr', expected.loudness.plrLu],
        ['true-peak-max', expected.peaks.truePeakMaxDbtp],
        ['sample-peak-max', expected.peaks.samplePeakMaxDbfs],
        ['clip-runs', expected.clips.clipRuns],
        ['true-peak-overs', expected.clips.truePeakOvers],
        ['true-peak-L', expected.peaks.channels[0].truePeakMaxDbtp],
        ['true-peak-R', expected.peaks.channels[1].truePeakMaxDbtp],
        ['sample-peak-L', expected.peaks.channels[0].samplePeakMaxDbfs],
        ['sample-peak-R', expected.peaks.channels[1].samplePeakMaxDbfs],
        ['correlation', expected.stereo.correlationProgramme],
        ['correlation-min', expected.stereo.correlationMin],
        ['balance', expected.stereo.balanceDb],
        ['mono-loss', expected.stereo.monoLossLu],
        ['width', expected.stereo.sideToMidDb],
      ];
      console.log(`app report vs CLI: ${pairs.map(([k, v]) => `${k} ${values[k]} / ${v}`).join(', ')}`);
      for (const [key, want] of pairs) {
        expect(want, key).not.toBeNull();
        expect(Math.abs(n(key)! - want!), key).toBeLessThanOrEqual(0.01);
      }
      // The verdicts and the clip position, word for word and to the CLI's 10 ms.
      expect(await page.locator('#report-headroom').textContent()).toBe(expected.headroom.message);
      expect(await page.locator('#report-mastering').getAttribute('data-state')).toBe(expected.mastering.state);
      const clipStarts = await page.locator('#report-clips li[data-kind="clip"]').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.start)));
      expect(clipStarts).toEqual(expected.clips.events.filter((e: { kind: string }) => e.kind === 'clip').map((e: { startSeconds: number }) => e.startSeconds));
      expect(clipStarts).toHaveLength(1);
      expect(Math.abs(clipStarts[0] - 7.25)).toBeLessThanOrEqual(0.01);
      // The mix coach: the same findings as the CLI's report, in the same order, and the streaming preview.
      const coachIds = await page.locator('#report-coach li[data-id]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id));
      expect(coachIds).toEqual(expected.coach.findings.map((f: { id: string }) => f.id));
      expect(await page.locator('#report-streaming li').count()).toBe(7);

      // The plots are drawn (the canvas is not one flat colour).
      const distinct = await page.locator('#report-plots').evaluate(async (img: HTMLImageElement) => {
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.naturalWidth;
        c.height = img.naturalHeight;
        const g = c.getContext('2d')!;
        g.drawImage(img, 0, 0);
        const d = g.getImageData(0, 0, c.width, c.height).data;
        const seen = new Set<number>();
        for (let i = 0; i < d.length; i += 4 * 97) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        return { size: [c.width, c.height], colours: seen.size };
      });
      expect(distinct.size).toEqual([960, 560]);
      expect(distinct.colours).toBeGreaterThan(4);

      // Exports: the JSON download is the model the page shows; CSV has one row per 100 ms; PNG is a PNG.
      const save = async (id: string) => {
        const [download] = await Promise.all([page.waitForEvent('download'), page.locator(id).click()]);
        const file = join(scratch, download.suggestedFilename());
        await download.saveAs(file);
        return { name: download.suggestedFilename(), bytes: readFileSync(file) };
      };
      const json = await save('#report-export-json');
      expect(json.name).toBe('bounce-report.json');
      const exported = JSON.parse(json.bytes.toString('utf8'));
      expect({ ...exported, file: undefined }).toEqual({ ...expected, file: undefined });
      const csv = await save('#report-export-csv');
      expect(csv.bytes.toString('utf8').trim().split('\n')).toHaveLength(1 + expected.series.timeSeconds.length);
      // SVG: the CLI's picture, text and all (the file's name is the app's, so its title differs).
      const svg = await save('#report-export-svg');
      expect(svg.name).toBe('bounce-report.svg');
      expect(spawnSync(process.execPath, [CLI, 'report', path, '--svg', join(scratch, 'cli.svg')]).status).toBe(0);
      const texts = (svgText: string) => [...svgText.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
      const appTexts = texts(svg.bytes.toString('utf8'));
      expect(appTexts).toEqual(texts(readFileSync(join(scratch, 'cli.svg'), 'utf8')));
      expect(appTexts[0]).toMatch(/^Loudness over time \(LUFS\): short-term, momentary, integrated \u2212\d+\.\d$/);
      // PNG: that picture drawn by the browser at twice its size.
      const png = await save('#report-export-png');
      expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)]).toEqual([1920, 1120]);

      await page.locator('#report-section').screenshot({ path: screenshotPath('report.png') });
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it('a file dropped on the page is reported on; Cancel stops a running report part-way, and the report then runs to the end (3 min of a −23 LUFS tone: I = −23.0 ±0.1)', async () => {
    const profile = mkdtempSync(join(scratch, 'profile-'));
    const browser = await launchChromiumProfile(profile, { viewport: { width: 1280, height: 900 }, args: [AUTOPLAY] });
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      await page.goto(url);
      // Drop: a 180 s stereo 48 kHz float WAV of a 1 kHz tone at −23 dBFS peak (−23 LUFS), made
      // in the page and dropped as a user's file would be.
      await page.evaluate(() => {
        const rate = 48000;
        const frames = 180 * rate;
        const bytes = new ArrayBuffer(44 + frames * 8);
        const v = new DataView(bytes);
        const text = (at: number, s: string) => [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
        text(0, 'RIFF'); v.setUint32(4, 36 + frames * 8, true); text(8, 'WAVE'); text(12, 'fmt ');
        v.setUint32(16, 16, true); v.setUint16(20, 3, true); v.setUint16(22, 2, true); v.setUint32(24, rate, true);
        v.setUint32(28, rate * 8, true); v.setUint16(32, 8, true); v.setUint16(34, 32, true); text(36, 'data'); v.setUint32(40, frames * 8, true);
        const samples = new Float32Array(bytes, 44);
        const amplitude = 10 ** (-23 / 20);
        for (let i = 0; i < frames; i++) samples[2 * i] = samples[2 * i + 1] = amplitude * Math.sin((2 * Math.PI * 1000 * i) / rate);
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], 'dropped-tone.wav', { type: 'audio/wav' }));
        document.body.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      });
      await expect.poll(() => page.locator('#report').isEnabled(), { timeout: 30_000 }).toBe(true);

      // Report, then Cancel as soon as the progress bar has moved.
      const cancelled = await page.evaluate(async () => {
        const progress = document.querySelector<HTMLProgressElement>('#report-section progress')!;
        document.getElementById('report')!.click();
        const started = performance.now();
        while (!(progress.value > 0) && performance.now() - started < 20_000) await new Promise((r) => setTimeout(r, 0));
        const at = progress.value;
        document.getElementById('report-cancel')!.click();
        const section = document.getElementById('report-section')!;
        while (section.dataset.state === 'running' && performance.now() - started < 20_000) await new Promise((r) => setTimeout(r, 5));
        return { at, state: section.dataset.state, message: document.getElementById('report-section')!.textContent ?? '' };
      });
      console.log(`app report of a dropped 3-minute file: cancelled at ${(cancelled.at * 100).toFixed(0)} %`);
      expect(cancelled.at).toBeGreaterThan(0);
      expect(cancelled.at).toBeLessThan(1);
      expect(cancelled.state).toBe('cancelled');
      expect(cancelled.message).toMatch(/Report cancelled/);

      // Again, to the end.
      await page.locator('#report').click();
      await expect.poll(() => page.locator('#report-section').getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
      const integrated = Number(await page.locator('#report-section dd[data-reading="integrated"]').getAttribute('data-value'));
      expect(Math.abs(integrated + 23)).toBeLessThanOrEqual(0.1);
      expect(await page.locator('#report-section').textContent()).toContain('dropped-tone.wav');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 120_000);

  it('since the last bounce: the report of a second file is compared with the first, and every row, the summary, the mastering verdicts and the coach equal `busmeter compare --json`; a kept earlier bounce stays the baseline for a third', async () => {
    const rate = 48000;
    const files = {
      first: join(scratch, 'mix-v1.wav'),
      second: join(scratch, 'mix-v2.wav'),
      third: join(scratch, 'mix-v3.wav'),
    };
    // v2: 3 dB louder with the high-mids 6 dB up; v3: v1 1 dB louder.
    writeFileSync(files.first, floatWav(rate, programme(rate)));
    writeFileSync(files.second, floatWav(rate, programme(rate, 3, 6)));
    writeFileSync(files.third, floatWav(rate, programme(rate, 1)));
    const cliCompare = (before: string, after: string) => {
      const run = spawnSync(process.execPath, [CLI, 'compare', '--json', before, after], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      return JSON.parse(run.stdout);
    };

    const { page, errors, close } = await openApp({ acceptDownloads: true });
    try {
      await page.locator('input[name="source"][value="file"]').check();
      const report = async (path: string) => {
        const name = path.slice(path.lastIndexOf('/') + 1);
        await page.locator('#file').setInputFiles(path);
        await expect.poll(async () => (await page.locator('#status').textContent()) ?? '', { timeout: 15_000 }).toContain(`Playing ${name}`);
        await expect.poll(() => page.locator('#report').isEnabled(), { timeout: 15_000 }).toBe(true);
        await page.locator('#report').click();
        await expect.poll(() => page.locator('#report-section').getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
        expect(await page.locator('#report-name').textContent()).toBe(name);
      };
      /** The comparison as the page shows it, in the shape of the CLI's JSON. */
      const shown = async () => ({
        before: await page.locator('#compare-before').textContent(),
        after: await page.locator('#compare-after').textContent(),
        rows: await page.locator('#compare-values dd').evaluateAll((els) => els.map((e) => {
          const d = (e as HTMLElement).dataset;
          const n = (v: string | undefined) => (v === '' || v === undefined ? null : Number(v));
          return { quantity: d.quantity, before: n(d.before), after: n(d.after), change: n(d.change) };
        })),
        summary: await page.locator('#compare-summary li').allTextContents(),
        mastering: await page.locator('#compare-mastering').evaluate((e) => ({ before: (e as HTMLElement).dataset.before, after: (e as HTMLElement).dataset.after })),
        findings: await page.locator('#compare-coach li[data-id]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id)),
      });
      const expectSameAsCli = (app: Awaited<ReturnType<typeof shown>>, cli: ReturnType<typeof cliCompare>, before: string, after: string) => {
        expect([app.before, app.after]).toEqual([before, after]);
        expect(app.rows).toEqual(cli.rows.map((r: { quantity: string; before: number | null; after: number | null; change: number | null }) =>
          ({ quantity: r.quantity, before: r.before, after: r.after, change: r.change })));
        expect(app.summary).toEqual(cli.summary);
        expect(app.mastering).toEqual(cli.mastering);
        expect(app.findings).toEqual(cli.findings.map((f: { id: string }) => f.id));
      };

      // One bounce: nothing to compare yet.
      await report(files.first);
      expect(await page.locator('#compare-section').isHidden()).toBe(true);

      // The second bounce is compared with the first, as `busmeter compare v1 v2` does.
      await report(files.second);
      await expect.poll(() => page.locator('#compare-section').isVisible(), { timeout: 5_000 }).toBe(true);
      const cli12 = cliCompare(files.first, files.second);
      const app12 = await shown();
      console.log(`app "since the last bounce" mix-v1 -> mix-v2: ${app12.summary.join(' ')} | CLI: ${cli12.summary.join(' ')}`);
      expectSameAsCli(app12, cli12, 'mix-v1.wav', 'mix-v2.wav');
      // What the change was: louder (the 3 dB of gain, and more for the lifted high-mids), and the high-mids named as risen.
      const integrated = app12.rows.find((r) => r.quantity === 'Integrated')!;
      expect(integrated.change).toBeGreaterThan(3);
      expect(app12.summary.some((line) => /^Louder by /.test(line))).toBe(true);
      expect(app12.summary.some((line) => /^The high-mids rose /.test(line))).toBe(true);
      // The exported comparison is the CLI's JSON (the names aside: the CLI's are the paths it was given).
      const [saved] = await Promise.all([page.waitForEvent('download'), page.locator('#compare-export-json').click()]);
      expect(saved.suggestedFilename()).toBe('mix-v2-comparison.json');
      const exportedPath = join(scratch, saved.suggestedFilename());
      await saved.saveAs(exportedPath);
      const exported = JSON.parse(readFileSync(exportedPath, 'utf8'));
      expect({ ...exported, before: undefined, after: undefined }).toEqual({ ...cli12, before: undefined, after: undefined });

      // Kept as the baseline, v1 is compared with v3 as well (not v2 with v3).
      await page.locator('#compare-keep').check();
      await report(files.third);
      await expect.poll(async () => (await shown()).after, { timeout: 5_000 }).toBe('mix-v3.wav');
      const app13 = await shown();
      expectSameAsCli(app13, cliCompare(files.first, files.third), 'mix-v1.wav', 'mix-v3.wav');
      expect(app13.rows.find((r) => r.quantity === 'Integrated')!.change).toBeCloseTo(1, 1);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 180_000);
});
