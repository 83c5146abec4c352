package io.herald.webhook.ssrf;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.util.Arrays;
import java.util.List;

/**
 * SSRF settings, {@code herald.webhook.ssrf.*}.
 *
 * @param allowSubnets comma-separated CIDR subnets exempt from the deny list ({@code HERALD_WEBHOOK_ALLOW_SUBNETS});
 *                     never {@code 169.254.0.0/16}. Defaults to empty.
 */
@ConfigurationProperties("herald.webhook.ssrf")
public record SsrfConfig(@Nullable String allowSubnets) {

    /** @return the subnets as a list */
    public List<String> subnets() {
        return allowSubnets == null || allowSubnets.isBlank() ? List.of()
                : Arrays.stream(allowSubnets.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
