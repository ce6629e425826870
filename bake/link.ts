/**
 * The tools bake runs: the wrapper (to ferment plain objects), the backend
 * assembler (baked data) and the backend linker (the image). Argument lists
 * are built by pure functions; running them is the only effect here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Captured, capture } from '../lib/capture';
import { UserError } from '../lib/errors';
import { Prefix, ToolchainInfo, tupleFor } from '../lib/toolchain';

/** A failed tool: `details` is its own output, shown above the one-line summary. */
export class ToolError extends UserError {
  constructor(message: string, readonly details: string) {
    super(message);
  }
}

export interface ImageLink {
  ld: string;
  linkScript: string;
  program: string;     // the fermented object
  bakedData: string;   // baked-data object
  libplat: string;
  libgcc?: string;
  out: string;
}

/**
 * The link of an image; deterministic (no build id) and with a non-executable stack.
 * --eh-frame-hdr: the sorted unwind table the runtime's _dl_find_object hands
 * libgcc's unwinder (C++ exceptions); link.ld places it (docs/architecture.md).
 * --gc-sections: the runtime, newlib and lwIP have every function and object in
 * its own section; what the entry points (link.ld's ENTRY and EXTERN) do not
 * reach is left out, and link.ld KEEPs what is found without a reference
 * (headers, notes, init arrays, eh_frame; "Image size").
 */
export function imageLinkArgs(l: ImageLink): string[] {
  return [
    '-nostdlib', '-static', '--build-id=none', '-z', 'noexecstack', '--eh-frame-hdr', '--gc-sections',
    '-T', l.linkScript, '-o', l.out,
    l.program, l.bakedData, l.libplat,
    ...(l.libgcc ? [l.libgcc] : []),
  ];
}

/** Where the platform's files are in the prefix (bake/native.ts renders them for the native helper too). */
export function platformFilePaths(prefix: Prefix, platform: string): { linkScript: string; libplat: string } {
  const dir = prefix.platformDir(platform);
  return { linkScript: path.join(dir, 'link.ld'), libplat: path.join(dir, 'libplat.a') };
}

/** The platform's files in the prefix, checked to be there. */
export function platformFiles(prefix: Prefix, platform: string): { linkScript: string; libplat: string } {
  const files = platformFilePaths(prefix, platform);
  for (const file of Object.values(files)) {
    if (!fs.existsSync(file)) {
      throw new UserError(`platform ${platform} is not installed in ${prefix.root} (no ${file}): run \`unicore setup --prefix ${prefix.root}\``);
    }
  }
  return files;
}

async function runTool(tool: string, args: string[], cwd: string | undefined, summary: string): Promise<void> {
  let r: Captured;
  try {
    r = await capture(tool, args, { cwd, env: { ...process.env, LC_ALL: 'C' } });
  } catch (err) {
    throw new UserError(`${summary}: cannot run ${tool}: ${(err as Error).message}`);
  }
  if (r.exitCode !== 0) throw new ToolError(summary, r.all);
}

/** Ferments plain objects with the platform's wrapper (ld -r, stub link and recipe). */
export async function fermentObjects(prefix: Prefix, platform: string, objects: string[], out: string): Promise<void> {
  const wrapper = prefix.wrapper(platform, 'gcc');
  if (!fs.existsSync(wrapper)) {
    throw new UserError(`no ${tupleFor(platform)}-gcc in ${prefix.bin}: run \`unicore setup --prefix ${prefix.root}\``);
  }
  const names = objects.join(', ');
  await runTool(wrapper, ['-o', out, ...objects.map((o) => path.resolve(o))], undefined,
    `cannot link ${names} into a unicore program (see the errors above): objects must be compiled with ${tupleFor(platform)}-gcc -c and define main`);
}

/**
 * How to assemble the baked-data source (plain assembly: no preprocessor
 * lines): with the backend's as itself, which saves the compiler driver and
 * its preprocessor (about 45 ms of a bake); with the backend compiler for a
 * prefix whose toolchain.json does not name as. Both write the same object.
 */
export function assemblerCommand(info: ToolchainInfo, source: string, out: string): { tool: string; args: string[] } {
  return info.as
    ? { tool: info.as, args: ['--64', '-o', out, source] }
    : { tool: info.cc, args: ['-c', '-fno-pie', '-o', out, source] };
}

/** Assembles the baked-data source in its own directory (so .incbin finds the rootfs archive by name). */
export async function assembleBakedData(info: ToolchainInfo, source: string, out: string): Promise<void> {
  // Relative names: no temporary directory name may end up in the object.
  const { tool, args } = assemblerCommand(info, path.basename(source), path.resolve(out));
  await runTool(tool, args, path.dirname(source), 'cannot assemble the baked data (see the errors above)');
}

export async function linkImage(l: ImageLink, platform: string): Promise<void> {
  const args = imageLinkArgs(l);
  try {
    await runTool(l.ld, args, undefined, `linking the ${platform} image failed`);
  } catch (err) {
    if (err instanceof ToolError) throw new ToolError(linkFailureSummary(err.details, platform), err.details);
    throw err;
  }
}

/** The one line under the linker's own messages: what went wrong, and what to do. */
export function linkFailureSummary(output: string, platform: string): string {
  const undefinedSymbols = [...new Set([...output.matchAll(/undefined reference to `([^']+)'/g)].map((m) => m[1]))];
  if (undefinedSymbols.length) {
    const shown = undefinedSymbols.slice(0, 5).join(', ') + (undefinedSymbols.length > 5 ? ', ...' : '');
    return `linking the ${platform} image failed: undefined ${shown}: the program was not linked by ${tupleFor(platform)}-gcc `
      + `(whose stub link checks this) or was built by another unicore version; rebuild it with this toolchain`;
  }
  return `linking the ${platform} image failed (see the linker errors above): rebuild the program with this toolchain's ${tupleFor(platform)}-gcc`;
}
