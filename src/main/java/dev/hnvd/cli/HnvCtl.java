package dev.hnvd.cli;

import dev.hnvd.engine.Version;
import dev.hnvd.engine.DynamicRm;
import dev.hnvd.engine.EngineFactory;
import dev.hnvd.engine.Settings;
import dev.hnvd.json.Json;
import dev.hnvd.engine.Engine;
import dev.hnvd.engine.EngineLock;
import dev.hnvd.engine.MigrationCheck;
import dev.hnvd.engine.Outcome;
import dev.hnvd.engine.StatusReport;
import dev.hnvd.model.Discovery;
import dev.hnvd.model.HnvException;
import dev.hnvd.plan.Action;
import dev.hnvd.plan.Plan;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code hnvctl}: the admin's view of hnvd (discover, plan, status, scan, migration-check, doctor).
 * The global options are inherited by every subcommand, so they work before or after its name
 * ({@code hnvctl discover --json --root DIR}); {@code --help} works on every subcommand and
 * {@code hnvctl help [COMMAND]} prints the same.
 */
@Command(name = "hnvctl", mixinStandardHelpOptions = true, versionProvider = HnvCtl.VersionProvider.class,
    description = "Inspect and reconcile PowerVM Hybrid Network Virtualization bonds.",
    footer = {"", "Global options may come before or after the subcommand. "
        + "More: hnvctl help COMMAND, man hnvctl."},
    subcommands = {HnvCtl.Discover.class, HnvCtl.PlanCmd.class, HnvCtl.Status.class, HnvCtl.Scan.class,
        HnvCtl.MigrationCheckCmd.class, DoctorCommand.class, MetricsCommand.class, EventsCommand.class,
        CommandLine.HelpCommand.class})
final class HnvCtl implements Callable<Integer> {
  /** The global options and where completion finds them (packaging/bash-completion/hnvctl). */
  static final List<String> GLOBAL_OPTIONS = List.of("--root", "--device-tree", "--sysfs", "--backend");

  Settings settings;
  PrintStream out;
  @Spec CommandSpec spec;

  @Option(names = "--root", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "Read everything under DIR (default /, or HNVD_ROOT).")
  void root(String p) {
    settings = settings.withRoot(dir("--root", p));
  }

  @Option(names = "--device-tree", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "Device tree (default <root>/proc/device-tree).")
  void deviceTree(String p) {
    settings = settings.withDeviceTree(dir("--device-tree", p));
  }

  @Option(names = "--sysfs", paramLabel = "DIR", scope = ScopeType.INHERIT, description = "sysfs (default <root>/sys).")
  void sysfs(String p) {
    settings = settings.withSysfs(dir("--sysfs", p));
  }

  @Option(names = "--backend", paramLabel = "auto|nm|wicked", scope = ScopeType.INHERIT,
      description = "Connection manager (default auto).")
  void backend(String b) {
    try {
      settings = settings.withBackend(b);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** An option's directory: present, or a usage error that names the option (never a Java trace). */
  private Path dir(String option, String value) {
    if (value.isBlank()) {
      throw new ParameterException(spec.commandLine(), option + " needs a directory, got an empty value");
    }
    try {
      return Path.of(value);
    } catch (java.nio.file.InvalidPathException e) {
      throw new ParameterException(spec.commandLine(), option + ": not a usable path: " + value);
    }
  }

  static int run(List<String> args, Settings settings, PrintStream out, PrintStream err) {
    HnvCtl top = new HnvCtl();
    top.settings = settings;
    top.out = out;
    CommandLine cl = new CommandLine(top);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    // With --json anywhere, every answer is JSON on stdout, errors too (Ansible, scripts).
    boolean json = args.contains("--json");
    cl.setExecutionStrategy(parsed -> {
      // A help request needs no system; everything else needs a root that is there.
      if (!helpRequested(parsed)) {
        Optional<String> bad = Settings.rootProblem(top.settings.root());
        if (bad.isPresent()) {
          if (json) {
            out.println(JsonError.badUsage(bad.get()));
          } else {
            err.println("hnvctl: " + bad.get());
          }
          return 1;
        }
      }
      return new CommandLine.RunLast().execute(parsed);
    });
    cl.setParameterExceptionHandler((ex, argv) -> {
      if (json) {
        out.println(JsonError.badUsage(ex.getMessage()));
        return 1;
      }
      CommandLine c = ex.getCommandLine();
      err.println("hnvctl: " + ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
      err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
      return 1;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      if (json) {
        out.println(JsonError.of(ex));
        return 1;
      }
      if (ex instanceof HnvException h) {
        err.println("hnvctl: " + h.getMessage() + " (error code " + h.kind().code() + ")");
        return 1;
      }
      throw ex;
    });
    int rc = cl.execute(args.toArray(String[]::new));
    return rc == 0 ? 0 : (rc == 2 ? 1 : rc);
  }

  private static boolean helpRequested(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.isUsageHelpRequested() || p.isVersionHelpRequested()
          || p.commandSpec().userObject() instanceof CommandLine.HelpCommand) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(out);
    return 1;
  }

  Engine engine() {
    return EngineFactory.engine(settings, GatePaths.of(settings));
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"hnvctl " + Version.number(), Version.FEATURES};
    }
  }

