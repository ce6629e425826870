/** Finding commands as the shell would: on $PATH, or by a path when the name has a slash. */
import * as fs from 'fs';
import * as path from 'path';

export function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The absolute path of a command as the shell would find it (an empty PATH entry is the current directory), or undefined. */
export function which(name: string, searchPath = process.env.PATH ?? ''): string | undefined {
  if (name.includes('/')) {
    const abs = path.resolve(name);
    return isExecutableFile(abs) ? abs : undefined;
  }
  for (const dir of searchPath.split(':')) {
    const candidate = path.resolve(dir || '.', name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}
