package io.herald.schema;

import java.util.Objects;

/**
 * A family of event types: the schemas of one folder of a catalogue's {@code schemas/} directory (the leading
 * {@code events/} of the path is dropped, so the built-in {@code schemas/events/export/} is family {@code export}),
 * sharing the top-level property that names the type ({@code event} or {@code type} for the built-ins).
 *
 * <p>Families are data, read from the catalogue; the constants below name the built-in ones for code that
 * predates the catalogue. Equal when name and type property are equal.
 */
public final class EventFamily {

    /** Export envelope: {@code version}, {@code event}, {@code guid}, {@code status}, {@code url}, {@code details}. */
    public static final EventFamily EXPORT_ENVELOPE = new EventFamily("export", "event");
    /** Typed message: {@code type}, {@code payload}, {@code timestamp} (RFC 3339). */
    public static final EventFamily TYPED_MESSAGE = new EventFamily("typed", "type");
    /** Account message ({@code subscription.updated}): {@code type}, {@code plan}, {@code action}, {@code timestamp}. */
    public static final EventFamily ACCOUNT = new EventFamily("account", "type");
    /** Entity change: {@code event} = {@code {entity}:{created|updated|deleted}}, {@code data}, {@code timestamp}. */
    public static final EventFamily ENTITY_CHANGE = new EventFamily("entity", "event");

    private final String name;
    private final String discriminator;

    /**
     * @param name          the family's folder below {@code schemas/} (without a leading {@code events/}); empty for
     *                      schemas at the root of {@code schemas/}
     * @param discriminator the top-level property holding the type name
     */
    public EventFamily(String name, String discriminator) {
        this.name = Objects.requireNonNull(name, "name");
        this.discriminator = Objects.requireNonNull(discriminator, "discriminator");
    }

    /**
     * The family's name: its folder, e.g. {@code export}, {@code typed}, {@code reports}.
     *
     * @return the name; empty for the root folder
     */
    public String name() {
        return name;
    }

    /**
     * The top-level property that names the event type in this family ({@code event} or {@code type}).
     *
     * @return the property name
     */
    public String discriminator() {
        return discriminator;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventFamily f && f.name.equals(name) && f.discriminator.equals(discriminator);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + discriminator.hashCode();
    }

    @Override
    public String toString() {
        return (name.isEmpty() ? "(root)" : name) + "[" + discriminator + "]";
    }
}