  @Command(name = "discover", description = "Show the HNV devices the device tree and sysfs describe; changes nothing.")
  static final class Discover implements Callable<Integer> {
    @ParentCommand HnvCtl top;
    @Mixin HelpOption help;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() {
      Discovery d = top.engine().discover();
      top.out.print(json ? Json.write(DiscoveryView.json(d)) + "\n" : DiscoveryView.table(d));
      return 0;
    }
  }

  @Command(name = "plan", description = "Show the actions a reconcile would take, without taking them.")
  static final class PlanCmd implements Callable<Integer> {
    @ParentCommand HnvCtl top;
    @Mixin HelpOption help;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() {
      Plan plan = top.engine().plan();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> actions = new ArrayList<>();
        for (Action a : plan.actions()) {
          Map<String, Object> am = new LinkedHashMap<>();
          am.put("action", a.getClass().getSimpleName());
          am.put("hcnId", a.hcnId().hex());
          am.put("description", a.describe());
          actions.add(am);
        }
        m.put("actions", actions);
        m.put("notes", plan.notes());
        top.out.println(Json.write(m));
      } else {
        if (plan.isEmpty()) {
          top.out.println("nothing to do: every HNV is converged");
        }
        plan.actions().forEach(a -> top.out.println(a.hcnId().bondName() + ": " + a.describe()));
        plan.notes().forEach(n -> top.out.println("note: " + n));
      }
      return 0;
    }
  }

  @Command(name = "status", description = "Show each HNV: bond, ports, active port, primary, carrier, profiles.",
      exitCodeListHeading = "Exit status%n",
      exitCodeList = {"0:shown, with the connection manager's profiles",
          "1:the connection manager could not be read (the kernel's view is still shown), or an error"})
  static final class Status implements Callable<Integer> {
    @ParentCommand HnvCtl top;
    @Mixin HelpOption help;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() {
      StatusReport r = top.engine().status();
      top.out.print(json ? Json.write(r.json()) + "\n" : StatusView.table(r));
      // What the kernel shows is still printed; the exit says the profiles could not be read.
      return r.backendAvailable() ? 0 : 1;
    }
  }

  @Command(name = "scan", description = "Reconcile every HNV now (what the daemon does at boot).")
  static final class Scan implements Callable<Integer> {
    @ParentCommand HnvCtl top;
    @Mixin HelpOption help;

    @Option(names = "--json", description = "Machine-readable output: writes (profile changes) and lines (level, message).")
    boolean json;

    @Override
    public Integer call() {
      Engine e = top.engine();
      if (!dev.hnvd.platform.ProcessUser.root()) {
        throw DynamicRm.notRoot("hnvctl scan");
      }
      try (EngineLock lock = EngineLock.acquire(top.settings.lockFile(), Duration.ofSeconds(120))) {
        Outcome r = e.scan();
        if (json) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("writes", r.writes());
          m.put("lines", r.lines().stream().map(l -> {
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("level", l.level());
            lm.put("message", l.text());
            return lm;
          }).toList());
          top.out.println(Json.write(m));
        } else {
          r.lines().forEach(l -> top.out.println(l.render()));
        }
      }
      return 0;
    }
  }

  @Command(name = "migration-check",
      description = {"Exit 1 when a live migration would drop an HNV: hcnqrydev's rule for every VF (another "
          + "port must have carrier and, by default, a path that answered lately; HNVD_MIGRATION_GATE).",
          "One line per SR-IOV port, then a verdict line."})
  static final class MigrationCheckCmd implements Callable<Integer> {
    @ParentCommand HnvCtl top;
    @Mixin HelpOption help;

    @Option(names = "--json", description = "Machine-readable output: safe, vpmem and one entry per VF (bond, ifname, safe, reason).")
    boolean json;

    @Override
    public Integer call() {
      MigrationCheck c = top.engine().migrationCheck();
      if (json) {
        top.out.println(Json.write(c.json()));
      } else {
        for (MigrationCheck.VfVerdict v : c.vfs()) {
          top.out.println((v.verdict().safe() ? "ok: " : "unsafe: ") + v.bond() + " " + v.ifname() + ": "
              + v.verdict().reason());
        }
        if (c.vpmem()) {
          top.out.println("unsafe: vPMEM present; HNV and vPMEM cannot coexist");
        }
        top.out.println(c.verdictLine());
      }
      return c.safe() ? 0 : 1;
    }
  }
}
