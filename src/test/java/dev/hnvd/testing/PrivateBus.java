package dev.hnvd.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A private system bus (dbus-daemon with a permissive config, nothing bus-activated), started by
 * the test and stopped by its PID. When it cannot start: fail under CI=true, skip otherwise.
 */
public final class PrivateBus implements AutoCloseable {
  private final String address;
  private final long pid;

  private PrivateBus(String address, long pid) {
    this.address = address;
    this.pid = pid;
  }

  /** The bus address, {@code unix:path=<dir>/system_bus_socket}. */
  public String address() {
    return address;
  }

  /** Starts a bus with its socket and config in {@code dir}. */
  public static PrivateBus start(Path dir) {
    try {
      Files.createDirectories(dir);
      Path conf = dir.resolve("bus.conf");
      Files.writeString(conf, """
          <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
           "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
          <busconfig>
            <type>system</type>
            <listen>unix:path=%s</listen>
            <auth>EXTERNAL</auth>
            <policy context="default">
              <allow user="*"/> <allow own="*"/> <allow send_type="method_call"/> <allow send_type="signal"/>
              <allow send_requested_reply="true" send_type="method_return"/>
              <allow send_requested_reply="true" send_type="error"/>
              <allow receive_type="method_call"/> <allow receive_type="method_return"/>
              <allow receive_type="error"/> <allow receive_type="signal"/>
            </policy>
          </busconfig>
          """.formatted(dir.resolve("system_bus_socket")));
      Process p = new ProcessBuilder("dbus-daemon", "--config-file=" + conf, "--fork", "--print-pid=1",
          "--print-address=1").redirectErrorStream(true).start();
      p.getOutputStream().close();
      if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return unavailable("dbus-daemon failed: " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      }
      List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank()).toList();
      String address = lines.stream().filter(l -> l.startsWith("unix:")).findFirst().orElse(null);
      String pid = lines.stream().filter(l -> l.matches("\\d+")).findFirst().orElse(null);
      if (address == null || pid == null) {
        return unavailable("unexpected dbus-daemon output " + lines);
      }
      return new PrivateBus(address, Long.parseLong(pid));
    } catch (IOException e) {
      return unavailable("cannot run dbus-daemon: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unavailable("interrupted");
    }
  }

  private static PrivateBus unavailable(String why) {
    if ("true".equals(System.getenv("CI"))) {
      fail("rig test cannot start a private bus under CI: " + why);
    }
    Assumptions.abort("no private D-Bus: " + why);
    return null;
  }

  @Override
  public void close() {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
  }
}
