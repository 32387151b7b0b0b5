package dev.hnvd.cli;

import dev.hnvd.engine.Settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The man pages' sources come out of the picocli model with the sections a man page needs. */
class ManPagesTest {
  @TempDir Path dir;

  private final Map<String, String> pages = ManPages.pages();

  @Test
  void everyCommandHasAPage_inSection8_withNameAndSynopsis() {
    assertThat(pages.keySet()).containsExactly("hnvd", "hnvctl", "hnvctl-discover", "hnvctl-plan", "hnvctl-status",
        "hnvctl-scan", "hnvctl-migration-check", "hnvctl-doctor", "hnvctl-metrics", "hnvctl-events",
        "hcnmgr", "hcncfgdrc", "hcnrmdev", "hcnrmhcn", "hcnqrydev", "hcnversion");
    pages.forEach((name, text) -> {
      assertThat(text).as(name).contains("\n= " + name + "(8)\n", "\n== Name\n\n" + name + " - ", "\n== Synopsis\n");
      assertThat(text).as(name).contains(":manmanual: System Administration", ":mansource: hnvd ");
    });
  }

  @Test
  void hnvctlPage_listsEveryRegisteredSubcommand() {
    HnvCtl top = new HnvCtl();
    top.settings = Settings.fromEnv(Map.of());
    for (String sub : new CommandLine(top).getSubcommands().keySet()) {
      if (sub.equals("help")) {
        continue; // hnvctl help COMMAND prints COMMAND's page; it has none of its own
      }
      assertThat(pages.get("hnvctl")).contains("xref:hnvctl-" + sub + ".adoc[*" + sub + "*]");
    }
  }

  @Test
  void doctorPage_documentsJsonAndExitStatus() {
    String doctor = pages.get("hnvctl-doctor");
    assertThat(doctor).contains("*hnvctl doctor* [*-h*] [*--json*]", "== Exit status", "at least one check failed");
    assertThat(doctor).doesNotContain("--rpm");
  }

  @Test
  void dynamicRmPages_documentArgumentFormsAndErrorCodes() {
    assertThat(pages.get("hcncfgdrc")).contains("*hcncfgdrc* DRC_INDEX=_drc_index_ [STAKE_TOKEN=NULL] [*-d* _level_]");
    assertThat(pages.get("hcnrmdev")).contains("*hcnrmdev* DRC_INDEX=_drc_index_ HCN_ID=_hcnid_");
    assertThat(pages.get("hcnrmhcn")).contains("*hcnrmhcn* HCN_ID=_hcnid_");
    assertThat(pages.get("hcnqrydev")).contains("*hcnqrydev* DRC_INDEX=_drc_index_ HCN_ID=_hcnid_");
    assertThat(pages.get("hcnmgr")).contains("*hcnmgr* *-s* | *-V* | *-h*", "*-d* _level_::", "*-s*::");
    for (String cmd : List.of("hcnmgr", "hcncfgdrc", "hcnrmdev", "hcnrmhcn", "hcnqrydev", "hcnversion")) {
      assertThat(pages.get(cmd)).as(cmd).contains("[ERROR]:<command>:error code <N>, <text>",
          "  16   Network device busy, no backup device", "  19   ", "  22   ", "  101  ", "== Exit status");
    }
  }

  /** Troff from asciidoctor where it is installed (scripts/gen-man installs it; check-packaging renders every page). */
  @Test
  void asciidoctor_makesTroffWithNameAndSynopsis() throws Exception {
    assumeTrue(onPath("asciidoctor"), "asciidoctor not installed");
    Path adoc = dir.resolve("hnvctl-doctor.adoc");
    Files.writeString(adoc, pages.get("hnvctl-doctor"), StandardCharsets.UTF_8);
    List<String> cmd = new ArrayList<>(List.of("asciidoctor", "-b", "manpage", "-D", dir.toString(), adoc.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();

    String troff = Files.readString(dir.resolve("hnvctl-doctor.8"));
    assertThat(troff).contains(".TH \"HNVCTL\\-DOCTOR\" \"8\"", ".SH \"NAME\"", ".SH \"SYNOPSIS\"",
        "hnvctl-doctor \\- Check this LPAR");
  }

  private static boolean onPath(String exe) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String d : path.split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, exe))) {
        return true;
      }
    }
    return false;
  }
}
