package edu.attendance.archfixture.b;

import edu.attendance.archfixture.a.Left;

/** The other half of the deliberate cycle. */
public class Right {
    Left left;
}
