/**
 * The shell text of `unicore env` (for eval "$(unicore env)"): the prefix's bin
 * first on PATH, so configure finds the x86_64-unicore-<p>-* tools,
 * CONFIG_SITE, and UNICORE_LIBPREFIX: where `make install` of a library
 * configured with --host=x86_64-unicore-<p> goes by default (config.site).
 * Pure apart from reading its template.
 */
import * as path from 'path';
import { shQuote } from '../lib/shell';
import { fillTemplate, readTemplate } from '../lib/templates';

export function envText(prefixRoot: string, template: string): string {
  return fillTemplate('env.sh.in', template, {
    BIN: shQuote(path.join(prefixRoot, 'bin')),
    CONFIG_SITE: shQuote(path.join(prefixRoot, 'share', 'unicore', 'config.site')),
    LIBPREFIX: shQuote(path.join(prefixRoot, 'lib', 'unicore', 'sysroot', 'usr')),
  });
}

export function envScript(prefixRoot: string): string {
  return envText(prefixRoot, readTemplate('wrappers/env.sh.in'));
}
