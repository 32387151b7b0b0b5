package dev.hnvd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.client.Client;
import dev.hnvd.client.LeanClient;
import dev.hnvd.daemon.CommandRunner;
import dev.hnvd.daemon.Daemon;
import dev.hnvd.wire.Wire;
import dev.hnvd.daemon.ForwardedCommands;
import dev.hnvd.engine.EngineFactory;
import dev.hnvd.engine.Settings;
import dev.hnvd.engine.Engine;
import dev.hnvd.testing.FakeLpar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DynamicRM command answered by the daemon prints the same bytes and exits with the same code
 * as the command run in-process; with no daemon it simply runs in-process.
 */
class DaemonClientTest {
  @TempDir Path dir;
  FakeLpar lpar;
  Daemon daemon;
  AtomicInteger served = new AtomicInteger();

  @BeforeEach
  void lpar() {
    lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").iface("enP32775p1s0");
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");
    lpar.bond("bond00001a2b", "enP32775p1s0", "env3").active("enP32775p1s0").primary("enP32775p1s0");
  }

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  private Map<String, String> env() {
    return Map.of("HNVD_ROOT", dir.toString(), "HNVD_RESOLVE_SECONDS", "0");
  }

  private void startDaemon() throws Exception {
    Settings s = Settings.fromEnv(env());
    Engine engine = EngineFactory.engine(s);
    ForwardedCommands real = new ForwardedCommands(s, engine);
    CommandRunner counting = new CommandRunner() {
      @Override
      public boolean mutating(Wire.Request r) {
        return real.mutating(r);
      }

      @Override
      public Wire.Reply run(Wire.Request r) {
        served.incrementAndGet();
        return real.run(r);
      }
    };
    Daemon.Config cfg = new Daemon.Config(LeanClient.socketPath(env()), dir.resolve("var/lib/hnvd"),
        s.lockFile(), EngineFactory.roots(s).sysfs(), false, null, Duration.ZERO, Duration.ofMillis(20), Map.of());
    daemon = new Daemon(cfg, engine, counting);
    daemon.start();
  }

  private static Map<String, String> with(Map<String, String> env, String k, String v) {
    Map<String, String> m = new java.util.HashMap<>(env);
    m.put(k, v);
    return m;
  }

  @Test
  void qrydev_throughTheDaemon_sameBytesAndExit_asInProcess() throws Exception {
    Run local = Run.with(with(env(), "HNVD_NO_DAEMON", "1"), "hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b");
    startDaemon();
    Run remote = Run.with(env(), "/usr/sbin/hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b");
    assertThat(served.get()).isEqualTo(1);
    assertThat(remote).isEqualTo(local);
    assertThat(remote.exit()).isZero();
  }

  @Test
  void qrydev_busy_throughTheDaemon_sameErrorLineAndExitOne() throws Exception {
    lpar.bond("bond00001a2b", "enP32775p1s0").active("enP32775p1s0");
    Run local = Run.with(with(env(), "HNVD_NO_DAEMON", "1"), "hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b");
    startDaemon();
    Run remote = Run.with(env(), "hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b");
    assertThat(served.get()).isEqualTo(1);
    assertThat(remote).isEqualTo(local);
    assertThat(remote.exit()).isEqualTo(1);
  }

  @Test
  void mutatingCommand_runsOnTheDaemonLoop_andAnswersLikeInProcess() throws Exception {
    // No backend on this machine: both answer the same error code 101.
    Run local = Run.with(with(env(), "HNVD_NO_DAEMON", "1"), "hcncfgdrc", "DRC_INDEX=20000011");
    startDaemon();
    Run remote = Run.with(env(), "hcncfgdrc", "DRC_INDEX=20000011");
    assertThat(served.get()).isEqualTo(1);
    assertThat(remote).isEqualTo(local);
  }

  @Test
  void hnvctl_isNeverForwarded_runsInProcess_sameOutput() throws Exception {
    Run local = Run.with(with(env(), "HNVD_NO_DAEMON", "1"), "hnvctl", "discover", "--json");
    startDaemon();
    Run withDaemon = Run.with(env(), "hnvctl", "discover", "--json");
    // The admin's tool runs in its own process: the daemon serves only the HMC's commands.
    assertThat(served.get()).isZero();
    assertThat(withDaemon).isEqualTo(local);
    assertThat(withDaemon.out()).contains("00001a2b");
  }

  @Test
  void hcnversion_andHelp_answerLocally() throws Exception {
    startDaemon();
    assertThat(Run.with(env(), "hcnversion").exit()).isZero();
    assertThat(Run.with(env(), "hcnmgr", "-V").exit()).isZero();
    assertThat(Run.with(env(), "hcnmgr", "-h").exit()).isZero();
    assertThat(served.get()).isZero();
  }

