// The files the CLI writes (report --csv, --png): never over an input or over another output,
// and never half-written. Paths are compared by what they name, not by their spelling: an
// existing path by device and inode (so a symlink, a hard link or "./a/../mix.wav" is caught), a
// path that does not exist yet by its folder's real path and its name.

import { randomBytes } from 'node:crypto';
import { realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** What a path names: "dev:ino" when it exists, else "new:<real folder>/<name>". */
export async function pathIdentity(path: string): Promise<string> {
  try {
    const s = await stat(path);
    return `inode:${s.dev}:${s.ino}`;
  } catch {
    const absolute = resolve(path);
    let folder = dirname(absolute);
    try {
      folder = await realpath(folder);
    } catch {
      // A folder that does not exist either: writing will fail with its own message.
    }
    return `new:${join(folder, basename(absolute))}`;
  }
}

export interface NamedOutput {
  /** The option that named it, for the message: "--csv". */
  option: string;
  path: string;
}

/**
 * The reason the outputs cannot be written as asked, or undefined: an output that is one of the
 * inputs, or two outputs that are the same file.
 */
export async function outputConflict(inputs: readonly string[], outputs: readonly NamedOutput[]): Promise<string | undefined> {
  const inputIds = new Map<string, string>();
  for (const input of inputs) inputIds.set(await pathIdentity(input), input);
  const outputIds = new Map<string, NamedOutput>();
  for (const output of outputs) {
    const id = await pathIdentity(output.path);
    const input = inputIds.get(id);
    if (input !== undefined) {
      return `${output.option} ${output.path} is the input file ${input}: refusing to write over it`;
    }
    const other = outputIds.get(id);
    if (other) return `${other.option} and ${output.option} name the same file (${output.path}): give each its own`;
    outputIds.set(id, output);
  }
  return undefined;
}

/**
 * Writes `content` to a temporary file in the same folder, then renames it over `path`: a reader
 * sees the old file or the whole new one, and a failed write leaves no partial file behind.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, content, { flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
}
