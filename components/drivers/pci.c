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

/* The CONFIG_ADDRESS last written. Only this file writes the port and only
 * while the boot CPU brings devices up, so a read of the dword already
 * selected (the fields of one register, a capability's id, next pointer and
 * type) skips the write: each port access is an exit to the hypervisor. */
static uint32_t selected;

static void select_reg(const struct pci_dev *d, uint8_t off)
{
	uint32_t address = 0x80000000u | (uint32_t)d->bus << 16 |
		(uint32_t)d->slot << 11 | (uint32_t)d->fn << 8 | (off & 0xfc);

	if (address != selected) {
		outl(CONFIG_ADDRESS, address);
		selected = address;
	}
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

/* A walk for the function whose device comes earliest in want->devices. */
struct want {
	uint16_t vendor;
	const uint16_t *devices;
	int best;                 /* index in devices of *out so far; n: none */
	struct pci_dev *out;
};

static void scan_bus(uint8_t bus, struct want *w, int depth);

/* One present function whose ID register read id: a better match, or a
 * bridge to search behind. */
static void check(struct pci_dev *d, uint32_t id, struct want *w, int depth)
{
	d->vendor = id & 0xffff;
	d->device = id >> 16;
	if (d->vendor == w->vendor) {
		for (int i = 0; i < w->best; i++)
			if (d->device == w->devices[i]) {
				*w->out = *d;
				w->best = i;
				return;
			}
	}
	if (pci_read32(d, REG_CLASS) >> 16 == CLASS_BRIDGE_PCI && depth < 8) {
		uint8_t secondary = pci_read8(d, REG_SECONDARY);
		if (secondary > d->bus)
			scan_bus(secondary, w, depth + 1);
	}
}

static void scan_bus(uint8_t bus, struct want *w, int depth)
{
	for (uint8_t slot = 0; slot < 32 && w->best > 0; slot++) {
		struct pci_dev d = { bus, slot, 0, 0, 0 };
		uint32_t id = pci_read32(&d, REG_ID);
		if ((id & 0xffff) == 0xffff)
			continue;
		int fns = pci_read8(&d, REG_HEADER) & HEADER_MULTI ? 8 : 1;
		for (d.fn = 0; d.fn < fns && w->best > 0; d.fn++) {
			if (d.fn > 0 && ((id = pci_read32(&d, REG_ID)) & 0xffff) == 0xffff)
				continue;
			check(&d, id, w, depth);
		}
	}
}

int pci_find(uint16_t vendor, const uint16_t *devices, int n, struct pci_dev *out)
{
	struct want w = { vendor, devices, n, out };

	scan_bus(0, &w, 0);
	return w.best < n ? 0 : -1;
}

/* Not sized: sizing writes the BAR with decoding off, and under Xen each
 * change of a dom0's decoding unmaps or maps the BARs (vPCI) besides the
 * configuration accesses; drivers map what a capability says they use. */
void pci_bar(const struct pci_dev *d, int n, struct pci_bar *bar)
{
	uint8_t off = REG_BAR0 + 4 * n;
	uint32_t low = pci_read32(d, off);

	bar->io = low & 1;
	bar->addr = bar->io ? low & ~0x3u : low & ~0xfu;
	if (!bar->io && (low & 0x6) == 0x4 && n < 5)      /* 64-bit */
		bar->addr |= (uint64_t)pci_read32(d, off + 4) << 32;
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

	if (from)                 /* a capability's id and next share a dword */
		off = pci_read32(d, from) >> 8;
	else if (pci_read16(d, REG_STATUS) & STATUS_CAPS)
		off = pci_read8(d, REG_CAP_PTR);
	else
		return 0;
	while (off >= 0x40 && guard-- > 0) {
		off &= 0xfc;
		uint32_t head = pci_read32(d, off);
		if ((head & 0xff) == id)
			return off;
		off = head >> 8;
	}
	return 0;
}
