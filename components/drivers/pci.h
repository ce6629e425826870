/*
 * PCI configuration space through the PC's mechanism #1 (ports 0xCF8/0xCFC),
 * which every PC chipset QEMU emulates (i440fx, q35) and real PCs answer.
 */
#ifndef UNICORE_DRIVERS_PCI_H
#define UNICORE_DRIVERS_PCI_H

#include <stdint.h>

struct pci_dev {
	uint8_t bus, slot, fn;
	uint16_t vendor, device;
};

/* A base address register as firmware programmed it (not sized). */
struct pci_bar {
	uint64_t addr;        /* I/O port or physical memory address; 0: unset */
	int io;               /* 1: I/O space */
};

uint32_t pci_read32(const struct pci_dev *d, uint8_t off);
uint16_t pci_read16(const struct pci_dev *d, uint8_t off);
uint8_t pci_read8(const struct pci_dev *d, uint8_t off);
void pci_write32(const struct pci_dev *d, uint8_t off, uint32_t v);
void pci_write16(const struct pci_dev *d, uint8_t off, uint16_t v);

/* Walks the buses reachable from bus 0 (through PCI-PCI bridges) for a
 * function of vendor whose device is one of devices[0..n-1], the earlier in
 * the list the better: one walk, which stops at the first devices[0].
 * Returns 0 and fills *out, or -1. */
int pci_find(uint16_t vendor, const uint16_t *devices, int n, struct pci_dev *out);

/* Reads BAR n (0-5); a 64-bit BAR takes n and n+1. */
void pci_bar(const struct pci_dev *d, int n, struct pci_bar *bar);

/* Turns on I/O and memory decoding and bus mastering (DMA). */
void pci_enable(const struct pci_dev *d);

/* The legacy interrupt line (the PIC IRQ firmware routed INTx to), or -1. */
int pci_irq_line(const struct pci_dev *d);

/* Offset of the first capability of type id after offset from (0: from the
 * start of the list), or 0 when there is none. */
uint8_t pci_next_cap(const struct pci_dev *d, uint8_t id, uint8_t from);

#define PCI_CAP_VENDOR 0x09

#endif
