package dev.hnvd.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Spec-only picocli commands for the man pages of what is not a picocli command at run time: the
 * DynamicRM names (parsed by hand in {@link DynamicRm}, byte-compatible with hcnmgr) and the
 * daemon. Nothing here runs; keep the texts in step with DynamicRm's usage() and
 * docs/operations.md.
 */
final class ManPageSpecs {
  private ManPageSpecs() {}

  static final String[] GLOBAL_NOTE = {
      "hnvd's own options, accepted anywhere on the line and ignored by DynamicRM: *--root* _DIR_, "
          + "*--device-tree* _DIR_, *--sysfs* _DIR_, *--backend* auto|nm|wicked (or the environment "
          + "variables HNVD_ROOT, HNVD_DEVICE_TREE, HNVD_SYSFS, HNVD_BACKEND); a root that does not exist "
          + "or is not a directory is error code 22. *--help* (or *-h*) after any name prints the usage "
          + "(as *hcnmgr -h*) and exits 0."};

  static final String[] EXIT = {"0:success (also: not a PowerVM LPAR, nothing to do)", "1:any failure; the reason is the [ERROR] line"};

  static final String[] OUTPUT = {
      "Everything is printed on standard output as lines `[LEVEL]:message` (LEVEL is INFO, WARN, DEBUG or "
          + "ERROR), as hcnmgr printed them; the HMC shows them. A failure prints exactly one line",
      "",
      "  [ERROR]:<command>:error code <N>, <text>",
      "",
      "and exits 1. The codes are hcnmgr's:",
      "",
      "  16   Network device busy, no backup device",
      "       (hcnqrydev: removing the VF would drop the network)",
      "  19   Failed to find device or get device name",
      "       (DRC index not in the device tree, or no interface)",
      "  22   Invalid argument, or the HNV id does not exist",
      "  101  No connection manager reachable (NetworkManager or",
      "       wicked), or the change was refused and rolled back",
      "",
      "Values: DRC_INDEX and HCN_ID are hexadecimal u32 values, any case, with or without 0x; "
          + "HCN_ID=1a2b names bond bond00001a2b. Unlike hcnmgr, a malformed value, a value above "
          + "0xFFFFFFFF, an unknown KEY= or an unknown command name exits 1."};

  static final String SEE_ALSO = "hnvctl(8), hnvd(8), hnvd-hcnmgr(8)";

  @Command(name = "hcncfgdrc", customSynopsis = "*hcncfgdrc* DRC_INDEX=_drc_index_ [STAKE_TOKEN=NULL] [*-d* _level_]",
      description = {
          "Add a device to its HNV bond (DynamicRM command).",
          "",
          "Configures the HNV device with DRC index _drc_index_ (run by the HMC through DynamicRM after "
              + "adding an SR-IOV logical port, vNIC or virtual Ethernet adapter with an HNV id). The "
              + "device's port joins bond bond<hcn-id> in active-backup mode; the SR-IOV VF becomes the "
              + "primary. The bond is created when missing. Waits for udev to name a new device."},
      exitCodeListHeading = "Exit status%n", exitCodeList = {"0:configured (or already configured)", "1:failed; see the [ERROR] line"},
      footerHeading = "Output%n")
  static final class Cfgdrc {
    @Parameters(paramLabel = "DRC_INDEX=drc_index", description = "DRC index of the device (ibm,my-drc-index; for an SR-IOV VF the PHB's).")
    String drc;
    @Parameters(paramLabel = "STAKE_TOKEN=NULL", arity = "0..1", description = "Accepted and ignored, as hcnmgr did.")
    String stake;
    @Option(names = "-d", paramLabel = "level", description = "Debug level, a number; accepted and only logged (anything else is error code 22).")
    String debug;
  }

