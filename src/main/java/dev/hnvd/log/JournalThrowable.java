package dev.hnvd.log;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * A stack trace with the journald priority prefix on every line, so a trace is not logged as
 * seven separate INFO-priority lines.
 */
public final class JournalThrowable extends ThrowableProxyConverter {
  @Override
  public String convert(ILoggingEvent event) {
    String trace = super.convert(event);
    if (trace.isEmpty()) {
      return trace;
    }
    String prefix = "<" + JournalPriority.priority(event.getLevel()) + ">";
    StringBuilder sb = new StringBuilder();
    trace.lines().forEach(l -> sb.append(prefix).append(l).append('\n'));
    return sb.toString();
  }
}
