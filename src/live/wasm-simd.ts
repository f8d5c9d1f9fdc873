// The kernel is compiled with WebAssembly SIMD (fixed-width 128-bit vectors): an engine without
// it cannot compile the kernel at all, and its own error ("invalid opcode", "Compiling function
// failed") does not say why. A probe module tells: one function that returns a v128 constant.

/**
 * A minimal module using SIMD: type () -> v128; one function; body `v128.const 0`, end.
 * Sections: type (1), function (3), code (10); no imports, nothing run.
 */
export const SIMD_PROBE: Uint8Array<ArrayBuffer> = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00,
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x0b,
]);

/** True when this engine's WebAssembly has SIMD (validates the probe; compiles nothing). */
export function hasWasmSimd(validate: (bytes: Uint8Array<ArrayBuffer>) => boolean = (bytes) => WebAssembly.validate(bytes)): boolean {
  try {
    return validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/** Words for a kernel that did not compile because the engine lacks SIMD; '' where it has it. */
export function simdHint(hasSimd: boolean): string {
  return hasSimd
    ? ''
    : " This browser's WebAssembly has no SIMD, which the busmeter kernel needs: use Chrome or Edge 91, Firefox 89, Safari 16.4 or later.";
}
