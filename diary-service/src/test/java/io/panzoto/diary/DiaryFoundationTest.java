package io.panzoto.diary;

import io.panzoto.testing.ServiceFoundationContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(DiaryTestResource.class)
class DiaryFoundationTest extends ServiceFoundationContract {
    @Override
    protected String producedTopic() {
        return "diary.entry-changed";
    }
}
