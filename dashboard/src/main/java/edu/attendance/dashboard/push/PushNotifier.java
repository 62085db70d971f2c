package edu.attendance.dashboard.push;

import java.util.Map;

/**
 * The port for apps that are closed (SPEC rule 9): a push notification to the user's registered
 * browsers or phones. The Web Push (VAPID) adapter is not built yet; until it is, {@link #NONE} records
 * nothing and open apps are reached over the WebSocket only.
 */
public interface PushNotifier {

    void notify(String email, Map<String, Object> payload);

    PushNotifier NONE = (email, payload) -> {
    };
}
