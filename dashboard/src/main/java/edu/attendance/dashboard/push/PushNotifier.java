package edu.attendance.dashboard.push;

import java.util.Map;

/**
 * The port for apps that are closed (docs/rules.md rule 9): a push notification to the user's registered
 * browsers or phones. {@link WebPushNotifier} is the Web Push (VAPID) adapter; a native-app adapter
 * (FCM/APNs) would be another implementation.
 */
interface PushNotifier {

    void notify(String email, Map<String, Object> payload);

}
