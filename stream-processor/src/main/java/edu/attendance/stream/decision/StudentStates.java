package edu.attendance.stream.decision;

import java.util.HashMap;
import java.util.Map;

/**
 * The current decision of each student of one session, kept apart from the session itself so that a
 * submission reads and writes one small entry instead of the whole session.
 */
public interface StudentStates {

    SessionState.Student get(String email);

    void put(String email, SessionState.Student student);

    /** In memory, for the rules' tests. */
    final class InMemory implements StudentStates {
        private final Map<String, SessionState.Student> map = new HashMap<>();

        @Override
        public SessionState.Student get(String email) {
            return map.get(email);
        }

        @Override
        public void put(String email, SessionState.Student student) {
            map.put(email, student);
        }
    }
}
