package edu.attendance.stream.decision;

import java.util.HashMap;
import java.util.Map;

/** Students' decisions in a map, for the rules' tests (the topology keeps them in a state store). */
final class InMemoryStudentStates implements StudentStates {

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
