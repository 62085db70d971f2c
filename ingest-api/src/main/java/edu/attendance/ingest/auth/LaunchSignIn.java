package edu.attendance.ingest.auth;

import edu.attendance.platform.security.Accounts;
import edu.attendance.platform.security.Role;
import org.springframework.stereotype.Component;

/**
 * Sign-in for another module's proven identity (an LMS launch): the same roster, verification and domain rules as every
 * other sign-in, and the same tokens. Blocking (it reads and writes the database).
 */
@Component
public class LaunchSignIn {

    /** A person of the roster as they may sign in. */
    public record Person(String email, String name, Role role) {
    }

    /** The platform tokens for a person, as the other sign-ins answer them. */
    public record Tokens(String accessToken, String refreshToken, long expiresIn, Person user) {
    }

    private final AuthController auth;
    private final Accounts accounts;

    LaunchSignIn(AuthController auth, Accounts accounts) {
        this.auth = auth;
        this.accounts = accounts;
    }

    /** The verified roster member with this e-mail (refused as {@code NOT_VERIFIED} or {@code DOMAIN_NOT_ALLOWED}). */
    public Person person(String email) {
        Users.User u = auth.rosterUser(email);
        return new Person(u.email(), u.name(), u.role());
    }

    public Tokens tokens(String email) {
        long generation = accounts.generation();
        AuthController.TokenResponse t = auth.tokensFor(auth.rosterUser(email), generation);
        return new Tokens(t.accessToken(), t.refreshToken(), t.expiresIn(),
                new Person(t.user().email(), t.user().name(), Role.valueOf(t.user().role())));
    }
}
