package edu.attendance.ingest.device;

import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;

import java.util.Arrays;

/**
 * Where a device stands (docs/rules.md rule 6): the one ACTIVE device of a student, one waiting for approval (PENDING),
 * one refused by an integrity check (BLOCKED), one replaced by a reinstall or an approval (INACTIVE), one a teacher or
 * admin refused (REJECTED). The names are the ones stored and shown.
 */
public enum DeviceStatus {
    ACTIVE, PENDING, BLOCKED, INACTIVE, REJECTED;

    /** A status named in a request; anything else is VALIDATION_FAILED. */
    public static DeviceStatus parse(String name) {
        return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new ApiException(ErrorCode.VALIDATION_FAILED, "status must be one of " + Arrays.toString(values())));
    }

    /** What a student's access token says about their binding. */
    public enum Binding { ACTIVE, PENDING, BLOCKED, NONE }
}
