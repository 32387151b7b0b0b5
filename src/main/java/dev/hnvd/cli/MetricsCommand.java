package dev.hnvd.cli;

import dev.hnvd.engine.HnvReading;
import dev.hnvd.engine.Settings;
import dev.hnvd.metrics.HnvMetrics;
import dev.hnvd.model.HnvException;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hnvctl metrics}: the Prometheus text. From the running daemon when there is one (its
 * counters too); otherwise the gauges read here from the device tree and the kernel, so
 * {@code hnv_migration_safe} answers on any box.
 */
@Command(name = "metrics",
    description = {"Print hnvd's metrics in the Prometheus text format (names: docs/operations.md).",
        "With hnvd running, its full set over D-Bus (gauges and counters); without it, or with --local, "
            + "--root, --device-tree or --sysfs, the gauges read here from the device tree and the kernel."},
    exitCodeListHeading = "Exit status%n", exitCodeList = {"0:printed", "1:failure"})
final class MetricsCommand implements Callable<Integer> {
  @ParentCommand HnvCtl top;
  @Mixin HelpOption help;

  @Option(names = "--local", description = "Do not ask the daemon: print only the gauges read here.")
  boolean local;

  @Override
  public Integer call() {
    Optional<String> fromDaemon = local || !DaemonBus.describesThisMachine(top.settings)
        ? Optional.empty() : fromDaemon(top.settings);
    top.out.print(fromDaemon.orElseGet(() -> HnvMetrics.render(HnvReading.of(top.engine()), Optional.empty())));
    return 0;
  }

  /** The daemon's text, or empty when there is no bus, no daemon, or it would not answer us. */
  private static Optional<String> fromDaemon(Settings settings) {
    try (DaemonBus bus = DaemonBus.connect(settings)) {
      return bus.daemonRunning() ? Optional.of(bus.api().Metrics()) : Optional.empty();
    } catch (HnvException | DBusExecutionException e) {
      // Not root nor hnvd-monitor, an older daemon, no bus: the local gauges still answer.
      return Optional.empty();
    }
  }
}
