package edu.attendance.archfixture.c.internal;

/** Module c's internals, reached from module a by the fixture. */
public class Hidden {
}
