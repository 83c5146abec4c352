package io.herald.realtime.contract;

import java.util.Optional;

/**
 * Channel namespaces of DESIGN §1 and who may subscribe to them. Mirrors {@code io.herald.schema.ChannelNamespace}
 * until event-schema publishes it.
 */
public enum Namespace {
    /** {@code exports:{userUuid}} */
    EXPORTS("exports", ':', Kind.PERSONAL),
    /** {@code export.{guid}.job} */
    EXPORT_JOB("export", '.', Kind.GRANTED),
    /** {@code webhooks:{userUuid}} */
    WEBHOOKS("webhooks", ':', Kind.PERSONAL),
    /** {@code user:{userUuid}} */
    USER("user", ':', Kind.PERSONAL),
    /** {@code user_notifications_channel:{userUuid}} */
    USER_NOTIFICATIONS("user_notifications_channel", ':', Kind.PERSONAL),
    /** {@code user_dashboard_channel:{userUuid}} */
    USER_DASHBOARD("user_dashboard_channel", ':', Kind.PERSONAL),
    /** {@code notifications:{userUuid}} */
    NOTIFICATIONS("notifications", ':', Kind.PERSONAL),
    /** {@code workbook:{tenantId}:{workbookId}} */
    WORKBOOK("workbook", ':', Kind.TENANT),
    /** {@code job:{jobId}} */
    JOB("job", ':', Kind.GRANTED),
    /** {@code order_changes@{tenant}} */
    ORDER_CHANGES("order_changes", '@', Kind.TENANT),
    /** {@code product_changes@{tenant}} */
    PRODUCT_CHANGES("product_changes", '@', Kind.TENANT),
    /** {@code customer_changes@{tenant}} */
    CUSTOMER_CHANGES("customer_changes", '@', Kind.TENANT),
    /** {@code shipment_changes@{tenant}} */
    SHIPMENT_CHANGES("shipment_changes", '@', Kind.TENANT),
    /** {@code transaction_changes@{tenant}} */
    TRANSACTION_CHANGES("transaction_changes", '@', Kind.TENANT);

    /** Who may subscribe. */
    public enum Kind {
        /** only the user whose UUID the channel names */
        PERSONAL,
        /** users of the tenant the channel names */
        TENANT,
        /** holders of a grant in the token's {@code channels} claim */
        GRANTED
    }

    private final String prefix;
    private final char separator;
    private final Kind kind;

    Namespace(String prefix, char separator, Kind kind) {
        this.prefix = prefix;
        this.separator = separator;
        this.kind = kind;
    }

    /** @return who may subscribe */
    public Kind kind() {
        return kind;
    }

    /** @return the namespace prefix, e.g. {@code exports} */
    public String prefix() {
        return prefix;
    }

    /**
     * @param owner user UUID or tenant
     * @return the channel of that owner ({@code exports:U}, {@code order_changes@T})
     */
    public String channelOf(String owner) {
        return prefix + separator + owner;
    }

    /**
     * @param raw what a client wrote
     * @return the entity-change namespace whose short name it is ({@code order_changes}), if any
     */
    public static Optional<Namespace> shortTenantName(String raw) {
        for (Namespace ns : values()) {
            if (ns.separator == '@' && ns.prefix.equals(raw)) {
                return Optional.of(ns);
            }
        }
        return Optional.empty();
    }
}
