/* Just enough ACPI to power off: RSDP -> RSDT/XSDT -> FADT -> DSDT's \_S5. */
#ifndef UNICORE_ACPI_H
#define UNICORE_ACPI_H

#include <stdint.h>

/* Where the loader said the RSDP is (PVH start info); 0: search the BIOS areas. */
void acpi_set_rsdp(uint64_t paddr);
/* Enters sleep state S5 (soft off). Returns only if that failed or there is
 * no ACPI. */
void acpi_power_off(void);

#endif
