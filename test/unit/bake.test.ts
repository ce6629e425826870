/**
 * The pure parts of unicore-bake: memory sizes, names, --cmdline, the baked
 * data, ELF notes, input classification (on ELF files made here), the link's
 * failure summary, grub.cfg and grub-mkrescue's arguments.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { asmBytes, BAKED_DATA_TEMPLATE, bakedDataAsm } from '../../bake/baked-data';
import { checkRecipe, classifyInputs } from '../../bake/inputs';
import { GRUB_CFG_TEMPLATE, grubConfig, mkrescueArgs } from '../../bake/iso';
import { imageLinkArgs, linkFailureSummary } from '../../bake/link';
import { defaultOutput, extractCmdline, programName, sourceDateEpoch } from '../../bake/options';
import { EM_X86_64, ET_REL, parseNotes } from '../../lib/elf';
import { UserError } from '../../lib/errors';
import { parseMem } from '../../lib/mem';
import { formatImageNote, formatKeyValues, NOTE_IMAGE, NOTE_RECIPE, parseKeyValues } from '../../lib/notes';
import { platformNamed } from '../../lib/platforms';
import { splitCmdline } from '../../lib/shell';
import { readTemplate } from '../../lib/templates';

/** One ELF note (name Unicore), padded to 4 bytes. */
function note(type: number, desc: string): Buffer {
  const name = Buffer.from('Unicore\0');
  const d = Buffer.from(desc);
  const head = Buffer.alloc(12);
  head.writeUInt32LE(name.length, 0);
  head.writeUInt32LE(d.length, 4);
  head.writeUInt32LE(type, 8);
  return Buffer.concat([head, name, d, Buffer.alloc((4 - (d.length % 4)) % 4)]);
}

/** A minimal little-endian ELF64 file: the header and one SHT_NOTE section holding notes. */
function elfFile(opts: { type?: number; machine?: number; notes?: Buffer[] }): Buffer {
  const notes = Buffer.concat(opts.notes ?? []);
  const header = Buffer.alloc(64);
  header.write('\x7fELF', 0, 'latin1');
  header[4] = 2;   // ELF64
  header[5] = 1;   // little-endian
  header[6] = 1;
  header.writeUInt16LE(opts.type ?? ET_REL, 16);
  header.writeUInt16LE(opts.machine ?? EM_X86_64, 18);
  header.writeBigUInt64LE(BigInt(64 + notes.length), 40);   // e_shoff
  header.writeUInt16LE(64, 52);
  header.writeUInt16LE(64, 58);                               // e_shentsize
  header.writeUInt16LE(1, 60);                                // e_shnum
  const section = Buffer.alloc(64);
  section.writeUInt32LE(7, 4);                                // SHT_NOTE
  section.writeBigUInt64LE(64n, 24);
  section.writeBigUInt64LE(BigInt(notes.length), 32);
  section.writeBigUInt64LE(4n, 48);
  return Buffer.concat([header, notes, section]);
}

const RECIPE = formatKeyValues({ toolchain: '0.1.0', abi: '1.0.0', tuple: 'x86_64-unicore-kvm', platform: 'kvm', libc: 'newlib-3.3.0' });

