package dev.hnvd.daemon;

import dev.hnvd.wire.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.freedesktop.dbus.connections.AbstractConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.messages.ExportedObject;

/**
 * The exported {@link Hnvd1} object. Every DynamicRM method becomes the equivalent command request,
 * so the D-Bus API, the socket and the in-process CLI share one code path and one output format;
 * Status is the engine's report, the same JSON {@code hnvctl status --json} prints.
 *
 * <p>Its introspection is the interface file we install
 * ({@code /usr/share/dbus-1/interfaces/dev.hnvd.Hnvd1.xml}), put in place by {@link #describeOn}:
 * dbus-java 5.2's generated text names no argument and lists a tuple's out-arguments twice
 * ({@code isis} for replies that carry {@code is}), which misleads generated clients and
 * {@code busctl}.
 */
final class ApiObject implements Hnvd1 {
  /** The interface file, packaged next to this class (pom.xml copies packaging/dbus/ here). */
  static final String INTERFACE_XML = "dev.hnvd.Hnvd1.xml";

  private final Function<Wire.Request, Wire.Reply> handler;
  private final Supplier<String> status;
  private final String introspection;

  /**
   * @param handler runs a DynamicRM command as the daemon runs it for the socket
   * @param status the engine's status report as JSON (read-only, answered on the caller's thread)
   */
  ApiObject(Function<Wire.Request, Wire.Reply> handler, Supplier<String> status) {
    this.handler = handler;
    this.status = status;
    this.introspection = interfaces();
  }

  /**
   * Replaces the introspection data dbus-java generated when this object was exported on
   * {@code c} with ours. dbus-java answers Introspect itself from its object tree (an exported
   * object's own Introspect is never called), so the tree's entry is what must be right.
   */
  void describeOn(AbstractConnection c) throws DBusException {
    c.getObjectTree().add(OBJECT_PATH, new ExportedObject(this, false), introspection);
  }

  /**
   * The {@code <interface>} elements of the interface file, then the standard ones dbus-java
   * serves for every object (Introspectable, Peer): what goes inside the object's {@code <node>}.
   */
  static String interfaces() {
    String xml;
    try (InputStream in = ApiObject.class.getResourceAsStream(INTERFACE_XML)) {
      if (in == null) {
        throw new IllegalStateException(INTERFACE_XML + " missing from the jar");
      }
      xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String ours = xml.substring(xml.indexOf("<interface "), xml.lastIndexOf("</interface>") + "</interface>".length());
    return " " + ours + """

         <interface name="org.freedesktop.DBus.Introspectable">
          <method name="Introspect">
           <arg name="xml_data" type="s" direction="out"/>
          </method>
         </interface>
         <interface name="org.freedesktop.DBus.Peer">
          <method name="Ping"/>
          <method name="GetMachineId">
           <arg name="machine_uuid" type="s" direction="out"/>
          </method>
         </interface>
        """;
  }

  @Override
  public String getObjectPath() {
    return OBJECT_PATH;
  }

  @Override
  public Outcome<Integer, String> Configure(String drcIndex) {
    return run("hcncfgdrc", "DRC_INDEX=" + drcIndex);
  }

  @Override
  public Outcome<Integer, String> RemoveDevice(String drc, String hcnId) {
    return run("hcnrmdev", "DRC_INDEX=" + drc, "HCN_ID=" + hcnId);
  }

  @Override
  public Outcome<Integer, String> RemoveHnv(String hcnId) {
    return run("hcnrmhcn", "HCN_ID=" + hcnId);
  }

  @Override
  public Outcome<Integer, String> Query(String drc, String hcnId) {
    return run("hcnqrydev", "DRC_INDEX=" + drc, "HCN_ID=" + hcnId);
  }

  @Override
  public Outcome<Integer, String> Scan() {
    return run("hcnmgr", "-s");
  }

  @Override
  public String Status() {
    return status.get();
  }

  private Outcome<Integer, String> run(String argv0, String... args) {
    // No settings from the caller: the daemon's own root, device tree and backend apply.
    Wire.Reply r = handler.apply(new Wire.Request(argv0, List.of(args), Map.of()));
    if (!r.ran()) {
      return new Outcome<>(1, "[ERROR]:" + argv0 + ":hnvd could not run the command (stopping?); see its journal\n");
    }
    String out = new String(r.stdout(), StandardCharsets.UTF_8);
    String err = new String(r.stderr(), StandardCharsets.UTF_8);
    return new Outcome<>(r.exit(), err.isEmpty() ? out : out + err);
  }
}
