package io.herald.schema;

/**
 * The three event families of DESIGN §2 (the account message is a family of its own because its shape
 * differs from the typed messages).
 */
public enum EventFamily {
    /** Export envelope: {@code version}, {@code event}, {@code guid}, {@code status}, {@code url}, {@code details}. */
    EXPORT_ENVELOPE("event"),
    /** Typed message: {@code type}, {@code payload}, {@code timestamp} (RFC 3339). */
    TYPED_MESSAGE("type"),
    /** Account message ({@code subscription.updated}): {@code type}, {@code plan}, {@code action}, {@code timestamp} (epoch seconds). */
    ACCOUNT("type"),
    /** Entity change: {@code event} = {@code {entity}:{created|updated|deleted}}, {@code data}, {@code timestamp}. */
    ENTITY_CHANGE("event");

    private final String discriminator;

    EventFamily(String discriminator) {
        this.discriminator = discriminator;
    }

    /**
     * The top-level property that names the event type in this family ({@code event} or {@code type}).
     *
     * @return the property name
     */
    public String discriminator() {
        return discriminator;
    }
}
