package dev.hnvd.daemon;

import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.interfaces.DBusInterface;

/**
 * Our D-Bus API, {@code dev.hnvd.Hnvd1} at {@code /dev/hnvd/Hnvd1} on the system bus (root only,
 * by the policy file). Each method runs the DynamicRM operation of the same meaning and answers
 * what the command would print and its exit code; Status answers {@code hnvctl status --json}.
 */
@DBusInterfaceName("dev.hnvd.Hnvd1")
public interface Hnvd1 extends DBusInterface {
  String BUS_NAME = "dev.hnvd.Hnvd1";
  String OBJECT_PATH = "/dev/hnvd/Hnvd1";

  /** hcncfgdrc DRC_INDEX=drcIndex. */
  Outcome Configure(String drcIndex);

  /** hcnrmdev DRC_INDEX=drc HCN_ID=hcnId. */
  Outcome RemoveDevice(String drc, String hcnId);

  /** hcnrmhcn HCN_ID=hcnId. */
  Outcome RemoveHnv(String hcnId);

  /** hcnqrydev DRC_INDEX=drc HCN_ID=hcnId. */
  Outcome Query(String drc, String hcnId);

  /** hcnmgr -s: full reconcile. */
  Outcome Scan();

  /** hnvctl status --json. */
  String Status();

  /** (i exitCode, s output). */
  final class Outcome extends Tuple {
    @Position(0)
    private final int exitCode;
    @Position(1)
    private final String output;

    public Outcome(int exitCode, String output) {
      this.exitCode = exitCode;
      this.output = output;
    }

    public int getExitCode() {
      return exitCode;
    }

    public String getOutput() {
      return output;
    }
  }
}
