package dev.hnvd.cli;

import dev.hnvd.engine.Settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * packaging/bash-completion/hnvctl, run by a real bash, offers exactly what the CLI accepts: every
 * subcommand and every visible option of each (global ones included, before or after the
 * subcommand), nothing the CLI would refuse.
 */
class HnvCtlCompletionTest {
  static final Path COMPLETION = Path.of("packaging/bash-completion/hnvctl").toAbsolutePath();

  /** COMPREPLY for the words typed so far (the last one is the word being completed). */
  static Set<String> complete(String function, String... words) throws Exception {
    String quoted = String.join(" ", Arrays.stream(words).map(w -> "'" + w + "'").toList());
    String script = "source '" + COMPLETION + "'; COMP_WORDS=(" + quoted + "); COMP_CWORD=" + (words.length - 1)
        + "; " + function + "; printf '%s\\n' \"${COMPREPLY[@]}\"";
    Process p = new ProcessBuilder("bash", "--norc", "-c", script).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    Set<String> s = new TreeSet<>();
    out.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(s::add);
    return s;
  }

  static CommandLine cli() {
    HnvCtl top = new HnvCtl();
    top.settings = Settings.fromEnv(Map.of());
    return new CommandLine(top);
  }

  static Set<String> visibleOptions(CommandSpec spec) {
    Set<String> s = new TreeSet<>();
    for (OptionSpec o : spec.options()) {
      if (!o.hidden()) {
        s.addAll(List.of(o.names()));
      }
    }
    return s;
  }

  @Test
  void subcommandsAndTopOptions_matchTheCli() throws Exception {
    CommandLine cl = cli();
    assertThat(complete("_hnvd_hnvctl", "hnvctl", "")).isEqualTo(new TreeSet<>(cl.getSubcommands().keySet()));
    assertThat(complete("_hnvd_hnvctl", "hnvctl", "-")).isEqualTo(visibleOptions(cl.getCommandSpec()));
  }

  @Test
  void eachSubcommandsOptions_matchTheCli_wherever_globalOptionsStand() throws Exception {
    for (Map.Entry<String, CommandLine> e : cli().getSubcommands().entrySet()) {
      String sub = e.getKey();
      Set<String> expected = visibleOptions(e.getValue().getCommandSpec());
      assertThat(complete("_hnvd_hnvctl", "hnvctl", sub, "-")).as(sub).isEqualTo(expected);
      assertThat(complete("_hnvd_hnvctl", "hnvctl", "--root", "/tmp", sub, "-")).as("after --root: " + sub)
          .isEqualTo(expected);
      // Everything offered is accepted: --help with each offered option parses.
      for (String opt : expected) {
        if (opt.equals("-h") || opt.equals("--help")) {
          continue; // the help request below
        }
        boolean takesValue = e.getValue().getCommandSpec().findOption(opt).arity().min() > 0;
        List<String> argv = HnvCtl.GLOBAL_OPTIONS.contains(opt) ? List.of(sub, opt, "/tmp", "--help")
            : takesValue ? List.of(sub, opt, "1", "--help") : List.of(sub, opt, "--help");
        if (opt.equals("--backend")) {
          argv = List.of(sub, opt, "nm", "--help");
        }
        Run r = Run.with(Map.of("HNVD_NO_DAEMON", "1"), "hnvctl", argv.toArray(String[]::new));
        assertThat(r.exit()).as(argv + ": " + r.err()).isZero();
      }
    }
  }

  @Test
  void helpOffersTheSubcommands_andOptionValuesAreCompleted() throws Exception {
    Set<String> subs = new TreeSet<>(cli().getSubcommands().keySet());
    subs.remove("help");
    assertThat(complete("_hnvd_hnvctl", "hnvctl", "help", "")).isEqualTo(subs);
    assertThat(complete("_hnvd_hnvctl", "hnvctl", "status", "--backend", "")).containsExactly("auto", "nm", "wicked");
    assertThat(complete("_hnvd_hnvctl", "hnvctl", "--root", "/e")).contains("/etc");
  }

  @Test
  void dynamicRm_keysFirst_helpOnADash() throws Exception {
    assertThat(complete("_hnvd_dynamicrm", "hcnqrydev", "")).containsExactly("DRC_INDEX=", "HCN_ID=");
    assertThat(complete("_hnvd_dynamicrm", "hcnqrydev", "-"))
        .containsExactly("--backend", "--device-tree", "--help", "--root", "--sysfs");
    assertThat(complete("_hnvd_dynamicrm", "hcnmgr", "-"))
        .containsExactly("--backend", "--device-tree", "--help", "--root", "--sysfs", "-V", "-d", "-h", "-s", "-x");
    assertThat(complete("_hnvd_dynamicrm", "hcnversion", "-")).containsExactly("--help");
    assertThat(complete("_hnvd_dynamicrm", "hcnrmhcn", "--backend", "")).containsExactly("auto", "nm", "wicked");
    // Everything offered is accepted: each option with a value, then --help.
    for (String opt : List.of("--root", "--device-tree", "--sysfs")) {
      assertThat(Run.with(Map.of("HNVD_NO_DAEMON", "1"), "hcnqrydev", opt, "/tmp", "--help").exit()).as(opt).isZero();
    }
    assertThat(Run.with(Map.of("HNVD_NO_DAEMON", "1"), "hcnmgr", "--backend", "nm", "-x", "-d", "1", "-h").exit()).isZero();
  }
}
