package dev.hnvd.daemon;

import dev.hnvd.wire.Wire;
import dev.hnvd.backend.ApplyReport;
import dev.hnvd.backend.Backend;
import dev.hnvd.engine.BackendFactory;
import dev.hnvd.plan.Plan;
import dev.hnvd.plan.Profile;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records how many operations are inside the system at once: a backend that is "entered" on
 * open and "left" on close, and commands that enter and leave around their run.
 */
final class Recorder {
  final AtomicInteger inside = new AtomicInteger();
  final AtomicInteger maxInside = new AtomicInteger();
  final AtomicInteger entries = new AtomicInteger();

  void enter() {
    int now = inside.incrementAndGet();
    maxInside.accumulateAndGet(now, Math::max);
    entries.incrementAndGet();
    // Give another thread every chance to enter too, if anything let it.
    for (int i = 0; i < 3; i++) {
      Thread.yield();
    }
  }

  void exit() {
    inside.decrementAndGet();
  }

  BackendFactory backends() {
    return () -> {
      enter();
      return new Backend() {
        @Override
        public String describe() {
          return "recording backend";
        }

        @Override
        public List<Profile> profiles() {
          return List.of();
        }

        @Override
        public ApplyReport apply(Plan plan) {
          return ApplyReport.nothing();
        }

        @Override
        public void close() {
          exit();
        }
      };
    };
  }

  CommandRunner commands() {
    return new CommandRunner() {
      @Override
      public boolean mutating(Wire.Request r) {
        return !r.argv0().equals("hcnqrydev");
      }

      @Override
      public Wire.Reply run(Wire.Request r) {
        enter();
        try {
          return Wire.Reply.ran(0, ("ran " + r.argv0() + "\n").getBytes(), new byte[0]);
        } finally {
          exit();
        }
      }
    };
  }
}
