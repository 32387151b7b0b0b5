package dev.hnvd.rig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A running tier-1 rig (scripts/rig): a private system bus and a real NetworkManager in a network
 * namespace with veth devices hv1..hv4. Tests drive it through the script, never by hand.
 */
public final class NmRig {
  private final Path script;
  private final Path dir;
  private final Map<String, String> env;
  private final boolean wasRunning;

  NmRig(Path script, Path dir, Map<String, String> env, boolean wasRunning) {
    this.script = script;
    this.dir = dir;
    this.env = Map.copyOf(env);
    this.wasRunning = wasRunning;
  }

  /** Starts the rig (idempotent) and reads the variables it exports. */
  static NmRig start(Path repo) throws IOException {
    Path script = repo.resolve("scripts/rig");
    Path dir = Path.of(System.getenv().getOrDefault("HNVD_RIG_DIR", repo.resolve(".rig").toString()));
    boolean wasRunning;
    try {
      run(script, dir, "status");
      wasRunning = true;
    } catch (IOException e) {
      wasRunning = false;
    }
    String out = run(script, dir, "start");
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    if (!env.containsKey("DBUS_SYSTEM_BUS_ADDRESS")) {
      throw new IOException("rig start printed no DBUS_SYSTEM_BUS_ADDRESS: " + out);
    }
    return new NmRig(script, dir, env, wasRunning);
  }

  /** {@code unix:path=<rig>/system_bus_socket}. */
  public String busAddress() {
    return env.get("DBUS_SYSTEM_BUS_ADDRESS");
  }

  /** The rig's sysfs, mounted from inside its network namespace. */
  public Path sysfs() {
    return Path.of(env.get("HNVD_RIG_SYSFS"));
  }

  public Map<String, String> env() {
    return env;
  }

  /** Simulates a crash: SIGKILL, no cleanup by NetworkManager. */
  public void killNm() throws IOException {
    run(script, dir, "nm-kill");
  }

  /** Stops NM and the bus, starts both again: every bus client loses its connection. */
  public void restartBus() throws IOException {
    run(script, dir, "bus-restart");
  }

  public void startNm() throws IOException {
    run(script, dir, "nm-start");
  }

  /** A foreign client's checkpoint on these interfaces; returns its object path. */
  public String foreignCheckpoint(String... ifaces) throws IOException {
    List<String> args = new ArrayList<>(List.of("checkpoint"));
    args.addAll(List.of(ifaces));
    return run(script, dir, args.toArray(String[]::new)).trim();
  }

  public void destroyCheckpoint(String path) throws IOException {
    run(script, dir, "checkpoint-destroy", path);
  }

  /** Runs a command inside the rig's network namespace. */
  public String exec(String... command) throws IOException {
    List<String> args = new ArrayList<>(List.of("exec"));
    args.addAll(List.of(command));
    return run(script, dir, args.toArray(String[]::new));
  }

  /** Stops the rig unless it was already running before the tests (a developer's rig). */
  void stopIfStartedHere() throws IOException {
    if (!wasRunning) {
      run(script, dir, "stop");
    }
  }

  static String run(Path script, Path dir, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(script.toString(), "--dir", dir.toString()));
    cmd.addAll(List.of(args));
    Path err = Files.createTempFile("rig", ".err");
    try {
      Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("scripts/rig " + String.join(" ", args) + " timed out");
      }
      if (p.exitValue() != 0) {
        throw new IOException("scripts/rig " + String.join(" ", args) + " failed (" + p.exitValue()
            + "): " + Files.readString(err));
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
