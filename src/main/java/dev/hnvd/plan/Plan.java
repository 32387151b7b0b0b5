package dev.hnvd.plan;

import java.util.List;

/**
 * An ordered list of actions plus what the planner noticed but will not act on (foreign profiles
 * in the way, pending devices).
 */
public record Plan(List<Action> actions, List<String> notes) {
  public Plan {
    actions = List.copyOf(actions);
    notes = List.copyOf(notes);
  }

  public boolean isEmpty() {
    return actions.isEmpty();
  }
}
