package dev.hnvd.backend.wicked;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Test resources under {@code src/test/resources/ifcfg}. */
final class Fixtures {
  private Fixtures() {}

  static byte[] bytes(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/ifcfg/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource ifcfg/" + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static IfcfgFile file(String path) {
    return IfcfgFile.parse(bytes(path));
  }

  /** The resource directory on disk (target/test-classes/ifcfg/…). */
  static Path dir(String path) {
    try {
      return Paths.get(Fixtures.class.getResource("/ifcfg/" + path).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
