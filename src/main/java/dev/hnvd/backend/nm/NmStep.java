package dev.hnvd.backend.nm;

import dev.hnvd.plan.Action;
import java.util.Map;
import org.freedesktop.dbus.types.Variant;

/**
 * One validated plan action, translated: the single profile write it needs (if any) with the exact
 * settings, plus the action for its runtime part (activation, sysfs).
 *
 * @param action the plan action
 * @param write what to do with the profile; NONE when it is already as wanted
 * @param uuid the profile written, empty for runtime-only actions
 * @param name the profile's name, for logs
 * @param settings complete settings for ADD and UPDATE, else empty
 * @param flags AddConnection2 / Update2 flags
 */
record NmStep(Action action, Write write, String uuid, String name,
    NmConnectionSettings settings, int flags) {

  /** The one profile call a step makes. */
  enum Write { NONE, ADD, UPDATE, DELETE }

  static NmStep runtimeOnly(Action action) {
    return new NmStep(action, Write.NONE, "", "", NmConnectionSettings.empty(), 0);
  }

  NmStep withSettings(NmConnectionSettings s) {
    return new NmStep(action, write, uuid, name, s, flags);
  }

  String describe() {
    return action.describe() + (write == Write.NONE ? "" : " (" + write.name().toLowerCase() + " " + name + ")");
  }
}
