package dev.hnvd.daemon;

import java.text.CollationKey;
import java.text.Collator;
import java.text.spi.CollatorProvider;
import java.util.Locale;

/**
 * The daemon's {@link Collator}: case-insensitive comparison of the ASCII words of protocols.
 *
 * <p>Why: dbus-java's SASL class builds a {@code Collator} in its static initializer, only to
 * compare authentication keywords (OK, REJECTED, EXTERNAL...). The JDK's own collator compiles
 * the Unicode collation rules and loads the ICU normalizer for that: about 90 classes and
 * 1.3 MiB of resident memory for a daemon that must stay under 48 MiB (docs/performance.md). The
 * daemon enables this provider with {@code java.locale.providers=SPI,CLDR,COMPAT} (set by
 * {@code hnvd} at start); nothing in hnvd sorts or compares human text, so no one else notices.
 * It serves every language; a locale the JDK's collation data names with its country or
 * script (zh_TW, sr_Latn...) still gets the JDK's collator, which is only the old cost.
 */
public final class KeywordCollatorProvider extends CollatorProvider {
  /** The setting that lets this provider answer before the JDK's. */
  public static final String PROVIDERS = "SPI,CLDR,COMPAT";

  /** Created by the JDK's service loader. */
  public KeywordCollatorProvider() {}

  @Override
  public Collator getInstance(Locale locale) {
    return new KeywordCollator();
  }

  @Override
  public Locale[] getAvailableLocales() {
    // Every language (the JDK falls back from language_COUNTRY to the language). Not
    // Locale.getAvailableLocales(): that asks the providers, this one included.
    String[] languages = Locale.getISOLanguages();
    Locale[] out = new Locale[languages.length + 1];
    out[0] = Locale.ROOT;
    for (int i = 0; i < languages.length; i++) {
      out[i + 1] = new Locale(languages[i]);
    }
    return out;
  }

  /** Primary strength for ASCII: case does not count; other text compares by UTF-16 unit. */
  static final class KeywordCollator extends Collator {
    @Override
    public int compare(String a, String b) {
      return a.compareToIgnoreCase(b);
    }

    @Override
    public CollationKey getCollationKey(String source) {
      return source == null ? null : new Key(source);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof KeywordCollator;
    }

    @Override
    public int hashCode() {
      return KeywordCollator.class.hashCode();
    }
  }

  /** Orders as {@link KeywordCollator} does; its bytes are the case-folded UTF-16BE text. */
  private static final class Key extends CollationKey {
    Key(String source) {
      super(source);
    }

    @Override
    public int compareTo(CollationKey target) {
      return String.CASE_INSENSITIVE_ORDER.compare(getSourceString(), target.getSourceString());
    }

    @Override
    public byte[] toByteArray() {
      String s = getSourceString();
      byte[] out = new byte[s.length() * 2];
      for (int i = 0; i < s.length(); i++) {
        char c = Character.toLowerCase(Character.toUpperCase(s.charAt(i)));
        out[2 * i] = (byte) (c >> 8);
        out[2 * i + 1] = (byte) c;
      }
      return out;
    }
  }
}
