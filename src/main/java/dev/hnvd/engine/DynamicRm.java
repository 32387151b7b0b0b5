package dev.hnvd.engine;

import dev.hnvd.model.DrcIndex;
import dev.hnvd.model.HcnId;
import dev.hnvd.model.HnvException;
import dev.hnvd.platform.ProcessUser;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DynamicRM command contract, byte-compatible with hcnmgr: {@code [LEVEL]:message} lines on
 * stdout, exit 0 on success and 1 on any failure, errors as
 * {@code [ERROR]:<cmd>:error code N, <text>}. Unlike hcnmgr, values are parsed as u32 (any case,
 * optional 0x), and bad arguments or an unknown command name exit 1.
 */
public final class DynamicRm {
  private static final Logger log = LoggerFactory.getLogger(DynamicRm.class);

  public static final Set<String> NAMES =
      Set.of("hcncfgdrc", "hcnrmdev", "hcnrmhcn", "hcnqrydev", "hcnversion", "hcnmgr");

  private final String cmd;
  private final PrintStream out;
  private final Function<Settings, Engine> engines;

  public DynamicRm(String cmd, PrintStream out, Function<Settings, Engine> engines) {
    this.cmd = cmd;
    this.out = out;
    this.engines = engines;
  }

  public int run(List<String> argv, Settings settings) {
    List<String> args = new ArrayList<>();
    try {
      settings = globalOptions(argv, settings, args);
    } catch (IllegalArgumentException e) {
      return error(HnvException.Kind.INVALID.code(), e.getMessage());
    }
    if (!cmd.equals("hcnmgr") && (args.contains("--help") || args.contains("-h"))) {
      // The HMC never asks for help; an admin who does gets the usage and where to read more.
      usage();
      out.println("More: hcnmgr -h, man " + cmd);
      return 0;
    }
    String op = cmd;
    if (cmd.equals("hcnmgr")) {
      // getopts "sxVhd:": options up to the first non-option.
      op = null;
      while (!args.isEmpty() && args.get(0).startsWith("-") && args.get(0).length() > 1) {
        String opt = args.remove(0);
        if (opt.equals("--help")) {
          usage();
          return 0;
        }
        if (opt.startsWith("--")) {
          out.println("[ERROR]:hcnmgr:invalid option " + opt);
          usage();
          return 1;
        }
        for (int i = 1; i < opt.length(); i++) {
          char c = opt.charAt(i);
          switch (c) {
            case 'V' -> {
              version();
              return 0;
            }
            case 'h' -> {
              usage();
              return 0;
            }
            case 's' -> op = "scan";
            case 'x' -> { }
            case 'd' -> {
              String level;
              if (i + 1 < opt.length()) {
                level = opt.substring(i + 1);
                i = opt.length();
              } else if (!args.isEmpty()) {
                level = args.remove(0);
              } else {
                usage();
                return 1;
              }
              if (!debugLevel(level)) {
                return error(HnvException.Kind.INVALID.code(), "Invalid argument: -d needs a debug level (a number), not '"
                    + level + "'");
              }
            }
            default -> {
              out.println("[ERROR]:hcnmgr:invalid option -" + c);
              usage();
              return 1;
            }
          }
        }
      }
      if (op == null) {
        usage();
        return 1;
      }
    }
    if (op.equals("hcnversion")) {
      version();
      return 0;
    }
    out.println(HmcLine.info(cmd + (argv.isEmpty() ? "" : " " + String.join(" ", argv))).render());
    Map<String, String> kv;
    try {
      kv = keyValues(args);
    } catch (IllegalArgumentException e) {
      return error(HnvException.Kind.INVALID.code(), e.getMessage());
    }
    try {
      Call call = parse(op, kv);
      // A root that is not there would answer "not a PowerVM LPAR" and exit 0: say what is wrong.
      java.util.Optional<String> badRoot = Settings.rootProblem(settings.root());
      if (badRoot.isPresent()) {
        return error(HnvException.Kind.INVALID.code(), badRoot.get());
      }
      Engine engine = engines.apply(settings);
      if (!engine.powervm()) {
        out.println(HmcLine.info("HNV is only supported on PowerVM LPAR").render());
        return 0;
      }
      if (call.mutating && !ProcessUser.root()) {
        throw notRoot(cmd);
      }
      Outcome r = call.mutating
          ? locked(settings.lockFile(), () -> call.run(engine))
          : call.run(engine);
      r.lines().forEach(l -> out.println(l.render()));
      return 0;
    } catch (IllegalArgumentException e) {
      return error(HnvException.Kind.INVALID.code(), "Invalid argument: " + e.getMessage());
    } catch (HnvException e) {
      log.error("{} failed: {}", cmd, e.getMessage());
      return error(e.kind().code(), e.getMessage());
    }
  }

  /** What to run, parsed and validated before anything is read from the system. */
  private record Call(boolean mutating, Function<Engine, Outcome> body) {
    Outcome run(Engine e) {
      return body.apply(e);
    }
  }

