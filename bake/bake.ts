/**
 * unicore-bake's job: fermented program (or plain objects) + platform + rootfs
 * + default arguments -> a bootable image. All work happens in a temporary
 * directory beside OUT; OUT appears by one rename at the end, so a failure or
 * a signal never leaves a partial image behind.
 */
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../lib/errors';
import { moveFile } from '../lib/fsutil';
import { Prefix } from '../lib/toolchain';
import { readTemplate } from '../lib/templates';
import { BAKED_DATA_TEMPLATE, bakedDataAsm } from './baked-data';
import { copyRange, findSection, readElf } from '../lib/elf';
import { checkRecipe, classifyInputs, Embedded, Inputs } from './inputs';
import { makeIso } from './iso';
import { splitCmdline } from '../lib/shell';
import { assembleBakedData, fermentObjects, linkImage, platformFiles } from './link';
import { DEFAULT_MEM_MIB, HEADROOM_MIB, memNeeded } from '../lib/mem';
import { defaultOutput, programName } from './options';
import { Platform, platformNamed, PLATFORMS } from '../lib/platforms';
import { onStopSignals, signalStatus } from '../lib/signals';
import { PROGRAM_SECTION, readImageNote, readRecipe, usesSockets } from '../lib/notes';
import { checkRootfsDir, packRootfs } from './rootfs';

/** The files of the work directory (bake/native.ts gives the native helper the same names). */
export const WORK_FILES = { program: 'program.o', rootfs: 'rootfs.tar', source: 'baked.S', bakedData: 'baked.o', image: 'image' } as const;
/** The work directory beside OUT: `.${basename(OUT)}${WORK_DIR_SUFFIX}XXXXXX`. */
export const WORK_DIR_SUFFIX = '.bake-';
/** An image's mode (an ISO's is 0o644). */
export const IMAGE_MODE = 0o755;

export interface BakeRequest {
  prefix: Prefix;
  platform: string;
  inputs: string[];
  out?: string;
  rootfs?: string;
  cmdline: string;
  mem?: number;   // MiB; default DEFAULT_MEM_MIB, raised to what a big image needs
  iso: boolean;
}

/** Checks everything that can be checked before any work; returns the platform, the inputs and the output path. */
export function checkRequest(req: BakeRequest): { target: Platform; inputs: Inputs; out: string } {
  const target = platformNamed(req.platform);
  if (req.iso && !target.iso) {
    const isoPlatforms = PLATFORMS.filter((p) => p.iso).map((p) => p.name).join(', ');
    throw new UserError(`--iso is only for ${isoPlatforms}: use \`unicore-bake baremetal ... --iso\``);
  }
  if (req.rootfs !== undefined) checkRootfsDir(req.rootfs);
  checkCmdline(req.cmdline);
  if (req.out === '') throw new UserError('-o is empty: give the file name of the image, or leave -o out for INPUT.PLATFORM');
  const inputs = classifyInputs(req.inputs, req.platform);
  const out = req.out ?? defaultOutput(req.inputs[0], target, inputs.kind === 'objects', req.iso);
  const outDir = path.dirname(path.resolve(out));
  if (!fs.existsSync(outDir) || !fs.statSync(outDir).isDirectory()) {
    throw new UserError(`-o ${out}: directory ${path.dirname(out)} does not exist: create it first`);
  }
  checkOutput(out, req.inputs);
  return { target, inputs, out };
}

/**
 * The image is written beside OUT and renamed over it, so OUT may only be a
 * regular file (replaced) or nothing: never a device (-o /dev/null), FIFO,
 * directory or symbolic link, and never one of the inputs.
 */
function checkOutput(out: string, inputs: string[]): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(out);
  } catch {
    return;   // a new file
  }
  if (st.isDirectory()) throw new UserError(`-o ${out} is a directory: give a file name`);
  if (!st.isFile()) {
    const what = st.isSymbolicLink() ? 'a symbolic link' : st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'a device';
    throw new UserError(`-o ${out} is ${what}, not a regular file: give the file name the image should have`);
  }
  for (const input of inputs) {
    const s = fs.statSync(input);
    if (s.dev === st.dev && s.ino === st.ino) throw new UserError(`-o ${out} is the input ${input}: give the image another name`);
  }
}

