package dev.hnvd.cli;

import dev.hnvd.engine.Version;
import dev.hnvd.engine.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes the AsciiDoc sources of hnvd's man pages (section 8) from the picocli model, with
 * picocli-codegen's ManPageGenerator: hnvctl and each subcommand (hnvctl-doctor, …) from the real
 * command classes, hnvd and the DynamicRM names from {@link ManPageSpecs}. Build-only: Maven runs it
 * at {@code package} ({@code target/man-adoc}); {@code scripts/gen-man} turns the files into troff
 * ({@code target/man/*.8}) with asciidoctor.
 *
 * <p>usage: {@code ManPages OUTPUT_DIR}
 */
public final class ManPages {
  private ManPages() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ManPages OUTPUT_DIR");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    for (Map.Entry<String, String> page : pages().entrySet()) {
      Files.writeString(out.resolve(page.getKey() + ".adoc"), page.getValue(), StandardCharsets.UTF_8);
    }
    System.out.println("man pages (AsciiDoc): " + pages().size() + " in " + out);
  }

  /** Page name (e.g. {@code hnvctl-doctor}) to its AsciiDoc text, in a stable order. */
  static Map<String, String> pages() {
    Map<String, String> pages = new LinkedHashMap<>();
    pages.put("hnvd", page(spec(new ManPageSpecs.Daemon())));
    HnvCtl top = new HnvCtl();
    top.settings = Settings.fromEnv(Map.of());
    CommandLine hnvctl = new CommandLine(top);
    hnvctl.getCommandSpec().usageMessage()
        .footerHeading("Environment%n")
        .footer("HNVD_ROOT, HNVD_DEVICE_TREE, HNVD_SYSFS, HNVD_BACKEND: defaults of the options above. "
            + "DBUS_SYSTEM_BUS_ADDRESS: the system bus to use.",
            "", "See also: hnvd(8), hnvd-hcnmgr(8), hnvd-hcnqrydev(8)");
    // "hnvctl help COMMAND" prints COMMAND's help: the man pages list the commands themselves.
    hnvctl.getSubcommands().get("help").getCommandSpec().usageMessage().hidden(true);
    addTree(pages, hnvctl.getCommandSpec());
    for (Object o : List.of(new ManPageSpecs.Hcnmgr(), new ManPageSpecs.Cfgdrc(), new ManPageSpecs.Rmdev(),
        new ManPageSpecs.Rmhcn(), new ManPageSpecs.Qrydev(), new ManPageSpecs.Hcnversion())) {
      CommandSpec s = spec(o);
      List<String> footer = new ArrayList<>(List.of(ManPageSpecs.OUTPUT));
      footer.add("");
      footer.addAll(List.of(ManPageSpecs.GLOBAL_NOTE));
      footer.add("");
      footer.add("See also: " + ManPageSpecs.SEE_ALSO);
      s.usageMessage().footer(footer.toArray(String[]::new));
      pages.put(s.name(), page(s));
    }
    return pages;
  }

  private static void addTree(Map<String, String> pages, CommandSpec s) {
    pages.put(s.qualifiedName("-"), page(s));
    for (CommandLine sub : s.subcommands().values()) {
      if (!sub.getCommandSpec().usageMessage().hidden() && !sub.getCommandSpec().helpCommand() && !pages.containsKey(sub.getCommandSpec().qualifiedName("-"))) {
        addTree(pages, sub.getCommandSpec());
      }
    }
  }

  private static CommandSpec spec(Object command) {
    return new CommandLine(command).getCommandSpec();
  }

  /**
   * One page. ManPageGenerator titles every page {@code name(1)}; these are administration commands
   * (section 8), and the manual and source lines name hnvd instead of "Name Manual".
   */
  static String page(CommandSpec s) {
    StringWriter sw = new StringWriter();
    try (PrintWriter pw = new PrintWriter(sw)) {
      ManPageGenerator.writeSingleManPage(pw, s);
    }
    String name = s.qualifiedName("-");
    return sw.toString()
        .replaceFirst("(?m)^= " + java.util.regex.Pattern.quote(name) + "\\(1\\)$",
            java.util.regex.Matcher.quoteReplacement("= " + name + "(8)"))
        .replaceFirst("(?m)^:manmanual:.*$", ":manmanual: System Administration")
        .replaceFirst("(?m)^:mansource:.*$", java.util.regex.Matcher.quoteReplacement(":mansource: hnvd " + Version.number()))
        // Section titles come from usage headings ("Exit status:"); a man page heading has no colon.
        .replaceAll("(?m)^(== .*?):\\s*$", "$1")
        // An option with only a short name comes out as "*-s*, ::" or "*-d*, _level_::" (the usage
        // help's comma column); a man page writes "-s" and "-d level".
        .replaceAll("(?m)^(\\*-\\w\\*), ::$", "$1::")
        .replaceAll("(?m)^(\\*-\\w\\*), (_[^_]+_::)$", "$1 $2");
  }
}
