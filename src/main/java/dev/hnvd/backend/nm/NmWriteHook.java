package dev.hnvd.backend.nm;

import java.util.Map;
import org.freedesktop.dbus.types.Variant;

/**
 * Test seam called just before each profile write: fault injection (an invalid key NetworkManager
 * must reject, an NM restart between writes). Production uses {@link #NONE}.
 */
@FunctionalInterface
interface NmWriteHook {
  NmWriteHook NONE = (step, settings) -> settings;

  NmConnectionSettings beforeWrite(NmStep step, NmConnectionSettings settings);
}
