package dev.hnvd.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Our version, from the build. */
public final class Version {
  /** The HMC reads this line to learn which backups and managers we support (hcnmgr 1e23f02). */
  public static final String FEATURES = "hcnmgr (features: vnic wicked)";

  private Version() {}

  /** What hcnversion and hcnmgr -V print: the feature list first, then our version. */
  public static void print(java.io.PrintStream out) {
    out.println(FEATURES);
    out.println("hnvd " + number() + ", Hybrid Network Virtualization manager");
  }

  public static String number() {
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
