package dev.hnvd.engine;

/**
 * One line of a command's answer, printed to the HMC as {@code [LEVEL]:text}.
 *
 * @param level DEBUG, INFO, WARN or ERROR, as hcnmgr spells them
 * @param text the message
 */
public record HmcLine(String level, String text) {
  public static HmcLine info(String text) {
    return new HmcLine("INFO", text);
  }

  public static HmcLine warn(String text) {
    return new HmcLine("WARN", text);
  }

  public static HmcLine debug(String text) {
    return new HmcLine("DEBUG", text);
  }

  /** The exact form DynamicRM sees on stdout. */
  public String render() {
    return "[" + level + "]:" + text;
  }
}
