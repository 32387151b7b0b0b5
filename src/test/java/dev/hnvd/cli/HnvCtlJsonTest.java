package dev.hnvd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.json.Json;
import dev.hnvd.testing.FakeLpar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --json} everywhere the README promises it: every subcommand answers with one JSON object
 * on stdout, and with {@code --json} an error is an object too ({@code code}, {@code message})
 * with a non-zero exit, so Ansible and scripts can parse every answer.
 */
class HnvCtlJsonTest {
  @TempDir Path dir;
  FakeLpar lpar;
  Map<String, String> wicked;

  @BeforeEach
  void lpar() throws IOException {
    lpar = FakeLpar.in(dir).exampleHnv().osRelease("sles", "15.5");
    Files.createDirectories(dir.resolve("etc/sysconfig/network"));
    wicked = Map.of("HNVD_ROOT", dir.toString(), "HNVD_BACKEND", "wicked", "HNVD_RESOLVE_SECONDS", "0",
        "DBUS_SYSTEM_BUS_ADDRESS", "unix:path=" + dir.resolve("no-bus"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Run r) {
    assertThat(r.out().strip()).as(r.out() + r.err()).startsWith("{").endsWith("}");
    return (Map<String, Object>) Json.parse(r.out());
  }

  @Test
  void scan_json_listsWhatItDid() {
    Run r = Run.with(wicked, "hnvctl", "scan", "--json");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    Map<String, Object> m = object(r);
    assertThat(((Number) m.get("writes")).intValue()).isPositive();
    assertThat((List<?>) m.get("lines")).isNotEmpty()
        .allSatisfy(l -> assertThat(List.copyOf(((Map<?, ?>) l).keySet())).isEqualTo(List.of("level", "message")));
    // Converged: a second scan writes nothing, still one object.
    assertThat(((Number) object(Run.with(wicked, "hnvctl", "scan", "--json")).get("writes")).intValue()).isZero();
  }

  @Test
  void migrationCheck_json_safeAndUnsafe() {
    lpar.bond("bond00001a2b", "enP32775p1s0", "env3").active("enP32775p1s0").primary("enP32775p1s0");
    Run ok = Run.of(dir, "hnvctl", "migration-check", "--json");
    assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
    Map<String, Object> m = object(ok);
    assertThat(m).containsEntry("safe", true).containsEntry("vpmem", false);
    List<?> vfs = (List<?>) m.get("vfs");
    assertThat(vfs).hasSize(1);
    Map<?, ?> vf = (Map<?, ?>) vfs.get(0);
    assertThat(vf.get("bond")).isEqualTo("bond00001a2b");
    assertThat(vf.get("ifname")).isEqualTo("enP32775p1s0");
    assertThat(vf.get("safe")).isEqualTo(true);

    lpar.bond("bond00001a2b", "enP32775p1s0").active("enP32775p1s0");
    Run busy = Run.of(dir, "hnvctl", "migration-check", "--json");
    assertThat(busy.exit()).isEqualTo(1);
    assertThat(object(busy)).containsEntry("safe", false);
  }

  @Test
  void plan_json_error_isAnObjectOnStdout() {
    Run r = Run.of(dir, "hnvctl", "--backend", "nm", "plan", "--json");
    assertThat(r.exit()).isNotZero();
    Map<String, Object> m = object(r);
    assertThat(((Number) m.get("code")).intValue()).isEqualTo(101);
    assertThat((String) m.get("message")).isNotBlank();
    assertThat(r.err()).doesNotContain("hnvctl:");
  }

  @Test
  void everySubcommand_json_badOption_isAnObjectWithCode22() {
    for (String sub : List.of("discover", "plan", "status", "scan", "migration-check", "doctor")) {
      Run r = Run.of(dir, "hnvctl", sub, "--json", "--no-such-option");
      assertThat(r.exit()).as(sub).isEqualTo(1);
      Map<String, Object> m = object(r);
      assertThat(((Number) m.get("code")).intValue()).as(sub).isEqualTo(22);
      assertThat((String) m.get("message")).as(sub).contains("--no-such-option");
    }
  }

  @Test
  void everySubcommand_acceptsJson() {
    for (String sub : List.of("discover", "plan", "status", "scan", "migration-check", "doctor")) {
      Run r = Run.with(wicked, "hnvctl", sub, "--json");
      object(r);
      assertThat(r.out()).as(sub).doesNotContain("Unknown option");
    }
  }
}
