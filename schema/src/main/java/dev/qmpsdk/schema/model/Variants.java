package dev.qmpsdk.schema.model;

import java.util.List;

/**
 * The branches of a union.
 *
 * @param tag the discriminator member (for simple unions the implicit {@code type} member)
 * @param variants the branches, in source order; tag values without a branch have none here
 */
public record Variants(Member tag, List<Variant> variants) {
    public Variants {
        variants = List.copyOf(variants);
    }
}