  @Command(name = "hcnrmdev", customSynopsis = "*hcnrmdev* DRC_INDEX=_drc_index_ HCN_ID=_hcnid_",
      description = {
          "Remove a device from its HNV bond (DynamicRM command).",
          "",
          "Removes the device with DRC index _drc_index_ from HNV _hcnid_'s bond (run by the HMC before "
              + "removing the device, e.g. the VF before a live migration). If the device carries the "
              + "traffic, the bond fails over to the backup first. A mismatch between _hcnid_ and the "
              + "device tree's id is reported as a warning, as hcnmgr did."},
      exitCodeListHeading = "Exit status%n", exitCodeList = {"0:removed (or was not a port)", "1:failed; see the [ERROR] line"},
      footerHeading = "Output%n")
  static final class Rmdev {
    @Parameters(paramLabel = "DRC_INDEX=drc_index", description = "DRC index of the device.")
    String drc;
    @Parameters(paramLabel = "HCN_ID=hcnid", description = "HNV id (ibm,hcn-id), hexadecimal.")
    String id;
  }

  @Command(name = "hcnrmhcn", customSynopsis = "*hcnrmhcn* HCN_ID=_hcnid_",
      description = {
          "Remove an HNV bond (DynamicRM command).",
          "",
          "Removes HNV _hcnid_: bond bond<hcnid> and its port profiles (only those hnvd owns or that are "
              + "HNV bonds of that name). Run by the HMC when the HNV is deleted."},
      exitCodeListHeading = "Exit status%n", exitCodeList = {"0:removed (or did not exist)", "1:failed; see the [ERROR] line"},
      footerHeading = "Output%n")
  static final class Rmhcn {
    @Parameters(paramLabel = "HCN_ID=hcnid", description = "HNV id (ibm,hcn-id), hexadecimal.")
    String id;
  }

  @Command(name = "hcnqrydev", customSynopsis = "*hcnqrydev* DRC_INDEX=_drc_index_ HCN_ID=_hcnid_",
      description = {
          "Ask whether a device may leave its HNV bond: the live-migration gate (DynamicRM command).",
          "",
          "Answers whether the device with DRC index _drc_index_ may be removed from HNV _hcnid_ without "
              + "dropping the network: the gate the HMC asks before a live partition migration removes the VF.",
          "",
          "Safe (exit 0) when the device is not a port of the bond, the bond does not exist, or another "
              + "port of the bond has carrier and (policy `path`, the default) a path that answered within "
              + "the last 4 s: hnvd hears its own ARP frames come back in through that port (an ibmveth or "
              + "vNIC keeps carrier when the VIOS's SEA or the switch behind it is dead). With "
              + "`HNVD_MIGRATION_GATE=carrier` in /etc/sysconfig/hnvd carrier is enough (hcnmgr's rule). "
              + "Otherwise `[ERROR]:hcnqrydev:error code 16, Network device "
              + "busy, no backup device` and exit 1, which blocks the migration step.",
          "",
          "With hnvd running the answer reads the evidence the daemon keeps (no probe on the HMC's time); "
              + "without it the command listens and probes for at most 1.2 s itself."},
      exitCodeListHeading = "Exit status%n", exitCodeList = {"0:safe to remove", "1:busy (error code 16) or another failure"},
      footerHeading = "Output%n")
  static final class Qrydev {
    @Parameters(paramLabel = "DRC_INDEX=drc_index", description = "DRC index of the device (normally the VF).")
    String drc;
    @Parameters(paramLabel = "HCN_ID=hcnid", description = "HNV id (ibm,hcn-id), hexadecimal.")
    String id;
  }

  @Command(name = "hcnversion", customSynopsis = "*hcnversion*",
      description = {
          "Print the HNV feature line and version (DynamicRM command).",
          "",
          "Prints the feature line the HMC reads, `hcnmgr (features: vnic wicked)` (vNIC backups and "
              + "wicked are supported), and hnvd's version."},
      exitCodeListHeading = "Exit status%n", exitCodeList = {"0:always"},
      footerHeading = "Output%n")
  static final class Hcnversion {}

