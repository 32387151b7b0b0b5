package dev.hnvd.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * src/main/sh/hnvd-launcher's choices, with a stand-in {@code java} that records how it was run:
 * which jar, which class-data archive, and whether the daemon is to be skipped. The client jar is
 * tried only while the daemon's socket exists, and exit 75 (nobody answered, nothing printed)
 * hands the command to the application jar; any other exit is the command's.
 */
class LauncherScriptTest {
  static final Path LAUNCHER = Path.of("src/main/sh/hnvd-launcher").toAbsolutePath();

  @TempDir Path dir;
  Path log;
  ServerSocketChannel daemon;

  @BeforeEach
  void fakeJava() throws IOException {
    log = dir.resolve("java.log");
    Path java = dir.resolve("java");
    Files.writeString(java, String.join("\n",
        "#!/bin/sh",
        "printf '%s\\n' \"NO_DAEMON=${HNVD_NO_DAEMON:-} ARGV0=$HNVD_ARGV0 $*\" >>\"$FAKE_LOG\"",
        "case \"$*\" in *hnvd-client.jar*) exit \"${FAKE_CLIENT_RC:-0}\" ;; esac",
        "exit \"${FAKE_APP_RC:-0}\"", ""));
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(dir.resolve("hnvd.jar"), "app");
    Files.writeString(dir.resolve("hnvd-client.jar"), "client");
    Files.createDirectories(dir.resolve("root/run/hnvd"));
  }

  @AfterEach
  void stop() throws IOException {
    if (daemon != null) {
      daemon.close();
    }
    // The command links point out of the temp dir: JUnit would warn about each one it deletes.
    try (var files = Files.list(dir)) {
      for (Path p : files.filter(Files::isSymbolicLink).toList()) {
        Files.delete(p);
      }
    }
  }

  private void daemonSocket() throws IOException {
    daemon = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    daemon.bind(UnixDomainSocketAddress.of(dir.resolve("root/run/hnvd/hnvd.sock")));
  }

