// Where the meter's kernel and worklet are found by default in the published package: beside
// the package's compiled module, named with `new URL('./file', import.meta.url)`, the form every
// modern bundler copies into its output and a static server serves as it is. (The URLs are made
// when first asked for, so importing the package where import.meta.url is no URL cannot throw.)
// In this repository the code runs through Vite instead: see asset-urls.ts.

/** The default URL of each prebuilt file (the kernel's WebAssembly, the worklet). */
export interface AssetUrlDefaults {
  kernel(): string;
  worklet(): string;
}

export const defaultAssetUrls: AssetUrlDefaults = {
  kernel: () => new URL('./busmeter.wasm', import.meta.url).href,
  worklet: () => new URL('./meter-processor.js', import.meta.url).href,
};
