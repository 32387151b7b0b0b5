package dev.hnvd.cli;

import dev.hnvd.daemon.Hnvd1;
import dev.hnvd.json.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusSigHandler;
import org.freedesktop.dbus.messages.DBusSignal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hnvctl events}: hnvd's change signals as they arrive, one line each, until interrupted
 * (or after {@code --count} of them).
 */
@Command(name = "events",
    description = {"Print hnvd's change signals as they arrive: ActivePortChanged, HnvAppeared, HnvVanished, "
        + "MigrationSafetyChanged (one line each; --json: one JSON object per line). Runs until interrupted.",
        "Needs the running daemon's bus; root and members of the group hnvd-monitor may listen."},
    exitCodeListHeading = "Exit status%n",
    exitCodeList = {"0:interrupted, or --count signals printed", "1:no bus to listen on"})
final class EventsCommand implements Callable<Integer> {
  @ParentCommand HnvCtl top;
  @Mixin HelpOption help;

  @Option(names = "--json", description = "One JSON object per line: signal, time, hcnId, bond and the signal's fields.")
  boolean json;

  @Option(names = "--count", paramLabel = "N", description = "Exit after N signals (default: run until interrupted).")
  int count;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Exit (status 2) when no more signals came within SECONDS; default none.")
  long timeout;

  @Override
  public Integer call() throws Exception {
    CountDownLatch done = new CountDownLatch(count > 0 ? count : Integer.MAX_VALUE);
    AtomicInteger seen = new AtomicInteger();
    try (DaemonBus bus = DaemonBus.connect(top.settings)) {
      on(bus, Hnvd1.ActivePortChanged.class, s -> fields(s.getHcnId(), s.getBond(), "oldPort", s.getOldPort(), "newPort", s.getNewPort(),
          "kind", s.getKind()), done, seen);
      on(bus, Hnvd1.HnvAppeared.class, s -> fields(s.getHcnId(), s.getBond()), done, seen);
      on(bus, Hnvd1.HnvVanished.class, s -> fields(s.getHcnId(), s.getBond()), done, seen);
      on(bus, Hnvd1.MigrationSafetyChanged.class, s -> fields(s.getHcnId(), s.getBond(), "safe", s.isSafe(), "reason", s.getReason()),
          done, seen);
      // Said once subscribed, on stderr (stdout carries only the signals): a script, or an admin,
      // can start the change it wants to watch from this line on.
      top.spec.commandLine().getErr().println("hnvctl events: listening for hnvd's signals");
      top.spec.commandLine().getErr().flush();
      if (timeout > 0) {
        return done.await(timeout, TimeUnit.SECONDS) ? 0 : 2;
      }
      done.await();
      return 0;
    }
  }

  /** A signal's fields after its name and time: hcnId, bond, then its own. */
  private interface Fields<S extends DBusSignal> {
    Map<String, Object> of(S s);
  }

  private <S extends DBusSignal> void on(DaemonBus bus, Class<S> type, Fields<S> fields, CountDownLatch done,
      AtomicInteger seen) throws DBusException {
    DBusSigHandler<S> h = s -> {
      if (count > 0 && seen.incrementAndGet() > count) {
        return;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("signal", type.getSimpleName());
      m.put("time", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
      m.putAll(fields.of(s));
      synchronized (top.out) {
        top.out.println(json ? Json.line(m) : text(m));
        top.out.flush();
      }
      done.countDown();
    };
    bus.connection().addSigHandler(type, h);
  }

  private static Map<String, Object> fields(String hcnId, String bond, Object... more) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hcnId", hcnId);
    m.put("bond", bond);
    for (int i = 0; i + 1 < more.length; i += 2) {
      m.put((String) more[i], more[i + 1]);
    }
    return m;
  }

  /** {@code <time> <Signal> key=value ...}, values quoted when they hold spaces. */
  private static String text(Map<String, Object> m) {
    StringBuilder sb = new StringBuilder().append(m.get("time")).append(' ').append(m.get("signal"));
    m.forEach((k, v) -> {
      if (!k.equals("time") && !k.equals("signal")) {
        String val = String.valueOf(v);
        sb.append(' ').append(k).append('=').append(val.isEmpty() || val.contains(" ") ? "\"" + val + "\"" : val);
      }
    });
    return sb.toString();
  }
}
