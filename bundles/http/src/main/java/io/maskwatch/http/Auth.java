package io.maskwatch.http;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * Bearer-token check. The token comes from the configuration; without one, a token generated on
 * the first start is kept in the data directory (owner-only) and announced once, when it is made.
 * Browsers cannot put a header on {@code <img>} requests, so the console trades the token once
 * for an HttpOnly, SameSite=Strict cookie holding the same token.
 */
final class Auth {

    static final String COOKIE = "maskwatch_token";
    static final String TOKEN_FILE = "http-token";

    private final byte[] token;

    Auth(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the API token must not be empty");
        }
        this.token = token.strip().getBytes(StandardCharsets.UTF_8);
    }

    /** The configured token, or the stored one, or a new one that {@code announce} is told about. */
    static Auth fromConfig(String configured, Path dataDir, Consumer<String> announce) {
        if (configured != null && !configured.isBlank()) {
            return new Auth(configured);
        }
        Path file = dataDir.resolve(TOKEN_FILE);
        try {
            if (Files.isRegularFile(file)) {
                return new Auth(Files.readString(file, StandardCharsets.UTF_8));
            }
            byte[] b = new byte[32];
            new SecureRandom().nextBytes(b);
            String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            Files.createDirectories(dataDir);
            Path tmp = Files.createTempFile(dataDir, TOKEN_FILE, ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system; the data directory's own permissions apply
            }
            Files.writeString(tmp, fresh, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            announce.accept("Maskwatch API token (shown once, kept in " + file + "): " + fresh);
            return new Auth(fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the API token in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    boolean allows(HttpServletRequest req) {
        String header = req.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return matches(header.substring(7).strip());
        }
        Cookie[] cookies = req.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (COOKIE.equals(c.getName())) {
                    return matches(c.getValue());
                }
            }
        }
        return false;
    }

    String token() {
        return new String(token, StandardCharsets.UTF_8);
    }

    private boolean matches(String candidate) {
        // constant time, so response timing does not leak how much of a guess was right
        return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }
}
