/**
 * Read-only facts about the LPAR, all read under a configurable {@link dev.hnvd.platform.Roots}:
 * {@link dev.hnvd.platform.Discoverer} (device tree to HNVs, with interface names),
 * {@link dev.hnvd.platform.SysfsKernel} (links and bonds as the kernel sees them) and
 * {@link dev.hnvd.platform.OsRelease}. Nothing here writes or throws on odd input: broken devices
 * become problem strings.
 */
package dev.hnvd.platform;
