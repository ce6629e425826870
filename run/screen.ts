/**
 * The guest's screen when it ends: a PNG (QMP screendump) and the VGA text
 * buffer as text (QMP pmemsave of 0xb8000: 80x25 cells of character, attribute).
 */
import * as fs from 'fs';
import * as path from 'path';
import { moveFile } from '../lib/fsutil';
import { Qmp } from './qmp';

export interface ScreenRequest {
  png?: string;
  text?: string;
}

const VGA_TEXT = 0xb8000;
const COLUMNS = 80;
const ROWS = 25;

// Code page 437, 0x80-0xff: what the VGA font draws for those bytes.
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
  'αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

function cellChar(byte: number): string {
  if (byte >= 0x20 && byte < 0x7f) return String.fromCharCode(byte);
  if (byte >= 0x80) return CP437_HIGH[byte - 0x80];
  return ' ';
}

/** The text on a VGA text screen (character bytes at even offsets), trailing blanks trimmed. */
export function vgaText(memory: Buffer): string {
  const lines: string[] = [];
  for (let row = 0; row < ROWS; row++) {
    let line = '';
    for (let col = 0; col < COLUMNS; col++) {
      const at = (row * COLUMNS + col) * 2;
      line += at < memory.length ? cellChar(memory[at]) : ' ';
    }
    lines.push(line.replace(/\s+$/, ''));
  }
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

/** Stops the guest and saves what was asked; files appear whole or not at all. */
export async function captureScreen(qmp: Qmp, want: ScreenRequest, scratch: string): Promise<void> {
  await qmp.execute('stop');
  if (want.png) {
    const tmp = path.join(scratch, 'screen.png');
    await qmp.execute('screendump', { filename: tmp, format: 'png' });
    moveFile(tmp, want.png);
  }
  if (want.text) {
    const raw = path.join(scratch, 'vga.bin');
    await qmp.execute('pmemsave', { val: VGA_TEXT, size: COLUMNS * ROWS * 2, filename: raw });
    const tmp = path.join(scratch, 'screen.txt');
    fs.writeFileSync(tmp, vgaText(fs.readFileSync(raw)));
    moveFile(tmp, want.text);
  }
}
