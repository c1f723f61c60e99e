package dev.qmpsdk.schema.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The damage in seed 003 that seed 000 (the man page qemu-qmp-ref(7) of QEMU 2.11) lets us repair, as a
 * table of {@link DocRepair}s, and the code that applies it.
 *
 * <p>Every restored doc text is checked against the man page before it is used ({@link
 * ManPageEvidence}): each paragraph must occur in the man-page entry of that definition. The doc text
 * is the man-page text turned back into QAPI doc syntax: {@code "member"} references become
 * {@code @member}, the rendered "Arguments: the members of X" and "One of ..." lines (which the doc
 * generator adds itself) are left out, and line breaks follow QEMU's usual width since the original
 * ones are unknown.
 */
final class ManPageRepairs {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The repairs, in the order they are applied. */
    static final List<DocRepair> REPAIRS = List.of(
            // Man page, "Block devices" / "Block core (VM unrelated)", entry BlockDirtyBitmapSha256:
            // "sha256: string" is the only member; 'str' is the only QAPI type rendered as "string".
            new DocRepair.AddDefinition("BlockDirtyBitmapSha256",
                    "Block devices > Block core (VM unrelated) > BlockDirtyBitmapSha256 (Object)",
                    """
                    { "struct": "BlockDirtyBitmapSha256", "data": { "sha256": "str" } }""",
                    """
                    ##
                    # @BlockDirtyBitmapSha256:
                    #
                    # SHA256 hash of dirty bitmap data
                    #
                    # @sha256: ASCII representation of SHA256 bitmap hash
                    #
                    # Since: 2.10
                    ##"""),
            // Man page, same subsection, entry x-debug-block-dirty-bitmap-sha256. The man page shows
            // no "Arguments:" for commands whose data is a named struct (compare block-dirty-bitmap-clear,
            // whose seed expression has "data": "BlockDirtyBitmap"); the arguments are the @node and
            // @name its Returns text refers to, i.e. BlockDirtyBitmap.
            new DocRepair.AddDefinition("x-debug-block-dirty-bitmap-sha256",
                    "Block devices > Block core (VM unrelated) > x-debug-block-dirty-bitmap-sha256 (Command)",
                    """
                    { "command": "x-debug-block-dirty-bitmap-sha256", "data": "BlockDirtyBitmap",
                      "returns": "BlockDirtyBitmapSha256" }""",
                    """
                    ##
                    # @x-debug-block-dirty-bitmap-sha256:
                    #
                    # Get bitmap SHA256
                    #
                    # Returns: BlockDirtyBitmapSha256 on success
                    # If @node is not a valid block device, DeviceNotFound
                    # If @name is not found or if hashing has failed, GenericError with an
                    # explanation
                    #
                    # Since: 2.10
                    ##"""),
            // Man page, "Socket data types", entry SocketAddressLegacy (Object). The seed kept only the
            // tail "# # Since: 1.3 ##" of the block, without its opening "##".
            new DocRepair.RestoreDocBlock("SocketAddressLegacy",
                    "Socket data types > SocketAddressLegacy (Object)",
                    List.of("#", "# Since: 1.3", "##"),
                    """
                    ##
                    # @SocketAddressLegacy:
                    #
                    # Captures the address of a socket, which could also be a named file descriptor
                    #
                    # Note: This type is deprecated in favor of SocketAddress. The
                    # difference between SocketAddressLegacy and SocketAddress is that the
                    # latter is a flat union rather than a simple union. Flat is nicer
                    # because it avoids nesting on the wire, i.e. that form has fewer {}.
                    #
                    # Since: 1.3
                    ##"""),
            // Man page, "Block devices" / "Block core (VM unrelated)", entry block_set_io_throttle.
            new DocRepair.RestoreDocBlock("block_set_io_throttle",
                    "Block devices > Block core (VM unrelated) > block_set_io_throttle (Command)",
                    List.of("##"),
                    """
                    ##
                    # @block_set_io_throttle:
                    #
                    # Change I/O throttle limits for a block drive.
                    #
                    # Since QEMU 2.4, each device with I/O limits is member of a throttle group.
                    #
                    # If two or more devices are members of the same group, the limits will
                    # apply to the combined I/O of the whole group in a round-robin fashion.
                    # Therefore, setting new I/O limits to a device will affect the whole
                    # group.
                    #
                    # The name of the group can be specified using the 'group' parameter.
                    # If the parameter is unset, it is assumed to be the current group of that
                    # device. If it's not in any group yet, the name of the device will be
                    # used as the name for its group.
                    #
                    # The 'group' parameter can also be used to move a device to a different
                    # group. In this case the limits specified in the parameters will be
                    # applied to the new group only.
                    #
                    # I/O limits can be disabled by setting all of them to 0. In this case the
                    # device will be removed from its group and the rest of its members will
                    # not be affected. The 'group' parameter is ignored.
                    #
                    # Returns: Nothing on success
                    # If @device is not a valid block device, DeviceNotFound
                    #
                    # Since: 1.1
                    #
                    # Example:
                    #
                    # -> { "execute": "block_set_io_throttle",
                    # "arguments": { "id": "ide0-1-0",
                    # "bps": 1000000,
                    # "bps_rd": 0,
                    # "bps_wr": 0,
                    # "iops": 0,
                    # "iops_rd": 0,
                    # "iops_wr": 0,
                    # "bps_max": 8000000,
                    # "bps_rd_max": 0,
                    # "bps_wr_max": 0,
                    # "iops_max": 0,
                    # "iops_rd_max": 0,
                    # "iops_wr_max": 0,
                    # "bps_max_length": 60,
                    # "iops_size": 0 } }
                    # <- { "return": {} }
                    #
                    ##"""),
            // Man page, "Block devices" / "Additional block stuff (VM related)", entry eject. The man
            // page shows "If "device" is not a valid block device" as a paragraph of its own.
            new DocRepair.RestoreDocBlock("eject",
                    "Block devices > Additional block stuff (VM related) > eject (Command)",
                    List.of("##"),
                    """
                    ##
                    # @eject:
                    #
                    # Ejects a device from a removable drive.
                    #
                    # @device: Block device name (deprecated, use @id instead)
                    #
                    # @id: The name or QOM path of the guest device (since: 2.8)
                    #
                    # @force: If true, eject regardless of whether the drive is locked.
                    # If not specified, the default value is false.
                    #
                    # Returns: Nothing on success
                    #
                    # If @device is not a valid block device, DeviceNotFound
                    #
                    # Notes: Ejecting a device with no media results in success
                    #
                    # Since: 0.14.0
                    #
                    # Example:
                    #
                    # -> { "execute": "eject", "arguments": { "id": "ide1-0-1" } }
                    # <- { "return": {} }
                    ##"""),
            // Man page, "Migration", entry migrate-continue.
            new DocRepair.RestoreDocBlock("migrate-continue",
                    "Migration > migrate-continue (Command)",
                    List.of("##"),
                    """
                    ##
                    # @migrate-continue:
                    #
                    # Continue migration when it's in a paused state.
                    #
                    # @state: The state the migration is currently expected to be in
                    #
                    # Returns: nothing on success
                    #
                    # Since: 2.11
                    #
                    # Example:
                    #
                    # -> { "execute": "migrate-continue" , "arguments":
                    # { "state": "pre-switchover" } }
                    # <- { "return": {} }
                    ##"""),
            // Man page, "Miscellanea", entry quit.
            new DocRepair.RestoreDocBlock("quit",
                    "Miscellanea > quit (Command)",
                    List.of("##"),
                    """
                    ##
                    # @quit:
                    #
                    # This command will cause the QEMU process to exit gracefully. While every
                    # attempt is made to send the QMP response before terminating, this is not
                    # guaranteed. When using this interface, a premature EOF would not be
                    # unexpected.
                    #
                    # Since: 0.14.0
                    #
                    # Example:
                    #
                    # -> { "execute": "quit" }
                    # <- { "return": {} }
                    ##"""),
            // Man page, "Miscellanea", entry ObjectPropertyInfo, member "type", items 2) and 3): the
            // web capture that produced the seed dropped "<subtype>" as if it were an HTML tag.
            new DocRepair.RestoreDocText("ObjectPropertyInfo",
                    "Miscellanea > ObjectPropertyInfo (Object), member type, item 2)",
                    "in the form 'child' where", "in the form 'child<subtype>' where"),
            new DocRepair.RestoreDocText("ObjectPropertyInfo",
                    "Miscellanea > ObjectPropertyInfo (Object), member type, item 3)",
                    "in the form 'link' where", "in the form 'link<subtype>' where"));

