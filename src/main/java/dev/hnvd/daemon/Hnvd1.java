package dev.hnvd.daemon;

import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.interfaces.DBusInterface;

/**
 * Our D-Bus API, {@code dev.hnvd.Hnvd1} at {@code /dev/hnvd/Hnvd1} on the system bus. Each
 * command method runs the DynamicRM operation of the same meaning and answers what the command
 * would print and its exit code; Status answers what {@code hnvctl status --json} prints (the
 * engine's status report), Metrics the Prometheus text. The policy file lets root call everything
 * and the group {@code hnvd-monitor} the read-only methods (Status, Query, Metrics); the signals
 * tell anyone what changed.
 */
@DBusInterfaceName("dev.hnvd.Hnvd1")
public interface Hnvd1 extends DBusInterface {
  String BUS_NAME = "dev.hnvd.Hnvd1";
  String OBJECT_PATH = "/dev/hnvd/Hnvd1";

  /** hcncfgdrc DRC_INDEX=drcIndex. */
  Outcome<Integer, String> Configure(String drcIndex);

  /** hcnrmdev DRC_INDEX=drc HCN_ID=hcnId. */
  Outcome<Integer, String> RemoveDevice(String drc, String hcnId);

  /** hcnrmhcn HCN_ID=hcnId. */
  Outcome<Integer, String> RemoveHnv(String hcnId);

  /** hcnqrydev DRC_INDEX=drc HCN_ID=hcnId. */
  Outcome<Integer, String> Query(String drc, String hcnId);

  /** hcnmgr -s: full reconcile. */
  Outcome<Integer, String> Scan();

  /** hnvctl status --json. */
  String Status();

  /** hnvctl metrics: the Prometheus text format, gauges and the daemon's counters. */
  String Metrics();

  /** An HNV's bond changed its active port; either side empty when there is none. */
  final class ActivePortChanged extends DBusSignal {
    private final String hcnId;
    private final String bond;
    private final String oldPort;
    private final String newPort;
    private final String kind;

    public ActivePortChanged(String path, String hcnId, String bond, String oldPort, String newPort, String kind)
        throws DBusException {
      super(path, hcnId, bond, oldPort, newPort, kind);
      this.hcnId = hcnId;
      this.bond = bond;
      this.oldPort = oldPort;
      this.newPort = newPort;
      this.kind = kind;
    }

    public String getHcnId() {
      return hcnId;
    }

    public String getBond() {
      return bond;
    }

    public String getOldPort() {
      return oldPort;
    }

    public String getNewPort() {
      return newPort;
    }

    /** sriov, vnic, veth; empty when unknown or without a new port. */
    public String getKind() {
      return kind;
    }
  }

  /** An HNV appeared (in the device tree or as a kernel bond). */
  final class HnvAppeared extends DBusSignal {
    private final String hcnId;
    private final String bond;

    public HnvAppeared(String path, String hcnId, String bond) throws DBusException {
      super(path, hcnId, bond);
      this.hcnId = hcnId;
      this.bond = bond;
    }

    public String getHcnId() {
      return hcnId;
    }

    public String getBond() {
      return bond;
    }
  }

  /** An HNV vanished (from the device tree and the kernel). */
  final class HnvVanished extends DBusSignal {
    private final String hcnId;
    private final String bond;

    public HnvVanished(String path, String hcnId, String bond) throws DBusException {
      super(path, hcnId, bond);
      this.hcnId = hcnId;
      this.bond = bond;
    }

    public String getHcnId() {
      return hcnId;
    }

    public String getBond() {
      return bond;
    }
  }

  /** hnv_migration_safe of an HNV flipped; reason says why it is what it is now. */
  final class MigrationSafetyChanged extends DBusSignal {
    private final String hcnId;
    private final String bond;
    private final boolean safe;
    private final String reason;

    public MigrationSafetyChanged(String path, String hcnId, String bond, boolean safe, String reason)
        throws DBusException {
      super(path, hcnId, bond, safe, reason);
      this.hcnId = hcnId;
      this.bond = bond;
      this.safe = safe;
      this.reason = reason;
    }

    public String getHcnId() {
      return hcnId;
    }

    public String getBond() {
      return bond;
    }

    public boolean isSafe() {
      return safe;
    }

    public String getReason() {
      return reason;
    }
  }

  /**
   * (i exitCode, s output). dbus-java derives the signature from the type arguments, hence the
   * generic form; it is always {@code Outcome<Integer, String>}. (dbus-java 5.2.2 would list the two
   * out arguments twice in its introspection XML; ApiObject puts the installed interface file,
   * with named arguments, in its place.)
   */
  final class Outcome<A, B> extends Tuple {
    @Position(0)
    private final A exitCode;
    @Position(1)
    private final B output;

    public Outcome(A exitCode, B output) {
      this.exitCode = exitCode;
      this.output = output;
    }

    public A getExitCode() {
      return exitCode;
    }

    public B getOutput() {
      return output;
    }
  }
}
