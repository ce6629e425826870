# libplatstub.a: every plat_* function with none of them usable, for the
# stub link that checks a fermented program has no undefined symbols.
PLATSTUB_SRCS += platstub/platstub.c
$(BUILD)/platstub/platstub.o: EXTRA_CFLAGS += -fno-stack-protector
