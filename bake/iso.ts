/**
 * Bootable ISO images for the baremetal platform: GRUB (BIOS, El Torito) loads
 * the baked kernel as a multiboot image. The boot command line lives on the
 * `multiboot` line of grub.cfg, where a user can edit it at GRUB's menu.
 *
 * The generators (grubConfig, grubWords, mkrescueArgs) are pure; makeIso does
 * the file and process work.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { capture } from '../lib/capture';
import { UserError } from '../lib/errors';
import { moveFile } from '../lib/fsutil';
import { shQuote, splitCmdline } from '../lib/shell';
import { fillTemplate, readTemplate } from '../lib/templates';
import { which } from '../lib/which';
import { sourceDateEpoch } from './options';

export const GRUB_CFG_TEMPLATE = 'bake/templates/grub.cfg';
/** Where the ISO's kernel sits; grub.cfg's multiboot line names it. */
const KERNEL_IN_ISO = 'boot/unicore.elf';
/** GRUB's BIOS platform files (Debian package grub-pc-bin). */
export const GRUB_BIOS_DIR = '/usr/lib/grub/i386-pc';
/** Only what grub.cfg uses (their dependencies come along): keeps the ISO small. */
const GRUB_MODULES = ['normal', 'serial', 'terminal', 'multiboot', 'boot'];
const MISSING_TOOLS = 'making an ISO needs grub-mkrescue, xorriso and GRUB\'s BIOS files '
  + `(${GRUB_BIOS_DIR}): install them with "apt-get install grub-pc-bin xorriso mtools"`;

export interface IsoOptions {
  /** Boot command line (runtime options and arguments, sh-like quoting). */
  cmdline: string;
  /** Program name, the title of GRUB's menu entry. */
  name: string;
}

/** Builds a BIOS-bootable ISO (GRUB via grub-mkrescue) around a baked baremetal kernel. */
export async function makeIso(kernelPath: string, isoPath: string, opts: IsoOptions): Promise<void> {
  const mkrescue = findTools();
  if (!fs.existsSync(kernelPath)) throw new UserError(`${kernelPath}: no such kernel to put on the ISO`);
  const epoch = sourceDateEpoch(process.env);
  const cfg = grubConfig(readTemplate(GRUB_CFG_TEMPLATE), opts);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'unicore-iso-'));
  const partial = path.join(work, 'image.iso');
  try {
    const tree = path.join(work, 'tree');
    fs.mkdirSync(path.join(tree, 'boot', 'grub'), { recursive: true });
    fs.writeFileSync(path.join(tree, 'boot', 'grub', 'grub.cfg'), cfg);
    fs.copyFileSync(kernelPath, path.join(tree, KERNEL_IN_ISO));
    // TMPDIR: grub-mkrescue's own staging directory goes away with ours.
    const r = await capture(mkrescue, mkrescueArgs(tree, partial, epoch, opts.name), { env: { ...process.env, TMPDIR: work } })
      .catch((err: Error) => { throw new UserError(`cannot run ${mkrescue} to make ${isoPath}: ${err.message}`); });
    if (r.exitCode !== 0) {
      const why = r.all.trim().split('\n').filter((l) => /error|cannot|not found|no such/i.test(l)).pop();
      throw new UserError(`grub-mkrescue failed to make ${isoPath}${why ? `: ${why.trim()}` : ` (status ${r.exitCode})`}`);
    }
    moveFile(partial, isoPath);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** grub.cfg from its template: the menu title and the multiboot line's arguments. */
export function grubConfig(template: string, opts: IsoOptions): string {
  const args = grubWords(splitCmdline(opts.cmdline)).map((w) => ` ${w}`).join('');
  return fillTemplate(GRUB_CFG_TEMPLATE, template, { TITLE: grubQuote(opts.name), ARGS: args });
}

/**
 * grub-mkrescue's arguments. With SOURCE_DATE_EPOCH set, every date xorriso
 * writes (volume dates, the volume UUID, file times) comes from it: grub-mkrescue
 * itself passes the current time as --modification-date, which overrides
 * xorriso's own SOURCE_DATE_EPOCH handling, so the native commands after `--`
 * set them again.
 */
export function mkrescueArgs(tree: string, output: string, epoch: number | undefined, name: string): string[] {
  const args = [
    '-d', GRUB_BIOS_DIR,
    `--install-modules=${GRUB_MODULES.join(' ')}`,
    '--fonts=', '--locales=', '--themes=', '--compress=no',
    '-o', output, tree,
    '-volid', volumeId(name),
  ];
  if (epoch === undefined) return args;
  return [...args, '--',
    '-volume_date', 'c', `=${epoch}`,
    '-volume_date', 'm', `=${epoch}`,
    '-volume_date', 'x', 'default',
    '-volume_date', 'f', 'default',
    '-volume_date', 'uuid', uuidOf(epoch),
    '-volume_date', 'all_file_dates', `=${epoch}`,
  ];
}

/** ISO 9660 volume id: at most 32 of A-Z 0-9 _. */
function volumeId(name: string): string {
  const id = name.toUpperCase().replace(/[^A-Z0-9_]/g, '_').slice(0, 32);
  return id || 'UNICORE';
}

/** xorriso's volume UUID format: YYYYMMDDhhmmsscc (UTC). */
function uuidOf(epoch: number): string {
  return `${new Date(epoch * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14)}00`;
}

/** Words quoted for GRUB's script parser (which expands $ in "..." but not in '...'), plain ones left bare. */
export function grubWords(words: string[]): string[] {
  return words.map(grubQuote);
}

function grubQuote(word: string): string {
  if (/[\x00-\x1f\x7f]/.test(word)) throw new UserError(`command line word ${JSON.stringify(word)} has control characters GRUB cannot carry`);
  // GRUB's script quoting is sh's: '...' is literal, '\'' puts a quote inside.
  return shQuote(word);
}

/** The first tool missing from PATH fails with the packages to install. */
function findTools(): string {
  const mkrescue = which('grub-mkrescue');
  if (!mkrescue || !which('xorriso') || !fs.existsSync(path.join(GRUB_BIOS_DIR, 'modinfo.sh'))) {
    throw new UserError(MISSING_TOOLS);
  }
  return mkrescue;
}
