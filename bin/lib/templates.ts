/**
 * Templates of generated files (bin/lib/templates/). They sit beside the compiled
 * code once installed in a prefix, and in the source tree when run from dist/.
 */
import * as fs from 'fs';
import * as path from 'path';

export function readTemplate(name: string): string {
  const candidates = [
    path.join(__dirname, 'templates', name),
    path.resolve(__dirname, '..', '..', '..', 'bin', 'lib', 'templates', name),
  ];
  for (const file of candidates) {
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  }
  throw new Error(`template ${name} is missing (looked in ${candidates.join(', ')})`);
}
