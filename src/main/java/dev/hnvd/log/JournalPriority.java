package dev.hnvd.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Renders a logback level as the {@code <N>} syslog priority prefix journald reads from a unit's
 * stdout/stderr (SyslogLevelPrefix=, on by default): ERROR 3, WARN 4, INFO 6, DEBUG/TRACE 7.
 */
public final class JournalPriority extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return "<" + priority(event.getLevel()) + ">";
  }

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
