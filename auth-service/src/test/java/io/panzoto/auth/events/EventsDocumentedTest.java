package io.panzoto.auth.events;

import io.panzoto.testing.EventCatalogue;
import org.junit.jupiter.api.Test;

/** Every event this service publishes is in docs/asyncapi.yaml as the code writes it. */
class EventsDocumentedTest {
    @Test
    void everyEventIsDocumentedAsItIsWritten() throws Exception {
        EventCatalogue.load().assertDocuments("io.panzoto.auth.events");
    }
}
