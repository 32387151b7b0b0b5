package dev.hnvd.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Our version, from the build. */
final class Version {
  /** The HMC reads this line to learn which backups and managers we support (hcnmgr 1e23f02). */
  static final String FEATURES = "hcnmgr (features: vnic wicked)";

  private Version() {}

  static String number() {
    try (InputStream in = Version.class.getResourceAsStream("/hnvd-version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
