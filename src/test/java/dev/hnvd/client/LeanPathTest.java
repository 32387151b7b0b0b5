package dev.hnvd.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Enforces the lean path's rules, stated in {@link LeanClient}, on the compiled classes of the
 * client jar (the pom's "client" shade: the packages {@code dev.hnvd.client} and {@code dev.hnvd.wire}):
 * no invokedynamic (lambdas, method references, indy string concatenation) but a record's own
 * toString/equals/hashCode, and no class outside the JDK and those classes.
 */
class LeanPathTest {

  @Test
  void clientJarClasses_haveNoInvokedynamic_andUseOnlyTheJdkAndEachOther() throws Exception {
    List<Path> classes = clientJarClasses();
    assertThat(classes).extracting(p -> p.getFileName().toString())
        .contains("LeanClient.class", "Client.class", "Wire.class");
    for (Path c : classes) {
      ConstantPool cp = ConstantPool.read(c);
      assertThat(cp.invokedynamic()).as("%s uses invokedynamic (a lambda, a method reference or an indy"
          + " string concatenation): see LeanClient", c).isFalse();
      assertThat(cp.classNames).as("%s refers to classes outside the JDK and the client jar", c)
          .allMatch(n -> n.startsWith("java/") || n.startsWith("[") || n.startsWith("dev/hnvd/client/")
              || n.startsWith("dev/hnvd/wire/"));
    }
  }

  /** The check itself finds what it looks for: a class with a lambda has an invokedynamic. */
  @Test
  void theCheckSeesALambda() throws Exception {
    Runnable r = () -> {};
    r.run();
    Path self = Path.of(LeanPathTest.class.getResource("LeanPathTest.class").toURI());
    assertThat(ConstantPool.read(self).invokedynamic()).isTrue();
  }

  private static List<Path> clientJarClasses() throws URISyntaxException, IOException {
    Path client = Path.of(LeanClient.class.getResource("LeanClient.class").toURI()).getParent();
    List<Path> out = new ArrayList<>();
    for (Path pkg : List.of(client, client.resolveSibling("wire"))) {
      try (Stream<Path> s = Files.list(pkg)) {
        s.filter(p -> p.toString().endsWith(".class")).forEach(out::add);
      }
    }
    return out;
  }

  /** The constant pool of a class file (JVMS 4.4): what it calls with invokedynamic, which classes. */
  private static final class ConstantPool {
    final TreeSet<String> classNames = new TreeSet<>();
    final TreeSet<String> indyNames = new TreeSet<>();

    /**
     * Any invokedynamic but those of a record's generated methods (bootstrapped by ObjectMethods,
     * run only when called: the lean path calls none of them).
     */
    boolean invokedynamic() {
      boolean recordMethods = classNames.contains("java/lang/runtime/ObjectMethods")
          && Set.of("toString", "hashCode", "equals").containsAll(indyNames);
      return !indyNames.isEmpty() && !recordMethods;
    }

    static ConstantPool read(Path classFile) throws IOException {
      ConstantPool cp = new ConstantPool();
      try (InputStream in = Files.newInputStream(classFile); DataInputStream d = new DataInputStream(in)) {
        assertThat(d.readInt()).isEqualTo(0xCAFEBABE);
        d.readUnsignedShort();
        d.readUnsignedShort();
        int count = d.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] natName = new int[count];
        List<Integer> classRefs = new ArrayList<>();
        List<Integer> indyNats = new ArrayList<>();
        for (int i = 1; i < count; i++) {
          int tag = d.readUnsignedByte();
          switch (tag) {
            case 1 -> utf8[i] = d.readUTF();
            case 7 -> classRefs.add(d.readUnsignedShort());
            case 8, 16, 19, 20 -> d.readUnsignedShort();
            case 15 -> d.skipBytes(3);
            case 3, 4, 9, 10, 11 -> d.readInt();
            case 12 -> {
              natName[i] = d.readUnsignedShort();
              d.readUnsignedShort();
            }
            case 17, 18 -> {
              d.readUnsignedShort();
              indyNats.add(d.readUnsignedShort());
            }
            case 5, 6 -> {
              d.readLong();
              i++;
            }
            default -> throw new IOException("constant pool tag " + tag + " in " + classFile);
          }
        }
        for (int ref : classRefs) {
          cp.classNames.add(utf8[ref]);
        }
        for (int nat : indyNats) {
          cp.indyNames.add(utf8[natName[nat]]);
        }
      }
      return cp;
    }
  }
}