/** The runtime would close an unbalanced quote silently: refuse it. */
function checkCmdline(cmdline: string): void {
  try {
    splitCmdline(cmdline);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    throw new UserError(`--cmdline: ${err.message}: close it, or write a literal quote as \\' or \\"`);
  }
}

export async function bake(req: BakeRequest): Promise<string> {
  const { target, inputs, out } = checkRequest(req);
  const info = req.prefix.readToolchain();
  if (inputs.kind === 'program') checkRecipe(inputs.file, inputs.recipe, info.abi, info.toolchain);
  const plat = platformFiles(req.prefix, req.platform);
  const work = makeWorkDir(out);
  const removeWork = () => fs.rmSync(work, { recursive: true, force: true });
  const dropSignalHandler = onStopSignals((signal) => {
    removeWork();
    process.exit(signalStatus(signal));
  });
  try {
    let program: string;
    if (inputs.kind === 'objects') {
      const linked = path.join(work, 'program');
      await fermentObjects(req.prefix, req.platform, inputs.files, linked);
      program = fermentedObject(linked, findSection(linked, PROGRAM_SECTION), work);
      checkRecipe(inputs.files.join(', '), readRecipe(program), info.abi, info.toolchain);
    } else {
      // a name starting with '-' must not reach ld as an option
      program = path.resolve(fermentedObject(inputs.file, inputs.embedded, work));
    }

    const name = programName(req.inputs[0]);
    const net = usesSockets(readElf(program));
    await packRootfs(req.rootfs, path.join(work, WORK_FILES.rootfs));
    const image = path.join(work, WORK_FILES.image);
    const link = async (mem: number) => {
      const source = path.join(work, WORK_FILES.source);
      fs.writeFileSync(source, bakedDataAsm(readTemplate(BAKED_DATA_TEMPLATE), {
        rootfsFile: WORK_FILES.rootfs,
        // An ISO's kernel gets its arguments from GRUB's menu entry instead.
        cmdline: req.iso ? '' : req.cmdline,
        progname: name,
        image: { platform: req.platform, mem, name, net },
      }));
      const bakedData = path.join(work, WORK_FILES.bakedData);
      await assembleBakedData(info, source, bakedData);
      await linkImage({ ld: info.ld, ...plat, program, bakedData, libgcc: info.libgcc, out: image }, req.platform);
    };
    const mem = req.mem ?? DEFAULT_MEM_MIB;
    await link(mem);
    // A big rootfs makes a big image: it must fit in the guest's memory with room to run.
    const needed = memNeeded(readElf(image).loadEnd);
    if (target.run !== 'exec' && needed > mem) {
      if (req.mem !== undefined) {
        throw new UserError(`--mem ${req.mem}M is too small for this image (it loads up to ${needed - HEADROOM_MIB} MiB): use --mem ${needed}M or more`);
      }
      await link(needed);
    }
    checkImageNote(image, req.platform);

    let result = image;
    if (req.iso) {
      result = path.join(work, 'image.iso');
      await makeIso(image, result, { cmdline: req.cmdline, name });
      fs.chmodSync(result, 0o644);
    } else {
      fs.chmodSync(result, IMAGE_MODE);
    }
    moveFile(result, out);
    return out;
  } finally {
    // Clean up before dropping the handlers: a signal arriving once they are gone
    // kills the process on the spot, possibly halfway through the removal.
    removeWork();
    dropSignalHandler();
  }
}

/** The fermented object: the file itself, or a copy of the section of a program file that holds it. */
function fermentedObject(file: string, embedded: Embedded, work: string): string {
  if (!embedded) return file;
  const object = path.join(work, WORK_FILES.program);
  copyRange(file, embedded.offset, embedded.size, object);
  return object;
}

/** A link script that drops the image note makes images that `unicore run` refuses: a bug in the platform. */
function checkImageNote(image: string, platform: string): void {
  try {
    readImageNote(image);
  } catch (err) {
    throw new Error(`platforms/${platform}/link.ld dropped .note.unicore.image (${(err as Error).message}): it must KEEP(*(.note.unicore.image))`);
  }
}

function makeWorkDir(out: string): string {
  const dir = path.dirname(path.resolve(out));
  try {
    return fs.mkdtempSync(path.join(dir, `.${path.basename(out)}${WORK_DIR_SUFFIX}`));
  } catch (err) {
    throw new UserError(`cannot write in ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
