package dev.hnvd.backend.nm;

import dev.hnvd.model.HnvException;
import dev.hnvd.model.HnvException.Kind;
import org.freedesktop.dbus.errors.NoReply;
import org.freedesktop.dbus.errors.ServiceUnknown;
import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** Maps D-Bus errors to the domain error at the NM backend's boundary. */
final class NmErrors {
  private NmErrors() {}

  /** The D-Bus error name: the typed class's name, else what dbus-java recorded. */
  @SuppressWarnings("removal") // getType() is the only way dbus-java 5.2 exposes an untyped error's name
  static String name(Throwable e) {
    if (e instanceof DBusExecutionException d && d.getType() != null && !d.getType().isEmpty()) {
      return d.getType();
    }
    return e.getClass().getName();
  }

  static String text(Throwable e) {
    String n = name(e);
    String m = e.getMessage() == null ? "" : e.getMessage();
    return n.startsWith("org.freedesktop") ? n + ": " + m : m.isEmpty() ? n : m;
  }

  /** NetworkManager went away (restart, crash) or the bus did: worth waiting for, not a rejection. */
  static boolean unreachable(Throwable e) {
    String n = name(e);
    return e instanceof ServiceUnknown || e instanceof NoReply
        || n.endsWith("ServiceUnknown") || n.endsWith("NoReply") || n.endsWith("Disconnected")
        || (e.getMessage() != null && e.getMessage().contains("Disconnected"));
  }

  /** A device is held by another client's checkpoint (nmstate, nmcli, another hnvd). */
  static boolean checkpointConflict(Throwable e) {
    return name(e).equals("org.freedesktop.NetworkManager.InvalidArguments")
        && e.getMessage() != null && e.getMessage().contains("already included in checkpoint");
  }

  /** The kernel cannot create bonds (no bonding module): EOPNOTSUPP from the link creation. */
  static boolean noKernelBonding(Throwable e) {
    return name(e).endsWith("CreationFailed")
        && e.getMessage() != null && e.getMessage().contains("Operation not supported");
  }

  static HnvException toDomain(String step, Throwable e) {
    if (e instanceof HnvException h) {
      return h;
    }
    Kind kind = unreachable(e) ? Kind.UNREACHABLE : Kind.REJECTED;
    return new HnvException(kind, step + ": " + text(e), e);
  }
}
