package edu.attendance.ingest.auth;

import edu.attendance.platform.AttendanceProperties;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** The configured bootstrap admin, when one is named, is a verified ADMIN before any import. */
@Component
class BootstrapAdmin implements ApplicationRunner {

    private final Users users;
    private final AttendanceProperties props;

    public BootstrapAdmin(Users users, AttendanceProperties props) {
        this.users = users;
        this.props = props;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!props.bootstrapAdmin().isBlank()) {
            users.ensureAdmin(props.bootstrapAdmin());
        }
    }
}
