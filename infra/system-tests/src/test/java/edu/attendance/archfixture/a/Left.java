package edu.attendance.archfixture.a;

import edu.attendance.archfixture.b.Right;

/** A deliberate cycle (a → b → a), for the architecture test to catch. */
public class Left {
    Right right;
}
