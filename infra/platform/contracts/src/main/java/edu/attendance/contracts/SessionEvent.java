package edu.attendance.contracts;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What happens to a session as a whole; on {@link Topics#SESSION_EVENTS}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SessionOpened.class, name = "OPENED"),
        @JsonSubTypes.Type(value = SessionClosed.class, name = "CLOSED")
})
public sealed interface SessionEvent permits SessionOpened, SessionClosed {
    String sessionId();
}
