package edu.attendance.stream.decision;

/**
 * The current decision of each student of one session, kept apart from the session itself so that a
 * submission reads and writes one small entry instead of the whole session.
 */
interface StudentStates {

    SessionState.Student get(String email);

    void put(String email, SessionState.Student student);
}