describe('bake helpers', () => {
  test('--mem sizes are MiB, with units; nonsense and tiny sizes are refused', () => {
    expect(parseMem('64M')).toBe(64);
    expect(parseMem('1G')).toBe(1024);
    expect(parseMem('1GiB')).toBe(1024);
    expect(parseMem('128')).toBe(128);
    expect(parseMem('65536K')).toBe(64);
    expect(() => parseMem('1500K')).toThrow(/whole number of MiB/);
    expect(parseMem('2M')).toBe(2);
    expect(() => parseMem('1M')).toThrow(/too small/);
    expect(() => parseMem('-1')).toThrow(/not a memory size/);
    expect(() => parseMem('B')).toThrow(/not a memory size/);
  });

  test('--cmdline keeps values that look like options', () => {
    expect(extractCmdline(['kvm', 'p', '--cmdline', '--greeting=metal', '-o', 'x'])).toEqual({ argv: ['kvm', 'p', '-o', 'x'], cmdline: '--greeting=metal' });
    expect(extractCmdline(['--cmdline=-v a', 'kvm'])).toEqual({ argv: ['kvm'], cmdline: '-v a' });
    expect(extractCmdline(['kvm', 'p'])).toEqual({ argv: ['kvm', 'p'], cmdline: undefined });
    expect(() => extractCmdline(['kvm', 'p', '--cmdline'])).toThrow(/needs a value/);
  });

  test('names: INPUT.PLATFORM, objects by program name, ISOs as .iso', () => {
    expect(defaultOutput('src/hello', platformNamed('kvm'), false, false)).toBe('src/hello.kvm');
    expect(defaultOutput('src/app.o', platformNamed('xen'), true, false)).toBe('src/app.xen');
    expect(defaultOutput('hello', platformNamed('baremetal'), false, true)).toBe('hello.iso');
    expect(programName('src/minigzip')).toBe('minigzip');
    expect(programName('obj/main.o')).toBe('main');
  });

  test('the baked-data source carries the note and the strings as bytes', () => {
    const template = readTemplate(BAKED_DATA_TEMPLATE);
    const asm = bakedDataAsm(template, {
      rootfsFile: 'rootfs.tar', cmdline: `a "b c"`, progname: 'hello', image: { platform: 'kvm', mem: 64, name: 'hello', net: false },
    });
    expect(asm).not.toMatch(/@[A-Z_]+@/);
    expect(asm).toContain('.incbin "rootfs.tar"');
    expect(asm).toContain(asmBytes(Buffer.from('a "b c"\0', 'latin1')));
    expect(asm).toContain(asmBytes(Buffer.from(formatImageNote({ platform: 'kvm', mem: 64, name: 'hello', net: false }))));
    expect(() => bakedDataAsm(template, { rootfsFile: 'a"b', cmdline: '', progname: 'x', image: { platform: 'kvm', mem: 64, name: 'x', net: false } }))
      .toThrow();
  });

  test('notes parse back, padding and all', () => {
    const notes = parseNotes(Buffer.concat([note(1, 'abi=1.0.0\n\0'), note(2, 'platform=xen\nmem=64\nname=x\n\0')]));
    expect(notes.map((n) => [n.name, n.type])).toEqual([['Unicore', 1], ['Unicore', 2]]);
    expect(parseKeyValues(notes[1].desc.toString())).toEqual(new Map([['platform', 'xen'], ['mem', '64'], ['name', 'x']]));
  });
});

describe('bake inputs', () => {
  let dir: string;
  const file = (name: string, bytes: Buffer) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, bytes);
    return f;
  };
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unicore-unit-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a program with the recipe is one program; plain objects are objects', () => {
    const program = file('hello', elfFile({ notes: [note(NOTE_RECIPE, RECIPE)] }));
    expect(classifyInputs([program], 'kvm')).toMatchObject({ kind: 'program', file: program, recipe: { abi: '1.0.0', platform: 'kvm' } });
    // Objects the wrappers compiled carry the .note.unicore.compiled mark (type 3).
    const compiled = () => elfFile({ notes: [note(3, 'x86_64-cc\0')] });
    const a = file('a.o', compiled());
    const b = file('b.o', compiled());
    expect(classifyInputs([a, b], 'xen')).toEqual({ kind: 'objects', files: [a, b] });
    const host = file('host.o', elfFile({}));
    expect(() => classifyInputs([a, host], 'xen')).toThrow(/host\.o was not compiled by a unicore wrapper \(no \.note\.unicore\.compiled;/);
  });

  test('anything else is refused in one line that says what to do', () => {
    const cases: Array<[string, Buffer, RegExp]> = [
      ['text', Buffer.from('hello\n'), /is not an ELF object: bake takes a program linked with x86_64-unicore-kvm-gcc/],
      ['arm.o', elfFile({ machine: 183 }), /for another machine, not x86-64/],
      ['exe', elfFile({ type: 2 }), /is a linked executable, not a unicore program/],
      ['image', elfFile({ type: 2, notes: [note(NOTE_IMAGE, formatImageNote({ platform: 'xen', mem: 64, name: 'x', net: false }))] }),
        /is already a unicore image \(baked for xen\)/],
      ['plain', elfFile({}), /was not built with the unicore toolchain \(no .note.unicore\): link it with x86_64-unicore-kvm-gcc/],
    ];
    for (const [name, bytes, message] of cases) {
      expect(() => classifyInputs([file(name, bytes)], 'kvm')).toThrow(message);
    }
    expect(() => classifyInputs([path.join(dir, 'missing')], 'kvm')).toThrow(/missing: no such file/);
  });

  test('a recipe from another ABI is refused', () => {
    const recipe = { toolchain: '9.0.0', abi: '2.0.0', tuple: 'x86_64-unicore-kvm', platform: 'kvm', libc: 'newlib-3.3.0' };
    expect(() => checkRecipe('p', recipe, '1.0.0', '0.1.0')).toThrow(/ABI 2.0.0 .* has ABI 1.0.0/);
    expect(() => checkRecipe('p', { ...recipe, abi: '1.2.0' }, '1.0.0', '0.1.0')).not.toThrow();
    expect(() => checkRecipe('p', { ...recipe, abi: '1.0.0' }, '1.0.0', '0.1.0')).not.toThrow();
    expect(() => checkRecipe('p', { ...recipe, abi: 'x' }, '1.0.0', '0.1.0')).toThrow(UserError);
  });
});

