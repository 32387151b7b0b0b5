package dev.hnvd.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hnvd.testing.FakeLpar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped policy file (packaging/dbus/dev.hnvd.Hnvd1.conf) on a real dbus-daemon whose default
 * policy is the system bus's, in front of a real daemon: a monitoring agent that is not root (uid
 * nobody, in the group hnvd-monitor) reads Status, Query and Metrics but cannot Configure, Remove
 * or Scan; without the group it can call nothing. The group exists only inside the bus's own mount
 * namespace (a copy of /etc/group bind-mounted there), so the host's user database is never
 * touched. Needs root, unshare, setpriv, busctl and dbus-daemon; under CI=true missing any is a
 * failure.
 */
@Tag("rig")
class MonitorPolicyTest {
  static final Path POLICY = Path.of("packaging/dbus/dev.hnvd.Hnvd1.conf").toAbsolutePath();
  static final String BUS_CONFIG = """
      <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
       "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
      <busconfig>
        <type>hnvd-test</type>
        <listen>unix:path=%s</listen>
        <auth>EXTERNAL</auth>
        <policy context="default">
          <allow user="*"/>
          <deny own="*"/>
          <deny send_type="method_call"/>
          <allow send_type="signal"/>
          <allow send_requested_reply="true" send_type="method_return"/>
          <allow send_requested_reply="true" send_type="error"/>
          <allow receive_type="method_call"/>
          <allow receive_type="method_return"/>
          <allow receive_type="error"/>
          <allow receive_type="signal"/>
          <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
          <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
        </policy>
        <include>%s</include>
      </busconfig>
      """;

  static Path tmp;
  static Process busProcess;
  static String address;
  static int gid;

  @TempDir Path dir;
  Daemon daemon;

  @BeforeAll
  static void startBus() throws Exception {
    for (String tool : List.of("unshare", "setpriv", "busctl", "dbus-daemon")) {
      if (!onPath(tool)) {
        unavailable(tool + " missing");
      }
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      unavailable("needs root (to switch to nobody and mount in its own namespace)");
    }
    tmp = Files.createTempDirectory("hnvd-monitor-");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    gid = freeGid();
    String groups = Files.readAllLines(Path.of("/etc/group")).stream()
        .filter(l -> !l.startsWith("hnvd-monitor:")).collect(Collectors.joining("\n"));
    Path groupFile = tmp.resolve("group");
    Files.writeString(groupFile, groups + "\nhnvd-monitor:x:" + gid + ":nobody\n");
    Files.setPosixFilePermissions(groupFile, PosixFilePermissions.fromString("rw-r--r--"));
    Path sock = tmp.resolve("bus");
    Path conf = tmp.resolve("bus.conf");
    Files.writeString(conf, BUS_CONFIG.formatted(sock, POLICY));
    // The group file is passed as $0 and the config as $1: nothing is interpolated into the script.
    busProcess = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
        "mount --bind \"$0\" /etc/group && exec dbus-daemon --nofork --nopidfile --config-file=\"$1\"",
        groupFile.toString(), conf.toString()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("bus.log").toFile()).start();
    for (int i = 0; i < 200 && !Files.exists(sock) && busProcess.isAlive(); i++) {
      Thread.sleep(50);
    }
    if (!Files.exists(sock)) {
      unavailable("dbus-daemon did not start: " + Files.readString(tmp.resolve("bus.log")));
    }
    Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rwxrwxrwx"));
    address = "unix:path=" + sock;
  }

  @AfterAll
  static void stopBus() throws IOException, InterruptedException {
    if (busProcess != null) {
      busProcess.destroy();
      busProcess.waitFor(10, TimeUnit.SECONDS);
    }
    if (tmp != null) {
      try (var walk = Files.walk(tmp)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @BeforeEach
  void start() throws Exception {
    FakeLpar lpar = FakeLpar.in(dir).exampleHnv();
    lpar.bond("bond00001a2b", "enP32775p1s0", "env3").active("enP32775p1s0").primary("enP32775p1s0");
    daemon = TestDaemons.daemon(lpar, new Recorder().backends(), new DbusApiTest.Echo(), address, Notifier.NONE);
    daemon.start();
    Eventually.until("API on the bus", () -> daemon.busConnected() && rootCanCall());
  }

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void monitor_readsStatusQueryAndMetrics_butCannotChangeAnything() throws Exception {
    List<String> monitor = List.of("--reuid=65534", "--regid=65534", "--groups=" + gid);
    Out status = call(monitor, "Status");
    assertThat(status.exit()).as(status.text()).isZero();
    assertThat(status.text()).startsWith("s ").contains("hnvs");
    Out query = call(monitor, "Query", "ss", "20000011", "1a2b");
    assertThat(query.exit()).as(query.text()).isZero();
    assertThat(query.text()).startsWith("is 0");
    Out metrics = call(monitor, "Metrics");
    assertThat(metrics.exit()).as(metrics.text()).isZero();
    assertThat(metrics.text()).contains("hnv_migration_safe");

    for (List<String> m : List.of(List.of("Configure", "s", "20000011"), List.of("RemoveDevice", "ss", "20000011", "1a2b"),
        List.of("RemoveHnv", "s", "1a2b"), List.of("Scan"))) {
      Out denied = call(monitor, m.get(0), m.subList(1, m.size()).toArray(String[]::new));
      assertThat(denied.exit()).as(m.get(0) + ": " + denied.text()).isNotZero();
      assertThat(denied.text()).as(m.get(0)).containsIgnoringCase("access denied");
    }
  }

  @Test
  void withoutTheGroup_nobodyCallsNothing_rootCallsEverything() throws Exception {
    Out status = call(List.of("--reuid=65534", "--regid=65534", "--clear-groups"), "Status");
    assertThat(status.exit()).isNotZero();
    assertThat(status.text()).containsIgnoringCase("access denied");
    Out configure = call(List.of(), "Configure", "s", "20000011");
    assertThat(configure.exit()).as(configure.text()).isZero();
    assertThat(configure.text()).contains("hcncfgdrc DRC_INDEX=20000011");
  }

  private static boolean rootCanCall() {
    try {
      return call(List.of(), "Status").exit() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  record Out(int exit, String text) {}

  /** busctl call as the user setpriv makes (no setpriv options: as root). */
  static Out call(List<String> as, String method, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (!as.isEmpty()) {
      cmd.add("setpriv");
      cmd.addAll(as);
      cmd.add("--");
    }
    cmd.addAll(List.of("busctl", "--address=" + address, "--no-pager", "call", Hnvd1.BUS_NAME, Hnvd1.OBJECT_PATH,
        Hnvd1.BUS_NAME, method));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("busctl call " + method + " did not finish");
    }
    return new Out(p.exitValue(), out.strip());
  }

  private static int freeGid() throws IOException {
    Set<Integer> used = new TreeSet<>();
    for (String l : Files.readAllLines(Path.of("/etc/group"))) {
      String[] f = l.split(":");
      if (f.length > 2) {
        used.add(Integer.parseInt(f[2]));
      }
    }
    for (int g = 990; g > 100; g--) {
      if (!used.contains(g)) {
        return g;
      }
    }
    throw new IllegalStateException("no free system gid");
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }

  private static void unavailable(String why) {
    if ("true".equals(System.getenv("CI"))) {
      fail("monitor policy test cannot run under CI: " + why);
    }
    Assumptions.abort(why);
  }
}
