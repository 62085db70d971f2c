package edu.attendance.archfixture.a;

import edu.attendance.archfixture.b.Right;

/** A deliberate cycle (a → b → a) and a reach into c's internals, for the architecture test to catch. */
public class Left {
    Right right;
    edu.attendance.archfixture.c.internal.Hidden hidden;
}