describe('the image link', () => {
  test('deterministic, static, with the unwind table header, in the order program, baked data, platform, libgcc', () => {
    expect(imageLinkArgs({ ld: 'ld', linkScript: 'l.ld', program: 'p.o', bakedData: 'b.o', libplat: 'libplat.a', libgcc: 'libgcc.a', out: 'o' }))
      .toEqual(['-nostdlib', '-static', '--build-id=none', '-z', 'noexecstack', '--eh-frame-hdr', '--gc-sections', '-T', 'l.ld', '-o', 'o', 'p.o', 'b.o', 'libplat.a', 'libgcc.a']);
  });

  test('a failed link names the undefined symbols and the wrapper to use', () => {
    const out = "ld: p.o: in function `main':\nx.c:(.text+0x5): undefined reference to `socket'\nundefined reference to `socket'\n";
    expect(linkFailureSummary(out, 'kvm')).toMatch(/^linking the kvm image failed: undefined socket: .* x86_64-unicore-kvm-gcc/);
    expect(linkFailureSummary('ld: cannot find -lplat', 'xen')).toMatch(/see the linker errors above\): rebuild .* x86_64-unicore-xen-gcc$/);
  });
});

describe('grub.cfg', () => {
  const cfg = (cmdline: string) => grubConfig(readTemplate(GRUB_CFG_TEMPLATE), { cmdline, name: 'hello' });

  test('the arguments go on the multiboot line; GRUB boots at once on serial and screen', () => {
    const text = cfg('--greeting=metal');
    expect(text).toMatch(/^\s*multiboot \/boot\/unicore\.elf --greeting=metal$/m);
    expect(text).toMatch(/^set timeout=0$/m);
    expect(text).toMatch(/^serial --unit=0 --speed=115200/m);
    expect(text).toMatch(/^terminal_input serial console$/m);
    expect(text).toMatch(/^terminal_output serial console$/m);
    expect(text).toMatch(/^\s*boot$/m);
  });

  test('words keep their spaces and quotes, and GRUB does not expand $', () => {
    const text = cfg(`unicore.env=A=1 -- 'bars say hi' "it's" $HOME '$&'`);
    expect(text).toContain(`multiboot /boot/unicore.elf unicore.env=A=1 -- 'bars say hi' 'it'\\''s' '$HOME' '$&'`);
  });

  test('the command line is split like the boot command line', () => {
    expect(splitCmdline(` a  'b c'"d"\\ e "f\\"g" ''`)).toEqual(['a', 'b cd e', 'f"g', '']);
    expect(() => splitCmdline(`'open`)).toThrow(UserError);
    expect(() => splitCmdline(`"open`)).toThrow(/unterminated " quote/);
  });
});

describe('reproducible ISOs', () => {
  test('SOURCE_DATE_EPOCH: unset is none; a number is seconds; anything else is refused', () => {
    expect(sourceDateEpoch({})).toBeUndefined();
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: '' })).toBeUndefined();
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: '1700000000' })).toBe(1700000000);
    expect(() => sourceDateEpoch({ SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(/SOURCE_DATE_EPOCH=yesterday is not a number of seconds/);
  });

  test('with an epoch every date xorriso writes is set after --', () => {
    const args = mkrescueArgs('/t', '/o.iso', 1700000000, 'hello world');
    expect(args).toEqual(expect.arrayContaining(['-o', '/o.iso', '/t', '-volid', 'HELLO_WORLD']));
    expect(args.slice(args.indexOf('--'))).toEqual(expect.arrayContaining(['-volume_date', 'uuid', '2023111422132000']));
    expect(mkrescueArgs('/t', '/o.iso', undefined, 'x')).not.toContain('--');
  });
});

