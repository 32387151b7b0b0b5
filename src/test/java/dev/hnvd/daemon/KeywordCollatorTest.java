package dev.hnvd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hnvd.testing.PrivateBus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Collator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's keyword collator, and dbus-java's SASL handshake when it is the JVM's collator. */
class KeywordCollatorTest {
  @TempDir Path dir;

  private final Collator c = new KeywordCollatorProvider().getInstance(Locale.ROOT);

  @Test
  void saslKeywords_equalIgnoringCase_differentWordsDiffer() {
    assertThat(c.compare("OK", "ok")).isZero();
    assertThat(c.compare("EXTERNAL", "External")).isZero();
    assertThat(c.compare("REJECTED", "OK")).isNotZero();
    assertThat(c.compare("DATA", "DATAX")).isNegative();
    assertThat(c.equals("agree", "AGREE_UNIX_FD")).isFalse();
  }

  @Property
  void collationKeys_orderAsCompareDoes(@ForAll String a, @ForAll String b) {
    assertThat(Integer.signum(c.getCollationKey(a).compareTo(c.getCollationKey(b))))
        .isEqualTo(Integer.signum(c.compare(a, b)));
  }

  @Test
  void everyLanguageIsServed_theRootToo() {
    List<Locale> locales = List.of(new KeywordCollatorProvider().getAvailableLocales());
    assertThat(locales).contains(Locale.ROOT, Locale.ENGLISH, Locale.GERMAN, Locale.JAPANESE);
  }

  /**
   * A JVM as the daemon sets itself up: the collator is ours under the usual locales, and a
   * dbus-java connection (whose SASL compares keywords with it) authenticates to a real bus.
   */
  @Test
  @Tag("rig")
  void daemonJvm_usesIt_andDbusAuthenticates() throws Exception {
    try (PrivateBus bus = PrivateBus.start(dir)) {
      for (String[] locale : List.of(new String[] {"en", "US"}, new String[] {"de", "DE"})) {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Djava.locale.providers=" + KeywordCollatorProvider.PROVIDERS,
            "-Duser.language=" + locale[0], "-Duser.country=" + locale[1],
            "-cp", System.getProperty("java.class.path"), Probe.class.getName(), bus.address())
            .redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text).contains("collator " + KeywordCollatorProvider.KeywordCollator.class.getName())
            .contains("connected as :");
      }
    }
  }

  /** The child JVM of {@link #daemonJvm_usesIt_andDbusAuthenticates()}. */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      System.out.println("collator " + Collator.getInstance().getClass().getName());
      try (DBusConnection conn = DBusConnectionBuilder.forAddress(args[0]).withShared(false).build()) {
        System.out.println("connected as " + conn.getUniqueName());
      }
    }
  }
}
