package dev.hnvd.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Property encodings: big-endian cells, C strings, string lists, MACs. */
class DeviceTreeTest {
  @TempDir Path node;

  private void prop(String name, int... values) throws Exception {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    Files.write(node.resolve(name), bytes);
  }

  @Test
  void u32_bigEndian_unsignedHighBit() throws Exception {
    prop("a", 0x80, 0, 0x1a, 0x2b);

    assertThat(DeviceTree.u32(node, "a")).contains(0x80001a2b);
  }

  @Test
  void u32_missing_empty_truncated_throws() throws Exception {
    prop("short", 1, 2, 3);

    assertThat(DeviceTree.u32(node, "absent")).isEmpty();
    assertThatThrownBy(() -> DeviceTree.u32(node, "short"))
        .isInstanceOf(DtReadException.class)
        .hasMessage("short has 3 bytes, expected at least 4");
  }

  @Test
  void string_trailingNulsTrimmed_noNulAlsoFine() throws Exception {
    prop("a", 'p', 'r', 'i', 0, 0);
    prop("b", 'b', 'k');
    prop("c");

    assertThat(DeviceTree.string(node, "a")).contains("pri");
    assertThat(DeviceTree.string(node, "b")).contains("bk");
    assertThat(DeviceTree.string(node, "c")).contains("");
  }

  @Test
  void string_notUtf8_throws() throws Exception {
    prop("a", 0xc3, 0x28, 0);

    assertThatThrownBy(() -> DeviceTree.string(node, "a")).hasMessage("a is not valid UTF-8");
  }

  @Test
  void strings_list() throws Exception {
    prop("compatible", 'a', 0, 0, 'b', 'c', 0);

    assertThat(DeviceTree.strings(node, "compatible")).containsExactly("a", "bc");
    assertThat(DeviceTree.strings(node, "absent")).isEmpty();
  }

  @Test
  void mac_formatsLowercase() throws Exception {
    prop("m", 0xFA, 0, 0x0b, 0xcd, 1, 2);

    assertThat(DeviceTree.mac(node, "m")).contains("fa:00:0b:cd:01:02");
  }

  @Test
  void tooLarge_throws() throws Exception {
    Files.write(node.resolve("big"), new byte[DeviceTree.MAX_PROPERTY_BYTES + 1]);

    assertThatThrownBy(() -> DeviceTree.bytes(node, "big")).hasMessageContaining("larger than");
  }

  @Test
  void symlinkedProperty_rejected() throws Exception {
    prop("real", 0, 0, 0, 1);
    Files.createSymbolicLink(node.resolve("link"), node.resolve("real"));

    assertThatThrownBy(() -> DeviceTree.u32(node, "link")).hasMessage("link is not a regular file");
  }

  @Test
  void children_prefixSorted_noSymlinks_noFiles() throws Exception {
    Files.createDirectories(node.resolve("vnic@2"));
    Files.createDirectories(node.resolve("vnic@1"));
    Files.createDirectories(node.resolve("l-lan@3"));
    Files.write(node.resolve("vnic-file"), new byte[0]);
    Files.createSymbolicLink(node.resolve("vnic@loop"), node);

    assertThat(DeviceTree.children(node, "vnic")).extracting(p -> p.getFileName().toString())
        .containsExactly("vnic@1", "vnic@2");
    assertThat(DeviceTree.children(node.resolve("absent"), "vnic")).isEmpty();
  }

  @Test
  void ofPath_relativeToTree() {
    assertThat(DeviceTree.ofPath(node, node.resolve("vdevice/vnic@30000003"))).isEqualTo("/vdevice/vnic@30000003");
    assertThat(DeviceTree.ofPath(node, node)).isEqualTo("/");
  }

  @Test
  void devspecNormalisation() {
    assertThat(InterfaceResolver.normalizeDevspec("/vdevice/l-lan@30000002\n")).contains("/vdevice/l-lan@30000002");
    assertThat(InterfaceResolver.normalizeDevspec("/pci@8/ethernet@0:args\0")).contains("/pci@8/ethernet@0");
    assertThat(InterfaceResolver.normalizeDevspec("/pci@8/ethernet@0/")).contains("/pci@8/ethernet@0");
    assertThat(InterfaceResolver.normalizeDevspec("")).isEmpty();
    assertThat(InterfaceResolver.normalizeDevspec("/")).isEmpty();
    assertThat(InterfaceResolver.normalizeDevspec("garbage")).isEmpty();
    assertThat(InterfaceResolver.normalizeDevspec("/with space")).isEmpty();
  }
}