describe('the native helper\'s data (bake/native.ts)', () => {
  const native = require('../../bake/native') as typeof import('../../bake/native');
  const info = {
    toolchain: '0.1.0', abi: '1.0.0', libc: 'newlib-3.3.0', cc: '/usr/bin/gcc', ccVersion: '12.2.0', ld: '/usr/bin/ld', as: '/usr/bin/as',
    libgcc: '/usr/lib/gcc/x86_64-linux-gnu/12/libgcc.a', gccInclude: '/i', gccIncludeFixed: '/i',
  };
  const fill = (w: string) => w.replace(/@UB_PREFIX@/g, '/p').replace(/@UB_PLATFORM@/g, 'kvm').replace('@UB_PROGRAM@', '/w/program.o')
    .replace('@UB_BAKED@', '/w/baked.o').replace('@UB_IMAGE@', '/w/image');

  test('its ld and as argv are the Node path\'s once the markers are filled in', () => {
    expect(native.nativeLdArgv(info).map(fill)).toEqual(['/usr/bin/ld', ...imageLinkArgs({
      ld: '/usr/bin/ld', linkScript: '/p/lib/unicore/platforms/kvm/link.ld', libplat: '/p/lib/unicore/platforms/kvm/libplat.a',
      program: '/w/program.o', bakedData: '/w/baked.o', libgcc: info.libgcc, out: '/w/image',
    })]);
    expect(native.nativeAsArgv(info).map(fill)).toEqual(['/usr/bin/as', '--64', '-o', '/w/baked.o', 'baked.S']);
    expect(native.nativeAsArgv({ ...info, as: undefined }).map(fill)).toEqual(['/usr/bin/gcc', '-c', '-fno-pie', '-o', '/w/baked.o', 'baked.S']);
  });

  test('its baked-data source and image note are bakedDataAsm\'s and formatImageNote\'s once filled in', () => {
    const image = { platform: 'xen', mem: 80, name: 'hello', net: true };
    const note = native.nativeImageNotes()[1].replace('@UB_PLATFORM@', 'xen').replace('@UB_MEM@', '80').replace('@UB_NAME@', 'hello');
    expect(`${note}\0`).toBe(formatImageNote(image));
    const asm = native.nativeBakedAsm().replace('@UB_NOTE_BYTES@', asmBytes(Buffer.from(`${note}\0`)))
      .replace('@UB_CMDLINE_BYTES@', asmBytes(Buffer.from('\0'))).replace('@UB_PROGNAME_BYTES@', asmBytes(Buffer.from('hello\0')));
    expect(asm).toBe(bakedDataAsm(readTemplate(BAKED_DATA_TEMPLATE), { rootfsFile: 'rootfs.tar', cmdline: '', progname: 'hello', image }));
  });

  test('the header carries the toolchain.json text, every platform and the constants', () => {
    const json = `${JSON.stringify(info, null, 2)}\n`;
    const header = native.nativeBakeHeader(info, json);
    expect(header).toContain('#define UB_TOOLCHAIN_JSON "{\\n  \\"toolchain\\": \\"0.1.0\\",');
    expect(header).toContain('"xen",\n\t"kvm",\n\t"baremetal",\n\t"linuxu",\n\t0');
    expect(header).toContain('static const int ub_runs_as_process[] = { 0, 0, 0, 1 };');
    expect(header).toMatch(/#define UB_DEFAULT_MEM_MIB 64\n/);
    expect(header).toMatch(/#define UB_IMAGE_MODE 0755\n/);
  });
});