  private int run(String name, Map<String, String> extraEnv, String... args) throws Exception {
    Path link = dir.resolve(name);
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, LAUNCHER);
    List<String> cmd = new java.util.ArrayList<>(List.of(link.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.remove("HNVD_NO_DAEMON");
    env.remove("HNVD_SOCKET");
    env.remove("JAVA_OPTS");
    env.remove("NOTIFY_SOCKET");
    env.put("JAVA", dir.resolve("java").toString());
    env.put("HNVD_JAR", dir.resolve("hnvd.jar").toString());
    env.put("HNVD_ROOT", dir.resolve("root").toString());
    env.put("FAKE_LOG", log.toString());
    env.putAll(extraEnv);
    Process p = pb.redirectErrorStream(true).start();
    p.getOutputStream().close();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  @Test
  void noJar_saysHowToRunFromTheSourceTree_andStartsNoJava() throws Exception {
    Path out = dir.resolve("out.txt");
    Path link = dir.resolve("hnvd-launcher");
    Files.createSymbolicLink(link, LAUNCHER);
    ProcessBuilder pb = new ProcessBuilder(link.toString(), "hnvctl", "--help");
    pb.environment().put("JAVA", dir.resolve("java").toString());
    pb.environment().put("FAKE_LOG", log.toString());
    pb.environment().put("HNVD_JAR", dir.resolve("missing/hnvd.jar").toString());
    pb.environment().remove("HNVD_CLIENT_JAR");
    Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(Files.readString(out)).contains("cannot read " + dir.resolve("missing/hnvd.jar"),
        "HNVD_JAR=target/hnvd.jar src/main/sh/hnvd-launcher COMMAND");
    assertThat(calls()).isEmpty();
  }

  private List<String> calls() throws IOException {
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  @Test
  void daemonRunning_theClientJarAnswers_andTheApplicationIsNotStarted() throws Exception {
    daemonSocket();
    int rc = run("hcnqrydev", Map.of("FAKE_CLIENT_RC", "16"), "DRC_INDEX=1", "HCN_ID=1");
    assertThat(rc).isEqualTo(16);
    assertThat(calls()).singleElement().asString()
        .contains("-jar " + dir.resolve("hnvd-client.jar"))
        .endsWith("DRC_INDEX=1 HCN_ID=1")
        .startsWith("NO_DAEMON= ARGV0=hcnqrydev");
  }

  @Test
  void clientNotAnswered_75_theApplicationRunsIt_withoutAskingTheDaemonAgain() throws Exception {
    daemonSocket();
    int rc = run("hcncfgdrc", Map.of("FAKE_CLIENT_RC", "75", "FAKE_APP_RC", "22"), "DRC_INDEX=1");
    assertThat(rc).isEqualTo(22);
    assertThat(calls()).hasSize(2);
    assertThat(calls().get(0)).contains("hnvd-client.jar");
    assertThat(calls().get(1)).startsWith("NO_DAEMON=1 ARGV0=hcncfgdrc")
        .contains("-jar " + dir.resolve("hnvd.jar")).endsWith("DRC_INDEX=1");
  }

  @Test
  void noSocket_orNoDaemonWanted_orANameTheDaemonDoesNotServe_goStraightToTheApplication() throws Exception {
    run("hcnqrydev", Map.of(), "DRC_INDEX=1", "HCN_ID=1");
    daemonSocket();
    run("hcnrmdev", Map.of("HNVD_NO_DAEMON", "1"), "DRC_INDEX=1", "HCN_ID=1");
    run("hcnversion", Map.of());
    run("hnvd", Map.of());
    assertThat(calls()).hasSize(4).noneMatch(c -> c.contains("hnvd-client.jar"))
        .allMatch(c -> c.contains("-jar " + dir.resolve("hnvd.jar")));
  }

  @Test
  void archives_eachJarItsOwn_andOnlyWhenNewerThanTheJar() throws Exception {
    Instant jarTime = Instant.now().minusSeconds(60);
    for (String jar : List.of("hnvd.jar", "hnvd-client.jar")) {
      Files.setLastModifiedTime(dir.resolve(jar), FileTime.from(jarTime));
    }
    for (String jsa : List.of("hnvd.jsa", "hnvd-client.jsa")) {
      Files.writeString(dir.resolve(jsa), "archive");
    }
    Path daemonJsa = dir.resolve("root/var/lib/hnvd/hnvd-daemon.jsa");
    Files.createDirectories(daemonJsa.getParent());
    Files.writeString(daemonJsa, "archive");
    daemonSocket();
    run("hcnqrydev", Map.of(), "DRC_INDEX=1", "HCN_ID=1");
    run("hnvd", Map.of());
    run("hcnversion", Map.of());
    assertThat(calls()).hasSize(3);
    assertThat(calls().get(0)).contains("-XX:SharedArchiveFile=" + dir.resolve("hnvd-client.jsa"));
    assertThat(calls().get(1)).contains("-XX:SharedArchiveFile=" + daemonJsa);
    assertThat(calls().get(2)).contains("-XX:SharedArchiveFile=" + dir.resolve("hnvd.jsa"));

    // An archive older than its jar (a jar updated without --make-cds) is not used at all.
    Files.setLastModifiedTime(dir.resolve("hnvd.jsa"), FileTime.from(jarTime.minusSeconds(60)));
    run("hcnversion", Map.of());
    assertThat(calls().get(3)).doesNotContain("SharedArchiveFile");
  }

  /**
   * The daemon records its own archive: with none (or a stale one) in its state directory, a
   * daemon started by a supervisor (NOTIFY_SOCKET) has the JVM write one as it exits; by hand
   * ("hnvd --help"), or with nowhere to write, nothing is recorded.
   */
  @Test
  void daemonWithoutArchive_recordsOneAtExit_onlyUnderASupervisor() throws Exception {
    Path daemonJsa = dir.resolve("root/var/lib/hnvd/hnvd-daemon.jsa");
    run("hnvd", Map.of("NOTIFY_SOCKET", "/run/x"));
    Files.createDirectories(daemonJsa.getParent());
    run("hnvd", Map.of("NOTIFY_SOCKET", "/run/x"));
    run("hnvd", Map.of());
    Files.writeString(daemonJsa, "archive");
    Files.setLastModifiedTime(daemonJsa, FileTime.from(Instant.now().minusSeconds(3600)));
    run("hnvd", Map.of("NOTIFY_SOCKET", "/run/x"));
    assertThat(calls()).hasSize(4);
    assertThat(calls().get(0)).doesNotContain("-XX:ArchiveClassesAtExit").doesNotContain("SharedArchiveFile");
    assertThat(calls().get(1)).contains("-XX:ArchiveClassesAtExit=" + daemonJsa).doesNotContain("SharedArchiveFile");
    assertThat(calls().get(2)).doesNotContain("-XX:ArchiveClassesAtExit");
    assertThat(calls().get(3)).contains("-XX:ArchiveClassesAtExit=" + daemonJsa);
  }

  /**
   * The launcher's shell list of names the client jar may take must be LeanClient's: a name only
   * the shell knew would cost an extra JVM every time, one only Java knew would skip the daemon.
   */
  @Test
  void everyNameTheDaemonServes_andOnlyThose_goesToTheClientJar() throws Exception {
    daemonSocket();
    List<String> names = List.of("hnvd", "hnvctl", "hcncfgdrc", "hcnrmdev", "hcnrmhcn", "hcnqrydev",
        "hcnversion", "hcnmgr", "hnvd-launcher");
    for (String name : names) {
      run(name, Map.of());
    }
    List<String> viaClient = calls().stream().filter(c -> c.contains("hnvd-client.jar"))
        .map(c -> c.replaceAll(".*ARGV0=(\\S+).*", "$1")).sorted().toList();
    assertThat(viaClient).isEqualTo(LeanClient.FORWARDED.stream().sorted().toList());
  }
}
