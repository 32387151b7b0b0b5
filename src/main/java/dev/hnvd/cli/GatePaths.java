package dev.hnvd.cli;

import dev.hnvd.daemon.PathKeeper;
import dev.hnvd.engine.EngineFactory;
import dev.hnvd.engine.Settings;
import java.time.Clock;

/**
 * Where a command run without the daemon gets the LPM gate's path evidence: a one-shot look
 * (bounded, {@link PathKeeper#oneShot}) when it reads the running kernel's /sys; none for a
 * fixture's tree (its interfaces are not the kernel's: the gate then says it checked carrier only).
 */
final class GatePaths {
  private GatePaths() {}

  static EngineFactory.PathWatches of(Settings s) {
    return (roots, kernel) -> EngineFactory.kernelSysfs(roots.sysfs())
        ? PathKeeper.oneShot(kernel, roots.sysfs(), EngineFactory.gateConfig(s).target(), Clock.systemUTC())
        : EngineFactory.noPaths(roots.sysfs());
  }
}
