package dev.hnvd.model;

/** The role {@code ibm,hcn-mode} gives a device: the primary (VF) or a backup. */
public enum Role {
  PRIMARY("primary"),
  BACKUP("backup");

  private final String label;

  Role(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** hcnmgr only ever tested for "primary"; everything else is a backup. */
  public static Role fromHcnMode(String mode) {
    return "primary".equals(mode) ? PRIMARY : BACKUP;
  }
}