  @Command(name = "hcnmgr", customSynopsis = "*hcnmgr* *-s* | *-V* | *-h*",
      description = {
          "Scan and configure HNV bonds; print version or usage (DynamicRM command).",
          "",
          "hnvd's implementation of powerpc-utils' hcnmgr: the DynamicRM command contract for PowerVM "
              + "Hybrid Network Virtualization (HNV). DynamicRM runs hcncfgdrc(8), hcnrmdev(8), hcnrmhcn(8), "
              + "hcnqrydev(8) and hcnversion(8) (installed as hnvd-<name>(8) pages; powerpc-utils owns the "
              + "plain names). hnvd answers under these names while it is installed (alternatives group hcnmgr).",
          "",
          "Options are parsed up to the first argument that is not an option, as getopts did."},
      exitCodeListHeading = "Exit status%n", exitCodeList = {"0:success", "1:failure, or an invalid option"},
      footerHeading = "Output%n")
  static final class Hcnmgr {
    @Option(names = "-s", description = "Scan: configure every HNV the device tree describes and remove bonds of vanished ids (boot).")
    boolean scan;
    @Option(names = "-V", description = "Print the feature line and version, exit 0.")
    boolean version;
    @Option(names = {"-h", "--help"}, description = "Print usage, exit 0.")
    boolean help;
    @Option(names = "-d", paramLabel = "level", description = "Debug level, a number; accepted and only logged (anything else is error code 22).")
    String debug;
    @Option(names = "-x", description = "Accepted for compatibility (hcnmgr traced the shell); no effect.")
    boolean trace;
  }

  @Command(name = "hnvd", customSynopsis = "*hnvd* [*--root* _DIR_] [*--device-tree* _DIR_] [*--sysfs* _DIR_] [*--backend* auto|nm|wicked]",
      description = {
          "Hybrid Network Virtualization daemon for PowerVM Linux LPARs.",
          "",
          "The daemon bonds each SR-IOV VF with "
              + "its backup device (ibmvnic or ibmveth) sharing an ibm,hcn-id, in active-backup mode with the "
              + "VF as primary, through NetworkManager (D-Bus) or wicked (ifcfg files); reconciles at start and "
              + "on device events; and serves the DynamicRM commands on the system bus as dev.hnvd.Hnvd1.",
          "",
          "It runs as the systemd unit hcn-init.service (file /usr/lib/hnvd/hcn-init.service, linked from "
              + "/etc/systemd/system): `systemctl status hcn-init`, `journalctl -u hcn-init`. JVM options "
              + "come from JAVA_OPTS in /etc/sysconfig/hnvd."},
      exitCodeListHeading = "Exit status%n", exitCodeList = {"0:stopped cleanly", "1:failed to start or a fatal error"},
      footerHeading = "Files%n",
      footer = {"/usr/lib/hnvd/hcn-init.service, /etc/systemd/system/hcn-init.service: the unit.",
          "/var/lib/hnvd: state (owned profiles). /run/hnvd/hnvd.sock: present while the daemon runs.",
          "/usr/share/dbus-1/system.d/dev.hnvd.Hnvd1.conf: bus policy (root only).",
          "/etc/drmgr.d/pmig/90-hnvd: drmgr hook that vetoes an unsafe live migration.",
          "", "See also: hnvctl(8), hnvd-hcnmgr(8), hnvd-hcnqrydev(8)"})
  static final class Daemon {
    @Option(names = "--root", paramLabel = "DIR", description = "Read everything under DIR (default /; env HNVD_ROOT).")
    String root;
    @Option(names = "--device-tree", paramLabel = "DIR", description = "Device tree (default <root>/proc/device-tree; env HNVD_DEVICE_TREE).")
    String dt;
    @Option(names = "--sysfs", paramLabel = "DIR", description = "sysfs (default <root>/sys; env HNVD_SYSFS).")
    String sysfs;
    @Option(names = "--backend", paramLabel = "auto|nm|wicked", description = "Connection manager (default auto; env HNVD_BACKEND).")
    String backend;
  }
}
