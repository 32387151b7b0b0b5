package dev.hnvd.cli;

import dev.hnvd.engine.BackendFactory;
import dev.hnvd.engine.Engine;
import dev.hnvd.model.HnvException;
import dev.hnvd.platform.Discoverer;
import dev.hnvd.platform.KernelView;
import dev.hnvd.platform.Roots;
import dev.hnvd.platform.SysfsKernel;

/** Builds the engine for a set of settings: the only place that picks implementations. */
final class Wiring {
  private Wiring() {}

  static Roots roots(Settings s) {
    return Roots.of(s.root(), s.deviceTree(), s.sysfs());
  }

  static Engine engine(Settings s) {
    Roots roots = roots(s);
    KernelView kernel = new SysfsKernel(roots.sysfs());
    Discoverer discoverer = new Discoverer(roots);
    return new Engine(discoverer::discover, kernel, backends(s, roots, kernel), s.resolveDeadline(),
        d -> Thread.sleep(d.toMillis()));
  }

  static BackendFactory backends(Settings s, Roots roots, KernelView kernel) {
    return () -> {
      throw new HnvException(HnvException.Kind.UNREACHABLE,
          "HNV is only supported on wicked and NetworkManager (no backend available)");
    };
  }
}
