package edu.attendance.reports.rings;

import edu.attendance.contracts.StudentsErased;
import edu.attendance.platform.kafka.ErasureFollower;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/** An erased student's rings go, with their spot checks (the rings name students by e-mail and its hash). */
@Component
class RingErasure extends ErasureFollower {

    private final Rings rings;

    RingErasure(Rings rings, KafkaProperties kafka) {
        super("rings", kafka.buildConsumerProperties());
        this.rings = rings;
    }

    @Override
    protected void erase(StudentsErased erased) {
        rings.erase(erased.emailHashes());
    }
}
