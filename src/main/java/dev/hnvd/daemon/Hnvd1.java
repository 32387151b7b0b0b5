package dev.hnvd.daemon;

import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.interfaces.DBusInterface;

/**
 * Our D-Bus API, {@code dev.hnvd.Hnvd1} at {@code /dev/hnvd/Hnvd1} on the system bus (root only,
 * by the policy file). Each method runs the DynamicRM operation of the same meaning and answers
 * what the command would print and its exit code; Status answers what {@code hnvctl status --json}
 * prints (the engine's status report).
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
