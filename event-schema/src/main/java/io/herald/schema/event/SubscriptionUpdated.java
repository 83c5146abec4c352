package io.herald.schema.event;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Objects;
import java.util.Set;

/**
 * The account event {@code subscription.updated} ({@code schemas/events/account/subscription.updated.json}),
 * published on {@code user:{uuid}}.
 *
 * @param type      always {@link #TYPE}
 * @param plan      the plan name, e.g. {@code business}
 * @param action    one of {@code created}, {@code expired}, {@code canceled}
 * @param timestamp Unix epoch seconds
 */
@Serdeable
public record SubscriptionUpdated(String type, String plan, String action, long timestamp) {

    /** The event type. */
    public static final String TYPE = "subscription.updated";

    /** The allowed actions. */
    public static final Set<String> ACTIONS = Set.of("created", "expired", "canceled");

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when the type or action is not allowed
     */
    public SubscriptionUpdated {
        if (!TYPE.equals(type)) {
            throw new IllegalArgumentException("type must be " + TYPE);
        }
        Objects.requireNonNull(plan, "plan");
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("action must be one of " + ACTIONS + ", got " + action);
        }
    }

    /**
     * The event.
     *
     * @param plan             the plan
     * @param action           created, expired or canceled
     * @param epochSeconds     when it happened
     * @return the event
     */
    public static SubscriptionUpdated of(String plan, String action, long epochSeconds) {
        return new SubscriptionUpdated(TYPE, plan, action, epochSeconds);
    }
}
