package io.herald.schema;

import java.util.Optional;

/**
 * The channel namespaces of DESIGN §1: which channel names carry events and who may subscribe to them.
 * Exactly one of {@link #personal()}, {@link #tenantScoped()} and {@link #granted()} is true.
 */
public enum ChannelNamespace {
    /** {@code exports:{userUuid}}: export job events of one user. */
    EXPORTS("exports:{userUuid}", Access.PERSONAL),
    /** {@code export.{guid}.job}: the export job events of one job. */
    EXPORT_JOB("export.{guid}.job", Access.GRANTED),
    /** {@code webhooks:{userUuid}}: webhook delivery events of one user. */
    WEBHOOKS("webhooks:{userUuid}", Access.PERSONAL),
    /** {@code user:{userUuid}}: account events of one user. */
    USER("user:{userUuid}", Access.PERSONAL),
    /** {@code user_notifications_channel:{userUuid}}: toast notifications. */
    USER_NOTIFICATIONS("user_notifications_channel:{userUuid}", Access.PERSONAL),
    /** {@code user_dashboard_channel:{userUuid}}: dashboard updates. */
    USER_DASHBOARD("user_dashboard_channel:{userUuid}", Access.PERSONAL),
    /** {@code notifications:{userUuid}}: notifications. */
    NOTIFICATIONS("notifications:{userUuid}", Access.PERSONAL),
    /** {@code workbook:{tenantId}:{workbookId}}: workbook events of one tenant's workbook. */
    WORKBOOK("workbook:{tenantId}:{workbookId}", Access.TENANT),
    /** {@code job:{jobId}}: typed job progress events of one job. */
    JOB("job:{jobId}", Access.GRANTED),
    /** {@code order_changes@{tenantId}}. */
    ORDER_CHANGES("order_changes@{tenantId}", Access.TENANT),
    /** {@code product_changes@{tenantId}}. */
    PRODUCT_CHANGES("product_changes@{tenantId}", Access.TENANT),
    /** {@code customer_changes@{tenantId}}. */
    CUSTOMER_CHANGES("customer_changes@{tenantId}", Access.TENANT),
    /** {@code shipment_changes@{tenantId}}. */
    SHIPMENT_CHANGES("shipment_changes@{tenantId}", Access.TENANT),
    /** {@code transaction_changes@{tenantId}}. */
    TRANSACTION_CHANGES("transaction_changes@{tenantId}", Access.TENANT);

    private enum Access { PERSONAL, TENANT, GRANTED }

    private final String template;
    private final Access access;

    ChannelNamespace(String template, Access access) {
        this.template = template;
        this.access = access;
    }

    /**
     * Whether the channel belongs to one user ({@code {ns}:{userUuid}}), subscribed automatically on connect.
     *
     * @return true for personal namespaces
     */
    public boolean personal() {
        return access == Access.PERSONAL;
    }

    /**
     * Whether the channel belongs to one tenant: users whose token's {@code tenant} matches may subscribe.
     *
     * @return true for {@code workbook:} and the {@code *_changes@} namespaces
     */
    public boolean tenantScoped() {
        return access == Access.TENANT;
    }

    /**
     * Whether subscribing needs a grant in the token's {@code channels} claim.
     *
     * @return true for {@code job:} and {@code export.{guid}.job}
     */
    public boolean granted() {
        return access == Access.GRANTED;
    }

    /**
     * The channel name pattern as written in DESIGN §1, e.g. {@code exports:{userUuid}}.
     *
     * @return the pattern, for messages and documentation
     */
    public String template() {
        return template;
    }

    /**
     * The short name a client may write for an entity change namespace, e.g. {@code order_changes}.
     *
     * @return the short name; empty for other namespaces
     */
    public Optional<String> shortName() {
        int at = template.indexOf('@');
        return at > 0 ? Optional.of(template.substring(0, at)) : Optional.empty();
    }

    /** The literal prefix before the first placeholder, e.g. {@code exports:} or {@code order_changes@}. */
    String prefix() {
        return template.substring(0, template.indexOf('{'));
    }
}
