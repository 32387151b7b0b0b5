package dev.hnvd.backend.wicked;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An admin's {@code wicked ifup|ifdown|ifreload} in flight, and waiting for it to end.
 *
 * <p>Why: {@code wicked ifreload bond<id>} takes the bond's ports out and puts them back; the
 * kernel watcher sees a bond with missing ports, and a replan would start our own
 * {@code wicked ifup} while the admin's command still runs (two clients driving wickedd's nanny
 * on one interface; nothing in wicked serialises them). wicked keeps no client-side lock, so the
 * only trustworthy sign of "an admin's command is working on this bond" is the client process
 * itself: its command line names the sub-command and the interfaces (or {@code all}). Processes
 * we started (our descendants) are not foreign.
 */
final class ForeignWicked {
  private static final Logger LOG = LoggerFactory.getLogger(ForeignWicked.class);
  private static final Set<String> MUTATING = Set.of("ifup", "ifdown", "ifreload");

  /** Command lines (argv) of every running process that is not ours. */
  private final Supplier<List<List<String>>> processes;
  private final Sleeper sleeper;

  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  ForeignWicked(Supplier<List<List<String>>> processes, Sleeper sleeper) {
    this.processes = processes;
    this.sleeper = sleeper;
  }

  /** The live processes of this machine, minus this JVM and everything it started. */
  static ForeignWicked ofSystem() {
    return new ForeignWicked(ForeignWicked::systemProcesses, d -> Thread.sleep(d.toMillis()));
  }

  private static List<List<String>> systemProcesses() {
    ProcessHandle self = ProcessHandle.current();
    Set<Long> ours = self.descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    ours.add(self.pid());
    return ProcessHandle.allProcesses()
        .filter(p -> !ours.contains(p.pid()))
        .map(p -> {
          ProcessHandle.Info info = p.info();
          Optional<String> cmd = info.command();
          if (cmd.isEmpty()) {
            return List.<String>of();
          }
          List<String> argv = new java.util.ArrayList<>();
          argv.add(cmd.get());
          info.arguments().ifPresent(a -> argv.addAll(List.of(a)));
          return argv;
        })
        .filter(a -> !a.isEmpty())
        .toList();
  }

  /**
   * The first foreign wicked command that changes any of {@code ifnames} (or {@code all}
   * interfaces), as "wicked ifreload bond00001a2b"; empty when none runs.
   */
  Optional<String> busyWith(Set<String> ifnames) {
    for (List<String> argv : processes.get()) {
      if (argv.isEmpty() || !basename(argv.get(0)).equals("wicked")) {
        continue;
      }
      List<String> words = argv.subList(1, argv.size()).stream().filter(w -> !w.startsWith("-")).toList();
      Optional<String> sub = words.stream().filter(MUTATING::contains).findFirst();
      if (sub.isEmpty()) {
        continue;
      }
      List<String> targets = words.subList(words.indexOf(sub.get()) + 1, words.size());
      if (targets.contains("all") || targets.stream().anyMatch(ifnames::contains)) {
        return Optional.of("wicked " + String.join(" ", argv.subList(1, argv.size())));
      }
    }
    return Optional.empty();
  }

  /**
   * Waits (polling every 100 ms, at most {@code max}) while a foreign wicked command changes any
   * of {@code ifnames}; returns how long it waited. One log line when it had to wait, one when
   * the wait ran out (then the caller goes ahead: an admin's command that hangs must not block
   * the HMC's commands for good).
   */
  Duration awaitIdle(Set<String> ifnames, Duration max) {
    long start = System.nanoTime();
    Optional<String> busy = busyWith(ifnames);
    if (busy.isEmpty()) {
      return Duration.ZERO;
    }
    LOG.info("waiting for an admin's '{}' to finish before touching {}", busy.get(), ifnames);
    while (busy.isPresent()) {
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      if (waited.compareTo(max) >= 0) {
        LOG.warn("'{}' still runs after {} s; going ahead", busy.get(), waited.toSeconds());
        return waited;
      }
      try {
        sleeper.sleep(Duration.ofMillis(100));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Duration.ofNanos(System.nanoTime() - start);
      }
      busy = busyWith(ifnames);
    }
    Duration waited = Duration.ofNanos(System.nanoTime() - start);
    LOG.info("the admin's wicked command ended; waited {} ms", waited.toMillis());
    return waited;
  }

  private static String basename(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
