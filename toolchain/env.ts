/**
 * The shell text of `unicore env` (for eval "$(unicore env)"): the prefix's bin
 * first on PATH, so configure finds the x86_64-unicore-<p>-* tools,
 * CONFIG_SITE, UNICORE_LIBPREFIX: where `make install` of a library
 * configured with --host=x86_64-unicore-<p> goes by default (config.site),
 * and where the CMake toolchain files and Meson cross files are
 * (UNICORE_CMAKE_DIR, UNICORE_MESON_DIR). Pure apart from reading its template.
 */
import * as path from 'path';
import { shQuote } from '../lib/shell';
import { fillTemplate, readTemplate } from '../lib/templates';

/** The prefix's site file; configure needs a name without blanks (see bin/commands/env.ts). */
export function configSitePath(prefixRoot: string): string {
  return path.join(prefixRoot, 'share', 'unicore', 'config.site');
}

/** configSite: the name CONFIG_SITE gets (the prefix's own, or a blank-free link to it). */
export function envText(prefixRoot: string, template: string, configSite = configSitePath(prefixRoot)): string {
  return fillTemplate('env.sh.in', template, {
    BIN: shQuote(path.join(prefixRoot, 'bin')),
    CONFIG_SITE: shQuote(configSite),
    LIBPREFIX: shQuote(path.join(prefixRoot, 'lib', 'unicore', 'sysroot', 'usr')),
    CMAKE_DIR: shQuote(path.join(prefixRoot, 'share', 'unicore', 'cmake')),
    MESON_DIR: shQuote(path.join(prefixRoot, 'share', 'unicore', 'meson')),
  });
}

export function envScript(prefixRoot: string, configSite?: string): string {
  return envText(prefixRoot, readTemplate('wrappers/env.sh.in'), configSite);
}
