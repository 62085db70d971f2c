package edu.attendance.platform.security;

/** The four kinds of people (SPEC.md). */
public enum Role {
    STUDENT, TEACHER, ADMIN, MANAGEMENT
}
