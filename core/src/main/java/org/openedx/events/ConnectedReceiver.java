package org.openedx.events;

/** A receiver as a signal holds it: its identity (for de-duplication), name and call. */
record ConnectedReceiver(Object identity, String name, Invocation invocation) {

    @FunctionalInterface
    interface Invocation {
        Object invoke(ReceivedEvent event) throws Exception;
    }

    static ConnectedReceiver of(EventReceiver receiver) {
        return new ConnectedReceiver(receiver, nameOf(receiver), event -> {
            receiver.receive(event);
            return null;
        });
    }

    private static String nameOf(EventReceiver receiver) {
        Class<?> type = receiver.getClass();
        String name = type.getName();
        int lambda = name.indexOf("$$Lambda");
        return lambda > 0 ? name.substring(0, lambda) + ".<lambda>" : name;
    }
}
