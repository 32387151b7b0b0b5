package dev.hnvd.backend;

import dev.hnvd.plan.Action;
import java.util.List;

/**
 * What an apply did.
 *
 * @param applied the actions carried out, in order
 * @param writes profile writes made (adds, updates, deletes); zero for a converged system
 * @param warnings non-fatal problems (e.g. kernel not yet showing the primary), already logged
 */
public record ApplyReport(List<Action> applied, int writes, List<String> warnings) {
  public ApplyReport {
    applied = List.copyOf(applied);
    warnings = List.copyOf(warnings);
  }

  public static ApplyReport nothing() {
    return new ApplyReport(List.of(), 0, List.of());
  }
}