  private static Call parse(String op, Map<String, String> kv) {
    switch (op) {
      case "hcncfgdrc" -> {
        allow(kv, "DRC_INDEX", "STAKE_TOKEN");
        DrcIndex drc = DrcIndex.parse(need(kv, "DRC_INDEX"));
        return new Call(true, e -> e.configure(drc));
      }
      case "hcnrmdev" -> {
        allow(kv, "DRC_INDEX", "HCN_ID");
        DrcIndex drc = DrcIndex.parse(need(kv, "DRC_INDEX"));
        HcnId id = HcnId.parse(need(kv, "HCN_ID"));
        return new Call(true, e -> e.removeDevice(drc, id));
      }
      case "hcnrmhcn" -> {
        allow(kv, "HCN_ID");
        HcnId id = HcnId.parse(need(kv, "HCN_ID"));
        return new Call(true, e -> e.removeHnv(id));
      }
      case "hcnqrydev" -> {
        allow(kv, "DRC_INDEX", "HCN_ID");
        DrcIndex drc = DrcIndex.parse(need(kv, "DRC_INDEX"));
        HcnId id = HcnId.parse(need(kv, "HCN_ID"));
        return new Call(false, e -> e.query(drc, id));
      }
      case "scan" -> {
        allow(kv);
        return new Call(true, Engine::scan);
      }
      default -> throw new IllegalArgumentException("unknown command " + op);
    }
  }

  /** The answer to a change asked for without root: what is needed, not a lock it never got to. */
  public static HnvException notRoot(String cmd) {
    return new HnvException(HnvException.Kind.NOT_PERMITTED, "Operation not permitted: " + cmd
        + " changes the network configuration and must run as root (effective uid "
        + ProcessUser.effectiveUid().getAsInt() + ")");
  }

  private static Outcome locked(Path lockFile, java.util.function.Supplier<Outcome> body) {
    try (EngineLock lock = EngineLock.acquire(lockFile, Duration.ofSeconds(120))) {
      return body.get();
    }
  }

  /** Pulls out our own options (--root DIR etc.) and {@code -d N}, which hcnmgr only logged. */
  private static Settings globalOptions(List<String> argv, Settings s, List<String> rest) {
    for (int i = 0; i < argv.size(); i++) {
      String a = argv.get(i);
      String name = a.contains("=") && a.startsWith("--") ? a.substring(0, a.indexOf('=')) : a;
      String inline = a.contains("=") && a.startsWith("--") ? a.substring(a.indexOf('=') + 1) : null;
      switch (name) {
        case "--root", "--device-tree", "--sysfs", "--backend" -> {
          String v = inline != null ? inline : (i + 1 < argv.size() ? argv.get(++i) : null);
          if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(name + " needs a value");
          }
          s = switch (name) {
            case "--root" -> s.withRoot(Path.of(v));
            case "--device-tree" -> s.withDeviceTree(Path.of(v));
            case "--sysfs" -> s.withSysfs(Path.of(v));
            default -> s.withBackend(v);
          };
        }
        default -> rest.add(a);
      }
    }
    return s;
  }

  private Map<String, String> keyValues(List<String> args) {
    Map<String, String> kv = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("-d") || (a.startsWith("-d") && a.length() > 2)) {
        String level = a.length() > 2 ? a.substring(2) : (i + 1 < args.size() ? args.get(++i) : null);
        if (level == null || !debugLevel(level)) {
          throw new IllegalArgumentException("Invalid argument: -d needs a debug level (a number)"
              + (level == null ? "" : ", not '" + level + "'"));
        }
        log.debug("debug level {} requested", level);
        continue;
      }
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("Invalid argument '" + a + "', expected KEY=VALUE (usage: hcnmgr -h, man "
            + cmd + ")");
      }
      String key = a.substring(0, eq);
      if (kv.put(key, a.substring(eq + 1)) != null) {
        throw new IllegalArgumentException("Invalid argument: " + key + " given twice");
      }
    }
    return kv;
  }

  /** hcnmgr only logged {@code -d N}; we still refuse a level that is not a number. */
  private static boolean debugLevel(String s) {
    return !s.isEmpty() && s.length() <= 9 && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static void allow(Map<String, String> kv, String... keys) {
    Set<String> ok = Set.of(keys);
    for (String k : kv.keySet()) {
      if (!ok.contains(k)) {
        throw new IllegalArgumentException("unexpected argument " + k);
      }
    }
  }

  private static String need(Map<String, String> kv, String key) {
    String v = kv.get(key);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException(key + "= is required");
    }
    return v;
  }

  private int error(int code, String text) {
    out.println("[ERROR]:" + cmd + ":error code " + code + ", " + text);
    return 1;
  }

  private void version() {
    Version.print(out);
  }

  private void usage() {
    out.println("Usage: hcnmgr -s | -V | -h");
    out.println("       hcncfgdrc DRC_INDEX=<drc_index> [STAKE_TOKEN=NULL] [-d <level>]");
    out.println("       hcnrmhcn HCN_ID=<hcnid>");
    out.println("       hcnrmdev DRC_INDEX=<drc_index> HCN_ID=<hcnid>");
    out.println("       hcnqrydev DRC_INDEX=<drc_index> HCN_ID=<hcnid>");
    out.println("       hcnversion");
    out.println("  -s  scan the device tree and configure every HNV (boot)");
    out.println("  -V  print version and features");
    out.println("  -h  print this help (also --help, and --help after any name above)");
    out.println("  -d  debug level (a number), accepted for compatibility");
    out.println("  -x  accepted for compatibility (hcnmgr's shell trace)");
    out.println("Global options: --root DIR, --device-tree DIR, --sysfs DIR, --backend auto|nm|wicked");
  }
}
