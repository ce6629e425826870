/* PCI configuration space by mechanism #1 and a bus walk (see pci.h). */
#include <stdint.h>
#include "pci.h"
#include "../arch/x86_64/x86.h"

#define CONFIG_ADDRESS 0xcf8
#define CONFIG_DATA    0xcfc

#define REG_ID        0x00
#define REG_COMMAND   0x04
#define REG_STATUS    0x06
#define REG_CLASS     0x08
#define REG_HEADER    0x0e
#define REG_BAR0      0x10
#define REG_SECONDARY 0x19   /* bridges: the bus behind them */
#define REG_CAP_PTR   0x34
#define REG_IRQ_LINE  0x3c

#define COMMAND_IO     0x1
#define COMMAND_MEMORY 0x2
#define COMMAND_MASTER 0x4
#define STATUS_CAPS    0x10
#define HEADER_MULTI   0x80
#define CLASS_BRIDGE_PCI 0x0604

static void select_reg(const struct pci_dev *d, uint8_t off)
{
	outl(CONFIG_ADDRESS, 0x80000000u | (uint32_t)d->bus << 16 |
		(uint32_t)d->slot << 11 | (uint32_t)d->fn << 8 | (off & 0xfc));
}

uint32_t pci_read32(const struct pci_dev *d, uint8_t off)
{
	select_reg(d, off);
	return inl(CONFIG_DATA);
}

uint16_t pci_read16(const struct pci_dev *d, uint8_t off)
{
	return pci_read32(d, off) >> ((off & 2) * 8);
}

uint8_t pci_read8(const struct pci_dev *d, uint8_t off)
{
	return pci_read32(d, off) >> ((off & 3) * 8);
}

void pci_write32(const struct pci_dev *d, uint8_t off, uint32_t v)
{
	select_reg(d, off);
	outl(CONFIG_DATA, v);
}

void pci_write16(const struct pci_dev *d, uint8_t off, uint16_t v)
{
	select_reg(d, off);
	outw(CONFIG_DATA + (off & 2), v);
}

static int scan_bus(uint8_t bus, uint16_t vendor, uint16_t lo, uint16_t hi,
	struct pci_dev *out, int depth);

/* Checks one function: a match, or a bridge to search behind. */
static int check(struct pci_dev *d, uint16_t vendor, uint16_t lo, uint16_t hi,
	struct pci_dev *out, int depth)
{
	uint32_t id = pci_read32(d, REG_ID);

	d->vendor = id & 0xffff;
	d->device = id >> 16;
	if (d->vendor == vendor && d->device >= lo && d->device <= hi) {
		*out = *d;
		return 0;
	}
	if (pci_read32(d, REG_CLASS) >> 16 == CLASS_BRIDGE_PCI && depth < 8) {
		uint8_t secondary = pci_read8(d, REG_SECONDARY);
		if (secondary > d->bus)
			return scan_bus(secondary, vendor, lo, hi, out, depth + 1);
	}
	return -1;
}

static int scan_bus(uint8_t bus, uint16_t vendor, uint16_t lo, uint16_t hi,
	struct pci_dev *out, int depth)
{
	for (uint8_t slot = 0; slot < 32; slot++) {
		struct pci_dev d = { bus, slot, 0, 0, 0 };
		if ((pci_read32(&d, REG_ID) & 0xffff) == 0xffff)
			continue;
		int fns = pci_read8(&d, REG_HEADER) & HEADER_MULTI ? 8 : 1;
		for (d.fn = 0; d.fn < fns; d.fn++) {
			if ((pci_read32(&d, REG_ID) & 0xffff) == 0xffff)
				continue;
			if (check(&d, vendor, lo, hi, out, depth) == 0)
				return 0;
		}
	}
	return -1;
}

int pci_find(uint16_t vendor, uint16_t dev_lo, uint16_t dev_hi, struct pci_dev *out)
{
	return scan_bus(0, vendor, dev_lo, dev_hi, out, 0);
}

/* The size a BAR decodes: write all ones, read back the mask, restore. */
static uint64_t bar_size(const struct pci_dev *d, uint8_t off, uint32_t low, int wide)
{
	uint32_t mask_low, mask_high = 0xffffffff;
	uint64_t mask;

	pci_write32(d, off, 0xffffffff);
	mask_low = pci_read32(d, off);
	pci_write32(d, off, low);
	if (wide) {
		uint32_t high = pci_read32(d, off + 4);
		pci_write32(d, off + 4, 0xffffffff);
		mask_high = pci_read32(d, off + 4);
		pci_write32(d, off + 4, high);
	}
	mask = (uint64_t)mask_high << 32 | (mask_low & (low & 1 ? ~0x3u : ~0xfu));
	if (low & 1)
		mask |= 0xffffffffffff0000ull;
	return mask ? ~mask + 1 : 0;
}

void pci_bar(const struct pci_dev *d, int n, struct pci_bar *bar)
{
	uint8_t off = REG_BAR0 + 4 * n;
	uint32_t low = pci_read32(d, off);
	uint16_t command = pci_read16(d, REG_COMMAND);
	int wide = !(low & 1) && (low & 0x6) == 0x4;

	/* Sizing must not decode half-written addresses. */
	pci_write16(d, REG_COMMAND, command & ~(COMMAND_IO | COMMAND_MEMORY));
	bar->io = low & 1;
	bar->addr = bar->io ? low & ~0x3u : low & ~0xfu;
	if (wide && n < 5)
		bar->addr |= (uint64_t)pci_read32(d, off + 4) << 32;
	bar->size = bar_size(d, off, low, wide && n < 5);
	pci_write16(d, REG_COMMAND, command);
}

void pci_enable(const struct pci_dev *d)
{
	uint16_t command = pci_read16(d, REG_COMMAND);
	pci_write16(d, REG_COMMAND, command | COMMAND_IO | COMMAND_MEMORY | COMMAND_MASTER);
}

int pci_irq_line(const struct pci_dev *d)
{
	uint8_t line = pci_read8(d, REG_IRQ_LINE);
	return line == 0 || line >= 16 ? -1 : line;
}

uint8_t pci_next_cap(const struct pci_dev *d, uint8_t id, uint8_t from)
{
	uint8_t off;
	int guard = 48;

	if (!(pci_read16(d, REG_STATUS) & STATUS_CAPS))
		return 0;
	off = from ? pci_read8(d, from + 1) : pci_read8(d, REG_CAP_PTR);
	for (; off >= 0x40 && guard-- > 0; off = pci_read8(d, off + 1)) {
		off &= 0xfc;
		if (pci_read8(d, off) == id)
			return off;
	}
	return 0;
}
