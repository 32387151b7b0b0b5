package dev.hnvd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.testing.FakeLpar;
import dev.hnvd.testing.PrivateBus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Behind the policy file, the daemon itself lets only root change the network: on a bus whose
 * policy lets everyone call everything (an administrator's mistake, a bus without our file), a
 * caller that is not root (uid nobody, a real other user) still reads Status and Query but gets
 * AccessDenied for Configure and Scan, and nothing runs.
 */
@Tag("rig")
class RootOnlyChangesTest {
  Path busDir;
  PrivateBus bus;
  Daemon daemon;
  final List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run a caller as nobody");
    busDir = Files.createTempDirectory("hnvd-rootonly-");
    Files.setPosixFilePermissions(busDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    bus = PrivateBus.start(busDir);
    Files.setPosixFilePermissions(busDir.resolve("system_bus_socket"), PosixFilePermissions.fromString("rwxrwxrwx"));
    FakeLpar lpar = FakeLpar.in(busDir.resolve("lpar")).exampleHnv();
    DbusApiTest.Echo echo = new DbusApiTest.Echo();
    CommandRunner recording = new CommandRunner() {
      @Override
      public boolean mutating(dev.hnvd.wire.Wire.Request r) {
        return echo.mutating(r);
      }

      @Override
      public dev.hnvd.wire.Wire.Reply run(dev.hnvd.wire.Wire.Request r) {
        ran.add(r.argv0());
        return echo.run(r);
      }
    };
    daemon = TestDaemons.daemon(lpar, new Recorder().backends(), recording, bus.address(), Notifier.NONE);
    daemon.start();
    Eventually.until("API on the bus", () -> daemon.busConnected() && rootGetsStatus());
  }

  @AfterEach
  void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
    if (bus != null) {
      bus.close();
    }
    if (busDir != null) {
      // dbus-daemon removes its socket as it exits, which may be while this walks: try again.
      for (int i = 0; i < 5 && Files.exists(busDir); i++) {
        try (var walk = Files.walk(busDir)) {
          walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
          Thread.sleep(100);
        }
      }
    }
  }

  @Test
  void nobody_readsButCannotChange_rootCan() throws Exception {
    assertThat(call(true, "Status").exit).isZero();
    assertThat(call(true, "Query", "ss", "20000011", "1a2b").exit).isZero();
    ran.clear();
    for (List<String> m : List.of(List.of("Configure", "s", "20000011"), List.of("Scan"),
        List.of("RemoveHnv", "s", "1a2b"), List.of("RemoveDevice", "ss", "20000011", "1a2b"))) {
      Out denied = call(true, m.get(0), m.subList(1, m.size()).toArray(String[]::new));
      assertThat(denied.exit).as(m.get(0)).isNotZero();
      assertThat(denied.text).as(m.get(0)).contains("root only");
    }
    assertThat(ran).as("commands that ran for nobody").isEmpty();
    Out root = call(false, "Configure", "s", "20000011");
    assertThat(root.exit).as(root.text).isZero();
    assertThat(ran).containsExactly("hcncfgdrc");
  }

  private boolean rootGetsStatus() {
    try {
      return call(false, "Status").exit == 0;
    } catch (Exception e) {
      return false;
    }
  }

  record Out(int exit, String text) {}

  private Out call(boolean asNobody, String method, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (asNobody) {
      cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
    }
    cmd.addAll(List.of("busctl", "--address=" + bus.address(), "--no-pager", "call", Hnvd1.BUS_NAME,
        Hnvd1.OBJECT_PATH, Hnvd1.BUS_NAME, method));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Out(p.exitValue(), out.strip());
  }
}
