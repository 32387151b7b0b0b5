package dev.hnvd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.testing.FakeLpar;
import dev.hnvd.testing.PrivateBus;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The D-Bus API tells the truth: what {@code busctl introspect} says of dev.hnvd.Hnvd1 is what
 * {@code busctl call} gets back (each method's out-signature is its reply's), every argument has a
 * name, and it is the interface file we install. On a private dbus-daemon (tier 1).
 */
@Tag("rig")
class DbusIntrospectionTest {
  static final Path INSTALLED = Path.of("packaging/dbus/dev.hnvd.Hnvd1.xml");
  @TempDir static Path busDir;
  static PrivateBus bus;

  @TempDir Path dir;
  Daemon daemon;

  @BeforeAll
  static void startBus() {
    bus = PrivateBus.start(busDir);
  }

  @AfterAll
  static void stopBus() {
    if (bus != null) {
      bus.close();
    }
  }

  @BeforeEach
  void start() throws Exception {
    daemon = TestDaemons.daemon(FakeLpar.in(dir).powervm(), new Recorder().backends(), new DbusApiTest.Echo(),
        bus.address(), Notifier.NONE);
    daemon.start();
    Eventually.until("name owned", () -> {
      try {
        return busctl("status", Hnvd1.BUS_NAME).exit == 0;
      } catch (Exception e) {
        return false;
      }
    });
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  record Out(int exit, String text) {}

  static Out busctl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("busctl", "--address=" + bus.address(), "--no-pager"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Out(p.exitValue(), text);
  }

  /** method -> [in-signature, out-signature] of dev.hnvd.Hnvd1 in an introspection document. */
  static Map<String, String[]> methods(String xml, List<String> unnamed) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    DocumentBuilder b = f.newDocumentBuilder();
    Document doc = b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Map<String, String[]> out = new LinkedHashMap<>();
    NodeList ifaces = doc.getElementsByTagName("interface");
    for (int i = 0; i < ifaces.getLength(); i++) {
      Element iface = (Element) ifaces.item(i);
      if (!iface.getAttribute("name").equals(Hnvd1.BUS_NAME)) {
        continue;
      }
      NodeList ms = iface.getElementsByTagName("method");
      for (int j = 0; j < ms.getLength(); j++) {
        Element m = (Element) ms.item(j);
        StringBuilder in = new StringBuilder();
        StringBuilder outSig = new StringBuilder();
        NodeList args = m.getElementsByTagName("arg");
        for (int k = 0; k < args.getLength(); k++) {
          Element a = (Element) args.item(k);
          if (a.getAttribute("name").isEmpty()) {
            unnamed.add(m.getAttribute("name") + " arg " + k);
          }
          (a.getAttribute("direction").equals("in") ? in : outSig).append(a.getAttribute("type"));
        }
        out.put(m.getAttribute("name"), new String[] {in.toString(), outSig.toString()});
      }
    }
    return out;
  }

  @Test
  void introspection_matchesEveryReply_namesEveryArgument_andIsTheInstalledFile() throws Exception {
    Out intro = busctl("introspect", "--xml-interface", Hnvd1.BUS_NAME, Hnvd1.OBJECT_PATH);
    assertThat(intro.exit).as(intro.text).isZero();
    List<String> unnamed = new ArrayList<>();
    Map<String, String[]> live = methods(intro.text, unnamed);
    assertThat(live.keySet()).containsExactlyInAnyOrder("Configure", "RemoveDevice", "RemoveHnv", "Query", "Scan", "Status",
        "Metrics");
    assertThat(unnamed).as("arguments without a name").isEmpty();

    for (Map.Entry<String, String[]> m : live.entrySet()) {
      List<String> call = new ArrayList<>(List.of("call", Hnvd1.BUS_NAME, Hnvd1.OBJECT_PATH, Hnvd1.BUS_NAME, m.getKey()));
      String in = m.getValue()[0];
      if (!in.isEmpty()) {
        call.add(in);
        for (char c : in.toCharArray()) {
          assertThat(c).as(m.getKey() + " takes strings only").isEqualTo('s');
          call.add("1a2b");
        }
      }
      Out reply = busctl(call.toArray(String[]::new));
      assertThat(reply.exit).as(m.getKey() + ": " + reply.text).isZero();
      // busctl prints the reply's signature first: it must be what introspection promised.
      assertThat(reply.text.split(" ", 2)[0]).as(m.getKey() + " reply vs introspection").isEqualTo(m.getValue()[1]);
    }

    List<String> fileUnnamed = new ArrayList<>();
    Map<String, String[]> installed = methods(Files.readString(INSTALLED), fileUnnamed);
    assertThat(fileUnnamed).isEmpty();
    assertThat(installed.keySet()).isEqualTo(live.keySet());
    installed.forEach((name, sig) -> assertThat(live.get(name)).as(name).containsExactly(sig));
  }

  /**
   * Every signal the interface file declares is a signal class of Hnvd1 with the same arguments
   * (dbus-java derives the wire signature from the constructor after the object path), and the
   * other way round: busctl monitor and generated clients see what the daemon sends.
   */
  @Test
  void signals_inTheInstalledFile_areHnvd1sSignalClasses() throws Exception {
    Map<String, String> declared = new java.util.TreeMap<>();
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document doc = f.newDocumentBuilder().parse(INSTALLED.toFile());
    NodeList sigs = doc.getElementsByTagName("signal");
    for (int i = 0; i < sigs.getLength(); i++) {
      Element e = (Element) sigs.item(i);
      StringBuilder sig = new StringBuilder();
      NodeList args = e.getElementsByTagName("arg");
      for (int k = 0; k < args.getLength(); k++) {
        Element a = (Element) args.item(k);
        assertThat(a.getAttribute("name")).as(e.getAttribute("name") + " arg " + k).isNotEmpty();
        sig.append(a.getAttribute("type"));
      }
      declared.put(e.getAttribute("name"), sig.toString());
    }
    Map<String, String> classes = new java.util.TreeMap<>();
    for (Class<?> c : Hnvd1.class.getDeclaredClasses()) {
      if (!org.freedesktop.dbus.messages.DBusSignal.class.isAssignableFrom(c)) {
        continue;
      }
      Class<?>[] params = c.getConstructors()[0].getParameterTypes();
      StringBuilder sig = new StringBuilder();
      for (int k = 1; k < params.length; k++) {
        sig.append(params[k] == String.class ? "s" : params[k] == boolean.class ? "b" : "?");
      }
      classes.put(c.getSimpleName(), sig.toString());
    }
    assertThat(declared).containsOnlyKeys("ActivePortChanged", "HnvAppeared", "HnvVanished", "MigrationSafetyChanged");
    assertThat(classes).isEqualTo(declared);
  }

  @Test
  void standardInterfaces_stillAnswer() throws Exception {
    Out intro = busctl("introspect", Hnvd1.BUS_NAME, Hnvd1.OBJECT_PATH);
    assertThat(intro.text).contains("org.freedesktop.DBus.Introspectable").contains("org.freedesktop.DBus.Peer");
    assertThat(busctl("call", Hnvd1.BUS_NAME, Hnvd1.OBJECT_PATH, "org.freedesktop.DBus.Peer", "Ping").exit).isZero();
    // The parent paths are still walkable (busctl tree).
    Out tree = busctl("tree", Hnvd1.BUS_NAME);
    assertThat(tree.text).contains("/dev/hnvd/Hnvd1");
  }
}
