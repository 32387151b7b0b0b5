package dev.hnvd.model;

/**
 * The hybrid network id the hypervisor puts in {@code ibm,hcn-id} on a VF and on its backup; the
 * same id names the bond ({@code bond<8 lowercase hex>}).
 */
public record HcnId(int value) implements Comparable<HcnId> {

  /** Parses {@code 1a2b}, {@code 0x1A2B} or {@code 00001a2b}; rejects garbage and values over 32 bits. */
  public static HcnId parse(String text) {
    return new HcnId(U32.parse("HCN_ID", text));
  }

  /** The bond interface and profile name hcnmgr uses, which we keep so existing bonds are adopted. */
  public String bondName() {
    return "bond" + hex();
  }

  /** Eight lowercase hex digits, zero padded. */
  public String hex() {
    return U32.hex8(value);
  }

  /** The id a bond name stands for, or null when the name is not {@code bond<8 hex>}. */
  public static HcnId fromBondName(String name) {
    if (name == null || name.length() != 12 || !name.startsWith("bond")) {
      return null;
    }
    String hex = name.substring(4);
    if (!hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return null;
    }
    return new HcnId((int) Long.parseLong(hex, 16));
  }

  @Override
  public int compareTo(HcnId o) {
    return Integer.compareUnsigned(value, o.value);
  }

  @Override
  public String toString() {
    return hex();
  }
}
