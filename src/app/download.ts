// Saving what the page made (a report, a comparison, a picture) as a file the user downloads.

/** Saves a blob through a temporary blob: URL (no server round trip; allowed by the app's CSP). */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
