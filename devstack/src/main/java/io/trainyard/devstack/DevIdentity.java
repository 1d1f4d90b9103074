package io.trainyard.devstack;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The identity provider of the local run and the tests: an RSA key pair generated at start (never written
 * anywhere but the run's own folder, never committed) that signs bearer tokens naming a user, a tenant and
 * roles, the way a company's identity provider would. The services verify them with the public key only.
 */
public final class DevIdentity {
    public static final String ISSUER = "https://trainyard.local/devstack";
    /** The tenant, user and roles of the local run's ready-made token. */
    public static final String DEFAULT_TENANT = "demo";
    public static final String DEFAULT_USER = "developer";

    private final KeyPair keys;

    private DevIdentity(KeyPair keys) {
        this.keys = keys;
    }

    public static DevIdentity generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new DevIdentity(generator.generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has RSA", e);
        }
    }

    /** The PEM public key, the value of a service's {@code mp.jwt.verify.publickey}. */
    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** Writes the public key where services read it ({@code mp.jwt.verify.publickey.location}). */
    public Path writePublicKey(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, publicKeyPem());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The service configuration that trusts this identity provider's tokens. */
    public Map<String, String> serviceConfig() {
        return Map.of("mp.jwt.verify.publickey", publicKeyPem(), "mp.jwt.verify.issuer", ISSUER);
    }

    /** A token valid for twelve hours. */
    public String token(String user, String tenant, String... roles) {
        return token(user, tenant, Duration.ofHours(12), roles);
    }

    /** A token for {@code user} of {@code tenant} (null: none) with these roles, valid for {@code lifetime}. */
    public String token(String user, String tenant, Duration lifetime, String... roles) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(user);
        claims.setClaim("upn", user);
        if (tenant != null) {
            claims.setClaim("tenant", tenant);
        }
        claims.setStringListClaim("groups", List.of(roles));
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(lifetime.toSeconds() / 60f);
        claims.setGeneratedJwtId();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.getPrivate());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a dev token", e);
        }
    }
}
