package org.openedx.events.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.openedx.events.ReceivedEvent;
import org.openedx.events.ReceiverPlugin;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;

/** A team's receivers as a jar would ship them: usernames are kept; user 666 is refused. */
public final class TestReceiverPlugin implements ReceiverPlugin {

    static final List<String> USERNAMES = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void connect() {
        LearningSignals.SESSION_LOGIN_COMPLETED.connect(TestReceiverPlugin::onLogin);
    }

    private static void onLogin(ReceivedEvent event) {
        UserData user = event.data("user", UserData.class);
        if (user.id() == 666) {
            throw new IllegalStateException("user 666 is refused");
        }
        USERNAMES.add(user.pii().username());
    }
}
