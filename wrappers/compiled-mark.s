# Assembled into every object the x86_64-unicore-*-cc wrappers compile (the
# compile specs give it to `as` before the compiler's output), so unicore-bake
# can tell their objects from the host compiler's, which are built against
# glibc's headers (docs/architecture.md, "The .note.unicore recipe"). Not
# loaded: the section has no "a" flag. Installed as lib/unicore/notes/compiled.s.
	.pushsection .note.unicore.compiled, "", @note
	.p2align 2
	.long 8                 # name size
	.long 12                # descriptor size
	.long 4                 # type: compiled by a unicore wrapper (3 is the socket layer's)
	.asciz "Unicore"
	.asciz "x86_64-cc"
	.p2align 2
	.popsection
