package io.herald.auth.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.herald.auth.security.MissingSettingException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfiguredSigningKeysTest {

    @Test
    void firstPrivateKeySignsAndAllArePublishedWithoutPrivateParts() throws Exception {
        ECKey oldKey = new ECKeyGenerator(Curve.P_256).keyID("old").generate();
        ECKey newKey = new ECKeyGenerator(Curve.P_256).keyID("new").generate();
        SigningKeyRing.Keys keys = ConfiguredSigningKeys.parse(
            new JWKSet(List.of(oldKey.toPublicJWK(), newKey)).toString(false));
        assertEquals("new", keys.signer().getKeyID());
        assertEquals(2, keys.published().size());
        assertTrue(keys.published().stream().noneMatch(k -> k.isPrivate()));
        assertEquals("new", ConfiguredSigningKeys.parse(newKey.toJSONString()).signer().getKeyID());
    }

    @Test
    void refusesUnusableKeysWithoutQuotingThem() throws Exception {
        ECKey noKid = new ECKeyGenerator(Curve.P_256).generate();
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("r").generate();
        ECKey publicOnly = new ECKeyGenerator(Curve.P_256).keyID("p").generate().toPublicJWK();
        for (String value : List.of("not json", noKid.toJSONString(), rsa.toJSONString(), publicOnly.toJSONString())) {
            MissingSettingException e = assertThrows(MissingSettingException.class,
                () -> ConfiguredSigningKeys.parse(value));
            assertTrue(e.getMessage().startsWith("HERALD_AUTH_SIGNING_KEYS"), e.getMessage());
            assertFalse(e.getMessage().contains("\"d\""), e.getMessage());
        }
    }
}
