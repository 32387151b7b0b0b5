package dev.hnvd.cli;

import dev.hnvd.engine.Settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.testing.FakeLpar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * What a newcomer meets first (issue 14, and issue 13's "options where admins type them"), through
 * the real entry point {@link Main#run}: help everywhere, global options on either side of the
 * subcommand, a root that is not there refused, honest exit codes and messages without Java internals.
 */
class CliFirstContactTest {
  @TempDir Path dir;

  private static final Map<String, String> NO_DAEMON = Map.of("HNVD_NO_DAEMON", "1");

  static List<String> subcommands() {
    HnvCtl top = new HnvCtl();
    top.settings = Settings.fromEnv(Map.of());
    return List.copyOf(new CommandLine(top).getSubcommands().keySet());
  }

  @Test
  void everySubcommandHasHelp_andHelpCommandPrintsTheSame() {
    assertThat(subcommands()).contains("discover", "plan", "status", "scan", "migration-check", "doctor", "help");
    for (String sub : subcommands()) {
      Run r = Run.with(NO_DAEMON, "hnvctl", sub, "--help");
      assertThat(r.exit()).as(sub).isZero();
      assertThat(r.out()).as(sub).contains("Usage: hnvctl " + sub + " [-h]");
      if (!sub.equals("help")) {
        assertThat(Run.with(NO_DAEMON, "hnvctl", "help", sub).out()).as("help " + sub).isEqualTo(r.out());
      }
    }
    Run help = Run.with(NO_DAEMON, "hnvctl", "help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).startsWith("Usage: hnvctl").contains("migration-check", "doctor");
  }

  @Test
  void globalOptionsWorkAfterTheSubcommand() {
    FakeLpar lpar = FakeLpar.in(dir).powervm();
    lpar.sriov("20000011", 0x1a2b, "primary").iface("enP1");
    lpar.vnic("30000003", 0x1a2b, "backup").iface("env3");

    Run before = Run.with(NO_DAEMON, "hnvctl", "--root", dir.toString(), "discover", "--json");
    Run after = Run.with(NO_DAEMON, "hnvctl", "discover", "--json", "--root", dir.toString());
    Run inline = Run.with(NO_DAEMON, "hnvctl", "discover", "--root=" + dir, "--backend", "nm", "--json");

    assertThat(before.exit()).isZero();
    assertThat(before.out()).contains("\"hcnId\": \"00001a2b\"");
    assertThat(after.exit()).as(after.err()).isZero();
    assertThat(after.out()).isEqualTo(before.out());
    assertThat(inline.out()).isEqualTo(before.out());
    // The subcommand's value wins, as the last one given.
    Run both = Run.with(NO_DAEMON, "hnvctl", "--root", "/nonexistent", "discover", "--json", "--root", dir.toString());
    assertThat(both.out()).isEqualTo(before.out());
  }

  @Test
  void aRootThatIsNotThere_isAnError() throws IOException {
    Path file = Files.writeString(dir.resolve("passwd"), "root:x:0:0\n");
    for (List<String> args : List.of(List.of("--root", "/nonexistent/hnvd"), List.of("--root", file.toString()),
        List.of("--root="), List.of("discover", "--root", "/nonexistent/hnvd"))) {
      List<String> argv = new java.util.ArrayList<>(args);
      if (!argv.contains("discover")) {
        argv.add("discover");
      }
      Run r = Run.with(NO_DAEMON, "hnvctl", argv.toArray(String[]::new));
      assertThat(r.exit()).as(argv.toString()).isNotZero();
      assertThat(r.err()).as(argv.toString()).containsAnyOf("does not exist", "not a directory", "empty value");
      assertThat(r.out()).as(argv.toString()).doesNotContain("HNV");
    }
    Run env = Run.with(Map.of("HNVD_NO_DAEMON", "1", "HNVD_ROOT", "/nonexistent/hnvd"), "hnvctl", "status");
    assertThat(env.exit()).isNotZero();
    assertThat(env.err()).contains("root /nonexistent/hnvd does not exist");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--backend=foo status", "--backend foo discover", "status --backend=", "--root",
      "discover --frobnicate", "frobnicate", "status --json extra"})
  void badInput_saysWhatIsWrong_withoutJavaInternals(String line) {
    Run r = Run.with(Map.of("HNVD_NO_DAEMON", "1", "HNVD_ROOT", dir.toString()), "hnvctl", line.split(" "));
    assertThat(r.exit()).isNotZero();
    assertThat(r.out() + r.err()).doesNotContain("dev.hnvd", "java.", "Exception", "Could not invoke");
    if (line.contains("--json")) {
      // With --json the usage error is the JSON object scripts parse (issue 13), on stdout.
      assertThat(r.out()).startsWith("{").contains("\"code\": 22").contains("'extra'");
    } else {
      assertThat(r.out() + r.err()).startsWith("hnvctl: ").contains("--help");
    }
    if (line.contains("foo")) {
      assertThat(r.err()).contains("--backend must be auto, nm or wicked, not 'foo'");
    }
  }

  @Test
  void status_busDown_saysTheBusIsUnreachable_andExitsNonZero() {
    FakeLpar.in(dir).powervm().osRelease("rhel", "9.4");
    Map<String, String> env = Map.of("HNVD_NO_DAEMON", "1", "HNVD_ROOT", dir.toString(),
        "DBUS_SYSTEM_BUS_ADDRESS", "unix:path=" + dir.resolve("no-bus-here"));
    for (String cmd : List.of("status", "plan", "scan")) {
      Run r = Run.with(env, "hnvctl", cmd);
      assertThat(r.exit()).as(cmd).isNotZero();
      assertThat(r.out() + r.err()).as(cmd).doesNotContain("not installed").containsIgnoringCase("bus");
    }
    assertThat(Run.with(env, "hnvctl", "status").out()).contains("backend: unavailable (");
  }

  @Test
  void migrationCheck_alwaysPrintsAVerdict() {
    FakeLpar.in(dir).powervm();
    Run empty = Run.with(NO_DAEMON, "hnvctl", "migration-check", "--root", dir.toString());
    assertThat(empty.exit()).isZero();
    assertThat(empty.out().strip()).startsWith("verdict: safe to migrate").contains("no HNV devices");

    FakeLpar.in(dir).vpmem();
    Run vpmem = Run.with(NO_DAEMON, "hnvctl", "migration-check", "--root", dir.toString());
    assertThat(vpmem.exit()).isEqualTo(1);
    assertThat(vpmem.lines()).last().asString().startsWith("verdict: NOT safe to migrate");
  }

  @Test
  void doctor_nothingToCheck_isSkipOrInfo_notPass() {
    FakeLpar.in(dir).powervm().osRelease("rhel", "9.4");
    Run r = Run.with(NO_DAEMON, "hnvctl", "--root", dir.toString(), "doctor", "--rpm", "/bin/false");
    assertThat(r.lines()).anySatisfy(l -> assertThat(l).startsWith("INFO").contains("migratable"));
    assertThat(r.lines()).anySatisfy(l -> assertThat(l).startsWith("SKIP").contains("sriov-vendor"));
    assertThat(r.lines()).anySatisfy(l -> assertThat(l).startsWith("SKIP").contains("port-count"));
    assertThat(r.lines()).noneSatisfy(l -> assertThat(l).startsWith("PASS").containsAnyOf("migratable", "sriov-vendor"));
    assertThat(r.out()).containsPattern("summary: .*skip");
  }

  // ---------------------------------------------------------------- DynamicRM names and the jar

  @ParameterizedTest
  @ValueSource(strings = {"hcncfgdrc", "hcnrmdev", "hcnrmhcn", "hcnqrydev", "hcnversion"})
  void dynamicRmHelp_pointsAtHcnmgrAndTheManPage(String name) {
    for (String flag : List.of("--help", "-h")) {
      Run r = Run.with(Map.of("HNVD_NO_DAEMON", "1", "HNVD_ROOT", dir.toString()), name, flag);
      assertThat(r.exit()).as(name + " " + flag).isZero();
      assertThat(r.out()).as(name).contains("Usage: hcnmgr", "hcnmgr -h", "man " + name).doesNotContain("[ERROR]");
    }
  }

  @Test
  void dynamicRm_aRootThatIsNotThere_isInvalidArgument() {
    Run r = Run.with(Map.of("HNVD_NO_DAEMON", "1", "HNVD_ROOT", "/nonexistent/hnvd"), "hcnqrydev",
        "DRC_INDEX=20000011", "HCN_ID=1a2b");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.lines()).last().asString()
        .isEqualTo("[ERROR]:hcnqrydev:error code 22, root /nonexistent/hnvd does not exist (--root or HNVD_ROOT)");
  }

  @Test
  void hcnmgr_helpAndDebugLevel() {
    Map<String, String> env = Map.of("HNVD_NO_DAEMON", "1", "HNVD_ROOT", dir.toString());
    Run help = Run.with(env, "hcnmgr", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).startsWith("Usage: hcnmgr").doesNotContain("invalid option");

    Run abc = Run.with(env, "hcnmgr", "-d", "abc", "-s");
    assertThat(abc.exit()).isEqualTo(1);
    assertThat(abc.out()).startsWith("[ERROR]:hcnmgr:error code 22, ").contains("'abc'");
    assertThat(Run.with(env, "hcnmgr", "-dx", "-s").exit()).isEqualTo(1);
    assertThat(Run.with(env, "hcncfgdrc", "DRC_INDEX=20000011", "-d", "abc").out())
        .contains("[ERROR]:hcncfgdrc:error code 22, ");

    Run ok = Run.with(env, "hcnmgr", "-d", "3", "-s");
    assertThat(ok.exit()).isZero();
    assertThat(Run.with(env, "hcnmgr", "--frob").out()).startsWith("[ERROR]:hcnmgr:invalid option --frob");
  }

  @Test
  void theJarAlone_explainsHowToNameACommand() {
    Run help = Run.with(NO_DAEMON, null, "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("java -jar hnvd.jar COMMAND", "HNVD_JAR=target/hnvd.jar", "hnvctl");
    Run none = Run.with(NO_DAEMON, null);
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).contains("usage: java -jar hnvd.jar COMMAND");
  }
}