    private ManPageRepairs() {
    }

    /** Applies {@link #REPAIRS} to the deduplicated units, checking each against the man page. */
    static List<SeedUnit> apply(List<SeedUnit> units, ManPage manPage) {
        List<SeedUnit> repaired = new ArrayList<>(units);
        for (DocRepair repair : REPAIRS) {
            if (repair instanceof DocRepair.AddDefinition add) {
                addDefinition(repaired, add, manPage);
            } else if (repair instanceof DocRepair.RestoreDocBlock block) {
                restoreDocBlock(repaired, block, manPage);
            } else if (repair instanceof DocRepair.RestoreDocText text) {
                restoreDocText(repaired, text, manPage);
            }
        }
        return repaired;
    }

    private static void addDefinition(List<SeedUnit> units, DocRepair.AddDefinition add, ManPage manPage) {
        ObjectNode expression = parseExpression(add);
        if (indexOf(units, add.name()) >= 0) {
            throw new SeedImportException("repair '" + add.summary() + "': '" + add.name()
                    + "' is already in the seed; the repair is obsolete");
        }
        ManPage.Entry entry = manPage.require(add.name());
        String expectedKind = ManPage.kindOf(QapiExpressionRules.metaType(expression));
        if (!entry.kind().equals(expectedKind)) {
            throw new SeedImportException("repair for '" + add.name() + "': the man page (line " + entry.line()
                    + ") shows a " + entry.kind() + ", the repair adds a " + expectedKind);
        }
        List<String> doc = lines(add.doc());
        requireConfirmed(add, doc, entry);
        String predecessor = manPage.predecessorOf(add.name()).orElseThrow(() -> new SeedImportException(
                "repair for '" + add.name() + "': nothing precedes it in the man page to place it after"));
        int after = indexOf(units, predecessor);
        if (after < 0) {
            throw new SeedImportException("repair for '" + add.name() + "': its man-page predecessor '"
                    + predecessor + "' is not in the schema");
        }
        units.add(after + 1, new SeedUnit(-1, -1, doc, expression));
    }