  @Test
  void noDaemon_noSocket_runsInProcess() {
    assertThat(Files.exists(LeanClient.socketPath(env()))).isFalse();
    Run r = Run.with(env(), "hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b");
    assertThat(r.exit()).isZero();
    assertThat(r.lines()).first().isEqualTo("[INFO]:hcnqrydev DRC_INDEX=20000011 HCN_ID=1a2b");
  }

  @Test
  void staleSocketFile_connectionRefused_runsInProcess() throws Exception {
    Path sock = LeanClient.socketPath(env());
    Files.createDirectories(sock.getParent());
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(sock));
    }
    assertThat(Files.exists(sock)).isTrue(); // left behind, nobody listens: ECONNREFUSED
    Run r = Run.with(env(), "hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("can be removed");
  }

  @Test
  void daemonReplacesAStaleSocket_withRootOnlyPermissions() throws Exception {
    Path sock = LeanClient.socketPath(env());
    Files.createDirectories(sock.getParent());
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(sock));
    }
    startDaemon();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock.getParent()))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock))).isEqualTo("rw-------");
    assertThat(Run.with(env(), "hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b").exit()).isZero();
    assertThat(served.get()).isEqualTo(1);
  }

  @Test
  void olderOrNewerClientProtocol_isDeclined_soTheClientRunsItself() throws Exception {
    startDaemon();
    byte[] frame = Wire.encode(new Wire.Request("hcnqrydev", List.of(), Map.of()));
    frame[5] = 99; // version field (after the 4-byte magic, u16 big-endian)
    try (var ch = java.nio.channels.SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(LeanClient.socketPath(env())));
      Wire.write(java.nio.channels.Channels.newOutputStream(ch), frame);
      Wire.Reply reply = Wire.readReply(java.nio.channels.Channels.newInputStream(ch));
      assertThat(reply.ran()).isFalse();
    }
    assertThat(served.get()).isZero();
  }

  /**
   * The client path, started as a real JVM from either entry point (the application's Main and
   * the small client jar's): a command the daemon answers loads no logging, picocli or D-Bus
   * classes (the lean path's rules are LeanClient's; client.LeanPathTest checks its classes).
   */
  @Test
  void leanClient_loadsOnlyJdkAndAFewOfOurClasses_andNoInvokedynamic() throws Exception {
    startDaemon();
    for (String main : List.of("dev.hnvd.cli.Main", "dev.hnvd.client.Client")) {
      JvmRun r = runJvm(main, "hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b");
      assertThat(r.exit).as(main).isZero();
      assertThat(r.log).as(main).contains("[INFO]:hcnqrydev DRC_INDEX=20000011 HCN_ID=1a2b");
      List<String> ours = r.log.lines().filter(l -> l.contains("dev.hnvd."))
          .map(l -> l.replaceAll(".*(dev\\.hnvd\\.[\\w.$/]+).*", "$1")).toList();
      assertThat(ours).as(main).isNotEmpty().allMatch(c -> c.startsWith("dev.hnvd.cli.Main")
          || c.startsWith("dev.hnvd.client.") || c.startsWith("dev.hnvd.wire."),
          "only Main, the client package and Wire");
      assertThat(ours).as(main).noneMatch(c -> c.contains("$$Lambda"));
      assertThat(r.log).as(main).doesNotContain("ch.qos.logback").doesNotContain("org.slf4j").doesNotContain("picocli")
          .doesNotContain("org.freedesktop").doesNotContain("jnr.");
    }
    assertThat(served.get()).isEqualTo(2);
  }

  /** The small jar never runs a command itself: with no daemon it prints nothing and says so. */
  @Test
  void clientJar_noDaemon_printsNothing_andExitsNotAnswered() throws Exception {
    JvmRun r = runJvm("dev.hnvd.client.Client", "hcnqrydev", "DRC_INDEX=20000011", "HCN_ID=1a2b");
    assertThat(r.exit).isEqualTo(Client.NOT_ANSWERED);
    assertThat(r.log.lines().filter(l -> !l.startsWith("["))).isEmpty();
    // Names the daemon does not run (version, the daemon itself) are not its to answer either.
    assertThat(runJvm("dev.hnvd.client.Client", "hcnversion").exit).isEqualTo(Client.NOT_ANSWERED);
  }

  private record JvmRun(int exit, String log) {}

  private JvmRun runJvm(String main, String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xshare:auto", "-Xlog:class+load=info", "-cp",
        System.getProperty("java.class.path"), main));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
    pb.environment().put("HNVD_ROOT", dir.toString());
    pb.environment().remove("HNVD_ARGV0");
    pb.environment().remove("HNVD_SOCKET");
    Process p = pb.start();
    p.getOutputStream().close();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new JvmRun(p.exitValue(), out.toString(StandardCharsets.UTF_8));
  }

  @SuppressWarnings("unused")
  private static String text(ByteArrayOutputStream b) {
    return b.toString(StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unused")
  private static PrintStream ps(ByteArrayOutputStream b) {
    return new PrintStream(b, true, StandardCharsets.UTF_8);
  }
}
