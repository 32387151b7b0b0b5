package dev.hnvd.backend.wicked;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One test's world: a root with {@code etc/sysconfig/network}, a fake wicked, a fake kernel, a
 * switchable wicked.service and a sysfs tree for the bonding attributes.
 */
final class WickedRig {
  static final String BOND = "bond00001a2b";
  static final String BOND_FILE = "ifcfg-" + BOND;

  final Path root;
  final Path ifcfg;
  final FakeWicked wicked;
  final FakeKernel kernel = new FakeKernel();
  final AtomicBoolean active = new AtomicBoolean(true);
  Duration verifyDeadline = Duration.ZERO;
  Duration callTimeout = Duration.ofSeconds(20);

  WickedRig(Path root) throws IOException {
    this.root = root;
    this.ifcfg = Files.createDirectories(root.resolve("etc/sysconfig/network"));
    this.wicked = new FakeWicked(root.resolve("fake-bin"));
  }

  WickedBackend backend() {
    WickedSettings s = WickedSettings.underRoot(root).withWicked(wicked.program())
        .withTimeouts(callTimeout, verifyDeadline);
    return new WickedBackend(s, active::get, kernel);
  }

  WickedRig file(String name, String content) throws IOException {
    Files.writeString(ifcfg.resolve(name), content, StandardCharsets.ISO_8859_1);
    return this;
  }

  /** An owned bond file with these slaves and primary (the first slave). */
  WickedRig ownedBond(String... slaves) throws IOException {
    StringBuilder sb = new StringBuilder("HNVD_OWNER='hnvd'\nSTARTMODE='auto'\nBOOTPROTO='none'\n"
        + "BONDING_MASTER='yes'\nBONDING_MODULE_OPTS='mode=active-backup miimon=100 fail_over_mac=follow"
        + (slaves.length > 0 ? " primary=" + slaves[0] : "") + "'\n");
    for (int i = 0; i < slaves.length; i++) {
      sb.append("BONDING_SLAVE_").append(i + 1).append("='").append(slaves[i]).append("'\n");
    }
    return file(BOND_FILE, sb.toString());
  }

  /** The same bond as hcnmgr wrote it: no ownership mark. */
  WickedRig foreignBond(String... slaves) throws IOException {
    StringBuilder sb = new StringBuilder("STARTMODE='auto'\nBOOTPROTO='none'\nBONDING_MASTER='yes'\n"
        + "BONDING_MODULE_OPTS='mode=1 miimon=100 fail_over_mac=2'\n");
    for (int i = 0; i < slaves.length; i++) {
      sb.append("BONDING_SLAVE_").append(i + 1).append("='").append(slaves[i]).append("'\n");
    }
    return file(BOND_FILE, sb.toString());
  }

  /** A sysfs bonding attribute file (empty), as the kernel would show it for an existing bond. */
  Path sysfsAttribute(String bond, String attribute) throws IOException {
    Path p = root.resolve("sys/class/net").resolve(bond).resolve("bonding").resolve(attribute);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "");
    return p;
  }

  byte[] bytes(String name) throws IOException {
    return Files.readAllBytes(ifcfg.resolve(name));
  }

  String text(String name) throws IOException {
    return Files.readString(ifcfg.resolve(name), StandardCharsets.ISO_8859_1);
  }

  boolean exists(String name) {
    return Files.exists(ifcfg.resolve(name));
  }
}
