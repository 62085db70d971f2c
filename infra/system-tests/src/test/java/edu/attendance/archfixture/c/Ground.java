package edu.attendance.archfixture.c;

import edu.attendance.archfixture.a.Left;

/** Module c, on the ground floor of the fixture, with a planted arrow up to module a on the top floor. */
public class Ground {
    Left upward;
}
