package edu.attendance.ingest.capture;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.web.AddressRanges;
import org.springframework.stereotype.Component;

/** The college's own networks ({@code attendance.capture.campus-cidrs}); empty when not configured. */
@Component
class CampusNetwork {

    private final AddressRanges ranges;

    public CampusNetwork(AttendanceProperties props) {
        this.ranges = AddressRanges.of(props.capture().campusCidrs());
    }

    public boolean configured() {
        return !ranges.isEmpty();
    }

    public boolean contains(String address) {
        return ranges.contains(address);
    }
}
