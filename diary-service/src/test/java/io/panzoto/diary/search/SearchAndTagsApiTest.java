package io.panzoto.diary.search;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.ContentHash;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.diary.DiaryClient;
import io.panzoto.diary.DiaryTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Private search (blind index), tags (sealed names, auto tags) and the export, both tiers. */
@QuarkusTest
@WithTestResource(DiaryTestResource.class)
class SearchAndTagsApiTest {
    private static final String ENTRIES = "/api/v1/diary/entries";
    private static final String TAGS = "/api/v1/diary/tags";

    @Test
    void aUceSearchFindsStemmedWordsAllOfThemAndOnlyTheAskersEntries() {
        DiaryClient user = DiaryClient.register("uce");
        String walk = user.write("We were walking by the river at dawn");
        String run = user.write("A long run along the river");
        user.write("Nothing about water today");
        DiaryClient other = DiaryClient.register("uce");
        other.write("walking by the river too");

        user.request().get(ENTRIES + "/search?q=walks").then().statusCode(200).body("entries.id", equalTo(List.of(walk)));
        user.request().get(ENTRIES + "/search?q=river").then().statusCode(200).body("entries.id", containsInAnyOrder(walk, run));
        user.request().queryParam("q", "river walked").get(ENTRIES + "/search").then().statusCode(200).body("entries.id", equalTo(List.of(walk)));
        user.request().get(ENTRIES + "/search?q=ocean").then().statusCode(200).body("entries", hasSize(0));
        user.request().queryParam("q", "the and").get(ENTRIES + "/search").then().statusCode(400).body("code", equalTo("empty_query"));
        user.request().get(ENTRIES + "/search?q=river&limit=1").then().statusCode(200).body("entries", hasSize(1))
                .body("next_offset", equalTo(1));
        user.withTicket(null).request().get(ENTRIES + "/search?q=river").then().statusCode(401);
        // A deleted entry is not found by search.
        user.request().delete(ENTRIES + "/" + run).then().statusCode(200);
        user.request().get(ENTRIES + "/search?q=river").then().body("entries.id", equalTo(List.of(walk)));
    }

    @Test
    void anyTermSearchRanksByMatchedTermsThenDateAndTagFiltersCombine() {
        DiaryClient user = DiaryClient.register("uce");
        String all = user.write(Map.of("content", "river, bridge and lantern", "entry_date", "2026-01-01"));
        String twoOld = user.write(Map.of("content", "river and bridge", "entry_date", "2026-01-02"));
        String twoNew = user.write(Map.of("content", "a bridge over the river", "entry_date", "2026-03-01"));
        String one = user.write(Map.of("content", "a lantern in the window", "entry_date", "2026-05-01"));
        user.write(Map.of("content", "nothing to find here", "entry_date", "2026-06-01"));

        user.request().queryParam("q", "river bridge lantern").queryParam("match", "any").get(ENTRIES + "/search").then()
                .statusCode(200).body("entries.id", equalTo(List.of(all, twoNew, twoOld, one)))
                .body("entries.matched_terms", equalTo(List.of(3, 2, 2, 1)));
        user.request().queryParam("q", "river bridge").get(ENTRIES + "/search").then()
                .statusCode(200).body("entries.id", equalTo(List.of(twoNew, twoOld, all)))
                .body("entries.matched_terms", equalTo(List.of(2, 2, 2)));
        user.request().queryParam("q", "river").queryParam("match", "some").get(ENTRIES + "/search").then()
                .statusCode(400).body("code", equalTo("invalid_match"));

        // tag narrows a list and a search; named twice, an entry must carry both.
        String red = user.request().body(Map.of("name", "red")).post(TAGS).then().statusCode(201).extract().path("id");
        String blue = user.request().body(Map.of("name", "blue")).post(TAGS).then().statusCode(201).extract().path("id");
        user.request().put(ENTRIES + "/" + all + "/tags/" + red).then().statusCode(204);
        user.request().put(ENTRIES + "/" + all + "/tags/" + blue).then().statusCode(204);
        user.request().put(ENTRIES + "/" + twoNew + "/tags/" + red).then().statusCode(204);
        user.request().get(ENTRIES + "?tag=" + red).then().statusCode(200).body("entries.id", equalTo(List.of(twoNew, all)));
        user.request().get(ENTRIES + "?tag=" + red + "&tag=" + blue).then().statusCode(200).body("entries.id", equalTo(List.of(all)));
        user.request().get(ENTRIES + "?tag=" + red + "," + blue).then().statusCode(200).body("entries.id", equalTo(List.of(all)));
        user.request().queryParam("q", "river").queryParam("tag", red).queryParam("tag", blue).get(ENTRIES + "/search").then()
                .statusCode(200).body("entries.id", equalTo(List.of(all)));
        user.request().get(ENTRIES + "?tag=not-a-tag").then().statusCode(400).body("code", equalTo("invalid_tag"));
    }

