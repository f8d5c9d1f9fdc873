// Vite's asset-URL imports, as src/live/asset-urls.ts uses them: declared here for the
// declaration build (tsconfig.browser.json), which type-checks the browser code without Vite's types.
declare module '*?url' {
  const url: string;
  export default url;
}
declare module '*?worker&url' {
  const url: string;
  export default url;
}
