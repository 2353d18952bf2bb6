package io.panzoto.diary.integrations;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The Graph API calls that read and write a user's content (Quarkus REST client {@code facebook-graph}):
 * their posts page by page, the Pages they manage, a post to a Page's feed. Error answers become
 * {@link GraphException}s, retryable or not, for the callers' retry policy ({@link GraphCalls}).
 */
@RegisterRestClient(configKey = "facebook-graph")
public interface GraphContent {
    String POST_FIELDS = "id,message,created_time,permalink_url";

    /** One page of the user's posts, newest first; {@code since} a Unix time, {@code after} the previous page's cursor. */
    @GET
    @Path("/me/posts")
    Uni<RestResponse<PostsPage>> posts(@QueryParam("fields") String fields, @QueryParam("limit") int limit,
                                       @QueryParam("since") Long since, @QueryParam("after") String after,
                                       @QueryParam("access_token") String token);

    /** The Pages the user manages, with each Page's own token. */
    @GET
    @Path("/me/accounts")
    Uni<PagesList> pages(@QueryParam("fields") String fields, @QueryParam("access_token") String token);

    @POST
    @Path("/{pageId}/feed")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Uni<Created> publish(@PathParam("pageId") String pageId, @FormParam("message") String message,
                         @FormParam("access_token") String pageToken);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return GraphException.of(response.getStatus(), response.hasEntity() ? response.readEntity(String.class) : null);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PostsPage(@JsonProperty("data") List<Post> data, @JsonProperty("paging") Paging paging) {
        /** The cursor of the next page, or null on the last. */
        public String nextCursor() {
            return paging == null || paging.next() == null || paging.cursors() == null ? null : paging.cursors().after();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Post(@JsonProperty("id") String id, @JsonProperty("message") String message,
                @JsonProperty("created_time") String createdTime, @JsonProperty("permalink_url") String permalinkUrl) {
        @Override
        public String toString() {
            return "Post[" + id + ", message redacted]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Paging(@JsonProperty("cursors") Cursors cursors, @JsonProperty("next") String next) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Cursors(@JsonProperty("before") String before, @JsonProperty("after") String after) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PagesList(@JsonProperty("data") List<Page> data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Page(@JsonProperty("id") String id, @JsonProperty("name") String name, @JsonProperty("access_token") String accessToken) {
        @Override
        public String toString() {
            return "Page[" + id + ", token redacted]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Created(@JsonProperty("id") String id) {
    }
}
