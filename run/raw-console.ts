/**
 * The raw console of an ISO: GRUB boots the image with its baked command line,
 * so `unicore run` cannot ask for the framed channel. COM1 then carries GRUB's
 * terminal output, then the app's stdout and stderr mixed, `\n` sent as `\r\n`.
 * Everything up to GRUB's "Booting `...'" banner is boot log; after it, bytes
 * are the app's output with `\r\n` turned back into `\n`. Pure.
 */

const BANNER = /Booting `[^\n]*'[\r\n]*/;

export class RawConsole {
  private booted = false;
  private boot = '';
  private heldCR = false;

  /** Splits a chunk into boot-log lines and app output. */
  feed(chunk: Buffer): { log: string[]; output: Buffer } {
    if (this.booted) return { log: [], output: this.text(chunk) };
    this.boot += chunk.toString('latin1');
    const m = BANNER.exec(this.boot);
    // Wait for a byte after the banner's line ends: the CR/LF run may be split.
    if (!m || m.index + m[0].length === this.boot.length) return { log: [], output: Buffer.alloc(0) };
    const before = this.boot.slice(0, m.index + m[0].length);
    const after = Buffer.from(this.boot.slice(m.index + m[0].length), 'latin1');
    this.booted = true;
    this.boot = '';
    return { log: splitLog(before), output: this.text(after) };
  }

  /** The end of the console: a held CR, or an unfinished boot log. */
  end(): { log: string[]; output: Buffer } {
    if (!this.booted) {
      const log = splitLog(this.boot);
      this.boot = '';
      return { log, output: Buffer.alloc(0) };
    }
    const output = Buffer.from(this.heldCR ? '\r' : '', 'latin1');
    this.heldCR = false;
    return { log: [], output };
  }

  private text(chunk: Buffer): Buffer {
    let s = (this.heldCR ? '\r' : '') + chunk.toString('latin1');
    this.heldCR = s.endsWith('\r');
    if (this.heldCR) s = s.slice(0, -1);
    return Buffer.from(s.replace(/\r\n/g, '\n'), 'latin1');
  }
}

function splitLog(text: string): string[] {
  return text.split(/\r?\n\r?/).map((l) => l.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')).filter((l) => l.trim() !== '');
}
