package edu.attendance.ingest.capture;

import edu.attendance.platform.AttendanceProperties;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

import java.util.List;

/** The college's own networks ({@code attendance.capture.campus-cidrs}); empty when not configured. */
@Component
class CampusNetwork {

    private final List<IpAddressMatcher> ranges;

    public CampusNetwork(AttendanceProperties props) {
        this.ranges = props.capture().campusCidrs().stream().filter(c -> !c.isBlank()).map(IpAddressMatcher::new).toList();
    }

    public boolean configured() {
        return !ranges.isEmpty();
    }

    public boolean contains(String address) {
        return !address.isEmpty() && ranges.stream().anyMatch(m -> m.matches(address));
    }
}
