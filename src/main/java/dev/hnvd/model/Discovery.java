package dev.hnvd.model;

import java.util.List;

/**
 * What discovery found on the LPAR: platform facts and the HNVs of the device tree.
 *
 * @param powervm a PowerVM LPAR (pSeries, not emulated by qemu)
 * @param vpmem a vPMEM device exists (HNV and vPMEM cannot coexist)
 * @param migratable {@code ibm,migratable-partition} exists
 * @param hnvs the HNVs, sorted by id
 * @param problems whole-system problems (e.g. more than 10 HNV ports), plus per-device ones that
 *     could not be tied to an HNV
 */
public record Discovery(
    boolean powervm, boolean vpmem, boolean migratable, List<Hnv> hnvs, List<String> problems) {

  public Discovery {
    hnvs = List.copyOf(hnvs);
    problems = List.copyOf(problems);
  }

  public java.util.Optional<Hnv> hnv(HcnId id) {
    return hnvs.stream().filter(h -> h.id().equals(id)).findFirst();
  }
}
