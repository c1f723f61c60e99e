package dev.qmpsdk.schema.ast;

import dev.qmpsdk.schema.model.DefinitionInfo;
import java.util.List;

/** {@code {'alternate': ..., 'data': {...}}} (also QEMU 1.7's union with {@code 'discriminator': {}}). */
public record AlternateDecl(String name, DefinitionInfo info, Object source, List<BranchDecl> branches)
        implements Declaration {
    public AlternateDecl {
        branches = List.copyOf(branches);
    }
}
