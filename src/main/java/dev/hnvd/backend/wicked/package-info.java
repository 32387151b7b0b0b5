/**
 * The wicked backend (SLES 15): HNV bonds as {@code ifcfg-bond<id>} files, applied with
 * {@code wicked ifup} while wicked.service runs.
 *
 * <p>Entry points: {@link dev.hnvd.backend.wicked.WickedBackend} (constructed from
 * {@link dev.hnvd.backend.wicked.WickedSettings}, a {@link dev.hnvd.backend.wicked.ServiceState}
 * and a {@link dev.hnvd.platform.KernelView}). Inside: {@code IfcfgFile} (lossless parser/writer),
 * {@code WickedProfileBuilder} (one bond's ifcfg file, pure), {@code IfcfgProfiles} (files to planner profiles),
 * {@code WickedTranslator} (plan to file contents and runtime steps), {@code IfcfgDir} (atomic
 * writes), {@code WickedRollback} (crash rollback), {@code WickedCli} (the wicked program),
 * {@code WickedVerifier} (kernel side; runtime writes go through the shared
 * {@link dev.hnvd.backend.BondSysfs}). See docs/wicked.md.
 */
package dev.hnvd.backend.wicked;
