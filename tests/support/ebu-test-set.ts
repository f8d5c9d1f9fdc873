// Where the official EBU loudness test set is (the files of EBU Tech 3341 and 3342, 48 kHz WAV):
// the folder named by the environment variable EBU_TEST_SET, else ../shared/ebu-test-set beside
// the repository; the first that holds the set (its seq-3341-1-16bit.wav). Where neither does,
// the tests on the official files are skipped and the run says so in one line (global-setup.ts);
// the conformance tests on synthesized signals run everywhere. A set that is found but misses a
// file fails the test that needs it.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe } from 'vitest';

const repositoryRoot = join(import.meta.dirname, '..', '..');

/** Where the set can be had. */
export const EBU_TEST_SET_SOURCE = 'https://tech.ebu.ch/publications/ebu_loudness_test_set';

/** The folder holding the set, or null. */
export function findEbuTestSet(env: NodeJS.ProcessEnv = process.env, root = repositoryRoot): string | null {
  const candidates = [env.EBU_TEST_SET ? resolve(env.EBU_TEST_SET) : null, join(root, '..', 'shared', 'ebu-test-set')];
  return candidates.find((dir) => dir !== null && existsSync(join(dir, 'seq-3341-1-16bit.wav'))) ?? null;
}

export const EBU_DIR = findEbuTestSet();

/** The path of an official file (inside tests that run only where the set is). */
export function ebuFile(name: string): string {
  if (!EBU_DIR) throw new Error('the EBU test set is not here (tests on its files must be declared with describeOfficial)');
  return join(EBU_DIR, name);
}

/** describe() for tests on the official files: skipped where the set is not found. */
export const describeOfficial: typeof describe = EBU_DIR ? describe : (describe.skip as typeof describe);

/** The one line a run prints where the set is not found. */
export const EBU_TEST_SET_MISSING =
  `official EBU test files not found: their tests are skipped (set EBU_TEST_SET to the folder of the EBU loudness test set, from ${EBU_TEST_SET_SOURCE}, or put it at ../shared/ebu-test-set)`;
