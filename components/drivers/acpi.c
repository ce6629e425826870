/*
 * ACPI soft-off. The sleep type values for S5 live in the DSDT's AML as
 * `Name (_S5, Package () { SLP_TYPa, SLP_TYPb, ... })`; we find that byte
 * pattern instead of running an AML interpreter, as small kernels do. All
 * tables are read through the identity map, so only those below 4 GiB count.
 */
#include <stdint.h>
#include <string.h>
#include "acpi.h"
#include "arch/x86_64/x86.h"

#define MAPPED_END 0x100000000ull

struct sdt_header {
	char signature[4];
	uint32_t length;
	uint8_t revision, checksum;
	char oem[6], oem_table[8];
	uint32_t oem_revision, creator, creator_revision;
} __attribute__((packed));

struct rsdp {
	char signature[8];
	uint8_t checksum;
	char oem[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length;             /* revision >= 2 */
	uint64_t xsdt;
} __attribute__((packed));

/* FADT fields we use, at their byte offsets. */
#define FADT_DSDT        40
#define FADT_SMI_CMD     48
#define FADT_ACPI_ENABLE 52
#define FADT_PM1A_CNT    64
#define FADT_PM1B_CNT    68
#define FADT_X_DSDT      140
#define PM1_SCI_EN  0x0001
#define PM1_SLP_EN  0x2000
#define AML_NAME    0x08
#define AML_PACKAGE 0x12
#define AML_BYTE    0x0a

static uint64_t rsdp_hint;

void acpi_set_rsdp(uint64_t paddr)
{
	rsdp_hint = paddr;
}

static int checksum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return sum == 0;
}

static const struct rsdp *rsdp_at(uintptr_t p)
{
	const struct rsdp *r = (const void *)p;
	return memcmp(r->signature, "RSD PTR ", 8) == 0 && checksum_ok(r, 20) ? r : 0;
}

/* The last KiB of conventional memory (where the EBDA usually is) and the
 * BIOS ROM; the EBDA pointer itself sits in page 0, which is unmapped. */
static const struct rsdp *find_rsdp(void)
{
	const struct rsdp *r;

	if (rsdp_hint && rsdp_hint < MAPPED_END && (r = rsdp_at(rsdp_hint)))
		return r;
	for (uintptr_t p = 0x9fc00; p < 0xa0000; p += 16)
		if ((r = rsdp_at(p)))
			return r;
	for (uintptr_t p = 0xe0000; p < 0x100000; p += 16)
		if ((r = rsdp_at(p)))
			return r;
	return 0;
}

static const struct sdt_header *table_at(uint64_t paddr, const char *sig)
{
	if (paddr == 0 || paddr >= MAPPED_END)
		return 0;
	const struct sdt_header *h = (const void *)(uintptr_t)paddr;
	if (memcmp(h->signature, sig, 4) != 0 || h->length < sizeof *h)
		return 0;
	return h;
}

static const struct sdt_header *find_table(const struct rsdp *r, const char *sig)
{
	const struct sdt_header *root;
	size_t entry = 8;

	if (r->revision < 2 || !(root = table_at(r->xsdt, "XSDT"))) {
		root = table_at(r->rsdt, "RSDT");
		entry = 4;
	}
	if (!root)
		return 0;
	const uint8_t *p = (const uint8_t *)(root + 1);
	const uint8_t *end = (const uint8_t *)root + root->length;
	for (; p + entry <= end; p += entry) {
		uint64_t addr = 0;
		memcpy(&addr, p, entry);
		const struct sdt_header *h = table_at(addr, sig);
		if (h)
			return h;
	}
	return 0;
}

static uint32_t field32(const struct sdt_header *h, size_t off)
{
	uint32_t v = 0;
	if (off + 4 <= h->length)
		memcpy(&v, (const uint8_t *)h + off, 4);
	return v;
}

/* One AML integer of the package: ZeroOp, OneOp or BytePrefix n. */
static int aml_small_int(const uint8_t **p)
{
	uint8_t op = *(*p)++;
	if (op == 0x00 || op == 0x01)
		return op;
	if (op == AML_BYTE)
		return *(*p)++;
	return -1;
}

/* Finds \_S5's two sleep type values in the DSDT; returns 0 or -1. */
static int find_s5(const struct sdt_header *dsdt, int *typ_a, int *typ_b)
{
	const uint8_t *p = (const uint8_t *)(dsdt + 1);
	const uint8_t *end = (const uint8_t *)dsdt + dsdt->length;

	for (; p + 12 < end; p++) {
		if (memcmp(p, "_S5_", 4) != 0 || (p[-1] != AML_NAME && p[-2] != AML_NAME))
			continue;
		const uint8_t *q = p + 4;
		if (*q++ != AML_PACKAGE)
			continue;
		q += (*q >> 6) + 1;              /* PkgLength: 1 to 4 bytes */
		q++;                             /* NumElements */
		*typ_a = aml_small_int(&q);
		*typ_b = aml_small_int(&q);
		return *typ_a >= 0 && *typ_b >= 0 ? 0 : -1;
	}
	return -1;
}

void acpi_power_off(void)
{
	const struct rsdp *r = find_rsdp();
	const struct sdt_header *fadt, *dsdt = 0;
	int typ_a, typ_b;

	if (!r || !(fadt = find_table(r, "FACP")))
		return;
	if (fadt->length >= FADT_X_DSDT + 8) {
		uint64_t x = 0;
		memcpy(&x, (const uint8_t *)fadt + FADT_X_DSDT, 8);
		dsdt = table_at(x, "DSDT");
	}
	if (!dsdt)
		dsdt = table_at(field32(fadt, FADT_DSDT), "DSDT");
	uint16_t pm1a = field32(fadt, FADT_PM1A_CNT), pm1b = field32(fadt, FADT_PM1B_CNT);
	if (!dsdt || !pm1a || find_s5(dsdt, &typ_a, &typ_b) != 0)
		return;

	/* Firmware may have left ACPI in legacy (SMM) mode: ask to switch. */
	uint32_t smi_cmd = field32(fadt, FADT_SMI_CMD);
	uint8_t enable = ((const uint8_t *)fadt)[FADT_ACPI_ENABLE];
	if (smi_cmd && enable && !(inw(pm1a) & PM1_SCI_EN)) {
		outb(smi_cmd, enable);
		for (int i = 0; i < 1000000 && !(inw(pm1a) & PM1_SCI_EN); i++)
			cpu_relax();
	}
	outw(pm1a, (uint16_t)(typ_a << 10) | PM1_SLP_EN);
	if (pm1b)
		outw(pm1b, (uint16_t)(typ_b << 10) | PM1_SLP_EN);
	for (int i = 0; i < 1000000; i++)   /* give the chipset a moment */
		cpu_relax();
}
