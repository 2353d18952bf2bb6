package io.panzoto.gateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = StubDownstreamsResource.class, initArgs = @ResourceArg(name = "all-served", value = "true"))
class AllServicesUpTest {

    @Test
    void healthIs200OnBothClientRoutesWhenEveryServiceIsReady() {
        given().get("/api/v1/health").then().statusCode(200).body("status", equalTo("UP"))
                .body("services.diary-service", equalTo("UP"));
        given().get("/api/health").then().statusCode(200).body("status", equalTo("healthy"));
        given().get("/health").then().statusCode(200).body("status", equalTo("healthy"));
        // The operators' view on the management port as well (never the public one).
        given().get(managementUrl + "/q/platform-health").then().statusCode(200).body("status", equalTo("UP"))
                .body("services.audio-service", equalTo("UP"));
        given().get("/q/platform-health").then().statusCode(404);
    }

    @TestHTTPResource(value = "/", management = true)
    URL management;

    private String managementUrl;

    @BeforeEach
    void managementUrl() {
        managementUrl = management.toString().replaceAll("/(q/?)?$", ""); // the URL names the /q root
    }
}
