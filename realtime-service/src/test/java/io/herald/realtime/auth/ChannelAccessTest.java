package io.herald.realtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelAccessTest {

    static final String U = "11111111-2222-3333-4444-555555555555";
    final Claims claims = new Claims(U, "acme", List.of("job:7", "export.g1.job", "job:batch-*"), Instant.MAX);

    SubscribeDecision decide(String channel) {
        return ChannelAccess.decide(claims, channel);
    }

    @Test
    void personalChannelsOnlyForTheirOwner() {
        assertThat(decide("exports:" + U).allowed()).isTrue();
        assertThat(decide("notifications:" + U).allowed()).isTrue();
        SubscribeDecision other = decide("exports:99999999-2222-3333-4444-555555555555");
        assertThat(other.allowed()).isFalse();
        assertThat(other.errorCode()).isEqualTo("forbidden");
    }

    @Test
    void tenantChannelsOnlyForTheTokensTenantAndShortNamesMeanIt() {
        assertThat(decide("workbook:acme:wb1").allowed()).isTrue();
        assertThat(decide("workbook:evil:wb1").allowed()).isFalse();
        assertThat(decide("order_changes@acme").allowed()).isTrue();
        assertThat(decide("order_changes@evil").allowed()).isFalse();
        SubscribeDecision shortName = decide("order_changes");
        assertThat(shortName.allowed()).isTrue();
        assertThat(shortName.channel()).isEqualTo("order_changes@acme");
        assertThat(shortName.displayChannel()).isEqualTo("order_changes");
        assertThat(ChannelAccess.decide(new Claims(U, null, List.of(), Instant.MAX), "order_changes").allowed()).isFalse();
    }

    @Test
    void grantsNeverOpenAnotherUsersPersonalChannelNorAnotherTenantsChannel() {
        String other = "99999999-2222-3333-4444-555555555555";
        Claims wide = new Claims(U, "acme", List.of("e*", "exports:" + other, "order_changes@other", "o*", "w*",
            "workbook:evil:wb1"), Instant.MAX);
        assertThat(ChannelAccess.decide(wide, "exports:" + other).allowed()).isFalse();
        assertThat(ChannelAccess.decide(wide, "order_changes@other").allowed()).isFalse();
        assertThat(ChannelAccess.decide(wide, "workbook:evil:wb1").allowed()).isFalse();
        assertThat(ChannelAccess.decide(wide, "webhooks:" + other).allowed()).isFalse();
        // the owner's own channels stay open, and grant-only channels still follow the grants
        assertThat(ChannelAccess.decide(wide, "exports:" + U).allowed()).isTrue();
        assertThat(ChannelAccess.decide(wide, "order_changes@acme").allowed()).isTrue();
        assertThat(ChannelAccess.decide(new Claims(U, "acme", List.of("e*"), Instant.MAX), "export.g9.job").allowed()).isTrue();
    }

    @Test
    void grantedChannelsNeedAnExactOrTrailingStarGrant() {
        assertThat(decide("job:7").allowed()).isTrue();
        assertThat(decide("job:70").allowed()).isFalse();
        assertThat(decide("job:batch-12").allowed()).isTrue();
        assertThat(decide("export.g1.job").allowed()).isTrue();
        assertThat(decide("export.g2.job").allowed()).isFalse();
    }

    @Test
    void badNamesAndUnknownChannelsAreRefused() {
        assertThat(decide("has space").errorCode()).isEqualTo("bad_channel");
        assertThat(decide("a*").errorCode()).isEqualTo("bad_channel");
        assertThat(decide("").errorCode()).isEqualTo("bad_channel");
        assertThat(decide(null).errorCode()).isEqualTo("bad_channel");
        assertThat(decide("random").errorCode()).isEqualTo("forbidden");
    }

    @Test
    void personalChannelLists() {
        assertThat(ChannelAccess.personalChannels(U)).hasSize(6).contains("exports:" + U, "user_dashboard_channel:" + U);
        assertThat(ChannelAccess.notificationChannels(U)).containsExactly("notifications:" + U, "user_notifications_channel:" + U);
    }
}
