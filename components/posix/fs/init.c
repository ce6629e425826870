/*
 * The tree every Unix has before the boot archive is unpacked over it: a
 * writable /tmp (sticky, world-writable), the usual character devices in
 * /dev and the mount table.
 */
#include <unicore/file.h>
#include "vfs.h"

/* The mount table (<mntent.h>, what df and find -fstype read): the one
 * filesystem there is, mounted at /. Type tmpfs as statfs() says. */
static void add_mtab(void)
{
	static const char table[] = "tmpfs / tmpfs rw 0 0\n";
	struct vfs_node *etc, *mtab;

	if (vfs_create(vfs_root(), "etc", S_IFDIR | 0755, &etc) < 0)
		return;
	if (vfs_create(etc, "mtab", S_IFREG | 0644, &mtab) == 0) {
		vfs_reg_write(mtab, 0, table, sizeof table - 1);
		vfs_node_close(mtab);
	}
	vfs_node_close(etc);
}

void uc_vfs_init(void)
{
	struct vfs_node *root = vfs_root(), *dev, *tmp;

	if (!root)
		return;
	if (vfs_create(root, "tmp", S_IFDIR | 01777, &tmp) == 0)
		vfs_node_close(tmp);
	if (vfs_create(root, "dev", S_IFDIR | 0755, &dev) == 0) {
		vfs_dev_populate(dev);
		vfs_node_close(dev);
	}
	add_mtab();
}