    private static void restoreDocBlock(List<SeedUnit> units, DocRepair.RestoreDocBlock block, ManPage manPage) {
        int index = require(units, block.name());
        SeedUnit unit = units.get(index);
        if (!unit.commentLines().equals(block.damagedLines())) {
            throw new SeedImportException(unit.describe() + ": expected the damaged doc "
                    + block.damagedLines() + " but found " + unit.commentLines() + "; check the repair");
        }
        List<String> doc = lines(block.doc());
        requireConfirmed(block, doc, manPage.require(block.name()));
        units.set(index, unit.withCommentLines(doc));
    }

    private static void restoreDocText(List<SeedUnit> units, DocRepair.RestoreDocText text, ManPage manPage) {
        int index = require(units, text.name());
        SeedUnit unit = units.get(index);
        List<String> lines = new ArrayList<>(unit.commentLines());
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text.damagedText())) {
                hits.add(i);
            }
        }
        if (hits.size() != 1 || lines.get(hits.get(0)).indexOf(text.damagedText())
                != lines.get(hits.get(0)).lastIndexOf(text.damagedText())) {
            throw new SeedImportException(unit.describe() + ": expected the damaged text '" + text.damagedText()
                    + "' exactly once in the doc, found it on lines " + hits);
        }
        int line = hits.get(0);
        lines.set(line, lines.get(line).replace(text.damagedText(), text.restoredText()));
        // Only the paragraph holding the restored text is this repair's business; other damage in the
        // same doc block is left to its own repair (and to ManPageCrossCheck).
        ManPage.Entry entry = manPage.require(text.name());
        List<String> unconfirmed = ManPageEvidence.unconfirmedParagraphs(lines, entry.text()).stream()
                .filter(paragraph -> paragraph.contains(text.restoredText())).toList();
        if (!unconfirmed.isEmpty()) {
            throw new SeedImportException("repair for '" + text.name() + "': the man page entry at line "
                    + entry.line() + " does not contain: " + unconfirmed);
        }
        units.set(index, unit.withCommentLines(lines));
    }

    private static void requireConfirmed(DocRepair repair, List<String> doc, ManPage.Entry entry) {
        List<String> unconfirmed = ManPageEvidence.unconfirmedParagraphs(doc, entry.text());
        if (!unconfirmed.isEmpty()) {
            throw new SeedImportException("repair for '" + repair.name() + "': the man page entry at line "
                    + entry.line() + " does not contain: " + unconfirmed);
        }
    }

    private static ObjectNode parseExpression(DocRepair.AddDefinition add) {
        try {
            if (JSON.readTree(add.expressionJson()) instanceof ObjectNode object
                    && QapiExpressionRules.isTopLevelExpression(object)
                    && QapiExpressionRules.name(object).equals(add.name())) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw new SeedImportException("repair for '" + add.name() + "': bad expression JSON", e);
        }
        throw new SeedImportException("repair for '" + add.name() + "': " + add.expressionJson()
                + " is not a top-level expression defining it");
    }

    private static List<String> lines(String doc) {
        return List.of(doc.strip().split("\n"));
    }

    private static int require(List<SeedUnit> units, String name) {
        int index = indexOf(units, name);
        if (index < 0) {
            throw new SeedImportException("repair target '" + name + "' is not in the seed");
        }
        return index;
    }

    private static int indexOf(List<SeedUnit> units, String name) {
        for (int i = 0; i < units.size(); i++) {
            if (units.get(i).name().equals(name) && !units.get(i).metaType().equals("pragma")) {
                return i;
            }
        }
        return -1;
    }
}
