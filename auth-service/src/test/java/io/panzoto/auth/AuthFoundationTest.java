package io.panzoto.auth;

import io.panzoto.testing.RealInfraResource;
import io.panzoto.testing.ServiceFoundationContract;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class AuthFoundationTest extends ServiceFoundationContract {
    @Override
    protected String producedTopic() {
        return "auth.user-registered";
    }
}
