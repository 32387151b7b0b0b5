package dev.hnvd.backend;

import dev.hnvd.model.HnvException;
import dev.hnvd.plan.Plan;
import dev.hnvd.plan.Profile;
import java.util.List;

/**
 * A connection manager we drive (NetworkManager over D-Bus, or wicked via ifcfg files). The only
 * code that changes the system. Every method may throw {@link HnvException}.
 */
public interface Backend extends AutoCloseable {

  /** For logs and status, e.g. "NetworkManager 1.42.4". */
  String describe();

  /** Every profile the manager knows; ours (carrying the ownership mark) have {@code owned}. */
  List<Profile> profiles();

  /**
   * Applies the plan as one transaction: snapshot, apply in order, verify against the kernel within
   * a bounded deadline, then commit or roll back everything and throw with the step that failed.
   * An empty plan makes no writes at all.
   */
  ApplyReport apply(Plan plan);

  @Override
  void close();
}
