package dev.hnvd.client;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * stdout and stderr in UTF-8 whatever the caller's locale. The JVM would print with the locale's
 * charset, so under {@code LANG=C} (how the HMC's DynamicRM runs us) an interface called
 * {@code café} came out as {@code caf?}: Ansible, the HMC and scripts read our answers as UTF-8
 * (JSON is UTF-8 by definition), and one answer must not depend on who asked.
 */
public final class Utf8Out {
  private Utf8Out() {}

  /** A UTF-8 stream on stdout (autoflush, as System.out). */
  public static PrintStream out() {
    return new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
  }

  /** A UTF-8 stream on stderr (autoflush, as System.err). */
  public static PrintStream err() {
    return new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
  }
}
