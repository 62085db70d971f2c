package edu.attendance.dashboard.push;

import edu.attendance.contracts.StudentsErased;
import edu.attendance.platform.kafka.ErasureFollower;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/** An erased student's browsers are forgotten: their push subscriptions (endpoints and keys) go with the rest. */
@Component
class PushErasure extends ErasureFollower {

    private final PushSubscriptions subscriptions;

    PushErasure(PushSubscriptions subscriptions, KafkaProperties kafka) {
        super("push-subscriptions", kafka.buildConsumerProperties());
        this.subscriptions = subscriptions;
    }

    @Override
    protected void erase(StudentsErased erased) {
        subscriptions.eraseByHash(erased.emailHashes());
    }
}
