/**
 * File operations that never leave a half-written file or directory in place:
 * everything is written beside its destination and renamed over it.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Node's crypto, loaded on first use: `unicore run` never needs it (start-up time, docs/architecture.md). */
const crypto = (): typeof import('crypto') => require('crypto');

/**
 * mkdir -p that reports the real error: Node's recursive mkdirSync retries
 * forever under /proc (mkdir there fails with ENOENT).
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d) && path.dirname(d) !== d; d = path.dirname(d)) missing.push(d);
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/**
 * A name beside dest nobody can guess: the directory may be shared (a planted
 * symbolic link at a predictable name would redirect the write). Callers
 * create it exclusively (O_EXCL), so an existing file or link is never followed.
 */
function tempBeside(dest: string): string {
  return path.join(path.dirname(dest), `.${path.basename(dest)}.tmp-${process.pid}-${crypto().randomBytes(8).toString('hex')}`);
}

export function writeFileAtomic(dest: string, data: string | Buffer, mode = 0o644): void {
  makeDirs(path.dirname(dest));
  const tmp = tempBeside(dest);
  try {
    fs.writeFileSync(tmp, data, { mode, flag: 'wx' });
    fs.chmodSync(tmp, mode); // writeFileSync's mode is filtered by the umask
    fs.renameSync(tmp, dest);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

export function copyFileAtomic(src: string, dest: string): void {
  makeDirs(path.dirname(dest));
  const tmp = tempBeside(dest);
  try {
    fs.copyFileSync(src, tmp, fs.constants.COPYFILE_EXCL);
    fs.chmodSync(tmp, fs.statSync(src).mode & 0o777);
    fs.renameSync(tmp, dest);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Moves a file into place: a rename, or across file systems a copy beside dest renamed over it. */
export function moveFile(src: string, dest: string): void {
  try {
    fs.renameSync(src, dest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    copyFileAtomic(src, dest);
    fs.rmSync(src, { force: true });
  }
}

/**
 * Replaces directory dest by a copy of src. The old tree is moved aside first and
 * removed only once the new one is in place, so a failed copy leaves dest as it was.
 */
export function replaceDir(src: string, dest: string, filter?: (rel: string) => boolean): void {
  buildDir(dest, (fresh) => copyTree(src, fresh, filter));
}

/** Lets fill() populate a fresh directory beside dest, then swaps it in for dest. */
export function buildDir(dest: string, fill: (fresh: string) => void): void {
  const fresh = freshBeside(dest);
  try {
    fill(fresh);
  } catch (err) {
    fs.rmSync(fresh, { recursive: true, force: true });
    throw err;
  }
  swapIn(fresh, dest);
}

/** buildDir for a fill() that runs commands. */
export async function buildDirAsync(dest: string, fill: (fresh: string) => Promise<void>): Promise<void> {
  const fresh = freshBeside(dest);
  try {
    await fill(fresh);
  } catch (err) {
    fs.rmSync(fresh, { recursive: true, force: true });
    throw err;
  }
  swapIn(fresh, dest);
}

function freshBeside(dest: string): string {
  makeDirs(path.dirname(dest));
  const fresh = tempBeside(dest) + '.new';
  fs.rmSync(fresh, { recursive: true, force: true });
  fs.mkdirSync(fresh);
  return fresh;
}

function swapIn(fresh: string, dest: string): void {
  const old = tempBeside(dest) + '.old';
  fs.rmSync(old, { recursive: true, force: true });
  if (fs.existsSync(dest)) fs.renameSync(dest, old);
  fs.renameSync(fresh, dest);
  fs.rmSync(old, { recursive: true, force: true });
}

/** Copies a tree (files, directories, symlinks as links), keeping file modes. */
export function copyTree(src: string, dest: string, filter: (rel: string) => boolean = () => true, rel = ''): void {
  fs.mkdirSync(dest, { recursive: true });
  for (const entry of fs.readdirSync(src, { withFileTypes: true })) {
    const entryRel = rel ? `${rel}/${entry.name}` : entry.name;
    if (!filter(entryRel)) continue;
    const from = path.join(src, entry.name);
    const to = path.join(dest, entry.name);
    if (entry.isDirectory()) copyTree(from, to, filter, entryRel);
    else if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
    else fs.copyFileSync(from, to);
  }
}

/** Relative paths of the regular files under dir, sorted (stable hashes). */
export function listFiles(dir: string, filter: (rel: string) => boolean = () => true, rel = ''): string[] {
  const out: string[] = [];
  const entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const entryRel = rel ? `${rel}/${entry.name}` : entry.name;
    if (!filter(entryRel)) continue;
    if (entry.isDirectory()) out.push(...listFiles(dir, filter, entryRel));
    else if (entry.isFile()) out.push(entryRel);
  }
  return out;
}

/** A hash over the names, modes and contents of the files under dir. */
export function hashTree(dir: string, filter?: (rel: string) => boolean): string {
  const h = crypto().createHash('sha256');
  for (const rel of listFiles(dir, filter)) {
    const file = path.join(dir, rel);
    h.update(`${rel}\0${fs.statSync(file).mode & 0o111}\0`);
    h.update(fs.readFileSync(file));
    h.update('\0');
  }
  return h.digest('hex');
}

export function hashFile(file: string): string {
  return crypto().createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export function hashStrings(...parts: string[]): string {
  const h = crypto().createHash('sha256');
  for (const p of parts) h.update(`${p}\0`);
  return h.digest('hex');
}
