package dev.hnvd.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;

/**
 * One journal line per event: the {@code <N>} syslog priority prefix journald reads from a unit's
 * stderr (SyslogLevelPrefix=, on by default), then the message. A stack trace follows with the
 * same prefix on every line, so it is not logged as separate INFO-priority lines.
 */
public final class JournalEncoder extends EncoderBase<ILoggingEvent> {
  private static final byte[] NONE = new byte[0];

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return render(event).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }

  static String render(ILoggingEvent event) {
    String prefix = "<" + priority(event.getLevel()) + ">";
    StringBuilder sb = new StringBuilder(prefix.length() + 80);
    sb.append(prefix).append(event.getFormattedMessage()).append('\n');
    IThrowableProxy t = event.getThrowableProxy();
    if (t != null) {
      for (String line : ThrowableProxyUtil.asString(t).split("\\R")) {
        if (!line.isEmpty()) {
          sb.append(prefix).append(line).append('\n');
        }
      }
    }
    return sb.toString();
  }

  /** ERROR 3, WARN 4, INFO 6, DEBUG/TRACE 7. */
  static int priority(Level level) {
    if (level.isGreaterOrEqual(Level.ERROR)) {
      return 3;
    }
    if (level.isGreaterOrEqual(Level.WARN)) {
      return 4;
    }
    if (level.isGreaterOrEqual(Level.INFO)) {
      return 6;
    }
    return 7;
  }
}
