package dev.hnvd.engine;

import dev.hnvd.model.HnvException;

/**
 * Told the end of every apply transaction the engine starts (not of empty plans, which change
 * nothing): the daemon counts applies and rollbacks with it.
 */
@FunctionalInterface
public interface ApplyObserver {
  ApplyObserver NONE = r -> {};

  /** How a transaction ended. */
  enum Result {
    COMMITTED, ROLLED_BACK, ROLLBACK_FAILED, FAILED;

    /** The metric label: lowercase. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A failed apply's result by its error kind (the backends roll back before they throw these). */
    static Result of(HnvException.Kind kind) {
      return switch (kind) {
        case REJECTED, VERIFY_FAILED -> ROLLED_BACK;
        case ROLLBACK_FAILED -> ROLLBACK_FAILED;
        default -> FAILED;
      };
    }
  }

  void ended(Result r);
}
