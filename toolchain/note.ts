/**
 * The .note.unicore recipe (docs/architecture.md) as assembly source, one per
 * platform; `unicore setup` assembles it into lib/unicore/notes/<p>.o, which
 * the wrappers add to every program they link. Pure.
 */
import { ToolchainInfo, tupleFor } from '../lib/toolchain';
import { fillTemplate } from '../lib/templates';

/** The recipe's key=value pairs, in the documented order. */
export function recipeValues(info: ToolchainInfo, platform: string): [string, string][] {
  return [
    ['toolchain', info.toolchain],
    ['abi', info.abi],
    ['tuple', tupleFor(platform)],
    ['platform', platform],
    ['libc', info.libc],
  ];
}

/** A string for an .ascii directive (the values are versions and names; be safe anyway). */
function asciiString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/[^\x20-\x7e\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`)}"`;
}

export function noteSource(info: ToolchainInfo, platform: string, template: string): string {
  const lines = recipeValues(info, platform).map(([k, v]) => `\t.ascii ${asciiString(`${k}=${v}\n`)}`);
  return fillTemplate('note.S.in', template, { PLATFORM: platform, LINES: lines.join('\n') });
}
