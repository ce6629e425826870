/**
 * Repairs to newlib 3.3.0's installed headers, applied right after its install.
 * Generic newlib is rarely compiled against real POSIX software; these are the
 * places where its headers break GNU packages (found building m4, sed, grep,
 * diffutils, coreutils and tar). Each fix says why; each must match exactly, so
 * a different newlib makes setup fail loudly instead of installing half-fixed
 * headers.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface HeaderEdit {
  file: string;         // relative to the include directory
  why: string;
  replace?: [string, string][];
  remove?: true;
}

export const NEWLIB_HEADER_FIXES: readonly HeaderEdit[] = [
  {
    file: 'sys/types.h',
    why: 'sys/types.h includes <sys/select.h> before it has defined pid_t, u_int and '
      + 'sbintime_t; gnulib\'s replacement sys/select.h then includes <signal.h> and '
      + '<sys/time.h>, which need them. glibc and FreeBSD include it at the end.',
    replace: [
      ['#include <machine/endian.h>\n#include <sys/select.h>\n', '#include <machine/endian.h>\n'],
      ['#include <machine/types.h>\n', '#include <machine/types.h>\n#if __BSD_VISIBLE\n#include <sys/select.h>\n#endif\n'],
    ],
  },
  {
    file: 'string.h',
    why: 'strerror_r is always the POSIX one returning int, as in musl: newlib declares the GNU '
      + 'char * version under _GNU_SOURCE, which gnulib (m4, diffutils) takes for the POSIX one on '
      + 'every libc but glibc, uClibc and Cygwin, so the pointer came back as an error number. The '
      + 'int version is newlib\'s __xpg_strerror_r, whatever the feature macros say.',
    replace: [
      ['#if __GNU_VISIBLE\nchar\t*strerror_r (int, char *, size_t);\n#elif __POSIX_VISIBLE >= 200112\n',
        '#if __POSIX_VISIBLE >= 200112 || __GNU_VISIBLE\n'],
    ],
  },
  { file: 'stdatomic.h', why: 'does not compile with gcc; gcc\'s own stdatomic.h is the right one', remove: true },
  { file: 'threads.h', why: 'C11 threads need machine/_threads.h, which this target lacks', remove: true },
  { file: 'utmp.h', why: 'needs sys/utmp.h, which this target lacks', remove: true },
];

/** Applies one edit to a header's text; throws if newlib's text is not as expected. */
export function fixHeaderText(edit: HeaderEdit, text: string): string {
  let fixed = text;
  for (const [from, to] of edit.replace ?? []) {
    if (!fixed.includes(from)) throw new Error(`newlib's ${edit.file} is not as expected (looking for ${JSON.stringify(from)})`);
    fixed = fixed.replace(from, to);
  }
  return fixed;
}

export function applyNewlibHeaderFixes(includeDir: string): void {
  for (const edit of NEWLIB_HEADER_FIXES) {
    const file = path.join(includeDir, edit.file);
    if (edit.remove) fs.rmSync(file, { force: true });
    else fs.writeFileSync(file, fixHeaderText(edit, fs.readFileSync(file, 'utf8')));
  }
}
