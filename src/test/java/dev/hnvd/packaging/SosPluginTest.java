package dev.hnvd.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.platform.ProcessUser;
import dev.hnvd.testing.FakeLpar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packaging/sos/hnvd.py run by Debian's real {@code sos report}. The host is not written: in a
 * private mount namespace a copy of sos' plugin directory with our plugin in it is bound over the
 * real one, and a directory holding this build's {@code hnvctl} over {@code /usr/local/sbin} (sos
 * sets its own PATH, /usr/local/sbin is on it for every distribution).
 */
class SosPluginTest {
  @TempDir Path dir;
  Path plugins;
  /** sos' own plugin directory (sos.report.plugins). */
  String realPlugins;
  Path bin;
  Path root;

  @BeforeEach
  void setUp() throws Exception {
    Host.require(ProcessUser.effectiveUid().orElse(-1) == 0, "sos report and mount namespaces need root");
    Host.require("sos", "sosreport");
    Host.require("unshare", "util-linux");
    Path sos = Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, "sos")).filter(Files::isExecutable)
        .findFirst().orElseThrow();
    // The python sos runs with (its #! line), which may not be the python3 on PATH.
    String python = Files.readAllLines(sos).get(0).substring(2).strip().split(" ")[0];
    plugins = dir.resolve("plugins");
    realPlugins = Host.ok(dir, Map.of(), 60, python, "-c",
        "import sos.report.plugins as p; print(p.__path__[0])").strip();
    copyTree(Path.of(realPlugins), plugins);
    Files.copy(Path.of("packaging/sos/hnvd.py"), plugins.resolve("hnvd.py"));
    bin = dir.resolve("bin");
    Host.hnvctl(bin);
    root = dir.resolve("root");
    FakeLpar lpar = Lpars.backupDown(root);
    // hnvd's state and the profiles it owns, as on an installed LPAR (docs/operations.md).
    write("var/lib/hnvd/state.json", "{\"owned\": [\"bond00001a2b\", \"bond00002c3d\"]}\n");
    write("var/lib/hnvd/masked-units", "hcn-init-NetworkManager.service\n");
    write("var/lib/hnvd/hnvd-daemon.jsa", "class-data archive, not for support cases");
    write("run/hnvd/nm-checkpoint.7", "/org/freedesktop/NetworkManager/Checkpoint/7\n");
    write("run/hnvd/hnvd.sock", "");
    write("etc/NetworkManager/system-connections/bond00001a2b.nmconnection",
        "[connection]\nid=bond00001a2b\ntype=bond\ninterface-name=bond00001a2b\n[802-1x]\npassword=hunter2\n");
    write("etc/NetworkManager/system-connections/bond00001a2b-env3.nmconnection",
        "[connection]\nid=bond00001a2b-env3\ntype=ethernet\ncontroller=bond00001a2b\n");
    write("etc/NetworkManager/system-connections/office.nmconnection", "[connection]\nid=office\n");
    write("etc/sysconfig/network-scripts/ifcfg-bond00002c3d-eth1", "MASTER=bond00002c3d\n");
    write("etc/sysconfig/network/ifcfg-bond00002c3d", "BONDING_MASTER='yes'\n");
    write("etc/sysconfig/network/ifcfg-eth0", "BOOTPROTO='dhcp'\n");
    assertThat(lpar.discover().hnvs()).hasSize(2);
  }

  private void write(String rel, String text) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private static void copyTree(Path src, Path dst) throws IOException {
    try (Stream<Path> all = Files.walk(src)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (p.toString().contains("__pycache__")) {
          continue;
        }
        Path t = dst.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  /**
   * Runs {@code sos ARGS} with the plugin installed (see the class comment), this build's hnvctl
   * bound over /usr/local/sbin when {@code withHnvctl}, and {@code binds} more directories bound
   * (source, target pairs); returns what it printed.
   */
  private String sos(Map<String, String> env, boolean withHnvctl, List<String> binds, String... args) throws Exception {
    StringBuilder script = new StringBuilder("set -e; mount --bind ").append(Host.quote(plugins.toString())).append(' ')
        .append(Host.quote(realPlugins)).append("; ");
    if (withHnvctl) {
      script.append("mount --bind ").append(Host.quote(bin.toString())).append(" /usr/local/sbin; ");
    }
    for (int i = 0; i < binds.size(); i += 2) {
      script.append("mount --bind ").append(Host.quote(binds.get(i))).append(' ').append(Host.quote(binds.get(i + 1)))
          .append("; ");
    }
    script.append("exec sos");
    for (String a : args) {
      script.append(' ').append(Host.quote(a));
    }
    return Host.ok(dir, env, 300, "unshare", "-m", "--propagation", "private", "sh", "-c", script.toString());
  }

  /** {@code sos report --batch --only-plugins hnvd ARGS} (see {@link #sos}); returns the unpacked report. */
  private Path sosReport(Map<String, String> env, List<String> binds, String... args) throws Exception {
    Path out = Files.createDirectories(dir.resolve("out-" + System.nanoTime()));
    List<String> all = new java.util.ArrayList<>(List.of("report", "--batch", "--only-plugins", "hnvd", "-z", "gzip",
        "--tmp-dir", out.toString()));
    all.addAll(List.of(args));
    sos(env, true, binds, all.toArray(String[]::new));
    Path tarball;
    try (Stream<Path> s = Files.list(out)) {
      tarball = s.filter(p -> p.getFileName().toString().endsWith(".tar.gz")).findFirst().orElseThrow();
    }
    Path unpacked = Files.createDirectories(out.resolve("unpacked"));
    Host.ok(out, Map.of(), 60, "tar", "-xzf", tarball.toString(), "-C", unpacked.toString());
    try (Stream<Path> s = Files.list(unpacked)) {
      return s.findFirst().orElseThrow();
    }
  }

  @Test
  void enabled_whereHnvctlIs_inactiveElsewhere() throws Exception {
    // sos report -l: "enabled" lists a name and its description, "disabled" adds a reason.
    assertThat(sos(Map.of(), true, List.of(), "report", "-l"))
        .containsPattern("(?m)^ hnvd +hnvd: PowerVM Hybrid Network Virtualization bonds$");
    // Without it (on a machine where hnvd is not installed: no package, no /usr/sbin/hnvctl, no jar).
    if (!Files.exists(Path.of("/usr/sbin/hnvctl")) && !Files.exists(Path.of("/usr/lib/hnvd/hnvd.jar"))) {
      assertThat(sos(Map.of(), false, List.of(), "report", "-l")).containsPattern("(?m)^ hnvd +inactive +hnvd: ");
    }
  }

  @Test
  void sysroot_collectsHnvctlsAnswers_state_journal_andOnlyTheHnvProfiles() throws Exception {
    Path report = sosReport(Map.of(), List.of(), "--sysroot", root.toString());
    Path cmds = report.resolve("sos_commands/hnvd");

    // hnvctl read the system under the sysroot (--root): the fake LPAR's HNVs and verdict.
    assertThat(Files.readString(cmds.resolve("hnvctl_status_--json"))).contains("\"bond\": \"bond00001a2b\"")
        .contains("\"bond\": \"bond00002c3d\"");
    assertThat(Files.readString(cmds.resolve("hnvctl_migration-check_--json"))).contains("\"safe\": false")
        .contains("no other port of bond00001a2b has carrier");
    assertThat(Files.readString(cmds.resolve("hnvctl_doctor_--json"))).contains("\"checks\"")
        .contains("backup env3 has no carrier");
    // Collected whatever it answers (an hnvd without "metrics" fails it): the rest is not lost.
    assertThat(cmds.resolve("hnvctl_metrics")).exists();
    assertThat(cmds.resolve("journalctl_--no-pager_--unit_hcn-init")).exists();
    assertThat(cmds.resolve("journalctl_--no-pager_--identifier_hnvd-pmig")).exists();

    assertThat(report.resolve("var/lib/hnvd/state.json")).hasContent("{\"owned\": [\"bond00001a2b\", \"bond00002c3d\"]}");
    assertThat(report.resolve("var/lib/hnvd/masked-units")).exists();
    assertThat(report.resolve("run/hnvd/nm-checkpoint.7")).exists();
    assertThat(report.resolve("var/lib/hnvd/hnvd-daemon.jsa")).doesNotExist();
    assertThat(report.resolve("run/hnvd/hnvd.sock")).doesNotExist();

    assertThat(report.resolve("etc/NetworkManager/system-connections/bond00001a2b.nmconnection")).exists();
    assertThat(report.resolve("etc/NetworkManager/system-connections/bond00001a2b-env3.nmconnection")).exists();
    assertThat(report.resolve("etc/sysconfig/network-scripts/ifcfg-bond00002c3d-eth1")).exists();
    assertThat(report.resolve("etc/sysconfig/network/ifcfg-bond00002c3d")).exists();
    assertThat(report.resolve("etc/NetworkManager/system-connections/office.nmconnection")).doesNotExist();
    assertThat(report.resolve("etc/sysconfig/network/ifcfg-eth0")).doesNotExist();
  }

  @Test
  void noSysroot_runsPlainHnvctl_andMasksSecretsInHnvProfiles() throws Exception {
    // The LPAR's own /etc/NetworkManager/system-connections, here a directory bound over this
    // machine's (network-manager is installed by scripts/install-deps).
    Path nmReal = Path.of("/etc/NetworkManager/system-connections");
    Host.require(Files.isDirectory(nmReal), nmReal + " missing (Debian package network-manager)");
    Path nm = root.resolve("etc/NetworkManager/system-connections");
    // hnvctl reads the fake LPAR through HNVD_ROOT, which sos passes on to the commands it runs.
    Path report = sosReport(Map.of("HNVD_ROOT", root.toString()), List.of(nm.toString(), nmReal.toString()));
    Path cmds = report.resolve("sos_commands/hnvd");

    assertThat(Files.readString(cmds.resolve("hnvctl_status_--json"))).contains("\"bond\": \"bond00002c3d\"");
    assertThat(Files.readString(cmds.resolve("hnvctl_migration-check_--json"))).contains("\"safe\": false");
    Path keyfile = report.resolve("etc/NetworkManager/system-connections/bond00001a2b.nmconnection");
    assertThat(Files.readString(keyfile)).contains("id=bond00001a2b").contains("password=********")
        .doesNotContain("hunter2");
    assertThat(report.resolve("etc/NetworkManager/system-connections/office.nmconnection")).doesNotExist();
    String log = Files.readString(report.resolve("sos_logs/sos.log"));
    assertThat(log).contains("collecting output of 'hnvctl status --json'").doesNotContain("--root");
  }
}
