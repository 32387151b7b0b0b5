package dev.hnvd.engine;

/**
 * One line of a command's answer, printed to the HMC as {@code [LEVEL]:text}.
 *
 * @param level DEBUG, INFO, WARN or ERROR, as hcnmgr spells them
 * @param text the message
 */
public record Line(String level, String text) {
  public static Line info(String text) {
    return new Line("INFO", text);
  }

  public static Line warn(String text) {
    return new Line("WARN", text);
  }

  public static Line debug(String text) {
    return new Line("DEBUG", text);
  }

  /** The exact form DynamicRM sees on stdout. */
  public String render() {
    return "[" + level + "]:" + text;
  }
}
