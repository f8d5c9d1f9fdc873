// The WebAssembly kernel's exports (assembly/index.ts), as every host sees them. Shared by the
// Node API, the worklet and the tests, so there is one description of the module's interface.

export interface KernelExports {
  memory: WebAssembly.Memory;
  init(sampleRate: number, channels: number): number;
  setChannelWeight(channel: number, weight: number): number;
  inputPointer(channel: number): number;
  readingsPointer(): number;
  readingsLength(): number;
  process(frames: number): number;
  follow(frames: number): number;
  read(): void;
  reset(): void;
}

/** Kernel result codes (assembly/index.ts) and what they mean to a user. */
export const KERNEL_ERRORS: Readonly<Record<number, string>> = {
  1: 'sample rate must be from 8000 to 384000 Hz',
  2: 'channel count must be from 1 to 16',
  3: 'a kernel call takes 0 to 4096 frames',
  4: 'the kernel was used before init()',
  5: 'channel weights must be from 0 to 10',
};

export function kernelErrorMessage(code: number): string {
  return KERNEL_ERRORS[code] ?? `kernel error ${code}`;
}