    @Test
    void uceTagsAreSealedFoundByNameAndHashtagsBecomeAutoTags() {
        DiaryClient user = DiaryClient.register("uce");
        Response created = user.request().body(Map.of("name", "Travel")).post(TAGS);
        created.then().statusCode(201).body("name", equalTo("Travel")).body("kind", equalTo("user")).body("token", nullValue());
        String travel = created.path("id");
        user.request().body(Map.of("name", "  travel ")).post(TAGS).then().statusCode(409).body("code", equalTo("tag_exists"));

        String entry = user.write("Off to Lisbon #holiday #Sun");
        user.request().put(ENTRIES + "/" + entry + "/tags/" + travel).then().statusCode(204);
        List<String> tagIds = user.request().get(ENTRIES + "/" + entry).then().statusCode(200).extract().path("tags");
        assertEquals(4, tagIds.size(), "travel, #holiday, #sun and source:app: " + tagIds);
        List<String> names = user.request().get(TAGS).then().statusCode(200).extract().path("name");
        assertTrue(names.containsAll(List.of("Travel", "#holiday", "#sun", "source:app")), names.toString());
        user.request().get(ENTRIES + "?tag=" + travel).then().statusCode(200).body("entries.id", equalTo(List.of(entry)));

        // Editing the hashtags moves the auto tags; the user's tag stays.
        user.request().header("If-Match", "1").body(Map.of("content", "Back home #rain")).put(ENTRIES + "/" + entry).then().statusCode(200);
        List<String> after = user.request().get(ENTRIES + "/" + entry).then().extract().path("tags");
        assertTrue(after.contains(travel));
        assertEquals(3, after.size(), "travel, #rain and source:app: " + after);

        user.request().body(Map.of("name", "Journeys")).patch(TAGS + "/" + travel).then().statusCode(200).body("name", equalTo("Journeys"));
        user.request().delete(ENTRIES + "/" + entry + "/tags/" + travel).then().statusCode(204);
        user.request().delete(TAGS + "/" + travel).then().statusCode(204);
        user.request().get(TAGS).then().body("id", not(hasItem(travel)));
        DiaryClient stranger = DiaryClient.register("uce");
        stranger.request().put(ENTRIES + "/" + entry + "/tags/" + after.get(0)).then().statusCode(404);
    }

    @Test
    void anE2eClientSearchesAndTagsWithItsOwnBlindTokens() {
        DiaryClient user = DiaryClient.register("e2e");
        byte[] ciphertext = SecureRandoms.bytes(64);
        String id = user.request().body(Map.of("ciphertext", Bytes.base64(ciphertext), "nonce", Bytes.base64(SecureRandoms.bytes(24)),
                "content_hash", ContentHash.sha256Hex(ciphertext), "search_tokens", List.of("tokA", "tokB")))
                .post(ENTRIES).then().statusCode(201).extract().path("id");
        user.request().get(ENTRIES + "/search?tokens=tokA,tokB").then().statusCode(200).body("entries.id", equalTo(List.of(id)));
        user.request().get(ENTRIES + "/search?tokens=tokA,tokC").then().statusCode(200).body("entries", hasSize(0));
        user.request().get(ENTRIES + "/search?q=words").then().statusCode(400).body("code", equalTo("empty_query"));
        user.request().queryParam("tokens", "bad token").get(ENTRIES + "/search").then().statusCode(400);

        String tag = user.request().body(Map.of("token", "tagToken1", "name_ciphertext", Bytes.base64(SecureRandoms.bytes(30)),
                "nonce", Bytes.base64(SecureRandoms.bytes(24)))).post(TAGS).then().statusCode(201).body("token", equalTo("tagToken1"))
                .body("name", nullValue()).extract().path("id");
        user.request().body(Map.of("name", "in clear")).post(TAGS).then().statusCode(400).body("code", equalTo("invalid_tag"));
        user.request().put(ENTRIES + "/" + id + "/tags/" + tag).then().statusCode(204);
        user.request().get(ENTRIES + "/" + id).then().body("tags", equalTo(List.of(tag)));
    }

    @Test
    void theExportStreamsEveryEntryLiveAndTrashedOpenedForUce() {
        DiaryClient user = DiaryClient.register("uce");
        for (int i = 0; i < 105; i++) {
            user.write("entry number " + i);
        }
        String trashed = user.write("thrown away");
        user.request().delete(ENTRIES + "/" + trashed).then().statusCode(200);
        Response export = user.request().get(ENTRIES + "/export");
        export.then().statusCode(200);
        List<String> contents = export.path("content");
        assertEquals(106, contents.size());
        assertTrue(contents.contains("entry number 104") && contents.contains("thrown away"));
        assertFalse(export.asString().contains("ciphertext"), "uce exports plaintext, not sealed bytes");
        user.withTicket(null).request().get(ENTRIES + "/export").then().statusCode(401);
    }
}
