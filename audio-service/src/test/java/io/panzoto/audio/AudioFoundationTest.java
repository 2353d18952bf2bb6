package io.panzoto.audio;

import io.panzoto.testing.ServiceFoundationContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(AudioTestResource.class)
class AudioFoundationTest extends ServiceFoundationContract {
    @Override
    protected String producedTopic() {
        return "audio.uploaded";
    }
}
