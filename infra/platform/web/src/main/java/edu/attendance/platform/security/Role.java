package edu.attendance.platform.security;

/** The four kinds of people (docs/rules.md). */
public enum Role {
    STUDENT, TEACHER, ADMIN, MANAGEMENT
}
