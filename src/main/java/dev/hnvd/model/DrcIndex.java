package dev.hnvd.model;

/** A dynamic reconfiguration connector index ({@code ibm,my-drc-index}, a big-endian u32). */
public record DrcIndex(int value) {

  /** Parses hex, any case, optional {@code 0x}; rejects garbage and values over 32 bits. */
  public static DrcIndex parse(String text) {
    return new DrcIndex(U32.parse("DRC_INDEX", text));
  }

  public String hex() {
    return U32.hex8(value);
  }

  @Override
  public String toString() {
    return hex();
  }
}
