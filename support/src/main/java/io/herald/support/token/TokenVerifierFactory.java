package io.herald.support.token;

import io.micronaut.context.annotation.Factory;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/** Creates the one {@link TokenVerifier} of a service from {@link TokenConfiguration} and the trusted issuers. */
@Factory
public class TokenVerifierFactory {

    /**
     * @param config   verification settings
     * @param trusted  the products' own issuers, if any
     * @param blocking the pool key fetches run on
     * @return the verifier
     */
    @Singleton
    TokenVerifier tokenVerifier(TokenConfiguration config, List<TrustedIssuerConfiguration> trusted,
                                @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        List<Issuer> issuers = new ArrayList<>();
        issuers.add(Issuer.herald(config.issuer(), config.jwksUrl()));
        trusted.forEach(t -> issuers.add(t.toIssuer()));
        return new JwksTokenVerifier(issuers, config.cacheTtl(), config.timeout(), config.clockSkew(), blocking,
            Clock.systemUTC());
    }
}
