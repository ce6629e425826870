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
  {
    file: 'sys/signal.h',
    why: 'SA_SIGINFO handlers (components/posix/core/fault.c): newlib\'s siginfo_t has no si_addr, '
      + 'si_errno, si_pid... and its struct sigaction no sa_sigaction; these are the fields POSIX '
      + 'names (gnulib\'s c-stack, libsigsegv users and test suites read them). The layout is '
      + 'unicore\'s own: programs are compiled against these headers.',
    replace: [
      ['typedef struct {\n  int          si_signo;    /* Signal number */\n  int          si_code;     /* Cause of the signal */\n'
        + '  union sigval si_value;    /* Signal value */\n} siginfo_t;\n',
      'typedef struct __siginfo {\n  int          si_signo;    /* Signal number */\n  int          si_errno;\n'
        + '  int          si_code;     /* Cause of the signal */\n  pid_t        si_pid;\n  uid_t        si_uid;\n'
        + '  int          si_status;\n  void        *si_addr;     /* Faulting address (SIGSEGV, SIGBUS, SIGFPE, SIGILL) */\n'
        + '  union sigval si_value;    /* Signal value */\n  long         si_band;\n} siginfo_t;\n'],
      ['struct sigaction \n{\n\t_sig_func_ptr sa_handler;\n\tsigset_t sa_mask;\n\tint sa_flags;\n};\n',
        'struct __siginfo;\n\nstruct sigaction\n{\n\tunion {\n\t\t_sig_func_ptr _handler;\n'
        + '\t\tvoid (*_sigaction)(int, struct __siginfo *, void *);\n\t} _signal_handlers;\n'
        + '\tsigset_t sa_mask;\n\tint sa_flags;\n};\n'
        + '#define sa_handler _signal_handlers._handler\n#define sa_sigaction _signal_handlers._sigaction\n'],
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
