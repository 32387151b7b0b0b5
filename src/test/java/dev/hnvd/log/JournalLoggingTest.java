package dev.hnvd.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class JournalLoggingTest {
  private static LoggingEvent event(Level level, String msg, Throwable t, Object... args) {
    LoggerContext ctx = new LoggerContext();
    return new LoggingEvent("x", ctx.getLogger("t"), level, msg, t, args);
  }

  @Test
  void eachLevel_getsItsSyslogPriorityPrefix_andOneLine() {
    assertThat(JournalEncoder.render(event(Level.ERROR, "e {}", null, 1))).isEqualTo("<3>e 1\n");
    assertThat(JournalEncoder.render(event(Level.WARN, "w", null))).isEqualTo("<4>w\n");
    assertThat(JournalEncoder.render(event(Level.INFO, "i", null))).isEqualTo("<6>i\n");
    assertThat(JournalEncoder.render(event(Level.DEBUG, "d", null))).isEqualTo("<7>d\n");
    assertThat(JournalEncoder.render(event(Level.TRACE, "t", null))).isEqualTo("<7>t\n");
  }

  @Test
  void aStackTrace_carriesThePrefixOnEveryLine() {
    String out = JournalEncoder.render(event(Level.ERROR, "boom", new IllegalStateException("bad",
        new RuntimeException("cause"))));
    assertThat(out).startsWith("<3>boom\n<3>java.lang.IllegalStateException: bad\n").endsWith("\n");
    assertThat(out.lines()).hasSizeGreaterThan(3).allMatch(l -> l.startsWith("<3>"));
    assertThat(out).contains("Caused by: java.lang.RuntimeException: cause");
  }

  @Test
  void rootLevel_envFirst_thenProperty_thenWarn_unknownNamesIgnored() {
    assertThat(JournalConfigurator.rootLevel("debug", "INFO")).isEqualTo(Level.DEBUG);
    assertThat(JournalConfigurator.rootLevel(null, "INFO")).isEqualTo(Level.INFO);
    assertThat(JournalConfigurator.rootLevel(" ", " error ")).isEqualTo(Level.ERROR);
    assertThat(JournalConfigurator.rootLevel("loud", "quiet")).isEqualTo(Level.WARN);
    assertThat(JournalConfigurator.rootLevel(null, null)).isEqualTo(Level.WARN);
  }

  /** logback found our configurator (no logback.xml exists): the journal appender is on root. */
  @Test
  void theRunningContext_isConfiguredInCode() {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("STDERR")).isNotNull();
    assertThat(ctx.getLogger("org.freedesktop.dbus").getLevel()).isEqualTo(Level.WARN);
    assertThat(JournalConfigurator.class.getResource("/logback.xml")).isNull();
    assertThat(ctx.getStatusManager().getCopyOfStatusListenerList())
        .anyMatch(l -> l instanceof JournalStatusListener);
  }

  @Test
  void logbacksOwnWarningsAndErrors_areJournalLines_infoIsNot() {
    Object origin = new Object();
    assertThat(JournalStatusListener.render(new ch.qos.logback.core.status.WarnStatus("no such level", origin)))
        .isEqualTo("<4>logback: no such level\n");
    assertThat(JournalStatusListener.render(new ch.qos.logback.core.status.ErrorStatus("appender failed", origin,
        new java.io.IOException("disk full")))).isEqualTo("<3>logback: appender failed: java.io.IOException: disk full\n");
    assertThat(JournalStatusListener.render(new ch.qos.logback.core.status.InfoStatus("started", origin))).isNull();

    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    LoggerContext ctx = new LoggerContext();
    ctx.getStatusManager().add(new JournalStatusListener(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8)));
    ctx.getStatusManager().add(new ch.qos.logback.core.status.WarnStatus("odd", origin));
    ctx.getStatusManager().add(new ch.qos.logback.core.status.InfoStatus("fine", origin));
    assertThat(buf.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("<4>logback: odd\n");
    // With a listener installed, logback never loads its status printer (and java.time with it).
    assertThat(ch.qos.logback.core.status.StatusUtil.contextHasStatusListener(
        (LoggerContext) LoggerFactory.getILoggerFactory())).isTrue();
  }
}
